/* Filings owed to the authorities: see db/filing.h. */
#include "db/filing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/input.h"
#include "db/vehicle_life.h"

const struct filing_kind filing_kinds[] = {
	{"mofcom_entry", "Entry in the ministry's ELV system", "报废机动车回收信息录入", "MOFCOM entry", "商务部系统录入",
	 "Ministry of Commerce ELV information system", "商务部全国汽车流通信息管理应用服务系统", "MOFCOM", "商务部",
	 "check-in", "车辆接收", FILING_MOFCOM_DAYS, 1},
	{"battery_report", "Battery report: vehicle scrapped", "动力蓄电池溯源：车辆报废信息", "Battery report",
	 "电池报废信息", "NEV battery traceability platform", "新能源汽车动力蓄电池溯源管理平台", "Traceability",
	 "溯源平台", "check-in", "车辆接收", 15, 0},
	{"battery_outbound", "Battery report: pack out of the yard", "动力蓄电池溯源：退役电池出库信息", "Battery out",
	 "电池出库信息", "NEV battery traceability platform", "新能源汽车动力蓄电池溯源管理平台", "Traceability",
	 "溯源平台", "battery handed over", "电池移交", 15, 0},
	{"deregistration", "Police deregistration", "机动车注销登记", "Deregistration", "注销登记",
	 "Vehicle administration office (traffic police)", "公安机关交通管理部门车辆管理所", "Vehicle office", "车管所",
	 "certificate issued", "出具回收证明", 7, 0},
	{0},
};

const struct filing_kind *filing_kind_find(const char *code)
{
	char want[32];
	if (!code)
		return NULL;
	sy_strlcpy(want, code, sizeof want);
	for (char *p = want; *p; p++)
		*p = *p == '-' ? '_' : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	for (const struct filing_kind *k = filing_kinds; k->code; k++)
		if (strcmp(k->code, want) == 0)
			return k;
	return NULL;
}

const char *filing_kind_codes(void) { return "mofcom_entry, battery_report, battery_outbound, deregistration"; }

const char *filing_kind_label(const struct filing_kind *k) { return sy_pick(k->en, k->zh); }

const char *filing_kind_short(const struct filing_kind *k) { return sy_pick(k->short_en, k->short_zh); }

const char *filing_kind_authority(const struct filing_kind *k) { return sy_pick(k->authority_en, k->authority_zh); }

const char *filing_kind_to(const struct filing_kind *k) { return sy_pick(k->to_en, k->to_zh); }

const char *filing_state(const struct filing *f)
{
	if (strcmp(f->state, "owed") == 0)
		return f->late ? "late" : "owed";
	return f->state;
}

const char *filing_state_label(const struct filing *f)
{
	const char *s = filing_state(f);
	return strcmp(s, "late") == 0 ? _("late")
	       : strcmp(s, "owed") == 0 ? _("owed")
	       : strcmp(s, "done") == 0 ? _("done")
				       : _("withdrawn");
}

/* GB/T 34014-2017, character 5 of the code: the battery type. */
const char *filing_battery_type(const char *battery_code)
{
	static const struct {
		char code;
		const char *name;
	} types[] = {
		{'A', "镍氢电池"}, {'B', "磷酸铁锂电池"}, {'C', "锰酸锂电池"}, {'D', "钴酸锂电池"},
		{'E', "三元材料电池"}, {'F', "超级电容器"}, {'G', "钛酸锂电池"}, {'Z', "其他"},
	};
	if (!battery_code || strlen(battery_code) < 5)
		return "";
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].code == battery_code[4])
			return types[i].name;
	return "";
}

/* ---- rows ---- */

#define FILING_COLUMNS                                                                                    \
	"f.id, f.vehicle_id, f.kind, f.subject, f.event_on, f.due, f.state, f.done_on, f.done_by, f.reference," \
	" f.note, f.created_by, f.created_at, f.updated_at, v.stock_no, v.vin, v.plate"
#define FILING_FROM " FROM filings f JOIN vehicles v ON v.id = f.vehicle_id"

