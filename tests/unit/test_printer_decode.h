/* Decoders that read each printer language's job back into a bitmap, for the
 * tests: if the dots that come back are the dots that were rendered, the
 * stream is right. They are strict on purpose: a byte they do not expect
 * fails the decode, so a stray command (an injection) cannot hide. */
#ifndef SY_TEST_PRINTER_DECODE_H
#define SY_TEST_PRINTER_DECODE_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer.h"
#include "base/bitmap.h"

struct decoded {
	struct bitmap *bm;
	int pages;  /* labels printed (copies) */
	char why[128]; /* what went wrong */
};

static int decode_fail(struct decoded *d, const char *why, size_t at)
{
	snprintf(d->why, sizeof d->why, "%s at byte %zu", why, at);
	bitmap_free(d->bm);
	d->bm = NULL;
	return -1;
}

/* ---- ZPL: ^XA, optional ^FX comment, ^PW ^LL ^LH ^FO ^GFA ^FS ^PQ ^XZ ---- */
static int zpl_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int decode_zpl_gfa(const char *s, size_t n, size_t *pos, struct decoded *d, int bpr, long total)
{
	int height = (int)(total / bpr);
	char *row = malloc((size_t)bpr * 2), *prev = calloc((size_t)bpr * 2, 1);
	int filled = 0, y = 0, count = 0;
	d->bm = bitmap_new(bpr * 8, height, 203);
	if (!d->bm || !row || !prev)
		goto bad;
	size_t i = *pos;
	while (i < n && y < height) {
		char c = s[i++];
		int put = 0;
		char what = 0;
		if (c >= 'G' && c <= 'Y') {
			count += c - 'F';
			continue;
		}
		if (c >= 'g' && c <= 'z') {
			count += (c - 'f') * 20;
			continue;
		}
		if (zpl_hex(c) >= 0) {
			put = count ? count : 1;
			what = c;
		} else if (c == ',' || c == '!') {
			if (count)
				goto bad;
			put = 2 * bpr - filled;
			what = c == ',' ? '0' : 'F';
		} else if (c == ':') {
			if (count || filled)
				goto bad;
			memcpy(row, prev, (size_t)bpr * 2);
			filled = 2 * bpr;
		} else {
			goto bad;
		}
		count = 0;
		if (filled + put > 2 * bpr)
			goto bad;
		memset(row + filled, what, (size_t)put);
		filled += put;
		if (filled == 2 * bpr) {
			for (int x = 0; x < bpr * 8; x++)
				if ((zpl_hex(row[x / 4]) >> (3 - x % 4)) & 1)
					bitmap_set(d->bm, x, y, 1);
			memcpy(prev, row, (size_t)bpr * 2);
			filled = 0;
			y++;
		}
	}
	*pos = i;
	free(row);
	free(prev);
	return y == height ? 0 : -1;
bad:
	free(row);
	free(prev);
	return -1;
}

