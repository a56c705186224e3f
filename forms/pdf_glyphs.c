/* The glyph cache of the Chinese font (see forms/pdf_glyphs.h).
 *
 * The file, little-endian:
 *   0    "SYGLYPH2"
 *   8    font id: u64 size, u64 inode, i64 mtime s, i64 mtime ns, u32 face
 *   44   u32 characters, u32 glyphs, u32 outline bytes, u32 maxp bytes,
 *        u32 units per em, u32 glyphs in the font
 *   68   i32 ascent, descent, cap height, bbox x0 y0 x1 y1, italic angle, weight
 *   104  the font's head (54 bytes), hhea (36), maxp (up to 32)
 *   226  u32 checksum of bytes 0..225
 *   232  characters, 12 bytes each, by code point: u32 code point,
 *        u16 glyph, u16 advance, u32 checksum of the other fields
 *   ...  glyphs, 20 bytes each, by glyph: u32 glyph, u16 advance,
 *        i16 left side bearing, u32 offset, u32 length, u32 checksum of
 *        the other fields and the outline
 *   ...  outlines, as the font stores them (composite ones name the font's
 *        glyphs, which are in the pack too) */
#include "forms/pdf_glyphs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "base/util.h"

#define MAGIC "SYGLYPH2"
#define HEADER 232
#define HEADER_SUM_AT 226
#define CHAR 12
#define GLYPH 20
#define MAX_CHARS 16384 /* every character a yard writes, a few MB at most */
#define MAX_GLYPHS 32768
#define MAX_DATA (16u << 20)
#define MAX_PARTS 64

static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

