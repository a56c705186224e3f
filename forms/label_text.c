/* Label text with FreeType: one face for Chinese and Latin, glyphs rendered
 * in grey and thresholded, since a thermal head prints whole dots only. */
#include "forms/label_text.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

const char *const label_font_paths[] = {
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	NULL,
};

/* A glyph at one size and weight, as drawn: its advance always, its dots
 * (thresholded, packed like a bitmap's rows) once it has been drawn. */
struct glyph {
	uint64_t key; /* 0: free slot */
	int advance;  /* dots */
	int left, top, width, rows, stride;
	int rendered;
	unsigned char *bits; /* rows * stride bytes, NULL when blank */
};

/* Line metrics at one size, dots. */
struct size_metrics {
	int known, line_height, ascender;
};

enum {
	GLYPHS_MIN = 1024,    /* slots in a fresh glyph table (a power of two) */
	GLYPHS_MAX = 16384,   /* glyphs kept before the table starts over */
	GLYPH_BYTES_MAX = 8 << 20, /* or dots kept, in bytes (large text) */
	METRIC_SIZES = 1024,  /* sizes whose line metrics are kept */
	FONTS_KEPT = 4,       /* font files kept open */
};

/* A font stays open for the life of the process once loaded, with the
 * glyphs drawn so far: labels repeat the same captions and characters, and
 * loading the face and hinting glyphs is most of a render's time. Renders
 * run on one thread. */
struct label_font {
	FT_Face face;
	int face_size;  /* pixel size set on the face */
	int size;       /* size asked for; set on the face only to load a glyph */
	char file[512];
	dev_t dev;      /* the file as opened: a replaced file is opened again */
	ino_t ino;
	struct timespec mtime;
	off_t bytes;
	int kept;       /* one of the open fonts below: closing leaves it open */
	struct glyph *glyphs;
	size_t glyph_slots, glyph_count, glyph_bytes;
	struct size_metrics metrics[METRIC_SIZES];
};

static FT_Library library;
static struct label_font *fonts[FONTS_KEPT];
static struct label_font *default_font; /* what the known paths led to */

/* Grey level (of 255) from which a rendered pixel becomes a black dot. */
#define TEXT_THRESHOLD 128
#define ELLIPSIS 0x2026
#define REPLACEMENT 0xFFFD
#define MAX_CPS 512

static void glyphs_clear(struct label_font *f)
{
	for (size_t i = 0; i < f->glyph_slots; i++)
		free(f->glyphs[i].bits);
	free(f->glyphs);
	f->glyphs = NULL;
	f->glyph_slots = f->glyph_count = f->glyph_bytes = 0;
}

static void font_free(struct label_font *f)
{
	if (!f)
		return;
	glyphs_clear(f);
	if (f->face)
		FT_Done_Face(f->face);
	free(f);
}

/* The file at path is still the one f was loaded from. */
static int same_file(const struct label_font *f, const char *path)
{
	struct stat st;
	return strcmp(f->file, path) == 0 && stat(path, &st) == 0 && st.st_dev == f->dev && st.st_ino == f->ino &&
	       st.st_size == f->bytes && st.st_mtim.tv_sec == f->mtime.tv_sec &&
	       st.st_mtim.tv_nsec == f->mtime.tv_nsec;
}

static int try_open(const char *path, struct label_font **out, sy_err *err)
{
	struct stat st;
	struct label_font *f = xcalloc(1, sizeof *f);
	*out = NULL;
	FT_Error e = stat(path, &st) == 0 ? FT_New_Face(library, path, 0, &f->face) : FT_Err_Cannot_Open_Resource;
	if (e) {
		free(f);
		return sy_fail(err, SY_ENV, "font", _("cannot load the label font %s (FreeType error %d): "
						      "check the file or name another font in the settings"),
			       path, e);
	}
	if (FT_Get_Char_Index(f->face, 0x4E2D) == 0) {
		font_free(f);
		return sy_fail(err, SY_ENV, "font",
			       _("the label font %s has no Chinese characters: name a CJK font such as "
				 "wqy-microhei.ttc in the settings"),
			       path);
	}
	sy_strlcpy(f->file, path, sizeof f->file);
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->mtime = st.st_mtim;
	f->bytes = st.st_size;
	*out = f;
	return SY_OK;
}

/* The open font for path, loading it (again, if the file changed) when needed. */
static int open_kept(const char *path, struct label_font **out, sy_err *err)
{
	int slot = -1;
	for (int i = 0; i < FONTS_KEPT; i++) {
		if (fonts[i] && strcmp(fonts[i]->file, path) == 0) {
			if (same_file(fonts[i], path)) {
				*out = fonts[i];
				return SY_OK;
			}
			if (default_font == fonts[i])
				default_font = NULL;
			font_free(fonts[i]);
			fonts[i] = NULL;
		}
		if (!fonts[i] && slot < 0)
			slot = i;
	}
	int status = try_open(path, out, err);
	if (status == SY_OK && slot >= 0) {
		(*out)->kept = 1;
		fonts[slot] = *out;
	}
	return status;
}

int label_font_open(const char *path, struct label_font **out, sy_err *err)
{
	int status = SY_ENV;
	*out = NULL;
	if (!library && FT_Init_FreeType(&library)) {
		library = NULL;
		return sy_fail(err, SY_ENV, "font", _("cannot start the font renderer (FreeType)"));
	}
	if (!path || !*path)
		path = getenv("SCRAPYARD_LABEL_FONT");
	if (path && *path)
		return open_kept(path, out, err);
	if (default_font && same_file(default_font, default_font->file)) {
		*out = default_font;
		return SY_OK;
	}
	default_font = NULL;
	for (int i = 0; label_font_paths[i] && status != SY_OK; i++)
		status = open_kept(label_font_paths[i], out, NULL);
	if (status != SY_OK)
		return sy_fail(err, SY_ENV, "font",
			       _("no font with Chinese characters found for labels: install the Debian package "
				 "fonts-wqy-microhei, or set SCRAPYARD_LABEL_FONT to a CJK font file"));
	if ((*out)->kept)
		default_font = *out;
	return SY_OK;
}

