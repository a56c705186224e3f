/* TSPL / TSPL2 (TSC, Xprinter, Gprinter and most label printers sold in
 * China): SIZE, GAP, CLS, one BITMAP, PRINT. The status is the one byte
 * answered to ESC ! ?. */
#include "drivers/printer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"

/* "62" or "62.5": TSPL takes decimals, but whole numbers read better in a trace. */
static void put_mm(struct printer_buf *out, double mm)
{
	if (fabs(mm - round(mm)) < 0.05)
		printer_buf_printf(out, "%.0f mm", mm);
	else
		printer_buf_printf(out, "%.1f mm", mm);
}

static int tspl_encode(const struct bitmap *bm, const struct printer_job *job, struct printer_buf *out, sy_err *err)
{
	int copies = job && job->copies > 0 ? job->copies : 1;
	int dpi = bm->dpi > 0 ? bm->dpi : 203;
	if (bm->stride > 65535 || bm->height > 65535)
		return sy_fail(err, SY_INVALID, NULL, _("the label is too large for TSPL"));
	double w = job && job->media_width_mm > 0 ? job->media_width_mm : bm->width * 25.4 / dpi;
	double h = job && job->media_length_mm > 0 ? job->media_length_mm : bm->height * 25.4 / dpi;
	double gap = job ? job->gap_mm : 0;
	printer_buf_add(out, "SIZE ", 5);
	put_mm(out, w);
	printer_buf_add(out, ",", 1);
	put_mm(out, h);
	printer_buf_add(out, "\r\nGAP ", 6);
	put_mm(out, gap);
	printer_buf_add(out, ",0 mm\r\nCLS\r\n", 12);
	printer_buf_printf(out, "BITMAP 0,0,%d,%d,0,", bm->stride, bm->height);
	/* In a TSPL bitmap a 0 bit prints: the opposite of ours. */
	size_t n = (size_t)bm->stride * bm->height;
	for (size_t i = 0; i < n; i++)
		printer_buf_byte(out, (uint8_t)~bm->bits[i]);
	printer_buf_printf(out, "\r\nPRINT 1,%d\r\n", copies);
	return SY_OK;
}

/* ESC ! ? answers one byte: bit 0 head open, 1 paper jam, 2 out of paper,
 * 3 out of ribbon, 4 paused, 5 printing, 6 cover open, 7 head too hot. */
int printer_tspl_parse_status(const uint8_t *data, size_t len, struct printer_status *out)
{
	static const unsigned flags[8] = {
		PRINTER_HEAD_OPEN, PRINTER_JAM,  PRINTER_PAPER_OUT,  PRINTER_RIBBON_OUT,
		PRINTER_PAUSED,    PRINTER_BUSY, PRINTER_COVER_OPEN, PRINTER_OVERHEAT,
	};
	memset(out, 0, sizeof *out);
	if (len < 1)
		return -1;
	out->known = 1;
	for (int i = 0; i < 8; i++)
		if (data[0] & (1u << i))
			out->flags |= flags[i];
	snprintf(out->detail, sizeof out->detail, "status %02X", data[0]);
	return 0;
}

static const uint8_t tspl_status_request[] = {0x1B, '!', '?'};

const struct printer_lang_ops printer_lang_tspl = {
	.name = "tspl",
	.title = "TSC TSPL",
	.default_dpi = 203,
	.encode = tspl_encode,
	.status_request = tspl_status_request,
	.status_request_len = sizeof tspl_status_request,
	.parse_status = printer_tspl_parse_status,
	.status_reply_len = 1,
	.reports_done = 0,
};
