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

/* Argon2id, 3 passes over 32 MiB: three times the work of the first
 * version's 2 passes over 16 MiB, for every guess against a copy of the
 * file; about 100 ms for a login on the two-core counter PC when quiet.
 * crypto_pwhash_str_verify reads the parameters from the stored hash, and
 * a login with an older, weaker hash makes it again with these. */
#define PIN_OPSLIMIT 3ULL
#define PIN_MEMLIMIT (32U << 20)

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

int user_pin_min(enum user_role role) { return role >= ROLE_SUPERVISOR ? USER_PIN_MIN_SENIOR : USER_PIN_MIN; }

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

int user_pin_check_role(const char *pin, enum user_role role, sy_err *err)
{
	if (user_pin_check(pin, err) != SY_OK)
		return err ? err->status : SY_INVALID;
	if ((int)strlen(pin) < user_pin_min(role))
		return sy_fail(err, SY_INVALID, "pin", _("a supervisor's or an admin's PIN has %d to %d digits"),
			       USER_PIN_MIN_SENIOR, USER_PIN_MAX);
	return SY_OK;
}

/* The trail's view of a PIN hash: its SHA-256 (the hash itself, from which
 * PINs can be guessed, never goes there). */
static void pin_digest(const char *hash, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)hash, strlen(hash));
	sodium_bin2hex(out, 65, h, sizeof h);
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

int user_name_check(const char *name, sy_err *err) { return check_name(name, err); }

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

static char *user_json(const char *name, const char *full_name, const char *role, int active, const char *hash)
{
	char digest[65];
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	/* Named even when empty: a name put in afterwards with the sqlite3
	 * shell (it is printed on documents) shows in the replay. */
	cJSON_AddStringToObject(o, "full_name", full_name ? full_name : "");
	cJSON_AddStringToObject(o, "role", role);
	cJSON_AddBoolToObject(o, "active", active);
	if (hash) { /* NULL: the entry does not touch the PIN */
		pin_digest(hash, digest);
		cJSON_AddStringToObject(o, "pin_sha256", digest);
	}
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
	if (user_pin_check_role(pin, user_role_parse(role), err) != SY_OK || hash_pin(pin, hash, err) != SY_OK)
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
		char *json = user_json(name, full_name, role, 1, hash);
		rc = audit_append(d, err, "user", db_last_id(d), "create", NULL, json);
		free(json);
	}
	sodium_memzero(hash, sizeof hash);
	return db_end(d, rc, err);
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
		char *old_json = user_json(u.name, u.full_name, u.role, u.active, NULL);
		char *new_json = user_json(u.name, full_name, u.role, u.active, NULL);
		rc = audit_append(d, err, "user", u.id, "update", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	return db_end(d, rc, err);
}

#define USER_COLUMNS "id, name, role, active, failed_logins, locked_until, created_at, lockouts, full_name"

