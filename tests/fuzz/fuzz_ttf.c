/* Font files are outside bytes: a damaged or hostile file must be refused
 * or read within its bytes, and whatever it holds, a subset of it must be
 * made without reading past them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "forms/pdf_ttf.h"

static struct ttf_buf out;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ttf f;
	for (unsigned face = 0; face < 2; face++) {
		if (ttf_parse(&f, data, size, face, NULL) != SY_OK)
			continue;
		uint16_t glyphs[8] = {0};
		uint8_t codes[8] = {0};
		unsigned n = 1;
		static const uint32_t cps[] = {'A', 0xe9, 0x4e2d, 0xf041, 0x1f600, 0x10ffff, 0};
		for (int i = 0; cps[i]; i++) {
			unsigned g = ttf_glyph(&f, cps[i]);
			if (g >= f.glyphs)
				abort(); /* never a glyph the font does not have */
			ttf_advance(&f, g);
			glyphs[n] = (uint16_t)g;
			codes[n++] = (uint8_t)(0x41 + i);
		}
		glyphs[n] = (uint16_t)(f.glyphs - 1); /* the last glyph, whatever it is */
		codes[n++] = 0x7e;
		struct ttf_glyph g;
		for (unsigned i = 0; i < n; i++)
			if (ttf_outline(&f, glyphs[i], &g) == 0 && g.data &&
			    (g.data < data || g.data + g.len > data + size))
				abort();
		struct ttf_metrics m;
		ttf_metrics(&f, &m);
		struct ttf_source src;
		ttf_source_of(&f, &src);
		ttf_subset(&src, glyphs, n, codes, &out, NULL);
		ttf_subset(&src, glyphs, n, NULL, &out, NULL);
	}
	return 0;
}
