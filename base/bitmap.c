/* 1-bit bitmaps: drawing, comparison and the terminal preview. */
#include "base/bitmap.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

enum { BITMAP_MAX_SIDE = 32767 };

struct bitmap *bitmap_new(int width, int height, int dpi)
{
	if (width < 1 || height < 1 || width > BITMAP_MAX_SIDE || height > BITMAP_MAX_SIDE)
		return NULL;
	struct bitmap *bm = xcalloc(1, sizeof *bm);
	bm->width = width;
	bm->height = height;
	bm->stride = (width + 7) / 8;
	bm->dpi = dpi;
	bm->bits = xcalloc((size_t)bm->stride * height, 1);
	return bm;
}

void bitmap_free(struct bitmap *bm)
{
	if (!bm)
		return;
	free(bm->bits);
	free(bm);
}

struct bitmap *bitmap_copy(const struct bitmap *bm)
{
	struct bitmap *c = bitmap_new(bm->width, bm->height, bm->dpi);
	memcpy(c->bits, bm->bits, (size_t)bm->stride * bm->height);
	return c;
}

void bitmap_set(struct bitmap *bm, int x, int y, int black)
{
	if (x < 0 || y < 0 || x >= bm->width || y >= bm->height)
		return;
	unsigned char *p = &bm->bits[(size_t)y * bm->stride + (x >> 3)];
	unsigned char mask = (unsigned char)(0x80 >> (x & 7));
	if (black)
		*p |= mask;
	else
		*p &= (unsigned char)~mask;
}

/* Clip x,y,w,h to the bitmap; false when nothing is left. */
static int clip(const struct bitmap *bm, int *x, int *y, int *w, int *h)
{
	long x0 = *x, y0 = *y, x1 = (long)*x + *w, y1 = (long)*y + *h;
	if (x0 < 0)
		x0 = 0;
	if (y0 < 0)
		y0 = 0;
	if (x1 > bm->width)
		x1 = bm->width;
	if (y1 > bm->height)
		y1 = bm->height;
	if (x1 <= x0 || y1 <= y0)
		return 0;
	*x = (int)x0, *y = (int)y0, *w = (int)(x1 - x0), *h = (int)(y1 - y0);
	return 1;
}

/* The bits of row from x0 to x1 (exclusive) set or cleared a byte at a time. */
static void row_fill(unsigned char *row, int x0, int x1, int black)
{
	int b0 = x0 >> 3, b1 = (x1 - 1) >> 3;
	unsigned char head = (unsigned char)(0xFF >> (x0 & 7));
	unsigned char tail = (unsigned char)(0xFF << (7 - ((x1 - 1) & 7)));
	if (b0 == b1) {
		head &= tail;
		row[b0] = black ? row[b0] | head : row[b0] & (unsigned char)~head;
		return;
	}
	row[b0] = black ? row[b0] | head : row[b0] & (unsigned char)~head;
	if (b1 > b0 + 1)
		memset(row + b0 + 1, black ? 0xFF : 0, (size_t)(b1 - b0 - 1));
	row[b1] = black ? row[b1] | tail : row[b1] & (unsigned char)~tail;
}

void bitmap_fill(struct bitmap *bm, int x, int y, int w, int h, int black)
{
	if (!clip(bm, &x, &y, &w, &h))
		return;
	for (int row = y; row < y + h; row++)
		row_fill(bm->bits + (size_t)row * bm->stride, x, x + w, black);
}

void bitmap_box(struct bitmap *bm, int x, int y, int w, int h, int t)
{
	if (t < 1 || w < 1 || h < 1)
		return;
	if (2 * t >= w || 2 * t >= h) {
		bitmap_fill(bm, x, y, w, h, 1);
		return;
	}
	bitmap_fill(bm, x, y, w, t, 1);
	bitmap_fill(bm, x, y + h - t, w, t, 1);
	bitmap_fill(bm, x, y + t, t, h - 2 * t, 1);
	bitmap_fill(bm, x + w - t, y + t, t, h - 2 * t, 1);
}

/* n (1..8) bits of a packed row from bit sx on, as the low bits of the result. */
static unsigned take_bits(const unsigned char *row, int sx, int n)
{
	int shift = sx & 7;
	unsigned v = (unsigned)row[sx >> 3] << 8;
	if (shift + n > 8) /* the bits run into the next byte: only then read it */
		v |= row[(sx >> 3) + 1];
	return (v >> (16 - shift - n)) & ((1u << n) - 1);
}

void bitmap_put_bits(struct bitmap *bm, int x, int y, const unsigned char *src, int stride, int w, int h,
		     int cx, int cy, int cw, int ch, int black)
{
	int x0 = x > cx ? x : cx, y0 = y > cy ? y : cy;
	long x1 = (long)x + w < (long)cx + cw ? (long)x + w : (long)cx + cw;
	long y1 = (long)y + h < (long)cy + ch ? (long)y + h : (long)cy + ch;
	int dw = (int)(x1 - x0), dh = (int)(y1 - y0);
	if (x1 <= x0 || y1 <= y0 || !clip(bm, &x0, &y0, &dw, &dh))
		return;
	for (int dy = y0; dy < y0 + dh; dy++) {
		const unsigned char *s = src + (size_t)(dy - y) * stride;
		unsigned char *d = bm->bits + (size_t)dy * bm->stride;
		for (int dx = x0; dx < x0 + dw;) {
			int bit = dx & 7, n = 8 - bit;
			if (n > x0 + dw - dx)
				n = x0 + dw - dx;
			unsigned char v = (unsigned char)(take_bits(s, dx - x, n) << (8 - bit - n));
			d[dx >> 3] = black ? d[dx >> 3] | v : d[dx >> 3] & (unsigned char)~v;
			dx += n;
		}
	}
}

