/* ZPL II (Zebra, and the many printers that emulate it): the label as one
 * ^GFA graphic field in compressed ASCII hex. Status from two replies: the
 * ~HQES error words, and the host status ~HS. A desktop Zebra reports pause
 * only in ~HS: the ~HQES paused and jam bits exist on kiosk printers alone
 * (ZPL II Programming Guide, ~HQES error flags and ~HS host status return). */
#include "drivers/printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

static const char hex_digit[] = "0123456789ABCDEF";

/* A run of n copies of hex character c in ZPL's compression: counts 1..19
 * are G..Y, multiples of 20 up to 400 are g..z, added together. */
static void put_run(struct printer_buf *out, char c, int n)
{
	while (n > 0) {
		int m = n > 419 ? 419 : n;
		if (m < 3) {
			for (int i = 0; i < m; i++)
				printer_buf_byte(out, (uint8_t)c);
		} else {
			if (m / 20)
				printer_buf_byte(out, (uint8_t)('f' + m / 20));
			if (m % 20)
				printer_buf_byte(out, (uint8_t)('F' + m % 20));
			printer_buf_byte(out, (uint8_t)c);
		}
		n -= m;
	}
}

/* One row: ':' when it repeats the row above, ',' / '!' for a tail of
 * 0 / F, runs for the rest. */
static void put_row(struct printer_buf *out, const uint8_t *row, const uint8_t *prev, int bytes)
{
	char hex[2 * 4096 + 1];
	int n = 2 * bytes;
	if (prev && memcmp(row, prev, (size_t)bytes) == 0) {
		printer_buf_byte(out, ':');
		return;
	}
	for (int i = 0; i < bytes; i++) {
		hex[2 * i] = hex_digit[row[i] >> 4];
		hex[2 * i + 1] = hex_digit[row[i] & 15];
	}
	int end = n;
	while (end > 0 && hex[end - 1] == hex[n - 1])
		end--;
	char tail = 0;
	if (end < n - 1 && (hex[n - 1] == '0' || hex[n - 1] == 'F'))
		tail = hex[n - 1] == '0' ? ',' : '!';
	else
		end = n;
	for (int i = 0; i < end;) {
		int j = i;
		while (j < end && hex[j] == hex[i])
			j++;
		put_run(out, hex[i], j - i);
		i = j;
	}
	if (tail)
		printer_buf_byte(out, (uint8_t)tail);
}

static int zpl_encode(const struct bitmap *bm, const struct printer_job *job, struct printer_buf *out, sy_err *err)
{
	char name[64];
	int copies = job && job->copies > 0 ? job->copies : 1;
	if (bm->stride > 4096)
		return sy_fail(err, SY_INVALID, NULL, _("the label is too wide for ZPL: at most 32768 dots"));
	printer_buf_printf(out, "^XA\n");
	if (job && job->name && *printer_sanitize(job->name, name, 40))
		printer_buf_printf(out, "^FX%s^FS\n", name);
	printer_buf_printf(out, "^PW%d\n^LL%d\n^LH0,0\n", bm->width, bm->height);
	long total = (long)bm->stride * bm->height;
	printer_buf_printf(out, "^FO0,0^GFA,%ld,%ld,%d,", total, total, bm->stride);
	for (int y = 0; y < bm->height; y++) {
		const uint8_t *row = bm->bits + (size_t)y * bm->stride;
		if (job && (job->flags & PF_NO_COMPRESS)) {
			for (int i = 0; i < bm->stride; i++) {
				printer_buf_byte(out, (uint8_t)hex_digit[row[i] >> 4]);
				printer_buf_byte(out, (uint8_t)hex_digit[row[i] & 15]);
			}
		} else {
			put_row(out, row, y ? row - bm->stride : NULL, bm->stride);
		}
	}
	printer_buf_printf(out, "^FS\n^PQ%d\n^XZ\n", copies);
	return SY_OK;
}

/* The bits of the second error word of ~HQES. */
static const struct {
	unsigned long bit;
	unsigned flag;
} zpl_errors[] = {
	{0x1, PRINTER_PAPER_OUT},   {0x2, PRINTER_RIBBON_OUT}, {0x4, PRINTER_HEAD_OPEN}, {0x8, PRINTER_CUTTER},
	{0x10, PRINTER_OVERHEAT},   {0x20, PRINTER_OVERHEAT},  {0x1000, PRINTER_JAM},    {0x10000, PRINTER_PAUSED},
};

