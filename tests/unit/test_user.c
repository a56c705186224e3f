/* Users: roles, PIN rules, Argon2id hashes, login, lockout and its expiry. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "db/db.h"
#include "db/user.h"
#include "tests/check.h"

static int64_t count(db *d, const char *sql)
{
	int64_t n = -1;
	db_int64(d, NULL, &n, sql, NULL);
	return n;
}

int main(void)
{
	char dir[] = "/tmp/sy-user-XXXXXX", path[64];
	sy_err err;
	enum user_role role;
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/yard.db", dir);
	setenv("SCRAPYARD_NOW", "2026-03-02 10:00:00", 1);
	db *d = db_open(path, DB_OPEN_CREATE, &err);
	CHECK(d != NULL);
	if (!d)
		return CHECK_DONE();

	CHECK_INT(user_role_parse("clerk"), ROLE_CLERK);
	CHECK_INT(user_role_parse("supervisor"), ROLE_SUPERVISOR);
	CHECK_INT(user_role_parse("admin"), ROLE_ADMIN);
	CHECK_INT(user_role_parse("Admin"), ROLE_NONE);
	CHECK_INT(user_role_parse(NULL), ROLE_NONE);
	CHECK_STR(user_role_name(ROLE_SUPERVISOR), "supervisor");

	CHECK_INT(user_pin_check("123456", &err), SY_OK);
	CHECK_INT(user_pin_check("123456789012", &err), SY_OK);
	CHECK_INT(user_pin_check("12345", &err), SY_INVALID);
	CHECK_INT(user_pin_check("1234", &err), SY_INVALID);
	CHECK_INT(user_pin_check_role("123456", ROLE_CLERK, &err), SY_OK);
	CHECK_INT(user_pin_check_role("1234567", ROLE_SUPERVISOR, &err), SY_INVALID);
	CHECK_INT(user_pin_check_role("12345678", ROLE_SUPERVISOR, &err), SY_OK);
	CHECK_INT(user_pin_check_role("1234567", ROLE_ADMIN, &err), SY_INVALID);
	CHECK_INT(user_pin_check("1234567890123", &err), SY_INVALID);
	CHECK_INT(user_pin_check("12a4", &err), SY_INVALID);
	CHECK_INT(user_pin_check("", &err), SY_INVALID);

	CHECK_INT(user_require(ROLE_ADMIN, ROLE_SUPERVISOR, &err), SY_OK);
	CHECK_INT(user_require(ROLE_SUPERVISOR, ROLE_SUPERVISOR, &err), SY_OK);
	CHECK_INT(user_require(ROLE_CLERK, ROLE_SUPERVISOR, &err), SY_INVALID);
	CHECK(strstr(err.msg, "supervisor") != NULL);
	CHECK_INT(user_require(ROLE_SUPERVISOR, ROLE_ADMIN, &err), SY_INVALID);
	CHECK_INT(user_require(ROLE_NONE, ROLE_CLERK, &err), SY_INVALID);

	int64_t n = -1;
	CHECK_INT(user_count(d, &n, &err), SY_OK);
	CHECK_INT(n, 0);
	CHECK_INT(user_add(d, "boss", "admin", "987698", &err), SY_INVALID); /* 8 digits for an admin */
	CHECK_INT(user_add(d, "wang.li", "clerk", "432143", &err), SY_OK);
	CHECK_INT(user_add(d, "boss", "admin", "98769876", &err), SY_OK);
	CHECK_INT(user_add(d, "wang.li", "admin", "111111", &err), SY_INVALID);
	CHECK_INT(user_add(d, "x y", "clerk", "111111", &err), SY_INVALID);
	CHECK_INT(user_add(d, "bad\x1bname", "clerk", "111111", &err), SY_INVALID);
	CHECK_INT(user_add(d, "system", "clerk", "111111", &err), SY_INVALID);
	CHECK_INT(user_add(d, "zhao", "owner", "111111", &err), SY_INVALID);
	CHECK_INT(user_add(d, "zhao", "clerk", "11", &err), SY_INVALID);
	CHECK_INT(user_add(d, "", "clerk", "111111", &err), SY_INVALID);
	CHECK_INT(user_count(d, &n, &err), SY_OK);
	CHECK_INT(n, 2);
	CHECK_INT(user_admin_count(d, &n, &err), SY_OK);
	CHECK_INT(n, 1);
	CHECK_INT(count(d, "SELECT count(*) FROM users WHERE pin_hash LIKE '$argon2id$%'"), 2);
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'user' AND action = 'create'"), 2);
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE new LIKE '%argon%' OR new LIKE '%432143%'"), 0);

	/* Login: right PIN, wrong PIN, unknown user. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_OK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("# one login (Argon2id check): %.0f ms\n", ms);
	CHECK_MSG(ms < (getenv("SY_SANITIZE") ? 3000 : 1500), "a login takes well under two seconds, even on a busy machine");
	CHECK_INT(role, ROLE_CLERK);
	CHECK_INT(user_login(d, "boss", "98769876", &role, NULL, &err), SY_OK);
	CHECK_INT(role, ROLE_ADMIN);
	CHECK_INT(user_login(d, "nobody", "98769876", &role, NULL, &err), SY_INVALID);
	CHECK_INT(role, ROLE_NONE);
	CHECK_INT(user_login(d, "boss", NULL, &role, NULL, &err), SY_INVALID);

	/* Four wrong PINs are counted, the fifth locks for five minutes. */
	for (int i = 0; i < 4; i++)
		CHECK_INT(user_login(d, "wang.li", "000000", &role, NULL, &err), SY_INVALID);
	CHECK_INT(count(d, "SELECT failed_logins FROM users WHERE name = 'wang.li'"), 4);
	CHECK_INT(user_login(d, "wang.li", "000000", &role, NULL, &err), SY_INVALID);
	CHECK(strstr(err.msg, "locked") != NULL);
	struct user u;
	CHECK_INT(user_get(d, "wang.li", &u, &err), SY_OK);
	CHECK_STR(u.locked_until, "2026-03-02 10:05:00");
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_INVALID);
	CHECK(strstr(err.msg, "until 2026-03-02 10:05") != NULL); /* the date with the time */
	setenv("SCRAPYARD_NOW", "2026-03-02 10:04:59", 1);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_INVALID);
	setenv("SCRAPYARD_NOW", "2026-03-02 10:05:00", 1);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_OK);
	CHECK_INT(count(d, "SELECT failed_logins FROM users WHERE name = 'wang.li'"), 0);
	CHECK_INT(count(d, "SELECT count(*) FROM users WHERE locked_until IS NOT NULL"), 0);
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'user' AND action = 'locked'"), 1);

	/* Each lock in a row lasts twice the one before; the lockouts start over
	 * with a good login. */
	for (int i = 0; i < 5; i++)
		user_login(d, "wang.li", "000000", &role, NULL, &err);
	CHECK_INT(user_get(d, "wang.li", &u, &err), SY_OK);
	CHECK_STR(u.locked_until, "2026-03-02 10:10:00");
	setenv("SCRAPYARD_NOW", "2026-03-02 10:10:00", 1);
	for (int i = 0; i < 5; i++)
		user_login(d, "wang.li", "000000", &role, NULL, &err);
	CHECK_INT(user_get(d, "wang.li", &u, &err), SY_OK);
	CHECK_STR(u.locked_until, "2026-03-02 10:20:00");
	CHECK_INT(u.lockouts, 2);
	setenv("SCRAPYARD_NOW", "2026-03-02 10:20:00", 1);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_OK);
	CHECK_INT(user_get(d, "wang.li", &u, &err), SY_OK);
	CHECK_INT(u.lockouts, 0);

	/* Three locks in a row: only an admin unlocks a clerk. */
	for (int lock = 0; lock < 3; lock++) {
		for (int i = 0; i < 5; i++)
			user_login(d, "wang.li", "000000", &role, NULL, &err);
		setenv("SCRAPYARD_NOW", lock == 0 ? "2026-03-02 11:00:00" : lock == 1 ? "2026-03-02 12:00:00" : "2026-03-03 12:00:00", 1);
	}
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_INVALID);
	CHECK(strstr(err.msg, "only an admin") != NULL);
	setenv("SCRAPYARD_NOW", "2027-03-02 12:00:00", 1);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_INVALID);
	CHECK_INT(count(d, "SELECT json_extract(new, '$.admin_only') FROM audit WHERE action = 'locked' ORDER BY id DESC LIMIT 1"), 1);
	CHECK_INT(user_set_pin(d, "wang.li", "432143", &err), SY_OK);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_OK);
	/* The last admin is never locked for good: nobody could unlock. */
	for (int lock = 0; lock < 4; lock++)
		for (int i = 0; i < 5; i++)
			user_login(d, "boss", "00000000", &role, NULL, &err);
	CHECK(strstr(err.msg, "only an admin") == NULL);
	CHECK(strstr(err.msg, "locked") != NULL);
	setenv("SCRAPYARD_NOW", "2027-03-04 12:00:00", 1);
	CHECK_INT(user_login(d, "boss", "98769876", &role, NULL, &err), SY_OK);

	/* A PIN set before PINs had to be longer, with the old, weaker hash:
	 * it logs in as a short PIN, and the hash is made again. */
	char old_hash[crypto_pwhash_STRBYTES];
	CHECK(crypto_pwhash_str_alg(old_hash, "1357", 4, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				    crypto_pwhash_MEMLIMIT_INTERACTIVE / 4, crypto_pwhash_ALG_ARGON2ID13) == 0);
	char *sql = sqlite3_mprintf("INSERT INTO users(name, role, pin_hash, created_at) VALUES ('old', 'clerk', %Q, 'x')", old_hash);
	CHECK_INT(db_exec(d, &err, sql, NULL), SY_OK);
	sqlite3_free(sql);
	int short_pin = 0;
	CHECK_INT(user_login(d, "old", "1357", &role, &short_pin, &err), SY_OK);
	CHECK_INT(short_pin, 1);
	char *rehashed = db_text(d, &err, "SELECT pin_hash FROM users WHERE name = 'old'", NULL);
	CHECK(rehashed && strcmp(rehashed, old_hash) != 0 && strstr(rehashed, "m=32768,t=3") != NULL);
	free(rehashed);
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE action = 'rehash'"), 1);
	CHECK_INT(user_login(d, "old", "1357", &role, &short_pin, &err), SY_OK);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, &short_pin, &err), SY_OK);
	CHECK_INT(short_pin, 0);

	/* A new PIN replaces the old one and lifts a lockout. */
	for (int i = 0; i < 5; i++)
		user_login(d, "wang.li", "000000", &role, NULL, &err);
	CHECK_INT(user_set_pin(d, "wang.li", "246824", &err), SY_OK);
	CHECK_INT(user_login(d, "wang.li", "432143", &role, NULL, &err), SY_INVALID);
	CHECK_INT(user_login(d, "wang.li", "246824", &role, NULL, &err), SY_OK);
	CHECK_INT(user_set_pin(d, "nobody", "246824", &err), SY_INVALID);
	CHECK_INT(user_set_pin(d, "wang.li", "24", &err), SY_INVALID);

	/* require_login is an audited setting. */
	CHECK_INT(user_set_require_login(d, 1, &err), SY_OK);
	char *v = db_setting(d, "require_login");
	CHECK_STR(v, "1");
	free(v);
	CHECK_INT(count(d, "SELECT count(*) FROM audit WHERE entity = 'setting'"), 1);

	db_close(d);
	unlink(path);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
	rmdir(dir);
	return CHECK_DONE();
}