void bitmap_blit(struct bitmap *dst, const struct bitmap *src, int x, int y)
{
	bitmap_put_bits(dst, x, y, src->bits, src->stride, src->width, src->height, x, y, src->width, src->height,
			1);
}

long bitmap_count_rect(const struct bitmap *bm, int x, int y, int w, int h)
{
	long n = 0;
	if (!clip(bm, &x, &y, &w, &h))
		return 0;
	for (int row = y; row < y + h; row++)
		for (int col = x; col < x + w; col++)
			n += bitmap_get(bm, col, row);
	return n;
}

long bitmap_count(const struct bitmap *bm)
{
	long n = 0;
	size_t len = (size_t)bm->stride * bm->height;
	int pad = bm->stride * 8 - bm->width;
	unsigned char last = (unsigned char)(0xFF << pad);
	for (size_t i = 0; i < len; i++) {
		unsigned char b = bm->bits[i];
		if ((i + 1) % bm->stride == 0)
			b &= last; /* padding bits past the right edge do not count */
		n += __builtin_popcount(b);
	}
	return n;
}

long bitmap_diff(const struct bitmap *a, const struct bitmap *b)
{
	if (a->width != b->width || a->height != b->height)
		return -1;
	long n = 0;
	for (int y = 0; y < a->height; y++)
		for (int x = 0; x < a->width; x++)
			n += bitmap_get(a, x, y) != bitmap_get(b, x, y);
	return n;
}

int bitmap_row_blank(const struct bitmap *bm, int y)
{
	const unsigned char *row = bm->bits + (size_t)y * bm->stride;
	for (int i = 0; i < bm->stride; i++)
		if (row[i])
			return 0;
	return 1;
}

/* The terminal preview. Quadrant bits: upper left 1, upper right 2, lower
 * left 4, lower right 8. */
static const uint16_t quadrant_glyph[16] = {
	0x0020, 0x2598, 0x259D, 0x2580, 0x2596, 0x258C, 0x259E, 0x259B,
	0x2597, 0x259A, 0x2590, 0x259C, 0x2584, 0x2599, 0x259F, 0x2588,
};

/* A quadrant counts as black from this share of black dots: low enough that
 * a 1-dot frame line still shows at a tenth of the size. */
#define QUADRANT_THRESHOLD 0.18

static int quadrant_on(const struct bitmap *bm, double x0, double y0, double x1, double y1)
{
	int ix0 = (int)floor(x0), iy0 = (int)floor(y0);
	int ix1 = (int)ceil(x1), iy1 = (int)ceil(y1);
	if (ix1 <= ix0)
		ix1 = ix0 + 1;
	if (iy1 <= iy0)
		iy1 = iy0 + 1;
	long total = (long)(ix1 - ix0) * (iy1 - iy0);
	long black = bitmap_count_rect(bm, ix0, iy0, ix1 - ix0, iy1 - iy0);
	return black > 0 && (double)black / (double)total >= QUADRANT_THRESHOLD;
}

static void put_utf8(char *buf, size_t size, size_t *len, uint32_t cp)
{
	char tmp[3];
	int n;
	if (cp < 0x80) {
		tmp[0] = (char)cp;
		n = 1;
	} else {
		tmp[0] = (char)(0xE0 | (cp >> 12));
		tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		tmp[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	for (int i = 0; i < n; i++, (*len)++)
		if (*len + 1 < size)
			buf[*len] = tmp[i];
}

size_t bitmap_to_blocks(const struct bitmap *bm, int cols, int rows, char *buf, size_t size, int *out_cols,
			int *out_rows)
{
	size_t len = 0;
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	/* A quadrant is half a cell wide and half a cell tall, so it covers sx dots
	 * across and 2*sx dots down. */
	double sx = fmax((double)bm->width / (2.0 * cols), (double)bm->height / (4.0 * rows));
	if (sx < 0.5)
		sx = 0.5;
	double sy = 2 * sx;
	int nc = (int)ceil(bm->width / (2 * sx)), nr = (int)ceil(bm->height / (2 * sy));
	nc = nc < 1 ? 1 : nc > cols ? cols : nc;
	nr = nr < 1 ? 1 : nr > rows ? rows : nr;
	for (int r = 0; r < nr; r++) {
		for (int c = 0; c < nc; c++) {
			int q = 0;
			for (int i = 0; i < 4; i++) {
				double x0 = (2 * c + (i & 1)) * sx, y0 = (2 * r + (i >> 1)) * sy;
				if (quadrant_on(bm, x0, y0, x0 + sx, y0 + sy))
					q |= 1 << i;
			}
			put_utf8(buf, size, &len, quadrant_glyph[q]);
		}
		put_utf8(buf, size, &len, '\n');
	}
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	if (out_cols)
		*out_cols = nc;
	if (out_rows)
		*out_rows = nr;
	return len;
}
