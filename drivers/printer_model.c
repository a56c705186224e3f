/* Which printer is this: the IEEE 1284 device id it reports, the quirk
 * table for the ones that do not say (or say too little), and defaults per
 * language. Ids and figures come from vendor manuals and public drivers
 * (LPrint, brother_ql, CUPS); see docs/labels.md for what was confirmed. */
#include "drivers/printer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/util.h"

/* Exact vendor:product rows first, then model-name rows, then vendor-wide
 * rows (pid 0, no model name): the order of this table is its priority.
 *
 * Brother QL rows: which commands each model takes come from its raster
 * command reference (cv_qlseries_eng_raster_600 for QL-570/700/1050/1060N:
 * ESC i a and M/PackBits only on the 580N/650TD/1050/1060N, so not on the
 * QL-570 and QL-700; cv_ql710720_eng_raster_100 for QL-710W/720NW: ESC i a,
 * M, Z; cv_ql800_eng_raster_101: the QL-800 takes neither M nor Z, all three
 * want 400 invalidate bytes; cv_ql1100_eng_raster_100: 1296-pin head, 162
 * bytes a row, 350 invalidate bytes, as for the QL-1050), as brother_ql's
 * models.py (compression, mode_setting, number_bytes_per_row = 162) and
 * LPrint's devdocs/BROTHER.md ("Z: not supported by QL-800") carry them.
 * Product ids: vxel/brotherql's BrotherQLModel. Z is sent only where M
 * selects PackBits: the references define it for that mode alone. */
enum {
	QL_BASE = PF_CUTTER,
	QL_FULL = PF_CUTTER | PF_MODE_SWITCH | PF_PACKBITS | PF_ZERO_LINE,
};
static const struct printer_model models[] = {
	{0x04f9, 0x2028, "QL-570", "Brother QL-570", "ql", 300, 720, QL_BASE, 200},
	{0x04f9, 0x2042, "QL-700", "Brother QL-700", "ql", 300, 720, QL_BASE, 200},
	{0x04f9, 0x2043, "QL-710W", "Brother QL-710W", "ql", 300, 720, QL_FULL, 200},
	{0x04f9, 0x2044, "QL-720NW", "Brother QL-720NW", "ql", 300, 720, QL_FULL, 200},
	{0x04f9, 0x209b, "QL-800", "Brother QL-800", "ql", 300, 720, QL_BASE | PF_MODE_SWITCH, 400},
	{0x04f9, 0x209c, "QL-810W", "Brother QL-810W", "ql", 300, 720, QL_FULL, 400},
	{0x04f9, 0x209d, "QL-820NWB", "Brother QL-820NWB", "ql", 300, 720, QL_FULL, 400},
	{0x04f9, 0x2020, "QL-1050", "Brother QL-1050", "ql", 300, 1296, QL_FULL, 350},
	{0x04f9, 0x202a, "QL-1060N", "Brother QL-1060N", "ql", 300, 1296, QL_FULL, 200},
	{0x04f9, 0x20a7, "QL-1100", "Brother QL-1100", "ql", 300, 1296, QL_FULL, 350},
	{0x04f9, 0x20a8, "QL-1110NWB", "Brother QL-1110NWB", "ql", 300, 1296, QL_FULL, 350},
	{0x04f9, 0x20ab, "QL-1115NWB", "Brother QL-1115NWB", "ql", 300, 1296, QL_FULL, 350},
	{0x0922, 0x0020, "LabelWriter 450", "DYMO LabelWriter 450", "dymo", 300, 672, 0, 0},
	{0x0922, 0, "LabelWriter", "DYMO LabelWriter", "dymo", 300, 672, 0, 0},
	/* A QL this table does not name: the commands every current model takes. */
	{0x04f9, 0, "QL-", "Brother QL", "ql", 300, 720, QL_BASE | PF_MODE_SWITCH, 200},
	{0x0a5f, 0, NULL, "Zebra", "zpl", 203, 832, 0, 0},
	{0x1203, 0, NULL, "TSC", "tspl", 203, 832, 0, 0},
};

/* Brother QLs in Editor Lite mode: a USB mass-storage device with P-touch
 * Editor Lite on it, under a product id of its own. */
