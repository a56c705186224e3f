/* Drawing layer over libharu: fonts, text runs, pages, graphics, saving.
 * See forms/pdf.h for the model.
 *
 * libharu builds the document (pages, fonts, resources, compression, the
 * file); the page contents are written here as PDF operators straight into
 * each page's content stream. libharu's own drawing calls measure every
 * string again and keep a graphics state per call, which made a ledger page
 * cost over a millisecond; writing the operators keeps it far below that.
 * Each page's operators are compressed here too (libharu would use zlib's
 * default level and a fresh compressor per stream).
 *
 * Documents are laid out once. "Page 2 / 7" needs the total, so
 * pdf_render() writes each page's number last, in a second content stream of
 * the page (add_page_numbers()). */
#include "forms/pdf.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_pages.h>
#include <iconv.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zint.h>
#include <zlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "forms/pdf_arena.h"
#include "forms/pdf_file.h"
#include "forms/pdf_fonts.h"

#define GBK_CACHE 2048 /* code points remembered, a power of two */
#define FOOTER_H 16.0f
#define ZLEVEL Z_BEST_SPEED /* level 6 takes twice as long for 5% less */
#define MIN_DEFLATE 256    /* bytes of operators worth compressing */

/* What documents share: the converter, the compressor and the buffers. Each
 * document is a libharu object of its own (see pdf_open()). */
struct pdf_engine {
	HPDF_Doc doc;        /* of the document being rendered */
	struct pdf *current; /* the document being rendered, for the error handler */
	int broken;          /* libharu failed: rebuild before the next document */
	iconv_t to_gbk;
	z_stream z;               /* one compressor, reset for every stream */
	int z_ready;
	char *ops;                /* operators of the page being drawn */
	size_t ops_cap;
	unsigned char *zout;
	size_t zout_cap;
	struct {
		uint32_t cp;
		uint16_t code; /* GBK code, 0 when the character has none */
	} gbk[GBK_CACHE];
};

struct text_run {
	int cjk;
	size_t off, len; /* in the run bytes */
	float width;     /* in 1/1000 em */
};

struct pdf {
	struct pdf_engine *eng;
	int own_engine; /* a private engine, because the shared one was busy */
	HPDF_Doc doc;
	HPDF_Font fonts[F_COUNT];
	const char *font_names[F_COUNT]; /* resource names on the current page */
	char tf_op[F_COUNT][40];         /* "/F1 7.5 Tf\n" as last written, per font */
	float tf_size[F_COUNT];          /* its size, 0 when not made on this page */
	enum pdf_orientation orientation;
	float w, h, margin;
	HPDF_Page *pages;
	int npages, pages_cap;
	HPDF_Page page;
	HPDF_Dict contents; /* the stream the operators go to */
	size_t nops;        /* bytes in eng->ops */
	int total_pages;    /* known at the end, 0 before */
	int defer_numbers;  /* page numbers with the total, added by pdf_save() */
	size_t stream_bytes; /* written to the page contents so far */
	/* state of the current page's content stream */
	int in_text;
	int cur_font;
	float cur_size, cur_line_width, cur_gray_fill, cur_gray_stroke;
	long tx, ty; /* start of the current text line, tenths of a point */
	float y;
	pdf_page_fn tmpl;
	void *tmpl_ctx;
	char *footer_note;
	int page_numbers;
	unsigned warnings;
	int status;
	sy_err err;
	/* text runs of the string being drawn */
	struct text_run *runs;
	size_t nruns, runs_cap;
	char *rbuf;
	size_t rlen, rcap;
};

static struct pdf_engine shared_engine;
static int shared_engine_ready;
static struct pdf_stats stats;

/* ---- errors ---- */

static const char *hpdf_error_text(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return _("out of memory");
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return _("file input/output failed");
	case HPDF_INVALID_FONT_NAME:
		return _("a font is missing from the PDF library");
	default:
		return NULL;
	}
}