static int decode_zpl(const uint8_t *data, size_t n, struct decoded *d)
{
	const char *s = (const char *)data;
	size_t i = 0;
	int width = -1, height = -1, started = 0, ended = 0;
	memset(d, 0, sizeof *d);
	while (i < n) {
		if (s[i] == '\n' || s[i] == '\r') {
			i++;
			continue;
		}
		if (ended)
			return decode_fail(d, "data after ^XZ", i);
		if (s[i] != '^' || i + 3 > n)
			return decode_fail(d, "not a ^ command", i);
		char cmd[3] = {s[i + 1], s[i + 2], 0};
		i += 3;
		int a, b, c2, used = 0;
		long t1, t2;
		if (!strcmp(cmd, "XA")) {
			if (started)
				return decode_fail(d, "second ^XA", i);
			started = 1;
		} else if (!started) {
			return decode_fail(d, "command before ^XA", i);
		} else if (!strcmp(cmd, "XZ")) {
			ended = 1;
		} else if (!strcmp(cmd, "FX")) {
			while (i < n && s[i] != '^' && s[i] != '~')
				i++;
			if (i + 3 > n || memcmp(s + i, "^FS", 3) != 0)
				return decode_fail(d, "comment not closed by ^FS", i);
			i += 3;
		} else if (!strcmp(cmd, "PW") && sscanf(s + i, "%d%n", &a, &used) == 1) {
			width = a, i += (size_t)used;
		} else if (!strcmp(cmd, "LL") && sscanf(s + i, "%d%n", &a, &used) == 1) {
			height = a, i += (size_t)used;
		} else if ((!strcmp(cmd, "LH") || !strcmp(cmd, "FO")) && sscanf(s + i, "%d,%d%n", &a, &b, &used) == 2) {
			if (a || b)
				return decode_fail(d, "origin not 0,0", i);
			i += (size_t)used;
		} else if (!strcmp(cmd, "PQ") && sscanf(s + i, "%d%n", &a, &used) == 1) {
			d->pages = a, i += (size_t)used;
		} else if (!strcmp(cmd, "GF") && sscanf(s + i, "A,%ld,%ld,%d,%n", &t1, &t2, &c2, &used) == 3) {
			if (d->bm)
				return decode_fail(d, "second ^GF", i);
			if (t1 != t2 || c2 < 1 || t1 % c2)
				return decode_fail(d, "bad ^GFA sizes", i);
			i += (size_t)used;
			if (decode_zpl_gfa(s, n, &i, d, c2, t1) != 0)
				return decode_fail(d, "bad ^GFA data", i);
			if (i + 3 > n || memcmp(s + i, "^FS", 3) != 0)
				return decode_fail(d, "^GFA not closed by ^FS", i);
			i += 3;
		} else {
			return decode_fail(d, "unexpected command", i);
		}
	}
	if (!ended || !d->bm)
		return decode_fail(d, "no ^XZ or no graphic", i);
	if (width < 1 || width > d->bm->width || height != d->bm->height)
		return decode_fail(d, "^PW/^LL do not match the graphic", i);
	/* The graphic is padded to whole bytes: cut it back to ^PW. */
	struct bitmap *cut = bitmap_new(width, height, 203);
	bitmap_blit(cut, d->bm, 0, 0);
	bitmap_free(d->bm);
	d->bm = cut;
	if (!d->pages)
		d->pages = 1;
	return 0;
}

/* ---- TSPL: SIZE, GAP, CLS, BITMAP, PRINT ---- */
static int decode_tspl(const uint8_t *data, size_t n, int dpi, struct decoded *d, double *w_mm, double *h_mm)
{
	const char *s = (const char *)data;
	size_t i = 0;
	int cls = 0;
	memset(d, 0, sizeof *d);
	while (i < n) {
		char word[16];
		int k = 0;
		while (i < n && s[i] >= 'A' && s[i] <= 'Z' && k < 15)
			word[k++] = s[i++];
		word[k] = '\0';
		int used = 0, x, y, wb, h, mode, copies, sets;
		double a, b, g1, g2;
		if (!strcmp(word, "SIZE") && sscanf(s + i, " %lf mm,%lf mm%n", &a, &b, &used) == 2) {
			*w_mm = a, *h_mm = b;
		} else if (!strcmp(word, "GAP") && sscanf(s + i, " %lf mm,%lf mm%n", &g1, &g2, &used) == 2) {
		} else if (!strcmp(word, "CLS")) {
			cls++;
		} else if (!strcmp(word, "BITMAP") &&
			   sscanf(s + i, " %d,%d,%d,%d,%d,%n", &x, &y, &wb, &h, &mode, &used) == 5) {
			if (!cls || x || y || mode || wb < 1 || h < 1 || d->bm)
				return decode_fail(d, "bad BITMAP", i);
			i += (size_t)used;
			if (i + (size_t)wb * h > n)
				return decode_fail(d, "BITMAP data cut short", i);
			d->bm = bitmap_new(wb * 8, h, dpi);
			for (size_t b2 = 0; b2 < (size_t)wb * h; b2++)
				d->bm->bits[b2] = (uint8_t)~data[i + b2];
			i += (size_t)wb * h;
			used = 0;
		} else if (!strcmp(word, "PRINT") && sscanf(s + i, " %d,%d%n", &sets, &copies, &used) == 2) {
			if (sets != 1)
				return decode_fail(d, "PRINT sets", i);
			d->pages = copies;
		} else {
			return decode_fail(d, "unexpected TSPL", i);
		}
		i += (size_t)used;
		if (i + 2 > n || s[i] != '\r' || s[i + 1] != '\n')
			return decode_fail(d, "line not ended by CR LF", i);
		i += 2;
	}
	if (!d->bm || !d->pages || cls != 1)
		return decode_fail(d, "no BITMAP, PRINT or CLS", i);
	return 0;
}

