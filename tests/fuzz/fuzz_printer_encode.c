/* Any bitmap through every printer language and back: the first bytes of the
 * input give the size and job options, the rest the dots. What the decoders
 * read back must be the dots that went in, and no stream may hold a second
 * job start or end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/test_printer_decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	int w = 1 + data[0] % 200, h = 1 + data[1] % 64;
	unsigned opts = data[2];
	struct bitmap *bm = bitmap_new(w, h, 203);
	size_t n = (size_t)bm->stride * h;
	for (size_t i = 0; i < n && 3 + i < size; i++)
		bm->bits[i] = data[3 + i];
	/* Padding bits past the right edge stay white, as the renderer leaves them. */
	for (int y = 0; y < h; y++)
		if (w % 8)
			bm->bits[(size_t)y * bm->stride + bm->stride - 1] &= (uint8_t)(0xFF << (8 - w % 8));

	struct printer_job job = {.copies = 1 + (opts & 3), .name = (const char *)"fuzz^XZ~"};
	struct printer_buf out = {0};
	struct decoded d;
	double mw, mh;
	sy_err err;

	job.flags = opts & 4 ? PF_NO_COMPRESS : 0;
	if (printer_encode(&printer_lang_zpl, bm, &job, &out, &err) != SY_OK || decode_zpl(out.data, out.len, &d) != 0 ||
	    decoded_diff(bm, d.bm) != 0 || d.pages != job.copies)
		abort();
	bitmap_free(d.bm);
	printer_buf_free(&out);

	if (printer_encode(&printer_lang_tspl, bm, &job, &out, &err) != SY_OK ||
	    decode_tspl(out.data, out.len, 203, &d, &mw, &mh) != 0 || decoded_diff(bm, d.bm) != 0)
		abort();
	bitmap_free(d.bm);
	printer_buf_free(&out);

	/* Narrow or wide head, with or without the commands some models lack. */
	int wide = opts & 64;
	struct printer_job ql = {.copies = job.copies, .head_dots = wide ? 1296 : 720, .offset_dots = wide ? 56 : 12,
				 .media_width_mm = 62,
				 .flags = (opts & 8 ? PF_PACKBITS : 0) | (opts & 16 ? PF_CUTTER : 0) |
					  (opts & 32 ? PF_MODE_SWITCH | PF_ZERO_LINE : 0)};
	struct ql_decoded_info qi;
	if (printer_encode(&printer_lang_ql, bm, &ql, &out, &err) != SY_OK ||
	    decode_ql(out.data, out.len, wide ? 162 : 90, w, ql.offset_dots, &d, &qi) != 0 ||
	    decoded_diff(bm, d.bm) != 0 || d.pages != ql.copies || qi.mode_switch != !!(opts & 32))
		abort();
	bitmap_free(d.bm);
	printer_buf_free(&out);

	int offset = -1;
	struct printer_job dymo = {.copies = job.copies, .head_dots = 672};
	if (printer_encode(&printer_lang_dymo, bm, &dymo, &out, &err) != SY_OK ||
	    decode_dymo(out.data, out.len, &d, &offset) != 0 || decoded_diff(bm, d.bm) != 0)
		abort();
	bitmap_free(d.bm);
	printer_buf_free(&out);
	bitmap_free(bm);
	return 0;
}
