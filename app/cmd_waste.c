/* scrapyard waste: the hazardous waste ledger (HJ 1259): generation, entry
 * into store, exit to a licensed handler, the ledger, stock and codes. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/party.h"
#include "base/util.h"
#include "db/waste.h"

enum {
	O_CODE = 256, O_QTY, O_UNIT, O_CONTAINER, O_CTYPE, O_CONTAINERS, O_VEHICLE, O_FACILITY, O_DEST, O_NOTES,
	O_LOCATION, O_HANDLER, O_MANIFEST, O_DATE, O_STATE, O_SINCE, O_UNTIL, O_LIMIT, O_LEDGER, O_ADD, O_CATEGORY,
	O_EN, O_ZH, O_FORM, O_HAZARD, O_COMPONENTS, O_HAZARDOUS, O_PRECAUTIONS,
};

static void print_waste(const struct waste *w)
{
	char num[32];
	cmdutil_cell(w->container_code, 16);
	printf("%-11s %-5s ", w->code, w->category);
	cmdutil_cell(waste_name(w), 34);
	printf("%10s %-3s ", cmdutil_num(w->qty, num), w->unit);
	cmdutil_cell(code_label(waste_states, w->state), 10);
	printf("%.16s", w->generated_at);
	if (*w->shipped_at)
		printf("  -> %s %s", w->handler_name, w->manifest_no);
	putchar('\n');
}

static int show_waste(struct cli *cli, const struct waste *w)
{
	if (cli->json)
		return cli_print_json(waste_to_json(w));
	print_waste(w);
	return 0;
}

static int out_waste(struct cli *cli, db *d, const char *container)
{
	struct waste w;
	if (waste_find(d, container, &w, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return show_waste(cli, &w);
}

static const struct cli_option waste_add_opts[] = {
	CLI_ARG("code", O_CODE), CLI_ARG("qty", O_QTY),
	CLI_ENUM("unit", O_UNIT, "kg|l|t|pcs"), CLI_ARG("container", O_CONTAINER),
	CLI_ARG("container-type", O_CTYPE), CLI_ARG("containers", O_CONTAINERS),
	CLI_ARG("vehicle", O_VEHICLE), CLI_ARG("facility", O_FACILITY),
	CLI_ARG("destination", O_DEST), CLI_ARG("notes", O_NOTES),
	CLI_COMMON_LONGOPTS, {0}};

static int waste_add_cmd(struct cli *cli, int argc, char **argv)
{
	struct waste_input in = {0};
	const char *vehicle = NULL;
	int c, has_qty = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", waste_add_opts)) != -1) {
		switch (c) {
		case O_CODE: in.code = optarg; break;
		case O_QTY:
			if (cmdutil_number(cli, optarg, "qty", &in.qty) != 0)
				return cli->err.status;
			has_qty = 1;
			break;
		case O_UNIT: in.unit = optarg; break;
		case O_CONTAINER: in.container = optarg; break;
		case O_CTYPE: in.container_type = optarg; break;
		case O_CONTAINERS:
			if (cmdutil_int(cli, optarg, "containers", 1, 1000, &in.containers) != 0)
				return cli->err.status;
			break;
		case O_VEHICLE: vehicle = optarg; break;
		case O_FACILITY: in.facility_code = optarg; break;
		case O_DEST: in.destination = optarg; break;
		case O_NOTES: in.notes = optarg; break;
		case 'J': break;
		default: return cli_usage("waste");
		}
	}
	if (optind != argc || !in.code || !has_qty)
		return cli_usage("waste");
	db *d = cli_db(cli);
	if (!d || cmdutil_vehicle_id(cli, d, vehicle, &in.vehicle_id) != 0)
		return cli->err.status;
	struct waste w;
	if (waste_add(d, &in, &w, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return show_waste(cli, &w);
}

static const struct cli_option waste_store_opts[] = {CLI_ARG("location", O_LOCATION), CLI_COMMON_LONGOPTS, {0}};

static int waste_store_cmd(struct cli *cli, int argc, char **argv)
{
	const char *location = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", waste_store_opts)) != -1) {
		if (c == O_LOCATION)
			location = optarg;
		else if (c != 'J')
			return cli_usage("waste");
	}
	if (optind != argc - 1)
		return cli_usage("waste");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (waste_store(d, argv[optind], location, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return out_waste(cli, d, argv[optind]);
}

static const struct cli_option waste_ship_opts[] = {
	CLI_ARG("handler", O_HANDLER), CLI_ARG("manifest", O_MANIFEST),
	CLI_ARG("date", O_DATE), CLI_ARG("destination", O_DEST),
	CLI_COMMON_LONGOPTS, {0}};

static int waste_ship_cmd(struct cli *cli, int argc, char **argv)
{
	struct waste_exit x = {0};
	const char *handler = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", waste_ship_opts)) != -1) {
		switch (c) {
		case O_HANDLER: handler = optarg; break;
		case O_MANIFEST: x.manifest_no = optarg; break;
		case O_DATE:
			if (cmdutil_date(cli, optarg, "date", &x.date) != 0)
				return cli->err.status;
			break;
		case O_DEST: x.destination = optarg; break;
		case 'J': break;
		default: return cli_usage("waste");
		}
	}
	if (optind >= argc || !handler)
		return cli_usage("waste");
	db *d = cli_db(cli);
	struct party h;
	if (!d || cmdutil_party(cli, d, handler, NULL, NULL, NULL, &h) != 0)
		return cli->err.status;
	x.handler_id = h.id;
	if (waste_ship(d, (const char *const *)argv + optind, argc - optind, &x, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (!cli->json) {
		for (int i = optind; i < argc; i++)
			out_waste(cli, d, argv[i]);
		return 0;
	}
	cJSON *a = cJSON_CreateArray();
	for (int i = optind; i < argc; i++) {
		struct waste w;
		if (waste_find(d, argv[i], &w, &cli->err) == SY_OK)
			cJSON_AddItemToArray(a, waste_to_json(&w));
	}
	return cli_print_json(a);
}

static int list_row(const struct waste *w, void *ctx)
{
	if (ctx)
		cJSON_AddItemToArray(ctx, waste_to_json(w));
	else
		print_waste(w);
	return 0;
}

static const struct cli_option waste_list_opts[] = {
	CLI_ENUM("state", O_STATE, "open|stored|shipped"), CLI_ARG("code", O_CODE),
	CLI_ARG("since", O_SINCE), CLI_ARG("until", O_UNTIL),
	CLI_ARG("vehicle", O_VEHICLE), CLI_ARG("limit", O_LIMIT),
	CLI_FLAG("ledger", O_LEDGER), CLI_COMMON_LONGOPTS, {0}};

static int waste_list_cmd(struct cli *cli, int argc, char **argv)
{
	struct waste_filter f = {0};
	const char *vehicle = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", waste_list_opts)) != -1) {
		switch (c) {
		case O_STATE: f.state = optarg; break;
		case O_CODE: f.code = optarg; break;
		case O_SINCE:
		case O_UNTIL:
			if (cmdutil_date(cli, optarg, c == O_SINCE ? "since" : "until", c == O_SINCE ? &f.since : &f.until) != 0)
				return cli->err.status;
			break;
		case O_VEHICLE: vehicle = optarg; break;
		case O_LIMIT:
			if (cmdutil_int(cli, optarg, "limit", 1, 1000000, &f.limit) != 0)
				return cli->err.status;
			break;
		case O_LEDGER: f.oldest_first = 1; break;
		case 'J': break;
		default: return cli_usage("waste");
		}
	}
	if (optind != argc)
		return cli_usage("waste");
	db *d = cli_db(cli);
	if (!d || cmdutil_vehicle_id(cli, d, vehicle, &f.vehicle_id) != 0)
		return cli->err.status;
	cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
	return cmdutil_json_done(cli, waste_list(d, &f, list_row, a, &cli->err), a);
}

static int fill_row(const struct waste_fill *f, void *ctx)
{
	char num[32];
	if (ctx) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "stock_no", f->stock_no);
		cJSON_AddStringToObject(o, "vin", f->vin);
		cJSON_AddStringToObject(o, "step", f->step);
		cJSON_AddNumberToObject(o, "qty", f->qty);
		cJSON_AddStringToObject(o, "unit", f->unit);
		cJSON_AddStringToObject(o, "at", f->at);
		cJSON_AddStringToObject(o, "by", f->by);
		cJSON_AddItemToArray(ctx, o);
		return 0;
	}
	printf("  %.16s  %-14s %-17s %-16s %s %s  %s\n", f->at, f->stock_no, f->vin, f->step, cmdutil_num(f->qty, num),
	       f->unit, f->by);
	return 0;
}

static const struct cli_option waste_show_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int waste_show_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind != argc - 1)
		return cli_usage("waste");
	db *d = cli_db(cli);
	struct waste w;
	if (!d)
		return cli->err.status;
	if (waste_find(d, argv[optind], &w, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = waste_to_json(&w);
		cJSON *fills = cJSON_AddArrayToObject(o, "fill_list");
		waste_fills(d, w.id, fill_row, fills, &cli->err);
		return cli_print_json(o);
	}
	char num[32];
	printf("%-18s %s\n", _("Container:"), w.container_code);
	printf("%-18s %s\n", _("Batch:"), w.batch_code);
	printf("%-18s %s %s %s\n", _("Waste:"), w.category, w.code, waste_name(&w));
	printf("%-18s %s %s\n", _("Quantity:"), cmdutil_num(w.qty, num), w.unit);
	printf("%-18s %s x %d\n", _("Container type:"), w.container_type, w.containers);
	printf("%-18s %s\n", _("Facility:"), w.facility_code);
	printf("%-18s %s %s\n", _("Generated:"), w.generated_at, w.generated_by);
	if (*w.stored_at)
		printf("%-18s %s %s %s\n", _("Into store:"), w.stored_at, w.stored_by, w.store_location);
	if (*w.shipped_at)
		printf("%-18s %s %s -> %s (%s) %s %s\n", _("Out of store:"), w.shipped_at, w.shipped_by, w.handler_name,
		       w.handler_licence, w.manifest_no, w.destination);
	printf("%s\n", _("Filled from:"));
	return waste_fills(d, w.id, fill_row, NULL, &cli->err) == SY_OK ? 0 : cli_report(cli, &cli->err);
}

static int stock_row(const struct waste_stock *s, void *ctx)
{
	char num[32];
	if (ctx) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", s->code);
		cJSON_AddStringToObject(o, "category", s->category);
		cJSON_AddStringToObject(o, "name", s->name);
		cJSON_AddStringToObject(o, "state", s->state);
		cJSON_AddStringToObject(o, "unit", s->unit);
		cJSON_AddNumberToObject(o, "containers", s->containers);
		cJSON_AddNumberToObject(o, "qty", s->qty);
		cJSON_AddItemToArray(ctx, o);
		return 0;
	}
	printf("%-11s %-5s ", s->code, s->category);
	cmdutil_cell(s->name, 34);
	cmdutil_cell(code_label(waste_states, s->state), 10);
	printf("%4d  %s %s\n", s->containers, cmdutil_num(s->qty, num), s->unit);
	return 0;
}

static const struct cli_option waste_stock_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int waste_stock_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind != argc)
		return cli_usage("waste");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
	return cmdutil_json_done(cli, waste_stock(d, stock_row, a, &cli->err), a);
}

static int code_row(const struct waste_code *wc, void *ctx)
{
	if (ctx) {
		cJSON_AddItemToArray(ctx, waste_code_to_json(wc));
		return 0;
	}
	printf("%-13s %-5s %-4s ", wc->code, wc->category, wc->unit);
	cmdutil_cell(wc->name_en, 40);
	printf("%s%s\n", wc->name_zh, wc->site_defined ? _("  (site-defined)") : "");
	/* What its containers' labels say, when the table has it. */
	if (*wc->form || *wc->hazard)
		printf("%-24s %s: %s  %s: %s\n", "", _("form"), *wc->form ? code_label(waste_forms, wc->form) : "-", _("hazard"),
		       *wc->hazard ? wc->hazard : "-");
	return 0;
}

