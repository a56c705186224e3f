#include "db/party.h"

#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "base/i18n.h"
#include "db/ident.h"
#include "db/input.h"
#include "base/util.h"

const struct code_label party_kinds[] = {
	{"buyer", "Buyer of reused parts", "回用件买方"},
	{"remanufacturer", "Remanufacturer", "再制造企业"},
	{"recycler", "Scrap metal / smelter / material recycler", "废钢/冶炼/材料回收企业"},
	{"hazardous_handler", "Licensed hazardous waste handler", "危险废物经营单位"},
	{"energy_recovery", "Energy recovery", "能量回收企业"},
	{"landfill", "Landfill", "填埋场"},
	{"battery_oem", "Battery take-back point (vehicle maker)", "车企回收服务网点"},
	{"battery_echelon", "Echelon-use firm", "梯次利用企业"},
	{"battery_recycler", "Battery recycler", "再生利用企业"},
	{0},
};

#define PARTY_COLUMNS "id, name, kind, licence, credit_code, phone, address"

static void party_from_row(sqlite3_stmt *st, struct party *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	db_column_copy(p->name, sizeof p->name, st, 1);
	db_column_copy(p->kind, sizeof p->kind, st, 2);
	db_column_copy(p->licence, sizeof p->licence, st, 3);
	db_column_copy(p->credit_code, sizeof p->credit_code, st, 4);
	db_column_copy(p->phone, sizeof p->phone, st, 5);
	db_column_copy(p->address, sizeof p->address, st, 6);
}

static int validate(struct party *p, sy_err *err)
{
	struct party in = *p;
	if (input_text(in.name, 60, p->name, sizeof p->name, "name", err) ||
	    input_code(in.licence, 40, p->licence, sizeof p->licence, "licence", err) ||
	    input_text(in.phone, 30, p->phone, sizeof p->phone, "phone", err) ||
	    input_text(in.address, 120, p->address, sizeof p->address, "address", err))
		return err->status;
	if (!*p->name)
		return sy_fail(err, SY_INVALID, "name", _("the party's name is required"));
	if (!code_known(party_kinds, p->kind)) {
		const char *names[16];
		int n = 0;
		for (const struct code_label *k = party_kinds; k->code && n < 15; k++)
			names[n++] = k->code;
		names[n] = NULL;
		input_choice(p->kind, names, "party-kind", err);
		return err->status;
	}
	if (*in.credit_code) {
		if (ident_uscc(in.credit_code, p->credit_code, err) != SY_OK) {
			sy_strlcpy(err->field, "credit-code", sizeof err->field);
			return err->status;
		}
	}
	if (strcmp(p->kind, "hazardous_handler") == 0 && !*p->licence) {
		sy_fail(err, SY_INVALID, "licence", _("%s: a hazardous waste handler needs its hazardous waste licence number"),
			p->name);
		return sy_hint(err, "--licence");
	}
	if (strcmp(p->kind, "buyer") != 0 && !*p->licence && !*p->credit_code)
		return sy_fail(err, SY_INVALID, "credit-code",
			       _("%s (%s): give the firm's licence number or unified social credit code"), p->name,
			       code_label(party_kinds, p->kind));
	return SY_OK;
}

static int get_by(db *d, sy_err *err, const char *sql, const char *fmt, const void *a, const void *b,
		  struct party *out)
{
	sqlite3_stmt *st = *fmt == 'I' ? db_query(d, err, sql, fmt, *(const int64_t *)a)
				       : db_query(d, err, sql, fmt, (const char *)a, (const char *)b);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		party_from_row(st, out);
	db_done(d, st);
	return rc == SQLITE_ROW ? SY_OK : rc == SQLITE_DONE ? SY_INVALID : err->status;
}

int party_get(db *d, int64_t id, struct party *out, sy_err *err)
{
	int rc = get_by(d, err, "SELECT " PARTY_COLUMNS " FROM parties WHERE id = ?", "I", &id, NULL, out);
	if (rc == SY_INVALID)
		sy_fail(err, SY_INVALID, "party", _("no party with id %lld"), (long long)id);
	return rc;
}

