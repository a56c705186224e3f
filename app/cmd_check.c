/* scrapyard check KIND VALUE: check an identifier and print its normal form,
 * so scripts and clerks can test a value before it goes into a record. */
#include <getopt.h>
#include <string.h>
#include <time.h>

#include "app/cli.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/ident.h"

static int this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

static cJSON *valid_json(enum ident_kind kind, const char *value)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", ident_kind_name(kind));
	cJSON_AddStringToObject(o, "value", value);
	cJSON_AddBoolToObject(o, "valid", 1);
	if (kind == IDENT_PLATE) {
		enum ident_plate_kind pk;
		char plate[IDENT_PLATE_SIZE];
		if (ident_plate(value, plate, &pk, NULL) == SY_OK)
			cJSON_AddStringToObject(o, "plate_kind", ident_plate_kind_name(pk));
	} else if (kind == IDENT_VIN) {
		/* Codes repeat every 30 years: the latest year not after next year. */
		int year = ident_vin_model_year(value, this_year() + 1);
		if (year)
			cJSON_AddNumberToObject(o, "model_year", year);
	}
	return o;
}

/* Invalid with --json: the verdict on stdout, the reason on stderr as always. */
static int invalid_json(struct cli *cli, enum ident_kind kind, const sy_err *err)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", ident_kind_name(kind));
	cJSON_AddBoolToObject(o, "valid", 0);
	char line[sizeof err->msg + sizeof err->hint + 4];
	sy_err_line(err, line, sizeof line);
	cJSON_AddStringToObject(o, "error", line);
	cJSON_AddStringToObject(o, "field", err->field);
	cli_print_json(o);
	return cli_message(cli, err->status, "%s: %s", err->field, line);
}

static const struct cli_option cmd_check_opts[] = {CLI_COMMON_LONGOPTS, {0}};

int cmd_check(struct cli *cli, int argc, char **argv)
{
	char value[IDENT_MAX_SIZE];
	sy_err err;
	int c;

	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_check_opts)) != -1) {
		switch (c) {
		case 'J': cli->json = 1; break;
		default: return cli_usage("check");
		}
	}
	if (argc - optind != 2)
		return cli_usage("check");
	int kind = ident_parse_kind(argv[optind]);
	if (kind < 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("unknown kind of identifier '%s': use vin, id, uscc, plate or battery"),
				argv[optind]);
	int st = ident_check((enum ident_kind)kind, argv[optind + 1], value, sizeof value, &err);
	if (st != SY_OK)
		return cli->json ? invalid_json(cli, (enum ident_kind)kind, &err) : cli_report(cli, &err);
	if (cli->json)
		return cli_print_json(valid_json((enum ident_kind)kind, value));
	printf("%s\n", value);
	return 0;
}

const struct command cmd_check_command = {
	.name = "check",
	.run = cmd_check,
	.options = cmd_check_opts,
	.summary = N_("Check and normalise an identifier"),
	.usage = N_("usage: scrapyard check vin|id|uscc|plate|battery VALUE [--json]"),
};
