/* scrapyard sync [--verify] | sync status, and scrapyard server init|migrate|add-yard:
 * the yard and the group's head office (docs/sync.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/sync.h"
#include "db/sync_server.h"

static const char *const ref_labels[SYNC_REF_COUNT] = {N_("part kinds"), N_("buyers"), N_("emission factors"),
						       N_("waste codes"), N_("users")};

static void show_progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	if (total > 0)
		fprintf(stderr, _("\rsending to the head office: %lld of %lld changes"), (long long)done, (long long)total);
}

static cJSON *result_json(const struct sync_result *r)
{
	cJSON *o = cJSON_CreateObject(), *pulled = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "yard_id", r->yard_id);
	cJSON_AddStringToObject(o, "yard", r->yard_name);
	cJSON_AddBoolToObject(o, "first_push", r->first_push);
	cJSON_AddNumberToObject(o, "changes", (double)r->changes);
	cJSON_AddNumberToObject(o, "rows", (double)r->rows);
	cJSON_AddNumberToObject(o, "batches", r->batches);
	cJSON_AddNumberToObject(o, "pushed_seq", (double)r->pushed_seq);
	for (int t = 0; t < SYNC_REF_COUNT; t++)
		cJSON_AddNumberToObject(pulled, sync_ref_names[t], r->pulled[t]);
	cJSON_AddItemToObject(o, "pulled", pulled);
	cJSON_AddNumberToObject(o, "pulled_total", r->pulled_total);
	cJSON_AddNumberToObject(o, "pulled_version", (double)r->pulled_version);
	cJSON_AddStringToObject(o, "at", r->at);
	return o;
}

static void print_result(const struct sync_result *r)
{
	printf(_("head office: yard %d, %s\n"), r->yard_id, r->yard_name);
	if (r->first_push)
		printf(_("first synchronisation: every record of this yard was sent (%lld rows)\n"), (long long)r->rows);
	if (r->changes)
		printf(_("sent %lld changes (%lld rows) in %d batches; the head office has this yard up to change #%lld\n"),
		       (long long)r->changes, (long long)r->rows, r->batches, (long long)r->pushed_seq);
	else if (!r->first_push)
		printf(_("nothing was waiting to be sent; the head office has this yard up to change #%lld\n"),
		       (long long)r->pushed_seq);
	if (r->pulled_total == 0) {
		printf("%s\n", _("no new reference data from the head office"));
	} else {
		printf("%s", _("received from the head office:"));
		int first = 1;
		for (int t = 0; t < SYNC_REF_COUNT; t++)
			if (r->pulled[t]) {
				printf("%s %d %s", first ? "" : ",", r->pulled[t], _(ref_labels[t]));
				first = 0;
			}
		printf("\n");
	}
	printf(_("synchronised at %s\n"), r->at);
}

static int sync_status_cmd(struct cli *cli, db *d)
{
	struct sync_status s;
	sync_status_get(d, &s, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "enabled", s.enabled);
		cJSON_AddStringToObject(o, "url", s.url);
		cJSON_AddNumberToObject(o, "yard_id", s.yard_id);
		cJSON_AddStringToObject(o, "yard", s.yard_name);
		if (*s.last_success)
			cJSON_AddStringToObject(o, "last_success", s.last_success);
		else
			cJSON_AddNullToObject(o, "last_success");
		cJSON_AddStringToObject(o, "last_attempt", s.last_attempt);
		cJSON_AddStringToObject(o, "last_error", s.last_error);
		cJSON_AddNumberToObject(o, "pushed_seq", (double)s.pushed_seq);
		cJSON_AddNumberToObject(o, "waiting", (double)s.waiting);
		cJSON_AddStringToObject(o, "waiting_since", s.waiting_since);
		cJSON_AddNumberToObject(o, "pulled_version", (double)s.pulled_version);
		return cli_print_json(o);
	}
	if (!s.enabled) {
		printf("%s\n", _("this yard has never synchronised with a head office (scrapyard sync --url URL)"));
		return 0;
	}
	printf(_("head office: %s (yard %d, %s)\n"), s.url, s.yard_id, s.yard_name);
	printf(_("last synchronised: %s\n"), *s.last_success ? s.last_success : _("never"));
	if (s.waiting)
		printf(_("waiting to be sent: %lld changes, the oldest from %s\n"), (long long)s.waiting, s.waiting_since);
	else
		printf("%s\n", _("nothing waiting to be sent"));
	if (*s.last_error)
		printf(_("the last attempt, at %s, failed: %s\n"), s.last_attempt, s.last_error);
	return 0;
}

static int sync_verify_cmd(struct cli *cli, db *d, const char *url)
{
	struct sync_check checks[16];
	int n = 0, equal = 0;
	int64_t waiting = 0;
	if (sync_verify(d, url, checks, 16, &n, &waiting, &equal, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject(), *tables = cJSON_AddArrayToObject(o, "tables");
		for (int i = 0; i < n; i++) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddStringToObject(t, "table", checks[i].table);
			cJSON_AddNumberToObject(t, "local_rows", (double)checks[i].local_rows);
			cJSON_AddNumberToObject(t, "server_rows", (double)checks[i].server_rows);
			cJSON_AddStringToObject(t, "local_hash", checks[i].local_hash);
			cJSON_AddStringToObject(t, "server_hash", checks[i].server_hash);
			cJSON_AddBoolToObject(t, "equal", checks[i].local_rows == checks[i].server_rows &&
							    strcmp(checks[i].local_hash, checks[i].server_hash) == 0);
			cJSON_AddItemToArray(tables, t);
		}
		cJSON_AddNumberToObject(o, "waiting", (double)waiting);
		cJSON_AddBoolToObject(o, "equal", equal);
		cli_print_json(o);
		return equal ? CLI_EXIT_OK : CLI_EXIT_INVALID;
	}
	cmdutil_cell(_("table"), 15);
	cmdutil_cell(_("here"), 11);
	cmdutil_cell(_("office"), 12);
	cmdutil_cell(_("hash here"), 17);
	printf("%s\n", _("hash office"));
	for (int i = 0; i < n; i++) {
		int same = checks[i].local_rows == checks[i].server_rows && strcmp(checks[i].local_hash, checks[i].server_hash) == 0;
		printf("%-14s %-10lld %-10lld  %.16s %.16s  %s\n", checks[i].table, (long long)checks[i].local_rows,
		       (long long)checks[i].server_rows, checks[i].local_hash, checks[i].server_hash, same ? _("equal") : _("DIFFERENT"));
	}
	if (waiting)
		printf(_("%lld changes are still waiting to be sent: run 'scrapyard sync', then verify again\n"), (long long)waiting);
	printf("%s\n", equal ? _("the head office holds exactly this yard's records")
			     : _("the head office's copy differs from this yard's records"));
	return equal ? CLI_EXIT_OK : CLI_EXIT_INVALID;
}

enum { O_URL = 1, O_VERIFY, O_LICENCE, O_NAME, O_ROLE };

static const struct cli_option cmd_sync_opts[] = {
	CLI_ARG("url", O_URL), CLI_FLAG("verify", O_VERIFY), CLI_COMMON_LONGOPTS, {0}};

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	const char *url = NULL;
	int verify = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_sync_opts)) != -1) {
		switch (c) {
		case O_URL: url = optarg; break;
		case O_VERIFY: verify = 1; break;
		case 'J': break;
		default: return cli_usage("sync");
		}
	}
	int status = optind < argc && strcmp(argv[optind], "status") == 0;
	if (optind + status != argc || (status && (verify || url)))
		return cli_usage("sync");
	if (url && pg_check_url(url, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (status)
		return sync_status_cmd(cli, d);
	if (verify)
		return sync_verify_cmd(cli, d, url);
	int tty = isatty(STDERR_FILENO) && !cli->json;
	struct sync_result r;
	int rc = sync_run(d, url, tty ? show_progress : NULL, NULL, &r, &cli->err);
	if (tty && r.changes)
		fputc('\n', stderr);
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(result_json(&r));
	print_result(&r);
	return 0;
}

/* ---- server ---- */