static void from_row(sqlite3_stmt *st, struct filing *f)
{
	char today[11], kind[32];
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(st, 0);
	f->vehicle_id = sqlite3_column_int64(st, 1);
	db_column_copy(kind, sizeof kind, st, 2);
	f->kind = filing_kind_find(kind);
	if (!f->kind)
		sy_fatal("filing %lld has an unknown kind '%s'", (long long)f->id, kind);
	db_column_copy(f->subject, sizeof f->subject, st, 3);
	db_column_copy(f->event_on, sizeof f->event_on, st, 4);
	db_column_copy(f->due, sizeof f->due, st, 5);
	db_column_copy(f->state, sizeof f->state, st, 6);
	db_column_copy(f->done_on, sizeof f->done_on, st, 7);
	db_column_copy(f->done_by, sizeof f->done_by, st, 8);
	db_column_copy(f->reference, sizeof f->reference, st, 9);
	db_column_copy(f->note, sizeof f->note, st, 10);
	db_column_copy(f->created_by, sizeof f->created_by, st, 11);
	db_column_copy(f->created_at, sizeof f->created_at, st, 12);
	db_column_copy(f->updated_at, sizeof f->updated_at, st, 13);
	db_column_copy(f->stock_no, sizeof f->stock_no, st, 14);
	db_column_copy(f->vin, sizeof f->vin, st, 15);
	db_column_copy(f->plate, sizeof f->plate, st, 16);
	db_today(today);
	if (strcmp(f->state, "owed") == 0)
		f->late = strcmp(f->due, today) < 0;
	else if (strcmp(f->state, "done") == 0)
		f->late = strcmp(f->done_on, f->due) > 0;
}

static int get_where(db *d, sy_err *err, struct filing *out, const char *where, const char *fmt, int64_t id,
		     const char *kind, const char *subject)
{
	char *sql = xasprintf("SELECT " FILING_COLUMNS FILING_FROM " WHERE %s", where);
	sqlite3_stmt *st = db_query(d, err, sql, fmt, id, kind, subject); /* arguments past fmt are not read */
	free(sql);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		from_row(st, out);
	db_done(d, st);
	return rc == SQLITE_ROW ? SY_OK : rc == SQLITE_DONE ? SY_INVALID : (err ? err->status : SY_ENV);
}

int filing_get(db *d, int64_t id, struct filing *out, sy_err *err)
{
	int rc = get_where(d, err, out, "f.id = ?", "I", id, NULL, NULL);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "id", _("no filing %lld ('scrapyard filing list' shows their numbers)"), (long long)id);
	return rc;
}

int filing_of(db *d, int64_t vehicle_id, const char *kind, const char *subject, struct filing *out, sy_err *err)
{
	sy_err quiet = {0};
	int rc = get_where(d, &quiet, out, "f.vehicle_id = ? AND f.kind = ? AND f.subject = ?", "Itt", vehicle_id, kind,
			   subject ? subject : "");
	if (rc == SY_ENV && err)
		*err = quiet;
	return rc;
}

/* The fields kept in the audit trail: the row as stored, the empty ones
 * left out (a check-in writes one of these for every vehicle). */
static char *audit_text(const struct filing *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddNumberToObject(o, "vehicle_id", (double)f->vehicle_id);
	cJSON_AddStringToObject(o, "kind", f->kind->code);
	const char *const text[][2] = {
		{"subject", f->subject}, {"event_on", f->event_on}, {"due", f->due}, {"state", f->state},
		{"done_on", f->done_on}, {"done_by", f->done_by}, {"reference", f->reference}, {"note", f->note},
	};
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		if (*text[i][1])
			cJSON_AddStringToObject(o, text[i][0], text[i][1]);
	return input_json_text(o);
}

static int audit_change(db *d, sy_err *err, const struct filing *old, const struct filing *now, const char *action)
{
	char *o = old ? audit_text(old) : NULL, *n = audit_text(now);
	int rc = audit_append(d, err, "filing", now->id, action, o, n);
	free(o);
	free(n);
	return rc;
}

/* ---- rules ---- */

static int rule_days(db *d, const struct filing_kind *k)
{
	if (!k->site_days)
		return k->days;
	char *key = xasprintf("filing.%s.days", k->code), *value = db_setting(d, key);
	int days = value ? atoi(value) : 0;
	free(key);
	free(value);
	return days > 0 && days <= 60 ? days : k->days;
}

