/* Text: each string is cut into runs, Latin bytes for Liberation Sans and
 * two-byte CIDs for the Chinese font (forms/pdf_fonts.h), measured from the
 * fonts' widths, wrapped and fitted into boxes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/util.h"
#include "forms/pdf_internal.h"

/* WinAnsi byte for a code point Helvetica can show, or 0. */
static inline int winansi_byte(uint32_t cp)
{
	if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa1 && cp <= 0xff))
		return (int)cp;
	switch (cp) {
	case 0xa0:
		return ' ';
	case 0x2013:
		return 0x96;
	case 0x2022:
		return 0x95;
	case 0x20ac:
		return 0x80;
	default:
		return 0;
	}
}

/* Decode one UTF-8 character; invalid bytes give U+FFFD and advance one. */
static inline uint32_t utf8_next(const unsigned char **sp, const unsigned char *end)
{
	const unsigned char *s = *sp;
	uint32_t c = *s;
	int n = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
	if (n < 0 || end - s <= n) {
		*sp = s + 1;
		return n == 0 ? c : 0xfffd;
	}
	uint32_t cp = n == 0 ? c : c & (0x3f >> n);
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*sp = s + 1;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
		*sp = s + 1;
		return 0xfffd;
	}
	*sp = s + n + 1;
	return cp;
}

/* How a character is drawn: a Latin byte, or a glyph of the Chinese font
 * (neither when neither font has it: then a Latin '?'). */
struct char_info {
	int latin; /* WinAnsi byte, 0 when Chinese */
	struct pdf_cjk_glyph glyph;
};

static inline void char_info(struct pdf *pdf, uint32_t cp, struct char_info *ci)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		cp = ' ';
	ci->latin = winansi_byte(cp);
	ci->glyph.found = 0;
	if (ci->latin || cp == 0xfffd)
		return;
	sy_err err;
	if (pdf_cjk_glyph_fast(cp, &ci->glyph, &err) != SY_OK) /* the Chinese font cannot be read */
		pdf_fail(pdf, err.status, "%s", err.msg);
}

/* Width in 1/1000 em of one character at s (advances s). */
static float next_char_width(struct pdf *pdf, enum pdf_font f, const unsigned char **s, const unsigned char *end,
			     uint32_t *cp_out)
{
	if (**s >= 0x20 && **s < 0x7f) {
		*cp_out = **s;
		return pdf_latin_widths[f][*(*s)++];
	}
	uint32_t cp = utf8_next(s, end);
	*cp_out = cp;
	struct char_info ci;
	char_info(pdf, cp, &ci);
	if (ci.glyph.found)
		return ci.glyph.width;
	return pdf_latin_widths[f][ci.latin ? ci.latin : '?'];
}

/* Width of text[0..n) in 1/1000 em, in whole units (every width is one). */
static unsigned measure(struct pdf *pdf, enum pdf_font f, const unsigned char *s, const unsigned char *end)
{
	const uint16_t *lw = pdf_latin_widths[f];
	unsigned w = 0;
	while (s < end) {
		if (*s >= 0x20 && *s < 0x7f) {
			w += lw[*s++];
		} else {
			uint32_t cp;
			w += (unsigned)next_char_width(pdf, f, &s, end, &cp);
		}
	}
	return w;
}

/* Start a run at byte off of the run bytes, closing the one before. */
static struct text_run *new_run(struct pdf *pdf, int cjk, size_t off)
{
	if (pdf->nruns)
		pdf->runs[pdf->nruns - 1].len = off - pdf->runs[pdf->nruns - 1].off;
	if (pdf->nruns == pdf->runs_cap) {
		pdf->runs_cap = pdf->runs_cap ? pdf->runs_cap * 2 : 16;
		pdf->runs = xrealloc(pdf->runs, pdf->runs_cap * sizeof *pdf->runs);
	}
	struct text_run *r = &pdf->runs[pdf->nruns++];
	r->cjk = cjk;
	r->off = off;
	r->len = 0;
	r->width = 0;
	return r;
}

/* One character's bytes for drawing and its width: returns the byte count
 * (1 Latin, 2 a CID). Characters neither font has become a Latin '?'. */
static inline int char_bytes(struct pdf *pdf, enum pdf_font f, uint32_t cp, unsigned char out[2], int *cjk,
			     float *width, int *replaced)
{
	struct char_info ci;
	char_info(pdf, cp, &ci);
	if (ci.glyph.found) {
		unsigned cid = pdf_font_cid_fast(&pdf->fonts, cp, ci.glyph);
		if (cid) {
			out[0] = (unsigned char)(cid >> 8);
			out[1] = (unsigned char)cid;
			*cjk = 1;
			*width = ci.glyph.width;
			return 2;
		}
	}
	int b = ci.latin;
	if (!b) {
		*replaced = 1;
		b = '?';
	}
	out[0] = (unsigned char)b;
	pdf_font_mark(&pdf->fonts, f == PDF_BOLD, out[0]);
	*cjk = 0;
	*width = pdf_latin_widths[f][out[0]];
	return 1;
}