static const struct cli_option waste_codes_opts[] = {
	CLI_ARG("add", O_ADD), CLI_ARG("category", O_CATEGORY),
	CLI_ARG("en", O_EN), CLI_ARG("zh", O_ZH),
	CLI_ENUM("unit", O_UNIT, "kg|l|t|pcs"), CLI_FLAG("site-defined", O_LEDGER),
	CLI_ENUM("form", O_FORM, "solid|liquid|semi_solid|gas"), CLI_ARG("hazard", O_HAZARD),
	CLI_ARG("components", O_COMPONENTS), CLI_ARG("hazardous", O_HAZARDOUS),
	CLI_ARG("precautions", O_PRECAUTIONS), CLI_COMMON_LONGOPTS, {0}};

static int waste_codes_cmd(struct cli *cli, int argc, char **argv)
{
	struct waste_code wc = {0}, given = {0};
	int c, adding = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", waste_codes_opts)) != -1) {
		switch (c) {
		case O_ADD: sy_strlcpy(given.code, optarg, sizeof given.code); adding = 1; break;
		case O_CATEGORY: sy_strlcpy(given.category, optarg, sizeof given.category); break;
		case O_EN: sy_strlcpy(given.name_en, optarg, sizeof given.name_en); break;
		case O_ZH: sy_strlcpy(given.name_zh, optarg, sizeof given.name_zh); break;
		case O_UNIT: sy_strlcpy(given.unit, optarg, sizeof given.unit); break;
		case O_LEDGER: given.site_defined = 1; break;
		case O_FORM: sy_strlcpy(given.form, optarg, sizeof given.form); break;
		case O_HAZARD: sy_strlcpy(given.hazard, optarg, sizeof given.hazard); break;
		case O_COMPONENTS: sy_strlcpy(given.components, optarg, sizeof given.components); break;
		case O_HAZARDOUS: sy_strlcpy(given.hazardous, optarg, sizeof given.hazardous); break;
		case O_PRECAUTIONS: sy_strlcpy(given.precautions, optarg, sizeof given.precautions); break;
		case 'J': break;
		default: return cli_usage("waste");
		}
	}
	int status;
	db *d = cmdutil_table_db(cli, argc, adding, "waste", &status);
	if (!d)
		return status;
	if (!adding) {
		cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
		return cmdutil_json_done(cli, waste_code_list(d, code_row, a, &cli->err), a);
	}
	/* A code already in the table keeps what the options do not change. */
	sy_err none;
	if (waste_code_find(d, given.code, &wc, &none) != SY_OK || strcasecmp(wc.code, given.code) != 0)
		memset(&wc, 0, sizeof wc);
