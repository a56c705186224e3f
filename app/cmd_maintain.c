/* scrapyard maintain: merge the search indexes, refresh statistics,
 * checkpoint. Safe while clerks work: short write transactions. With
 * --purge-personal-data: the owners' personal data past the yard's
 * retention period, listed (a dry run, the default) or erased (--yes). */
#include <getopt.h>
#include <stdio.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/maintain.h"
#include "db/personal.h"

struct due_list {
	cJSON *array;
	int n, old_entries;
};

static int due_row(const struct personal_due *p, void *ctx)
{
	struct due_list *l = ctx;
	l->n++;
	l->old_entries += p->old_entries;
	if (l->array) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "stock_no", p->stock_no);
		cJSON_AddStringToObject(o, "certificate", p->certificate);
		cJSON_AddStringToObject(o, "issued", p->issued);
		cJSON_AddStringToObject(o, "fields", p->fields);
		cJSON_AddNumberToObject(o, "certificate_snapshots", p->certificates);
		cJSON_AddNumberToObject(o, "old_audit_entries", p->old_entries);
		cJSON_AddItemToArray(l->array, o);
		return 0;
	}
	printf(_("%s  certificate %s of %s: %s; %d certificate snapshot(s)\n"), p->stock_no, p->certificate, p->issued,
	       p->fields, p->certificates);
	return 0;
}

/* What is left that the purge cannot take: entries of the trail written
 * before the trail held commitments. */
static void note_old_entries(int n)
{
	if (n)
		printf(_("%d audit entries written before personal data was kept apart (schema step 17) still hold these values: the hash chain is not rewritten, so they stay until the trail itself is retired (docs/reliability.md)\n"),
		       n);
}

static int purge_cmd(struct cli *cli, db *d, int yes)
{
	int years = personal_retention_years(d);
	if (!yes) {
		struct due_list l = {.array = cli->json ? cJSON_CreateArray() : NULL};
		if (personal_due_list(d, years, due_row, &l, &cli->err) != SY_OK) {
			cJSON_Delete(l.array);
			return cli_report(cli, &cli->err);
		}
		if (cli->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddBoolToObject(o, "dry_run", 1);
			cJSON_AddNumberToObject(o, "years", years);
			cJSON_AddItemToObject(o, "vehicles", l.array);
			cJSON_AddNumberToObject(o, "old_audit_entries", l.old_entries);
			return cli_print_json(o);
		}
		printf(_("dry run: personal data of %d closed vehicles certified more than %d years ago would be erased (owner and agent: names, ID numbers, phone, address, postal code); records, numbers and ledgers stay\n"),
		       l.n, years);
		note_old_entries(l.old_entries);
		if (l.n)
			printf("%s\n", _("to erase it: scrapyard maintain --purge-personal-data --yes"));
		return 0;
	}
	int rc = cli_require_role(cli, "supervisor");
	if (rc)
		return rc;
	struct personal_purge_info info;
	if (personal_purge(d, years, &info, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	int64_t waiting = 0;
	db_int64(d, NULL, &waiting, "SELECT count(*) FROM sync_outbox", NULL);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "dry_run", 0);
		cJSON_AddNumberToObject(o, "years", years);
		cJSON_AddNumberToObject(o, "vehicles", info.vehicles);
		cJSON_AddNumberToObject(o, "certificate_snapshots", info.certificates);
		cJSON_AddNumberToObject(o, "old_audit_entries", info.old_entries);
		cJSON_AddNumberToObject(o, "changes_for_head_office", (double)waiting);
		return cli_print_json(o);
	}
	printf(_("personal data of %d vehicles erased, %d certificate snapshots emptied; the file vacuumed and its write-ahead log emptied\n"),
	       info.vehicles, info.certificates);
	note_old_entries(info.old_entries);
	if (waiting)
		printf(_("the erasure goes to the head office with the next sync; until then its %lld waiting changes hold the old values: after 'scrapyard sync', run this again to clear them from the file\n"),
		       (long long)waiting);
	return 0;
}

static const struct cli_option cmd_maintain_opts[] = {
	{"purge-personal-data", no_argument, NULL, 'p', NULL, NULL,
	 N_("erase owners' personal data kept longer than personal_data_years (supervisor)")},
	{"dry-run", no_argument, NULL, 'n', NULL, NULL, N_("with --purge-personal-data: only list what it would erase (the default)")},
	{"yes", no_argument, NULL, 'y', NULL, NULL, N_("with --purge-personal-data: erase it")},
	CLI_COMMON_LONGOPTS,
	{0}};

int cmd_maintain(struct cli *cli, int argc, char **argv)
{
	int c, purge = 0, dry = 0, yes = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_maintain_opts)) != -1) {
		if (c == 'p')
			purge = 1;
		else if (c == 'n')
			dry = 1;
		else if (c == 'y')
			yes = 1;
		else if (c != 'J')
			return cli_usage("maintain");
	}
	if (optind < argc)
		return cli_usage("maintain");
	if ((dry || yes) && !purge)
		return cli_fail(cli, CLI_EXIT_INVALID, _("--dry-run and --yes go with --purge-personal-data"));
	if (dry && yes)
		return cli_fail(cli, CLI_EXIT_INVALID, _("--dry-run or --yes, not both: without --yes the purge only lists what it would erase"));
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (purge)
		return purge_cmd(cli, d, yes);
	struct maintain_info info;
	if (maintain_run(d, &info, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject(), *ix = cJSON_AddArrayToObject(o, "indexes");
		for (int i = 0; i < info.n; i++) {
			cJSON *one = cJSON_CreateObject();
			cJSON_AddStringToObject(one, "name", info.index[i].name);
			cJSON_AddNumberToObject(one, "segments_before", info.index[i].segments_before);
			cJSON_AddNumberToObject(one, "segments_after", info.index[i].segments_after);
			/* each step its own transaction: how long the longest held the lock */
			cJSON_AddNumberToObject(one, "steps", info.index[i].steps);
			cJSON_AddNumberToObject(one, "longest_step_ms", 1e3 * info.index[i].longest_step);
			cJSON_AddItemToArray(ix, one);
		}
		cJSON_AddNumberToObject(o, "seconds", info.seconds);
		return cli_print_json(o);
	}
	for (int i = 0; i < info.n; i++)
		printf(_("search index %s: %d segments, now %d\n"), info.index[i].name, info.index[i].segments_before,
		       info.index[i].segments_after);
	printf(_("done in %.1f s\n"), info.seconds);
	return 0;
}

const struct command cmd_maintain_command = {
	.name = "maintain",
	.run = cmd_maintain,
	.options = cmd_maintain_opts,
	.summary = N_("Merge the search indexes and tidy the database (nightly, or after a big import)"),
	.usage = N_("usage: scrapyard maintain [--json]\n"
	    "       scrapyard maintain --purge-personal-data [--dry-run | --yes] [--json]   (erase owners' personal data past its retention; a dry run unless --yes; supervisor)"),
};