/* Cut text[0..n) into runs to draw; returns the total width in 1/1000 em. */
static float segment(struct pdf *pdf, enum pdf_font f, const char *text, size_t n)
{
	pdf->nruns = 0;
	/* a character never takes more bytes in its font than in UTF-8 */
	if (n + 1 > pdf->rcap) {
		pdf->rcap = 2 * n + 64;
		pdf->rbuf = xrealloc(pdf->rbuf, pdf->rcap);
	}
	unsigned char *out = (unsigned char *)pdf->rbuf, *o = out;
	const unsigned char *s = (const unsigned char *)text, *end = s + n;
	const uint16_t *lw = pdf_latin_widths[f];
	uint64_t *used = pdf->fonts.latin[f == PDF_BOLD];
	struct text_run *r = NULL;
	float total = 0;
	int replaced = 0;
	while (s < end) {
		if (*s >= 0x20 && *s < 0x7f) { /* printable ASCII, most of the text: in bulk */
			if (!r || r->cjk)
				r = new_run(pdf, 0, (size_t)(o - out));
			unsigned w = 0; /* whole units: no chain of float additions */
			do {
				w += lw[*s];
				used[*s >> 6] |= (uint64_t)1 << (*s & 63);
				*o++ = *s++;
			} while (s < end && *s >= 0x20 && *s < 0x7f);
			r->width += (float)w;
			total += (float)w;
			continue;
		}
		uint32_t cp = utf8_next(&s, end);
		unsigned char bytes[2];
		int cjk;
		float w;
		int len = char_bytes(pdf, f, cp, bytes, &cjk, &w, &replaced);
		if (!r || r->cjk != cjk)
			r = new_run(pdf, cjk, (size_t)(o - out));
		*o++ = bytes[0];
		if (len == 2)
			*o++ = bytes[1];
		r->width += w;
		total += w;
	}
	pdf->rlen = (size_t)(o - out);
	if (r)
		r->len = pdf->rlen - r->off;
	if (replaced)
		pdf->warnings |= PDF_WARN_REPLACED;
	return total;
}

float pdf_text_width(struct pdf *pdf, enum pdf_font font, float size, const char *utf8)
{
	if (!utf8 || !*utf8)
		return 0;
	const unsigned char *s = (const unsigned char *)utf8;
	return (float)measure(pdf, font, s, s + strlen(utf8)) * size / 1000.0f;
}

static int face_of(int cjk, enum pdf_font f) { return (cjk ? F_CJK : F_LATIN) + (f == PDF_BOLD); }

/* Draw the runs prepared by segment() from x (left edge), in text mode. */
static void draw_runs(struct pdf *pdf, float x, float y, enum pdf_font f, float size)
{
	for (size_t i = 0; i < pdf->nruns; i++) {
		struct text_run *r = &pdf->runs[i];
		pdf_set_face(pdf, face_of(r->cjk, f), size);
		if (i > 0) { /* Tj left the pen where the next run starts */
			pdf_put_move_show(pdf, 0, 0, pdf->rbuf + r->off, r->len);
			continue;
		}
		/* Td is relative: kept in whole tenths so rounding does not add
		 * up along a page */
		long nx = pdf_tenths(x), ny = pdf_tenths(y);
		pdf_put_move_show(pdf, nx - pdf->tx, ny - pdf->ty, pdf->rbuf + r->off, r->len);
		pdf->tx = nx;
		pdf->ty = ny;
	}
}

static float text_n(struct pdf *pdf, float x, float y, enum pdf_font f, float size, enum pdf_align align,
		    const char *text, size_t n)
{
	if (!pdf->page || n == 0)
		return 0;
	float w = segment(pdf, f, text, n) * size / 1000.0f;
	if (align == PDF_CENTER)
		x -= w / 2;
	else if (align == PDF_RIGHT)
		x -= w;
	pdf_text_mode(pdf);
	pdf_set_fill(pdf, 0);
	draw_runs(pdf, x, y, f, size);
	return w;
}

float pdf_text(struct pdf *pdf, float x, float y, enum pdf_font font, float size, enum pdf_align align, const char *utf8)
{
	return utf8 ? text_n(pdf, x, y, font, size, align, utf8, strlen(utf8)) : 0;
}

float pdf_text_n(struct pdf *pdf, float x, float y, enum pdf_font font, float size, enum pdf_align align,
		 const char *utf8, size_t len)
{
	return utf8 ? text_n(pdf, x, y, font, size, align, utf8, len) : 0;
}

