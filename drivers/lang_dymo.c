/* DYMO LabelWriter 4xx raster: a burst of ESC to end anything half sent,
 * ESC @, the label length and line width, one SYN line per dot row, ESC E
 * to feed to the next label. No status reply: the port status stands in. */
#include "drivers/printer.h"

#include <string.h>

#include "base/i18n.h"

enum { DYMO_MAX_LINE = 255 };

static int dymo_encode(const struct bitmap *bm, const struct printer_job *job, struct printer_buf *out, sy_err *err)
{
	int copies = job && job->copies > 0 ? job->copies : 1;
	int offset = job ? job->offset_dots : 0;
	int head = job && job->head_dots > 0 ? job->head_dots : 672;
	if (offset < 0 || offset % 8 || offset + bm->width > head)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the label is %d dots wide but the LabelWriter prints %d: use a narrower label"),
			       bm->width, head - (offset > 0 ? offset : 0));
	int bytes = bm->stride;
	if (bytes > DYMO_MAX_LINE || bm->height > 65535)
		return sy_fail(err, SY_INVALID, NULL, _("the label is too large for the LabelWriter"));
	for (int i = 0; i < 100; i++)
		printer_buf_byte(out, 0x1B);
	printer_buf_add(out, "\x1b@", 2);
	for (int page = 0; page < copies; page++) {
		uint8_t setup[] = {0x1B, 'L', (uint8_t)(bm->height >> 8), (uint8_t)bm->height,
				   0x1B, 'D', (uint8_t)bytes,
				   0x1B, 'B', (uint8_t)(offset / 8)};
		printer_buf_add(out, setup, sizeof setup);
		for (int y = 0; y < bm->height; y++) {
			printer_buf_byte(out, 0x16);
			printer_buf_add(out, bm->bits + (size_t)y * bm->stride, (size_t)bytes);
		}
		printer_buf_add(out, "\x1b" "E", 2);
	}
	return SY_OK;
}

const struct printer_lang_ops printer_lang_dymo = {
	.name = "dymo",
	.title = "DYMO LabelWriter raster",
	.default_dpi = 300,
	.encode = dymo_encode,
	.status_request = NULL,
	.status_request_len = 0,
	.parse_status = NULL,
	.status_reply_len = 0,
	.reports_done = 0,
};