static const struct {
	uint16_t pid;
	const char *name;
} editor_lite[] = {
	{0x2049, "Brother QL-700"}, {0x204d, "Brother QL"}, {0x20a9, "Brother QL"},
	{0x20aa, "Brother QL"},     {0x20ac, "Brother QL"},
};

const char *printer_editor_lite_name(uint16_t vid, uint16_t pid)
{
	for (size_t i = 0; vid == 0x04f9 && i < sizeof editor_lite / sizeof editor_lite[0]; i++)
		if (editor_lite[i].pid == pid)
			return editor_lite[i].name;
	return NULL;
}

const struct printer_model *printer_model_find(uint16_t vid, uint16_t pid, const char *mdl)
{
	size_t n = sizeof models / sizeof models[0];
	for (size_t i = 0; i < n; i++)
		if (models[i].pid && models[i].vid == vid && models[i].pid == pid)
			return &models[i];
	for (size_t i = 0; mdl && *mdl && i < n; i++)
		if (models[i].mdl && (!models[i].vid || models[i].vid == vid || !vid) &&
		    strncasecmp(mdl, models[i].mdl, strlen(models[i].mdl)) == 0)
			return &models[i];
	for (size_t i = 0; i < n; i++)
		if (!models[i].pid && !models[i].mdl && models[i].vid == vid)
			return &models[i];
	return NULL;
}

/* ---- IEEE 1284 device id ---- */

static void trim_copy(char *dst, size_t size, const char *src, size_t len)
{
	while (len && isspace((unsigned char)*src))
		src++, len--;
	while (len && isspace((unsigned char)src[len - 1]))
		len--;
	size_t n = len < size - 1 ? len : size - 1;
	for (size_t i = 0; i < n; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7F) ? src[i] : '?';
	dst[n] = '\0';
}

void printer_parse_device_id(const char *id, size_t len, struct printer_device_id *out)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	while (i < len && id[i]) {
		size_t start = i;
		while (i < len && id[i] && id[i] != ';')
			i++;
		const char *field = id + start, *colon = memchr(field, ':', i - start);
		if (colon) {
			size_t klen = (size_t)(colon - field);
			const char *val = colon + 1;
			size_t vlen = i - start - klen - 1;
			char key[24];
			trim_copy(key, sizeof key, field, klen);
			if (!strcasecmp(key, "MFG") || !strcasecmp(key, "MANUFACTURER"))
				trim_copy(out->mfg, sizeof out->mfg, val, vlen);
			else if (!strcasecmp(key, "MDL") || !strcasecmp(key, "MODEL"))
				trim_copy(out->mdl, sizeof out->mdl, val, vlen);
			else if (!strcasecmp(key, "CMD") || !strcasecmp(key, "COMMAND SET"))
				trim_copy(out->cmd, sizeof out->cmd, val, vlen);
			else if (!strcasecmp(key, "DES") || !strcasecmp(key, "DESCRIPTION"))
				trim_copy(out->des, sizeof out->des, val, vlen);
		}
		if (i < len && id[i] == ';')
			i++;
	}
}

