/* scrapyard maintain: merge the search indexes, refresh statistics,
 * checkpoint. Safe while clerks work: short write transactions. */
#include <getopt.h>

#include "app/cli.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/maintain.h"

int cmd_maintain(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind < argc)
		return cli_usage("maintain");
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
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
	.summary = N_("Merge the search indexes and tidy the database (nightly, or after a big import)"),
	.usage = N_("usage: scrapyard maintain [--json]"),
};