static void wr16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}
static void wr32(unsigned char *p, uint32_t v)
{
	wr16(p, v & 0xffff);
	wr16(p + 2, v >> 16);
}
static void wr64(unsigned char *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t fnv(uint32_t h, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static uint32_t sum_of(const unsigned char *p, size_t n) { return fnv(2166136261u, p, n); }

int glyph_font_id(const char *path, unsigned face, struct glyph_font_id *id)
{
	struct stat st;
	memset(id, 0, sizeof *id);
	if (stat(path, &st) != 0)
		return -1;
	id->size = (uint64_t)st.st_size;
	id->ino = (uint64_t)st.st_ino;
	id->mtime_sec = st.st_mtim.tv_sec;
	id->mtime_nsec = st.st_mtim.tv_nsec;
	id->face = face;
	return 0;
}

static void write_id(unsigned char *p, const struct glyph_font_id *id)
{
	wr64(p, id->size);
	wr64(p + 8, id->ino);
	wr64(p + 16, (uint64_t)id->mtime_sec);
	wr64(p + 24, (uint64_t)id->mtime_nsec);
	wr32(p + 32, id->face);
}

int glyph_pack_parse(struct glyph_pack *p, const unsigned char *data, size_t size, const struct glyph_font_id *id)
{
	memset(p, 0, sizeof *p);
	if (size < HEADER || memcmp(data, MAGIC, 8) != 0)
		return -1;
	unsigned char want[36];
	write_id(want, id);
	if (memcmp(data + 8, want, sizeof want) != 0 || rd32(data + HEADER_SUM_AT) != sum_of(data, HEADER_SUM_AT))
		return -1;
	uint32_t nchars = rd32(data + 44), nglyphs = rd32(data + 48), data_len = rd32(data + 52),
		 maxp_len = rd32(data + 56), upem = rd32(data + 60), font_glyphs = rd32(data + 64);
	if (nchars > MAX_CHARS || nglyphs > MAX_GLYPHS || data_len > MAX_DATA || maxp_len < 6 || maxp_len > 32 ||
	    upem < 16 || upem > 16384 || font_glyphs == 0 || font_glyphs > 65535 ||
	    size != HEADER + (size_t)nchars * CHAR + (size_t)nglyphs * GLYPH + data_len)
		return -1;
	p->data = data;
	p->size = size;
	p->nchars = nchars;
	p->nglyphs = nglyphs;
	p->chars = data + HEADER;
	p->glyphs = p->chars + (size_t)nchars * CHAR;
	p->outlines = p->glyphs + (size_t)nglyphs * GLYPH;
	p->data_len = data_len;
	p->head = data + 104;
	p->hhea = data + 158;
	p->maxp = data + 194;
	p->maxp_len = maxp_len;
	p->units_per_em = upem;
	p->font_glyphs = font_glyphs;
	int32_t m[9];
	for (int i = 0; i < 9; i++)
		m[i] = (int32_t)rd32(data + 68 + 4 * i);
	p->metrics = (struct ttf_metrics){m[0], m[1], m[2], {m[3], m[4], m[5], m[6]}, m[7], m[8]};
	return 0;
}

int glyph_pack_open(struct glyph_pack *p, const char *path, const struct glyph_font_id *id)
{
	memset(p, 0, sizeof *p);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || st.st_size < HEADER || st.st_size > (off_t)(64u << 20)) {
		close(fd);
		return -1;
	}
	void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	if (glyph_pack_parse(p, map, (size_t)st.st_size, id) != 0) {
		munmap(map, (size_t)st.st_size);
		memset(p, 0, sizeof *p);
		return -1;
	}
	p->mapped = 1;
	return 0;
}

void glyph_pack_close(struct glyph_pack *p)
{
	if (p->mapped)
		munmap((void *)p->data, p->size);
	memset(p, 0, sizeof *p);
}

/* The record of key in a table of n records of size bytes sorted by their
 * leading u32, or NULL. */
static const unsigned char *search(const unsigned char *table, unsigned n, size_t size, uint32_t key)
{
	unsigned lo = 0, hi = n;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (rd32(table + (size_t)mid * size) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && rd32(table + (size_t)lo * size) == key ? table + (size_t)lo * size : NULL;
}

long glyph_pack_find(const struct glyph_pack *p, uint32_t cp, unsigned *advance)
{
	const unsigned char *c = search(p->chars, p->nchars, CHAR, cp);
	if (!c || rd32(c + 8) != sum_of(c, 8) || rd16(c + 4) >= p->font_glyphs)
		return -1;
	if (advance)
		*advance = rd16(c + 6);
	return rd16(c + 4);
}

/* The outline of glyph id, when the pack has it whole. */
static int pack_outline(const void *ctx, unsigned id, struct ttf_glyph *out)
{
	const struct glyph_pack *p = ctx;
	memset(out, 0, sizeof *out);
	const unsigned char *g = search(p->glyphs, p->nglyphs, GLYPH, id);
	if (!g)
		return -1;
	uint32_t off = rd32(g + 8), len = rd32(g + 12);
	if (off > p->data_len || len > p->data_len - off || rd32(g + 16) != fnv(sum_of(g, 16), p->outlines + off, len))
		return -1;
	out->advance = rd16(g + 4);
	out->lsb = (int16_t)rd16(g + 6);
	if (len) {
		out->data = p->outlines + off;
		out->len = len;
	}
	return 0;
}

void glyph_pack_source(const struct glyph_pack *p, struct ttf_source *src)
{
	src->head = p->head;
	src->hhea = p->hhea;
	src->maxp = p->maxp;
	src->maxp_len = p->maxp_len;
	src->glyphs = p->font_glyphs;
	src->outline = pack_outline;
	src->ctx = p;
}

/* ---- writing ---- */

static int by_key(const void *a, const void *b)
{
	uint32_t x = rd32(a), y = rd32(b);
	return x < y ? -1 : x > y;
}

/* The folder of path, made (with its parents) when missing. */
static int make_folder(const char *path)
{
	char dir[PATH_MAX];
	if (sy_strlcpy(dir, path, sizeof dir) >= sizeof dir)
		return -1;
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = 0;
	for (char *s = dir + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static void write_header(unsigned char *h, const struct glyph_font_id *id, const struct ttf *font, uint32_t nchars,
			 uint32_t nglyphs, uint32_t data_len)
{
	memset(h, 0, HEADER);
	memcpy(h, MAGIC, 8);
	write_id(h + 8, id);
	size_t maxp_len = font->maxp.len < 32 ? font->maxp.len : 32;
	wr32(h + 44, nchars);
	wr32(h + 48, nglyphs);
	wr32(h + 52, data_len);
	wr32(h + 56, (uint32_t)maxp_len);
	wr32(h + 60, font->units_per_em);
	wr32(h + 64, font->glyphs);
	struct ttf_metrics m;
	ttf_metrics(font, &m);
	int32_t v[9] = {m.ascent, m.descent, m.cap_height, m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3], m.italic_angle,
			m.weight};
	for (int i = 0; i < 9; i++)
		wr32(h + 68 + 4 * i, (uint32_t)v[i]);
	memcpy(h + 104, font->data + font->head.off, 54);
	memcpy(h + 158, font->data + font->hhea.off, 36);
	memcpy(h + 194, font->data + font->maxp.off, maxp_len);
	wr32(h + HEADER_SUM_AT, sum_of(h, HEADER_SUM_AT));
}

/* What a write adds to the old pack. */
struct additions {
	unsigned char *chars; /* CHAR bytes each */
	unsigned nchars;
	struct {
		uint16_t gid;
		struct ttf_glyph g;
	} *glyphs;
	unsigned nglyphs, cap;
	unsigned char *seen; /* a bit per glyph of the font: in old or added */
};

static int has_glyph(const struct glyph_pack *old, unsigned gid)
{
	return old && search(old->glyphs, old->nglyphs, GLYPH, gid) != NULL;
}

/* Add glyph gid and, for a composite one, its parts. -1 when the pack is full. */
static int add_glyph(struct additions *a, const struct glyph_pack *old, const struct ttf *font, unsigned gid, int depth)
{
	if (a->seen[gid >> 3] & (1 << (gid & 7)))
		return 0;
	a->seen[gid >> 3] |= (unsigned char)(1 << (gid & 7));
	if (has_glyph(old, gid))
		return 0;
	struct ttf_glyph g;
	if (depth > 8 || ttf_outline(font, gid, &g) != 0 || (old ? old->nglyphs : 0) + a->nglyphs >= MAX_GLYPHS)
		return -1;
	if (a->nglyphs == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->glyphs = xrealloc(a->glyphs, a->cap * sizeof *a->glyphs);
	}
	a->glyphs[a->nglyphs].gid = (uint16_t)gid;
	a->glyphs[a->nglyphs++].g = g;
	uint16_t parts[MAX_PARTS];
	unsigned np = ttf_parts(&g, parts, MAX_PARTS);
	for (unsigned i = 0; i < np; i++)
		if (parts[i] >= font->glyphs || add_glyph(a, old, font, parts[i], depth + 1) != 0)
			return -1;
	return 0;
}

/* The characters of cps old lacks, with their glyphs. */
static void collect(struct additions *a, const struct glyph_pack *old, const struct ttf *font, const uint32_t *cps,
		    unsigned n)
{
	a->seen = xcalloc(65536 / 8, 1);
	a->chars = xmalloc(((size_t)n + 1) * CHAR);
	if (!old)
		add_glyph(a, NULL, font, 0, 0); /* the .notdef glyph, every subset's first */
	for (unsigned i = 0; i < n && (old ? old->nchars : 0) + a->nchars < MAX_CHARS; i++) {
		if (old && glyph_pack_find(old, cps[i], NULL) >= 0)
			continue;
		unsigned gid = ttf_glyph(font, cps[i]);
		unsigned mark = a->nglyphs;
		if (!gid)
			continue;
		if (add_glyph(a, old, font, gid, 0) != 0) { /* full: not this character, nor more */
			a->nglyphs = mark;
			break;
		}
		unsigned char *c = a->chars + (size_t)a->nchars++ * CHAR;
		wr32(c, cps[i]);
		wr16(c + 4, gid);
		wr16(c + 6, ttf_advance(font, gid));
		wr32(c + 8, sum_of(c, 8));
	}
}

static int write_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n > IOV_MAX ? IOV_MAX : n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

static int write_file(const char *path, struct iovec *iov, int n)
{
	char tmp[PATH_MAX];
	int rc = -1, fd = -1;
	if (make_folder(path) == 0 && snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) < (int)sizeof tmp &&
	    (fd = mkstemp(tmp)) >= 0) {
		rc = write_all(fd, iov, n);
		if (close(fd) != 0)
			rc = -1;
		if (rc == 0 && rename(tmp, path) != 0)
			rc = -1;
		if (rc != 0)
			unlink(tmp);
	}
	return rc;
}

int glyph_pack_write(const char *path, const struct glyph_pack *old, const struct ttf *font,
		     const struct glyph_font_id *id, const uint32_t *cps, unsigned n)
{
	struct additions a = {0};
	collect(&a, old, font, cps, n);
	unsigned old_chars = old ? old->nchars : 0, old_glyphs = old ? old->nglyphs : 0;
	uint32_t old_len = old ? (uint32_t)old->data_len : 0, data_len = old_len;
	int rc = 0;
	if (a.nchars == 0)
		goto done;
	uint32_t nchars = old_chars + a.nchars, nglyphs = old_glyphs + a.nglyphs;
	unsigned char header[HEADER], *chars = xmalloc((size_t)nchars * CHAR), *glyphs = xmalloc((size_t)nglyphs * GLYPH + 1);
	if (old) {
		memcpy(chars, old->chars, (size_t)old_chars * CHAR);
		memcpy(glyphs, old->glyphs, (size_t)old_glyphs * GLYPH);
	}
	memcpy(chars + (size_t)old_chars * CHAR, a.chars, (size_t)a.nchars * CHAR);
	struct iovec *iov = xmalloc(((size_t)a.nglyphs + 4) * sizeof *iov);
	int niov = 3 + (old_len > 0);
	for (unsigned i = 0; i < a.nglyphs; i++) { /* new outlines after the old ones */
		unsigned char *g = glyphs + (size_t)(old_glyphs + i) * GLYPH;
		const struct ttf_glyph *o = &a.glyphs[i].g;
		wr32(g, a.glyphs[i].gid);
		wr16(g + 4, o->advance);
		wr16(g + 6, (unsigned)o->lsb & 0xffff);
		wr32(g + 8, data_len);
		wr32(g + 12, (uint32_t)o->len);
		wr32(g + 16, fnv(sum_of(g, 16), o->data, o->len));
		data_len += (uint32_t)o->len;
		if (o->len)
			iov[niov++] = (struct iovec){(void *)o->data, o->len};
	}
	qsort(chars, nchars, CHAR, by_key);
	qsort(glyphs, nglyphs, GLYPH, by_key);
	write_header(header, id, font, nchars, nglyphs, data_len);
	iov[0] = (struct iovec){header, HEADER};
	iov[1] = (struct iovec){chars, (size_t)nchars * CHAR};
	iov[2] = (struct iovec){glyphs, (size_t)nglyphs * GLYPH};
	if (old_len)
		iov[3] = (struct iovec){(void *)old->outlines, old_len};
	rc = data_len <= MAX_DATA ? write_file(path, iov, niov) : -1;
	free(iov);
	free(chars);
	free(glyphs);
done:
	free(a.chars);
	free(a.glyphs);
	free(a.seen);
	return rc;
}
