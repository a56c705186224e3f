/* The lines of what to file: see app/filing_sheet.h. */
#include "app/filing_sheet.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/perm.h"
#include "base/util.h"
#include "db/cert.h"
#include "db/depollution.h"
#include "db/vehicle.h"

static void row(struct filing_sheet *s, const char *zh, const char *en, const char *value, int section)
{
	if (s->n < FILING_SHEET_ROWS)
		s->rows[s->n++] = (struct doc_sheet_row){zh, en, value, section, !section};
}

/* A string owned by the sheet. */
static const char *own(struct filing_sheet *s, char *text)
{
	struct doc_fill *f = &s->fill;
	if (f->nstrs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->strs = xrealloc(f->strs, f->cap * sizeof *f->strs);
	}
	f->strs[f->nstrs++] = text;
	return text;
}

static int first_cert(const struct cert *c, void *ctx)
{
	char *date = ctx;
	if (!*date || strncmp(c->issued_at, date, 10) < 0)
		snprintf(date, 11, "%.10s", c->issued_at);
	return 0;
}

/* The platform's report "vehicle scrapped": VIN, scrapping date (the
 * certificate's), pack codes, battery type. */
static int battery_report(db *d, const struct vehicle *v, struct filing_sheet *s, sy_err *err)
{
	char date[11] = "";
	struct dep_record rec;
	sy_err none = {0};
	if (cert_list(d, v->id, 0, first_cert, date, err) != SY_OK)
		return err->status;
	const char *code = depollution_get(d, v->id, "traction_battery", &rec, &none) == SY_OK && *rec.battery_code
				   ? own(s, xstrdup(rec.battery_code))
				   : own(s, xstrdup(v->battery_code));
	row(s, "车辆报废信息", "Vehicle scrapped", NULL, 1);
	row(s, "车辆识别代号", "VIN", own(s, xstrdup(v->vin)), 0);
	row(s, "报废日期", "Scrapping date", *date ? own(s, xstrdup(date)) : _("none yet: the certificate's date"), 0);
	row(s, "动力蓄电池编码", "Pack code(s)", code, 0);
	row(s, "电池类型", "Battery type", filing_battery_type(code), 0);
	return SY_OK;
}

/* The platform's report "pack out of the yard". */
static int battery_outbound(db *d, const struct filing *f, struct filing_sheet *s, sy_err *err)
{
	struct dep_record rec;
	if (depollution_get(d, f->vehicle_id, "traction_battery", &rec, err) != SY_OK)
		return err->status;
	row(s, "退役电池出库信息", "Pack out of the yard", NULL, 1);
	row(s, "动力蓄电池编码", "Pack code", own(s, xstrdup(f->subject)), 0);
	row(s, "出库日期", "Outbound date", own(s, xstrdup(rec.handed_over)), 0);
	row(s, "接收企业", "Receiving company", own(s, xstrdup(rec.recipient)), 0);
	row(s, "统一社会信用代码", "Its credit code (or DUNS)", own(s, xstrdup(rec.recipient_code)), 0);
	row(s, "接收企业类型", "Kind of recipient", *rec.recipient_kind ? code_label(dep_recipient_kinds, rec.recipient_kind) : "", 0);
	return SY_OK;
}

int filing_sheet_make(db *d, const struct filing *f, struct filing_sheet *s, sy_err *err)
{
	struct vehicle v;
	memset(s, 0, sizeof *s);
	if (vehicle_get(d, f->vehicle_id, &v, err) != SY_OK)
		return err->status;
	const char *kind = f->kind->code;
	if (strcmp(kind, "mofcom_entry") == 0) {
		if (doc_fill_mofcom(d, &v, f, &s->mofcom, &s->fill, err) != SY_OK)
			return err->status;
		s->n = doc_mofcom_rows(&s->mofcom, s->rows);
		if (s->mofcom.filed_before)
			snprintf(s->warning, sizeof s->warning,
				 _("VIN %s was filed with the ministry before (%s): its system refuses a VIN filed twice"), v.vin,
				 s->mofcom.filed_before);
		return SY_OK;
	}
	if (strcmp(kind, "deregistration") == 0) {
		if (doc_fill_dereg(d, &v, &s->dereg, &s->fill, err) != SY_OK)
			return err->status;
		s->n = doc_dereg_rows(&s->dereg, &s->dereg_text, s->rows);
		return SY_OK;
	}
	if (strcmp(kind, "battery_report") == 0)
		return battery_report(d, &v, s, err);
	return battery_outbound(d, f, s, err);
}

void filing_sheet_free(struct filing_sheet *s) { doc_fill_free(&s->fill); }

int filing_sheet_printable(const struct filing *f)
{
	return strcmp(f->kind->code, "mofcom_entry") == 0 || strcmp(f->kind->code, "deregistration") == 0;
}

/* "sheets/V2026-000001-mofcom_entry.pdf" beside the database, where the
 * next clerk finds it (as certificates/). */
static char *sheet_file(db *d, const struct vehicle *v, const char *kind)
{
	char *db_copy = xstrdup(db_path(d));
	char *dir = xasprintf("%s/sheets", dirname(db_copy));
	free(db_copy);
	char *file = sy_perm_mkdir(dir) == 0 ? xasprintf("%s/%s-%s.pdf", dir, v->stock_no, kind)
							       : xasprintf("%s-%s.pdf", v->stock_no, kind);
	free(dir);
	return file;
}

char *filing_sheet_pdf(db *d, const struct vehicle *v, const char *kind, const char *path, unsigned *warnings,
		       sy_err *err)
{
	struct doc_fill fill = {0};
	struct filing f;
	int rc, have = filing_of(d, v->id, kind, "", &f, err) == SY_OK;
	char *file = path ? xstrdup(path) : sheet_file(d, v, kind);
	if (strcmp(kind, "mofcom_entry") == 0) {
		struct mofcom_doc doc;
		rc = doc_fill_mofcom(d, v, have ? &f : NULL, &doc, &fill, err);
		if (rc == SY_OK)
			rc = doc_mofcom_pdf(&doc, file, NULL, warnings, err);
	} else {
		struct dereg_doc doc;
		rc = doc_fill_dereg(d, v, &doc, &fill, err);
		if (rc == SY_OK)
			rc = doc_dereg_pdf(&doc, file, NULL, warnings, err);
	}
	doc_fill_free(&fill);
	if (rc != SY_OK)
		FREE(&file);
	return file;
}
