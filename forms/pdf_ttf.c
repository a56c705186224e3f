/* TrueType fonts for embedding: reading and cutting down.
 *
 * A document's font is cut here rather than with HarfBuzz's subsetter: for
 * a few hundred Chinese glyphs of wqy-microhei, hb-subset spends 2 to 10 ms
 * planning (it walks the whole character map and layout tables), five times
 * a whole certificate. A PDF needs far less than a font for an operating
 * system: the outlines and advance widths of the glyphs used, numbered as
 * the document numbers them. Copying those is a few microseconds.
 *
 * The file is mapped, not read: a certificate touches a few dozen of the
 * pages of a 5 MB collection. */
#include "forms/pdf_ttf.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

#define TAG(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))
#define MAX_GLYPHS 65535u

/* composite glyph flags */
#define ARG_WORDS 0x0001
#define HAVE_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define HAVE_XY_SCALE 0x0040
#define HAVE_2X2 0x0080
#define HAVE_INSTRUCTIONS 0x0100

static inline unsigned u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static inline int s16(const unsigned char *p) { return (int16_t)u16(p); }
static inline uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Whether [off, off+len) lies within size bytes. */
static inline int fits(size_t off, size_t len, size_t size) { return off <= size && len <= size - off; }

static int refuse(sy_err *err, const char *why)
{
	return sy_fail(err, SY_INVALID, NULL, _("not a TrueType font that can be embedded (%s)"), why);
}

/* ---- reading ---- */

/* The offset table of face index: the file itself, or one of a collection. */
static int face_offset(const unsigned char *d, size_t size, unsigned index, size_t *off)
{
	if (size < 12)
		return -1;
	if (u32(d) != TAG('t', 't', 'c', 'f')) {
		*off = 0;
		return index == 0 ? 0 : -1;
	}
	uint32_t faces = u32(d + 8);
	if (index >= faces || !fits(12, 4 * ((size_t)index + 1), size))
		return -1;
	*off = u32(d + 12 + 4 * (size_t)index);
	return 0;
}

static int find_tables(struct ttf *f, size_t at, sy_err *err)
{
	const unsigned char *d = f->data;
	if (!fits(at, 12, f->size))
		return refuse(err, _("short file"));
	uint32_t version = u32(d + at);
	if (version != 0x00010000 && version != TAG('t', 'r', 'u', 'e'))
		return refuse(err, _("no TrueType outlines"));
	unsigned n = u16(d + at + 4);
	if (!fits(at + 12, (size_t)n * 16, f->size))
		return refuse(err, _("table directory"));
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = d + at + 12 + (size_t)i * 16;
		struct ttf_table t = {u32(r + 8), u32(r + 12)};
		if (!fits(t.off, t.len, f->size))
			return refuse(err, _("table outside the file"));
		switch (u32(r)) {
		case TAG('h', 'e', 'a', 'd'): f->head = t; break;
		case TAG('h', 'h', 'e', 'a'): f->hhea = t; break;
		case TAG('m', 'a', 'x', 'p'): f->maxp = t; break;
		case TAG('h', 'm', 't', 'x'): f->hmtx = t; break;
		case TAG('l', 'o', 'c', 'a'): f->loca = t; break;
		case TAG('g', 'l', 'y', 'f'): f->glyf = t; break;
		case TAG('O', 'S', '/', '2'): f->os2 = t; break;
		case TAG('p', 'o', 's', 't'): f->post = t; break;
		case TAG('c', 'm', 'a', 'p'):
			f->cmap = d + t.off; /* the table for now, the subtable once chosen */
			f->cmap_len = t.len;
			break;
		default: break;
		}
	}
	return SY_OK;
}

/* Rank of a character map subtable: full Unicode first, then the BMP. */
static int cmap_rank(unsigned platform, unsigned encoding, unsigned format)
{
	if (format == 12 && (platform == 3 ? encoding == 10 : platform == 0))
		return 3;
	if (format == 4 && (platform == 3 ? encoding == 1 : platform == 0))
		return 2;
	return 0;
}