void label_font_close(struct label_font *f)
{
	if (f && !f->kept)
		font_free(f);
}

const char *label_font_file(const struct label_font *f) { return f->file; }

static void set_size(struct label_font *f, int size) { f->size = size; }

/* The face at the size asked for, before FreeType loads anything. */
static void face_size(struct label_font *f)
{
	if (f->face_size != f->size) {
		FT_Set_Pixel_Sizes(f->face, 0, (FT_UInt)f->size);
		f->face_size = f->size;
	}
}

static const struct size_metrics *metrics(struct label_font *f)
{
	static struct size_metrics scratch;
	struct size_metrics *m = f->size >= 0 && f->size < METRIC_SIZES ? &f->metrics[f->size] : &scratch;
	if (!m->known || m == &scratch) {
		face_size(f);
		FT_Size_Metrics *fm = &f->face->size->metrics;
		m->line_height = (int)((fm->ascender - fm->descender + 63) >> 6);
		m->ascender = (int)((fm->ascender + 32) >> 6);
		m->known = 1;
	}
	return m;
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
	face_size(f);
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

static uint64_t glyph_key(int size, uint32_t cp, int bold)
{
	return ((uint64_t)(uint32_t)size << 32 | (uint64_t)(bold ? 1 : 0) << 31 | cp) + 1;
}

static size_t glyph_hash(uint64_t key, size_t slots)
{
	key ^= key >> 29;
	key *= 0xBF58476D1CE4E5B9ull;
	key ^= key >> 32;
	return (size_t)key & (slots - 1);
}

static struct glyph *glyph_slot(struct glyph *table, size_t slots, uint64_t key)
{
	size_t i = glyph_hash(key, slots);
	while (table[i].key && table[i].key != key)
		i = (i + 1) & (slots - 1);
	return &table[i];
}

/* Make room for one more glyph: a larger table, or a fresh one when full. */
static void glyphs_grow(struct label_font *f)
{
	if (f->glyph_count >= GLYPHS_MAX || f->glyph_bytes >= GLYPH_BYTES_MAX)
		glyphs_clear(f);
	if (f->glyph_slots && (f->glyph_count + 1) * 2 <= f->glyph_slots)
		return;
	size_t slots = f->glyph_slots ? f->glyph_slots * 2 : GLYPHS_MIN;
	struct glyph *table = xcalloc(slots, sizeof *table);
	for (size_t i = 0; i < f->glyph_slots; i++)
		if (f->glyphs[i].key)
			*glyph_slot(table, slots, f->glyphs[i].key) = f->glyphs[i];
	free(f->glyphs);
	f->glyphs = table;
	f->glyph_slots = slots;
}

/* The glyph at the current size, its advance measured. */
static struct glyph *glyph(struct label_font *f, uint32_t cp, int bold)
{
	uint64_t key = glyph_key(f->size, cp, bold);
	struct glyph *g = f->glyphs ? glyph_slot(f->glyphs, f->glyph_slots, key) : NULL;
	if (g && g->key)
		return g;
	glyphs_grow(f);
	g = glyph_slot(f->glyphs, f->glyph_slots, key);
	memset(g, 0, sizeof *g);
	g->key = key;
	f->glyph_count++;
	if (load(f, cp, bold, 0) == 0)
		g->advance = (int)((f->face->glyph->advance.x + 32) >> 6);
	return g;
}

/* Threshold FreeType's grey rendering into the glyph's dots. */
static void glyph_render(struct label_font *f, struct glyph *g, uint32_t cp, int bold)
{
	g->rendered = 1;
	if (load(f, cp, bold, 1) < 0)
		return;
	FT_GlyphSlot slot = f->face->glyph;
	FT_Bitmap *gb = &slot->bitmap;
	if (gb->rows == 0 || gb->width == 0)
		return;
	g->left = slot->bitmap_left;
	g->top = slot->bitmap_top;
	g->width = (int)gb->width;
	g->rows = (int)gb->rows;
	g->stride = (g->width + 7) / 8;
	g->bits = xcalloc((size_t)g->rows * g->stride, 1);
	f->glyph_bytes += (size_t)g->rows * g->stride;
	for (int row = 0; row < g->rows; row++) {
		const unsigned char *src = gb->buffer + (long)row * gb->pitch;
		unsigned char *dst = g->bits + (size_t)row * g->stride;
		for (int col = 0; col < g->width; col++)
			if (src[col] >= TEXT_THRESHOLD)
				dst[col >> 3] |= (unsigned char)(0x80 >> (col & 7));
	}
}

static int advance(struct label_font *f, uint32_t cp, int bold) { return glyph(f, cp, bold)->advance; }

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

static int line_height(struct label_font *f) { return metrics(f)->line_height; }

static int ascender(struct label_font *f) { return metrics(f)->ascender; }

static void draw_glyph(struct label_font *f, struct bitmap *bm, uint32_t cp, int bold, int pen_x, int base_y,
		       struct text_box box)
{
	struct glyph *g = glyph(f, cp, bold);
	if (!g->rendered)
		glyph_render(f, g, cp, bold);
	if (g->bits)
		bitmap_put_bits(bm, pen_x + g->left, base_y - g->top, g->bits, g->stride, g->width, g->rows, box.x,
				box.y, box.w, box.h, 1);
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