int party_save_in_transaction(db *d, struct party *p, sy_err *err)
{
	struct party old;
	char now[20], name[128];
	if (input_text(p->name, 60, name, sizeof name, "name", err) != SY_OK)
		return err->status;
	int had = get_by(d, err, "SELECT " PARTY_COLUMNS " FROM parties WHERE name = ? AND kind = ?", "tt", name, p->kind,
			 &old) == SY_OK;
	if (had) {
		/* Fields not given keep their value. */
		if (!*p->licence) sy_strlcpy(p->licence, old.licence, sizeof p->licence);
		if (!*p->credit_code) sy_strlcpy(p->credit_code, old.credit_code, sizeof p->credit_code);
		if (!*p->phone) sy_strlcpy(p->phone, old.phone, sizeof p->phone);
		if (!*p->address) sy_strlcpy(p->address, old.address, sizeof p->address);
	}
	if (validate(p, err) != SY_OK)
		return err->status;
	db_now(now);
	int rc;
	if (had) {
		p->id = old.id;
		rc = db_exec(d, err,
			     "UPDATE parties SET licence = ?, credit_code = ?, phone = ?, address = ?, updated_at = ? WHERE id = ?",
			     "tttttI", *p->licence ? p->licence : NULL, *p->credit_code ? p->credit_code : NULL,
			     *p->phone ? p->phone : NULL, *p->address ? p->address : NULL, now, p->id);
	} else {
		rc = db_exec(d, err,
			     "INSERT INTO parties(name, kind, licence, credit_code, phone, address, created_at, updated_at)"
			     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			     "tttttttt", p->name, p->kind, *p->licence ? p->licence : NULL,
			     *p->credit_code ? p->credit_code : NULL, *p->phone ? p->phone : NULL,
			     *p->address ? p->address : NULL, now, now);
		p->id = db_last_id(d);
	}
	if (rc != SY_OK)
		return rc;
	char *old_json = had ? input_json_text(party_to_json(&old)) : NULL;
	char *new_json = input_json_text(party_to_json(p));
	rc = audit_append(d, err, "party", p->id, had ? "update" : "create", old_json, new_json);
	free(old_json);
	free(new_json);
	return rc;
}

int party_save(db *d, struct party *p, sy_err *err)
{
	if (db_begin(d, err) != SY_OK)
		return err->status;
	return db_end(d, party_save_in_transaction(d, p, err), err);
}

int party_find(db *d, const char *name, const char *kind, struct party *out, sy_err *err)
{
	char clean[128];
	if (input_text(name, 60, clean, sizeof clean, "party", err) != SY_OK)
		return err->status;
	if (!*clean)
		return sy_fail(err, SY_INVALID, "party", _("give the name of the buyer or recipient"));
	if (kind && *kind) {
		int rc = get_by(d, err, "SELECT " PARTY_COLUMNS " FROM parties WHERE name = ? AND kind = ?", "tt", clean,
				kind, out);
		if (rc == SY_INVALID) {
			sy_fail(err, SY_INVALID, "party", _("no %s named '%s' is on record: add it first"),
				code_label(party_kinds, kind), clean);
			sy_hint(err, "scrapyard ship party add --name NAME --kind %s", kind);
		}
		return rc;
	}
	sqlite3_stmt *st = db_query(d, err, "SELECT " PARTY_COLUMNS " FROM parties WHERE name = ? ORDER BY kind", "t", clean);
	if (!st)
		return err->status;
	int n = 0, rc;
	char kinds[256] = "";
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		if (n++ == 0)
			party_from_row(st, out);
		if (n > 1)
			strncat(kinds, ", ", sizeof kinds - strlen(kinds) - 1);
		strncat(kinds, (const char *)sqlite3_column_text(st, 2), sizeof kinds - strlen(kinds) - 1);
	}
	db_done(d, st);
	if (rc < 0)
		return err->status;
	if (n == 0) {
		sy_fail(err, SY_INVALID, "party", _("no buyer or recipient named '%s' is on record: add it first"), clean);
		return sy_hint(err, "scrapyard ship party add --name NAME --kind KIND");
	}
	if (n > 1) {
		sy_fail(err, SY_INVALID, "party-kind", _("several parties are named '%s' (%s): say which kind"), clean, kinds);
		return sy_hint(err, "--party-kind");
	}
	return SY_OK;
}

int party_list(db *d, const char *kind, party_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err,
				    "SELECT " PARTY_COLUMNS " FROM parties WHERE ?1 IS NULL OR kind = ?1 ORDER BY name, kind",
				    "t", kind && *kind ? kind : NULL);
	if (!st)
		return err->status;
	int rc = SQLITE_DONE, stop = 0;
	struct party p;
	while (!stop && (rc = db_step(d, err, st)) == SQLITE_ROW) {
		party_from_row(st, &p);
		stop = cb(&p, ctx);
	}
	return db_walk_end(d, st, rc, err);
}

cJSON *party_to_json(const struct party *p)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)p->id);
	input_json_str(o, "name", p->name);
	input_json_str(o, "kind", p->kind);
	input_json_str(o, "licence", p->licence);
	input_json_str(o, "credit_code", p->credit_code);
	input_json_str(o, "phone", p->phone);
	input_json_str(o, "address", p->address);
	return o;
}
