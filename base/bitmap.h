/* A 1-bit image at printer resolution, the one thing every label becomes.
 * A set bit is a black (printed) dot. Rows are packed most significant bit
 * first, stride bytes each: the order ZPL, TSPL, Brother and DYMO raster all
 * use, so the printer encoders copy rows instead of repacking dots. */
#ifndef SY_BITMAP_H
#define SY_BITMAP_H
#include <stddef.h>

#include "base/err.h"

struct bitmap {
	int width, height; /* dots */
	int stride;        /* bytes per row: (width + 7) / 8 */
	int dpi;           /* dots per inch, kept for the PNG and the encoders */
	unsigned char *bits;
};

/* A white bitmap; NULL when the size is out of range (1..32767 dots a side). */
struct bitmap *bitmap_new(int width, int height, int dpi);
void bitmap_free(struct bitmap *bm);
struct bitmap *bitmap_copy(const struct bitmap *bm);

static inline int bitmap_get(const struct bitmap *bm, int x, int y)
{
	if (x < 0 || y < 0 || x >= bm->width || y >= bm->height)
		return 0;
	return (bm->bits[(size_t)y * bm->stride + (x >> 3)] >> (7 - (x & 7))) & 1;
}

/* Drawing; everything outside the bitmap is clipped away. */
void bitmap_set(struct bitmap *bm, int x, int y, int black);
void bitmap_fill(struct bitmap *bm, int x, int y, int w, int h, int black);
/* A rectangle outline t dots thick, drawn inside x,y,w,h. */
void bitmap_box(struct bitmap *bm, int x, int y, int w, int h, int t);
/* Draw src's black dots onto dst with src's top left corner at x,y. */
void bitmap_blit(struct bitmap *dst, const struct bitmap *src, int x, int y);
/* Draw the black dots of a packed 1-bit image (w x h dots, rows of stride
 * bytes, most significant bit first, like a bitmap's) with its top left
 * corner at x,y, only inside the rectangle cx,cy,cw,ch: black sets the dots,
 * otherwise clears them (white text punched out of black). */
void bitmap_put_bits(struct bitmap *bm, int x, int y, const unsigned char *src, int stride, int w, int h,
		     int cx, int cy, int cw, int ch, int black);

/* Black dots in the bitmap, or in the rectangle x,y,w,h of it. */
long bitmap_count(const struct bitmap *bm);
long bitmap_count_rect(const struct bitmap *bm, int x, int y, int w, int h);
/* Dots that differ, or -1 when the sizes differ. */
long bitmap_diff(const struct bitmap *a, const struct bitmap *b);
/* True when row y has no black dot. */
int bitmap_row_blank(const struct bitmap *bm, int y);

/* PNG files (1-bit greyscale with the resolution recorded). Reading accepts
 * any PNG and thresholds it at mid grey. */
int bitmap_write_png(const struct bitmap *bm, const char *path, sy_err *err);
int bitmap_read_png(const char *path, int dpi, struct bitmap **out, sy_err *err);

/* The bitmap as lines of terminal block characters (U+2580..U+259F, each cell
 * 2x2 dots of a scaled-down image), scaled to fit cols x rows cells and keeping
 * its aspect ratio (a terminal cell is about twice as tall as wide).
 * Writes at most size bytes including the NUL, lines end with '\n'; returns
 * the length the whole text needs (like snprintf). *out_cols and *out_rows
 * (either may be NULL) receive the size of the drawing in cells. */
size_t bitmap_to_blocks(const struct bitmap *bm, int cols, int rows, char *buf, size_t size, int *out_cols,
			int *out_rows);

#endif
