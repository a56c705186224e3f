/* Drawing layer for the printed documents, over libharu.
 *
 * Text is UTF-8. Each string is cut into runs: Latin (ASCII, Latin-1 and a
 * few signs) in Liberation Sans, whose widths are Helvetica's, everything
 * else in WenQuanYi Micro Hei (forms/pdf_fonts.h). Both are embedded, cut
 * to the characters the document uses, with ToUnicode maps: a document
 * looks and copies the same on any viewer or printer, with or without a
 * CJK language pack. A character neither font can show is drawn as '?'
 * and sets PDF_WARN_REPLACED.
 *
 * Drawing calls do not return a status: the first error (from libharu or from
 * here) is kept and pdf_save() reports it. Coordinates are PDF points from the
 * bottom left corner of the page. Not thread-safe: documents are rendered from
 * one thread, one at a time is fastest (a second one open at the same time
 * works but does not reuse the prepared buffers). */
#ifndef SY_PDF_H
#define SY_PDF_H
#include <stddef.h>

#include "base/err.h"

#define PDF_A4_W 595.276f
#define PDF_A4_H 841.89f
#define PDF_MM(mm) ((float)(mm) * 72.0f / 25.4f)

struct pdf;

enum pdf_font { PDF_REGULAR, PDF_BOLD };
enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT };
enum pdf_orientation { PDF_PORTRAIT, PDF_LANDSCAPE };

/* Warning flags returned by pdf_save() and the doc_*_pdf() functions. */
enum pdf_warning {
	PDF_WARN_REPLACED = 1, /* a character neither font has was printed as '?' */
	PDF_WARN_CLIPPED = 2,  /* a value did not fit its box even at the smallest size */
};

/* A rendered document in memory. */
struct pdf_buf {
	unsigned char *data;
	size_t len;
};
void pdf_buf_free(struct pdf_buf *buf);

/* Called on every new page to draw its running header; returns the y where
 * the body starts. */
typedef float (*pdf_page_fn)(struct pdf *pdf, void *ctx);

/* The usual way to make a document: body() draws it, from its first
 * pdf_new_page() on; with page numbers each page gets "Page 2 / 7" once the
 * body is done. Writes like pdf_save(). */
struct pdf_spec {
	enum pdf_orientation orientation;
	const char *title;       /* document information, ASCII */
	const char *footer_note; /* left of the footer, optional */
	int page_numbers;
	pdf_page_fn header;      /* running header of every page, optional */
	void *header_ctx;
};
typedef void (*pdf_body_fn)(struct pdf *pdf, void *ctx);
int pdf_render(const struct pdf_spec *spec, pdf_body_fn body, void *ctx, const char *path, struct pdf_buf *out,
	       unsigned *warnings, sy_err *err);

/* Lower level: open, draw, save. */
struct pdf *pdf_open(enum pdf_orientation orientation, const char *title, sy_err *err);
/* Abandon a document (after an error, or instead of saving). NULL is fine. */
void pdf_close(struct pdf *pdf);
/* Write the document to path (atomically: a temporary file in the same
 * folder, fsync, rename; nothing is left behind on failure) and/or to out.
 * Either may be NULL. Closes pdf in every case. Returns SY_OK or the status
 * of the first error; *warnings (may be NULL) receives enum pdf_warning flags. */
int pdf_save(struct pdf *pdf, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err);

/* Page geometry. */
float pdf_page_width(const struct pdf *pdf);
float pdf_page_height(const struct pdf *pdf);
float pdf_margin(const struct pdf *pdf);

/* Pages and the body cursor. pdf_set_page_template() is called before the
 * first page; pdf_new_page() adds a page, draws the footer and the template
 * and moves the cursor below it. pdf_need() starts a new page unless height
 * fits above the footer. Page numbers read "第 2 / 7 页  Page 2 / 7" when the
 * total is known (pdf_render()), "Page 2" otherwise. */
void pdf_set_page_template(struct pdf *pdf, pdf_page_fn fn, void *ctx);
void pdf_set_footer(struct pdf *pdf, const char *note, int page_numbers);
float pdf_new_page(struct pdf *pdf);
int pdf_page_count(const struct pdf *pdf);
float pdf_y(const struct pdf *pdf);
void pdf_set_y(struct pdf *pdf, float y);
/* Returns 1 when a new page was started. */
int pdf_need(struct pdf *pdf, float height);
/* The lowest y the body may use (above the footer). */
float pdf_bottom(const struct pdf *pdf);

/* Text. pdf_text() returns the width drawn. */
float pdf_text_width(struct pdf *pdf, enum pdf_font font, float size, const char *utf8);
float pdf_text(struct pdf *pdf, float x, float y, enum pdf_font font, float size, enum pdf_align align, const char *utf8);
/* The same for the first len bytes of utf8. */
float pdf_text_n(struct pdf *pdf, float x, float y, enum pdf_font font, float size, enum pdf_align align,
		 const char *utf8, size_t len);
