/* scrapyard devices [--all]: the counter this session works at, and the
 * label printer, scale, ID card reader and A4 printer it uses, with where each choice
 * comes from; --all lists every counter's and user's choices. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "app/devices.h"
#include "base/i18n.h"
#include "base/util.h"

#define NAME_CELLS 16

static const char *kind_title(enum device_kind kind)
{
	return kind == DEVICE_PRINTER ? _("Label printer")
	       : kind == DEVICE_SCALE ? _("Scale")
	       : kind == DEVICE_A4    ? _("A4 printer")
				      : _("ID card reader");
}

/* What the session uses when nothing is chosen. */
static const char *unchosen(enum device_kind kind)
{
	return kind == DEVICE_PRINTER ? _("the first label printer found on USB")
	       : kind == DEVICE_SCALE ? _("the only scale plugged in")
	       : kind == DEVICE_A4    ? _("the CUPS default printer")
				      : _("the only USB-serial bridge that is not the scale's");
}

static void one_device(struct cli *cli, db *d, enum device_kind kind, cJSON *arr)
{
	char value[320], where[160];
	enum device_scope scope;
	int env;
	int chosen = devices_current(&cli->session, kind, value, sizeof value, &scope, &env);
	const char *who = device_scope_who(d, scope);
	if (env)
		snprintf(where, sizeof where, "%s", devices_env(kind));
	else
		devices_scope_text(scope, who, where, sizeof where);
	char *lang = kind == DEVICE_PRINTER && !env ? device_setting(d, "label.language") : NULL;
	if (arr) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "device", device_kind_name(kind));
		cJSON_AddStringToObject(o, "value", value);
		cJSON_AddBoolToObject(o, "chosen", chosen);
		cJSON_AddStringToObject(o, "from", env ? "environment" : device_scope_name(scope));
		if (!env && scope != DEVICE_YARD)
			cJSON_AddStringToObject(o, "name", who);
		if (lang && *lang)
			cJSON_AddStringToObject(o, "language", lang);
		cJSON_AddItemToArray(arr, o);
	} else {
		cmdutil_cell(kind_title(kind), NAME_CELLS);
		if (!chosen || !*value)
			printf("%s", unchosen(kind));
		else
			printf("%s%s%s%s", value, lang && *lang ? " (" : "", lang && *lang ? lang : "", lang && *lang ? ")" : "");
		printf("  [%s]\n", chosen ? where : _("none chosen"));
	}
	free(lang);
}

struct all_ctx {
	cJSON *arr;
	int rows;
};

static int all_row(enum device_scope scope, const char *name, const char *key, const char *value, const char *by,
		   const char *at, void *p)
{
	struct all_ctx *c = p;
	char where[160];
	c->rows++;
	if (c->arr) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "scope", device_scope_name(scope));
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddStringToObject(o, "key", key);
		cJSON_AddStringToObject(o, "value", value);
		cJSON_AddStringToObject(o, "updated_by", by);
		cJSON_AddStringToObject(o, "updated_at", at);
		cJSON_AddItemToArray(c->arr, o);
		return 0;
	}
	devices_scope_text(scope, name, where, sizeof where);
	printf("%-24s %-18s %-30s %s %s\n", where, key, value, at, by);
	return 0;
}

static const struct cli_option cmd_devices_opts[] = {CLI_FLAG("all", 'a'), CLI_COMMON_LONGOPTS, {0}};

int cmd_devices(struct cli *cli, int argc, char **argv)
{
	int c, all = 0;
	cli_getopt_reset();
	opterr = 0;
	while ((c = cli_getopt(argc, argv, "", cmd_devices_opts)) != -1) {
		if (c == 'a')
			all = 1;
		else if (c != 'J')
			return cli_usage("devices");
	}
	if (optind < argc)
		return cli_usage("devices");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (all) {
		struct all_ctx ctx = {cli->json ? cJSON_CreateArray() : NULL, 0};
		int rc = device_choice_each(d, all_row, &ctx, &cli->err);
		if (rc != SY_OK || ctx.arr)
			return cmdutil_json_done(cli, rc, ctx.arr);
		if (!ctx.rows)
			printf("%s\n", _("no counter or user has chosen devices of its own: every counter uses the yard's"));
		return 0;
	}
	enum counter_source source;
	char counter[DEVICE_NAME_MAX + 1];
	devices_counter(counter, sizeof counter, &source, NULL);
	cJSON *doc = cli->json ? cJSON_CreateObject() : NULL, *arr = NULL;
	if (doc) {
		cJSON_AddStringToObject(doc, "counter", db_counter(d));
		cJSON_AddStringToObject(doc, "user", db_user_name(d));
		arr = cJSON_AddArrayToObject(doc, "devices");
	} else {
		printf(_("Counter %s (named by %s), user %s\n"), db_counter(d), devices_counter_source(source), db_user_name(d));
	}
	for (int k = 0; k < DEVICE_KIND_COUNT; k++)
		one_device(cli, d, (enum device_kind)k, arr);
	return doc ? cli_print_json(doc) : 0;
}

const struct command cmd_devices_command = {
	.name = "devices",
	.run = cmd_devices,
	.options = cmd_devices_opts,
	.summary = N_("The counter this session works at and the devices it uses"),
	.usage = N_("usage: scrapyard devices [--json]   (the label printer, scale and ID card reader, and where each choice comes from)\n"
	    "       scrapyard devices --all [--json]   (every counter's and user's choices)"),
};
