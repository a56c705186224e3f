/* TrueType fonts (outlines in 'glyf') for embedding in the printed
 * documents: the character map, the advance widths, and a copy of the font
 * cut down to the glyphs a document uses. Internal to forms/pdf*.c.
 *
 * A font file is outside bytes: every offset and length is checked, and a
 * file that does not hold what is needed is refused, never read past. */
#ifndef SY_PDF_TTF_H
#define SY_PDF_TTF_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct ttf_table {
	size_t off, len; /* in the file's bytes; len 0 when absent */
};

struct ttf {
	const unsigned char *data; /* the whole file */
	size_t size;
	int mapped; /* data is a mapping of the file, unmapped by ttf_close() */
	struct ttf_table head, hhea, maxp, hmtx, loca, glyf, os2, post;
	const unsigned char *cmap; /* the Unicode subtable used, format 4 or 12 */
	size_t cmap_len;
	int cmap_format;
	unsigned glyphs, hmetrics, units_per_em;
	int long_loca;
};

/* What a PDF font descriptor says of the font, in font units. */
struct ttf_metrics {
	int ascent, descent, cap_height;
	int bbox[4]; /* xMin yMin xMax yMax */
	int italic_angle; /* degrees */
	int weight;       /* 100..900, 400 regular */
};

/* Read face index (0 for a plain .ttf, the face of a .ttc collection) from
 * size bytes at data, which must stay valid while f is used. */
int ttf_parse(struct ttf *f, const unsigned char *data, size_t size, unsigned index, sy_err *err);
/* The same from a file, mapped read-only: only the pages used are read. */
int ttf_open(struct ttf *f, const char *path, unsigned index, sy_err *err);
void ttf_close(struct ttf *f);

/* The glyph of a Unicode code point, 0 when the font has none. */
unsigned ttf_glyph(const struct ttf *f, uint32_t cp);
/* Advance width of a glyph in font units. */
unsigned ttf_advance(const struct ttf *f, unsigned glyph);
void ttf_metrics(const struct ttf *f, struct ttf_metrics *m);

/* A glyph: its outline as the font stores it (NULL and 0 when it has
 * none, as a space), advance and left side bearing in font units. */
struct ttf_glyph {
	const unsigned char *data;
	size_t len;
	unsigned advance;
	int lsb;
};
int ttf_outline(const struct ttf *f, unsigned glyph, struct ttf_glyph *out);
/* The glyphs a composite outline is made of (which must come along), at
 * most max of them; 0 for a simple one. */
unsigned ttf_parts(const struct ttf_glyph *g, uint16_t *parts, unsigned max);

/* Where a subset takes the font's header tables and glyphs from: the font
 * itself, or a cache of some of its glyphs (forms/pdf_glyphs.h). */
struct ttf_source {
	const unsigned char *head, *hhea, *maxp; /* 54, 36 and maxp_len bytes */
	size_t maxp_len;
	unsigned glyphs; /* ids are below this */
	int (*outline)(const void *ctx, unsigned id, struct ttf_glyph *out); /* 0, or -1: not there */
	const void *ctx;
};
void ttf_source_of(const struct ttf *f, struct ttf_source *src);

/* A font holding glyphs[0..n) of src as its glyphs 0..n-1 (glyphs[0]
 * should be 0, the .notdef glyph), followed by the parts of composite
 * glyphs, without hinting instructions. With codes (n bytes, codes[0]
 * unused), the font gets a character map for single-byte codes: code
 * codes[i] shows glyph i, as a PDF "symbolic" TrueType font looks glyphs
 * up; without, it gets none (a PDF CID font finds glyphs by number). The
 * font is written to out, whose memory is reused from one call to the next
 * (zero it before the first). Fails when src lacks one of the glyphs. */
struct ttf_buf {
	unsigned char *data;
	size_t len, cap;
};
int ttf_subset(const struct ttf_source *src, const uint16_t *glyphs, unsigned n, const uint8_t *codes,
	       struct ttf_buf *out, sy_err *err);
void ttf_buf_free(struct ttf_buf *b);

#endif
