/* Recycling certificates: see db/cert.h. */
#include "db/cert.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "base/i18n.h"
#include "db/site.h"
#include "base/text.h"
#include "base/util.h"
#include "db/cert_qr.h"
#include "db/filing.h"
#include "db/input.h"
#include "db/personal.h"
#include "db/user.h"
#include "db/vehicle_life.h"

const struct code_label cert_statuses[] = {
	{"issued", "issued", "有效"},
	{"void", "void", "已作废"},
	{0},
};

#define KEY_SETTING "cert_key"
#define PREFIX_SETTING "cert_prefix"

void cert_clear(struct cert *c)
{
	free(c->snapshot);
	memset(c, 0, sizeof *c);
}

/* ---- the yard's key ---- */

/* The verification key: 32 random bytes, kept hex in the settings. create:
 * make one when there is none (inside the caller's transaction). */
static int yard_key(db *d, unsigned char key[32], int create, sy_err *err)
{
	char *hex = db_setting(d, KEY_SETTING);
	size_t len = 0;
	if (hex && sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &len, NULL) == 0 && len == 32) {
		free(hex);
		return SY_OK;
	}
	free(hex);
	if (!create)
		return sy_fail(err, SY_INVALID, NULL, _("no certificate has been issued here yet, so there is nothing to verify against"));
	if (sodium_init() < 0)
		return sy_fail(err, SY_ENV, NULL, _("the random number generator is not available"));
	randombytes_buf(key, 32);
	char text[65];
	sodium_bin2hex(text, sizeof text, key, 32);
	return db_set_setting(d, err, KEY_SETTING, text);
}

/* ---- reading ---- */

#define CERT_COLS                                                                                          \
	"c.id, c.number, c.vehicle_id, v.stock_no, v.vin, coalesce(v.plate, ''), v.owner_name, c.issued_at," \
	" c.issued_by, c.status, coalesce(c.void_reason, ''), coalesce(c.voided_at, ''),"                      \
	" coalesce(c.voided_by, ''), coalesce(c.replaces, ''),"                                              \
	" coalesce((SELECT r.number FROM certificates r WHERE r.replaces = c.number ORDER BY r.id DESC LIMIT 1), ''),"   \
	" c.checksum"

static void read_row(sqlite3_stmt *st, struct cert *c)
{
	c->id = sqlite3_column_int64(st, 0);
	db_column_copy(c->number, sizeof c->number, st, 1);
	c->vehicle_id = sqlite3_column_int64(st, 2);
	db_column_copy(c->stock_no, sizeof c->stock_no, st, 3);
	db_column_copy(c->vin, sizeof c->vin, st, 4);
	db_column_copy(c->plate, sizeof c->plate, st, 5);
	db_column_copy(c->owner_name, sizeof c->owner_name, st, 6);
	db_column_copy(c->issued_at, sizeof c->issued_at, st, 7);
	db_column_copy(c->issued_by, sizeof c->issued_by, st, 8);
	db_column_copy(c->status, sizeof c->status, st, 9);
	db_column_copy(c->void_reason, sizeof c->void_reason, st, 10);
	db_column_copy(c->voided_at, sizeof c->voided_at, st, 11);
	db_column_copy(c->voided_by, sizeof c->voided_by, st, 12);
	db_column_copy(c->replaces, sizeof c->replaces, st, 13);
	db_column_copy(c->replaced_by, sizeof c->replaced_by, st, 14);
	db_column_copy(c->checksum, sizeof c->checksum, st, 15);
}

int cert_get(db *d, const char *number, struct cert *out, sy_err *err)
{
	char norm[64];
	memset(out, 0, sizeof *out);
	if (!number || text_normalize_id(number, norm, sizeof norm) != 0 || !*norm)
		return sy_fail(err, SY_INVALID, "number", _("'%s' is not a certificate number"), number ? number : "");
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT " CERT_COLS ", c.snapshot FROM certificates c JOIN vehicles v ON v.id = c.vehicle_id"
				    " WHERE c.number = ?",
				    "t", norm);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW) {
		read_row(st, out);
		const unsigned char *snap = sqlite3_column_text(st, 16);
		out->snapshot = xstrdup(snap ? (const char *)snap : "{}");
	}
	db_done(d, st);
	if (rc == SQLITE_DONE) {
		sy_fail(err, SY_INVALID, "number", _("no certificate %s"), norm);
		return sy_hint(err, "scrapyard cert list");
	}
	return rc == SQLITE_ROW ? SY_OK : err->status;
}

