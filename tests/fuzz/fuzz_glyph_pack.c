/* The PDF glyph cache is a file in the user's cache folder: outside bytes.
 * Any bytes must be refused or read within them, and a glyph that is not
 * intact must never be handed out. The header checksum is set right here,
 * so that the fuzzer reaches the tables behind it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forms/pdf_glyphs.h"

static const struct glyph_font_id id = {1, 2, 3, 4, 0};
static struct ttf_buf out;

static uint32_t fnv(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *d = malloc(size ? size : 1);
	memcpy(d, data, size);
	if (size >= 232) {
		uint32_t h = fnv(d, 226);
		for (int i = 0; i < 4; i++)
			d[226 + i] = (unsigned char)(h >> (8 * i));
	}
	struct glyph_pack p;
	if (glyph_pack_parse(&p, d, size, &id) == 0) {
		uint16_t glyphs[8] = {0};
		unsigned n = 1;
		static const uint32_t cps[] = {0x4e2d, 0x8bc1, 0x3001, 'A', 0x10ffff, 0};
		for (int i = 0; cps[i]; i++) {
			unsigned adv;
			long g = glyph_pack_find(&p, cps[i], &adv);
			if (g >= (long)p.font_glyphs)
				abort();
			if (g >= 0)
				glyphs[n++] = (uint16_t)g;
		}
		struct ttf_source src;
		glyph_pack_source(&p, &src);
		struct ttf_glyph g;
		for (unsigned i = 0; i < n; i++)
			if (src.outline(src.ctx, glyphs[i], &g) == 0 && g.data && (g.data < d || g.data + g.len > d + size))
				abort();
		ttf_subset(&src, glyphs, n, NULL, &out, NULL);
	}
	free(d);
	return 0;
}
