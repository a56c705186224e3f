/* Correcting, cancelling and closing a vehicle's record: see db/vehicle_life.h. */
#include "db/vehicle_life.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/cert.h"
#include "db/depollution.h"
#include "db/filing.h"

static void add_need(char *out, size_t size, const char *need)
{
	size_t n = strlen(out);
	snprintf(out + n, size - n, "%s%s", n ? (sy_lang_is_zh() ? "、" : ", ") : "", need);
}

/* A pack taken out and not yet handed on. */
static int battery_kept(db *d, const struct vehicle *v, int *kept, sy_err *err)
{
	int64_t n = 0;
	int rc = db_int64(d, err, &n,
			  "SELECT count(*) FROM depollution t WHERE t.vehicle_id = ?1 AND t.step = 'traction_battery'"
			  " AND t.absent = 0 AND NOT EXISTS (SELECT 1 FROM depollution h WHERE h.vehicle_id = ?1"
			  " AND h.step = 'battery_handover')",
			  "I", v->id);
	*kept = n > 0;
	return rc;
}

int vehicle_close_needs(db *d, const struct vehicle *v, char *out, size_t size, sy_err *err)
{
	*out = '\0';
	if (strcmp(v->status, "open") != 0) {
		snprintf(out, size, _("the record is %s"), v->status);
		return SY_OK;
	}
	int kept = 0;
	if (battery_kept(d, v, &kept, err) != SY_OK)
		return err->status;
	if (v->vehicle_missing) {
		/* no certificate, no deregistration: the pretreatment is the work */
		struct dep_status st;
		if (depollution_status(d, v, &st, err) != SY_OK)
			return err->status;
		if (!st.complete)
			add_need(out, size, _("pretreatment"));
		if (kept)
			add_need(out, size, _("the traction battery handed over"));
		return SY_OK;
	}
	char number[24];
	int64_t frames = 0;
	if (cert_in_force(d, v->id, number, err) != SY_OK ||
	    db_int64(d, err, &frames, "SELECT count(*) FROM parts WHERE vehicle_id = ? AND kind = 'frame'", "I", v->id) !=
		    SY_OK)
		return err->status;
	if (!*number)
		add_need(out, size, _("a certificate"));
	if (!frames)
		add_need(out, size, _("dismantling (its frame/body recorded)"));
	if (!*v->deregistered)
		add_need(out, size, _("deregistration"));
	if (kept)
		add_need(out, size, _("the traction battery handed over"));
	return SY_OK;
}

static int close_now(db *d, struct vehicle *v, sy_err *err)
{
	char now[20];
	db_now(now);
	struct vehicle old = *v;
	int rc = db_exec(d, err, "UPDATE vehicles SET status = 'closed', closed_at = ?, updated_at = ? WHERE id = ? AND status = 'open'",
			 "ttI", now, now, v->id);
	if (rc == SY_OK)
		rc = vehicle_get(d, v->id, v, err);
	if (rc == SY_OK) {
		char *o = vehicle_audit_text(d, &old, err), *n = o ? vehicle_audit_text(d, v, err) : NULL;
		rc = n ? audit_append(d, err, "vehicle", v->id, "close", o, n) : err->status;
		free(o);
		free(n);
	}
	return rc;
}

int vehicle_close_if_done(db *d, struct vehicle *v, sy_err *err)
{
	char needs[400];
	if (vehicle_get(d, v->id, v, err) != SY_OK)
		return err->status;
	/* A missing vehicle is closed by hand: its parts may still be coming. */
	if (strcmp(v->status, "open") != 0 || v->vehicle_missing)
		return SY_OK;
	if (vehicle_close_needs(d, v, needs, sizeof needs, err) != SY_OK)
		return err->status;
	return *needs ? SY_OK : close_now(d, v, err);
}

int vehicle_close(db *d, struct vehicle *v, sy_err *err)
{
	char needs[400];
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = vehicle_get(d, v->id, v, err);
	if (rc == SY_OK && strcmp(v->status, "open") != 0)
		rc = sy_fail(err, SY_INVALID, "ref", _("%s is %s already"), v->stock_no,
			     strcmp(v->status, "closed") == 0 ? _("closed") : _("cancelled"));
	if (rc == SY_OK)
		rc = vehicle_close_needs(d, v, needs, sizeof needs, err);
	if (rc == SY_OK && *needs)
		rc = sy_fail(err, SY_INVALID, "ref", _("%s cannot close yet: its work is not done; still to record: %s"),
			     v->stock_no, needs);
	if (rc == SY_OK)
		rc = close_now(d, v, err);
	return db_end(d, rc, err);
}

/* ---- cancel ---- */

