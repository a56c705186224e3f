/* Documents and pages: opening, the body cursor, footers, page numbers.
 *
 * Documents are laid out once. "Page 2 / 7" needs the total, so
 * pdf_render() writes each page's number last, in a second content stream
 * of the page (pdf_add_page_numbers()). */
#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "forms/pdf_arena.h"
#include "forms/pdf_hpdf.h"
#include "forms/pdf_internal.h"

struct pdf *pdf_open(enum pdf_orientation orientation, const char *title, sy_err *err)
{
	int own = 0;
	struct pdf_engine *eng = pdf_engine_get(&own, err);
	if (!eng)
		return NULL;
	/* libharu's objects from an arena, freed whole with the document: far
	 * fewer mallocs and fresh pages (forms/pdf_arena.c); one document at a
	 * time uses it, the shared engine's */
	eng->doc = own ? HPDF_New(pdf_on_hpdf_error, eng)
		       : HPDF_NewEx(pdf_on_hpdf_error, pdf_arena_alloc, pdf_arena_free, 0, eng);
	if (!eng->doc) {
		if (!own)
			pdf_arena_reset();
		pdf_engine_release(eng, own);
		sy_fail(err, SY_ENV, NULL, _("Could not start a PDF document: out of memory."));
		return NULL;
	}
	pdf_fonts_new_document();
	struct pdf *pdf = xcalloc(1, sizeof *pdf);
	pdf_font_use_init(&pdf->fonts);
	pdf->eng = eng;
	pdf->own_engine = own;
	pdf->doc = eng->doc;
	eng->current = pdf;
	pdf->orientation = orientation;
	pdf->w = orientation == PDF_LANDSCAPE ? PDF_A4_H : PDF_A4_W;
	pdf->h = orientation == PDF_LANDSCAPE ? PDF_A4_W : PDF_A4_H;
	pdf->margin = PDF_MM(12);
	pdf->y = pdf->h - pdf->margin;
	pdf_forget_state(pdf);
	/* compressed here, see pdf_flush_ops() */
	HPDF_SetCompressionMode(pdf->doc, HPDF_COMP_NONE);
	HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_CREATOR, "scrapyard " SY_VERSION);
	if (title)
		HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_TITLE, title);
	pdf_engine_count(1, 0);
	return pdf;
}

void pdf_close(struct pdf *pdf)
{
	if (!pdf)
		return;
	struct pdf_engine *eng = pdf->eng;
	if (eng->doc) {
		HPDF_Free(eng->doc);
		eng->doc = NULL;
		if (!pdf->own_engine)
			pdf_arena_reset();
	}
	pdf_engine_release(eng, pdf->own_engine);
	pdf_font_use_free(&pdf->fonts);
	free(pdf->pages);
	free(pdf->footer_note);
	free(pdf->runs);
	free(pdf->rbuf);
	free(pdf);
}

int pdf_render(const struct pdf_spec *spec, pdf_body_fn body, void *ctx, const char *path, struct pdf_buf *out,
	       unsigned *warnings, sy_err *err)
{
	if (warnings)
		*warnings = 0;
	struct pdf *pdf = pdf_open(spec->orientation, spec->title, err);
	if (!pdf)
		return err ? err->status : SY_ENV;
	pdf_set_footer(pdf, spec->footer_note, spec->page_numbers);
	pdf_set_page_template(pdf, spec->header, spec->header_ctx);
	pdf->defer_numbers = spec->page_numbers;
	body(pdf, ctx);
	return pdf_save(pdf, path, out, warnings, err);
}

float pdf_page_width(const struct pdf *pdf) { return pdf->w; }
float pdf_page_height(const struct pdf *pdf) { return pdf->h; }
float pdf_margin(const struct pdf *pdf) { return pdf->margin; }
int pdf_page_count(const struct pdf *pdf) { return pdf->npages; }
float pdf_y(const struct pdf *pdf) { return pdf->y; }
void pdf_set_y(struct pdf *pdf, float y) { pdf->y = y; }

void pdf_set_page_template(struct pdf *pdf, pdf_page_fn fn, void *ctx)
{
	pdf->tmpl = fn;
	pdf->tmpl_ctx = ctx;
}

