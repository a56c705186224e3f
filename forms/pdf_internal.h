/* What the files of the drawing layer share: the document, the engine, the
 * content stream writer. Internal to forms/pdf*.c; see forms/pdf.h for the
 * model.
 *
 * The files, by what they do:
 *   pdf_engine.c  errors, the engine documents share (compressor, buffers)
 *   pdf_stream.c  the page's content stream: operators and graphics state
 *   pdf_text.c    text: runs per font, measuring, wrapping, boxes
 *   pdf_fonts.c   the fonts: glyphs, widths, embedding at save
 *   pdf_ttf.c     TrueType files: reading and cutting to the glyphs used
 *   pdf_page.c    documents and pages: open, pages, footers, page numbers
 *   pdf_draw.c    lines, boxes, QR codes, headings
 *   pdf_save.c    writing the document to memory or a file
 *   pdf_hpdf.c    libharu: the one file that uses its private parts
 *   pdf_arena.c, pdf_file.c, pdf_table.c: memory, atomic files, tables */
#ifndef SY_PDF_INTERNAL_H
#define SY_PDF_INTERNAL_H
#include <hpdf.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "forms/pdf.h"
#include "forms/pdf_fonts.h"

#define FOOTER_H 16.0f

/* What documents share: the compressor and the buffers. Each document is a
 * libharu object of its own (see pdf_open()). */
struct pdf_engine {
	HPDF_Doc doc;        /* of the document being rendered */
	struct pdf *current; /* the document being rendered, for the error handler */
	int broken;          /* libharu failed: rebuild before the next document */
	z_stream z;          /* one compressor, reset for every stream */
	int z_ready;
	char *ops; /* operators of the page being drawn */
	size_t ops_cap;
	unsigned char *zout;
	size_t zout_cap;
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
	struct pdf_font_use fonts;       /* the fonts' objects and what is drawn with them */
	const char *font_names[F_COUNT]; /* resource names on the current page */
	char tf_op[F_COUNT][40];         /* "/F1 7.5 Tf\n" as last written, per face */
	float tf_size[F_COUNT];          /* its size, 0 when not made on this page */
	enum pdf_orientation orientation;
	float w, h, margin;
	HPDF_Page *pages;
	int npages, pages_cap;
	HPDF_Page page;
	HPDF_Dict contents;  /* the stream the operators go to */
	size_t nops;         /* bytes in eng->ops */
	int total_pages;     /* known at the end, 0 before */
	int defer_numbers;   /* page numbers with the total, added by pdf_save() */
	size_t stream_bytes; /* written to the page contents so far */
	/* state of the current page's content stream */
	int in_text;
	int cur_face;
	int cur_render; /* text rendering mode (Tr), -1 unknown */
	int outline;    /* text is drawn in outline (pdf_text_rotated) */
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

/* ---- pdf_engine.c ---- */
extern struct pdf_stats pdf_stats_now;
struct pdf_engine *pdf_engine_get(int *own, sy_err *err);
/* The document is closed: release a private or broken engine. */
void pdf_engine_release(struct pdf_engine *eng, int own);
void pdf_engine_count(int docs, int pages);
/* libharu's error handler; data is the engine. */
void pdf_on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data);
/* Compress n bytes with the engine's compressor: *out points into the
 * engine's buffer until the next call. Returns 0, or -1 when it did not
 * compress (then use the bytes as they are). */
int pdf_deflate(struct pdf_engine *eng, const void *in, size_t n, const unsigned char **out, size_t *out_len);

/* ---- pdf_page.c ---- */
/* Draw "Page 2 / 7" on every page, now that the total is known. */
void pdf_add_page_numbers(struct pdf *pdf);

/* ---- pdf_fonts.c ---- */
/* Write the fonts the document used, cut to what it drew. Returns its status. */
int pdf_fonts_embed(struct pdf *pdf);

/* ---- pdf_stream.c ---- */
void pdf_ops_grow(struct pdf *pdf, size_t n);

/* Room for n more bytes of operators. */
static inline char *pdf_reserve(struct pdf *pdf, size_t n)
{
	if (pdf->nops + n > pdf->eng->ops_cap)
		pdf_ops_grow(pdf, n);
	return pdf->eng->ops + pdf->nops;
}

static inline void pdf_put(struct pdf *pdf, const char *s, size_t n)
{
	memcpy(pdf_reserve(pdf, n), s, n);
	pdf->nops += n;
}

static inline void pdf_put_str(struct pdf *pdf, const char *s) { pdf_put(pdf, s, strlen(s)); }

/* v in tenths of a point, rounded half away from zero. */
static inline long pdf_tenths(float v) { return (long)(v * 10.0f + (v < 0 ? -0.5f : 0.5f)); }

/* Write n/den (den 10 or 100) with its decimals, trailing zeros cut, and a
 * space: "12.5 ". Returns the length; p needs 24 bytes. */
size_t pdf_fmt_fixed(char *p, long n, int den);
/* A number with at most two decimals (gray levels, font sizes, the QR code). */
void pdf_put_num(struct pdf *pdf, float v);
void pdf_put_nums(struct pdf *pdf, int n, const float *v);
/* Positions, to a tenth of a point. */
void pdf_put_pos(struct pdf *pdf, int n, const float *v);
/* "dx dy Td (text)Tj": a move in tenths of a point (none when both are 0)
 * and a literal string. */
void pdf_put_move_show(struct pdf *pdf, long dx, long dy, const char *s, size_t n);
/* Compress the buffered operators into the page's stream and empty the buffer. */
void pdf_flush_ops(struct pdf *pdf);

static inline void pdf_graphics_mode(struct pdf *pdf)
{
	if (pdf->in_text) {
		pdf_put(pdf, "ET\n", 3);
		pdf->in_text = 0;
	}
}

static inline void pdf_text_mode(struct pdf *pdf)
{
	if (!pdf->in_text) {
		pdf_put(pdf, "BT\n", 3);
		pdf->in_text = 1;
		pdf->tx = pdf->ty = 0;
	}
}

/* Forget what the content stream has set: after Q or on another page. */
void pdf_forget_state(struct pdf *pdf);
/* Draw on page index (finishing the operators of the current one). */
void pdf_switch_page(struct pdf *pdf, int index);
/* Select a face and size for the text that follows (and the way text is
 * drawn: filled, filled and stroked for bold Chinese, outlined). */
void pdf_set_face_slow(struct pdf *pdf, int face, float size);
static inline void pdf_set_face(struct pdf *pdf, int face, float size)
{
	/* most runs keep the face, size and fill of the one before */
	if (face != pdf->cur_face || size != pdf->cur_size || pdf->cur_render != 0 || pdf->outline)
		pdf_set_face_slow(pdf, face, size);
}
void pdf_set_line_width(struct pdf *pdf, float width);
void pdf_set_fill(struct pdf *pdf, float gray);
void pdf_set_stroke(struct pdf *pdf, float gray);

#endif
