/* Lines, boxes, tick boxes, QR codes, and the pieces documents share. */
#include <zint.h>

#include "base/i18n.h"
#include "forms/pdf_hpdf.h"
#include "forms/pdf_internal.h"

static void stroke_setup(struct pdf *pdf, float width)
{
	pdf_graphics_mode(pdf);
	pdf_set_line_width(pdf, width);
	pdf_set_stroke(pdf, 0);
}

void pdf_line(struct pdf *pdf, float x1, float y1, float x2, float y2, float width)
{
	float xy[4] = {x1, y1, x2, y2};
	pdf_lines(pdf, xy, 1, width);
}

void pdf_lines(struct pdf *pdf, const float *xy, int nsegments, float width)
{
	if (!pdf->page || nsegments <= 0)
		return;
	stroke_setup(pdf, width);
	for (int i = 0; i < nsegments; i++, xy += 4) {
		pdf_put_pos(pdf, 2, xy);
		pdf_put(pdf, "m ", 2);
		pdf_put_pos(pdf, 2, xy + 2);
		pdf_put(pdf, "l\n", 2);
	}
	pdf_put(pdf, "S\n", 2);
}

static void put_rect(struct pdf *pdf, float x, float y, float w, float h)
{
	float r[4] = {x, y, w, h};
	pdf_put_pos(pdf, 4, r);
	pdf_put(pdf, "re\n", 3);
}

void pdf_rect(struct pdf *pdf, float x, float y, float w, float h, float width)
{
	if (!pdf->page)
		return;
	stroke_setup(pdf, width);
	put_rect(pdf, x, y, w, h);
	pdf_put(pdf, "S\n", 2);
}

void pdf_fill_rect(struct pdf *pdf, float x, float y, float w, float h, float gray)
{
	if (!pdf->page)
		return;
	pdf_graphics_mode(pdf);
	pdf_set_fill(pdf, gray);
	put_rect(pdf, x, y, w, h);
	pdf_put(pdf, "f\n", 2);
}

void pdf_dash(struct pdf *pdf, int on)
{
	if (!pdf->page)
		return;
	pdf_graphics_mode(pdf);
	pdf_put_str(pdf, on ? "[3 2] 0 d\n" : "[] 0 d\n");
}

void pdf_gray(struct pdf *pdf, float gray)
{
	if (!pdf->page)
		return;
	pdf_graphics_mode(pdf);
	pdf_set_fill(pdf, gray);
	pdf_set_stroke(pdf, gray);
}

void pdf_check_box(struct pdf *pdf, float x, float y, float size, int checked)
{
	pdf_rect(pdf, x, y, size, size, 0.7f);
	if (!checked)
		return;
	float m = size * 0.2f;
	float xy[] = {x + m, y + m, x + size - m, y + size - m, x + m, y + size - m, x + size - m, y + m};
	pdf_lines(pdf, xy, 2, 1.0f);
}

void pdf_image_jpeg(struct pdf *pdf, float x, float y, float w, float h, const unsigned char *data, size_t len)
{
	if (!pdf->page || !data || !len)
		return;
	HPDF_Image image = HPDF_LoadJpegImageFromMem(pdf->doc, data, (HPDF_UINT)len);
	/* registers the image in the page's resources */
	const char *name = image ? pdfh_image_name(pdf->page, image) : NULL;
	if (!name) {
		pdf_fail(pdf, SY_ENV, _("Could not put a picture into the PDF: it is not a JPEG the PDF library reads."));
		return;
	}
	pdf_graphics_mode(pdf);
	pdf_put(pdf, "q\n", 2);
	float m[] = {w, 0, 0, h, x, y};
	pdf_put_nums(pdf, 6, m);
	pdf_put_str(pdf, "cm\n/");
	pdf_put_str(pdf, name);
	pdf_put_str(pdf, " Do\nQ\n");
	pdf_forget_state(pdf); /* Q restored what was set before q */
}

void pdf_qr(struct pdf *pdf, float x, float y, float size, const char *data)
{
	if (!pdf->page)
		return;
	struct zint_symbol *sym = ZBarcode_Create();
	if (!sym) {
		pdf_fail(pdf, SY_ENV, _("Could not make the QR code: out of memory."));
		return;
	}
	sym->symbology = BARCODE_QRCODE;
	sym->option_1 = 2; /* error correction level M */
	sym->input_mode = DATA_MODE;
	int rc = ZBarcode_Encode_and_Buffer_Vector(sym, (const unsigned char *)data, (int)strlen(data), 0);
	if (rc >= ZINT_ERROR || !sym->vector || sym->vector->width <= 0) {
		pdf_fail(pdf, SY_INVALID, _("Could not make the QR code: %s."), sym->errtxt);
		goto done;
	}
	float k = size / sym->vector->width;
	float top = y + size;
	pdf_graphics_mode(pdf);
	pdf_set_fill(pdf, 0);
	/* zint measures from the top left corner, PDF from the bottom left */
	for (struct zint_vector_rect *r = sym->vector->rectangles; r; r = r->next) {
		/* to a hundredth of a point, so modules meet without seams */
		float v[4] = {x + r->x * k, top - (r->y + r->height) * k, r->width * k, r->height * k};
		pdf_put_nums(pdf, 4, v);
		pdf_put(pdf, "re\n", 3);
	}
	pdf_put(pdf, "f\n", 2);
done:
	ZBarcode_Delete(sym);
}

/* ---- shared pieces ---- */

float pdf_label(struct pdf *pdf, float x, float y, float size, const char *zh, const char *en)
{
	float w = pdf_text(pdf, x, y, PDF_REGULAR, size, PDF_LEFT, zh);
	if (en && *en) {
		if (w > 0)
			w += size * 0.3f;
		w += pdf_text(pdf, x + w, y, PDF_REGULAR, size * 0.8f, PDF_LEFT, en);
	}
	return w;
}

void pdf_heading(struct pdf *pdf, const char *zh, const char *en)
{
	float h = 16;
	pdf_need(pdf, h + 50);
	float x = pdf->margin, y = pdf->y - h;
	pdf_fill_rect(pdf, x, y, pdf->w - 2 * pdf->margin, h, 0.88f);
	float w = pdf_text(pdf, x + 4, y + 4.5f, PDF_BOLD, 10, PDF_LEFT, zh);
	pdf_text(pdf, x + 4 + w + (w > 0 ? 6 : 0), y + 4.5f, PDF_BOLD, 8.5f, PDF_LEFT, en);
	pdf->y = y - 4;
}
