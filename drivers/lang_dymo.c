/* DYMO LabelWriter 4xx raster: a burst of ESC to end anything half sent,
 * ESC @, the label length and line width, one SYN line per dot row, ESC E
 * to feed to the next label. Status: ESC A answers one byte (LabelWriter
 * 400 Series Technical Reference, "Get Printer Status"); a printer that
 * does not answer falls back to the USB port status. */
#include "drivers/printer.h"

#include <stdio.h>
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

/* ESC A: bit 0 ready (paper in, no jam), 1 top of form, 5 no paper, 6 paper
 * jam, 7 printer error (jam, invalid sequence ...). Ready is 03. */
int printer_dymo_parse_status(const uint8_t *data, size_t len, struct printer_status *out)
{
	memset(out, 0, sizeof *out);
	if (len < 1)
		return -1;
	uint8_t b = data[0];
	out->known = 1;
	if (b & 0x20)
		out->flags |= PRINTER_PAPER_OUT;
	if (b & 0x40)
		out->flags |= PRINTER_JAM;
	if ((b & 0x80) && !(out->flags & (PRINTER_PAPER_OUT | PRINTER_JAM)))
		out->flags |= PRINTER_FAULT;
	if (!(b & 0x01) && !out->flags)
		out->flags |= PRINTER_BUSY; /* not ready, no error named: still feeding or printing */
	snprintf(out->detail, sizeof out->detail, "status %02X", b);
	return 0;
}

static const uint8_t dymo_status_request[] = {0x1B, 'A'};

const struct printer_lang_ops printer_lang_dymo = {
	.name = "dymo",
	.title = "DYMO LabelWriter raster",
	.default_dpi = 300,
	.encode = dymo_encode,
	.status_request = dymo_status_request,
	.status_request_len = sizeof dymo_status_request,
	.parse_status = printer_dymo_parse_status,
	.status_reply_len = 1,
	.reports_done = 0,
};