void pdf_text_rotated(struct pdf *pdf, float x, float y, float angle, enum pdf_font f, float size, int outline,
		      const char *utf8)
{
	if (!pdf->page || !utf8 || !*utf8)
		return;
	float w = segment(pdf, f, utf8, strlen(utf8)) * size / 1000.0f;
	float rad = angle * 3.14159265f / 180.0f, c = cosf(rad), s = sinf(rad);
	pdf_graphics_mode(pdf);
	pdf_put(pdf, "q\n", 2);
	float m[6] = {c, s, -s, c, x, y};
	/* four decimals for the rotation, pdf_put_num keeps two */
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%.4f %.4f %.4f %.4f %.2f %.2f cm\n", m[0], m[1], m[2], m[3], m[4], m[5]);
	pdf_put(pdf, buf, (size_t)n);
	pdf_forget_state(pdf);
	if (outline) {
		pdf_set_line_width(pdf, size / 40.0f);
		pdf_set_stroke(pdf, 0.35f);
	}
	pdf_text_mode(pdf);
	pdf->outline = outline;
	/* centred on (x, y): baseline a third of the size below the centre */
	draw_runs(pdf, -w / 2, -size / 3, f, size);
	pdf->outline = 0;
	pdf_graphics_mode(pdf);
	pdf_put(pdf, "Q\n", 2);
	pdf_forget_state(pdf); /* Q restored what was set before q */
}

static int is_break_after(uint32_t cp) { return cp == ' ' || cp >= 0x2e80; }

struct wrap_state {
	const unsigned char *base;
	struct pdf_line_span *lines;
	int max, count;
};

static void emit_line(struct wrap_state *ws, const unsigned char *from, const unsigned char *to)
{
	while (to > from && to[-1] == ' ')
		to--;
	if (ws->lines && ws->count < ws->max) {
		ws->lines[ws->count].start = (size_t)(from - ws->base);
		ws->lines[ws->count].len = (size_t)(to - from);
	}
	ws->count++;
}

int pdf_wrap(struct pdf *pdf, enum pdf_font f, float size, float width, const char *utf8,
	     struct pdf_line_span *lines, int max_lines)
{
	if (!utf8)
		return 0;
	struct wrap_state ws = {(const unsigned char *)utf8, lines, max_lines, 0};
	const unsigned char *end = ws.base + strlen(utf8);
	const unsigned char *s = ws.base, *line = ws.base, *brk = NULL;
	float limit = width * 1000.0f / size, w = 0, w_at_brk = 0;
	/* most table cells fit on one line: measure first, in bulk */
	const unsigned char *nl = memchr(ws.base, '\n', (size_t)(end - ws.base));
	if (!nl && (float)measure(pdf, f, ws.base, end) <= limit) {
		emit_line(&ws, ws.base, end);
		return 1;
	}
	while (s < end) {
		const unsigned char *at = s;
		uint32_t cp;
		if (*s == '\n') {
			emit_line(&ws, line, s);
			line = ++s;
			w = 0;
			brk = NULL;
			continue;
		}
		float cw = next_char_width(pdf, f, &s, end, &cp);
		if (w + cw > limit && at > line) {
			if (cp == ' ') { /* the space ends the line */
				emit_line(&ws, line, at);
				line = s;
				w = 0;
				brk = NULL;
				continue;
			}
			if (brk && brk > line) { /* back to the last break opportunity */
				emit_line(&ws, line, brk);
				w -= w_at_brk;
				line = brk;
			} else { /* one long word: break it here */
				emit_line(&ws, line, at);
				line = at;
				w = 0;
			}
			while (line < at && *line == ' ')
				line++;
			brk = NULL;
		}
		w += cw;
		if (is_break_after(cp)) {
			brk = s;
			w_at_brk = w;
		}
	}
	if (line < end || ws.count == 0)
		emit_line(&ws, line, end);
	return ws.count;
}

void pdf_text_box(struct pdf *pdf, const struct pdf_box *box, const char *utf8)
{
	if (!utf8 || !*utf8 || !pdf->page)
		return;
	float inner = box->w - 2 * box->pad;
	float size = box->size, min = box->min_size > 0 ? box->min_size : box->size;
	int single = !strchr(utf8, '\n');
	/* shrink while one line does not fit */
	while (single && size > min && pdf_text_width(pdf, box->font, size, utf8) > inner)
		size = size - 0.5f < min ? min : size - 0.5f;
	enum { MAX_LINES = 16 };
	struct pdf_line_span lines[MAX_LINES];
	int n;
	float lead;
	for (;;) {
		n = pdf_wrap(pdf, box->font, size, inner, utf8, lines, MAX_LINES);
		lead = size * 1.2f;
		if (n * lead <= box->h || size <= min)
			break;
		size = size - 0.5f < min ? min : size - 0.5f;
	}
	int fit = (int)(box->h / lead);
	if (fit < 1)
		fit = 1;
	if (n > fit || n > MAX_LINES) {
		pdf->warnings |= PDF_WARN_CLIPPED;
		n = fit < MAX_LINES ? fit : MAX_LINES;
	}
	float x = box->align == PDF_LEFT ? box->x + box->pad
		  : box->align == PDF_RIGHT ? box->x + box->w - box->pad
					     : box->x + box->w / 2;
	/* Block centred vertically; the visual middle of a line (Chinese glyphs
	 * and Latin capitals alike) sits about 0.37 em above its baseline. */
	float top = box->y + box->h / 2 + n * lead / 2;
	float y = top - lead / 2 - 0.37f * size;
	for (int i = 0; i < n; i++, y -= lead)
		text_n(pdf, x, y, box->font, size, box->align, utf8 + lines[i].start, lines[i].len);
}