/* ---- Brother QL raster ---- */
static size_t unpackbits(const uint8_t *in, size_t n, uint8_t *out, size_t size)
{
	size_t i = 0, o = 0;
	while (i < n) {
		int h = (int8_t)in[i++];
		if (h >= 0) {
			if (i + (size_t)h + 1 > n || o + (size_t)h + 1 > size)
				return (size_t)-1;
			memcpy(out + o, in + i, (size_t)h + 1);
			i += (size_t)h + 1;
			o += (size_t)h + 1;
		} else if (h != -128) {
			size_t run = (size_t)(1 - h);
			if (i >= n || o + run > size)
				return (size_t)-1;
			memset(out + o, in[i++], run);
			o += run;
		}
	}
	return o;
}

struct ql_decoded_info {
	int media_type, width_mm, length_mm;
	uint32_t lines;
	int compression, invalidate, margin, autocut;
	int mode_switch;  /* ESC i a 1 was sent */
	int compression_commands, zero_lines; /* M commands, Z lines */
};

/* width and offset say where the label sits on the head (mirrored). */
static int decode_ql(const uint8_t *s, size_t n, int head_bytes, int width, int offset, struct decoded *d,
		     struct ql_decoded_info *qi)
{
	size_t i = 0;
	int y = 0, in_page = 0, finished = 0;
	memset(d, 0, sizeof *d);
	memset(qi, 0, sizeof *qi);
	while (i < n && s[i] == 0)
		i++;
	qi->invalidate = (int)i;
	if (i + 2 > n || memcmp(s + i, "\x1b@", 2) != 0)
		return decode_fail(d, "no ESC @", i);
	i += 2;
	if (i + 4 <= n && memcmp(s + i, "\x1bia\x01", 4) == 0) {
		qi->mode_switch = 1;
		i += 4;
	}
	struct bitmap *page = NULL;
	while (i < n) {
		if (finished)
			return decode_fail(d, "data after the last page", i);
		uint8_t c = s[i];
		if (c == 0x1B && i + 2 < n && s[i + 1] == 'i') {
			uint8_t k = s[i + 2];
			if (k == 'z' && i + 13 <= n) {
				qi->media_type = s[i + 4];
				qi->width_mm = s[i + 5];
				qi->length_mm = s[i + 6];
				qi->lines = (uint32_t)s[i + 7] | (uint32_t)s[i + 8] << 8 | (uint32_t)s[i + 9] << 16 |
					    (uint32_t)s[i + 10] << 24;
				if (s[i + 11] != (d->pages ? 1 : 0))
					return decode_fail(d, "page number in ESC i z", i);
				if (qi->lines == 0 || qi->lines > 20000)
					return decode_fail(d, "raster line count", i);
				bitmap_free(page);
				page = bitmap_new(width, (int)qi->lines, 300);
				y = 0;
				in_page = 1;
				i += 13;
			} else if ((k == 'M' || k == 'A' || k == 'K') && i + 4 <= n) {
				if (k == 'M')
					qi->autocut = s[i + 3] & 0x40;
				i += 4;
			} else if (k == 'd' && i + 5 <= n) {
				qi->margin = s[i + 3] | s[i + 4] << 8;
				i += 5;
			} else {
				bitmap_free(page);
				return decode_fail(d, "unknown ESC i", i);
			}
		} else if (c == 'M' && i + 2 <= n && in_page) {
			qi->compression = s[i + 1];
			qi->compression_commands++;
			if (qi->compression != 0 && qi->compression != 2) {
				bitmap_free(page);
				return decode_fail(d, "compression mode", i);
			}
			i += 2;
		} else if ((c == 'g' || c == 'Z') && in_page) {
			uint8_t line[256];
			memset(line, 0, sizeof line);
			if (c == 'g') {
				if (i + 3 > n || s[i + 1] != 0 || i + 3 + s[i + 2] > n) {
					bitmap_free(page);
					return decode_fail(d, "raster line", i);
				}
				size_t len = s[i + 2];
				size_t got = qi->compression == 2 ? unpackbits(s + i + 3, len, line, sizeof line) : len;
				if (qi->compression != 2)
					memcpy(line, s + i + 3, len);
				if (got != (size_t)head_bytes) {
					bitmap_free(page);
					return decode_fail(d, "raster line length", i);
				}
				i += 3 + len;
			} else {
				if (qi->compression != 2) {
					bitmap_free(page);
					return decode_fail(d, "Z line without compression", i);
				}
				qi->zero_lines++;
				i++;
			}
			if (y >= page->height) {
				bitmap_free(page);
				return decode_fail(d, "more lines than ESC i z said", i);
			}
			for (int p = 0; p < head_bytes * 8; p++) {
				if (!((line[p >> 3] >> (7 - (p & 7))) & 1))
					continue;
				int col = width - 1 - (p - offset);
				if (col < 0 || col >= width) {
					bitmap_free(page);
					return decode_fail(d, "dot outside the tape", i);
				}
				bitmap_set(page, col, y, 1);
			}
			y++;
		} else if ((c == 0x0C || c == 0x1A) && in_page) {
			if (y != page->height) {
				bitmap_free(page);
				return decode_fail(d, "fewer lines than ESC i z said", i);
			}
			if (d->bm && bitmap_diff(d->bm, page) != 0) {
				bitmap_free(page);
				return decode_fail(d, "copies differ", i);
			}
			if (!d->bm) {
				d->bm = page;
				page = NULL;
			}
			d->pages++;
			in_page = 0;
			finished = c == 0x1A;
			i++;
		} else {
			bitmap_free(page);
			return decode_fail(d, "unexpected byte", i);
		}
	}
	bitmap_free(page);
	if (!finished || !d->bm)
		return decode_fail(d, "no final 0x1A", i);
	return 0;
}

