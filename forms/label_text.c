/* Label text with FreeType: one face for Chinese and Latin, glyphs rendered
 * in grey and thresholded, since a thermal head prints whole dots only. */
#include "forms/label_text.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/i18n.h"
#include "db/text.h"
#include "db/util.h"

const char *const label_font_paths[] = {
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	NULL,
};

struct label_font {
	FT_Library lib;
	FT_Face face;
	int size;       /* pixel size last set on the face */
	char file[512];
};

/* Grey level (of 255) from which a rendered pixel becomes a black dot. */
#define TEXT_THRESHOLD 128
#define ELLIPSIS 0x2026
#define REPLACEMENT 0xFFFD
#define MAX_CPS 512

static int try_open(struct label_font *f, const char *path, sy_err *err)
{
	FT_Error e = FT_New_Face(f->lib, path, 0, &f->face);
	if (e) {
		f->face = NULL;
		return sy_fail(err, SY_ENV, "font", _("cannot load the label font %s (FreeType error %d): "
						      "check the file or name another font in the settings"),
			       path, e);
	}
	if (FT_Get_Char_Index(f->face, 0x4E2D) == 0) {
		FT_Done_Face(f->face);
		f->face = NULL;
		return sy_fail(err, SY_ENV, "font",
			       _("the label font %s has no Chinese characters: name a CJK font such as "
				 "wqy-microhei.ttc in the settings"),
			       path);
	}
	sy_strlcpy(f->file, path, sizeof f->file);
	return SY_OK;
}

int label_font_open(const char *path, struct label_font **out, sy_err *err)
{
	struct label_font *f = xcalloc(1, sizeof *f);
	int status = SY_OK;
	*out = NULL;
	if (FT_Init_FreeType(&f->lib)) {
		free(f);
		return sy_fail(err, SY_ENV, "font", _("cannot start the font renderer (FreeType)"));
	}
	if (!path || !*path)
		path = getenv("SCRAPYARD_LABEL_FONT");
	if (path && *path) {
		status = try_open(f, path, err);
	} else {
		status = SY_ENV;
		for (int i = 0; label_font_paths[i] && status != SY_OK; i++)
			status = try_open(f, label_font_paths[i], NULL);
		if (status != SY_OK)
			sy_fail(err, SY_ENV, "font",
				_("no font with Chinese characters found for labels: install the Debian package "
				  "fonts-wqy-microhei, or set SCRAPYARD_LABEL_FONT to a CJK font file"));
	}
	if (status != SY_OK) {
		label_font_close(f);
		return status;
	}
	*out = f;
	return SY_OK;
}

void label_font_close(struct label_font *f)
{
	if (!f)
		return;
	if (f->face)
		FT_Done_Face(f->face);
	FT_Done_FreeType(f->lib);
	free(f);
}

const char *label_font_file(const struct label_font *f) { return f->file; }

static void set_size(struct label_font *f, int size)
{
	if (f->size != size) {
		FT_Set_Pixel_Sizes(f->face, 0, (FT_UInt)size);
		f->size = size;
	}
}

/* Text as code points: controls become spaces, invisible direction marks go. */
static int decode(const char *s, uint32_t *cps, int max)
{
	int n = 0;
	while (*s && n < max) {
		uint32_t cp;
		int len = text_utf8_decode(s, &cp);
		if (len <= 0) {
			cp = REPLACEMENT;
			len = 1;
		}
		s += len;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029)
			cp = ' ';
		else if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
			 (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
			continue;
		cps[n++] = cp;
	}
	return n;
}

static int is_wide(uint32_t cp);

/* Synthetic bold: the face has one weight. Ideographs have many strokes
 * close together, so they get less, and none while small, or their strokes
 * run into one blot on a 203 dpi head. */
static FT_Pos bold_strength(uint32_t cp, int size)
{
	if (!is_wide(cp))
		return (FT_Pos)size * 64 / 28;
	if (size < 40)
		return 0;
	return (FT_Pos)size * 64 / 48;
}

static int load(struct label_font *f, uint32_t cp, int bold, int render)
{
	if (FT_Load_Char(f->face, cp, FT_LOAD_DEFAULT | FT_LOAD_NO_BITMAP))
		return -1;
	FT_GlyphSlot g = f->face->glyph;
	FT_Pos strength = bold ? bold_strength(cp, f->size) : 0;
	if (strength && g->format == FT_GLYPH_FORMAT_OUTLINE) {
		FT_Outline_EmboldenXY(&g->outline, strength, strength);
		g->advance.x += strength;
	}
	if (render && FT_Render_Glyph(g, FT_RENDER_MODE_NORMAL))
		return -1;
	return 0;
}

