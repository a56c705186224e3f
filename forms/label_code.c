/* Barcodes on labels. zint encodes; its raster at one pixel per module gives
 * the module grid, which is scaled here by a whole number of dots. */
#include "forms/label_code.h"

#include <stdio.h>
#include <string.h>
#include <zint.h>

#include "base/i18n.h"

enum { CODE128_QUIET = 10, QR_QUIET = 2 };

/* Encode data and return the symbol with its one-pixel-per-module raster, or
 * NULL with zint's message in errtxt. */
static struct zint_symbol *encode(int symbology, const char *data, char *errtxt, size_t errsz)
{
	struct zint_symbol *s = ZBarcode_Create();
	if (!s) {
		snprintf(errtxt, errsz, "out of memory");
		return NULL;
	}
	s->symbology = symbology;
	s->show_hrt = 0;
	s->output_options = BARCODE_NO_QUIET_ZONES;
	s->scale = 0.5f; /* zint's raster has 2 pixels per module at scale 1 */
	s->whitespace_width = 0;
	s->border_width = 0;
	if (symbology == BARCODE_QRCODE) {
		s->input_mode = UNICODE_MODE;
		s->option_1 = 2; /* error correction M: survives a scuffed label */
	}
	int r = ZBarcode_Encode_and_Buffer(s, (const unsigned char *)data, (int)strlen(data), 0);
	if (r >= ZINT_ERROR || !s->bitmap) {
		snprintf(errtxt, errsz, "%s", s->errtxt);
		ZBarcode_Delete(s);
		return NULL;
	}
	return s;
}

static int module_dark(const struct zint_symbol *s, int x, int y)
{
	const unsigned char *px = s->bitmap + ((size_t)y * s->bitmap_width + x) * 3;
	return px[0] < 128;
}

static int printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return 0;
	return 1;
}

int label_code128(struct bitmap *bm, const char *data, struct text_box box, int max_module, int centre,
		  struct code_placed *placed, sy_err *err)
{
	char errtxt[128];
	if (!data || !*data)
		return sy_fail(err, SY_INVALID, NULL, _("nothing to put in the barcode"));
	if (!printable_ascii(data))
		return sy_fail(err, SY_INVALID, NULL,
			       _("\"%s\" cannot go into a Code 128 barcode: use ASCII letters, digits and punctuation only"), data);
	struct zint_symbol *s = encode(BARCODE_CODE128, data, errtxt, sizeof errtxt);
	if (!s)
		return sy_fail(err, SY_INVALID, NULL, _("cannot encode \"%s\" as Code 128: %s"), data, errtxt);
	int modules = s->bitmap_width, total = modules + 2 * CODE128_QUIET;
	int m = box.w / total;
	if (m > max_module)
		m = max_module;
	if (m < 1) {
		ZBarcode_Delete(s);
		return sy_fail(err, SY_INVALID, NULL,
			       _("the barcode for \"%s\" does not fit the label: use a wider label or a shorter number"),
			       data);
	}
	int x0 = box.x + (centre ? (box.w - modules * m) / 2 : CODE128_QUIET * m);
	for (int i = 0; i < modules; i++)
		if (module_dark(s, i, 0))
			bitmap_fill(bm, x0 + i * m, box.y, m, box.h, 1);
	if (placed)
		*placed = (struct code_placed){x0, box.y, modules * m, box.h, m};
	ZBarcode_Delete(s);
	return SY_OK;
}

int label_qr(struct bitmap *bm, const char *data, struct text_box box, enum text_align align,
	     struct code_placed *placed, sy_err *err)
{
	char errtxt[128];
	if (!data || !*data)
		return sy_fail(err, SY_INVALID, NULL, _("nothing to put in the QR code"));
	struct zint_symbol *s = encode(BARCODE_QRCODE, data, errtxt, sizeof errtxt);
	if (!s)
		return sy_fail(err, SY_INVALID, NULL, _("cannot encode the QR code: %s"), errtxt);
	int n = s->bitmap_width, side = box.w < box.h ? box.w : box.h;
	int m = side / (n + 2 * QR_QUIET);
	if (m < 1) {
		ZBarcode_Delete(s);
		return sy_fail(err, SY_INVALID, NULL, _("the QR code does not fit the label: use a larger label"));
	}
	int x0 = box.x + QR_QUIET * m, y0 = box.y + (box.h - n * m) / 2;
	if (align == TEXT_RIGHT)
		x0 = box.x + box.w - (n + QR_QUIET) * m;
	else if (align == TEXT_CENTER)
		x0 = box.x + (box.w - n * m) / 2;
	for (int y = 0; y < s->bitmap_height && y < n; y++)
		for (int x = 0; x < n; x++)
			if (module_dark(s, x, y))
				bitmap_fill(bm, x0 + x * m, y0 + y * m, m, m, 1);
	if (placed)
		*placed = (struct code_placed){x0, y0, n * m, n * m, m};
	ZBarcode_Delete(s);
	return SY_OK;
}
