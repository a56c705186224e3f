/* Brother QL media: the DK rolls a QL takes, what each prints, and where the
 * label sits on the head. A job must declare the roll that is loaded (die-cut
 * labels or continuous tape, width, length), or the printer refuses it or,
 * worse, reports it printed with nothing on the label.
 *
 * Sources: Brother's raster command references, "QL-500/550/560/570/580N/
 * 650TD/700/1050/1060N" (cv_qlseries_eng_raster_600, 3.2.5: left margin,
 * print area and right margin in pins for each width, on the 720-pin and on
 * the 1296-pin head), QL-800/810W/820NWB (cv_ql800_eng_raster_101) and
 * QL-1100/1110NWB/1115NWB (cv_ql1100_eng_raster_100), as the public drivers
 * quote them: brother_ql's labels.py (printable dots and right offset of
 * every roll) and models.py (additional_offset_r = 44 on the wide models).
 * Where the two differ the reference wins: 12 mm tape sits 74 pins from the
 * right edge of the wide head (brother_ql computes 73). */
#include "drivers/printer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

enum { QL_DPI = 300, QL_WIDE_HEAD = 1296 };

/* Printable dots at 300 dpi; offsets are from the head's first pin, which
 * prints at the label's right edge. */
static const struct printer_ql_media ql_media[] = {
	/* continuous tape */
	{"12", 12, 0, 106, 0, 29, 74, 0, "DK-22214"},
	{"29", 29, 0, 306, 0, 6, 50, 0, "DK-22210"},
	{"38", 38, 0, 413, 0, 12, 56, 0, "DK-22225"},
	{"50", 50, 0, 554, 0, 12, 56, 0, "DK-22223"},
	{"54", 54, 0, 590, 0, 0, 44, 0, "DK-N55224"},
	{"62", 62, 0, 696, 0, 12, 56, 0, "DK-22205"},
	{"102", 102, 0, 1164, 0, 12, 56, 1, "DK-22243"},
	/* die-cut labels: width x length as the printer reports them */
	{"17x54", 17, 54, 165, 566, 0, 44, 0, "DK-11204"},
	{"17x87", 17, 87, 165, 956, 0, 44, 0, "DK-11203"},
	{"23x23", 23, 23, 202, 202, 42, 86, 0, "DK-11221"},
	{"29x42", 29, 42, 306, 425, 6, 50, 0, NULL},
	{"29x90", 29, 90, 306, 991, 6, 50, 0, "DK-11201"},
	{"38x90", 38, 90, 413, 991, 12, 56, 0, "DK-11208"},
	{"39x48", 39, 48, 425, 495, 6, 50, 0, NULL},
	{"52x29", 52, 29, 578, 271, 0, 44, 0, NULL},
	{"62x29", 62, 29, 696, 271, 12, 56, 0, "DK-11209"},
	{"62x100", 62, 100, 696, 1109, 12, 56, 0, "DK-11202"},
	{"102x51", 102, 51, 1164, 526, 12, 56, 1, "DK-11240"},
	{"102x152", 102, 153, 1164, 1660, 12, 56, 1, "DK-11241"}, /* reported as 153 mm long */
};

enum { QL_MEDIA_COUNT = sizeof ql_media / sizeof ql_media[0] };

const struct printer_ql_media *printer_ql_media_find(int width_mm, int length_mm)
{
	for (int i = 0; i < QL_MEDIA_COUNT; i++)
		if (ql_media[i].width_mm == width_mm && ql_media[i].length_mm == length_mm)
			return &ql_media[i];
	return NULL;
}

const struct printer_ql_media *printer_ql_media_parse(const char *text)
{
	char spec[32];
	size_t n = 0;
	for (const char *p = text ? text : ""; *p && n + 1 < sizeof spec; p++)
		if (*p != ' ')
			spec[n++] = (char)(*p == 'X' ? 'x' : *p);
	spec[n] = '\0';
	if (n > 2 && !strcmp(spec + n - 2, "mm"))
		spec[n - 2] = '\0';
	for (int i = 0; i < QL_MEDIA_COUNT; i++)
		if (!strcmp(spec, ql_media[i].name))
			return &ql_media[i];
	return NULL;
}

static int is_die_cut(int type) { return type == 0x0B || type == 0x4B; }
static int is_tape(int type) { return type == 0x0A || type == 0x4A; }

const struct printer_ql_media *printer_ql_media_loaded(const struct printer_status *st)
{
	if (!st->known || !st->media_width_mm)
		return NULL;
	if (is_tape(st->media_type))
		return printer_ql_media_find(st->media_width_mm, 0);
	if (is_die_cut(st->media_type))
		return printer_ql_media_find(st->media_width_mm, st->media_length_mm);
	return NULL;
}

void printer_ql_media_describe(const struct printer_ql_media *m, char *buf, size_t size)
{
	char roll[24] = "";
	if (m->roll)
		snprintf(roll, sizeof roll, " (%s)", m->roll);
	if (m->length_mm)
		snprintf(buf, size, _("%s mm die-cut labels%s"), m->name, roll);
	else
		snprintf(buf, size, _("%s mm continuous tape%s"), m->name, roll);
}

void printer_ql_loaded_describe(const struct printer_status *st, char *buf, size_t size)
{
	const struct printer_ql_media *m = printer_ql_media_loaded(st);
	if (m)
		printer_ql_media_describe(m, buf, size);
	else if (!st->known || !st->media_width_mm)
		snprintf(buf, size, "%s", "");
	else if (is_die_cut(st->media_type))
		snprintf(buf, size, _("%dx%d mm die-cut labels"), st->media_width_mm, st->media_length_mm);
	else if (is_tape(st->media_type))
		snprintf(buf, size, _("%d mm continuous tape"), st->media_width_mm);
	else
		snprintf(buf, size, _("%d mm media of type %02X"), st->media_width_mm, st->media_type);
}

int printer_ql_layout(const struct printer_profile *pf, const struct printer_ql_media *m, double length_mm,
		      int *width_dots, int *height_dots, struct printer_job *job, sy_err *err)
{
	char what[96];
	int wide = pf->head_dots >= QL_WIDE_HEAD;
	int offset = wide ? m->wide_offset : m->offset;
	printer_ql_media_describe(m, what, sizeof what);
	if ((m->wide_only && !wide) || offset + m->dots > pf->head_dots)
		return sy_fail(err, SY_INVALID, "media",
			       _("%s fit only the wide Brother models (QL-1050, QL-1060N, QL-1100, QL-1110NWB, "
				 "QL-1115NWB): load a roll of 62 mm or narrower"),
			       what);
	*width_dots = m->dots;
	*height_dots = m->length_mm ? m->length_dots : (int)lround(length_mm / 25.4 * QL_DPI);
	memset(job, 0, sizeof *job);
	job->copies = 1;
	job->flags = pf->flags;
	job->head_dots = pf->head_dots;
	job->invalidate = pf->invalidate;
	job->offset_dots = offset;
	job->media_width_mm = m->width_mm;
	job->media_length_mm = m->length_mm;
	job->die_cut = m->length_mm > 0;
	return SY_OK;
}
