#include "db/user.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <time.h>

#include "db/audit.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

/* Argon2id at libsodium's interactive operations count (2 passes) with a
 * quarter of its memory (16 MiB): about 60 ms on a busy two-core counter PC,
 * so a login stays under 100 ms while each guess against a stolen database
 * costs as much. crypto_pwhash_str_verify reads the parameters from the
 * stored hash, so they can be raised later without a migration. */
#define PIN_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PIN_MEMLIMIT (crypto_pwhash_MEMLIMIT_INTERACTIVE / 4)

static const char *const role_names[] = {[ROLE_CLERK] = "clerk", [ROLE_SUPERVISOR] = "supervisor", [ROLE_ADMIN] = "admin"};

enum user_role user_role_parse(const char *name)
{
	for (int r = ROLE_CLERK; r <= ROLE_ADMIN; r++)
		if (name && strcmp(name, role_names[r]) == 0)
			return (enum user_role)r;
	return ROLE_NONE;
}

const char *user_role_name(enum user_role role)
{
	return role >= ROLE_CLERK && role <= ROLE_ADMIN ? role_names[role] : "none";
}

int user_pin_check(const char *pin, sy_err *err)
{
	size_t n = pin ? strlen(pin) : 0;
	for (size_t i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			return sy_fail(err, SY_INVALID, "pin", _("a PIN is digits only (%d to %d of them)"), USER_PIN_MIN, USER_PIN_MAX);
	if (n < USER_PIN_MIN || n > USER_PIN_MAX)
		return sy_fail(err, SY_INVALID, "pin", _("a PIN has %d to %d digits"), USER_PIN_MIN, USER_PIN_MAX);
	return SY_OK;
}

static int check_name(const char *name, sy_err *err)
{
	if (!name || !*name)
		return sy_fail(err, SY_INVALID, "name", _("a user name is required"));
	if (text_check_field(name, USER_NAME_MAX, err, "name") != SY_OK)
		return err->status;
	for (const char *p = name; *p; p++)
		if (*p == ' ')
			return sy_fail(err, SY_INVALID, "name", _("a user name has no spaces: write for example 'wang.li'"));
	if (strcmp(name, "system") == 0)
		return sy_fail(err, SY_INVALID, "name", _("'system' is reserved: choose another user name"));
	return SY_OK;
}

static int hash_pin(const char *pin, char out[crypto_pwhash_STRBYTES], sy_err *err)
{
	if (sodium_init() < 0 ||
	    crypto_pwhash_str_alg(out, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return sy_fail(err, SY_ENV, NULL, _("out of memory while protecting the PIN: close other programs and try again"));
	return SY_OK;
}

int user_count(db *d, int64_t *out, sy_err *err)
{
	return db_int64(d, err, out, "SELECT count(*) FROM users WHERE active = 1", NULL);
}

int user_admin_count(db *d, int64_t *out, sy_err *err)
{
	return db_int64(d, err, out, "SELECT count(*) FROM users WHERE active = 1 AND role = 'admin'", NULL);
}

static char *user_json(const char *name, const char *full_name, const char *role, int active)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	if (full_name && *full_name)
		cJSON_AddStringToObject(o, "full_name", full_name);
	cJSON_AddStringToObject(o, "role", role);
	cJSON_AddBoolToObject(o, "active", active);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

static int check_full_name(const char *full_name, sy_err *err)
{
	return text_check_field(full_name ? full_name : "", 40, err, "full-name");
}

int user_add(db *d, const char *name, const char *role, const char *pin, sy_err *err)
{
	return user_add_named(d, name, NULL, role, pin, err);
}

int user_add_named(db *d, const char *name, const char *full_name, const char *role, const char *pin, sy_err *err)
{
	char hash[crypto_pwhash_STRBYTES], now[20];
	if (check_name(name, err) != SY_OK || check_full_name(full_name, err) != SY_OK)
		return err->status;
	if (user_role_parse(role) == ROLE_NONE)
		return sy_fail(err, SY_INVALID, "role", _("'%s' is not a role: use clerk, supervisor or admin"), role);
	if (user_pin_check(pin, err) != SY_OK || hash_pin(pin, hash, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int64_t taken = 0;
	int rc = db_int64(d, err, &taken, "SELECT count(*) FROM users WHERE name = ?", "t", name);
	if (rc == SY_OK && taken)
		rc = sy_fail(err, SY_INVALID, "name", _("there is already a user named '%s'"), name);
	db_now(now);
	if (rc == SY_OK)
		rc = db_exec(d, err, "INSERT INTO users(name, full_name, role, pin_hash, created_at) VALUES (?, ?, ?, ?, ?)",
			     "ttttt", name, full_name && *full_name ? full_name : NULL, role, hash, now);
	if (rc == SY_OK) {
		char *json = user_json(name, full_name, role, 1);
		rc = audit_append(d, err, "user", db_last_id(d), "create", NULL, json);
		free(json);
	}
	sodium_memzero(hash, sizeof hash);
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}

int user_set_full_name(db *d, const char *name, const char *full_name, sy_err *err)
{
	struct user u;
	if (check_full_name(full_name, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = user_get(d, name, &u, err);
	if (rc == SY_OK)
		rc = db_exec(d, err, "UPDATE users SET full_name = ? WHERE id = ?", "tI", *full_name ? full_name : NULL, u.id);
	if (rc == SY_OK) {
		char *old_json = user_json(u.name, u.full_name, u.role, u.active);
		char *new_json = user_json(u.name, full_name, u.role, u.active);
		rc = audit_append(d, err, "user", u.id, "update", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}

static void col_text(char *dst, size_t size, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	sy_strlcpy(dst, s ? s : "", size);
}

#define USER_COLUMNS "id, name, role, active, failed_logins, locked_until, created_at, full_name"

static void user_from_row(sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	col_text(u->name, sizeof u->name, st, 1);
	col_text(u->role, sizeof u->role, st, 2);
	u->active = sqlite3_column_int(st, 3);
	u->failed_logins = sqlite3_column_int(st, 4);
	col_text(u->locked_until, sizeof u->locked_until, st, 5);
	col_text(u->created_at, sizeof u->created_at, st, 6);
	col_text(u->full_name, sizeof u->full_name, st, 7);
}

/* The account's full name from the system's user database (GECOS), for a
 * yard run without users of its own. */
static int system_full_name(const char *login, char *out, size_t size)
{
	struct passwd pw, *found = NULL;
	char buf[2048];
	if (getpwnam_r(login, &pw, buf, sizeof buf, &found) != 0 || !found || !pw.pw_gecos)
		return 0;
	size_t n = strcspn(pw.pw_gecos, ",");
	if (n == 0 || n >= size || strncmp(pw.pw_gecos, login, n) == 0)
		return 0;
	memcpy(out, pw.pw_gecos, n);
	out[n] = '\0';
	return text_check_field(out, 60, NULL, "name") == SY_OK;
}

void user_display_name(db *d, const char *login, char *out, size_t size)
{
	struct user u;
	sy_strlcpy(out, login ? login : "", size);
	if (!login || !*login)
		return;
	if (user_get(d, login, &u, NULL) == SY_OK) {
		if (*u.full_name)
			sy_strlcpy(out, u.full_name, size);
		return;
	}
	system_full_name(login, out, size);
}

int user_get(db *d, const char *name, struct user *out, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " USER_COLUMNS " FROM users WHERE name = ?", "t", name);
	if (!st)
		return err ? err->status : SY_ENV;
	int rc = db_step(d, err, st), status = SY_OK;
	if (rc == SQLITE_ROW)
		user_from_row(st, out);
	else if (rc == SQLITE_DONE)
		status = sy_fail(err, SY_INVALID, "user", _("there is no user named '%s'"), name);
	else
		status = err ? err->status : SY_ENV;
	db_done(d, st);
	return status;
}

int user_each(db *d, user_cb cb, void *ctx, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " USER_COLUMNS " FROM users ORDER BY name", NULL);
	if (!st)
		return err->status;
	struct user u;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		user_from_row(st, &u);
		if (cb(&u, ctx))
			break;
	}
	db_done(d, st);
	return rc == -1 ? err->status : SY_OK;
}

/* now + seconds in the local-time text form that db_now writes. */
static void time_after(const char *now, int seconds, char out[20])
{
	struct tm tm = {0};
	if (!strptime(now, "%Y-%m-%d %H:%M:%S", &tm)) {
		sy_strlcpy(out, now, 20);
		return;
	}
	tm.tm_isdst = -1;
	time_t t = mktime(&tm) + seconds;
	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

/* Count a wrong PIN in its own transaction (it must stay even though the
 * command fails); the fifth in a row locks the user. Returns 1 when locked. */
static int count_failure(db *d, const struct user *u, const char *now)
{
	char until[20];
	int locked = u->failed_logins + 1 >= USER_MAX_FAILED;
	time_after(now, USER_LOCK_SECONDS, until);
	if (db_begin(d, NULL) != SY_OK)
		return locked;
	int rc = db_exec(d, NULL, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", "itI",
			 locked ? 0 : u->failed_logins + 1, locked ? until : NULL, u->id);
	if (rc == SY_OK && locked) {
		char *json = xasprintf("{\"locked_until\":\"%s\"}", until);
		rc = audit_append(d, NULL, "user", u->id, "locked", NULL, json);
		free(json);
	}
	if (rc == SY_OK)
		db_commit(d, NULL);
	else
		db_rollback(d);
	return locked;
}

int user_login(db *d, const char *name, const char *pin, enum user_role *role, sy_err *err)
{
	struct user u;
	char now[20];
	*role = ROLE_NONE;
	db_now(now);
	char *hash = db_text(d, err, "SELECT pin_hash FROM users WHERE name = ? AND active = 1", "t", name ? name : "");
	if (!hash || user_get(d, name, &u, NULL) != SY_OK) {
		free(hash);
		if (err && err->status == SY_ENV)
			return err->status;
		return sy_fail(err, SY_INVALID, "user", _("unknown user or wrong PIN: check the name and the PIN"));
	}
	int status = SY_OK;
	if (*u.locked_until && strcmp(now, u.locked_until) < 0) {
		status = sy_fail(err, SY_INVALID, "user",
				 _("%s is locked after %d wrong PINs until %s: wait, or ask an admin to set a new PIN"), name,
				 USER_MAX_FAILED, u.locked_until + 11);
	} else if (!pin || sodium_init() < 0 || crypto_pwhash_str_verify(hash, pin, strlen(pin)) != 0) {
		if (count_failure(d, &u, now))
			status = sy_fail(err, SY_INVALID, "user",
					 _("wrong PIN for the %dth time: %s is locked for %d minutes"), USER_MAX_FAILED, name,
					 USER_LOCK_SECONDS / 60);
		else
			status = sy_fail(err, SY_INVALID, "user", _("unknown user or wrong PIN: check the name and the PIN"));
	} else {
		if (u.failed_logins || *u.locked_until)
			db_exec(d, NULL, "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", "I", u.id);
		*role = user_role_parse(u.role);
	}
	free(hash);
	return status;
}

int user_require(enum user_role have, enum user_role need, sy_err *err)
{
	if (have >= need)
		return SY_OK;
	if (need == ROLE_ADMIN)
		sy_fail(err, SY_INVALID, "user", _("only an admin may do this: log in as one"));
	else
		sy_fail(err, SY_INVALID, "user", _("only a supervisor or an admin may do this: log in as one"));
	return sy_hint(err, "--user NAME");
}

int user_set_pin(db *d, const char *name, const char *pin, sy_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user u;
	if (user_pin_check(pin, err) != SY_OK || hash_pin(pin, hash, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = user_get(d, name, &u, err);
	if (rc == SY_OK)
		rc = db_exec(d, err, "UPDATE users SET pin_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?", "tI",
			     hash, u.id);
	if (rc == SY_OK)
		rc = audit_append(d, err, "user", u.id, "pin", NULL, "{\"pin\":\"changed\"}");
	sodium_memzero(hash, sizeof hash);
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}

int user_set_require_login(db *d, int on, sy_err *err)
{
	if (db_begin(d, err) != SY_OK)
		return err->status;
	char *old = db_setting(d, "require_login");
	char *old_json = xasprintf("{\"require_login\":\"%s\"}", old ? old : "0");
	int rc = db_set_setting(d, err, "require_login", on ? "1" : "0");
	if (rc == SY_OK)
		rc = audit_append(d, err, "setting", 0, "update", old_json, on ? "{\"require_login\":\"1\"}" : "{\"require_login\":\"0\"}");
	free(old);
	free(old_json);
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}
