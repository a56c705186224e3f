/* scrapyard backup PATH | backup --status, and scrapyard restore PATH. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/commands.h"
#include "db/backup.h"
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

int cmd_backup(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"status", no_argument, NULL, 's'}, CLI_COMMON_LONGOPTS, {0}};
	int status_only = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			status_only = 1;
		else if (c != 'J')
			return cli_usage("backup");
	}
	if (status_only ? optind != argc : optind != argc - 1)
		return cli_usage("backup");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (status_only)
		return backup_status(cli, d);
	struct backup_info info;
	int tty = isatty(STDERR_FILENO) && !cli->json;
	int rc = backup_write(d, argv[optind], &info, tty ? show_progress : NULL, NULL, &cli->err);
	if (tty)
		fputc('\n', stderr);
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", info.path);
		cJSON_AddNumberToObject(o, "bytes", (double)info.bytes);
		cJSON_AddNumberToObject(o, "schema_version", info.schema_version);
		cJSON_AddStringToObject(o, "integrity", "ok");
		cJSON_AddItemToObject(o, "counts", counts_to_json(&info.counts));
		cJSON_AddItemToObject(o, "photos", photos_to_json(&info.photos, info.path));
		return cli_print_json(o);
	}
	printf(_("backup written and checked: %s (%.1f MB)\n"), info.path, (double)info.bytes / (1024.0 * 1024.0));
	if (info.photos.copied || info.photos.kept) {
		char *dir = backup_photo_dir(info.path);
		printf(_("photos: %ld copied, %ld already there, in %s\n"), info.photos.copied, info.photos.kept, dir);
		free(dir);
	}
	missing_photos(&info.photos, _("left out of the backup"));
	return 0;
}

int cmd_restore(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_LONGOPTS, {0}};
	int c, rc;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (c != 'J')
			return cli_usage("restore");
	if (optind != argc - 1)
		return cli_usage("restore");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	/* A restore replaces everything, users and require_login included. */
	if ((rc = cli_require_role(cli, "admin")))
		return rc;
	char aside[4096];
	struct photo_copy photos = {0};
	if (backup_restore(d, argv[optind], aside, sizeof aside, &photos, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	/* Reopen: an older backup is upgraded to this program's schema. */
	db_close(cli->db);
	cli->db = NULL;
	if (!cli_db(cli))
		return cli->err.status;
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "restored", argv[optind]);
		cJSON_AddStringToObject(o, "previous_kept_as", aside);
		cJSON_AddItemToObject(o, "photos", photos_to_json(&photos, argv[optind]));
		return cli_print_json(o);
	}
	printf(_("restored %s; the previous database is kept as %s\n"), argv[optind], aside);
	if (photos.copied)
		printf(_("photos: %ld brought back\n"), photos.copied);
	missing_photos(&photos, _("not in the backup's photo folder"));
	return 0;
}