static int choose_cmap(struct ttf *f, sy_err *err)
{
	const unsigned char *c = f->cmap;
	size_t len = f->cmap_len;
	f->cmap = NULL;
	f->cmap_len = 0;
	if (!c || len < 4)
		return refuse(err, _("no character map"));
	unsigned n = u16(c + 2);
	if (!fits(4, (size_t)n * 8, len))
		return refuse(err, _("character map"));
	int best = 0;
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *r = c + 4 + (size_t)i * 8;
		uint32_t off = u32(r + 4);
		if (!fits(off, 8, len))
			continue;
		unsigned format = u16(c + off);
		size_t sublen = format == 12 ? u32(c + off + 4) : u16(c + off + 2);
		int rank = cmap_rank(u16(r), u16(r + 2), format);
		if (rank > best && fits(off, sublen, len) && sublen >= (format == 12 ? 16u : 14u)) {
			best = rank;
			f->cmap = c + off;
			f->cmap_len = sublen;
			f->cmap_format = (int)format;
		}
	}
	return best ? SY_OK : refuse(err, _("no Unicode character map"));
}

int ttf_parse(struct ttf *f, const unsigned char *data, size_t size, unsigned index, sy_err *err)
{
	memset(f, 0, sizeof *f);
	f->data = data;
	f->size = size;
	size_t at;
	if (face_offset(data, size, index, &at) != 0)
		return refuse(err, _("no such face"));
	int rc = find_tables(f, at, err);
	if (rc != SY_OK)
		return rc;
	if (f->head.len < 54 || f->hhea.len < 36 || f->maxp.len < 6 || !f->glyf.len || !f->loca.len)
		return refuse(err, _("missing tables"));
	const unsigned char *head = data + f->head.off;
	if (u32(head + 12) != 0x5F0F3CF5)
		return refuse(err, _("bad header"));
	f->units_per_em = u16(head + 18);
	f->long_loca = s16(head + 50) == 1;
	f->glyphs = u16(data + f->maxp.off + 4);
	f->hmetrics = u16(data + f->hhea.off + 34);
	if (f->units_per_em < 16 || f->glyphs == 0 || f->hmetrics == 0 || f->hmetrics > f->glyphs ||
	    f->loca.len < ((size_t)f->glyphs + 1) * (f->long_loca ? 4 : 2) ||
	    f->hmtx.len < (size_t)f->hmetrics * 4 + ((size_t)f->glyphs - f->hmetrics) * 2)
		return refuse(err, _("glyph tables"));
	return choose_cmap(f, err);
}

int ttf_open(struct ttf *f, const char *path, unsigned index, sy_err *err)
{
	memset(f, 0, sizeof *f);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
		if (fd >= 0)
			close(fd);
		return sy_fail(err, SY_ENV, NULL, _("cannot read the font file %s"), path);
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return sy_fail(err, SY_ENV, NULL, _("cannot read the font file %s"), path);
	sy_err why = {0};
	if (ttf_parse(f, p, (size_t)st.st_size, index, &why) != SY_OK) {
		munmap(p, (size_t)st.st_size);
		memset(f, 0, sizeof *f);
		return sy_fail(err, SY_ENV, NULL, _("the font file %s is %s"), path, why.msg);
	}
	f->mapped = 1;
	return SY_OK;
}

void ttf_close(struct ttf *f)
{
	if (f->mapped)
		munmap((void *)f->data, f->size);
	memset(f, 0, sizeof *f);
}