/* ---- DYMO LabelWriter ---- */
static int decode_dymo(const uint8_t *s, size_t n, struct decoded *d, int *offset_bytes)
{
	size_t i = 0;
	int bytes = 0, length = 0, y = 0;
	struct bitmap *page = NULL;
	memset(d, 0, sizeof *d);
	while (i < n && s[i] == 0x1B && !(i + 1 < n && s[i + 1] == '@'))
		i++;
	if (i < 50 || i + 2 > n || s[i + 1] != '@')
		return decode_fail(d, "no ESC burst and ESC @", i);
	i += 2;
	while (i < n) {
		if (s[i] == 0x1B && i + 1 < n) {
			uint8_t k = s[i + 1];
			if (k == 'L' && i + 4 <= n) {
				length = s[i + 2] << 8 | s[i + 3];
				i += 4;
			} else if (k == 'D' && i + 3 <= n) {
				bytes = s[i + 2];
				i += 3;
			} else if (k == 'B' && i + 3 <= n) {
				*offset_bytes = s[i + 2];
				i += 3;
			} else if (k == 'E') {
				if (!page || y != length) {
					bitmap_free(page);
					return decode_fail(d, "ESC E before the label's lines", i);
				}
				if (d->bm && bitmap_diff(d->bm, page) != 0) {
					bitmap_free(page);
					return decode_fail(d, "copies differ", i);
				}
				if (!d->bm)
					d->bm = page;
				else
					bitmap_free(page);
				page = NULL;
				d->pages++;
				y = 0;
				i += 2;
			} else {
				bitmap_free(page);
				return decode_fail(d, "unknown ESC", i);
			}
		} else if (s[i] == 0x16 && bytes > 0 && length > 0) {
			if (!page)
				page = bitmap_new(bytes * 8, length, 300);
			if (i + 1 + (size_t)bytes > n || y >= length) {
				bitmap_free(page);
				return decode_fail(d, "raster line", i);
			}
			memcpy(page->bits + (size_t)y * page->stride, s + i + 1, (size_t)bytes);
			y++;
			i += 1 + (size_t)bytes;
		} else {
			bitmap_free(page);
			return decode_fail(d, "unexpected byte", i);
		}
	}
	bitmap_free(page);
	if (!d->bm)
		return decode_fail(d, "no label", i);
	return 0;
}

/* Compare a decoded bitmap with the rendered one, ignoring the byte padding
 * the raster formats add on the right. */
static long decoded_diff(const struct bitmap *rendered, const struct bitmap *decoded)
{
	if (decoded->height != rendered->height || decoded->width < rendered->width)
		return -1;
	long n = 0;
	for (int y = 0; y < decoded->height; y++)
		for (int x = 0; x < decoded->width; x++)
			n += bitmap_get(decoded, x, y) != bitmap_get(rendered, x, y);
	return n;
}

#endif