int filing_rule_get(db *d, const char *kind, struct filing_rule *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	out->kind = filing_kind_find(kind);
	if (!out->kind)
		return sy_fail(err, SY_INVALID, "kind", _("'%s' is not a kind of filing: one of %s"), kind ? kind : "",
			       filing_kind_codes());
	out->days = rule_days(d, out->kind);
	char *key = xasprintf("filing.%s.photos", out->kind->code), *value = db_setting(d, key);
	sy_strlcpy(out->photos, value ? value : "", sizeof out->photos);
	free(key);
	free(value);
	return SY_OK;
}

static const char *const photo_kinds[] = {"entry", "rubbing", "cut", "battery", "other", NULL};

/* A comma list of photo kinds, normalised into out. */
static int check_photo_list(const char *in, char *out, size_t size, sy_err *err)
{
	char copy[128], *save = NULL;
	*out = '\0';
	sy_strlcpy(copy, in, sizeof copy);
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (strcmp(tok, "none") == 0)
			continue;
		if (input_choice(tok, photo_kinds, "photo", err) < 0)
			return err->status;
		if (strstr(out, tok))
			continue;
		if (strlen(out) + strlen(tok) + 2 > size)
			return sy_fail(err, SY_INVALID, "photo", _("too many photo kinds"));
		if (*out)
			strcat(out, ",");
		strcat(out, tok);
	}
	return SY_OK;
}

static cJSON *rule_json(const struct filing_rule *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", r->kind->code);
	cJSON_AddNumberToObject(o, "days", r->days);
	cJSON_AddStringToObject(o, "photos", r->photos);
	return o;
}

int filing_rule_set(db *d, const char *kind, int days, const char *photos, sy_err *err)
{
	struct filing_rule old, now;
	char list[64];
	if (filing_rule_get(d, kind, &old, err) != SY_OK)
		return err->status;
	now = old;
	if (days >= 0) {
		if (!old.kind->site_days && days != old.kind->days)
			return sy_fail(err, SY_INVALID, "days", _("the %d working days of '%s' are set by the regulations, not by the yard"),
				       old.kind->days, old.kind->code);
		if (days < 1 || days > 60)
			return sy_fail(err, SY_INVALID, "days", _("give from 1 to 60 working days"));
		now.days = days;
	}
	if (photos) {
		if (check_photo_list(photos, list, sizeof list, err) != SY_OK)
			return err->status;
		sy_strlcpy(now.photos, list, sizeof now.photos);
	}
	if (db_begin(d, err) != SY_OK)
		return err->status;
	char *key_days = xasprintf("filing.%s.days", now.kind->code), *key_photos = xasprintf("filing.%s.photos", now.kind->code);
	char days_text[16];
	snprintf(days_text, sizeof days_text, "%d", now.days);
	int rc = now.kind->site_days ? db_set_setting(d, err, key_days, days_text) : SY_OK;
	if (rc == SY_OK)
		rc = db_set_setting(d, err, key_photos, now.photos);
	if (rc == SY_OK) {
		char *o = input_json_text(rule_json(&old)), *n = input_json_text(rule_json(&now));
		rc = audit_append(d, err, "filing_rule", 0, "change", o, n);
		free(o);
		free(n);
	}
	free(key_days);
	free(key_photos);
	return db_end(d, rc, err);
}

/* ---- owing ---- */

/* A new filing: inserted and audited without reading it back (check-in
 * makes one or two of these for every vehicle, an import a million). */
static int insert_new(db *d, int64_t vehicle_id, const struct filing_kind *k, const char *subject,
		      const char *event_on, sy_err *err)
{
	struct filing f = {.vehicle_id = vehicle_id, .kind = k};
	if (db_add_working_days(d, err, event_on, rule_days(d, k), f.due) != SY_OK)
		return err ? err->status : SY_INVALID;
	sy_strlcpy(f.subject, subject ? subject : "", sizeof f.subject);
	sy_strlcpy(f.event_on, event_on, sizeof f.event_on);
	sy_strlcpy(f.state, "owed", sizeof f.state);
	sy_strlcpy(f.created_by, db_actor(d), sizeof f.created_by);
	db_now(f.created_at);
	if (db_exec(d, err,
		    "INSERT INTO filings(vehicle_id, kind, subject, event_on, due, created_by, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		    "Isssssss", vehicle_id, k->code, f.subject, f.event_on, f.due, f.created_by, f.created_at,
		    f.created_at) != SY_OK)
		return err ? err->status : SY_ENV;
	f.id = db_last_id(d);
	return audit_change(d, err, NULL, &f, "create");
}

