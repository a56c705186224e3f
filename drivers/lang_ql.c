/* Brother QL raster: invalidate, initialise, raster mode, print information,
 * then one raster line per dot row, mirrored left to right as the head sees
 * it, PackBits-compressed on the models that take it. Only the commands the
 * model's command reference lists go out (the quirk table's flags): no ESC i a
 * or M to a QL-570 or QL-700, no Z to a model without PackBits. The status
 * is the 32-byte reply to ESC i S, which the printer also sends by itself
 * while and after it prints. */
#include "drivers/printer.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"

enum { QL_MAX_LINE = 162 }; /* 1296-dot head of the wide models */

/* TIFF PackBits: a header n >= 0 copies n+1 literal bytes, n < 0 repeats the
 * next byte 1-n times. */
static size_t packbits(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		size_t run = 1;
		while (i + run < n && run < 128 && in[i + run] == in[i])
			run++;
		if (run >= 2) {
			out[o++] = (uint8_t)(257 - run);
			out[o++] = in[i];
			i += run;
			continue;
		}
		size_t lit = 1;
		while (i + lit < n && lit < 128 && !(i + lit + 1 < n && in[i + lit] == in[i + lit + 1]))
			lit++;
		out[o++] = (uint8_t)(lit - 1);
		memcpy(out + o, in + i, lit);
		o += lit;
		i += lit;
	}
	return o;
}

/* The label's column c lands on head dot offset + (width - 1 - c): the head
 * prints its first byte at the label's right edge. */
static void raster_line(const struct bitmap *bm, int y, int offset, uint8_t *line, int bytes)
{
	memset(line, 0, (size_t)bytes);
	for (int c = 0; c < bm->width; c++)
		if (bitmap_get(bm, c, y)) {
			int p = offset + (bm->width - 1 - c);
			line[p >> 3] |= (uint8_t)(0x80 >> (p & 7));
		}
}

static void put_print_info(struct printer_buf *out, const struct bitmap *bm, const struct printer_job *job, int page)
{
	uint8_t info[13] = {0x1B, 'i', 'z'};
	info[3] = 0x80 | 0x02 | 0x04 | 0x08 | 0x40; /* recover, media type, width, length, quality */
	info[4] = job->die_cut ? 0x0B : 0x0A;
	info[5] = (uint8_t)job->media_width_mm;
	info[6] = (uint8_t)(job->die_cut ? job->media_length_mm : 0);
	uint32_t lines = (uint32_t)bm->height;
	for (int i = 0; i < 4; i++)
		info[7 + i] = (uint8_t)(lines >> (8 * i));
	info[11] = (uint8_t)(page ? 1 : 0);
	info[12] = 0;
	printer_buf_add(out, info, sizeof info);
}

static void put_page_setup(struct printer_buf *out, const struct printer_job *job)
{
	if (job->flags & PF_CUTTER) {
		/* Auto cut, cut every label, cut at the end (expanded mode). */
		static const uint8_t cut[] = {0x1B, 'i', 'M', 0x40, 0x1B, 'i', 'A', 0x01, 0x1B, 'i', 'K', 0x08};
		printer_buf_add(out, cut, sizeof cut);
	}
	int margin = job->die_cut ? 0 : 35; /* feed margin: 35 dots on tape, none between die-cut labels */
	uint8_t margins[] = {0x1B, 'i', 'd', (uint8_t)(margin & 0xFF), (uint8_t)(margin >> 8)};
	printer_buf_add(out, margins, sizeof margins);
	if (job->flags & PF_PACKBITS) {
		static const uint8_t packbits_mode[] = {'M', 0x02};
		printer_buf_add(out, packbits_mode, sizeof packbits_mode);
	}
}

/* The roll the job declares, and the label fits it: across the tape, and
 * exactly the printable length of a die-cut label. */
static int check_fit(const struct bitmap *bm, const struct printer_job *job, sy_err *err)
{
	const struct printer_ql_media *m =
		printer_ql_media_find(job->media_width_mm, job->die_cut ? job->media_length_mm : 0);
	char what[96];
	if (!m && job->die_cut)
		return sy_fail(err, SY_INVALID, NULL, _("%dx%d mm is not a Brother die-cut label size: check the loaded roll"),
			       job->media_width_mm, job->media_length_mm);
	if (!m)
		return sy_fail(err, SY_INVALID, NULL, _("%d mm is not a Brother tape width: check the loaded roll"),
			       job->media_width_mm);
	printer_ql_media_describe(m, what, sizeof what);
	if (job->offset_dots < 0 || bm->width > m->dots || job->offset_dots + bm->width > job->head_dots)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the label is %d dots wide but %s print %d: render it for the loaded roll"), bm->width,
			       what, m->dots);
	if (job->die_cut && bm->height != m->length_dots)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the label is %d dots long but %s print %d: render it for the loaded roll"),
			       bm->height, what, m->length_dots);
	return SY_OK;
}