static unsigned glyph_format4(const unsigned char *c, size_t len, uint32_t cp)
{
	if (cp > 0xffff)
		return 0;
	unsigned segs = u16(c + 6) / 2;
	if (!fits(14, (size_t)segs * 8 + 2, len))
		return 0;
	const unsigned char *ends = c + 14, *starts = ends + 2 * segs + 2, *deltas = starts + 2 * segs,
			    *ranges = deltas + 2 * segs;
	unsigned lo = 0, hi = segs; /* the first segment ending at or after cp */
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (u16(ends + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == segs || u16(starts + 2 * lo) > cp)
		return 0;
	unsigned delta = u16(deltas + 2 * lo), range = u16(ranges + 2 * lo);
	if (range == 0)
		return (cp + delta) & 0xffff;
	size_t at = (size_t)(ranges + 2 * lo - c) + range + 2 * (cp - u16(starts + 2 * lo));
	if (!fits(at, 2, len))
		return 0;
	unsigned g = u16(c + at);
	return g ? (g + delta) & 0xffff : 0;
}

static unsigned glyph_format12(const unsigned char *c, size_t len, uint32_t cp)
{
	uint32_t groups = u32(c + 12);
	if (groups > (len - 16) / 12)
		return 0;
	uint32_t lo = 0, hi = groups;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const unsigned char *g = c + 16 + (size_t)mid * 12;
		if (u32(g + 4) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == groups)
		return 0;
	const unsigned char *g = c + 16 + (size_t)lo * 12;
	uint32_t start = u32(g);
	if (start > cp)
		return 0;
	uint32_t glyph = u32(g + 8) + (cp - start);
	return glyph <= MAX_GLYPHS ? glyph : 0;
}

unsigned ttf_glyph(const struct ttf *f, uint32_t cp)
{
	unsigned g = f->cmap_format == 12 ? glyph_format12(f->cmap, f->cmap_len, cp)
					   : glyph_format4(f->cmap, f->cmap_len, cp);
	return g < f->glyphs ? g : 0;
}

unsigned ttf_advance(const struct ttf *f, unsigned glyph)
{
	unsigned i = glyph < f->hmetrics ? glyph : f->hmetrics - 1;
	return u16(f->data + f->hmtx.off + 4 * (size_t)i);
}

static int left_bearing(const struct ttf *f, unsigned glyph)
{
	const unsigned char *h = f->data + f->hmtx.off;
	return glyph < f->hmetrics ? s16(h + 4 * (size_t)glyph + 2)
				   : s16(h + 4 * (size_t)f->hmetrics + 2 * (size_t)(glyph - f->hmetrics));
}

void ttf_metrics(const struct ttf *f, struct ttf_metrics *m)
{
	const unsigned char *head = f->data + f->head.off, *hhea = f->data + f->hhea.off;
	memset(m, 0, sizeof *m);
	for (int i = 0; i < 4; i++)
		m->bbox[i] = s16(head + 36 + 2 * i);
	m->ascent = s16(hhea + 4);
	m->descent = s16(hhea + 6);
	m->cap_height = m->ascent * 7 / 10;
	m->weight = 400;
	if (f->os2.len >= 6)
		m->weight = (int)u16(f->data + f->os2.off + 4);
	if (f->os2.len >= 90 && u16(f->data + f->os2.off) >= 2)
		m->cap_height = s16(f->data + f->os2.off + 88);
	if (f->post.len >= 8)
		m->italic_angle = (int)((int32_t)u32(f->data + f->post.off + 4) / 65536);
}

int ttf_outline(const struct ttf *f, unsigned glyph, struct ttf_glyph *out)
{
	memset(out, 0, sizeof *out);
	if (glyph >= f->glyphs)
		return -1;
	out->advance = ttf_advance(f, glyph);
	out->lsb = left_bearing(f, glyph);
	const unsigned char *loca = f->data + f->loca.off;
	size_t a, b;
	if (f->long_loca) {
		a = u32(loca + 4 * (size_t)glyph);
		b = u32(loca + 4 * (size_t)glyph + 4);
	} else {
		a = 2 * (size_t)u16(loca + 2 * (size_t)glyph);
		b = 2 * (size_t)u16(loca + 2 * (size_t)glyph + 2);
	}
	if (b <= a || !fits(a, b - a, f->glyf.len) || b - a < 10)
		return 0; /* no outline: a space */
	out->data = f->data + f->glyf.off + a;
	out->len = b - a;
	return 0;
}

static int font_outline(const void *ctx, unsigned id, struct ttf_glyph *out) { return ttf_outline(ctx, id, out); }

void ttf_source_of(const struct ttf *f, struct ttf_source *src)
{
	src->head = f->data + f->head.off;
	src->hhea = f->data + f->hhea.off;
	src->maxp = f->data + f->maxp.off;
	src->maxp_len = f->maxp.len < 32 ? f->maxp.len : 32;
	src->glyphs = f->glyphs;
	src->outline = font_outline;
	src->ctx = f;
}

static size_t part_args(unsigned flags)
{
	return (flags & ARG_WORDS ? 4 : 2) + (flags & HAVE_SCALE ? 2 : 0) + (flags & HAVE_XY_SCALE ? 4 : 0) +
	       (flags & HAVE_2X2 ? 8 : 0);
}

unsigned ttf_parts(const struct ttf_glyph *g, uint16_t *parts, unsigned max)
{
	if (!g->data || g->len < 10 || s16(g->data) >= 0)
		return 0;
	unsigned n = 0;
	size_t at = 10;
	for (unsigned flags = MORE_COMPONENTS; flags & MORE_COMPONENTS && n < max && fits(at, 4, g->len);) {
		flags = u16(g->data + at);
		parts[n++] = (uint16_t)u16(g->data + at + 2);
		at += 4 + part_args(flags);
	}
	return n;
}

/* ---- writing ---- */

static void buf_reserve(struct ttf_buf *b, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 1024;
		b->data = xrealloc(b->data, b->cap);
	}
}