#define TAKE(member) \
	if (*given.member) \
		sy_strlcpy(wc.member, given.member, sizeof wc.member)
	TAKE(code); TAKE(category); TAKE(name_en); TAKE(name_zh); TAKE(unit);
	TAKE(form); TAKE(hazard); TAKE(components); TAKE(hazardous); TAKE(precautions);
#undef TAKE
	wc.site_defined |= given.site_defined;
	if (waste_code_save(d, &wc, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return cmdutil_changed(cli, waste_code_to_json(&wc), _("Saved waste code %s\n"), wc.code);
}

static const struct subcommand waste_subs[] = {
	{"add", waste_add_cmd, .options = waste_add_opts},
	{"store", waste_store_cmd, .options = waste_store_opts},
	{"ship", waste_ship_cmd, .options = waste_ship_opts},
	{"list", waste_list_cmd, .options = waste_list_opts},
	{"show", waste_show_cmd, .options = waste_show_opts},
	{"stock", waste_stock_cmd, .options = waste_stock_opts},
	{"codes", waste_codes_cmd, .options = waste_codes_opts},
	{0},
};

const struct command cmd_waste_command = {
	.name = "waste",
	.subs = waste_subs,
	.summary = N_("Hazardous waste ledger (HJ 1259): containers generated, into store, out to a licensed handler"),
	.usage = N_("usage: scrapyard waste add --code CODE --qty N [--unit kg|l|t|pcs] [--container C] [--container-type T]\n"
	    "                 [--containers N] [--vehicle REF] [--facility F] [--destination D] [--notes T] [--json]\n"
	    "       scrapyard waste store CONTAINER [--location L] [--json]\n"
	    "       scrapyard waste ship CONTAINER... --handler NAME [--manifest NO] [--date DATE] [--destination D] [--json]\n"
	    "       scrapyard waste list [--state open|stored|shipped] [--code C] [--since DATE] [--until DATE] [--vehicle REF]\n"
	    "                 [--ledger] [--limit N] [--json]\n"
	    "       scrapyard waste show CONTAINER [--json]\n"
	    "       scrapyard waste stock [--json]\n"
	    "       scrapyard waste codes [--add CODE --category C --en NAME --zh NAME [--unit U] [--site-defined]] [--json]\n"
	    "                 [--form solid|liquid|semi_solid|gas] [--hazard T,C,I,R,In] [--components TEXT]\n"
	    "                 [--hazardous TEXT] [--precautions TEXT]   (what its containers' labels say)"),
};