int cert_list(db *d, int64_t vehicle_id, int limit, cert_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT " CERT_COLS " FROM certificates c JOIN vehicles v ON v.id = c.vehicle_id"
				    " WHERE ?1 = 0 OR c.vehicle_id = ?1 ORDER BY c.id DESC LIMIT ?2",
				    "Ii", vehicle_id, limit > 0 ? limit : 100);
	if (!st)
		return err->status;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct cert c = {0};
		read_row(st, &c);
		if (cb(&c, ctx))
			break;
	}
	db_done(d, st);
	return rc < 0 ? err->status : SY_OK;
}

/* ---- issuing ---- */

static const char *label_pair(char *buf, size_t size, const struct code_label *table, const char *code)
{
	buf[0] = '\0';
	for (const struct code_label *c = table; code && *code && c->code; c++)
		if (strcmp(c->code, code) == 0) {
			snprintf(buf, size, "%s %s", c->zh, c->en);
			return buf;
		}
	sy_strlcpy(buf, code ? code : "", size);
	return buf;
}

/* What the certificate prints about the vehicle and its owner: the parts of
 * the snapshot that come from the vehicle record. */
static void vehicle_parts(cJSON *o, const struct vehicle *v)
{
	char buf[512];
	cJSON *w = cJSON_AddObjectToObject(o, "owner");
	cJSON_AddStringToObject(w, "name", v->owner_name);
	cJSON_AddStringToObject(w, "id_no", v->owner_id);
	cJSON_AddStringToObject(w, "phone", v->owner_phone);
	cJSON_AddStringToObject(w, "address", v->owner_address);
	cJSON_AddStringToObject(w, "agent_name", v->agent_name);
	cJSON_AddStringToObject(w, "agent_id_no", v->agent_id);
	cJSON *x = cJSON_AddObjectToObject(o, "vehicle");
	cJSON_AddStringToObject(x, "stock_no", v->stock_no);
	cJSON_AddStringToObject(x, "plate", v->plate);
	cJSON_AddStringToObject(x, "vehicle_type", label_pair(buf, sizeof buf, vehicle_types, v->vehicle_type));
	cJSON_AddStringToObject(x, "use_nature", label_pair(buf, sizeof buf, use_natures, v->use_nature));
	cJSON_AddStringToObject(x, "brand_model", v->brand_model);
	cJSON_AddStringToObject(x, "vin", v->vin);
	cJSON_AddStringToObject(x, "engine_no", v->engine_no);
	cJSON_AddStringToObject(x, "power_type", label_pair(buf, sizeof buf, power_types, v->power_type));
	cJSON_AddStringToObject(x, "battery_code", v->battery_code);
	cJSON_AddStringToObject(x, "first_registration", v->first_reg_date);
	cJSON_AddNumberToObject(x, "curb_mass_kg", v->curb_mass_kg);
	cJSON *h = cJSON_AddObjectToObject(o, "handover");
	cJSON_AddBoolToObject(h, "registration_certificate", v->doc_registration);
	cJSON_AddBoolToObject(h, "driving_licence", v->doc_licence);
	cJSON_AddNumberToObject(h, "plates_returned", v->plates_returned);
	cJSON_AddNumberToObject(h, "plates_expected", vehicle_plates_expected(v));
	char note[1024];
	vehicle_missing_note(v, note, sizeof note);
	cJSON_AddStringToObject(h, "missing_note", note);
	cJSON_AddStringToObject(o, "handover_date", v->received_date);
}

int cert_prints_change(const struct vehicle *a, const struct vehicle *b)
{
	cJSON *ja = cJSON_CreateObject(), *jb = cJSON_CreateObject();
	vehicle_parts(ja, a);
	vehicle_parts(jb, b);
	int differ = !cJSON_Compare(ja, jb, 1);
	cJSON_Delete(ja);
	cJSON_Delete(jb);
	return differ;
}

int cert_in_force(db *d, int64_t vehicle_id, char number[24], sy_err *err)
{
	sy_err e = {0};
	char *n = db_text(d, &e, "SELECT number FROM certificates WHERE vehicle_id = ? AND status = 'issued'", "I", vehicle_id);
	sy_strlcpy(number, n ? n : "", 24);
	free(n);
	if (e.status && err)
		*err = e;
	return e.status;
}