void pdf_fail(struct pdf *pdf, int status, const char *fmt, ...)
{
	if (!pdf || pdf->status != SY_OK)
		return;
	char msg[sizeof pdf->err.msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pdf->status = status;
	sy_fail(&pdf->err, status, NULL, "%s", msg);
}

int pdf_failed(const struct pdf *pdf) { return pdf->status != SY_OK; }

static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pdf_engine *eng = data;
	eng->broken = 1;
	const char *text = hpdf_error_text(code);
	if (text)
		pdf_fail(eng->current, SY_ENV, _("Could not make the PDF: %s. Try again; if it persists, report it."), text);
	else
		pdf_fail(eng->current, SY_ENV,
			 _("Could not make the PDF (PDF library error %04X, detail %u). Report this to support."),
			 (unsigned)code, (unsigned)detail);
}

/* ---- engine ---- */

static int engine_init(struct pdf_engine *eng, sy_err *err)
{
	memset(eng, 0, sizeof *eng);
	eng->to_gbk = iconv_open("GBK", "UTF-8");
	if (eng->to_gbk == (iconv_t)-1)
		return sy_fail(err, SY_ENV, NULL,
			       _("The GBK character conversion is not available; install the C library's locale data."));
	/* a 16 KB window and a small hash: resetting the compressor for every
	 * page clears the hash, and pages repeat themselves at short range */
	if (deflateInit2(&eng->z, ZLEVEL, Z_DEFLATED, 14, 6, Z_DEFAULT_STRATEGY) != Z_OK) {
		iconv_close(eng->to_gbk);
		return sy_fail(err, SY_ENV, NULL, _("Could not start the PDF compressor: out of memory."));
	}
	eng->z_ready = 1;
	/* Big blocks (zlib windows, buffers) would otherwise be mapped and
	 * unmapped for every document; keeping them in the heap makes a
	 * certificate several times faster. */
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	stats.engine_inits++;
	return SY_OK;
}

static void engine_free(struct pdf_engine *eng)
{
	if (eng->doc)
		HPDF_Free(eng->doc);
	if (eng->to_gbk && eng->to_gbk != (iconv_t)-1)
		iconv_close(eng->to_gbk);
	if (eng->z_ready)
		deflateEnd(&eng->z);
	free(eng->ops);
	free(eng->zout);
	memset(eng, 0, sizeof *eng);
}

void pdf_shutdown(void)
{
	if (shared_engine_ready && !shared_engine.current) {
		engine_free(&shared_engine);
		shared_engine_ready = 0;
	}
}

void pdf_get_stats(struct pdf_stats *out) { *out = stats; }

static struct pdf_engine *engine_get(int *own, sy_err *err)
{
	if (shared_engine_ready && shared_engine.broken && !shared_engine.current) {
		engine_free(&shared_engine);
		shared_engine_ready = 0;
	}
	if (!shared_engine_ready) {
		if (engine_init(&shared_engine, err) != SY_OK)
			return NULL;
		shared_engine_ready = 1;
		static int registered;
		if (!registered++)
			atexit(pdf_shutdown);
	}
	if (!shared_engine.current) {
		*own = 0;
		return &shared_engine;
	}
	struct pdf_engine *eng = xmalloc(sizeof *eng);
	if (engine_init(eng, err) != SY_OK) {
		free(eng);
		return NULL;
	}
	*own = 1;
	return eng;
}

/* ---- fonts and text runs ---- */

static HPDF_Font get_font(struct pdf *pdf, int which)
{
	if (!pdf->fonts[which])
		pdf->fonts[which] = pdf_font_new(pdf->doc, (enum pdf_face)which);
	return pdf->fonts[which];
}

static int font_index(int cjk, enum pdf_font f) { return (cjk ? F_CJK : F_LATIN) + (f == PDF_BOLD); }

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