void pdf_set_footer(struct pdf *pdf, const char *note, int page_numbers)
{
	free(pdf->footer_note);
	pdf->footer_note = note && *note ? xstrdup(note) : NULL;
	pdf->page_numbers = page_numbers;
}

float pdf_bottom(const struct pdf *pdf)
{
	return pdf->margin + (pdf->page_numbers || pdf->footer_note ? FOOTER_H : 0);
}

static float footer_y(const struct pdf *pdf) { return pdf->margin + 2; }

/* The number of page i (from 1), right of the footer rule. */
static void draw_page_number(struct pdf *pdf, int i)
{
	char num[96];
	int n = pdf->total_pages;
	if (n >= i)
		snprintf(num, sizeof num, "第 %d / %d 页   Page %d / %d", i, n, i, n);
	else
		snprintf(num, sizeof num, "第 %d 页   Page %d", i, i);
	pdf_text(pdf, pdf->w - pdf->margin, footer_y(pdf), PDF_REGULAR, 7.5f, PDF_RIGHT, num);
}

static void draw_footer(struct pdf *pdf)
{
	if (!pdf->page_numbers && !pdf->footer_note)
		return;
	float y = footer_y(pdf);
	pdf_line(pdf, pdf->margin, y + 10, pdf->w - pdf->margin, y + 10, 0.4f);
	if (pdf->footer_note)
		pdf_text(pdf, pdf->margin, y, PDF_REGULAR, 7, PDF_LEFT, pdf->footer_note);
	if (pdf->page_numbers && !pdf->defer_numbers)
		draw_page_number(pdf, pdf->npages);
}

/* Give page i a second content stream and draw on it; the graphics state
 * goes on from the end of the first. */
static int open_extra_stream(struct pdf *pdf, int i)
{
	HPDF_Dict extra = pdfh_page_add_contents(pdf->doc, pdf->pages[i]);
	if (!extra) {
		pdf_fail(pdf, SY_ENV, _("Could not make the PDF: out of memory."));
		return -1;
	}
	pdf->page = pdf->pages[i];
	pdf->contents = extra;
	pdf->in_text = 0;
	memset(pdf->font_names, 0, sizeof pdf->font_names);
	memset(pdf->tf_size, 0, sizeof pdf->tf_size);
	pdf_forget_state(pdf);
	return 0;
}

/* "Page 2 / 7" on every page, once the last one is drawn: laying the pages
 * out twice to count them first would cost more. */
void pdf_add_page_numbers(struct pdf *pdf)
{
	pdf_graphics_mode(pdf);
	pdf_flush_ops(pdf);
	pdf->total_pages = pdf->npages;
	for (int i = 0; i < pdf->npages && pdf->status == SY_OK; i++) {
		if (open_extra_stream(pdf, i) != 0)
			return;
		draw_page_number(pdf, i + 1);
		pdf_graphics_mode(pdf);
		pdf_flush_ops(pdf);
	}
}

float pdf_new_page(struct pdf *pdf)
{
	if (pdf->status != SY_OK)
		return pdf->y;
	if (pdf->page) {
		pdf_graphics_mode(pdf);
		pdf_flush_ops(pdf);
	}
	HPDF_Page page = HPDF_AddPage(pdf->doc);
	if (!page) {
		pdf_fail(pdf, SY_ENV, _("Could not add a PDF page: out of memory."));
		return pdf->y;
	}
	HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4,
			  pdf->orientation == PDF_LANDSCAPE ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	if (pdf->npages == pdf->pages_cap) {
		pdf->pages_cap = pdf->pages_cap ? pdf->pages_cap * 2 : 8;
		pdf->pages = xrealloc(pdf->pages, (size_t)pdf->pages_cap * sizeof *pdf->pages);
	}
	pdf->pages[pdf->npages++] = page;
	pdf_engine_count(0, 1);
	pdf_switch_page(pdf, pdf->npages - 1);
	pdf->cur_render = 0; /* a fresh page fills its text */
	draw_footer(pdf);
	pdf->y = pdf->h - pdf->margin;
	if (pdf->tmpl)
		pdf->y = pdf->tmpl(pdf, pdf->tmpl_ctx);
	return pdf->y;
}

int pdf_need(struct pdf *pdf, float height)
{
	if (pdf->page && pdf->y - height >= pdf_bottom(pdf))
		return 0;
	pdf_new_page(pdf);
	return 1;
}