/* The fields the certificate shows, frozen at issue. */
static char *snapshot_json(const struct site *s, const struct vehicle *v, const char *clerk, const char *issue_date)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *y = cJSON_AddObjectToObject(o, "yard");
	cJSON_AddStringToObject(y, "name", s->name);
	cJSON_AddStringToObject(y, "licence_no", s->license_no);
	cJSON_AddStringToObject(y, "address", s->address);
	cJSON_AddStringToObject(y, "phone", s->phone);
	vehicle_parts(o, v);
	cJSON_AddStringToObject(o, "issue_date", issue_date);
	cJSON_AddStringToObject(o, "clerk", clerk);
	return input_json_text(o);
}

/* Order 715 before a certificate. */
static int check_vehicle(db *d, const struct vehicle *v, sy_err *err)
{
	if (strcmp(v->status, "cancelled") == 0)
		return sy_fail(err, SY_INVALID, "vehicle", _("%s was cancelled: a cancelled intake gets no certificate"),
			       v->stock_no);
	if (vehicle_refuse_missing(v, _("certificate"), err) != SY_OK)
		return err->status;
	if ((*v->missing_parts || vehicle_docs_missing(v)) && !v->owner_statement) {
		char missing[512];
		vehicle_not_handed_over(v, missing, sizeof missing);
		sy_fail(err, SY_INVALID, "owner-statement",
			_("%s: not handed over: %s, and no written statement of the owner is on file: record the statement first"),
			v->stock_no, missing);
		return sy_hint(err, "scrapyard vehicle correct %s --owner-statement --reason TEXT", v->stock_no);
	}
	if (v->police_supervised) {
		int64_t frames = 0;
		if (db_int64(d, err, &frames, "SELECT count(*) FROM parts WHERE vehicle_id = ? AND kind = 'frame'", "I", v->id) !=
		    SY_OK)
			return err->status;
		if (!frames) {
			sy_fail(err, SY_INVALID, "vehicle",
				_("%s is dismantled under police supervision: its certificate comes after dismantling; record the frame among its parts first"),
				v->stock_no);
			return sy_hint(err, "scrapyard part add %s --kind frame ...", v->stock_no);
		}
	}
	sy_err e = {0};
	char *issued = db_text(d, &e, "SELECT number FROM certificates WHERE vehicle_id = ? AND status = 'issued'", "I",
			       v->id);
	if (issued) {
		sy_fail(err, SY_INVALID, "vehicle", _("%s already has certificate %s: to reissue, void it first"), v->stock_no,
			issued);
		sy_hint(err, "scrapyard cert void %s --reason TEXT", issued);
		free(issued);
		return SY_INVALID;
	}
	if (e.status) {
		*err = e;
		return e.status;
	}
	return SY_OK;
}