static __attribute__((noinline)) int gbk_convert(struct pdf_engine *eng, uint32_t cp)
{
	unsigned slot = cp & (GBK_CACHE - 1);
	char in[4], out[4];
	size_t inlen = 0;
	if (cp < 0x800) {
		in[inlen++] = (char)(0xc0 | (cp >> 6));
	} else if (cp < 0x10000) {
		in[inlen++] = (char)(0xe0 | (cp >> 12));
		in[inlen++] = (char)(0x80 | ((cp >> 6) & 0x3f));
	} else {
		in[inlen++] = (char)(0xf0 | (cp >> 18));
		in[inlen++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		in[inlen++] = (char)(0x80 | ((cp >> 6) & 0x3f));
	}
	in[inlen++] = (char)(0x80 | (cp & 0x3f));
	char *ip = in, *op = out;
	size_t il = inlen, ol = sizeof out;
	iconv(eng->to_gbk, NULL, NULL, NULL, NULL);
	int code = 0;
	if (iconv(eng->to_gbk, &ip, &il, &op, &ol) != (size_t)-1 && op - out == 2)
		code = ((unsigned char)out[0] << 8) | (unsigned char)out[1];
	eng->gbk[slot].cp = cp;
	eng->gbk[slot].code = (uint16_t)code;
	return code;
}

static inline int gbk_code(struct pdf_engine *eng, uint32_t cp)
{
	unsigned slot = cp & (GBK_CACHE - 1);
	return eng->gbk[slot].cp == cp ? eng->gbk[slot].code : gbk_convert(eng, cp);
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

/* One character's bytes and width: returns the byte count (1 Latin, 2 GBK).
 * Characters neither font has become a Latin '?'. */
static inline int char_bytes(struct pdf *pdf, enum pdf_font f, uint32_t cp, unsigned char out[2], int *cjk,
			     float *width, int *replaced)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		cp = ' ';
	int b = winansi_byte(cp);
	int code = b || cp == 0xfffd ? 0 : gbk_code(pdf->eng, cp);
	if (code) {
		out[0] = (unsigned char)(code >> 8);
		out[1] = (unsigned char)code;
		*cjk = 1;
		*width = pdf_cjk_half(code) ? 500.0f : 1000.0f;
		return 2;
	}
	if (!b) {
		*replaced = 1;
		b = '?';
	}
	out[0] = (unsigned char)b;
	*cjk = 0;
	*width = pdf_latin_widths[f][out[0]];
	return 1;
}

/* Cut text[0..n) into runs; returns the total width in 1/1000 em. */
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

/* ---- the content stream ---- */

/* Room for n more bytes of operators. */
static char *reserve(struct pdf *pdf, size_t n)
{
	struct pdf_engine *eng = pdf->eng;
	if (pdf->nops + n > eng->ops_cap) {
		eng->ops_cap = (pdf->nops + n) * 2 + 4096;
		eng->ops = xrealloc(eng->ops, eng->ops_cap);
	}
	return eng->ops + pdf->nops;
}

static void put(struct pdf *pdf, const char *s, size_t n)
{
	char *p = reserve(pdf, n);
	if (p) {
		memcpy(p, s, n);
		pdf->nops += n;
	}
}

/* libharu removes a /Filter it did not set itself, so the stream announces
 * its compression from the dictionary's write hook. */
static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/* A page's stream is written once: its first block is made to measure
 * instead of libharu's 4 KB, which a compressed page fills by half. Fresh
 * memory is the dearest thing a long document uses (a page fault costs
 * more than compressing a kilobyte). */
static void fit_first_block(HPDF_Stream stream, size_t len)
{
	if (stream->type != HPDF_STREAM_MEMORY || stream->size != 0)
		return;
	HPDF_MemStreamAttr attr = stream->attr;
	attr->buf_siz = attr->w_pos = (HPDF_UINT)len;
}

/* Compress the buffered operators into the contents stream and empty the buffer. */
static void flush_ops(struct pdf *pdf)
{
	struct pdf_engine *eng = pdf->eng;
	HPDF_Dict dict = pdf->contents;
	size_t n = pdf->nops;
	pdf->nops = 0;
	if (!dict || n == 0 || pdf->status != SY_OK)
		return;
	const unsigned char *data = (const unsigned char *)eng->ops;
	size_t len = n;
	/* only a stream libharu leaves alone can carry our compressed data; a
	 * few operators (a page number) would hardly shrink */
	if (n >= MIN_DEFLATE && !dict->write_fn && dict->filter == HPDF_STREAM_FILTER_NONE) {
		size_t bound = deflateBound(&eng->z, (uLong)n);
		if (bound > eng->zout_cap) {
			eng->zout_cap = bound + 1024;
			eng->zout = xrealloc(eng->zout, eng->zout_cap);
		}
		deflateReset(&eng->z);
		eng->z.next_in = (Bytef *)eng->ops;
		eng->z.avail_in = (uInt)n;
		eng->z.next_out = eng->zout;
		eng->z.avail_out = (uInt)eng->zout_cap;
		if (deflate(&eng->z, Z_FINISH) == Z_STREAM_END) {
			data = eng->zout;
			len = eng->z.total_out;
			dict->write_fn = write_flate_filter;
		}
	}
	fit_first_block(dict->stream, len);
	pdf->stream_bytes += len;
	if (HPDF_Stream_Write(dict->stream, data, (HPDF_UINT)len) != HPDF_OK)
		pdf_fail(pdf, SY_ENV, _("Could not make the PDF: out of memory."));
}

static void put_str(struct pdf *pdf, const char *s) { put(pdf, s, strlen(s)); }

/* Write n/den (den 10 or 100) with its decimals, trailing zeros cut, and a
 * space: "12.5 ". Returns the length; p needs 24 bytes. */
static size_t fmt_fixed(char *p, long n, int den)
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

/* v in tenths of a point, rounded half away from zero. */
static long tenths(float v) { return (long)(v * 10.0f + (v < 0 ? -0.5f : 0.5f)); }

/* A number with at most two decimals (gray levels, font sizes, the QR code). */
static void put_num(struct pdf *pdf, float v)
{
	char *p = reserve(pdf, 24);
	if (p)
		pdf->nops += fmt_fixed(p, (long)(v * 100.0f + (v < 0 ? -0.5f : 0.5f)), 100);
}

static void put_nums(struct pdf *pdf, int n, const float *v)
{
	for (int i = 0; i < n; i++)
		put_num(pdf, v[i]);
}

/* Positions are written to a tenth of a point (0.035 mm): shorter pages,
 * and no one can see the difference. */
static void put_pos(struct pdf *pdf, int n, const float *v)
{
	char *p = reserve(pdf, 24 * (size_t)n), *q = p;
	if (!p)
		return;
	for (int i = 0; i < n; i++)
		q += fmt_fixed(q, tenths(v[i]), 10);
	pdf->nops += (size_t)(q - p);
}

/* "dx dy Td (text)Tj": a move in tenths of a point (none when both are 0)
 * and a literal string. */
static void put_move_show(struct pdf *pdf, long dx, long dy, const char *s, size_t n)
{
	char *p = reserve(pdf, 2 * n + 64);
	if (!p)
		return;
	char *q = p;
	if (dx || dy) {
		q += fmt_fixed(q, dx, 10);
		q += fmt_fixed(q, dy, 10);
		memcpy(q, "Td ", 3);
		q += 3;
	}
	*q++ = '(';
	static const unsigned char special[256] = {['('] = 1, [')'] = 1, ['\\'] = 1};
	for (size_t i = 0; i < n;) { /* runs without a special byte copied whole */
		size_t j = i;
		while (j < n && !special[(unsigned char)s[j]])
			j++;
		memcpy(q, s + i, j - i);
		q += j - i;
		if (j < n) {
			*q++ = '\\';
			*q++ = s[j++];
		}
		i = j;
	}
	memcpy(q, ")Tj\n", 4);
	q += 4;
	pdf->nops += (size_t)(q - p);
}

/* ---- page state ---- */

static void graphics_mode(struct pdf *pdf)
{
	if (pdf->in_text) {
		put(pdf, "ET\n", 3);
		pdf->in_text = 0;
	}
}

static void text_mode(struct pdf *pdf)
{
	if (!pdf->in_text) {
		put(pdf, "BT\n", 3);
		pdf->in_text = 1;
		pdf->tx = pdf->ty = 0;
	}
}

/* Forget what the content stream has set: after Q or on another page. */
static void forget_state(struct pdf *pdf)
{
	pdf->cur_font = -1;
	pdf->cur_size = 0;
	pdf->cur_line_width = -1;
	pdf->cur_gray_fill = -1;
	pdf->cur_gray_stroke = -1;
}

/* Finish the operators of the current page and draw on page index. */
static void switch_page(struct pdf *pdf, int index)
{
	graphics_mode(pdf);
	flush_ops(pdf);
	HPDF_Page page = pdf->pages[index];
	pdf->page = page;
	pdf->contents = ((HPDF_PageAttr)page->attr)->contents;
	memset(pdf->font_names, 0, sizeof pdf->font_names);
	memset(pdf->tf_size, 0, sizeof pdf->tf_size);
	forget_state(pdf);
}

static void set_font(struct pdf *pdf, int which, float size)
{
	if (which == pdf->cur_font && size == pdf->cur_size)
		return;
	if (!pdf->font_names[which]) {
		HPDF_Font font = get_font(pdf, which);
		/* registers the font in the page's resources */
		pdf->font_names[which] = font ? HPDF_Page_GetLocalFontName(pdf->page, font) : NULL;
		if (!pdf->font_names[which]) {
			pdf_fail(pdf, SY_ENV, _("Could not make the PDF: a font is missing from the PDF library."));
			return;
		}
	}
	char *op = pdf->tf_op[which];
	if (pdf->tf_size[which] != size) { /* a table switches between the same few, keep them made */
		size_t n = strlen(pdf->font_names[which]);
		if (n > 12)
			n = 12;
		op[0] = '/';
		memcpy(op + 1, pdf->font_names[which], n);
		op[n + 1] = ' ';
		n += 2;
		n += fmt_fixed(op + n, (long)(size * 100.0f + 0.5f), 100);
		memcpy(op + n, "Tf\n", 4);
		pdf->tf_size[which] = size;
	}
	put_str(pdf, op);
	pdf->cur_font = which;
	pdf->cur_size = size;
}

static void set_line_width(struct pdf *pdf, float width)
{
	if (width != pdf->cur_line_width) {
		put_num(pdf, width);
		put(pdf, "w\n", 2);
		pdf->cur_line_width = width;
	}
}

static void set_fill(struct pdf *pdf, float gray)
{
	if (gray != pdf->cur_gray_fill) {
		put_num(pdf, gray);
		put(pdf, "g\n", 2);
		pdf->cur_gray_fill = gray;
	}
}

static void set_stroke(struct pdf *pdf, float gray)
{
	if (gray != pdf->cur_gray_stroke) {
		put_num(pdf, gray);
		put(pdf, "G\n", 2);
		pdf->cur_gray_stroke = gray;
	}
}

/* ---- documents ---- */

struct pdf *pdf_open(enum pdf_orientation orientation, const char *title, sy_err *err)
{
	int own = 0;
	struct pdf_engine *eng = engine_get(&own, err);
	if (!eng)
		return NULL;
	/* libharu's objects from an arena, freed whole with the document: far
	 * fewer mallocs and fresh pages (forms/pdf_arena.c); one document at a
	 * time uses it, the shared engine's */
	eng->doc = own ? HPDF_New(on_hpdf_error, eng) : HPDF_NewEx(on_hpdf_error, pdf_arena_alloc, pdf_arena_free, 0, eng);
	if (!eng->doc) {
		if (own) {
			engine_free(eng);
			free(eng);
		} else {
			pdf_arena_reset();
		}
		sy_fail(err, SY_ENV, NULL, _("Could not start a PDF document: out of memory."));
		return NULL;
	}
	struct pdf *pdf = xcalloc(1, sizeof *pdf);
	pdf->eng = eng;
	pdf->own_engine = own;
	pdf->doc = eng->doc;
	eng->current = pdf;
	pdf->orientation = orientation;
	pdf->w = orientation == PDF_LANDSCAPE ? PDF_A4_H : PDF_A4_W;
	pdf->h = orientation == PDF_LANDSCAPE ? PDF_A4_W : PDF_A4_H;
	pdf->margin = PDF_MM(12);
	pdf->y = pdf->h - pdf->margin;
	forget_state(pdf);
	/* compressed here, see flush_ops() */
	HPDF_SetCompressionMode(pdf->doc, HPDF_COMP_NONE);
	HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_CREATOR, "scrapyard " SY_VERSION);
	if (title)
		HPDF_SetInfoAttr(pdf->doc, HPDF_INFO_TITLE, title);
	stats.docs++;
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
	eng->current = NULL;
	if (pdf->own_engine) {
		engine_free(eng);
		free(eng);
	} else if (eng->broken) {
		engine_free(eng);
		shared_engine_ready = 0;
	}
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

/* Give page i a second content stream, [drawn extra] as its /Contents, and
 * draw on it from a clean graphics state. */
static int open_extra_stream(struct pdf *pdf, int i)
{
	HPDF_Page page = pdf->pages[i];
	HPDF_Dict drawn = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_DICT);
	HPDF_Dict extra = drawn ? HPDF_DictStream_New(page->mmgr, pdf->doc->xref) : NULL;
	HPDF_Array both = extra ? HPDF_Array_New(page->mmgr) : NULL;
	if (!both || HPDF_Array_Add(both, drawn) != HPDF_OK || HPDF_Array_Add(both, extra) != HPDF_OK ||
	    HPDF_Dict_Add(page, "Contents", both) != HPDF_OK) {
		pdf_fail(pdf, SY_ENV, _("Could not make the PDF: out of memory."));
		return -1;
	}
	pdf->page = page;
	pdf->contents = extra;
	pdf->in_text = 0;
	memset(pdf->font_names, 0, sizeof pdf->font_names);
	memset(pdf->tf_size, 0, sizeof pdf->tf_size);
	forget_state(pdf);
	return 0;
}

