/* scrapyard backup PATH [--plain] | backup --status | backup key --show, and
 * scrapyard restore PATH [--key CODE]. */
#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/commands.h"
#include "db/audit.h"
#include "db/backup.h"
#include "db/backup_crypt.h"
#include "db/db.h"
#include "base/i18n.h"
#include "base/util.h"

static void show_progress(int remaining, int total, void *ctx)
{
	(void)ctx;
	if (total > 0)
		fprintf(stderr, _("\rbacking up: %d%%"), (int)(100LL * (total - remaining) / total));
}

static cJSON *counts_to_json(const struct backup_counts *c)
{
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; i < c->n; i++)
		cJSON_AddNumberToObject(o, c->table[i], (double)c->rows[i]);
	return o;
}

static cJSON *photos_to_json(const struct photo_copy *p, const char *backup)
{
	cJSON *o = cJSON_CreateObject();
	char *dir = backup_photo_dir(backup);
	cJSON_AddStringToObject(o, "folder", dir);
	cJSON_AddNumberToObject(o, "copied", p->copied);
	cJSON_AddNumberToObject(o, "kept", p->kept);
	cJSON_AddNumberToObject(o, "missing", p->missing);
	free(dir);
	return o;
}

/* Photos whose file was not there to copy: said on stderr, not fatal. */
static void missing_photos(const struct photo_copy *p, const char *what)
{
	if (p->missing)
		fprintf(stderr, _("scrapyard: warning: %ld photo files are missing and were %s (the first: %.16s...); 'scrapyard audit verify' names them\n"),
			p->missing, what, p->first_missing);
}