static int prefix_of(db *d, char *out, size_t size, sy_err *err)
{
	char *p = db_setting(d, PREFIX_SETTING);
	char norm[16];
	int bad = p && (text_normalize_id(p, norm, sizeof norm) != 0 || strlen(norm) > 8);
	for (const char *c = p && !bad ? norm : ""; *c && !bad; c++)
		bad = !((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9'));
	if (bad) {
		free(p);
		return sy_fail(err, SY_INVALID, PREFIX_SETTING,
			       _("the setting cert_prefix must be up to 8 letters A-Z and digits"));
	}
	sy_strlcpy(out, p ? norm : "C", size);
	free(p);
	return SY_OK;
}

static int insert_cert(db *d, const struct vehicle *v, struct cert *c, int year, int64_t seq, const char *snapshot,
		       sy_err *err)
{
	return db_exec(d, err,
		       "INSERT INTO certificates(number, vehicle_id, year, seq, issued_at, issued_by, status, replaces,"
		       " checksum, snapshot) VALUES (?,?,?,?,?,?,'issued',?,?,?)",
		       "tIiIttttt", c->number, v->id, year, seq, c->issued_at, c->issued_by, *c->replaces ? c->replaces : NULL,
		       c->checksum, snapshot);
}

static int issue_in_transaction(db *d, const struct vehicle *v, struct cert *c, sy_err *err)
{
	struct site site;
	char today[11], prefix[16], payload[CERT_QR_MAX];
	unsigned char key[32];
	int64_t seq;
	if (check_vehicle(d, v, err) != SY_OK || site_get(d, &site, err) != SY_OK || prefix_of(d, prefix, sizeof prefix, err) != SY_OK ||
	    yard_key(d, key, 1, err) != SY_OK)
		return err->status;
	db_now(c->issued_at);
	db_today(today);
	int year = atoi(today);
	if (db_next_number(d, err, "certificate", year, &seq) != SY_OK)
		return err->status;
	char number[64];
	snprintf(number, sizeof number, "%.8s%04d-%06lld", prefix, year, (long long)seq);
	if (strlen(number) >= sizeof c->number)
		return sy_fail(err, SY_ENV, "number", _("the certificate numbers of %d are used up"), year);
	sy_strlcpy(c->number, number, sizeof c->number);
	sy_strlcpy(c->issued_by, db_actor(d) ? db_actor(d) : "", sizeof c->issued_by);
	char clerk[128];
	user_display_name(d, c->issued_by, clerk, sizeof clerk);
	/* a reissue replaces the vehicle's last voided certificate not yet replaced */
	sy_err e = {0};
	char *replaced = db_text(d, &e,
				 "SELECT c.number FROM certificates c WHERE c.vehicle_id = ? AND c.status = 'void'"
				 " AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces = c.number)"
				 " ORDER BY c.id DESC LIMIT 1",
				 "I", v->id);
	sy_strlcpy(c->replaces, replaced ? replaced : "", sizeof c->replaces);
	free(replaced);
	if (e.status) {
		*err = e;
		return e.status;
	}
	/* A second certificate for one vehicle: as voiding, a supervisor's. */
	if (*c->replaces && user_may(d, ROLE_SUPERVISOR, err) != SY_OK)
		return err->status;
	int rc = cert_qr_build(payload, sizeof payload, c->number, v->vin, today, key, sizeof key);
	sodium_memzero(key, sizeof key);
	if (rc != CERT_QR_OK)
		return sy_fail(err, SY_INVALID, rc == CERT_QR_BAD_VIN ? "vin" : "number",
			       _("cannot make the verification code: %s"), cert_qr_strerror(rc));
	sy_strlcpy(c->checksum, payload + strlen(payload) - 8, sizeof c->checksum);
	c->snapshot = snapshot_json(&site, v, clerk, today);
	if (insert_cert(d, v, c, year, seq, c->snapshot, err) != SY_OK)
		return err->status;
	c->id = db_last_id(d);
	c->vehicle_id = v->id;
	sy_strlcpy(c->status, "issued", sizeof c->status);
	/* The printed fields by their digest: a snapshot changed afterwards shows in the replay. */
	cJSON *j = cert_to_json(c);
	if (personal_commit(d, v->id, j, err) != SY_OK) {
		cJSON_Delete(j);
		return err->status;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256(digest, (const unsigned char *)c->snapshot, strlen(c->snapshot));
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	cJSON_AddStringToObject(j, "snapshot_sha256", hex);
	char *text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	rc = audit_append(d, err, "certificate", c->id, "issue", NULL, text);
	free(text);
	/* the deregistration is owed from the first certificate (db/filing.h) */
	if (rc == SY_OK)
		rc = filing_open(d, v->id, "deregistration", "", today, err);
	/* the certificate may be the last of the vehicle's work */
	struct vehicle now = *v;
	if (rc == SY_OK)
		rc = vehicle_close_if_done(d, &now, err);
	return rc;
}

int cert_is_reissue(db *d, int64_t vehicle_id)
{
	int64_t n = 0;
	db_int64(d, NULL, &n, "SELECT count(*) FROM certificates WHERE vehicle_id = ? AND status = 'void'", "I", vehicle_id);
	return n > 0;
}

int cert_issue(db *d, const struct vehicle *v, struct cert *out, sy_err *err)
{
	struct cert c = {0};
	sy_strlcpy(c.stock_no, v->stock_no, sizeof c.stock_no);
	sy_strlcpy(c.vin, v->vin, sizeof c.vin);
	sy_strlcpy(c.plate, v->plate, sizeof c.plate);
	sy_strlcpy(c.owner_name, v->owner_name, sizeof c.owner_name);
	if (db_begin(d, err) != SY_OK)
		return err->status;
	if (db_end(d, issue_in_transaction(d, v, &c, err), err) != SY_OK) {
		int status = err->status;
		cert_clear(&c);
		return status;
	}
	*out = c;
	return SY_OK;
}

/* ---- voiding ---- */

int cert_void(db *d, const char *number, const char *reason, struct cert *out, sy_err *err)
{
	char why[256];
	sy_strlcpy(why, reason ? reason : "", sizeof why);
	text_trim(why);
	if (!*why) {
		sy_fail(err, SY_INVALID, "reason", _("a voided certificate needs a written reason"));
		return sy_hint(err, "--reason TEXT");
	}
	if (text_check_field(why, 200, err, "reason") != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	struct cert c;
	int rc = cert_get(d, number, &c, err);
	if (rc == SY_OK && strcmp(c.status, "issued") != 0)
		rc = sy_fail(err, SY_INVALID, "number", _("certificate %s is already void (since %s)"), c.number, c.voided_at);
	cJSON *old = rc == SY_OK ? cert_to_json(&c) : NULL;
	if (rc == SY_OK) {
		db_now(c.voided_at);
		sy_strlcpy(c.voided_by, db_actor(d) ? db_actor(d) : "", sizeof c.voided_by);
		sy_strlcpy(c.void_reason, why, sizeof c.void_reason);
		sy_strlcpy(c.status, "void", sizeof c.status);
		rc = db_exec(d, err,
			     "UPDATE certificates SET status = 'void', void_reason = ?, voided_at = ?, voided_by = ?"
			     " WHERE id = ? AND status = 'issued'",
			     "tttI", c.void_reason, c.voided_at, c.voided_by, c.id);
	}
	if (rc == SY_OK) {
		cJSON *now = cert_to_json(&c);
		/* the owner's name as the trail holds personal data (db/personal.h) */
		rc = personal_commit(d, c.vehicle_id, old, err);
		if (rc == SY_OK)
			rc = personal_commit(d, c.vehicle_id, now, err);
		char *o = cJSON_PrintUnformatted(old), *n = cJSON_PrintUnformatted(now);
		if (rc == SY_OK)
			rc = audit_append(d, err, "certificate", c.id, "void", o, n);
		free(o);
		free(n);
		cJSON_Delete(now);
	}
	cJSON_Delete(old);
	if (db_end(d, rc, err) != SY_OK) {
		rc = err->status;
		cert_clear(&c);
		return rc;
	}
	if (out)
		*out = c;
	else
		cert_clear(&c);
	return SY_OK;
}

/* ---- the verification code ---- */

static const char *issue_date_of(const struct cert *c, char out[11])
{
	/* the snapshot's date is the one printed; issued_at is the same day */
	cJSON *s = c->snapshot ? cJSON_Parse(c->snapshot) : NULL;
	const cJSON *dt = cJSON_GetObjectItemCaseSensitive(s, "issue_date");
	sy_strlcpy(out, cJSON_IsString(dt) ? dt->valuestring : c->issued_at, 11);
	cJSON_Delete(s);
	return out;
}

int cert_payload(db *d, const struct cert *c, char *out, size_t size, sy_err *err)
{
	unsigned char key[32];
	char date[11];
	if (yard_key(d, key, 0, err) != SY_OK)
		return err->status;
	int rc = cert_qr_build(out, size, c->number, c->vin, issue_date_of(c, date), key, sizeof key);
	sodium_memzero(key, sizeof key);
	if (rc != CERT_QR_OK)
		return sy_fail(err, SY_INVALID, "number", _("cannot make the verification code: %s"), cert_qr_strerror(rc));
	return SY_OK;
}

const char *cert_check_name(enum cert_check c)
{
	static const char *const names[] = {"valid", "voided", "forged", "unknown", "mismatch", "malformed", "tampered"};
	return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "malformed";
}

int cert_verify(db *d, const char *payload, struct cert_verdict *out, sy_err *err)
{
	struct cert_qr qr;
	unsigned char key[32];
	memset(out, 0, sizeof *out);
	char text[256];
	sy_strlcpy(text, payload ? payload : "", sizeof text);
	text_trim(text);
	int rc = cert_qr_parse(text, strlen(text), &qr);
	if (rc != CERT_QR_OK) {
		out->result = CERT_MALFORMED;
		sy_strlcpy(out->detail, cert_qr_strerror(rc), sizeof out->detail);
		return SY_OK;
	}
	sy_strlcpy(out->number, qr.number, sizeof out->number);
	sy_strlcpy(out->vin, qr.vin, sizeof out->vin);
	sy_strlcpy(out->date, qr.date, sizeof out->date);
	if (yard_key(d, key, 0, err) != SY_OK)
		return err->status;
	rc = cert_qr_verify(text, strlen(text), key, sizeof key, &qr);
	sodium_memzero(key, sizeof key);
	if (rc != CERT_QR_OK) {
		out->result = CERT_FORGED;
		sy_strlcpy(out->detail, cert_qr_strerror(rc), sizeof out->detail);
		return SY_OK;
	}
	sy_err lookup = {0};
	if (cert_get(d, qr.number, &out->cert, &lookup) != SY_OK) {
		if (lookup.status == SY_ENV) {
			*err = lookup;
			return SY_ENV;
		}
		out->result = CERT_UNKNOWN;
		snprintf(out->detail, sizeof out->detail, _("the code is genuine but there is no certificate %s in this database"),
			 qr.number);
		return SY_OK;
	}
	char date[11];
	int64_t entry = 0;
	sy_err trail_err = {0};
	cJSON *trail = audit_state(d, "certificate", out->cert.id, &entry, &trail_err);
	const cJSON *trail_status = cJSON_GetObjectItemCaseSensitive(trail, "status");
	const char *audited = cJSON_IsString(trail_status) ? trail_status->valuestring : NULL;
	if (trail_err.status == SY_ENV) {
		cJSON_Delete(trail);
		*err = trail_err;
		return SY_ENV;
	}
	if (audited && strcmp(audited, "void") == 0 && strcmp(out->cert.status, "void") != 0) {
		/* un-voided behind the program's back: the trail says what happened */
		const cJSON *on = cJSON_GetObjectItemCaseSensitive(trail, "voided_at");
		const cJSON *why = cJSON_GetObjectItemCaseSensitive(trail, "void_reason");
		out->result = CERT_VOIDED;
		snprintf(out->detail, sizeof out->detail,
			 _("certificate %s was voided on %.10s: %s (its record was changed afterwards outside scrapyard)"),
			 out->cert.number, cJSON_IsString(on) ? on->valuestring : "?", cJSON_IsString(why) ? why->valuestring : "");
	} else if (!audited || strcmp(audited, out->cert.status) != 0) {
		out->result = CERT_TAMPERED;
		snprintf(out->detail, sizeof out->detail,
			 _("the record of certificate %s does not agree with its audit trail: it was changed outside scrapyard; do not accept it until the yard has checked it"),
			 out->cert.number);
	} else if (strcmp(out->cert.vin, qr.vin) != 0 || strcmp(issue_date_of(&out->cert, date), qr.date) != 0) {
		out->result = CERT_MISMATCH;
		snprintf(out->detail, sizeof out->detail, _("certificate %s is for VIN %s, issued %s: not what the code says"),
			 out->cert.number, out->cert.vin, date);
	} else if (strcmp(out->cert.status, "void") == 0) {
		out->result = CERT_VOIDED;
		snprintf(out->detail, sizeof out->detail, _("certificate %s was voided on %.10s: %s"), out->cert.number,
			 out->cert.voided_at, out->cert.void_reason);
	} else {
		out->result = CERT_VALID;
		snprintf(out->detail, sizeof out->detail, _("certificate %s is valid: VIN %s, issued %s"), out->cert.number,
			 out->cert.vin, date);
	}
	cJSON_Delete(trail);
	return SY_OK;
}

/* ---- JSON ---- */

static void add_opt(cJSON *o, const char *key, const char *value)
{
	if (value && *value)
		cJSON_AddStringToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *cert_to_json(const struct cert *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "number", c->number);
	cJSON_AddStringToObject(o, "status", c->status);
	cJSON_AddStringToObject(o, "stock_no", c->stock_no);
	cJSON_AddStringToObject(o, "vin", c->vin);
	add_opt(o, "plate", c->plate);
	cJSON_AddStringToObject(o, "owner_name", c->owner_name);
	cJSON_AddStringToObject(o, "issued_at", c->issued_at);
	cJSON_AddStringToObject(o, "issued_by", c->issued_by);
	add_opt(o, "void_reason", c->void_reason);
	add_opt(o, "voided_at", c->voided_at);
	add_opt(o, "voided_by", c->voided_by);
	add_opt(o, "replaces", c->replaces);
	add_opt(o, "replaced_by", c->replaced_by);
	cJSON_AddStringToObject(o, "checksum", c->checksum);
	return o;
}
