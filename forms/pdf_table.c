/* The one table renderer behind every ledger and record: columns as data,
 * rows from a callback, headers repeated on each page the table runs over.
 * A code never breaks inside (HW31-2026-0001, a VIN, a date): its column
 * widens to hold the longest one, and should the page be too narrow even
 * then, the cell is set smaller rather than broken. Chinese text and words
 * wrap as usual. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "forms/pdf.h"

#define MAX_COLS 24
#define MAX_CELL_LINES 8
#define CELL_PAD 2.5f
#define ROW_BUF 4096
#define MIN_CODE_SIZE 5.0f /* a code is never set smaller than this to fit */

struct table_run {
	const struct pdf_table *t;
	float x[MAX_COLS + 1]; /* column edges */
	float size, lead;
	float top;      /* top of the table part on this page */
	float *hlines;  /* y of each horizontal rule on this page */
	int nh, hcap;
	int part;       /* pages the table has run over so far */
};

static void add_hline(struct table_run *tr, float y)
{
	if (tr->nh == tr->hcap) {
		tr->hcap = tr->hcap ? tr->hcap * 2 : 64;
		tr->hlines = xrealloc(tr->hlines, (size_t)tr->hcap * sizeof *tr->hlines);
	}
	tr->hlines[tr->nh++] = y;
}

/* Stroke the grid of the part of the table on the current page. */
static void close_part(struct pdf *pdf, struct table_run *tr)
{
	if (tr->nh < 2)
		return;
	int ncols = tr->t->ncols;
	float bottom = tr->hlines[tr->nh - 1];
	size_t nseg = (size_t)tr->nh + (size_t)ncols + 1;
	float *xy = xmalloc(nseg * 4 * sizeof *xy), *p = xy;
	for (int i = 0; i < tr->nh; i++) {
		*p++ = tr->x[0], *p++ = tr->hlines[i], *p++ = tr->x[ncols], *p++ = tr->hlines[i];
	}
	for (int c = 0; c <= ncols; c++) {
		*p++ = tr->x[c], *p++ = tr->top, *p++ = tr->x[c], *p++ = bottom;
	}
	pdf_lines(pdf, xy, (int)nseg, 0.5f);
	free(xy);
	tr->nh = 0;
}

static float title_lines(struct pdf *pdf, enum pdf_font font, float size, float width, const char *text)
{
	return text && *text ? (float)pdf_wrap(pdf, font, size, width, text, NULL, 0) : 0;
}

static float header_height(struct pdf *pdf, const struct table_run *tr)
{
	const struct pdf_table *t = tr->t;
	float zh_size = tr->size, en_size = tr->size * 0.85f, h = 0;
	for (int c = 0; c < t->ncols; c++) {
		float w = tr->x[c + 1] - tr->x[c] - 2 * CELL_PAD;
		float ch = title_lines(pdf, PDF_BOLD, zh_size, w, t->cols[c].title_zh) * zh_size * 1.2f +
			   title_lines(pdf, PDF_REGULAR, en_size, w, t->cols[c].title_en) * en_size * 1.2f;
		if (ch > h)
			h = ch;
	}
	return h + 2 * CELL_PAD;
}