static void put_bytes(struct ttf_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void put16(struct ttf_buf *b, unsigned v) { put_bytes(b, (unsigned char[]){(unsigned char)(v >> 8), (unsigned char)v}, 2); }

static void put32(struct ttf_buf *b, uint32_t v)
{
	put_bytes(b, (unsigned char[]){(unsigned char)(v >> 24), (unsigned char)(v >> 16), (unsigned char)(v >> 8),
				       (unsigned char)v},
		  4);
}

static void set16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void set32(unsigned char *p, uint32_t v)
{
	set16(p, v >> 16);
	set16(p + 2, v & 0xffff);
}

static void pad4(struct ttf_buf *b)
{
	while (b->len & 3)
		put_bytes(b, "", 1);
}

void ttf_buf_free(struct ttf_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

/* The glyphs of the new font, old numbers in new order, with a map back. */
struct glyph_list {
	uint16_t *old;
	unsigned n, cap;
	uint32_t *slots; /* old + 1 << 16 | new, 0 empty; open addressing */
	unsigned nslots;
};

static unsigned slot_of(unsigned old, unsigned nslots) { return (old * 2654435761u >> 7) & (nslots - 1); }

static void list_rehash(struct glyph_list *l)
{
	free(l->slots);
	l->nslots = 64;
	while (l->nslots < 2 * l->cap)
		l->nslots *= 2;
	l->slots = xcalloc(l->nslots, sizeof *l->slots);
	for (unsigned i = 0; i < l->n; i++) {
		unsigned s = slot_of(l->old[i], l->nslots);
		while (l->slots[s])
			s = (s + 1) & (l->nslots - 1);
		l->slots[s] = ((uint32_t)l->old[i] + 1) << 16 | i;
	}
}

/* The new number of old glyph g, added at the end when new; -1 when full. */
static long list_add(struct glyph_list *l, unsigned g, int find_first)
{
	if (find_first) {
		for (unsigned s = slot_of(g, l->nslots);; s = (s + 1) & (l->nslots - 1)) {
			if (!l->slots[s])
				break;
			if ((l->slots[s] >> 16) == g + 1)
				return l->slots[s] & 0xffff;
		}
	}
	if (l->n >= MAX_GLYPHS)
		return -1;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->old = xrealloc(l->old, l->cap * sizeof *l->old);
		list_rehash(l);
	}
	l->old[l->n] = (uint16_t)g;
	unsigned s = slot_of(g, l->nslots);
	while (l->slots[s])
		s = (s + 1) & (l->nslots - 1);
	l->slots[s] = ((uint32_t)g + 1) << 16 | l->n;
	return l->n++;
}

/* A simple glyph without its instructions. */
static int copy_simple(struct ttf_buf *out, const unsigned char *g, size_t len)
{
	size_t contours = (size_t)s16(g);
	size_t at = 10 + 2 * contours;
	if (!fits(at, 2, len) || !fits(at + 2, u16(g + at), len))
		return -1;
	size_t skip = u16(g + at);
	put_bytes(out, g, at);
	put16(out, 0);
	put_bytes(out, g + at + 2 + skip, len - at - 2 - skip);
	return 0;
}

/* A composite glyph with its parts renumbered (added to the list when new)
 * and without instructions. */
static int copy_composite(struct ttf_buf *out, const unsigned char *g, size_t len, struct glyph_list *l,
			  const struct ttf_source *src)
{
	size_t at = 10;
	put_bytes(out, g, 10);
	for (unsigned flags = MORE_COMPONENTS; flags & MORE_COMPONENTS;) {
		if (!fits(at, 4, len))
			return -1;
		flags = u16(g + at);
		unsigned part = u16(g + at + 2);
		size_t args = part_args(flags);
		if (part >= src->glyphs || !fits(at + 4, args, len))
			return -1;
		long new_part = list_add(l, part, 1);
		if (new_part < 0)
			return -1;
		put16(out, flags & ~(unsigned)HAVE_INSTRUCTIONS);
		put16(out, (unsigned)new_part);
		put_bytes(out, g + at + 4, args);
		at += 4 + args;
	}
	return 0;
}

/* glyf, loca and hmtx, closing over composite parts; -1 when the source
 * lacks a glyph. */
static int write_glyphs(const struct ttf_source *src, struct glyph_list *l, struct ttf_buf *glyf, struct ttf_buf *loca,
			struct ttf_buf *hmtx, size_t start)
{
	for (unsigned i = 0; i < l->n; i++) { /* l->n grows as parts are found */
		put32(loca, (uint32_t)(glyf->len - start));
		struct ttf_glyph g;
		if (src->outline(src->ctx, l->old[i], &g) != 0)
			return -1;
		put16(hmtx, g.advance);
		put16(hmtx, (unsigned)g.lsb);
		if (!g.data || g.len < 10)
			continue;
		size_t mark = glyf->len;
		int rc = s16(g.data) >= 0 ? copy_simple(glyf, g.data, g.len) : copy_composite(glyf, g.data, g.len, l, src);
		if (rc != 0) { /* a damaged glyph is left blank rather than failing the document */
			glyf->len = mark;
			continue;
		}
		pad4(glyf);
	}
	put32(loca, (uint32_t)(glyf->len - start));
	return 0;
}

/* 'cmap' with a (1,0) byte subtable and a (3,0) symbol subtable at
 * U+F000 + code, both mapping code codes[i] to glyph i. */
static void write_byte_cmap(struct ttf_buf *b, const uint8_t *codes, unsigned n)
{
	uint16_t map[256] = {0};
	for (unsigned i = 1; i < n && i < 256; i++)
		map[codes[i]] = (uint16_t)i;
	put16(b, 0);
	put16(b, 2);
	put16(b, 1), put16(b, 0), put32(b, 20);
	put16(b, 3), put16(b, 0), put32(b, 20 + 262);
	put16(b, 0), put16(b, 262), put16(b, 0); /* format 0 */
	for (int c = 0; c < 256; c++)
		put_bytes(b, (uint8_t[]){(uint8_t)map[c]}, 1);
	/* format 4: F000-F0FF through glyphIdArray, then the closing FFFF */
	put16(b, 4), put16(b, 32 + 512), put16(b, 0);
	put16(b, 4), put16(b, 4), put16(b, 1), put16(b, 0); /* segCountX2, searchRange, entrySelector, rangeShift */
	put16(b, 0xf0ff), put16(b, 0xffff), put16(b, 0);
	put16(b, 0xf000), put16(b, 0xffff);
	put16(b, 0), put16(b, 1);
	put16(b, 4), put16(b, 0);
	for (int c = 0; c < 256; c++)
		put16(b, map[c]);
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= len; i += 4)
		sum += u32(p + i);
	if (i < len) {
		unsigned char last[4] = {0};
		memcpy(last, p + i, len - i);
		sum += u32(last);
	}
	return sum;
}

