/* The page's content stream: PDF operators written straight into a buffer,
 * compressed into the page when it is done.
 *
 * libharu's own drawing calls measure every string again and keep a
 * graphics state per call, which made a ledger page cost over a
 * millisecond; writing the operators keeps it far below that. Each page's
 * operators are compressed here too (libharu would use zlib's default level
 * and a fresh compressor per stream). What the stream has set (font, line
 * width, grays, text mode) is remembered so that nothing is set twice. */
#include "base/i18n.h"
#include "base/util.h"
#include "forms/pdf_hpdf.h"
#include "forms/pdf_internal.h"

#define MIN_DEFLATE 256 /* bytes of operators worth compressing */

void pdf_ops_grow(struct pdf *pdf, size_t n)
{
	struct pdf_engine *eng = pdf->eng;
	eng->ops_cap = (pdf->nops + n) * 2 + 4096;
	eng->ops = xrealloc(eng->ops, eng->ops_cap);
}

void pdf_flush_ops(struct pdf *pdf)
{
	HPDF_Dict dict = pdf->contents;
	size_t n = pdf->nops;
	pdf->nops = 0;
	if (!dict || n == 0 || pdf->status != SY_OK)
		return;
	const unsigned char *data = (const unsigned char *)pdf->eng->ops;
	size_t len = n;
	/* only a stream libharu leaves alone can carry our compressed data; a
	 * few operators (a page number) would hardly shrink */
	int deflated = n >= MIN_DEFLATE && pdfh_stream_empty(dict) && pdf_deflate(pdf->eng, data, n, &data, &len) == 0;
	if (!deflated) {
		data = (const unsigned char *)pdf->eng->ops;
		len = n;
	}
	pdf->stream_bytes += len;
	if (pdfh_stream_write(dict, data, len, deflated) != HPDF_OK)
		pdf_fail(pdf, SY_ENV, _("Could not make the PDF: out of memory."));
}

size_t pdf_fmt_fixed(char *p, long n, int den)
{
	if (n == 0) { /* most vertical moves along a row */
		memcpy(p, "0 ", 2);
		return 2;
	}
	char tmp[24], *e = tmp + sizeof tmp, *q = e;
	unsigned long u = n < 0 ? (unsigned long)-n : (unsigned long)n;
	unsigned frac = (unsigned)(u % (unsigned)den);
	u /= (unsigned)den;
	*--q = ' ';
	if (den == 100 && frac % 10) {
		*--q = (char)('0' + frac % 10);
		*--q = (char)('0' + frac / 10);
		*--q = '.';
	} else if (frac) {
		*--q = (char)('0' + (den == 100 ? frac / 10 : frac));
		*--q = '.';
	}
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--q = '-';
	memcpy(p, q, (size_t)(e - q));
	return (size_t)(e - q);
}

void pdf_put_num(struct pdf *pdf, float v)
{
	char *p = pdf_reserve(pdf, 24);
	pdf->nops += pdf_fmt_fixed(p, (long)(v * 100.0f + (v < 0 ? -0.5f : 0.5f)), 100);
}

void pdf_put_nums(struct pdf *pdf, int n, const float *v)
{
	for (int i = 0; i < n; i++)
		pdf_put_num(pdf, v[i]);
}

/* Positions are written to a tenth of a point (0.035 mm): shorter pages,
 * and no one can see the difference. */
void pdf_put_pos(struct pdf *pdf, int n, const float *v)
{
	char *p = pdf_reserve(pdf, 24 * (size_t)n), *q = p;
	for (int i = 0; i < n; i++)
		q += pdf_fmt_fixed(q, pdf_tenths(v[i]), 10);
	pdf->nops += (size_t)(q - p);
}

void pdf_put_move_show(struct pdf *pdf, long dx, long dy, const char *s, size_t n)
{
	char *p = pdf_reserve(pdf, 2 * n + 64);
	char *q = p;
	if (dx || dy) {
		q += pdf_fmt_fixed(q, dx, 10);
		q += pdf_fmt_fixed(q, dy, 10);
		memcpy(q, "Td ", 3);
		q += 3;
	}
	*q++ = '(';
	/* a CR would be read as a line end: written as an escape, like the
	 * delimiters (two-byte character codes can hold any byte) */
	static const unsigned char special[256] = {['('] = 1, [')'] = 1, ['\\'] = 1, ['\r'] = 1};
	for (size_t i = 0; i < n;) { /* runs without a special byte copied whole */
		size_t j = i;
		while (j < n && !special[(unsigned char)s[j]])
			j++;
		memcpy(q, s + i, j - i);
		q += j - i;
		if (j < n) {
			*q++ = '\\';
			*q++ = s[j] == '\r' ? 'r' : s[j];
			j++;
		}
		i = j;
	}
	memcpy(q, ")Tj\n", 4);
	q += 4;
	pdf->nops += (size_t)(q - p);
}