int filing_open_new(db *d, int64_t vehicle_id, const char *kind, const char *event_on, sy_err *err)
{
	const struct filing_kind *k = filing_kind_find(kind);
	if (!db_in_transaction(d))
		sy_fatal("filing_open_new outside a transaction");
	if (!k)
		sy_fatal("filing_open_new: unknown kind %s", kind);
	return insert_new(d, vehicle_id, k, "", event_on, err);
}

int filing_open(db *d, int64_t vehicle_id, const char *kind, const char *subject, const char *event_on, sy_err *err)
{
	const struct filing_kind *k = filing_kind_find(kind);
	struct filing old, f;
	char now[20], due[11];
	if (!db_in_transaction(d))
		sy_fatal("filing_open outside a transaction");
	if (!k)
		sy_fatal("filing_open: unknown kind %s", kind);
	int found = filing_of(d, vehicle_id, k->code, subject, &old, err);
	if (found == SY_INVALID)
		return insert_new(d, vehicle_id, k, subject, event_on, err);
	if (found != SY_OK)
		return err ? err->status : SY_ENV;
	if (strcmp(old.state, "withdrawn") != 0)
		return SY_OK; /* its clock ran from the first event */
	if (db_add_working_days(d, err, event_on, rule_days(d, k), due) != SY_OK)
		return err ? err->status : SY_INVALID;
	db_now(now);
	if (db_exec(d, err, "UPDATE filings SET state = 'owed', event_on = ?, due = ?, note = NULL, updated_at = ? WHERE id = ?",
		    "tttI", event_on, due, now, old.id) != SY_OK ||
	    filing_get(d, old.id, &f, err) != SY_OK)
		return err ? err->status : SY_ENV;
	return audit_change(d, err, &old, &f, "reopen");
}

int filing_withdraw(db *d, int64_t vehicle_id, const char *kind, const char *subject, const char *why, sy_err *err)
{
	struct filing old, f;
	char now[20];
	if (!db_in_transaction(d))
		sy_fatal("filing_withdraw outside a transaction");
	int found = filing_of(d, vehicle_id, kind, subject, &old, err);
	if (found != SY_OK)
		return found == SY_INVALID ? SY_OK : found;
	if (strcmp(old.state, "owed") != 0)
		return SY_OK;
	db_now(now);
	if (db_exec(d, err, "UPDATE filings SET state = 'withdrawn', note = ?, updated_at = ? WHERE id = ?", "ttI", why, now,
		    old.id) != SY_OK ||
	    filing_get(d, old.id, &f, err) != SY_OK)
		return err ? err->status : SY_ENV;
	return audit_change(d, err, &old, &f, "withdraw");
}

int filing_withdraw_vehicle(db *d, int64_t vehicle_id, const char *why, sy_err *err)
{
	if (!db_in_transaction(d))
		sy_fatal("filing_withdraw_vehicle outside a transaction");
	sqlite3_stmt *st = db_query(d, err, "SELECT kind, subject FROM filings WHERE vehicle_id = ? AND state = 'owed' ORDER BY id",
				    "I", vehicle_id);
	if (!st)
		return err->status;
	/* read first: each withdrawal writes the rows being read */
	char kinds[16][24], subjects[16][32];
	int n = 0, rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW && n < 16) {
		db_column_copy(kinds[n], sizeof kinds[n], st, 0);
		db_column_copy(subjects[n], sizeof subjects[n], st, 1);
		n++;
	}
	db_done(d, st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err->status;
	for (int i = 0; i < n; i++)
		if (filing_withdraw(d, vehicle_id, kinds[i], subjects[i], why, err) != SY_OK)
			return err->status;
	/* more than 16 owed at once: the rest in another round */
	return rc == SQLITE_ROW ? filing_withdraw_vehicle(d, vehicle_id, why, err) : SY_OK;
}