/* Draw text rotated by angle degrees around (x, y), hollow letters when outline. */
void pdf_text_rotated(struct pdf *pdf, float x, float y, float angle, enum pdf_font font, float size, int outline,
		      const char *utf8);

/* Text in a box: shrinks from size down to min_size to fit on one line, then
 * wraps (on spaces for Latin, anywhere between Chinese characters) and keeps
 * as many lines as fit. '\n' forces a break. Vertically centred. */
struct pdf_box {
	float x, y, w, h; /* y is the bottom edge */
	enum pdf_font font;
	float size, min_size;
	enum pdf_align align;
	float pad; /* inner horizontal padding */
};
void pdf_text_box(struct pdf *pdf, const struct pdf_box *box, const char *utf8);

/* Wrap text to width at the given size: returns the number of lines and, when
 * lines is not NULL, their byte ranges (at most max_lines of them). */
struct pdf_line_span {
	size_t start, len;
};
int pdf_wrap(struct pdf *pdf, enum pdf_font font, float size, float width, const char *utf8,
	     struct pdf_line_span *lines, int max_lines);

/* Graphics, black on white; gray 0 is black, 1 is white. */
void pdf_line(struct pdf *pdf, float x1, float y1, float x2, float y2, float width);
/* Several segments (x1 y1 x2 y2 each) stroked at once. */
void pdf_lines(struct pdf *pdf, const float *xy, int nsegments, float width);
void pdf_rect(struct pdf *pdf, float x, float y, float w, float h, float width);
void pdf_fill_rect(struct pdf *pdf, float x, float y, float w, float h, float gray);
void pdf_dash(struct pdf *pdf, int on);
void pdf_gray(struct pdf *pdf, float gray);
/* A tick box, crossed when checked. */
void pdf_check_box(struct pdf *pdf, float x, float y, float size, int checked);
/* A QR code (error correction M) drawn as filled rectangles, size x size
 * points with (x, y) its bottom left corner; no quiet zone is drawn, keep
 * 4 modules of white around it. */
void pdf_qr(struct pdf *pdf, float x, float y, float size, const char *data);

/* A JPEG image (a photo's thumbnail) drawn into the box x, y, w, h (y its
 * bottom edge), stretched to it: give the box the image's proportions. The
 * bytes are embedded as they are (DCTDecode), so keep them small. */
void pdf_image_jpeg(struct pdf *pdf, float x, float y, float w, float h, const unsigned char *data, size_t len);

/* Record an error from the caller's side; the first one wins. */
void pdf_fail(struct pdf *pdf, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int pdf_failed(const struct pdf *pdf);

/* The generic table used by ledgers and records. Column widths are relative
 * weights, scaled to the table width. Headers show the Chinese title over the
 * English one and are repeated on every page the table runs over. */
struct pdf_column {
	const char *title_zh;
	const char *title_en;
	float weight;
	enum pdf_align align;
};

/* Fill cells[0..ncols-1] for row i; a cell may be NULL or "". buf is scratch
 * space of bufsize bytes the cells may point into. */
typedef void (*pdf_row_fn)(void *ctx, size_t i, const char **cells, char *buf, size_t bufsize);

struct pdf_table {
	const char *title_zh, *title_en; /* heading above the table, optional */
	const struct pdf_column *cols;
	int ncols;
	size_t nrows;
	pdf_row_fn row;
	void *ctx;
	float font_size;    /* body text, default 7.5 */
	int bold_last_row;  /* a totals row */
	const char *empty_zh, *empty_en; /* shown when nrows is 0 */
};

/* Draw the table at the cursor, starting new pages as needed; moves the
 * cursor below it. */
void pdf_table(struct pdf *pdf, const struct pdf_table *table);

/* Pieces shared by the documents. */
/* A heading band: Chinese and English title, bold, full width. */
void pdf_heading(struct pdf *pdf, const char *zh, const char *en);
/* Bilingual label "中文 English" in two sizes at (x, y); returns its width. */
float pdf_label(struct pdf *pdf, float x, float y, float size, const char *zh, const char *en);

/* Rendering statistics for the benchmark helper. */
struct pdf_stats {
	unsigned long docs, pages, engine_inits;
	unsigned long glyph_cache_docs;   /* documents whose Chinese glyphs came from the cache */
	unsigned long glyph_cache_writes; /* times the cache learnt characters */
};
void pdf_get_stats(struct pdf_stats *stats);
/* Free the engine and close the font files kept between documents. */
void pdf_shutdown(void);

#endif