/* The column header band, below the table's name again on a continuation page. */
static void draw_header(struct pdf *pdf, struct table_run *tr)
{
	const struct pdf_table *t = tr->t;
	float zh_size = tr->size, en_size = tr->size * 0.85f;
	float zh_lead = zh_size * 1.2f, en_lead = en_size * 1.2f;
	float h = header_height(pdf, tr);
	float y = pdf_y(pdf);
	if (tr->part > 0 && (t->title_zh || t->title_en)) {
		float w = pdf_text(pdf, tr->x[0], y - 10, PDF_BOLD, 8.5f, PDF_LEFT, t->title_zh);
		pdf_text(pdf, tr->x[0] + w + 4, y - 10, PDF_BOLD, 7.5f, PDF_LEFT, t->title_en);
		pdf_text(pdf, tr->x[t->ncols], y - 10, PDF_REGULAR, 7.5f, PDF_RIGHT, "(续 continued)");
		y -= 14;
	}
	tr->top = y;
	pdf_fill_rect(pdf, tr->x[0], y - h, tr->x[t->ncols] - tr->x[0], h, 0.88f);
	for (int c = 0; c < t->ncols; c++) {
		const struct pdf_column *col = &t->cols[c];
		float w = tr->x[c + 1] - tr->x[c] - 2 * CELL_PAD;
		float zl = title_lines(pdf, PDF_BOLD, zh_size, w, col->title_zh);
		float el = title_lines(pdf, PDF_REGULAR, en_size, w, col->title_en);
		float block = zl * zh_lead + el * en_lead;
		/* titles centred in the band, Chinese above English */
		struct pdf_box box = {tr->x[c], y - h / 2 + block / 2 - zl * zh_lead, tr->x[c + 1] - tr->x[c], zl * zh_lead,
				      PDF_BOLD, zh_size, zh_size, PDF_CENTER, CELL_PAD};
		pdf_text_box(pdf, &box, col->title_zh);
		box.y -= el * en_lead;
		box.h = el * en_lead;
		box.font = PDF_REGULAR;
		box.size = box.min_size = en_size;
		pdf_text_box(pdf, &box, col->title_en);
	}
	add_hline(tr, y);
	add_hline(tr, y - h);
	pdf_set_y(pdf, y - h);
}

/* The widest run of printable ASCII without a space in s (a code, a number,
 * a word): what may not be broken. */
static float widest_code(struct pdf *pdf, enum pdf_font font, float size, const char *s)
{
	char run[256];
	float widest = 0;
	while (*s) {
		size_t n = 0;
		while (s[n] > ' ' && s[n] < 0x7f)
			n++;
		if (n) {
			snprintf(run, sizeof run, "%.*s", (int)(n < sizeof run ? n : sizeof run - 1), s);
			float w = pdf_text_width(pdf, font, size, run);
			if (w > widest)
				widest = w;
			s += n;
		} else {
			s++;
		}
	}
	return widest;
}

static void draw_row(struct pdf *pdf, struct table_run *tr, const char **cells, enum pdf_font font)
{
	const struct pdf_table *t = tr->t;
	struct pdf_line_span spans[MAX_COLS][MAX_CELL_LINES];
	int nlines[MAX_COLS];
	float size[MAX_COLS];
	int most = 1;
	for (int c = 0; c < t->ncols; c++) {
		const char *s = cells[c] ? cells[c] : "";
		float w = tr->x[c + 1] - tr->x[c] - 2 * CELL_PAD, code = *s ? widest_code(pdf, font, tr->size, s) : 0;
		/* A code wider than its cell, even after the columns were widened: smaller, whole. */
		size[c] = code > w ? tr->size * w / code : tr->size;
		if (size[c] < MIN_CODE_SIZE)
			size[c] = MIN_CODE_SIZE;
		nlines[c] = *s ? pdf_wrap(pdf, font, size[c], w, s, spans[c], MAX_CELL_LINES) : 0;
		if (nlines[c] > MAX_CELL_LINES)
			nlines[c] = MAX_CELL_LINES;
		if (nlines[c] > most)
			most = nlines[c];
	}
	float h = most * tr->lead + 2 * CELL_PAD - (tr->lead - tr->size) * 0.5f;
	if (pdf_y(pdf) - h < pdf_bottom(pdf)) {
		close_part(pdf, tr);
		pdf_new_page(pdf);
		tr->part++;
		draw_header(pdf, tr);
	}
	float y = pdf_y(pdf);
	for (int c = 0; c < t->ncols; c++) {
		enum pdf_align a = t->cols[c].align;
		float x = a == PDF_LEFT ? tr->x[c] + CELL_PAD : a == PDF_RIGHT ? tr->x[c + 1] - CELL_PAD
									      : (tr->x[c] + tr->x[c + 1]) / 2;
		float base = y - CELL_PAD - tr->size * 0.88f;
		for (int i = 0; i < nlines[c]; i++, base -= tr->lead)
			pdf_text_n(pdf, x, base, font, size[c], a, cells[c] + spans[c][i].start, spans[c][i].len);
	}
	pdf_set_y(pdf, y - h);
	add_hline(tr, y - h);
}

/* Column edges: the page width shared by the columns' weights, except that
 * a column is never narrower than the longest code it holds (measured over
 * every row): the others give up width for it, by their weights, down to
 * their own longest code. */