static void put_line(struct printer_buf *out, const struct bitmap *bm, int y, const struct printer_job *job,
		     int bytes)
{
	uint8_t line[QL_MAX_LINE], packed[QL_MAX_LINE + QL_MAX_LINE / 64 + 4];
	if ((job->flags & PF_PACKBITS) && (job->flags & PF_ZERO_LINE) && bitmap_row_blank(bm, y)) {
		printer_buf_byte(out, 'Z');
		return;
	}
	raster_line(bm, y, job->offset_dots, line, bytes);
	const uint8_t *data = line;
	size_t n = (size_t)bytes;
	if (job->flags & PF_PACKBITS) {
		n = packbits(line, (size_t)bytes, packed);
		data = packed;
	}
	uint8_t head[] = {'g', 0x00, (uint8_t)n};
	printer_buf_add(out, head, sizeof head);
	printer_buf_add(out, data, n);
}

static int ql_encode(const struct bitmap *bm, const struct printer_job *job, struct printer_buf *out, sy_err *err)
{
	int bytes = job->head_dots / 8, copies = job->copies > 0 ? job->copies : 1;
	if (bytes < 1 || bytes > QL_MAX_LINE || job->head_dots % 8)
		return sy_fail(err, SY_INVALID, NULL, _("the Brother printer's head width is not set: check the printer model"));
	int status = check_fit(bm, job, err);
	if (status != SY_OK)
		return status;
	int invalidate = job->invalidate > 0 ? job->invalidate : 200;
	for (int i = 0; i < invalidate; i++)
		printer_buf_byte(out, 0x00);
	printer_buf_add(out, "\x1b@", 2);
	if (job->flags & PF_MODE_SWITCH)
		printer_buf_add(out, "\x1bia\x01", 4); /* raster mode */
	for (int page = 0; page < copies; page++) {
		put_print_info(out, bm, job, page);
		put_page_setup(out, job);
		for (int y = 0; y < bm->height; y++)
			put_line(out, bm, y, job, bytes);
		printer_buf_byte(out, page + 1 < copies ? 0x0C : 0x1A);
	}
	return SY_OK;
}

/* The 32-byte status: 80 20 42 ..., errors in bytes 8 and 9, media in 10,
 * 11 and 17, reply type in 18, phase in 19. */
int printer_ql_parse_status(const uint8_t *d, size_t len, struct printer_status *out)
{
	static const struct {
		int byte;
		uint8_t bit;
		unsigned flag;
	} errors[] = {
		{8, 0x01, PRINTER_PAPER_OUT}, {8, 0x02, PRINTER_PAPER_OUT}, {8, 0x04, PRINTER_CUTTER},
		{8, 0x08, PRINTER_FAULT},     {8, 0x10, PRINTER_FAULT},     {8, 0x20, PRINTER_OFFLINE},
		{8, 0x40, PRINTER_FAULT},     {8, 0x80, PRINTER_FAULT},     {9, 0x01, PRINTER_FAULT},
		{9, 0x02, PRINTER_FAULT},     {9, 0x04, PRINTER_FAULT},     {9, 0x08, PRINTER_FAULT},
		{9, 0x10, PRINTER_COVER_OPEN}, {9, 0x20, PRINTER_FAULT},    {9, 0x40, PRINTER_JAM},
		{9, 0x80, PRINTER_FAULT},
	};
	memset(out, 0, sizeof *out);
	if (len < 32 || d[0] != 0x80 || d[1] != 0x20 || d[2] != 0x42)
		return -1;
	out->known = 1;
	for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++)
		if (d[errors[i].byte] & errors[i].bit)
			out->flags |= errors[i].flag;
	out->media_width_mm = d[10];
	out->media_type = d[11];
	out->media_length_mm = d[17];
	out->reply_type = d[18];
	if (d[18] == 0x01)
		out->flags |= PRINTER_DONE;
	/* An error report with no error bit: the printer is not in raster mode
	 * (a QL left in P-touch Template mode takes the job, then says this). */
	if (d[18] == 0x02 && !d[8] && !d[9])
		out->flags |= PRINTER_WRONG_MODE;
	if (d[19] == 0x01 && d[18] != 0x01)
		out->flags |= PRINTER_BUSY;
	snprintf(out->detail, sizeof out->detail, "errors %02X %02X, type %02X, phase %02X", d[8], d[9], d[18], d[19]);
	return 0;
}

/* Invalidate, initialise, then ask: a half-sent job must not swallow ESC i S. */
static const uint8_t ql_status_request[] = {
#define Z10 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#define Z100 Z10, Z10, Z10, Z10, Z10, Z10, Z10, Z10, Z10, Z10
	Z100, Z100, 0x1B, '@', 0x1B, 'i', 'S',
#undef Z100
#undef Z10
};

const struct printer_lang_ops printer_lang_ql = {
	.name = "ql",
	.title = "Brother QL raster",
	.default_dpi = 300,
	.encode = ql_encode,
	.status_request = ql_status_request,
	.status_request_len = sizeof ql_status_request,
	.parse_status = printer_ql_parse_status,
	.status_reply_len = 32,
	.reports_done = 1,
};