/* "Page 2 / 7" on every page, once the last one is drawn: laying the pages
 * out twice to count them first would cost more. */
static void add_page_numbers(struct pdf *pdf)
{
	graphics_mode(pdf);
	flush_ops(pdf);
	pdf->total_pages = pdf->npages;
	for (int i = 0; i < pdf->npages && pdf->status == SY_OK; i++) {
		if (open_extra_stream(pdf, i) != 0)
			return;
		draw_page_number(pdf, i + 1);
		graphics_mode(pdf);
		flush_ops(pdf);
	}
}

float pdf_new_page(struct pdf *pdf)
{
	if (pdf->status != SY_OK)
		return pdf->y;
	if (pdf->page) {
		graphics_mode(pdf);
		flush_ops(pdf);
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
	stats.pages++;
	switch_page(pdf, pdf->npages - 1);
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

/* ---- text ---- */

float pdf_text_width(struct pdf *pdf, enum pdf_font font, float size, const char *utf8)
{
	if (!utf8 || !*utf8)
		return 0;
	unsigned save = pdf->warnings; /* measuring is not drawing */
	float w = segment(pdf, font, utf8, strlen(utf8)) * size / 1000.0f;
	pdf->warnings = save;
	return w;
}

/* Draw the runs prepared by segment() from x (left edge), in text mode. */
static void draw_runs(struct pdf *pdf, float x, float y, enum pdf_font f, float size)
{
	for (size_t i = 0; i < pdf->nruns; i++) {
		struct text_run *r = &pdf->runs[i];
		set_font(pdf, font_index(r->cjk, f), size);
		if (i > 0) { /* Tj left the pen where the next run starts */
			put_move_show(pdf, 0, 0, pdf->rbuf + r->off, r->len);
			continue;
		}
		/* Td is relative: kept in whole tenths so rounding does not add
		 * up along a page */
		long nx = tenths(x), ny = tenths(y);
		put_move_show(pdf, nx - pdf->tx, ny - pdf->ty, pdf->rbuf + r->off, r->len);
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
	text_mode(pdf);
	set_fill(pdf, 0);
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
	graphics_mode(pdf);
	put(pdf, "q\n", 2);
	float m[6] = {c, s, -s, c, x, y};
	/* four decimals for the rotation, put_num keeps two */
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%.4f %.4f %.4f %.4f %.2f %.2f cm\n", m[0], m[1], m[2], m[3], m[4], m[5]);
	put(pdf, buf, (size_t)n);
	forget_state(pdf);
	if (outline) {
		set_line_width(pdf, size / 40.0f);
		set_stroke(pdf, 0.35f);
	}
	text_mode(pdf);
	if (outline)
		put(pdf, "1 Tr\n", 5);
	/* centred on (x, y): baseline a third of the size below the centre */
	draw_runs(pdf, -w / 2, -size / 3, f, size);
	graphics_mode(pdf);
	put(pdf, "Q\n", 2);
	forget_state(pdf); /* Q restored what was set before q */
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
	unsigned char bytes[2];
	int cjk, replaced = 0;
	float w;
	char_bytes(pdf, f, cp, bytes, &cjk, &w, &replaced);
	return w;
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
	/* most table cells fit on one line: measure first, in bulk, in whole
	 * units (every width is one) */
	const uint16_t *lw = pdf_latin_widths[f];
	unsigned iw = 0;
	while (s < end && *s != '\n') {
		if (*s >= 0x20 && *s < 0x7f) {
			iw += lw[*s++];
		} else {
			uint32_t cp;
			iw += (unsigned)next_char_width(pdf, f, &s, end, &cp);
		}
	}
	w = (float)iw;
	if (s == end && w <= limit) {
		emit_line(&ws, ws.base, end);
		return 1;
	}
	s = ws.base;
	w = 0;
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

/* ---- graphics ---- */

static void stroke_setup(struct pdf *pdf, float width)
{
	graphics_mode(pdf);
	set_line_width(pdf, width);
	set_stroke(pdf, 0);
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
		put_pos(pdf, 2, xy);
		put(pdf, "m ", 2);
		put_pos(pdf, 2, xy + 2);
		put(pdf, "l\n", 2);
	}
	put(pdf, "S\n", 2);
}

static void put_rect(struct pdf *pdf, float x, float y, float w, float h)
{
	float r[4] = {x, y, w, h};
	put_pos(pdf, 4, r);
	put(pdf, "re\n", 3);
}

void pdf_rect(struct pdf *pdf, float x, float y, float w, float h, float width)
{
	if (!pdf->page)
		return;
	stroke_setup(pdf, width);
	put_rect(pdf, x, y, w, h);
	put(pdf, "S\n", 2);
}

void pdf_fill_rect(struct pdf *pdf, float x, float y, float w, float h, float gray)
{
	if (!pdf->page)
		return;
	graphics_mode(pdf);
	set_fill(pdf, gray);
	put_rect(pdf, x, y, w, h);
	put(pdf, "f\n", 2);
}

void pdf_dash(struct pdf *pdf, int on)
{
	if (!pdf->page)
		return;
	graphics_mode(pdf);
	put_str(pdf, on ? "[3 2] 0 d\n" : "[] 0 d\n");
}

void pdf_gray(struct pdf *pdf, float gray)
{
	if (!pdf->page)
		return;
	graphics_mode(pdf);
	set_fill(pdf, gray);
	set_stroke(pdf, gray);
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
	const char *name = image ? HPDF_Page_GetXObjectName(pdf->page, image) : NULL;
	if (!name) {
		pdf_fail(pdf, SY_ENV, _("Could not put a picture into the PDF: it is not a JPEG the PDF library reads."));
		return;
	}
	graphics_mode(pdf);
	put(pdf, "q\n", 2);
	float m[] = {w, 0, 0, h, x, y};
	put_nums(pdf, 6, m);
	put_str(pdf, "cm\n/");
	put_str(pdf, name);
	put_str(pdf, " Do\nQ\n");
	forget_state(pdf); /* Q restored what was set before q */
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
	graphics_mode(pdf);
	set_fill(pdf, 0);
	/* zint measures from the top left corner, PDF from the bottom left */
	for (struct zint_vector_rect *r = sym->vector->rectangles; r; r = r->next) {
		/* to a hundredth of a point, so modules meet without seams */
		float v[4] = {x + r->x * k, top - (r->y + r->height) * k, r->width * k, r->height * k};
		put_nums(pdf, 4, v);
		put(pdf, "re\n", 3);
	}
	put(pdf, "f\n", 2);
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

/* ---- saving ---- */

/* Where libharu writes the finished document: straight into the caller's
 * buffer, or through a small buffer into the file. libharu's own way keeps
 * a whole copy in its memory first, and fresh memory costs more than
 * anything else in a long document. */
struct sink {
	unsigned char *buf;
	size_t len, cap;
	struct pdf_file *file; /* NULL: buf is the document */
	int failed;            /* writing the file failed, err says why */
	sy_err err;
};

static HPDF_STATUS sink_put_file(struct sink *k, const void *data, size_t n)
{
	if (pdf_file_put(k->file, data, n, &k->err) != SY_OK)
		k->failed = 1;
	return k->failed ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

static HPDF_STATUS sink_flush(struct sink *k)
{
	HPDF_STATUS rc = k->len ? sink_put_file(k, k->buf, k->len) : HPDF_OK;
	k->len = 0;
	return rc;
}

static HPDF_STATUS sink_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT n)
{
	struct sink *k = stream->attr;
	if (k->failed)
		return HPDF_FILE_IO_ERROR;
	if (k->len + n > k->cap) {
		if (!k->file) {
			k->cap = (k->len + n) * 2;
			k->buf = xrealloc(k->buf, k->cap);
		} else if (sink_flush(k) != HPDF_OK || n > k->cap) { /* too big to stage */
			return k->failed ? HPDF_FILE_IO_ERROR : sink_put_file(k, ptr, n);
		}
	}
	memcpy(k->buf + k->len, ptr, n);
	k->len += n;
	return HPDF_OK;
}

/* Have libharu write the document into k. */
static int save_to(struct pdf *pdf, struct sink *k)
{
	HPDF_Doc doc = pdf->doc;
	HPDF_Stream st = HPDF_GetMem(doc->mmgr, sizeof *st); /* libharu frees it with doc */
	if (!st)
		return pdf->status; /* on_hpdf_error() has said why */
	memset(st, 0, sizeof *st);
	st->sig_bytes = HPDF_STREAM_SIG_BYTES;
	st->type = HPDF_STREAM_CALLBACK;
	st->mmgr = doc->mmgr;
	st->error = &doc->error;
	st->write_fn = sink_write;
	st->attr = k;
	if (doc->stream)
		HPDF_Stream_Free(doc->stream);
	doc->stream = st;
	HPDF_STATUS rc = HPDF_SaveToStream(doc);
	if (rc == HPDF_OK && k->file)
		rc = sink_flush(k);
	if (k->failed && pdf->status == SY_OK) { /* the file's own message: disk full, ... */
		pdf->status = k->err.status;
		pdf->err = k->err;
	} else if (rc != HPDF_OK) {
		pdf_fail(pdf, SY_ENV, _("Could not make the PDF: the PDF library failed to write it."));
	}
	return pdf->status;
}

static int to_memory(struct pdf *pdf, struct pdf_buf *out)
{
	/* room for what is known to come: page contents and some objects; the
	 * part never written is never touched */
	struct sink k = {.cap = pdf->stream_bytes + (size_t)pdf->npages * 1024 + (64 << 10)};
	k.buf = xmalloc(k.cap);
	if (save_to(pdf, &k) != SY_OK) {
		free(k.buf);
		return pdf->status;
	}
	out->data = k.len < k.cap / 2 ? xrealloc(k.buf, k.len ? k.len : 1) : k.buf;
	out->len = k.len;
	return SY_OK;
}

static int to_file(struct pdf *pdf, const char *path)
{
	struct pdf_file f;
	if (pdf_file_open(&f, path, &pdf->err) != SY_OK)
		return pdf->status = pdf->err.status;
	static unsigned char chunk[64 << 10];
	struct sink k = {.buf = chunk, .cap = sizeof chunk, .file = &f};
	if (save_to(pdf, &k) != SY_OK) {
		pdf_file_abort(&f);
		return pdf->status;
	}
	if (pdf_file_commit(&f, &pdf->err) != SY_OK)
		pdf->status = pdf->err.status;
	return pdf->status;
}

int pdf_save(struct pdf *pdf, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	struct pdf_buf mem = {0};
	if (warnings)
		*warnings = 0;
	if (!pdf)
		return sy_fail(err, SY_ENV, NULL, _("No PDF document to save."));
	if (pdf->status == SY_OK && pdf->npages == 0)
		pdf_new_page(pdf);
	if (pdf->page) {
		graphics_mode(pdf);
		flush_ops(pdf);
	}
	if (pdf->status == SY_OK && pdf->defer_numbers)
		add_page_numbers(pdf);
	if (pdf->status == SY_OK && !out && path)
		to_file(pdf, path);
	if (pdf->status == SY_OK && out)
		to_memory(pdf, &mem);
	if (pdf->status == SY_OK && out && path && pdf_file_write(path, mem.data, mem.len, &pdf->err) != SY_OK)
		pdf->status = pdf->err.status;
	int status = pdf->status;
	if (status != SY_OK) {
		if (err)
			*err = pdf->err;
		pdf_buf_free(&mem);
	} else if (out) {
		*out = mem;
	} else {
		pdf_buf_free(&mem);
	}
	if (warnings)
		*warnings = pdf->warnings;
	pdf_close(pdf);
	return status;
}

void pdf_buf_free(struct pdf_buf *buf)
{
	if (!buf)
		return;
	FREE(&buf->data);
	buf->len = 0;
}