static const struct cli_option cmd_server_opts[] = {
	CLI_ARG("url", O_URL), CLI_ARG("licence", O_LICENCE), CLI_ARG("name", O_NAME), CLI_ARG("role", O_ROLE),
	CLI_COMMON_LONGOPTS, {0}};

/* argv[0] is the subcommand: init, migrate or add-yard. */
static int server_cmd(struct cli *cli, int argc, char **argv)
{
	const char *url = NULL, *licence = NULL, *name = NULL, *role = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_server_opts)) != -1) {
		switch (c) {
		case O_URL: url = optarg; break;
		case O_LICENCE: licence = optarg; break;
		case O_NAME: name = optarg; break;
		case O_ROLE: role = optarg; break;
		case 'J': break;
		default: return cli_usage("server");
		}
	}
	if (optind != argc)
		return cli_usage("server");
	const char *what = argv[0];
	if (!url)
		return cli_fail(cli, CLI_EXIT_INVALID, _("give the head office database with --url (the login in pg_service.conf or ~/.pgpass)"));
	cJSON *o = cli->json ? cJSON_CreateObject() : NULL;
	int rc;
	if (strcmp(what, "init") == 0) {
		int version = 0;
		rc = server_init(url, &version, &cli->err);
		if (rc == SY_OK && o)
			cJSON_AddNumberToObject(o, "version", version);
		else if (rc == SY_OK)
			printf(_("head office schema created (version %d)\n"), version);
	} else if (strcmp(what, "migrate") == 0) {
		int from = 0, to = 0;
		rc = server_migrate(url, &from, &to, &cli->err);
		if (rc == SY_OK && o) {
			cJSON_AddNumberToObject(o, "from", from);
			cJSON_AddNumberToObject(o, "version", to);
		} else if (rc == SY_OK && from == to) {
			printf(_("head office schema is up to date (version %d)\n"), to);
		} else if (rc == SY_OK) {
			printf(_("head office schema migrated from version %d to %d\n"), from, to);
		}
	} else if (strcmp(what, "add-yard") == 0) {
		if (!licence || !name || !role) {
			cJSON_Delete(o);
			return cli_fail(cli, CLI_EXIT_INVALID, _("server add-yard needs --licence NUMBER --name NAME --role LOGIN"));
		}
		int id = 0;
		rc = server_add_yard(url, licence, name, role, &id, &cli->err);
		if (rc == SY_OK && o) {
			cJSON_AddNumberToObject(o, "yard_id", id);
			cJSON_AddStringToObject(o, "role", role);
		} else if (rc == SY_OK) {
			printf(_("yard %d: %s, licence %s, logs in as %s (set its password with psql \\password %s)\n"), id, name,
			       licence, role, role);
		}
	} else {
		cJSON_Delete(o);
		return cli_usage("server");
	}
	return cmdutil_json_done(cli, rc, o);
}

static const struct subcommand server_subs[] = {
	{"init", server_cmd, .options = cmd_server_opts},
	{"migrate", server_cmd, .options = cmd_server_opts},
	{"add-yard", server_cmd, .options = cmd_server_opts},
	{0},
};

const struct command cmd_sync_command = {
	.name = "sync",
	.run = cmd_sync,
	.options = cmd_sync_opts,
	.summary = N_("Synchronise with the group's head office: send this yard's changes, receive the shared reference data"),
	.usage = N_("usage: scrapyard sync [--url URL] [--json]   (URL: e.g. service=headoffice; the login in pg_service.conf or ~/.pgpass)\n"
	    "       scrapyard sync --verify [--url URL] [--json]   (row counts and content hashes, here and at the head office)\n"
	    "       scrapyard sync status [--json]   (last success, what is waiting)"),
};

const struct command cmd_server_command = {
	.name = "server",
	.subs = server_subs,
	.summary = N_("The head office's PostgreSQL database: create, migrate, register yards"),
	.usage = N_("usage: scrapyard server init --url URL [--json]\n"
	    "       scrapyard server migrate --url URL [--json]\n"
	    "       scrapyard server add-yard --url URL --licence NUMBER --name NAME --role LOGIN [--json]"),
};