static int advance(struct label_font *f, uint32_t cp, int bold)
{
	if (load(f, cp, bold, 0) < 0)
		return 0;
	return (int)((f->face->glyph->advance.x + 32) >> 6);
}

static int run_width(struct label_font *f, const uint32_t *cps, int n, int bold)
{
	int w = 0;
	for (int i = 0; i < n; i++)
		w += advance(f, cps[i], bold);
	return w;
}

int label_text_width(struct label_font *f, const char *text, int size, int bold)
{
	uint32_t cps[MAX_CPS];
	int n = decode(text, cps, MAX_CPS);
	set_size(f, size);
	return run_width(f, cps, n, bold);
}

static int is_space(uint32_t cp) { return cp == ' ' || cp == 0x3000 || cp == 0xA0; }

/* Ideographs, kana and full-width forms may break a line on either side. */
static int is_wide(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Closing punctuation that must not begin a line. */
static int no_line_start(uint32_t cp)
{
	static const uint32_t list[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
					0xFF09, 0x300D, 0x300F, 0x300B, 0x3011, ',', '.', ')', ';', ':'};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (list[i] == cp)
			return 1;
	return 0;
}

struct line {
	int start, len, width;
};

/* Greedy wrapping at spaces and around wide characters; a run with no break
 * opportunity is broken anywhere. Returns the lines needed (may exceed max). */
static int wrap(struct label_font *f, const uint32_t *cps, int n, int width, int bold, struct line *lines, int max)
{
	int count = 0, i = 0;
	while (i < n) {
		while (i < n && is_space(cps[i]))
			i++;
		if (i >= n)
			break;
		int start = i, w = 0, brk = -1, brk_w = 0;
		while (i < n) {
			int a = advance(f, cps[i], bold);
			if (w + a > width && i > start)
				break;
			w += a;
			i++;
			if (i < n && (is_space(cps[i]) || is_wide(cps[i]) || is_wide(cps[i - 1])) &&
			    !no_line_start(cps[i])) {
				brk = i;
				brk_w = w;
			}
		}
		if (i < n && brk > start) {
			i = brk;
			w = brk_w;
		}
		int end = i;
		while (end > start && is_space(cps[end - 1]))
			w -= advance(f, cps[--end], bold);
		if (count < max)
			lines[count] = (struct line){start, end - start, w};
		count++;
	}
	return count;
}

static int line_height(struct label_font *f)
{
	FT_Size_Metrics *m = &f->face->size->metrics;
	return (int)((m->ascender - m->descender + 63) >> 6);
}

static int ascender(struct label_font *f) { return (int)((f->face->size->metrics.ascender + 32) >> 6); }

static void draw_glyph(struct label_font *f, struct bitmap *bm, uint32_t cp, int bold, int pen_x, int base_y,
		       struct text_box box)
{
	if (load(f, cp, bold, 1) < 0)
		return;
	FT_GlyphSlot g = f->face->glyph;
	FT_Bitmap *gb = &g->bitmap;
	for (unsigned row = 0; row < gb->rows; row++) {
		int y = base_y - g->bitmap_top + (int)row;
		if (y < box.y || y >= box.y + box.h)
			continue;
		const unsigned char *src = gb->buffer + (long)row * gb->pitch;
		for (unsigned col = 0; col < gb->width; col++) {
			int x = pen_x + g->bitmap_left + (int)col;
			if (x >= box.x && x < box.x + box.w && src[col] >= TEXT_THRESHOLD)
				bitmap_set(bm, x, y, 1);
		}
	}
}

static void draw_run(struct label_font *f, struct bitmap *bm, const uint32_t *cps, int n, int bold, int x,
		     int base_y, struct text_box box)
{
	for (int i = 0; i < n; i++) {
		draw_glyph(f, bm, cps[i], bold, x, base_y, box);
		x += advance(f, cps[i], bold);
	}
}

/* Cut the run until it and an ellipsis fit width; returns the kept length. */
static int elide(struct label_font *f, const uint32_t *cps, int n, int width, int bold, int *out_w)
{
	int ell = advance(f, ELLIPSIS, bold);
	int w = run_width(f, cps, n, bold);
	while (n > 0 && (w + ell > width || is_space(cps[n - 1]))) {
		w -= advance(f, cps[n - 1], bold);
		n--;
	}
	*out_w = w + ell;
	return n;
}

static int fits(struct label_font *f, const uint32_t *cps, int n, struct text_box box, int bold, int max_lines)
{
	struct line lines[16];
	int count = wrap(f, cps, n, box.w, bold, lines, 16);
	if (count > max_lines || count * line_height(f) > box.h)
		return 0;
	for (int i = 0; i < count && i < 16; i++)
		if (lines[i].width > box.w)
			return 0;
	return 1;
}

static int smaller(int size)
{
	int next = size * 92 / 100;
	return next < size ? next : size - 1;
}

/* The largest size from..to (falling) at which the text fits in max_lines;
 * 0 when none does. */
static int fit_size(struct label_font *f, const uint32_t *cps, int n, struct text_box box, int bold, int max_lines,
		    int from, int to)
{
	for (int size = from; size >= to && size >= 4; size = smaller(size)) {
		set_size(f, size);
		if (fits(f, cps, n, box, bold, max_lines))
			return size;
	}
	return 0;
}

void label_text_draw(struct label_font *f, struct bitmap *bm, const char *text, struct text_box box,
		     const struct text_style *st, struct text_fit *fit)
{
	uint32_t cps[MAX_CPS];
	struct line lines[16];
	struct text_fit dummy;
	struct text_style style = *st;
	if (!fit)
		fit = &dummy;
	memset(fit, 0, sizeof *fit);
	if (style.max_lines < 1)
		style.max_lines = 1;
	if (style.max_lines > 16)
		style.max_lines = 16;
	int n = text ? decode(text, cps, MAX_CPS) : 0;
	if (n == 0 || box.w < 1 || box.h < 1)
		return;
	int size = style.size, min = style.min_size < 4 ? 4 : style.min_size;
	/* The box's height wins over the minimum size: one line must fit. */
	while (min > 4) {
		set_size(f, min);
		if (line_height(f) <= box.h)
			break;
		min = smaller(min);
	}
	if (min > size)
		min = size;
	/* Shrinking a little reads better than wrapping: try fewer lines first
	 * down to three quarters of the size, then every size with all lines. */
	int quarter = size * 3 / 4 > min ? size * 3 / 4 : min, found = 0;
	for (int l = 1; l <= style.max_lines && !found; l++)
		found = fit_size(f, cps, n, box, style.bold, l, size, quarter);
	if (!found)
		found = fit_size(f, cps, n, box, style.bold, style.max_lines, quarter, min);
	int ok = found > 0;
	size = ok ? found : min;
	set_size(f, size);
	int count;
	if (ok) {
		count = wrap(f, cps, n, box.w, style.bold, lines, style.max_lines);
	} else {
		/* Fill the lines that fit, then cut the last one with an ellipsis. */
		int room = box.h / (line_height(f) > 0 ? line_height(f) : 1);
		if (room < 1)
			room = 1;
		int keep = style.max_lines < room ? style.max_lines : room;
		count = wrap(f, cps, n, box.w, style.bold, lines, 16);
		if (count > keep)
			count = keep;
		struct line *last = &lines[count - 1];
		last->len = elide(f, cps + last->start, n - last->start, box.w, style.bold, &last->width);
		fit->elided = 1;
	}
	int lh = line_height(f), top = box.y;
	if (style.middle)
		top += (box.h - count * lh) / 2;
	for (int i = 0; i < count; i++) {
		int x = box.x;
		if (style.align == TEXT_CENTER)
			x += (box.w - lines[i].width) / 2;
		else if (style.align == TEXT_RIGHT)
			x += box.w - lines[i].width;
		int base = top + i * lh + ascender(f);
		draw_run(f, bm, cps + lines[i].start, lines[i].len, style.bold, x, base, box);
		if (fit->elided && i == count - 1) {
			int w = run_width(f, cps + lines[i].start, lines[i].len, style.bold);
			draw_glyph(f, bm, ELLIPSIS, style.bold, x + w, base, box);
		}
		if (lines[i].width > fit->width)
			fit->width = lines[i].width;
	}
	fit->size = size;
	fit->lines = count;
}