struct out_table {
	uint32_t tag;
	size_t at, len; /* in the font file */
};

/* Append a table to the font file, recording where it went. */
static void add_table(struct ttf_buf *out, struct out_table *t, uint32_t tag, const void *data, size_t len)
{
	t->tag = tag;
	t->at = out->len;
	t->len = len;
	put_bytes(out, data, len);
	pad4(out);
}

/* Offset table and directory (tags in order) before the tables. */
static void write_directory(struct ttf_buf *out, const struct out_table *t, unsigned n)
{
	unsigned pow = 1, log = 0;
	while (pow * 2 <= n)
		pow *= 2, log++;
	unsigned char *d = out->data;
	set32(d, 0x00010000);
	set16(d + 4, n), set16(d + 6, pow * 16), set16(d + 8, log), set16(d + 10, n * 16 - pow * 16);
	size_t head_at = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned char *r = d + 12 + 16 * (size_t)i;
		set32(r, t[i].tag), set32(r + 4, checksum(d + t[i].at, t[i].len));
		set32(r + 8, (uint32_t)t[i].at), set32(r + 12, (uint32_t)t[i].len);
		if (t[i].tag == TAG('h', 'e', 'a', 'd'))
			head_at = t[i].at;
	}
	set32(d + head_at + 8, 0xB1B0AFBA - checksum(d, out->len));
}

