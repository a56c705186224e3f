/* What the printer languages share: byte buffers, the language table,
 * sanitising, and status as a clerk reads it. */
#include "drivers/printer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

void printer_buf_add(struct printer_buf *b, const void *data, size_t len)
{
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
}

void printer_buf_byte(struct printer_buf *b, uint8_t byte) { printer_buf_add(b, &byte, 1); }

void printer_buf_printf(struct printer_buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		printer_buf_add(b, tmp, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	printer_buf_add(b, big, (size_t)n);
	free(big);
}

void printer_buf_free(struct printer_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

const struct printer_lang_ops *const printer_langs[] = {
	&printer_lang_zpl, &printer_lang_tspl, &printer_lang_ql, &printer_lang_dymo, NULL,
};

const struct printer_lang_ops *printer_lang_find(const char *name)
{
	for (int i = 0; name && printer_langs[i]; i++)
		if (strcmp(name, printer_langs[i]->name) == 0)
			return printer_langs[i];
	return NULL;
}

int printer_encode(const struct printer_lang_ops *lang, const struct bitmap *bm, const struct printer_job *job,
		   struct printer_buf *out, sy_err *err)
{
	if (!lang)
		return sy_fail(err, SY_INVALID, "language",
			       _("the printer's language is not known: set it to zpl, tspl, ql or dymo in the settings"));
	return lang->encode(bm, job, out, err);
}

char *printer_sanitize(const char *in, char *out, size_t size)
{
	size_t n = 0;
	if (!size)
		return out;
	for (const unsigned char *p = (const unsigned char *)(in ? in : ""); *p && n + 1 < size; p++) {
		if (*p >= 0x80) {
			/* One '_' for a whole UTF-8 sequence. */
			while ((p[1] & 0xC0) == 0x80)
				p++;
			out[n++] = '_';
		} else if (*p < 0x20 || *p == 0x7F || *p == '^' || *p == '~' || *p == '\\' || *p == '"') {
			continue;
		} else {
			out[n++] = (char)*p;
		}
	}
	out[n] = '\0';
	return out;
}

void printer_port_status(uint8_t port, struct printer_status *out)
{
	memset(out, 0, sizeof *out);
	out->known = 1;
	if (port & 0x20)
		out->flags |= PRINTER_PAPER_OUT;
	if (!(port & 0x10))
		out->flags |= PRINTER_OFFLINE;
	if (!(port & 0x08) && !(out->flags & (PRINTER_PAPER_OUT | PRINTER_OFFLINE)))
		out->flags |= PRINTER_FAULT;
	snprintf(out->detail, sizeof out->detail, "port status %02X", port);
}

/* Worst first: what the clerk must fix before anything else. */
static const struct {
	unsigned flag;
	const char *text;
} condition_text[] = {
	{PRINTER_OFFLINE, N_("The printer is offline: switch it on and online, then retry the job")},
	{PRINTER_WRONG_MODE, N_("The printer is not in raster mode (it is in P-touch Template mode): switch the "
				"printer to raster mode (Brother's Printer Setting Tool: Device Settings, Command Mode: "
				"Raster), then retry the job")},
	{PRINTER_HEAD_OPEN, N_("The print head is open: close it, then retry the job")},
	{PRINTER_COVER_OPEN, N_("The printer cover is open: close it, then retry the job")},
	{PRINTER_JAM, N_("Labels are jammed in the printer: clear the jam, then retry the job")},
	{PRINTER_CUTTER, N_("The printer's cutter is jammed: clear it, then retry the job")},
	{PRINTER_PAPER_OUT, N_("The printer is out of labels: load a new roll, then retry the job")},
	{PRINTER_RIBBON_OUT, N_("The printer is out of ribbon: load a new ribbon, then retry the job")},
	{PRINTER_OVERHEAT, N_("The print head is too hot: wait a few minutes, then retry the job")},
	{PRINTER_PAUSED, N_("The printer is paused: press its pause button, then retry the job")},
};

void printer_status_text(const struct printer_status *st, char *buf, size_t size)
{
	if (!size)
		return;
	if (!st->known) {
		snprintf(buf, size, "%s", _("no status: the printer does not report it"));
		return;
	}
	for (size_t i = 0; i < sizeof condition_text / sizeof condition_text[0]; i++)
		if (st->flags & condition_text[i].flag) {
			snprintf(buf, size, "%s", _(condition_text[i].text));
			return;
		}
	if (st->flags & PRINTER_FAULT)
		snprintf(buf, size, _("The printer reports an error (%s): check its lights or display, then retry the job"),
			 st->detail[0] ? st->detail : "?");
	else if (st->flags & PRINTER_DONE)
		snprintf(buf, size, "%s", _("printed"));
	else if (st->flags & PRINTER_BUSY)
		snprintf(buf, size, "%s", _("printing"));
	else
		snprintf(buf, size, "%s", _("ready"));
}

/* Worst first, as condition_text: a few words to put inside a sentence. */
static const struct {
	unsigned flag;
	const char *text;
} condition_short[] = {
	{PRINTER_OFFLINE, N_("offline")},         {PRINTER_WRONG_MODE, N_("not in raster mode")},
	{PRINTER_HEAD_OPEN, N_("print head open")}, {PRINTER_COVER_OPEN, N_("cover open")},
	{PRINTER_JAM, N_("labels jammed")},       {PRINTER_CUTTER, N_("cutter jammed")},
	{PRINTER_PAPER_OUT, N_("out of labels")}, {PRINTER_RIBBON_OUT, N_("out of ribbon")},
	{PRINTER_OVERHEAT, N_("print head too hot")}, {PRINTER_PAUSED, N_("paused")},
	{PRINTER_FAULT, N_("an error")},
};

const char *printer_condition_short(const struct printer_status *st)
{
	for (size_t i = 0; i < sizeof condition_short / sizeof condition_short[0]; i++)
		if (st->flags & condition_short[i].flag)
			return _(condition_short[i].text);
	return _("ready");
}
