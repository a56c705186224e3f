/* Which language a printer on the network speaks, from its answers to
 * status requests: pure, bytes in, struct out (fuzzed).
 *
 * The probes go in an order that keeps each harmless to the printers that
 * do not speak it: TSPL's ESC ! ? first (a Zebra ignores bytes outside a
 * ^XA format, a Brother reads ESC ! as an ESC/P mode byte and is reset by
 * the invalidate and ESC @ of its own probe and of every job), then
 * Brother's status request, then ZPL's ~HI. printer_net.c ends the probing
 * with CR LF, so that a TSPL printer drops whatever of the others' bytes
 * it took for the start of a command line. */
#include "drivers/printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Model codes in byte 4 of the ESC i S reply, from the raster command
 * references (series code 0x34 in byte 3). */
static const struct {
	uint8_t code;
	const char *name;
} ql_models[] = {
	{0x32, "QL-570"},   {0x33, "QL-580N"},   {0x34, "QL-1060N"},  {0x35, "QL-700"},     {0x36, "QL-710W"},
	{0x37, "QL-720NW"}, {0x38, "QL-800"},    {0x39, "QL-810W"},   {0x41, "QL-820NWB"},  {0x43, "QL-1100"},
	{0x44, "QL-1110NWB"}, {0x45, "QL-1115NWB"}, {0x50, "QL-1050"},
};

const char *printer_ql_model_name(uint8_t code)
{
	for (size_t i = 0; i < sizeof ql_models / sizeof ql_models[0]; i++)
		if (ql_models[i].code == code)
			return ql_models[i].name;
	return NULL;
}

static const uint8_t probe_tspl[] = {0x1B, '!', '?'};
static const uint8_t probe_zpl[] = "~HI\r\n";

const struct printer_probe_step printer_probes[] = {
	{&printer_lang_tspl, probe_tspl, sizeof probe_tspl},
	/* the Brother probe is its status request: invalidate, ESC @, ESC i S */
	{&printer_lang_ql, NULL, 0},
	{&printer_lang_zpl, probe_zpl, sizeof probe_zpl - 1},
	{NULL, NULL, 0},
};

/* ~HI: STX "model,version,dots per mm,memory[,options]" ETX; ~HS and
 * ~HQES replies are framed the same way and say ZPL as well. */
static int zpl_reply(const uint8_t *data, size_t len, struct printer_probe *out)
{
	const uint8_t *stx = memchr(data, 0x02, len);
	const uint8_t *etx = stx ? memchr(stx, 0x03, len - (size_t)(stx - data)) : NULL;
	if (!etx)
		return -1;
	char text[128];
	size_t n = (size_t)(etx - stx - 1);
	if (n >= sizeof text)
		n = sizeof text - 1;
	for (size_t i = 0; i < n; i++) /* printable ASCII only: it is shown to the clerk */
		text[i] = stx[1 + i] >= 0x20 && stx[1 + i] < 0x7F ? (char)stx[1 + i] : ' ';
	text[n] = '\0';
	out->lang = &printer_lang_zpl;
	/* ~HQES and ~HS replies start with a word or a number, ~HI with the model */
	if (strstr(text, "ERRORS") || strchr(text, ',') == NULL || strspn(text, " 0123456789") == strcspn(text, ","))
		return 0;
	char *fields[4] = {text, NULL, NULL, NULL};
	for (int f = 1; f < 4 && fields[f - 1]; f++) {
		char *comma = strchr(fields[f - 1], ',');
		if (comma)
			*comma = '\0', fields[f] = comma + 1;
	}
	char *model = fields[0];
	while (*model == ' ')
		model++;
	size_t mlen = strlen(model);
	while (mlen && model[mlen - 1] == ' ')
		model[--mlen] = '\0';
	snprintf(out->model, sizeof out->model, "%s", model);
	int dpmm = fields[2] ? atoi(fields[2]) : 0;
	out->dpi = dpmm == 6 ? 152 : dpmm == 8 ? 203 : dpmm == 12 ? 300 : dpmm == 24 ? 600 : 0;
	const char *dpi = strstr(model, "dpi");
	if (!out->dpi && dpi && dpi - model >= 3) { /* "ZT230-300dpi" */
		int v = atoi(dpi - 3);
		out->dpi = v == 152 || v == 203 || v == 300 || v == 600 ? v : 0;
	}
	return 0;
}

int printer_probe_parse(const struct printer_lang_ops *asked, const uint8_t *data, size_t len,
			struct printer_probe *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i + 32 <= len; i++) /* a Brother reply, however late it came */
		if (data[i] == 0x80 && data[i + 1] == 0x20 && data[i + 2] == 0x42) {
			const char *name = printer_ql_model_name(data[i + 4]);
			out->lang = &printer_lang_ql;
			snprintf(out->model, sizeof out->model, "%s", name ? name : "");
			out->dpi = 300;
			return 0;
		}
	if (zpl_reply(data, len, out) == 0)
		return 0;
	memset(out, 0, sizeof *out);
	/* TSPL answers ESC ! ? with one byte; no other probe gets one byte. */
	if (asked == &printer_lang_tspl && len == 1) {
		out->lang = &printer_lang_tspl;
		return 0;
	}
	return -1;
}