static int has_token(const char *list, const char *const *tokens)
{
	char item[32];
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		trim_copy(item, sizeof item, p, n);
		for (int i = 0; tokens[i]; i++)
			if (strcasecmp(item, tokens[i]) == 0)
				return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

const struct printer_lang_ops *printer_lang_from_device_id(const struct printer_device_id *id)
{
	static const char *const zpl[] = {"ZPL", "ZPL2", "ZPLII", "ZPL II", NULL};
	static const char *const tspl[] = {"TSPL", "TSPL2", "TSC", NULL};
	static const char *const brother[] = {"PT-CBP", NULL};
	if (has_token(id->cmd, zpl))
		return &printer_lang_zpl;
	if (has_token(id->cmd, tspl))
		return &printer_lang_tspl;
	if (strncasecmp(id->mdl, "QL-", 3) == 0 && (has_token(id->cmd, brother) || strcasestr(id->mfg, "brother")))
		return &printer_lang_ql;
	if (strcasestr(id->mdl, "LabelWriter"))
		return &printer_lang_dymo;
	return NULL;
}

/* ---- Profiles ---- */

static int default_head(const struct printer_lang_ops *lang, int dpi)
{
	if (lang == &printer_lang_ql)
		return 720;
	if (lang == &printer_lang_dymo)
		return 672;
	/* 4-inch desktop printers: 104 mm of head, rounded down to whole bytes. */
	return (int)lround(104 / 25.4 * dpi) / 8 * 8;
}

void printer_profile_make(uint16_t vid, uint16_t pid, const struct printer_device_id *id,
			  const char *lang_override, int dpi_override, struct printer_profile *out)
{
	static const struct printer_device_id none;
	if (!id)
		id = &none;
	memset(out, 0, sizeof *out);
	out->model = printer_model_find(vid, pid, id->mdl);
	out->lang = lang_override && *lang_override ? printer_lang_find(lang_override) : NULL;
	if (!out->lang)
		out->lang = printer_lang_from_device_id(id);
	if (!out->lang && out->model)
		out->lang = printer_lang_find(out->model->lang);
	out->dpi = dpi_override > 0 ? dpi_override
		   : out->model  ? out->model->dpi
		   : out->lang   ? out->lang->default_dpi
				 : 203;
	/* The model's head width holds only for the language and resolution it was listed with. */
	if (out->model && out->lang && !strcmp(out->model->lang, out->lang->name) && out->dpi == out->model->dpi)
		out->head_dots = out->model->head_dots;
	else
		out->head_dots = default_head(out->lang, out->dpi);
	out->flags = out->model ? out->model->flags : 0;
	out->invalidate = out->model ? out->model->invalidate : 0;
	if (id->mfg[0] || id->mdl[0])
		snprintf(out->name, sizeof out->name, "%s%s%s", id->mfg, id->mfg[0] && id->mdl[0] ? " " : "", id->mdl);
	else if (out->model)
		snprintf(out->name, sizeof out->name, "%s", out->model->name);
	else
		snprintf(out->name, sizeof out->name, "USB printer %04x:%04x", vid, pid);
}

/* A Brother media given by size alone is continuous tape of that width. */
static int ql_tape(const struct printer_profile *pf, double width_mm, double length_mm, int *width_dots,
		   int *height_dots, struct printer_job *job, sy_err *err)
{
	struct printer_job scratch;
	const struct printer_ql_media *m = printer_ql_media_find((int)lround(width_mm), 0);
	if (!m || fabs(width_mm - m->width_mm) > 0.5 || (m->wide_only && pf->head_dots < 1296))
		return sy_fail(err, SY_INVALID, "size",
			       _("%g mm is not a tape width this Brother printer takes: use 12, 29, 38, 50, 54 "
				 "or 62 mm (102 mm on the wide models)"),
			       width_mm);
	return printer_ql_layout(pf, m, length_mm, width_dots, height_dots, job ? job : &scratch, err);
}

int printer_media(const struct printer_profile *pf, double width_mm, double length_mm, int *width_dots,
		  int *height_dots, sy_err *err)
{
	if (!pf->lang)
		return sy_fail(err, SY_INVALID, "language",
			       _("the printer's language is not known: set it to zpl, tspl, ql or dymo in the settings"));
	if (pf->lang == &printer_lang_ql)
		return ql_tape(pf, width_mm, length_mm, width_dots, height_dots, NULL, err);
	*height_dots = (int)lround(length_mm / 25.4 * pf->dpi);
	*width_dots = (int)lround(width_mm / 25.4 * pf->dpi);
	if (*width_dots > pf->head_dots)
		return sy_fail(err, SY_INVALID, "size",
			       _("a label %g mm wide does not fit this printer's %g mm head: use narrower labels"),
			       width_mm, floor(pf->head_dots * 25.4 / pf->dpi));
	return SY_OK;
}

void printer_job_defaults(const struct printer_profile *pf, double width_mm, double length_mm,
			  struct printer_job *job)
{
	int w, h;
	memset(job, 0, sizeof *job);
	if (pf->lang == &printer_lang_ql && ql_tape(pf, width_mm, length_mm, &w, &h, job, NULL) == SY_OK)
		return;
	job->copies = 1;
	job->flags = pf->flags;
	job->head_dots = pf->head_dots;
	job->invalidate = pf->invalidate;
	job->media_width_mm = (int)lround(width_mm);
	job->media_length_mm = (int)lround(length_mm);
	if (pf->lang == &printer_lang_tspl)
		job->gap_mm = 2;
}