int ttf_subset(const struct ttf_source *src, const uint16_t *glyphs, unsigned n, const uint8_t *codes,
	       struct ttf_buf *out, sy_err *err)
{
	out->len = 0;
	if (n == 0 || n > MAX_GLYPHS)
		return refuse(err, _("glyph count"));
	struct glyph_list l = {0};
	for (unsigned i = 0; i < n; i++)
		list_add(&l, glyphs[i] < src->glyphs ? glyphs[i] : 0, 0);
	/* the tables in tag order, glyf written in place: it is most of the file */
	enum { TABLES = 7 };
	struct out_table t[TABLES];
	unsigned nt = 0;
	size_t dir = 12 + 16 * (size_t)(codes ? TABLES : TABLES - 1);
	buf_reserve(out, dir + 1024 + (size_t)n * 128);
	memset(out->data, 0, dir);
	out->len = dir;
	if (codes) {
		struct ttf_buf cmap = {0};
		write_byte_cmap(&cmap, codes, n);
		add_table(out, &t[nt++], TAG('c', 'm', 'a', 'p'), cmap.data, cmap.len);
		ttf_buf_free(&cmap);
	}
	struct ttf_buf loca = {0}, hmtx = {0};
	t[nt].tag = TAG('g', 'l', 'y', 'f');
	t[nt].at = out->len;
	if (write_glyphs(src, &l, out, &loca, &hmtx, t[nt].at) != 0) {
		ttf_buf_free(&loca);
		ttf_buf_free(&hmtx);
		free(l.old);
		free(l.slots);
		return refuse(err, _("a glyph is missing"));
	}
	t[nt].len = out->len - t[nt].at;
	nt++;
	unsigned char head[54], hhea[36], maxp[32];
	memcpy(head, src->head, sizeof head);
	memcpy(hhea, src->hhea, sizeof hhea);
	memcpy(maxp, src->maxp, src->maxp_len);
	set32(head + 8, 0);  /* checkSumAdjustment, set once the file is whole */
	set16(head + 50, 1); /* long loca */
	set16(hhea + 34, l.n);
	set16(maxp + 4, l.n);
	add_table(out, &t[nt++], TAG('h', 'e', 'a', 'd'), head, sizeof head);
	add_table(out, &t[nt++], TAG('h', 'h', 'e', 'a'), hhea, sizeof hhea);
	add_table(out, &t[nt++], TAG('h', 'm', 't', 'x'), hmtx.data, hmtx.len);
	add_table(out, &t[nt++], TAG('l', 'o', 'c', 'a'), loca.data, loca.len);
	add_table(out, &t[nt++], TAG('m', 'a', 'x', 'p'), maxp, src->maxp_len);
	write_directory(out, t, nt);
	ttf_buf_free(&loca);
	ttf_buf_free(&hmtx);
	free(l.old);
	free(l.slots);
	return SY_OK;
}