static int reason_text(const char *reason, char *out, size_t size, const char *why, sy_err *err)
{
	sy_strlcpy(out, reason ? reason : "", size);
	text_trim(out);
	if (!*out) {
		sy_fail(err, SY_INVALID, "reason", "%s", why);
		return sy_hint(err, "--reason TEXT");
	}
	return text_check_field(out, 200, err, "reason");
}

/* Anything recorded on the vehicle since check-in keeps it. */
static int check_cancellable(db *d, const struct vehicle *v, sy_err *err)
{
	char number[24];
	int64_t steps = 0, parts = 0;
	if (strcmp(v->status, "open") != 0)
		return sy_fail(err, SY_INVALID, "ref", _("%s is %s: only an open check-in can be cancelled"), v->stock_no,
			       strcmp(v->status, "closed") == 0 ? _("closed") : _("cancelled"));
	if (cert_in_force(d, v->id, number, err) != SY_OK ||
	    db_int64(d, err, &steps, "SELECT count(*) FROM depollution WHERE vehicle_id = ?", "I", v->id) != SY_OK ||
	    db_int64(d, err, &parts, "SELECT count(*) FROM parts WHERE vehicle_id = ?", "I", v->id) != SY_OK)
		return err->status;
	if (*number) {
		sy_fail(err, SY_INVALID, "ref", _("%s has certificate %s in force: void it first"), v->stock_no, number);
		return sy_hint(err, "scrapyard cert void %s --reason TEXT", number);
	}
	if (steps || parts)
		return sy_fail(err, SY_INVALID, "ref",
			       _("%s has %lld pretreatment steps and %lld parts recorded: a vehicle being dismantled is no wrong check-in; correct it instead"),
			       v->stock_no, (long long)steps, (long long)parts);
	return SY_OK;
}

