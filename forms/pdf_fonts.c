/* The fonts of the printed documents, embedded (see forms/pdf_fonts.h).
 *
 * The font files are opened when a document first needs them and stay
 * mapped for the life of the process; each document records what it
 * draws, and at save gets fonts cut to exactly that (forms/pdf_ttf.c),
 * compressed, with their widths and a ToUnicode map. The Chinese glyphs
 * come from a cache of those used before when it has them all
 * (forms/pdf_glyphs.c), else from the font, and the cache learns them. The
 * bytes written are the same either way. */
#include "forms/pdf_fonts.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "forms/pdf_glyphs.h"
#include "forms/pdf_hpdf.h"
#include "forms/pdf_internal.h"
#include "forms/pdf_ttf.h"

#define MAX_CIDS 65535u

const uint16_t pdf_latin_widths[2][256] = {
	{ /* Helvetica */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
		1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
		333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
		556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 278,
		556, 278, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
		278, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 278, 500, 667,
		278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 278, 737, 333,
		400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
		667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
		722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
		556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
	},
	{ /* Helvetica-Bold */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
		975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
		333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
		611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 278,
		556, 278, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
		278, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 278, 500, 667,
		278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 278, 737, 333,
		400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
		722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
		722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
		556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
		611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
	},
};

/* ---- the font files ---- */

enum font_file { FILE_LATIN, FILE_LATIN_BOLD, FILE_CJK, FILE_COUNT };