static void lay_out_columns(struct pdf *pdf, struct table_run *tr)
{
	const struct pdf_table *t = tr->t;
	float left = pdf_margin(pdf), width = pdf_page_width(pdf) - 2 * left, sum = 0;
	float need[MAX_COLS] = {0}, w[MAX_COLS];
	char *buf = xmalloc(ROW_BUF);
	const char *cells[MAX_COLS];
	for (size_t i = 0; i < t->nrows; i++) {
		memset(cells, 0, sizeof cells);
		t->row(t->ctx, i, cells, buf, ROW_BUF);
		enum pdf_font font = i + 1 == t->nrows && t->bold_last_row ? PDF_BOLD : PDF_REGULAR;
		for (int c = 0; c < t->ncols; c++) {
			float code = cells[c] && *cells[c] ? widest_code(pdf, font, tr->size, cells[c]) + 2 * CELL_PAD + 0.5f : 0;
			if (code > need[c])
				need[c] = code;
		}
	}
	free(buf);
	for (int c = 0; c < t->ncols; c++) {
		w[c] = t->cols[c].weight > 0 ? t->cols[c].weight : 1;
		sum += w[c];
	}
	for (int c = 0; c < t->ncols; c++)
		w[c] = width * w[c] / sum;
	/* A few rounds: each moves width from the columns with room to spare to
	 * those short of it. */
	for (int round = 0; round < 4; round++) {
		float short_by = 0, spare = 0;
		for (int c = 0; c < t->ncols; c++) {
			if (need[c] > w[c])
				short_by += need[c] - w[c];
			else
				spare += w[c] - need[c];
		}
		if (short_by <= 0.01f || spare <= 0.01f)
			break;
		float give = short_by < spare ? short_by : spare;
		for (int c = 0; c < t->ncols; c++) {
			if (need[c] > w[c])
				w[c] += (need[c] - w[c]) * give / short_by;
			else
				w[c] -= (w[c] - need[c]) * give / spare;
		}
	}
	tr->x[0] = left;
	for (int c = 0; c < t->ncols; c++)
		tr->x[c + 1] = tr->x[c] + w[c];
}

void pdf_table(struct pdf *pdf, const struct pdf_table *t)
{
	if (t->ncols <= 0 || t->ncols > MAX_COLS) {
		pdf_fail(pdf, SY_INVALID, "table with %d columns", t->ncols);
		return;
	}
	struct table_run tr = {.t = t};
	tr.size = t->font_size > 0 ? t->font_size : 7.5f;
	tr.lead = tr.size * 1.25f;
	lay_out_columns(pdf, &tr);
	/* heading, header and a first row together, or all on the next page */
	pdf_need(pdf, (t->title_zh || t->title_en ? 20 : 0) + header_height(pdf, &tr) + tr.lead + 2 * CELL_PAD + 4);
	if (t->title_zh || t->title_en)
		pdf_heading(pdf, t->title_zh, t->title_en);
	draw_header(pdf, &tr);
	char *buf = xmalloc(ROW_BUF);
	const char *cells[MAX_COLS];
	for (size_t i = 0; i < t->nrows && !pdf_failed(pdf); i++) {
		memset(cells, 0, sizeof cells);
		t->row(t->ctx, i, cells, buf, ROW_BUF);
		int last = i + 1 == t->nrows && t->bold_last_row;
		draw_row(pdf, &tr, cells, last ? PDF_BOLD : PDF_REGULAR);
	}
	close_part(pdf, &tr);
	if (t->nrows == 0) { /* one box across the whole width */
		char msg[160];
		snprintf(msg, sizeof msg, "%s  %s", t->empty_zh ? t->empty_zh : "无记录", t->empty_en ? t->empty_en : "No records");
		float h = tr.lead + 2 * CELL_PAD, y = pdf_y(pdf) - h;
		pdf_rect(pdf, tr.x[0], y, tr.x[t->ncols] - tr.x[0], h, 0.5f);
		pdf_text(pdf, (tr.x[0] + tr.x[t->ncols]) / 2, y + CELL_PAD + tr.size * 0.25f, PDF_REGULAR, tr.size, PDF_CENTER, msg);
		pdf_set_y(pdf, y);
	}
	pdf_set_y(pdf, pdf_y(pdf) - 8);
	free(buf);
	free(tr.hlines);
}