int vehicle_cancel(db *d, struct vehicle *v, const char *reason, sy_err *err)
{
	char why[256], now[20];
	if (reason_text(reason, why, sizeof why, _("say why the check-in is cancelled"), err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	struct vehicle old;
	int rc = vehicle_get(d, v->id, &old, err);
	if (rc == SY_OK)
		rc = check_cancellable(d, &old, err);
	db_now(now);
	if (rc == SY_OK)
		rc = db_exec(d, err,
			     "UPDATE vehicles SET status = 'cancelled', cancelled_at = ?, cancel_reason = ?, updated_at = ?"
			     " WHERE id = ? AND status = 'open'",
			     "tttI", now, why, now, v->id);
	if (rc == SY_OK)
		rc = vehicle_get(d, v->id, v, err);
	if (rc == SY_OK) {
		char *o = vehicle_audit_text(d, &old, err), *n = o ? vehicle_audit_text(d, v, err) : NULL;
		rc = n ? audit_append(d, err, "vehicle", v->id, "cancel", o, n) : err->status;
		free(o);
		free(n);
	}
	/* What its check-in made owed is kept, withdrawn: nothing is owed about a
	 * vehicle the yard never took in. */
	if (rc == SY_OK) {
		char note[300];
		snprintf(note, sizeof note, _("the check-in was cancelled: %s"), why);
		rc = filing_withdraw_vehicle(d, v->id, note, err);
	}
	return db_end(d, rc, err);
}

/* ---- correct ---- */

/* Fields that are the record's bookkeeping, not what the clerk took in. */
static int bookkeeping(const char *key)
{
	static const char *const keys[] = {"id", "stock_no", "status", "battery_report_due", "battery_reported",
					   "dereg_due", "deregistered", "created_by", "created_at", "closed_at",
					   "cancelled_at", "cancel_reason", "vehicle_missing", NULL};
	for (int i = 0; keys[i]; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

static void changed_fields(const struct vehicle *a, const struct vehicle *b, char *out, size_t size)
{
	cJSON *ja = vehicle_to_json(a), *jb = vehicle_to_json(b), *x;
	*out = '\0';
	cJSON_ArrayForEach(x, ja)
	{
		if (bookkeeping(x->string))
			continue;
		if (!cJSON_Compare(x, cJSON_GetObjectItemCaseSensitive(jb, x->string), 1)) {
			size_t n = strlen(out); /* field names, as stored: no interface language */
			snprintf(out + n, size - n, "%s%s", n ? ", " : "", x->string);
		}
	}
	cJSON_Delete(ja);
	cJSON_Delete(jb);
}

int vehicle_correction_plan(db *d, const struct vehicle *old, const struct vehicle *corrected,
			    struct vehicle_correction *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	changed_fields(old, corrected, out->fields, sizeof out->fields);
	if (cert_in_force(d, old->id, out->certificate, err) != SY_OK)
		return err->status;
	out->on_certificate = *out->certificate && cert_prints_change(old, corrected);
	if (!out->on_certificate)
		out->certificate[0] = '\0';
	return SY_OK;
}

static int save_correction(db *d, const struct vehicle *v, const struct vehicle_correction *c, const char *why,
			   sy_err *err)
{
	char now[20];
	db_now(now);
	int rc = db_exec(d, err,
			 "INSERT INTO vehicle_corrections(vehicle_id, fields, reason, certificate, at, by) VALUES (?, ?, ?, ?, ?, ?)",
			 "Ittttt", v->id, c->fields, why, *c->certificate ? c->certificate : NULL, now, db_actor(d));
	if (rc != SY_OK)
		return rc;
	int64_t id = db_last_id(d);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "stock_no", v->stock_no);
	cJSON_AddStringToObject(o, "fields", c->fields);
	cJSON_AddStringToObject(o, "reason", why);
	if (*c->certificate)
		cJSON_AddStringToObject(o, "certificate", c->certificate);
	else
		cJSON_AddNullToObject(o, "certificate");
	cJSON_AddStringToObject(o, "at", now);
	cJSON_AddStringToObject(o, "by", db_actor(d));
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	rc = audit_append(d, err, "vehicle_correction", id, "create", NULL, text);
	free(text);
	return rc;
}

int vehicle_correct(db *d, struct vehicle *corrected, const char *reason, int may_change_certificate,
		    struct vehicle_correction *out, sy_err *err)
{
	char why[256];
	struct vehicle_correction local;
	if (!out)
		out = &local;
	memset(out, 0, sizeof *out);
	if (reason_text(reason, why, sizeof why, _("say why the record is corrected"), err) != SY_OK)
		return err->status;
	if (vehicle_validate(d, corrected, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	struct vehicle old;
	int rc = vehicle_get(d, corrected->id, &old, err);
	if (rc == SY_OK && strcmp(old.status, "cancelled") == 0)
		rc = sy_fail(err, SY_INVALID, "ref", _("%s was cancelled: a cancelled check-in is not corrected"), old.stock_no);
	/* A corrected mass is checked as at check-in, unless the clerk confirms it. */
	if (rc == SY_OK && !corrected->weight_confirmed &&
	    (old.weighed_kg != corrected->weighed_kg || old.curb_mass_kg != corrected->curb_mass_kg) &&
	    vehicle_check_weights(corrected, err) != SY_OK)
		rc = sy_hint(err, _("if it is right: --confirm-weight"));
	if (rc == SY_OK) {
		/* what the clerk cannot change here stays as it is */
		sy_strlcpy(corrected->status, old.status, sizeof corrected->status);
		sy_strlcpy(corrected->battery_reported, old.battery_reported, sizeof corrected->battery_reported);
		sy_strlcpy(corrected->battery_report_due, old.battery_report_due, sizeof corrected->battery_report_due);
		rc = vehicle_correction_plan(d, &old, corrected, out, err);
	}
	if (rc == SY_OK && !*out->fields)
		rc = sy_fail(err, SY_INVALID, "ref", _("nothing to correct: the values given are those on record"));
	if (rc == SY_OK && out->on_certificate && !may_change_certificate)
		rc = sy_fail(err, SY_INVALID, "role",
			     _("certificate %s prints what is corrected: a supervisor corrects it, and the certificate is then voided and issued again"),
			     out->certificate);
	struct vehicle before;
	if (rc == SY_OK)
		rc = vehicle_update_in_transaction(d, corrected, "correct", &before, err);
	if (rc == SY_OK)
		rc = save_correction(d, corrected, out, why, err);
	return db_end(d, rc, err);
}

int vehicle_corrections(db *d, int64_t vehicle_id, vehicle_correction_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT fields, reason, coalesce(certificate, ''), at, by FROM vehicle_corrections"
				    " WHERE vehicle_id = ? ORDER BY id",
				    "I", vehicle_id);
	if (!st)
		return err->status;
	int rc, stop = 0;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct vehicle_correction_row r;
		db_column_copy(r.fields, sizeof r.fields, st, 0);
		sy_strlcpy(r.reason, (const char *)sqlite3_column_text(st, 1), sizeof r.reason);
		sy_strlcpy(r.certificate, (const char *)sqlite3_column_text(st, 2), sizeof r.certificate);
		sy_strlcpy(r.at, (const char *)sqlite3_column_text(st, 3), sizeof r.at);
		sy_strlcpy(r.by, (const char *)sqlite3_column_text(st, 4), sizeof r.by);
		stop = cb(&r, ctx);
	}
	return db_walk_end(d, st, rc, err);
}
