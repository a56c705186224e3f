/* The store: migrations, refusal of newer schemas, nested transactions,
 * gapless numbers, working days, the audit chain. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/audit.h"
#include "db/db.h"
#include "db/schema.h"
#include "db/site.h"
#include "tests/check.h"

static char dir[64];

static char *temp_path(const char *name)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

/* A database as an older scrapyard left it: only the first step applied. */
static void make_v1_database(const char *path)
{
	sqlite3 *h;
	sqlite3_open(path, &h);
	sqlite3_exec(h, schema_steps[0], NULL, NULL, NULL);
	sqlite3_exec(h, "INSERT INTO site(id, name, license_no, address, updated_at) VALUES (1, 'Old Yard', 'L-1', 'Road 1', '2020-01-01');"
			"PRAGMA user_version=1;", NULL, NULL, NULL);
	sqlite3_close(h);
}

static void test_upgrade_keeps_data(void)
{
	char *path = temp_path("old.db");
	make_v1_database(path);
	sy_err err = {0};
	db *d = db_open(path, 0, &err);
	CHECK(d != NULL);
	if (!d)
		return;
	CHECK_INT(db_user_version(d), db_schema_version());
	struct site s;
	CHECK_INT(site_get(d, &s, &err), SY_OK);
	CHECK_STR(s.name, "Old Yard");
	int64_t n = -1;
	CHECK_INT(db_int64(d, &err, &n, "SELECT count(*) FROM vehicles", NULL), SY_OK);
	CHECK_INT(n, 0);
	db_close(d);
}

static void test_newer_schema_refused(void)
{
	char *path = temp_path("new.db");
	sy_err err = {0};
	db *d = db_open(path, DB_OPEN_CREATE, &err);
	CHECK(d != NULL);
	db_exec(d, &err, "PRAGMA user_version=999", NULL);
	db_close(d);
	d = db_open(path, 0, &err);
	CHECK(d == NULL);
	CHECK_INT(err.status, SY_ENV);
	CHECK(strstr(err.msg, "999") != NULL);
	CHECK(strstr(err.msg, "newer") != NULL);
	db_close(d);
}

static void test_missing_file_without_create(void)
{
	sy_err err = {0};
	db *d = db_open(temp_path("absent.db"), 0, &err);
	CHECK(d == NULL);
	CHECK(strstr(err.msg, "scrapyard init") != NULL);
	CHECK(access(temp_path("absent.db"), F_OK) != 0);
}

static void test_nested_transactions(void)
{
	sy_err err = {0};
	db *d = db_open(temp_path("tx.db"), DB_OPEN_CREATE, &err);
	CHECK_INT(db_begin(d, &err), SY_OK);
	db_set_setting(d, &err, "a", "1");
	CHECK_INT(db_begin(d, &err), SY_OK);
	db_set_setting(d, &err, "b", "2");
	db_rollback(d); /* the inner change only */
	CHECK(db_in_transaction(d));
	CHECK_INT(db_commit(d, &err), SY_OK);
	CHECK(!db_in_transaction(d));
	char *a = db_setting(d, "a"), *b = db_setting(d, "b");
	CHECK_STR(a, "1");
	CHECK(b == NULL);
	free(a);
	free(b);
	db_close(d);
}

static void test_numbers_gapless_per_year(void)
{
	sy_err err = {0};
	db *d = db_open(temp_path("num.db"), DB_OPEN_CREATE, &err);
	int64_t n1 = 0, n2 = 0, n3 = 0, n4 = 0;
	db_begin(d, &err);
	db_next_number(d, &err, "vehicle", 2026, &n1);
	db_commit(d, &err);
	db_begin(d, &err);
	db_next_number(d, &err, "vehicle", 2026, &n2);
	db_rollback(d); /* a number taken by a change that failed is given again */
	db_begin(d, &err);
	db_next_number(d, &err, "vehicle", 2026, &n3);
	db_next_number(d, &err, "vehicle", 2027, &n4);
	db_commit(d, &err);
	CHECK_INT(n1, 1);
	CHECK_INT(n2, 2);
	CHECK_INT(n3, 2);
	CHECK_INT(n4, 1);
	db_close(d);
}

static void test_working_days(void)
{
	sy_err err = {0};
	char out[11];
	db *d = db_open(temp_path("days.db"), DB_OPEN_CREATE, &err);
	/* 2026-11-27 is a Friday: 7 working days later is Tuesday 2026-12-08. */
	CHECK_INT(db_add_working_days(d, &err, "2026-11-27", 7, out), SY_OK);
	CHECK_STR(out, "2026-12-08");
	/* A public holiday on Monday 11-30 pushes it a day; a working Saturday pulls it back. */
	db_exec(d, &err, "INSERT INTO holidays(day, working) VALUES ('2026-11-30', 0), ('2026-12-05', 1)", NULL);
	db_add_working_days(d, &err, "2026-11-27", 7, out);
	CHECK_STR(out, "2026-12-08");
	db_exec(d, &err, "DELETE FROM holidays WHERE day = '2026-12-05'", NULL);
	db_add_working_days(d, &err, "2026-11-27", 7, out);
	CHECK_STR(out, "2026-12-09");
	CHECK_INT(db_add_working_days(d, &err, "2026-02-30", 1, out), SY_INVALID);
	db_close(d);
}

