/* Whatever a printer (or something pretending to be one) answers goes
 * through the status parsers, the IEEE 1284 id parser and the language
 * probe of a network printer: nothing may crash or read past the reply,
 * and a parsed status must make sense. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer.h"

static void check_status(const struct printer_status *st, int rc)
{
	char text[256];
	if (rc != 0 && (st->known || st->flags))
		abort(); /* a refused reply leaves the status empty */
	if (memchr(st->detail, '\0', sizeof st->detail) == NULL)
		abort();
	printer_status_text(st, text, sizeof text);
	if (strlen(text) >= sizeof text)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct printer_status st;
	/* Exact-size copies, so that ASan sees any read past the reply. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	check_status(&st, printer_zpl_parse_status(copy, size, &st));
	check_status(&st, printer_tspl_parse_status(copy, size, &st));
	check_status(&st, printer_ql_parse_status(copy, size, &st));
	if (printer_ql_parse_status(copy, size, &st) == 0) {
		/* Whatever roll a reply claims, describing it stays in the buffer. */
		char media[128];
		printer_ql_loaded_describe(&st, media, sizeof media);
		const struct printer_ql_media *m = printer_ql_media_loaded(&st);
		if (m && (m->width_mm != st.media_width_mm || strlen(media) >= sizeof media))
			abort();
	}
	check_status(&st, printer_dymo_parse_status(copy, size, &st));
	if (size)
		printer_port_status(copy[0], &st);

	/* Anything on port 9100 may answer the language questions. */
	for (const struct printer_probe_step *step = printer_probes; step->lang; step++) {
		struct printer_probe probe;
		int rc = printer_probe_parse(step->lang, copy, size, &probe);
		if ((rc == 0) != (probe.lang != NULL) || !memchr(probe.model, 0, sizeof probe.model))
			abort();
		for (const char *p = probe.model; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
				abort(); /* shown to the clerk: printable text only */
		if (probe.dpi && probe.dpi != 152 && probe.dpi != 203 && probe.dpi != 300 && probe.dpi != 600)
			abort();
	}

	struct printer_device_id id;
	printer_parse_device_id((const char *)copy, size, &id);
	if (!memchr(id.mfg, 0, sizeof id.mfg) || !memchr(id.mdl, 0, sizeof id.mdl) || !memchr(id.cmd, 0, sizeof id.cmd))
		abort();
	struct printer_profile pf;
	printer_profile_make(size > 1 ? (uint16_t)(copy[0] << 8 | copy[1]) : 0, 0x2042, &id, NULL, 0, &pf);
	if (pf.lang && (pf.dpi < 100 || pf.head_dots < 8))
		abort();

	char clean[64];
	char *s = malloc(size + 1);
	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
		printer_sanitize(s, clean, sizeof clean);
		for (const char *p = clean; *p; p++)
			if (*p == '^' || *p == '~' || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
				abort();
		free(s);
	}
	free(copy);
	return 0;
}