static const char *find_key(const char *s, size_t len, const char *key)
{
	size_t k = strlen(key);
	for (size_t i = 0; i + k <= len; i++)
		if (memcmp(s + i, key, k) == 0)
			return s + i + k;
	return NULL;
}

/* "ERRORS:  1 00000000 00000005": flag, then two 8-digit hex words. 0 when
 * the reply is there, -1 when not. */
static int parse_errors(const char *text, size_t len, struct printer_status *out)
{
	const char *p = find_key(text, len, "ERRORS:");
	char words[2][9];
	int flag;
	if (!p || sscanf(p, " %d %8[0-9A-Fa-f] %8[0-9A-Fa-f]", &flag, words[0], words[1]) != 3)
		return -1;
	if (strlen(words[0]) != 8 || strlen(words[1]) != 8)
		return -1;
	unsigned long w1 = strtoul(words[0], NULL, 16), w2 = strtoul(words[1], NULL, 16);
	snprintf(out->detail, sizeof out->detail, "ERRORS %d %s %s", flag, words[0], words[1]);
	if (!flag && !w1 && !w2)
		return 0;
	unsigned long seen = 0;
	unsigned flags = 0;
	for (size_t i = 0; i < sizeof zpl_errors / sizeof zpl_errors[0]; i++)
		if (w2 & zpl_errors[i].bit) {
			flags |= zpl_errors[i].flag;
			seen |= zpl_errors[i].bit;
		}
	if ((w2 & ~seen) || w1 || (flag && !flags))
		flags |= PRINTER_FAULT;
	out->flags |= flags;
	return 0;
}

/* Comma-separated fields of one STX ... ETX string of ~HS. */
static int hs_fields(const char *s, size_t len, long *field, int max)
{
	int n = 0;
	size_t i = 0;
	while (i < len && n < max) {
		char *end;
		field[n++] = strtol(s + i, &end, 10);
		if (end == s + i)
			return -1;
		i = (size_t)(end - s);
		if (i < len && s[i] != ',')
			return -1;
		i++;
	}
	return i >= len ? n : -1;
}

/* ~HS answers three strings, STX ... ETX CR LF each:
 *   aaa,b,c,dddd,eee,f,g,h,iii,j,k,l   b paper out, c pause
 *   mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www    o head up
 *   xxxx,y
 * Returns 0 when the first two were there. */
static int parse_host_status(const char *text, size_t len, struct printer_status *out)
{
	int have = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] != 0x02)
			continue;
		const char *start = text + i + 1, *etx = memchr(start, 0x03, len - i - 1);
		if (!etx)
			break;
		long f[12];
		int n = hs_fields(start, (size_t)(etx - start), f, 12);
		if (n == 12) {
			have |= 1;
			if (f[1])
				out->flags |= PRINTER_PAPER_OUT;
			if (f[2])
				out->flags |= PRINTER_PAUSED;
		} else if (n == 11) {
			have |= 2;
			if (f[2])
				out->flags |= PRINTER_HEAD_OPEN;
		}
		i = (size_t)(etx - text);
	}
	return have == 3 ? 0 : -1;
}

int printer_zpl_parse_status(const uint8_t *data, size_t len, struct printer_status *out)
{
	char text[1024];
	memset(out, 0, sizeof *out);
	if (len >= sizeof text)
		len = sizeof text - 1;
	memcpy(text, data, len);
	text[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = ' ';
	int errors = parse_errors(text, len, out) == 0;
	int host = parse_host_status(text, len, out) == 0;
	if (!errors && !host) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	out->known = 1;
	if (host) {
		size_t n = strlen(out->detail);
		snprintf(out->detail + n, sizeof out->detail - n, "%s~HS%s%s%s", n ? ", " : "",
			 out->flags & PRINTER_PAPER_OUT ? " paper out" : "", out->flags & PRINTER_PAUSED ? " paused" : "",
			 out->flags & PRINTER_HEAD_OPEN ? " head up" : "");
	}
	return 0;
}

/* Both questions at once: the replies come back in this order. */
static const uint8_t zpl_status_request[] = "~HQES\r\n~HS\r\n";

const struct printer_lang_ops printer_lang_zpl = {
	.name = "zpl",
	.title = "Zebra ZPL II",
	.default_dpi = 203,
	.encode = zpl_encode,
	.status_request = zpl_status_request,
	.status_request_len = sizeof zpl_status_request - 1,
	.parse_status = printer_zpl_parse_status,
	.status_reply_len = 0,
	.status_reply_parts = 4, /* one ETX after ~HQES, three after ~HS */
	.reports_done = 0,
};
