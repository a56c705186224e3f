/* Code 128 and QR symbols drawn with whole-dot modules (zint encodes, we
 * place the modules, so bars never blur on a thermal head). Internal to forms/. */
#ifndef SY_LABEL_CODE_H
#define SY_LABEL_CODE_H
#include "base/err.h"
#include "base/bitmap.h"
#include "forms/label_text.h"

/* Where a symbol landed and how large its modules are. */
struct code_placed {
	int x, y, w, h; /* the symbol, quiet zone excluded */
	int module;     /* dots per module */
};

/* Code 128 of printable ASCII data, as wide as the box allows (modules of at
 * most max_module dots), bars the box's full height, centred or left
 * aligned, with a 10-module quiet zone inside the box. SY_INVALID when the
 * data is empty, not printable ASCII, or too long for the box even with
 * 1-dot modules. */
int label_code128(struct bitmap *bm, const char *data, struct text_box box, int max_module, int centre,
		  struct code_placed *placed, sy_err *err);

/* QR code (error correction M, UTF-8 text), the largest whole-dot module
 * size that fits the box with a 2-module quiet zone, aligned in the box as
 * asked and vertically centred. SY_INVALID when it cannot fit. */
int label_qr(struct bitmap *bm, const char *data, struct text_box box, enum text_align align,
	     struct code_placed *placed, sy_err *err);

#endif