static int backup_status(struct cli *cli, db *d)
{
	char at[20], path[4096];
	if (backup_last(d, at, path, sizeof path, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	int age = backup_age_days(d), limit = backup_reminder_days(d);
	int overdue = age < 0 || age > limit;
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		if (*at) {
			cJSON_AddStringToObject(o, "last_at", at);
			cJSON_AddStringToObject(o, "last_path", path);
			cJSON_AddNumberToObject(o, "age_days", age);
		} else {
			cJSON_AddNullToObject(o, "last_at");
		}
		cJSON_AddNumberToObject(o, "reminder_days", limit);
		cJSON_AddBoolToObject(o, "overdue", overdue);
		return cli_print_json(o);
	}
	if (*at)
		printf(_("last backup: %s (%d days ago) to %s\n"), at, age, path);
	else
		printf("%s\n", _("no backup has been made yet"));
	if (overdue)
		fprintf(stderr, _("reminder: make a backup now (scrapyard backup PATH-ON-USB-STICK); the yard asks for one every %d days\n"),
			limit);
	return 0;
}

/* The yard's backup key as a recovery code, for the safe; each showing is
 * in the audit trail (who saw it, when). */
static int backup_key_show(struct cli *cli)
{
	int rc;
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	/* The key opens every backup of the yard: as a restore, admins only. */
	if ((rc = cli_require_role(cli, "admin")))
		return rc;
	struct backup_key k;
	int made = 0;
	if (backup_key_ensure(db_path(d), &k, &made, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	cJSON *note = cJSON_CreateObject();
	cJSON_AddStringToObject(note, "key_id", k.id);
	char *json = cJSON_PrintUnformatted(note);
	cJSON_Delete(note);
	rc = db_begin(d, &cli->err);
	if (rc == SY_OK && (rc = audit_append(d, &cli->err, "database", 0, "backup_key_shown", NULL, json)) == SY_OK)
		rc = db_commit(d, &cli->err);
	else if (rc == SY_OK)
		db_rollback(d);
	free(json);
	if (rc != SY_OK) {
		sodium_memzero(&k, sizeof k);
		return cli_report(cli, &cli->err);
	}
	char code[BACKUP_CODE_SIZE];
	backup_key_code(&k, code);
	char *path = backup_key_path(db_path(d)), id[sizeof k.id];
	sy_strlcpy(id, k.id, sizeof id);
	sodium_memzero(&k, sizeof k);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "recovery_code", code);
		cJSON_AddStringToObject(o, "key_id", id);
		cJSON_AddStringToObject(o, "key_file", path);
		cJSON_AddBoolToObject(o, "made", made);
		sodium_memzero(code, sizeof code);
		free(path);
		return cli_print_json(o);
	}
	if (made)
		printf(_("a backup key was made: %s\n"), path);
	printf(_("Recovery code of the yard's backups (write it down, keep it in the safe; it opens every backup, so keep it from everyone else):\n\n    %s\n\n"),
	       code);
	printf(_("On a new machine: scrapyard restore BACKUP --key CODE. This showing is recorded in the audit trail.\n"));
	sodium_memzero(code, sizeof code);
	free(path);
	return 0;
}

static const struct cli_option cmd_backup_opts[] = {
	{"status", no_argument, NULL, 's', NULL, NULL, N_("when and where the last backup was made, and whether one is due")},
	{"plain", no_argument, NULL, 'p', NULL, NULL, N_("not encrypted: for a copy that is to be looked into")},
	{"show", no_argument, NULL, 'S', NULL, NULL, N_("with key: print the recovery code of the backup key")},
	CLI_COMMON_LONGOPTS,
	{0}};

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	int status_only = 0, plain = 0, show = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_backup_opts)) != -1) {
		if (c == 'S') {
			show = 1;
			continue;
		}
		if (c == 's')
			status_only = 1;
		else if (c == 'p')
			plain = 1;
		else if (c != 'J')
			return cli_usage("backup");
	}
	/* "backup key --show": the one operand that is not a path */
	if (optind == argc - 1 && strcmp(argv[optind], "key") == 0)
		return show && !status_only && !plain ? backup_key_show(cli) : cli_usage("backup");
	if (show || (status_only ? optind != argc : optind != argc - 1))
		return cli_usage("backup");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (status_only)
		return backup_status(cli, d);
	/* A copy of everything, owners' data included, leaves the yard: as any
	 * change, only after a login where the yard requires one. */
	if (session_login_if_required(&cli->session) != 0)
		return cli_report(cli, &cli->session.err);
	struct backup_info info;
	int tty = isatty(STDERR_FILENO) && !cli->json;
	if (plain)
		fprintf(stderr, "%s\n",
			_("scrapyard: warning: a plain backup is not encrypted: whoever finds the stick can read every owner's name and ID number; keep it locked away"));
	int rc = backup_write_as(d, argv[optind], plain, &info, tty ? show_progress : NULL, NULL, &cli->err);
	if (tty)
		fputc('\n', stderr);
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	if (info.key_made)
		fprintf(stderr, "%s\n",
			_("scrapyard: a backup key was made for this yard: an admin shows its recovery code with 'scrapyard backup key --show' for the safe; without it no backup can be restored on another machine"));
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", info.path);
		cJSON_AddNumberToObject(o, "bytes", (double)info.bytes);
		cJSON_AddNumberToObject(o, "schema_version", info.schema_version);
		cJSON_AddStringToObject(o, "integrity", "ok");
		cJSON_AddBoolToObject(o, "encrypted", info.encrypted);
		cJSON_AddItemToObject(o, "counts", counts_to_json(&info.counts));
		cJSON *h = cJSON_AddObjectToObject(o, "audit_head");
		cJSON_AddNumberToObject(h, "entry", (double)info.head.entry);
		cJSON_AddStringToObject(h, "hash", info.head.hash);
		cJSON_AddItemToObject(o, "photos", photos_to_json(&info.photos, info.path));
		return cli_print_json(o);
	}
	char anchor[120];
	audit_head_text(&info.head, anchor, sizeof anchor);
	printf(info.encrypted ? _("backup written, encrypted and checked: %s (%.1f MB)\n")
			      : _("backup written and checked: %s (%.1f MB)\n"),
	       info.path, (double)info.bytes / (1024.0 * 1024.0));
	/* Kept on paper or elsewhere, it shows a trail rewritten or cut since. */
	printf(_("audit trail in the backup: %s (scrapyard audit verify --against BACKUP)\n"), anchor);
	if (info.photos.copied || info.photos.kept) {
		char *dir = backup_photo_dir(info.path);
		printf(_("photos: %ld copied, %ld already there, in %s\n"), info.photos.copied, info.photos.kept, dir);
		free(dir);
	}
	missing_photos(&info.photos, _("left out of the backup"));
	return 0;
}

/* Another yard's backup: the clerk at the terminal confirms; a script
 * says so with --other-yard. */
static int confirm_other_yard(void *ctx, const struct restore_info *ri)
{
	struct cli *cli = ctx;
	if (cli->confirm_other_yard)
		return 1;
	if (cli->json || !isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return 0;
	fprintf(stderr, _("The backup is of another yard: %s, licence %s (this one: licence %s). Its users and licence would replace this yard's. Restore it? [y/N] "),
		ri->backup_yard, ri->backup_licence, ri->live_licence);
	char answer[16] = "";
	if (!fgets(answer, sizeof answer, stdin))
		return 0;
	return answer[0] == 'y' || answer[0] == 'Y';
}

/* The current file, when the program cannot open it: one to replace (a
 * damaged file, a schema refused) or one to leave alone (locked by a
 * terminal, not readable, a read-only disk). */
static int replaceable(const char *path)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	sqlite3_close_v2(h);
	rc &= 0xff;
	return rc == SQLITE_OK || rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
}