static const struct {
	const char *path, *package, *name; /* name: the PostScript name, for BaseFont */
} font_files[FILE_COUNT] = {
	{"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "fonts-liberation2", "LiberationSans"},
	{"/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", "fonts-liberation2", "LiberationSans-Bold"},
	{"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "fonts-wqy-microhei", "WenQuanYiMicroHei"},
};

static struct {
	struct ttf ttf;
	int open;
	int failed; /* could not be opened for the current document: not tried again */
	sy_err err;
} files[FILE_COUNT];

struct pdf_glyph_slot pdf_glyph_slots[PDF_GLYPH_SLOTS];
static uint32_t serials; /* the last document's */

static struct ttf_buf scratch; /* fonts and maps being made, reused */

static struct {
	int state; /* 0 not looked for yet, 1 loaded, -1 none */
	struct glyph_pack pack;
	struct glyph_font_id id; /* of the font file, when it could be read */
	int have_id;
	char path[PATH_MAX];
} cache;

static const struct ttf *font_file(enum font_file which, sy_err *err)
{
	if (files[which].open)
		return &files[which].ttf;
	if (!files[which].failed) {
		sy_err why = {0};
		if (ttf_open(&files[which].ttf, font_files[which].path, 0, &why) == SY_OK) {
			files[which].open = 1;
			return &files[which].ttf;
		}
		files[which].failed = 1;
		sy_fail(&files[which].err, SY_ENV, NULL, _("Could not make the PDF: %s. Install the Debian package %s."),
			why.msg, font_files[which].package);
	}
	if (err)
		*err = files[which].err;
	return NULL;
}

void pdf_font_use_init(struct pdf_font_use *u)
{
	memset(u, 0, sizeof *u);
	if (++serials == 0) /* 0 marks a slot no document has numbered */
		++serials;
	u->serial = serials;
}

void pdf_fonts_new_document(void)
{
	for (int i = 0; i < FILE_COUNT; i++)
		files[i].failed = 0;
}

/* The cache of Chinese glyphs in the user's cache folder, if there is one
 * for the font as it is now. */
static const struct glyph_pack *glyph_cache_get(void)
{
	if (cache.state == 0) {
		cache.state = -1;
		const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
		int n = xdg && xdg[0] == '/' ? snprintf(cache.path, sizeof cache.path, "%s/scrapyard/pdf-glyphs.bin", xdg)
			: home && home[0] == '/'
			    ? snprintf(cache.path, sizeof cache.path, "%s/.cache/scrapyard/pdf-glyphs.bin", home)
			    : -1;
		if (n < 0 || n >= (int)sizeof cache.path)
			cache.path[0] = 0;
		cache.have_id = glyph_font_id(font_files[FILE_CJK].path, 0, &cache.id) == 0;
		if (cache.path[0] && cache.have_id && glyph_pack_open(&cache.pack, cache.path, &cache.id) == 0)
			cache.state = 1;
	}
	return cache.state == 1 ? &cache.pack : NULL;
}

/* Teach the cache the characters of a document made from the font; afresh
 * when the cache failed it. */
static void glyph_cache_learn(const struct ttf *font, const uint32_t *cps, unsigned n, int afresh)
{
	if (!cache.path[0] || !cache.have_id)
		return;
	const struct glyph_pack *old = afresh ? NULL : glyph_cache_get();
	if (glyph_pack_write(cache.path, old, font, &cache.id, cps, n) == 0)
		pdf_stats_now.glyph_cache_writes++;
	if (cache.state == 1)
		glyph_pack_close(&cache.pack);
	cache.state = 0; /* the new one is read when next needed */
}

void pdf_fonts_shutdown(void)
{
	if (cache.state == 1)
		glyph_pack_close(&cache.pack);
	cache.state = 0;
	for (int i = 0; i < FILE_COUNT; i++) {
		if (files[i].open)
			ttf_close(&files[i].ttf);
		files[i].open = files[i].failed = 0;
	}
	memset(pdf_glyph_slots, 0, sizeof pdf_glyph_slots);
	ttf_buf_free(&scratch);
}

/* ---- characters ---- */

/* 1/1000 em from font units, as the widths are written. */
static uint16_t per_mille(unsigned units, unsigned upem) { return (uint16_t)((units * 1000u + upem / 2) / upem); }

int pdf_cjk_glyph(uint32_t cp, struct pdf_cjk_glyph *out, sy_err *err)
{
	struct pdf_glyph_slot *slot = &pdf_glyph_slots[cp & (PDF_GLYPH_SLOTS - 1)];
	if (slot->cp == cp && cp) {
		*out = slot->g;
		return SY_OK;
	}
	const struct glyph_pack *p = glyph_cache_get();
	unsigned advance;
	if (p && glyph_pack_find(p, cp, &advance) >= 0) {
		out->found = 1;
		out->width = per_mille(advance, p->units_per_em);
	} else {
		const struct ttf *f = font_file(FILE_CJK, err);
		if (!f) {
			out->found = out->width = 0;
			return err ? err->status : SY_ENV;
		}
		unsigned g = ttf_glyph(f, cp);
		out->found = g != 0;
		out->width = g ? per_mille(ttf_advance(f, g), f->units_per_em) : 0;
	}
	*slot = (struct pdf_glyph_slot){.cp = cp, .g = *out};
	return SY_OK;
}

static unsigned slot_of(uint32_t cp, unsigned nslots) { return (cp * 2654435761u >> 8) & (nslots - 1); }

static void cids_rehash(struct pdf_font_use *u)
{
	free(u->slots);
	u->nslots = 256;
	while (u->nslots < 2 * u->cids_cap)
		u->nslots *= 2;
	u->slots = xcalloc(u->nslots, sizeof *u->slots);
	for (unsigned cid = 1; cid <= u->ncids; cid++) {
		unsigned s = slot_of(u->cid_cp[cid], u->nslots);
		while (u->slots[s])
			s = (s + 1) & (u->nslots - 1);
		u->slots[s] = (uint64_t)u->cid_cp[cid] << 16 | cid;
	}
}

unsigned pdf_font_cid(struct pdf_font_use *u, uint32_t cp, struct pdf_cjk_glyph g)
{
	if (u->nslots) {
		for (unsigned s = slot_of(cp, u->nslots); u->slots[s]; s = (s + 1) & (u->nslots - 1))
			if (u->slots[s] >> 16 == cp)
				return u->slots[s] & 0xffff;
	}
	if (u->ncids >= MAX_CIDS)
		return 0;
	if (u->ncids + 1 >= u->cids_cap) { /* CIDs count from 1 */
		u->cids_cap = u->cids_cap ? u->cids_cap * 2 : 256;
		u->cid_cp = xrealloc(u->cid_cp, u->cids_cap * sizeof *u->cid_cp);
		u->cid_glyph = xrealloc(u->cid_glyph, u->cids_cap * sizeof *u->cid_glyph);
		cids_rehash(u);
	}
	unsigned cid = ++u->ncids;
	u->cid_cp[cid] = cp;
	u->cid_glyph[cid] = g;
	unsigned s = slot_of(cp, u->nslots);
	while (u->slots[s])
		s = (s + 1) & (u->nslots - 1);
	u->slots[s] = (uint64_t)cp << 16 | cid;
	return cid;
}

void pdf_font_use_free(struct pdf_font_use *u)
{
	free(u->cid_cp);
	free(u->cid_glyph);
	free(u->slots);
	memset(u, 0, sizeof *u);
}

HPDF_Dict pdf_font_dict(HPDF_Doc doc, struct pdf_font_use *u, enum pdf_face face)
{
	if (face == F_CJK_BOLD)
		face = F_CJK;
	if (!u->dict[face])
		u->dict[face] = pdfh_object(doc);
	return u->dict[face];
}

/* ---- embedding ---- */

/* The Unicode character of a WinAnsi byte (the ones pdf_text.c writes). */
static uint32_t winansi_unicode(unsigned code)
{
	switch (code) {
	case 0x80:
		return 0x20ac;
	case 0x95:
		return 0x2022;
	case 0x96:
		return 0x2013;
	default:
		return code;
	}
}

/* Data into a stream, compressed when asked. Font programs are not: their
 * outlines shrink by a third at best, and compressing them cost 0.6 to
 * 1 ms of a one-certificate process (zlib's fresh memory as much as its
 * work), more than the 10 KB saved take to write. */
static int put_stream(struct pdf *pdf, HPDF_Dict stream, const void *data, size_t len, int compress)
{
	const unsigned char *z;
	size_t zlen;
	int deflated = compress && pdf_deflate(pdf->eng, data, len, &z, &zlen) == 0 && zlen < len;
	if (!deflated) {
		z = data;
		zlen = len;
	}
	pdf->stream_bytes += zlen;
	return pdfh_stream_write(stream, z, zlen, deflated) == HPDF_OK ? 0 : -1;
}

/* "ABCDEF+Name": a subset's name carries a tag of six capitals, the same
 * for the same characters, so that equal documents stay equal bytes. */
static void subset_name(char *out, size_t size, const char *name, const uint32_t *cps, unsigned n)
{
	uint32_t h = 2166136261u;
	for (unsigned i = 0; i < n; i++)
		for (int b = 0; b < 4; b++)
			h = (h ^ ((cps[i] >> (8 * b)) & 0xff)) * 16777619u;
	char tag[7];
	for (int i = 0; i < 6; i++, h /= 26)
		tag[i] = (char)('A' + h % 26);
	tag[6] = 0;
	snprintf(out, size, "%s+%s", tag, name);
}

/* A code's Unicode text as UTF-16 hex: "<0041>" or a surrogate pair. */
static void bfchar(struct ttf_buf *b, unsigned code, int code_bytes, uint32_t cp)
{
	char line[40];
	int n;
	if (cp > 0xffff) {
		cp -= 0x10000;
		n = snprintf(line, sizeof line, code_bytes == 1 ? "<%02X> <%04X%04X>\n" : "<%04X> <%04X%04X>\n", code,
			     0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
	} else {
		n = snprintf(line, sizeof line, code_bytes == 1 ? "<%02X> <%04X>\n" : "<%04X> <%04X>\n", code, cp);
	}
	size_t len = (size_t)n;
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2 + 1024;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, line, len);
	b->len += len;
}

static void put_text(struct ttf_buf *b, const char *s)
{
	size_t len = strlen(s);
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2 + 1024;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
}

/* The ToUnicode CMap: codes[i] (1 or 2 bytes) is the text cps[i]. */
static void write_tounicode(struct ttf_buf *b, const unsigned *codes, const uint32_t *cps, unsigned n, int code_bytes)
{
	b->len = 0;
	put_text(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n");
	put_text(b, code_bytes == 1 ? "<00> <FF>\n" : "<0000> <FFFF>\n");
	put_text(b, "endcodespacerange\n");
	for (unsigned i = 0; i < n; i += 100) { /* at most 100 to a block */
		char head[32];
		snprintf(head, sizeof head, "%u beginbfchar\n", n - i < 100 ? n - i : 100);
		put_text(b, head);
		for (unsigned k = i; k < n && k < i + 100; k++)
			bfchar(b, codes[k], code_bytes, cps[k]);
		put_text(b, "endbfchar\n");
	}
	put_text(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The descriptor of an embedded TrueType font, its program and ToUnicode:
 * what both kinds of font share. Returns 0, or -1 after an error. */
static int embed_program(struct pdf *pdf, HPDF_Dict font_or_cid, const char *name, const struct ttf_metrics *metrics,
			 unsigned upem, const struct ttf_buf *program)
{
	const struct ttf_metrics m = *metrics;
#define EM(v) ((long)(v) * 1000 / (long)upem)
	HPDF_Dict desc = pdfh_object(pdf->doc), file = pdfh_stream_object(pdf->doc);
	HPDF_Array bbox = desc ? pdfh_array(desc, "FontBBox") : NULL;
	if (!desc || !file || !bbox)
		return -1;
	HPDF_STATUS rc = pdfh_name(desc, "Type", "FontDescriptor") | pdfh_name(desc, "FontName", name) |
			 pdfh_int(desc, "Flags", 4) | pdfh_int(desc, "ItalicAngle", m.italic_angle) |
			 pdfh_int(desc, "Ascent", EM(m.ascent)) | pdfh_int(desc, "Descent", EM(m.descent)) |
			 pdfh_int(desc, "CapHeight", EM(m.cap_height)) |
			 pdfh_int(desc, "StemV", 10 + 220 * (m.weight > 50 ? m.weight - 50 : 0) / 900) |
			 pdfh_ref(desc, "FontFile2", file) | pdfh_ref(font_or_cid, "FontDescriptor", desc) |
			 pdfh_int(file, "Length1", (long)program->len);
	for (int i = 0; i < 4; i++)
		rc |= pdfh_array_int(bbox, EM(m.bbox[i]));
#undef EM
	if (rc != HPDF_OK || put_stream(pdf, file, program->data, program->len, 0) != 0)
		return -1;
	return 0;
}

static int embed_tounicode(struct pdf *pdf, HPDF_Dict font, const unsigned *codes, const uint32_t *cps, unsigned n,
			   int code_bytes)
{
	HPDF_Dict map = pdfh_stream_object(pdf->doc);
	if (!map || pdfh_ref(font, "ToUnicode", map) != HPDF_OK)
		return -1;
	write_tounicode(&scratch, codes, cps, n, code_bytes);
	return put_stream(pdf, map, scratch.data, scratch.len, 1);
}

/* A simple TrueType font: one byte a character, found through the font's
 * own (1,0) and (3,0) maps; the widths are Helvetica's. */
static int embed_latin(struct pdf *pdf, int bold)
{
	HPDF_Dict font = pdf->fonts.dict[F_LATIN + bold];
	sy_err err;
	const struct ttf *t = font_file(bold ? FILE_LATIN_BOLD : FILE_LATIN, &err);
	if (!t) {
		pdf_fail(pdf, err.status, "%s", err.msg);
		return -1;
	}
	uint16_t glyphs[257] = {0};
	uint8_t codes[257] = {0};
	unsigned ucodes[256];
	uint32_t cps[256];
	unsigned n = 1, first = 0, last = 0;
	for (unsigned c = 32; c < 256; c++) {
		if (!(pdf->fonts.latin[bold][c >> 6] >> (c & 63) & 1))
			continue;
		if (n == 1)
			first = c;
		last = c;
		cps[n - 1] = winansi_unicode(c);
		ucodes[n - 1] = c;
		glyphs[n] = (uint16_t)ttf_glyph(t, cps[n - 1]);
		codes[n++] = (uint8_t)c;
	}
	if (n == 1)
		first = last = ' ';
	char name[64];
	subset_name(name, sizeof name, font_files[bold ? FILE_LATIN_BOLD : FILE_LATIN].name, cps, n - 1);
	struct ttf_source src;
	ttf_source_of(t, &src);
	if (ttf_subset(&src, glyphs, n, codes, &scratch, &err) != SY_OK) {
		pdf_fail(pdf, SY_ENV, "%s", err.msg);
		return -1;
	}
	HPDF_Array widths = pdfh_array(font, "Widths");
	HPDF_STATUS rc = !widths ? HPDF_FAILD_TO_ALLOC_MEM
				 : pdfh_name(font, "Type", "Font") | pdfh_name(font, "Subtype", "TrueType") |
					   pdfh_name(font, "BaseFont", name) | pdfh_int(font, "FirstChar", first) |
					   pdfh_int(font, "LastChar", last);
	for (unsigned c = first; c <= last && rc == HPDF_OK; c++)
		rc = pdfh_array_int(widths, pdf_latin_widths[bold][c]);
	struct ttf_metrics m;
	ttf_metrics(t, &m);
	if (rc != HPDF_OK || embed_program(pdf, font, name, &m, t->units_per_em, &scratch) != 0)
		return -1;
	return embed_tounicode(pdf, font, ucodes, cps, n - 1, 1);
}

/* Widths other than a full em, as runs of consecutive CIDs: [c [w ...] ...]. */
static HPDF_STATUS cid_widths(HPDF_Dict cid, const struct pdf_font_use *u)
{
	HPDF_Array w = pdfh_array(cid, "W"), run = NULL;
	if (!w)
		return HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_STATUS rc = HPDF_OK;
	for (unsigned c = 1; c <= u->ncids && rc == HPDF_OK; c++) {
		if (u->cid_glyph[c].width == 1000) {
			run = NULL;
			continue;
		}
		if (!run) {
			rc = pdfh_array_int(w, c);
			if (rc != HPDF_OK || !(run = pdfh_array_in(w)))
				return HPDF_FAILD_TO_ALLOC_MEM;
		}
		rc = pdfh_array_int(run, u->cid_glyph[c].width);
	}
	return rc;
}

/* The font's glyphs of the document's CIDs, glyphs[0] the .notdef glyph,
 * from the cache when it has them all: 1; else 0. */
static int glyphs_from_cache(const struct glyph_pack *p, const struct pdf_font_use *u, uint16_t *glyphs)
{
	long g = p ? 0 : -1;
	glyphs[0] = 0;
	for (unsigned c = 1; c <= u->ncids && g >= 0; c++)
		glyphs[c] = (uint16_t)(g = glyph_pack_find(p, u->cid_cp[c], NULL));
	return g >= 0;
}

/* The document's Chinese font program into scratch, with its metrics:
 * from the cache when it has every glyph whole, else from the font (and
 * the cache learns). Returns 0, or -1 after pdf_fail(). */
static int cjk_program(struct pdf *pdf, struct ttf_metrics *m, unsigned *upem)
{
	struct pdf_font_use *u = &pdf->fonts;
	unsigned n = u->ncids + 1;
	uint16_t *glyphs = xmalloc(n * sizeof *glyphs);
	const struct glyph_pack *p = glyph_cache_get();
	struct ttf_source src;
	sy_err err;
	int cached = glyphs_from_cache(p, u, glyphs);
	if (cached) {
		glyph_pack_source(p, &src);
		if (ttf_subset(&src, glyphs, n, NULL, &scratch, &err) == SY_OK) {
			*m = p->metrics;
			*upem = p->units_per_em;
			pdf_stats_now.glyph_cache_docs++;
			free(glyphs);
			return 0;
		}
	}
	const struct ttf *t = font_file(FILE_CJK, &err);
	if (!t) {
		free(glyphs);
		pdf_fail(pdf, err.status, "%s", err.msg);
		return -1;
	}
	for (unsigned c = 1; c < n; c++)
		glyphs[c] = (uint16_t)ttf_glyph(t, u->cid_cp[c]);
	ttf_source_of(t, &src);
	int rc = ttf_subset(&src, glyphs, n, NULL, &scratch, &err);
	free(glyphs);
	if (rc != SY_OK) {
		pdf_fail(pdf, SY_ENV, "%s", err.msg);
		return -1;
	}
	ttf_metrics(t, m);
	*upem = t->units_per_em;
	glyph_cache_learn(t, u->cid_cp + 1, u->ncids, cached); /* cached: it had all, yet failed */
	return 0;
}

/* A Type0 font over a CIDFontType2: CID i is glyph i of the embedded font. */
static int embed_cjk(struct pdf *pdf)
{
	struct pdf_font_use *u = &pdf->fonts;
	HPDF_Dict font = u->dict[F_CJK];
	struct ttf_metrics m;
	unsigned upem;
	if (cjk_program(pdf, &m, &upem) != 0)
		return -1;
	char name[64];
	subset_name(name, sizeof name, font_files[FILE_CJK].name, u->cid_cp + 1, u->ncids);
	unsigned n = u->ncids + 1;
	unsigned *codes = xmalloc(n * sizeof *codes);
	for (unsigned c = 1; c < n; c++)
		codes[c - 1] = c;
	HPDF_Dict cid = pdfh_object(pdf->doc);
	HPDF_Array descendants = cid ? pdfh_array(font, "DescendantFonts") : NULL;
	HPDF_Dict info = cid ? pdfh_dict(cid, "CIDSystemInfo") : NULL;
	int rc = -1;
	if (descendants && info &&
	    (pdfh_name(font, "Type", "Font") | pdfh_name(font, "Subtype", "Type0") | pdfh_name(font, "BaseFont", name) |
	     pdfh_name(font, "Encoding", "Identity-H") | pdfh_array_ref(descendants, cid) |
	     pdfh_name(cid, "Type", "Font") | pdfh_name(cid, "Subtype", "CIDFontType2") |
	     pdfh_name(cid, "BaseFont", name) | pdfh_name(cid, "CIDToGIDMap", "Identity") |
	     pdfh_int(cid, "DW", 1000) | cid_widths(cid, u) | pdfh_string(info, "Registry", "Adobe") |
	     pdfh_string(info, "Ordering", "Identity") | pdfh_int(info, "Supplement", 0)) == HPDF_OK &&
	    embed_program(pdf, cid, name, &m, upem, &scratch) == 0 &&
	    embed_tounicode(pdf, font, codes, u->cid_cp + 1, u->ncids, 2) == 0)
		rc = 0;
	free(codes);
	return rc;
}

int pdf_fonts_embed(struct pdf *pdf)
{
	for (int bold = 0; bold < 2; bold++)
		if (pdf->fonts.dict[F_LATIN + bold] && pdf->status == SY_OK)
			embed_latin(pdf, bold);
	if (pdf->fonts.dict[F_CJK] && pdf->status == SY_OK)
		embed_cjk(pdf);
	return pdf->status;
}
