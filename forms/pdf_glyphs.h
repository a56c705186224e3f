/* A cache of the Chinese font's glyphs that documents have used, kept in
 * the user's cache folder. Internal to forms/pdf*.c.
 *
 * Why: on the virtual machines yards and their suppliers run on, every page
 * of memory a process touches for the first time costs 5 to 60 µs, file
 * or not. A certificate's 150 Chinese characters lie on some 250 pages of
 * wqy-microhei.ttc (outlines, their locations, widths): reading them made
 * embedding cost 2 to 3 ms of a 20 ms `cert issue`. Here the glyphs used
 * are kept in one small file in order of first use, a document's fixed
 * labels first, where the next process finds them on a few pages.
 *
 * The pack names the font file it was cut from (size, time, inode) and is
 * ignored when that changed. Each glyph carries a checksum, verified
 * before use: a torn or damaged pack is never drawn from, only rewritten.
 * Writes go to a temporary file renamed into place; two processes writing
 * at once lose nothing but a few glyphs, added again by the next. */
#ifndef SY_PDF_GLYPHS_H
#define SY_PDF_GLYPHS_H
#include <stddef.h>
#include <stdint.h>

#include "forms/pdf_ttf.h"

/* Which font file a pack was cut from. */
struct glyph_font_id {
	uint64_t size, ino;
	int64_t mtime_sec, mtime_nsec;
	uint32_t face;
};
/* The id of the font file at path; -1 when it cannot be read. */
int glyph_font_id(const char *path, unsigned face, struct glyph_font_id *id);

struct glyph_pack {
	const unsigned char *data; /* the whole pack */
	size_t size;
	int mapped;
	unsigned nchars, nglyphs;
	const unsigned char *chars;    /* code point -> glyph, sorted by code point */
	const unsigned char *glyphs;   /* glyph -> outline, sorted by glyph */
	const unsigned char *outlines; /* data_len bytes */
	size_t data_len;
	const unsigned char *head, *hhea, *maxp;
	size_t maxp_len;
	unsigned units_per_em, font_glyphs;
	struct ttf_metrics metrics;
};

/* Take size bytes at data as a pack of the font id; -1 when they are not
 * one (or of another font). */
int glyph_pack_parse(struct glyph_pack *p, const unsigned char *data, size_t size, const struct glyph_font_id *id);
/* The same from the file at path, mapped; -1 when absent or not usable. */
int glyph_pack_open(struct glyph_pack *p, const char *path, const struct glyph_font_id *id);
void glyph_pack_close(struct glyph_pack *p);

/* The font's glyph for code point cp and its advance in font units; -1
 * when the pack does not have it (or not intact). */
long glyph_pack_find(const struct glyph_pack *p, uint32_t cp, unsigned *advance);
/* The pack as the source of a subset (forms/pdf_ttf.h): glyphs are the
 * font's own numbers, as from glyph_pack_find(); a subset fails when one
 * is missing or damaged. */
void glyph_pack_source(const struct glyph_pack *p, struct ttf_source *src);

/* Write a pack to path: what old has (NULL for nothing) and the code points
 * cps[0..n) of font with their glyphs (the parts of composite ones too),
 * up to a limit. The folder is made when missing. Returns 0 or -1; a cache
 * that cannot be written is no error. */
int glyph_pack_write(const char *path, const struct glyph_pack *old, const struct ttf *font,
		     const struct glyph_font_id *id, const uint32_t *cps, unsigned n);

#endif
