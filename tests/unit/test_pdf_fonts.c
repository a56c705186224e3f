/* The embedded fonts: reading TrueType files, cutting them to the glyphs
 * used (every outline as FreeType reads it from the original), refusing
 * files that are not what they should be, and the glyph cache (the same
 * bytes with or without it, never drawn from when damaged). What the pages
 * show is checked with poppler in tests/pdf/fonts.sh. */
#include <fcntl.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/doc.h"
#include "forms/pdf_glyphs.h"
#include "forms/pdf_ttf.h"
#include "tests/check.h"
#include "tests/helpers/pdf_sample.h"

#define CJK_FONT "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define LATIN_FONT "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"

static char tmpdir[] = "/tmp/sy-test-fonts.XXXXXX";
static FT_Library ft;

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	unsigned char *d = malloc(*len);
	if (fread(d, 1, *len, f) != *len) {
		free(d);
		d = NULL;
	}
	fclose(f);
	return d;
}

/* Whether glyph a of face fa and glyph b of face fb have the same outline
 * and advance, point for point. */
static int same_outline(FT_Face fa, unsigned a, FT_Face fb, unsigned b)
{
	if (FT_Load_Glyph(fa, a, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
		return 0;
	FT_Outline oa = fa->glyph->outline;
	FT_Pos adv = fa->glyph->advance.x;
	int np = oa.n_points, nc = oa.n_contours;
	FT_Vector *pa = malloc(sizeof *pa * (size_t)(np ? np : 1));
	memcpy(pa, oa.points, sizeof *pa * (size_t)np);
	int ok = FT_Load_Glyph(fb, b, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) == 0;
	FT_Outline ob = fb->glyph->outline;
	ok = ok && ob.n_points == np && ob.n_contours == nc && fb->glyph->advance.x == adv;
	for (int i = 0; ok && i < np; i++)
		ok = pa[i].x == ob.points[i].x && pa[i].y == ob.points[i].y;
	free(pa);
	return ok;
}

static void test_read(void)
{
	struct ttf f;
	sy_err err = {0};
	CHECK_INT(ttf_open(&f, CJK_FONT, 0, &err), SY_OK);
	CHECK(f.glyphs > 40000 && f.units_per_em == 2048);
	unsigned zhong = ttf_glyph(&f, 0x4e2d); /* 中 */
	CHECK(zhong != 0);
	CHECK_INT(ttf_advance(&f, zhong), 2048);
	CHECK(ttf_glyph(&f, 0x1f600) == 0); /* no emoji */
	CHECK(ttf_glyph(&f, 0x41) != 0);
	struct ttf_metrics m;
	ttf_metrics(&f, &m);
	CHECK(m.ascent > 0 && m.descent < 0 && m.bbox[2] > m.bbox[0]);
	ttf_close(&f);

	/* the second face of the collection is there, a third is not */
	CHECK_INT(ttf_open(&f, CJK_FONT, 1, &err), SY_OK);
	ttf_close(&f);
	CHECK_INT(ttf_open(&f, CJK_FONT, 2, &err), SY_ENV);
	CHECK(strstr(err.msg, CJK_FONT) != NULL);
	CHECK_INT(ttf_open(&f, "/nonexistent/font.ttf", 0, &err), SY_ENV);
	CHECK(strstr(err.msg, "/nonexistent/font.ttf") != NULL);
}

static void test_refused(void)
{
	size_t len;
	unsigned char *d = slurp(LATIN_FONT, &len);
	CHECK(d != NULL);
	if (!d)
		return;
	struct ttf f;
	sy_err err = {0};
	CHECK_INT(ttf_parse(&f, d, len, 0, &err), SY_OK);
	/* cut anywhere, the file is refused or read within its bytes */
	for (size_t cut = 0; cut < 4096; cut += 7) {
		int rc = ttf_parse(&f, d, cut, 0, &err);
		if (rc == SY_OK)
			ttf_glyph(&f, 'A');
	}
	CHECK_INT(ttf_parse(&f, d, 100, 0, &err), SY_INVALID);
	/* PostScript outlines (an OpenType CFF font) are not embedded this way */
	unsigned char *cff = malloc(len);
	memcpy(cff, d, len);
	memcpy(cff, "OTTO", 4);
	CHECK_INT(ttf_parse(&f, cff, len, 0, &err), SY_INVALID);
	CHECK(strstr(err.msg, "TrueType") != NULL);
	/* a table said to lie past the end of the file */
	memcpy(cff, d, len);
	unsigned n = (unsigned)cff[4] << 8 | cff[5];
	for (unsigned i = 0; i < n; i++)
		if (memcmp(cff + 12 + 16 * i, "glyf", 4) == 0)
			memset(cff + 12 + 16 * i + 8, 0x7f, 4);
	CHECK_INT(ttf_parse(&f, cff, len, 0, &err), SY_INVALID);
	free(cff);
	free(d);
}

static void test_subset(void)
{
	struct ttf f;
	sy_err err = {0};
	if (ttf_open(&f, CJK_FONT, 0, &err) != SY_OK) {
		CHECK_MSG(0, err.msg);
		return;
	}
	const uint32_t cps[] = {0x62a5, 0x5e9f, 0x673a, 0x52a8, 0x8f66, 0x4eac, 0x5f20, 0x4e09, 0x201c, 0xff08, 0x3001};
	enum { N = sizeof cps / sizeof cps[0] };
	uint16_t glyphs[N + 1] = {0};
	for (int i = 0; i < N; i++)
		glyphs[i + 1] = (uint16_t)ttf_glyph(&f, cps[i]);
	struct ttf_source src;
	ttf_source_of(&f, &src);
	struct ttf_buf out = {0};
	CHECK_INT(ttf_subset(&src, glyphs, N + 1, NULL, &out, &err), SY_OK);
	CHECK(out.len > 500 && out.len < 16 * 1024);
	FT_Face orig = NULL, sub = NULL;
	CHECK(FT_New_Face(ft, CJK_FONT, 0, &orig) == 0);
	CHECK(FT_New_Memory_Face(ft, out.data, (FT_Long)out.len, 0, &sub) == 0);
	if (orig && sub) {
		CHECK(sub->num_glyphs >= N + 1);
		int same = 1;
		for (int i = 1; i <= N; i++)
			same &= same_outline(orig, glyphs[i], sub, (unsigned)i);
		CHECK_MSG(same, "every glyph of the subset is the original's outline and advance");
		/* the parts of composite glyphs came along, numbered after the rest */
		int composite = 0;
		for (int i = 1; i <= N; i++) {
			FT_Load_Glyph(orig, glyphs[i], FT_LOAD_NO_SCALE | FT_LOAD_NO_RECURSE);
			composite |= orig->glyph->format == FT_GLYPH_FORMAT_COMPOSITE;
		}
		CHECK_MSG(!composite || sub->num_glyphs > N + 1, "composite parts are added");
	}
	if (sub)
		FT_Done_Face(sub);
	if (orig)
		FT_Done_Face(orig);
	ttf_buf_free(&out);
	ttf_close(&f);

	/* Latin: one byte a character, through the font's own (3,0) map */
	CHECK_INT(ttf_open(&f, LATIN_FONT, 0, &err), SY_OK);
	uint16_t lg[4] = {0, (uint16_t)ttf_glyph(&f, 'V'), (uint16_t)ttf_glyph(&f, 'I'), (uint16_t)ttf_glyph(&f, 0xe9)};
	uint8_t codes[4] = {0, 'V', 'I', 0xe9};
	ttf_source_of(&f, &src);
	CHECK_INT(ttf_subset(&src, lg, 4, codes, &out, &err), SY_OK);
	CHECK(FT_New_Face(ft, LATIN_FONT, 0, &orig) == 0);
	CHECK(FT_New_Memory_Face(ft, out.data, (FT_Long)out.len, 0, &sub) == 0);
	if (orig && sub) {
		int found = 0;
		for (int i = 0; i < sub->num_charmaps; i++)
			if (sub->charmaps[i]->platform_id == 3 && sub->charmaps[i]->encoding_id == 0) {
				FT_Set_Charmap(sub, sub->charmaps[i]);
				found = 1;
			}
		CHECK_MSG(found, "a (3,0) symbol map");
		CHECK_INT(FT_Get_Char_Index(sub, 0xf000 + 'V'), 1);
		CHECK_INT(FT_Get_Char_Index(sub, 0xf000 + 0xe9), 3);
		CHECK_INT(FT_Get_Char_Index(sub, 0xf000 + 'W'), 0);
		CHECK(same_outline(orig, lg[3], sub, 3)); /* é: a composite in Liberation */
	}
	if (sub)
		FT_Done_Face(sub);
	if (orig)
		FT_Done_Face(orig);
	ttf_buf_free(&out);
	ttf_close(&f);
}

static int render_cert(struct pdf_buf *out)
{
	struct cert_doc c = sample_cert();
	sy_err err = {0};
	return doc_certificate_pdf(&c, NULL, out, NULL, &err);
}

static int same_buf(const struct pdf_buf *a, const struct pdf_buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void test_cache(void)
{
	char cache[600], path[700];
	snprintf(cache, sizeof cache, "%s/cache", tmpdir);
	snprintf(path, sizeof path, "%s/scrapyard/pdf-glyphs.bin", cache);
	setenv("XDG_CACHE_HOME", cache, 1);
	pdf_shutdown(); /* looks for the cache again */
	struct pdf_stats s0, s1;
	struct pdf_buf first = {0}, again = {0};
	pdf_get_stats(&s0);
	CHECK_INT(render_cert(&first), SY_OK);
	pdf_get_stats(&s1);
	struct stat st;
	CHECK_MSG(stat(path, &st) == 0 && st.st_size > 1000, "the first certificate fills the glyph cache");
	CHECK_INT(s1.glyph_cache_writes - s0.glyph_cache_writes, 1);
	CHECK_INT(s1.glyph_cache_docs - s0.glyph_cache_docs, 0);

	/* a new process (here: the fonts closed) draws from the cache, the same bytes */
	pdf_shutdown();
	CHECK_INT(render_cert(&again), SY_OK);
	pdf_get_stats(&s0);
	CHECK_INT(s0.glyph_cache_docs - s1.glyph_cache_docs, 1);
	CHECK_INT(s0.glyph_cache_writes - s1.glyph_cache_writes, 0);
	CHECK_MSG(same_buf(&first, &again), "the same bytes from the cache as from the font");
	pdf_buf_free(&again);

	/* damage one outline in the middle: not drawn from, the cache made again */
	size_t len;
	unsigned char *d = slurp(path, &len);
	if (d) {
		for (size_t i = len - len / 4; i < len - len / 4 + 64 && i < len; i++)
			d[i] ^= 0x5a;
		FILE *f = fopen(path, "wb");
		CHECK(f && fwrite(d, 1, len, f) == len);
		if (f)
			fclose(f);
		free(d);
	}
	pdf_shutdown();
	pdf_get_stats(&s1);
	CHECK_INT(render_cert(&again), SY_OK);
	pdf_get_stats(&s0);
	CHECK_MSG(same_buf(&first, &again), "a damaged cache changes nothing printed");
	CHECK_INT(s0.glyph_cache_docs - s1.glyph_cache_docs, 0);
	CHECK_INT(s0.glyph_cache_writes - s1.glyph_cache_writes, 1);
	pdf_buf_free(&again);
	pdf_shutdown();
	CHECK_INT(render_cert(&again), SY_OK);
	pdf_get_stats(&s1);
	CHECK_MSG(s1.glyph_cache_docs - s0.glyph_cache_docs == 1 && same_buf(&first, &again), "and the new cache serves");
	pdf_buf_free(&again);

	/* a cache of another font (or of this one before it changed) is not used */
	d = slurp(path, &len);
	struct glyph_font_id id;
	CHECK(glyph_font_id(CJK_FONT, 0, &id) == 0);
	struct glyph_pack p;
	CHECK(d && glyph_pack_parse(&p, d, len, &id) == 0);
	unsigned adv = 0;
	CHECK(d && glyph_pack_find(&p, 0x8bc1, &adv) > 0 && adv == 2048); /* 证 */
	id.mtime_nsec ^= 1;
	CHECK(d && glyph_pack_parse(&p, d, len, &id) != 0);
	/* nor one cut short, anywhere */
	id.mtime_nsec ^= 1;
	int refused = 1;
	for (size_t cut = 0; d && cut < len; cut += 97)
		refused &= glyph_pack_parse(&p, d, cut, &id) != 0;
	CHECK_MSG(refused, "a cache cut short is refused");
	free(d);

	/* without a cache folder at all, documents are made as before */
	unsetenv("XDG_CACHE_HOME");
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	unsetenv("HOME");
	pdf_shutdown();
	CHECK_INT(render_cert(&again), SY_OK);
	CHECK(same_buf(&first, &again));
	pdf_buf_free(&again);
	if (home) {
		setenv("HOME", home, 1);
		free(home);
	}
	pdf_buf_free(&first);
	unlink(path);
	snprintf(path, sizeof path, "%s/scrapyard", cache);
	rmdir(path);
	rmdir(cache);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	FT_Init_FreeType(&ft);
	test_read();
	test_refused();
	test_subset();
	test_cache();
	FT_Done_FreeType(ft);
	pdf_shutdown();
	rmdir(tmpdir);
	return CHECK_DONE();
}