void pdf_forget_state(struct pdf *pdf)
{
	pdf->cur_face = -1;
	pdf->cur_render = -1;
	pdf->cur_size = 0;
	pdf->cur_line_width = -1;
	pdf->cur_gray_fill = -1;
	pdf->cur_gray_stroke = -1;
}

void pdf_switch_page(struct pdf *pdf, int index)
{
	pdf_graphics_mode(pdf);
	pdf_flush_ops(pdf);
	pdf->page = pdf->pages[index];
	pdf->contents = pdfh_page_contents(pdf->page);
	memset(pdf->font_names, 0, sizeof pdf->font_names);
	memset(pdf->tf_size, 0, sizeof pdf->tf_size);
	pdf_forget_state(pdf);
}

/* The face's font in the page's resources: its name, made at first use. */
static const char *face_name(struct pdf *pdf, int face)
{
	if (!pdf->font_names[face]) {
		HPDF_Dict font = pdf_font_dict(pdf->doc, &pdf->fonts, (enum pdf_face)face);
		pdf->font_names[face] = font ? pdfh_font_name(pdf->page, font) : NULL;
		if (!pdf->font_names[face])
			pdf_fail(pdf, SY_ENV, _("Could not make the PDF: a font is missing from the PDF library."));
	}
	return pdf->font_names[face];
}

/* Bold Chinese is the regular glyphs filled and stroked: the stroke, a
 * thirtieth of the size, thickens each stem as a bold cut would. */
#define BOLD_STROKE (1.0f / 30.0f)

static void set_render(struct pdf *pdf, int face, float size)
{
	int mode = pdf->outline ? 1 : face == F_CJK_BOLD ? 2 : 0;
	if (mode == 2) {
		pdf_set_line_width(pdf, size * BOLD_STROKE);
		pdf_set_stroke(pdf, pdf->cur_gray_fill < 0 ? 0 : pdf->cur_gray_fill);
	}
	if (mode != pdf->cur_render) {
		pdf_put(pdf, mode == 2 ? "2 Tr\n" : mode == 1 ? "1 Tr\n" : "0 Tr\n", 5);
		pdf->cur_render = mode;
	}
}

void pdf_set_face_slow(struct pdf *pdf, int face, float size)
{
	set_render(pdf, face, size);
	if (face == pdf->cur_face && size == pdf->cur_size)
		return;
	const char *name = face_name(pdf, face);
	if (!name)
		return;
	char *op = pdf->tf_op[face];
	if (pdf->tf_size[face] != size) { /* a table switches between the same few, keep them made */
		size_t n = strlen(name);
		if (n > 12)
			n = 12;
		op[0] = '/';
		memcpy(op + 1, name, n);
		op[n + 1] = ' ';
		n += 2;
		n += pdf_fmt_fixed(op + n, (long)(size * 100.0f + 0.5f), 100);
		memcpy(op + n, "Tf\n", 4);
		pdf->tf_size[face] = size;
	}
	pdf_put_str(pdf, op);
	pdf->cur_face = face;
	pdf->cur_size = size;
}

void pdf_set_line_width(struct pdf *pdf, float width)
{
	if (width != pdf->cur_line_width) {
		pdf_put_num(pdf, width);
		pdf_put(pdf, "w\n", 2);
		pdf->cur_line_width = width;
	}
}

void pdf_set_fill(struct pdf *pdf, float gray)
{
	if (gray != pdf->cur_gray_fill) {
		pdf_put_num(pdf, gray);
		pdf_put(pdf, "g\n", 2);
		pdf->cur_gray_fill = gray;
	}
}

void pdf_set_stroke(struct pdf *pdf, float gray)
{
	if (gray != pdf->cur_gray_stroke) {
		pdf_put_num(pdf, gray);
		pdf_put(pdf, "G\n", 2);
		pdf->cur_gray_stroke = gray;
	}
}