static void test_audit_chain(void)
{
	sy_err err = {0};
	int64_t bad = 0, checked = 0, base = 0;
	db *d = db_open(temp_path("audit.db"), DB_OPEN_CREATE, &err);
	/* A new database starts with the entries adopting its seeded catalogue. */
	CHECK_INT(db_int64(d, &err, &base, "SELECT max(id) FROM audit", NULL), SY_OK);
	CHECK(base > 0);
	db_set_actor(d, "clerk1");
	db_begin(d, &err);
	for (int i = 1; i <= 5; i++)
		audit_append(d, &err, "vehicle", i, "create", NULL, "{\"x\":1}");
	db_commit(d, &err);
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
	CHECK_INT(checked, base + 5);
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE audit SET new = '{\"x\":2}' WHERE id = %lld", (long long)base + 3);
	db_exec(d, &err, sql, NULL);
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_INVALID);
	CHECK_INT(bad, base + 3);
	snprintf(sql, sizeof sql, "UPDATE audit SET new = '{\"x\":1}' WHERE id = %lld", (long long)base + 3);
	db_exec(d, &err, sql, NULL);
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_OK);
	snprintf(sql, sizeof sql, "DELETE FROM audit WHERE id = %lld", (long long)base + 2);
	db_exec(d, &err, sql, NULL);
	CHECK_INT(audit_verify(d, &err, &bad, &checked), SY_INVALID);
	CHECK_INT(bad, base + 3);
	CHECK(strstr(err.msg, "deleted") != NULL);
	db_close(d);
}

static void test_pragmas(void)
{
	sy_err err = {0};
	db *d = db_open(temp_path("pragma.db"), DB_OPEN_CREATE, &err);
	char *mode = db_text(d, &err, "PRAGMA journal_mode", NULL);
	int64_t sync = 0, fk = 0;
	db_int64(d, &err, &sync, "PRAGMA synchronous", NULL);
	db_int64(d, &err, &fk, "PRAGMA foreign_keys", NULL);
	CHECK_STR(mode, "wal");
	CHECK_INT(sync, 2); /* FULL */
	CHECK_INT(fk, 1);
	free(mode);
	db_close(d);
}

/* What statfs(2) reports for the file systems a database must not be on,
 * and for local ones. */
static void test_remote_file_systems(void)
{
	CHECK_STR(db_remote_fs_name(0x6969), "NFS");
	CHECK(strstr(db_remote_fs_name(0xFF534D42) ? db_remote_fs_name(0xFF534D42) : "", "CIFS") != NULL);
	/* f_type comes back sign-extended from a 32-bit magic on some ABIs */
	CHECK(db_remote_fs_name((unsigned long)(long)(int)0xFE534D42) != NULL);
	CHECK(db_remote_fs_name(0x517B) != NULL);
	CHECK(strstr(db_remote_fs_name(0x65735546) ? db_remote_fs_name(0x65735546) : "", "sshfs") != NULL);
	CHECK(db_remote_fs_name(0x00C36400) != NULL); /* CephFS */
	CHECK(db_remote_fs_name(0x01021997) != NULL); /* 9p */
	CHECK(db_remote_fs_name(0xEF53) == NULL);     /* ext2/3/4 */
	CHECK(db_remote_fs_name(0x58465342) == NULL); /* XFS */
	CHECK(db_remote_fs_name(0x9123683E) == NULL); /* btrfs */
	CHECK(db_remote_fs_name(0x01021994) == NULL); /* tmpfs */
	CHECK(db_remote_fs_name(0x794C7630) == NULL); /* overlay (containers) */
	CHECK(db_remote_fs_name(0x4D44) == NULL);     /* FAT on a USB stick */
}

/* The default path: XDG_DATA_HOME, the service user's folder, ~/.local/share. */
static void test_default_path(void)
{
	char *p;
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/wang", 1);
	CHECK_STR(p = db_default_path(), "/home/wang/.local/share/scrapyard/yard.db");
	free(p);
	setenv("HOME", "/var/lib/scrapyard", 1);
	CHECK_STR(p = db_default_path(), "/var/lib/scrapyard/yard.db");
	free(p);
	setenv("HOME", "/var/lib/scrapyard-old", 1);
	CHECK_STR(p = db_default_path(), "/var/lib/scrapyard-old/.local/share/scrapyard/yard.db");
	free(p);
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	setenv("HOME", "/var/lib/scrapyard", 1);
	CHECK_STR(p = db_default_path(), "/srv/data/scrapyard/yard.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/sy-test-db.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	setenv("SCRAPYARD_NOW", "2026-11-27", 1);
	test_upgrade_keeps_data();
	test_newer_schema_refused();
	test_missing_file_without_create();
	test_nested_transactions();
	test_numbers_gapless_per_year();
	test_working_days();
	test_audit_chain();
	test_pragmas();
	test_remote_file_systems();
	test_default_path();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return CHECK_DONE();
}
