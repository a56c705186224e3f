#include "forms/doc_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "forms/doc_common.h"

void sheet_init(struct report_sheet *s, const char *title_zh, const char *title_en, const struct pdf_column *cols,
		int ncols)
{
	memset(s, 0, sizeof *s);
	s->title_zh = title_zh;
	s->title_en = title_en;
	s->cols = cols;
	s->ncols = ncols;
}

void sheet_add(struct report_sheet *s, const char *const *cells)
{
	if (s->nrows == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->cells = xrealloc(s->cells, s->cap * (size_t)s->ncols * sizeof *s->cells);
	}
	for (int c = 0; c < s->ncols; c++)
		s->cells[s->nrows * (size_t)s->ncols + (size_t)c] = xstrdup(cells[c] ? cells[c] : "");
	s->nrows++;
}

const char *sheet_cell(const struct report_sheet *s, size_t row, int col)
{
	return s->cells[row * (size_t)s->ncols + (size_t)col];
}

void sheet_free(struct report_sheet *s)
{
	for (size_t i = 0; i < s->nrows * (size_t)s->ncols; i++)
		free(s->cells[i]);
	FREE(&s->cells);
	s->nrows = s->cap = 0;
}

struct report_sheet *report_doc_sheet(struct report_doc *r, const char *title_zh, const char *title_en,
				      const struct pdf_column *cols, int ncols)
{
	if (r->nsheets == REPORT_MAX_SHEETS)
		sy_fatal("report_doc_sheet: more than %d sheets", REPORT_MAX_SHEETS);
	struct report_sheet *s = &r->sheets[r->nsheets++];
	sheet_init(s, title_zh, title_en, cols, ncols);
	return s;
}

void report_doc_note(struct report_doc *r, const char *fmt, ...)
{
	if (r->nnotes == REPORT_MAX_NOTES)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&r->notes[r->nnotes], fmt, ap) < 0)
		sy_fatal("out of memory");
	va_end(ap);
	r->nnotes++;
}

void report_doc_bar(struct report_doc *r, const char *label_zh, const char *label_en, double pct, double target)
{
	if (r->nbars == REPORT_MAX_BARS)
		return;
	struct report_bar *b = &r->bars[r->nbars++];
	sy_strlcpy(b->label_zh, label_zh, sizeof b->label_zh);
	sy_strlcpy(b->label_en, label_en, sizeof b->label_en);
	b->pct = pct;
	b->target = target;
}

void report_doc_free(struct report_doc *r)
{
	for (int i = 0; i < r->nsheets; i++)
		sheet_free(&r->sheets[i]);
	for (int i = 0; i < r->nnotes; i++)
		FREE(&r->notes[i]);
	r->nsheets = r->nnotes = 0;
}

static void sheet_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	const struct report_sheet *s = ctx;
	(void)buf;
	(void)size;
	for (int c = 0; c < s->ncols; c++)
		cells[c] = sheet_cell(s, i, c);
}

static float page_header(struct pdf *pdf, void *ctx)
{
	const struct report_doc *r = ctx;
	return doc_running_header(pdf, &r->yard, r->title_zh, r->title_en, r->subtitle);
}

/* Bars 0-100% in a frame, the target as a heavy line across it. */
#define BAR_W 320.0f
#define BAR_H 11.0f
static void draw_bars(struct pdf *pdf, const struct report_doc *r)
{
	if (!r->nbars)
		return;
	float left = pdf_margin(pdf), label_w = 150;
	pdf_need(pdf, 20 + BAR_H * 2);
	if (r->bars_title_zh)
		pdf_heading(pdf, r->bars_title_zh, r->bars_title_en);
	for (int i = 0; i < r->nbars; i++) {
		const struct report_bar *b = &r->bars[i];
		pdf_need(pdf, BAR_H + 8);
		float y = pdf_y(pdf) - BAR_H - 2, x = left + label_w;
		double pct = b->pct < 0 ? 0 : b->pct > 100 ? 100 : b->pct;
		pdf_label(pdf, left, y + 2, 8, b->label_zh, b->label_en);
		pdf_fill_rect(pdf, x, y, (float)(BAR_W * pct / 100.0), BAR_H, 0.35f);
		pdf_rect(pdf, x, y, BAR_W, BAR_H, 0.5f);
		if (b->target > 0) {
			float tx = x + (float)(BAR_W * b->target / 100.0);
			pdf_line(pdf, tx, y - 2, tx, y + BAR_H + 2, 1.5f);
		}
		char text[64];
		if (b->target > 0)
			snprintf(text, sizeof text, "%.1f%%  (%s %.0f%%)", b->pct, "目标 target", b->target);
		else
			snprintf(text, sizeof text, "%.1f%%", b->pct);
		pdf_text(pdf, x + BAR_W + 8, y + 2, PDF_REGULAR, 8, PDF_LEFT, text);
		pdf_set_y(pdf, y - 6);
	}
	pdf_set_y(pdf, pdf_y(pdf) - 6);
}

static void body(struct pdf *pdf, void *ctx)
{
	const struct report_doc *r = ctx;
	pdf_new_page(pdf);
	for (int i = 0; i < r->nsheets; i++) {
		const struct report_sheet *s = &r->sheets[i];
		struct pdf_table t = {s->title_zh, s->title_en, s->cols, s->ncols, s->nrows, sheet_row, (void *)s,
				      7.5f, s->bold_last_row, "无记录", "Nothing in this period"};
		pdf_table(pdf, &t);
		pdf_set_y(pdf, pdf_y(pdf) - 8);
	}
	draw_bars(pdf, r);
	for (int i = 0; i < r->nnotes; i++) {
		doc_paragraph(pdf, PDF_REGULAR, 8, r->notes[i]);
		pdf_set_y(pdf, pdf_y(pdf) - 3);
	}
}

int doc_report_pdf(const struct report_doc *r, const char *path, unsigned *warnings, sy_err *err)
{
	char note[300];
	snprintf(note, sizeof note, "%s  %s %s", doc_s(r->yard.name), r->title_zh, r->title_en);
	struct pdf_spec spec = {PDF_LANDSCAPE, r->title_en, note, 1, page_header, (void *)r};
	return pdf_render(&spec, body, (void *)r, path, NULL, warnings, err);
}