static const struct cli_option cmd_restore_opts[] = {
	CLI_FLAG("other-yard", 'o'),
	{"key", required_argument, NULL, 'k', "CODE", NULL, N_("the recovery code of the yard's backup key (on a new machine)")},
	CLI_COMMON_LONGOPTS,
	{0}};

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	int c, rc;
	const char *code = NULL;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_restore_opts)) != -1) {
		if (c == 'o')
			cli->confirm_other_yard = 1;
		else if (c == 'k')
			code = optarg;
		else if (c != 'J')
			return cli_usage("restore");
	}
	if (optind != argc - 1)
		return cli_usage("restore");
	struct backup_key key;
	if (code && backup_key_from_code(code, &key, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	/* The current database need not open: a restore is how a broken one is mended. */
	sy_err open_err = {0};
	db *d = db_open(cli->session.db_path, DB_OPEN_CREATE, &open_err);
	if (d) {
		if (session_attach_db(&cli->session, d) != 0) {
			db_close(d);
			return cli_report(cli, &cli->session.err);
		}
		/* A restore replaces everything, users and require_login included. */
		if ((rc = cli_require_role(cli, "admin")))
			return rc;
	} else if (!replaceable(cli->session.db_path)) {
		return cli_report(cli, &open_err);
	} else {
		fprintf(stderr, _("scrapyard: the current database cannot be used (%s): it is kept aside as it is\n"), open_err.msg);
	}
	struct restore_info ri;
	struct restore_opts o = {confirm_other_yard, cli, code ? &key : NULL};
	rc = backup_restore(d, cli->session.db_path, argv[optind], &o, &ri, &cli->err);
	sodium_memzero(&key, sizeof key);
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	/* Reopen: the restored database as the program finds it from now on. */
	db_close(cli->session.db);
	cli->session.db = NULL;
	if (!cli_db(cli))
		return cli->err.status;
	struct photo_copy photos = {0};
	if (backup_record_restore(cli->session.db, argv[optind], &ri, &cli->err) != SY_OK ||
	    backup_restore_photos(cli->session.db, argv[optind], &photos, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "restored", argv[optind]);
		cJSON_AddStringToObject(o, "previous_kept_as", ri.aside);
		cJSON_AddStringToObject(o, "yard", ri.backup_yard);
		cJSON_AddStringToObject(o, "licence", ri.backup_licence);
		cJSON_AddBoolToObject(o, "other_yard", ri.other_yard);
		cJSON_AddBoolToObject(o, "encrypted", ri.encrypted);
		cJSON_AddBoolToObject(o, "key_saved", ri.key_saved);
		cJSON_AddItemToObject(o, "photos", photos_to_json(&photos, argv[optind]));
		return cli_print_json(o);
	}
	printf(_("restored %s; the previous database is kept as %s\n"), argv[optind], ri.aside);
	if (ri.key_saved) {
		char *kp = backup_key_path(cli->session.db_path);
		printf(_("the recovery code is this yard's backup key from now on: %s\n"), kp);
		free(kp);
	}
	if (photos.copied)
		printf(_("photos: %ld brought back\n"), photos.copied);
	missing_photos(&photos, _("not in the backup's photo folder"));
	return 0;
}

const struct command cmd_backup_command = {
	.name = "backup",
	.run = cmd_backup,
	.options = cmd_backup_opts,
	.operand = CLI_OPERAND_FILE,
	.summary = N_("Back up the database (to a USB stick), or show when it was last done"),
	.usage = N_("usage: scrapyard backup PATH [--plain] [--json]   (a file, or a folder on the stick; encrypted unless --plain)\n"
	    "       scrapyard backup --status [--json]\n"
	    "       scrapyard backup key --show [--json]      (admin: the recovery code of the backup key, for the safe)"),
};

const struct command cmd_restore_command = {
	.name = "restore",
	.run = cmd_restore,
	.options = cmd_restore_opts,
	.operand = CLI_OPERAND_FILE,
	.summary = N_("Replace the database with a backup, keeping the current one aside"),
	.usage = N_("usage: scrapyard restore PATH [--key CODE] [--other-yard] [--json]   (admin; --key: the recovery code, on a new machine; --other-yard: a backup of another licence)"),
};
