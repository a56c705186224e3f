#include "db/site.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "base/i18n.h"
#include "db/ident.h"
#include "base/text.h"
#include "base/util.h"
#include "db/user.h"

int site_get(db *d, struct site *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	/* the two settings stand in for details set before they were the yard's own */
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT name, license_no, address, phone, credit_code,"
				    " coalesce(permit_authority, (SELECT value FROM settings WHERE key = 'permit_authority')),"
				    " coalesce(waste_facility, (SELECT value FROM settings WHERE key = 'waste.facility_code')),"
				    " contact FROM site WHERE id = 1",
				    NULL);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		db_column_copy(out->name, sizeof out->name, st, 0);
		db_column_copy(out->license_no, sizeof out->license_no, st, 1);
		db_column_copy(out->address, sizeof out->address, st, 2);
		db_column_copy(out->phone, sizeof out->phone, st, 3);
		db_column_copy(out->credit_code, sizeof out->credit_code, st, 4);
		db_column_copy(out->permit_authority, sizeof out->permit_authority, st, 5);
		db_column_copy(out->waste_facility, sizeof out->waste_facility, st, 6);
		db_column_copy(out->contact, sizeof out->contact, st, 7);
	}
	db_done(d, st);
	if (rc == SQLITE_DONE) {
		sy_fail(err, SY_INVALID, NULL, _("the yard is not set up yet: its name, licence and address are needed first"));
		return sy_hint(err, "scrapyard init --name NAME --license NUMBER --address ADDRESS");
	}
	return rc == SQLITE_ROW ? SY_OK : err->status;
}

cJSON *site_to_json(const struct site *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", s->name);
	cJSON_AddStringToObject(o, "license_no", s->license_no);
	cJSON_AddStringToObject(o, "address", s->address);
	cJSON_AddStringToObject(o, "phone", s->phone);
	cJSON_AddStringToObject(o, "credit_code", s->credit_code);
	cJSON_AddStringToObject(o, "permit_authority", s->permit_authority);
	cJSON_AddStringToObject(o, "waste_facility", s->waste_facility);
	cJSON_AddStringToObject(o, "contact", s->contact);
	return o;
}

static char *site_json(const struct site *s)
{
	cJSON *o = site_to_json(s);
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

static int validate(const struct site *s, struct site *clean, sy_err *err)
{
	*clean = *s;
	if (text_check_field(s->name, 100, err, "name") || text_check_field(s->license_no, 40, err, "license") ||
	    text_check_field(s->address, 200, err, "address") || text_check_field(s->phone, 30, err, "phone") ||
	    text_check_field(s->permit_authority, 60, err, "permit-authority") ||
	    text_check_field(s->contact, 30, err, "contact"))
		return err->status;
	if (text_normalize_id(s->waste_facility, clean->waste_facility, sizeof clean->waste_facility) != 0 ||
	    text_check_field(clean->waste_facility, 30, err, "waste-facility") != SY_OK)
		return err->status ? err->status : sy_fail(err, SY_INVALID, "waste-facility", _("the waste facility code is too long"));
	if (!*s->name || !*s->license_no || !*s->address)
		return sy_fail(err, SY_INVALID, !*s->name ? "name" : !*s->license_no ? "license" : "address",
			       _("the yard's name, licence number and address are all required"));
	if (*s->credit_code &&
	    ident_check(IDENT_USCC, s->credit_code, clean->credit_code, sizeof clean->credit_code, err) != SY_OK) {
		sy_strlcpy(err->field, "credit-code", sizeof err->field);
		return err->status;
	}
	return SY_OK;
}

int site_save(db *d, const struct site *in, sy_err *err)
{
	struct site s, old;
	char now[20];
	if (validate(in, &s, err) != SY_OK)
		return err->status;
	/* The name and licence printed on every certificate: a supervisor's. */
	if (user_may(d, ROLE_SUPERVISOR, err) != SY_OK || db_begin(d, err) != SY_OK)
		return err->status;
	int had = site_get(d, &old, NULL) == SY_OK;
	char *old_json = had ? site_json(&old) : NULL, *new_json = site_json(&s);
	db_now(now);
	int rc = db_exec(d, err,
			 "INSERT INTO site(id, name, license_no, address, phone, credit_code, permit_authority, waste_facility,"
			 " contact, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
			 " name = excluded.name, license_no = excluded.license_no, address = excluded.address,"
			 " phone = excluded.phone, credit_code = excluded.credit_code,"
			 " permit_authority = excluded.permit_authority, waste_facility = excluded.waste_facility,"
			 " contact = excluded.contact, updated_at = excluded.updated_at",
			 "ttttttttt", s.name, s.license_no, s.address, *s.phone ? s.phone : NULL,
			 *s.credit_code ? s.credit_code : NULL, *s.permit_authority ? s.permit_authority : NULL,
			 *s.waste_facility ? s.waste_facility : NULL, *s.contact ? s.contact : NULL, now);
	if (rc == SY_OK)
		rc = audit_append(d, err, "site", 1, had ? "update" : "create", old_json, new_json);
	free(old_json);
	free(new_json);
	return db_end(d, rc, err);
}

void site_plate_province(db *d, char out[4])
{
	sy_err err = {0};
	struct site s;
	*out = '\0';
	char *set = db_setting(d, "plate_province");
	if (set && ident_plate_province(set)) {
		sy_strlcpy(out, set, 4);
		free(set);
		return;
	}
	free(set);
	if (site_get(d, &s, &err) != SY_OK || strlen(s.credit_code) != 18)
		return;
	const char *c = s.credit_code + 2; /* the region code */
	if (c[0] < '0' || c[0] > '9' || c[1] < '0' || c[1] > '9')
		return;
	const char *abbrev = ident_plate_province_of((c[0] - '0') * 10 + (c[1] - '0'));
	if (abbrev)
		sy_strlcpy(out, abbrev, 4);
}