int filing_move(db *d, int64_t vehicle_id, const char *kind, const char *subject, const char *event_on, sy_err *err)
{
	struct filing old, f;
	char now[20], due[11];
	if (!db_in_transaction(d))
		sy_fatal("filing_move outside a transaction");
	int found = filing_of(d, vehicle_id, kind, subject, &old, err);
	if (found != SY_OK)
		return found == SY_INVALID ? SY_OK : found;
	if (strcmp(old.state, "owed") != 0 || strcmp(old.event_on, event_on) == 0)
		return SY_OK;
	if (db_add_working_days(d, err, event_on, rule_days(d, old.kind), due) != SY_OK)
		return err->status;
	db_now(now);
	if (db_exec(d, err, "UPDATE filings SET event_on = ?, due = ?, updated_at = ? WHERE id = ?", "tttI", event_on, due, now,
		    old.id) != SY_OK ||
	    filing_get(d, old.id, &f, err) != SY_OK)
		return err->status;
	return audit_change(d, err, &old, &f, "move");
}

/* ---- done ---- */

/* The photo kinds the site wants before this filing counts as done, and
 * that this vehicle lacks, into missing ("" when none). */
static int photos_missing(db *d, const struct filing *f, char *missing, size_t size, sy_err *err)
{
	struct filing_rule rule;
	char *save = NULL;
	*missing = '\0';
	if (filing_rule_get(d, f->kind->code, &rule, err) != SY_OK)
		return err->status;
	for (char *tok = strtok_r(rule.photos, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int64_t n = 0;
		if (db_int64(d, err, &n, "SELECT count(*) FROM photos WHERE vehicle_id = ? AND what = ?", "It", f->vehicle_id,
			     tok) != SY_OK)
			return err->status;
		if (n == 0 && strlen(missing) + strlen(tok) + 3 < size)
			snprintf(missing + strlen(missing), size - strlen(missing), "%s%s", *missing ? ", " : "", tok);
	}
	return SY_OK;
}

static int check_done(db *d, const struct filing *f, const char *date, sy_err *err)
{
	char missing[128];
	if (strcmp(f->state, "done") == 0)
		return sy_fail(err, SY_INVALID, "id", _("filing %lld was done already on %s%s%s"), (long long)f->id, f->done_on,
			       *f->reference ? _(", reference ") : "", f->reference);
	if (strcmp(f->state, "withdrawn") == 0)
		return sy_fail(err, SY_INVALID, "id", _("filing %lld was withdrawn (%s): nothing is owed"), (long long)f->id,
			       f->note);
	if (input_date(date, "date", 1, err) != SY_OK)
		return err->status;
	if (strcmp(date, f->event_on) < 0)
		return sy_fail(err, SY_INVALID, "date", _("%s is before the %s that made it owed (%s)"), date,
			       sy_pick(f->kind->event_en, f->kind->event_zh), f->event_on);
	if (photos_missing(d, f, missing, sizeof missing, err) != SY_OK)
		return err->status;
	if (*missing)
		return sy_fail(err, SY_INVALID, "photo",
			       _("the yard wants a photo (%s) of %s before this counts as done: attach it with 'scrapyard photo add %s FILE --what KIND'"),
			       missing, f->stock_no, f->stock_no);
	return SY_OK;
}

static int done_in_transaction(db *d, int64_t id, const char *reference, const char *date, struct filing *out,
			       sy_err *err)
{
	struct filing old;
	char now[20];
	if (filing_get(d, id, &old, err) != SY_OK || check_done(d, &old, date, err) != SY_OK)
		return err->status;
	db_now(now);
	if (db_exec(d, err,
		    "UPDATE filings SET state = 'done', done_on = ?, done_by = ?, reference = ?, updated_at = ? WHERE id = ?",
		    "ttttI", date, db_actor(d), *reference ? reference : NULL, now, id) != SY_OK ||
	    filing_get(d, id, out, err) != SY_OK || audit_change(d, err, &old, out, "done") != SY_OK)
		return err->status;
	if (strcmp(out->kind->code, "deregistration") != 0)
		return SY_OK;
	/* the deregistration may be the last of the vehicle's work (db/vehicle_life.h) */
	struct vehicle v = {.id = out->vehicle_id};
	return vehicle_close_if_done(d, &v, err);
}

int filing_done(db *d, int64_t id, const char *reference, const char *date, int legacy, struct filing *out,
		sy_err *err)
{
	char ref[64], today[11];
	if (input_text(reference ? reference : "", 60, ref, sizeof ref, "reference", err) != SY_OK)
		return err->status;
	if (!*ref && !legacy)
		return sy_fail(err, SY_INVALID, "reference", _("give the reference number the authority gave (--reference)"));
	db_today(today);
	if (!date || !*date)
		date = today;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	return db_end(d, done_in_transaction(d, id, ref, date, out, err), err);
}

int filing_done_kind(db *d, int64_t vehicle_id, const char *kind, const char *date, struct filing *out, sy_err *err)
{
	struct filing f;
	if (input_date(date, "date", 1, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = filing_of(d, vehicle_id, kind, "", &f, err);
	if (rc == SY_INVALID)
		rc = filing_open(d, vehicle_id, kind, "", date, err);
	if (rc == SY_OK)
		rc = filing_of(d, vehicle_id, kind, "", &f, err);
	if (rc == SY_OK)
		rc = done_in_transaction(d, f.id, "", date, out, err);
	return db_end(d, rc, err);
}

int filing_vin_filed(db *d, const struct filing *f, struct filing *other, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT " FILING_COLUMNS FILING_FROM " WHERE v.vin = ? AND v.id <> ?"
				    " AND f.kind = 'mofcom_entry' AND f.state = 'done' ORDER BY f.done_on DESC LIMIT 1",
				    "tI", f->vin, f->vehicle_id);
	if (!st)
		return -1;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		from_row(st, other);
	db_done(d, st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* ---- lists ---- */

int filing_list(db *d, const struct filing_query *q, filing_cb cb, void *ctx, sy_err *err)
{
	char today[11], horizon[11];
	db_today(today);
	if (db_add_working_days(d, err, today, FILING_DUE_HORIZON, horizon) != SY_OK)
		return err->status;
	static const char *const where[] = {
		[FILING_OWED] = " WHERE f.state = 'owed' AND v.status <> 'cancelled'",
		[FILING_DUE] = " WHERE f.state = 'owed' AND f.due <= ?3 AND v.status <> 'cancelled'",
		[FILING_LATE] = " WHERE f.state = 'owed' AND f.due < ?4 AND v.status <> 'cancelled'",
		[FILING_ALL] = " WHERE 1",
	};
	char *sql = xasprintf("SELECT " FILING_COLUMNS FILING_FROM "%s AND (?1 = '' OR f.kind = ?1) AND (?2 = 0 OR f.vehicle_id = ?2)"
			      " ORDER BY f.due, v.stock_no, f.id LIMIT ?5 OFFSET ?6",
			      where[q->view]);
	const struct filing_kind *k = q->kind ? filing_kind_find(q->kind) : NULL;
	if (q->kind && !k) {
		free(sql);
		return sy_fail(err, SY_INVALID, "kind", _("'%s' is not a kind of filing: one of %s"), q->kind,
			       filing_kind_codes());
	}
	sqlite3_stmt *st = db_query(d, err, sql, "tIttii", k ? k->code : "", q->vehicle_id, horizon, today,
				    q->limit > 0 ? q->limit : -1, q->offset > 0 ? q->offset : 0);
	free(sql);
	if (!st)
		return err->status;
	int rc, stop = 0;
	struct filing f;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		from_row(st, &f);
		stop = cb(&f, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

/* ---- JSON ---- */

cJSON *filing_to_json(const struct filing *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddStringToObject(o, "kind", f->kind->code);
	cJSON_AddStringToObject(o, "what", f->kind->en);
	cJSON_AddStringToObject(o, "authority", f->kind->authority_en);
	cJSON_AddStringToObject(o, "stock_no", f->stock_no);
	cJSON_AddStringToObject(o, "vin", f->vin);
	input_json_str(o, "plate", f->plate);
	input_json_str(o, "subject", f->subject);
	cJSON_AddStringToObject(o, "event_on", f->event_on);
	cJSON_AddStringToObject(o, "due", f->due);
	cJSON_AddStringToObject(o, "state", filing_state(f));
	cJSON_AddBoolToObject(o, "late", f->late);
	input_json_str(o, "done_on", f->done_on);
	input_json_str(o, "done_by", f->done_by);
	input_json_str(o, "reference", f->reference);
	input_json_str(o, "note", f->note);
	return o;
}