static void user_from_row(sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	db_column_copy(u->name, sizeof u->name, st, 1);
	db_column_copy(u->role, sizeof u->role, st, 2);
	u->active = sqlite3_column_int(st, 3);
	u->failed_logins = sqlite3_column_int(st, 4);
	db_column_copy(u->locked_until, sizeof u->locked_until, st, 5);
	db_column_copy(u->created_at, sizeof u->created_at, st, 6);
	u->lockouts = sqlite3_column_int(st, 7);
	db_column_copy(u->full_name, sizeof u->full_name, st, 8);
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

/* How long the n-th lockout in a row lasts (n from 1): doubling from the first. */
static int lock_seconds(int n)
{
	long secs = USER_LOCK_SECONDS;
	for (int i = 1; i < n && secs < USER_LOCK_MAX_SECONDS; i++)
		secs *= 2;
	return (int)(secs < USER_LOCK_MAX_SECONDS ? secs : USER_LOCK_MAX_SECONDS);
}

/* The last active admin is never locked for good: nobody could unlock. */
static int only_admin_unlocks(db *d, const struct user *u)
{
	int64_t admins = 0;
	if (u->lockouts < USER_LOCKS_FOR_ADMIN)
		return 0;
	return strcmp(u->role, "admin") != 0 || (user_admin_count(d, &admins, NULL) == SY_OK && admins > 1);
}

static int refuse_locked(db *d, const struct user *u, sy_err *err)
{
	if (only_admin_unlocks(d, u))
		return sy_fail(err, SY_INVALID, "user",
			       _("%s is locked after %d lockouts in a row: only an admin can unlock, with 'scrapyard user passwd %s'"),
			       u->name, u->lockouts, u->name);
	return sy_fail(err, SY_INVALID, "user", _("%s is locked after %d wrong PINs until %.16s: wait, or ask an admin to set a new PIN"),
		       u->name, USER_MAX_FAILED, u->locked_until);
}

/* Lock u now, inside the caller's transaction, and say so in the trail. */
static int lock_user(db *d, struct user *u, const char *now, sy_err *err)
{
	int n = u->lockouts + 1;
	time_after(now, lock_seconds(n), u->locked_until);
	u->lockouts = n;
	u->failed_logins = 0;
	int rc = db_exec(d, err, "UPDATE users SET failed_logins = 0, locked_until = ?, lockouts = ? WHERE id = ?", "tiI",
			 u->locked_until, n, u->id);
	if (rc == SY_OK) {
		char *json = xasprintf("{\"locked_until\":\"%s\",\"lockouts\":%d,\"admin_only\":%s}", u->locked_until, n,
				       only_admin_unlocks(d, u) ? "true" : "false");
		rc = audit_append(d, err, "user", u->id, "locked", NULL, json);
		free(json);
	}
	return rc;
}

static int locked_now(db *d, const struct user *u, const char *now)
{
	return only_admin_unlocks(d, u) || (*u->locked_until && strcmp(now, u->locked_until) < 0);
}

/* Count the attempt before the PIN is checked, in one write transaction:
 * attempts made in parallel each add one, and once USER_MAX_FAILED are
 * pending the next is refused and locks the user, without checking a PIN.
 * SY_OK with *hash to check against; else refused or failed (err). */
static int count_attempt(db *d, const char *name, const char *now, struct user *u, char **hash, sy_err *err)
{
	*hash = NULL;
	if (db_begin_unchecked(d, err) != SY_OK)
		return err ? err->status : SY_ENV;
	sy_err lookup = {0};
	int rc = user_get(d, name, u, &lookup);
	if (rc == SY_OK && u->active)
		*hash = db_text(d, err, "SELECT pin_hash FROM users WHERE id = ?", "I", u->id);
	if (!*hash) {
		db_rollback(d);
		if (lookup.status == SY_ENV || (err && err->status == SY_ENV)) {
			if (err && lookup.status == SY_ENV)
				*err = lookup;
			return SY_ENV;
		}
		return sy_fail(err, SY_INVALID, "user", _("unknown user or wrong PIN: check the name and the PIN"));
	}
	if (locked_now(d, u, now)) {
		db_rollback(d);
		rc = refuse_locked(d, u, err);
	} else if (u->failed_logins >= USER_MAX_FAILED) {
		rc = lock_user(d, u, now, err);
		rc = db_end(d, rc, err);
		if (rc == SY_OK)
			rc = refuse_locked(d, u, err);
	} else {
		rc = db_exec(d, err, "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", "I", u->id);
		rc = db_end(d, rc, err);
	}
	if (rc != SY_OK)
		FREE(hash);
	return rc;
}

/* A wrong PIN: the attempt is counted already; the one that makes
 * USER_MAX_FAILED locks the user. */
static int wrong_pin(db *d, struct user *u, const char *now, sy_err *err)
{
	int locked = 0;
	if (db_begin_unchecked(d, NULL) == SY_OK) {
		int rc = user_get(d, u->name, u, NULL);
		if (rc == SY_OK && !locked_now(d, u, now) && u->failed_logins >= USER_MAX_FAILED)
			rc = lock_user(d, u, now, NULL), locked = rc == SY_OK;
		else
			locked = rc == SY_OK && locked_now(d, u, now);
		db_end(d, rc, NULL);
	}
	if (locked)
		return sy_fail(err, SY_INVALID, "user", _("wrong PIN for the %dth time: %s is locked until %.16s"), USER_MAX_FAILED,
			       u->name, u->locked_until);
	return sy_fail(err, SY_INVALID, "user", _("unknown user or wrong PIN: check the name and the PIN"));
}

/* A good PIN: the count starts again, and a hash made with older, weaker
 * parameters is made again with today's (audited by its digest). */
static void good_pin(db *d, const struct user *u, const char *pin, const char *hash)
{
	char fresh[crypto_pwhash_STRBYTES], digest[65];
	int rehash = crypto_pwhash_str_needs_rehash(hash, PIN_OPSLIMIT, PIN_MEMLIMIT) != 0 && hash_pin(pin, fresh, NULL) == SY_OK;
	if (db_begin_unchecked(d, NULL) != SY_OK)
		return;
	int rc = db_exec(d, NULL, "UPDATE users SET failed_logins = 0, locked_until = NULL, lockouts = 0 WHERE id = ?", "I",
			 u->id);
	if (rc == SY_OK && rehash) {
		rc = db_exec(d, NULL, "UPDATE users SET pin_hash = ? WHERE id = ?", "tI", fresh, u->id);
		pin_digest(fresh, digest);
		char *json = xasprintf("{\"pin_sha256\":\"%s\"}", digest);
		if (rc == SY_OK)
			rc = audit_append(d, NULL, "user", u->id, "rehash", NULL, json);
		free(json);
	}
	db_end(d, rc, NULL);
	sodium_memzero(fresh, sizeof fresh);
}

int user_login(db *d, const char *name, const char *pin, enum user_role *role, int *short_pin, sy_err *err)
{
	struct user u;
	char now[20], *hash = NULL;
	*role = ROLE_NONE;
	if (short_pin)
		*short_pin = 0;
	db_now(now);
	int rc = count_attempt(d, name ? name : "", now, &u, &hash, err);
	if (rc != SY_OK)
		return rc;
	if (!pin || sodium_init() < 0 || crypto_pwhash_str_verify(hash, pin, strlen(pin)) != 0) {
		rc = wrong_pin(d, &u, now, err);
	} else {
		good_pin(d, &u, pin, hash);
		*role = user_role_parse(u.role);
		if (short_pin)
			*short_pin = (int)strlen(pin) < user_pin_min(*role);
	}
	free(hash);
	return rc;
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

int user_may(db *d, enum user_role need, sy_err *err)
{
	int64_t users = 0;
	if (user_count(d, &users, err) != SY_OK)
		return err ? err->status : SY_ENV;
	return users == 0 ? SY_OK : user_require((enum user_role)db_role(d), need, err);
}

int user_set_pin(db *d, const char *name, const char *pin, sy_err *err)
{
	char hash[crypto_pwhash_STRBYTES], digest[65];
	struct user u;
	if (user_get(d, name, &u, err) != SY_OK)
		return err->status;
	if (user_pin_check_role(pin, user_role_parse(u.role), err) != SY_OK || hash_pin(pin, hash, err) != SY_OK)
		return err->status;
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = user_get(d, name, &u, err);
	if (rc == SY_OK)
		rc = db_exec(d, err,
			     "UPDATE users SET pin_hash = ?, failed_logins = 0, locked_until = NULL, lockouts = 0 WHERE id = ?",
			     "tI", hash, u.id);
	pin_digest(hash, digest);
	char *json = xasprintf("{\"pin\":\"changed\",\"pin_sha256\":\"%s\"}", digest);
	if (rc == SY_OK)
		rc = audit_append(d, err, "user", u.id, "pin", NULL, json);
	free(json);
	sodium_memzero(hash, sizeof hash);
	return db_end(d, rc, err);
}

int user_set_require_login(db *d, int on, sy_err *err)
{
	return db_set_setting_from(d, err, "require_login", on ? "1" : "0", "0"); /* audited there */
}
