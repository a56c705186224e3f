/* scrapyard export --out DIR: what the national systems ask for, new or
 * changed since the last export, as CSV and JSON files in a new folder. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/commands.h"
#include "db/db.h"
#include "db/export.h"
#include "base/i18n.h"

static cJSON *result_json(const struct export_result *r)
{
	cJSON *o = cJSON_CreateObject();
	if (r->export_id) {
		cJSON_AddNumberToObject(o, "export_id", (double)r->export_id);
		cJSON_AddStringToObject(o, "folder", r->folder);
	} else {
		cJSON_AddNullToObject(o, "export_id");
	}
	cJSON *counts = cJSON_AddObjectToObject(o, "records");
	for (int e = 0; e < EXPORT_COUNT; e++)
		cJSON_AddNumberToObject(counts, export_entity_names[e], r->counts[e]);
	cJSON_AddNumberToObject(o, "total", r->total);
	cJSON_AddNumberToObject(o, "photos_missing", r->photos_missing);
	if (r->previous_id)
		cJSON_AddNumberToObject(o, "previous_export_id", (double)r->previous_id);
	return o;
}

/* Photos whose file is missing or changed go out once it is restored. */
static void missing_photos(const struct export_result *r)
{
	if (r->photos_missing)
		fprintf(stderr, _("scrapyard: warning: %d photos were left out: their files are missing or changed ('scrapyard audit verify' names them)\n"),
			r->photos_missing);
}

static const struct cli_option cmd_export_opts[] = {CLI_ARG("out", 'o'), CLI_COMMON_LONGOPTS, {0}};

int cmd_export(struct cli *cli, int argc, char **argv)
{
	const char *out = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_export_opts)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c != 'J')
			return cli_usage("export");
	}
	if (!out || optind != argc)
		return cli_usage("export");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct export_result r;
	if (export_run(d, out, &r, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(result_json(&r));
	if (!r.export_id) {
		missing_photos(&r);
		if (r.previous_id)
			printf(_("nothing new or changed since export %lld of %s: no folder written\n"), (long long)r.previous_id,
			       r.previous_at);
		else
			printf("%s\n", _("nothing to export yet"));
		return 0;
	}
	printf(_("export %lld written to %s\n"), (long long)r.export_id, r.folder);
	printf(_("  vehicles %d, certificates %d, five major assemblies %d, traction batteries %d\n"),
	       r.counts[EXPORT_VEHICLES], r.counts[EXPORT_CERTIFICATES], r.counts[EXPORT_ASSEMBLIES],
	       r.counts[EXPORT_BATTERIES]);
	printf(_("  battery traceability reports: vehicle scrapped %d, pack out of the yard %d; photos %d\n"),
	       r.counts[EXPORT_BATTERY_SCRAPPED], r.counts[EXPORT_BATTERY_OUTBOUND], r.counts[EXPORT_PHOTOS]);
	missing_photos(&r);
	return 0;
}

const struct command cmd_export_command = {
	.name = "export",
	.run = cmd_export,
	.options = cmd_export_opts,
	.summary = N_("Export new and changed records for upload to the national systems"),
	.usage = N_("usage: scrapyard export --out DIR [--json]   (CSV and JSON files in a new folder under DIR)"),
};
