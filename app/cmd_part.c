/* scrapyard part: harvest, list and search, show, move, update, sell; kinds. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmd_group.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/part.h"
#include "base/text.h"
#include "db/party.h"
#include "db/shipment.h"
#include "base/util.h"

enum {
	O_KIND = 256, O_GRADE, O_DEST, O_MATERIAL, O_WEIGHT, O_LOCATION, O_PRICE, O_NOTES, O_PHOTO, O_SEARCH,
	O_VEHICLE, O_STATUS, O_LIMIT, O_TO, O_PARTY_KIND, O_DATE, O_CREDIT, O_LICENCE, O_ADD, O_EN, O_ZH, O_MAX,
	O_ALL_YARDS,
};

#define PART_FIELD_OPTS                                                                                     \
	CLI_ARG("kind", O_KIND), CLI_ENUM("grade", O_GRADE, "A|B|C"),              \
	CLI_ENUM("dest", O_DEST, "reuse|reman|material|hazardous|energy|landfill"), CLI_ARG("material", O_MATERIAL),        \
	CLI_ARG("weight-kg", O_WEIGHT), CLI_ARG("location", O_LOCATION), \
	CLI_ARG("price", O_PRICE), CLI_ARG("notes", O_NOTES),            \
	CLI_ARG("photo", O_PHOTO)

/* Options shared by add and update; returns 1 when c was one of them, -1 on a bad value. */
static int part_field(struct cli *cli, int c, struct part_input *in)
{
	switch (c) {
	case O_KIND: in->kind = optarg; return 1;
	case O_GRADE: in->grade = optarg; return 1;
	case O_DEST: in->dest = optarg; return 1;
	case O_MATERIAL: in->material = optarg; return 1;
	case O_WEIGHT: return cmdutil_number(cli, optarg, "weight-kg", &in->weight_kg) ? -1 : 1;
	case O_LOCATION: in->location = optarg; return 1;
	case O_PRICE: return cmdutil_number(cli, optarg, "price", &in->price) ? -1 : 1;
	case O_NOTES: in->notes = optarg; return 1;
	case O_PHOTO:
		if (in->n_photos >= PART_MAX_PHOTOS) {
			sy_fail(&cli->err, SY_INVALID, "photo", _("at most %d photos per part"), PART_MAX_PHOTOS);
			cli_report(cli, &cli->err);
			return -1;
		}
		in->photos[in->n_photos++] = optarg;
		return 1;
	default: return 0;
	}
}

static void print_part(const struct part *p)
{
	char num[32];
	printf("%-14s %s\n", _("Part number:"), p->part_no);
	printf("%-14s %s (%s)%s\n", _("Kind:"), part_kind_name(&p->kind), p->kind.code,
	       p->kind.assembly ? _("  five major assemblies") : "");
	printf("%-14s %s  %s %s\n", _("From:"), p->stock_no, p->vin, p->brand_model);
	printf("%-14s %s\n", _("Grade:"), code_label(part_grades, p->grade));
	printf("%-14s %s\n", _("Destination:"), code_label(part_dests, p->dest));
	if (*p->material)
		printf("%-14s %s\n", _("Material:"), code_label(part_materials, p->material));
	if (p->weight_kg > 0)
		printf("%-14s %s kg\n", _("Weight:"), cmdutil_num(p->weight_kg, num));
	printf("%-14s %s\n", _("Location:"), p->location);
	if (p->price > 0)
		printf("%-14s %s\n", _("Price:"), cmdutil_num(p->price, num));
	printf("%-14s %s%s%s\n", _("Status:"), code_label(part_statuses, p->status), *p->ship_no ? "  " : "", p->ship_no);
	if (*p->notes)
		printf("%-14s %s\n", _("Notes:"), p->notes);
	for (int i = 0; i < p->n_photos; i++)
		printf("%-14s %s\n", i ? "" : _("Photos:"), p->photos[i]);
	printf("%-14s %s %s\n", _("Recorded:"), p->created_at, p->created_by);
}

static int part_out(struct cli *cli, const struct part *p, const char *done)
{
	if (cli->json)
		return cli_print_json(part_to_json(p));
	if (done)
		printf(done, p->part_no, p->location);
	else
		print_part(p);
	return 0;
}

/* The options of add and update (update keeps the kind) and their one
 * operand: 0, or the exit status. */
static int parse_fields(struct cli *cli, int argc, char **argv, const struct cli_option *opts, int kind_too,
			struct part_input *in)
{
	int c, r;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", opts)) != -1) {
		if ((r = part_field(cli, c, in)) < 0)
			return cli->err.status;
		if ((r == 0 && c != 'J') || (c == O_KIND && !kind_too))
			return cli_usage("part");
	}
	if (optind != argc - 1)
		return cli_usage("part");
	return 0;
}

static const struct cli_option part_add_opts[] = {PART_FIELD_OPTS, CLI_COMMON_LONGOPTS, {0}};

static int part_add_cmd(struct cli *cli, int argc, char **argv)
{
	struct part_input in = {0};
	int rc = parse_fields(cli, argc, argv, part_add_opts, 1, &in);
	if (rc)
		return rc;
	db *d = cli_db(cli);
	struct vehicle v;
	struct part p;
	if (!d || cmdutil_vehicle(cli, d, argv[optind], &v) != 0)
		return cli->err.status;
	if (part_add(d, &v, &in, &p, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(part_to_json(&p));
	printf("%s\n", p.part_no);
	return 0;
}

static int find_part(struct cli *cli, db *d, const char *no, struct part *p)
{
	if (part_find(d, no, p, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

static const struct cli_option part_update_opts[] = {PART_FIELD_OPTS, CLI_COMMON_LONGOPTS, {0}};

static int part_update_cmd(struct cli *cli, int argc, char **argv)
{
	struct part_input in = {0};
	int rc = parse_fields(cli, argc, argv, part_update_opts, 0, &in);
	if (rc)
		return rc;
	db *d = cli_db(cli);
	struct part p;
	if (!d || find_part(cli, d, argv[optind], &p) != 0)
		return cli->err.status;
	if (part_update(d, &p, &in, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return part_out(cli, &p, _("Updated %s\n"));
}

static const struct cli_option part_move_opts[] = {CLI_ARG("location", O_LOCATION), CLI_COMMON_LONGOPTS, {0}};

static int part_move_cmd(struct cli *cli, int argc, char **argv)
{
	const char *to = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", part_move_opts)) != -1) {
		if (c == O_LOCATION)
			to = optarg;
		else if (c != 'J')
			return cli_usage("part");
	}
	/* "part move P2026-0000001 B-07" reads naturally too. */
	if (!to && optind == argc - 2)
		to = argv[argc - 1], argc--;
	if (optind != argc - 1 || !to)
		return cli_usage("part");
	db *d = cli_db(cli);
	struct part p;
	if (!d || find_part(cli, d, argv[optind], &p) != 0)
		return cli->err.status;
	if (part_move(d, &p, to, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return part_out(cli, &p, _("Moved %s to %s\n"));
}

static const struct cli_option part_sell_opts[] = {
	CLI_ARG("to", O_TO), CLI_ARG("buyer", O_TO),
	CLI_ARG("party-kind", O_PARTY_KIND), CLI_ARG("price", O_PRICE),
	CLI_ARG("date", O_DATE), CLI_ARG("credit-code", O_CREDIT),
	CLI_ARG("licence", O_LICENCE), CLI_COMMON_LONGOPTS, {0}};

static int part_sell_cmd(struct cli *cli, int argc, char **argv)
{
	const char *to = NULL, *kind = NULL, *date = NULL, *credit = NULL, *licence = NULL;
	double price = 0;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", part_sell_opts)) != -1) {
		switch (c) {
		case O_TO: to = optarg; break;
		case O_PARTY_KIND: kind = optarg; break;
		case O_PRICE:
			if (cmdutil_number(cli, optarg, "price", &price) != 0)
				return cli->err.status;
			break;
		case O_DATE:
			if (cmdutil_date(cli, optarg, "date", &date) != 0)
				return cli->err.status;
			break;
		case O_CREDIT: credit = optarg; break;
		case O_LICENCE: licence = optarg; break;
		case 'J': break;
		default: return cli_usage("part");
		}
	}
	if (optind != argc - 1 || !to)
		return cli_usage("part");
	db *d = cli_db(cli);
	struct part p;
	struct party party;
	if (!d || find_part(cli, d, argv[optind], &p) != 0)
		return cli->err.status;
	/* A walk-in buyer of a reused part is added on the spot. */
	if (!kind && strcmp(p.dest, "reuse") == 0 && party_find(d, to, NULL, &party, NULL) != SY_OK)
		kind = "buyer";
	if (cmdutil_party(cli, d, to, kind, credit, licence, &party) != 0)
		return cli->err.status;
	if (part_sell(d, &p, party.id, price, date, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(part_to_json(&p));
	printf(_("%s %s to %s (%s)\n"), p.part_no, code_label(part_statuses, p.status), party.name, p.ship_no);
	return 0;
}

struct list_ctx {
	struct cli *cli;
	cJSON *array;
	int n;
};

static int list_row(const struct part *p, void *ctx)
{
	struct list_ctx *l = ctx;
	char num[32];
	l->n++;
	if (l->array) {
		cJSON_AddItemToArray(l->array, part_to_json(p));
		return 0;
	}
	cmdutil_cell(p->part_no, 15);
	cmdutil_cell(part_kind_name(&p->kind), 22);
	/* The destination's name where it is short (Chinese), else its code word. */
	const char *dest = code_label(part_dests, p->dest);
	printf("%s  ", p->grade);
	cmdutil_cell(text_display_width(dest) <= 10 ? dest : p->dest, 11);
	cmdutil_cell(p->location, 10);
	printf("%s  ", p->vin);
	cmdutil_cell(code_label(part_statuses, p->status), 10);
	if (p->weight_kg > 0)
		printf(" %s kg", cmdutil_num(p->weight_kg, num));
	putchar('\n');
	return 0;
}

static const struct cli_option part_list_opts[] = {
	CLI_ARG("search", O_SEARCH), CLI_ARG("vehicle", O_VEHICLE),
	CLI_ENUM("status", O_STATUS, "stock|sold|shipped|scrapped"), CLI_ARG("kind", O_KIND),
	CLI_ARG("limit", O_LIMIT), CLI_FLAG("all-yards", O_ALL_YARDS),
	CLI_COMMON_LONGOPTS, {0}};

static int part_list_cmd(struct cli *cli, int argc, char **argv)
{
	struct part_query q = {0};
	const char *vehicle = NULL, *kind = NULL;
	int c, all_yards = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", part_list_opts)) != -1) {
		switch (c) {
		case O_SEARCH: q.text = optarg; break;
		case O_VEHICLE: vehicle = optarg; break;
		case O_STATUS: q.status = optarg; break;
		case O_KIND: kind = optarg; break;
		case O_ALL_YARDS: all_yards = 1; break;
		case O_LIMIT:
			if (cmdutil_int(cli, optarg, "limit", 1, 10000, &q.limit) != 0)
				return cli->err.status;
			break;
		case 'J': break;
		default: return cli_usage("part");
		}
	}
	if (optind < argc && !q.text)
		q.text = argv[optind++]; /* "part list door" */
	if (optind != argc)
		return cli_usage("part");
	if (all_yards) {
		if (vehicle || kind)
			return cli_fail(cli, CLI_EXIT_INVALID, _("--all-yards searches by --search TEXT (part number, kind or VIN), with --status"));
		return group_part_list(cli, q.text ? q.text : "", q.status, q.limit ? q.limit : 50);
	}
	db *d = cli_db(cli);
	if (!d || cmdutil_vehicle_id(cli, d, vehicle, &q.vehicle_id) != 0)
		return cli->err.status;
	struct part_kind k;
	if (kind) {
		if (part_kind_resolve(d, kind, &k, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		q.kind = k.code;
	}
	struct list_ctx l = {.cli = cli, .array = cli->json ? cJSON_CreateArray() : NULL};
	int rc = part_search(d, &q, list_row, &l, &cli->err);
	if (rc != SY_OK || l.array)
		return cmdutil_json_done(cli, rc, l.array);
	if (l.n == 0)
		printf("%s\n", _("No parts found."));
	return 0;
}

static const struct cli_option part_show_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int part_show_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind != argc - 1)
		return cli_usage("part");
	db *d = cli_db(cli);
	struct part p;
	if (!d || find_part(cli, d, argv[optind], &p) != 0)
		return cli->err.status;
	return part_out(cli, &p, NULL);
}

static int kind_row(const struct part_kind *k, void *ctx)
{
	cJSON *a = ctx;
	if (a) {
		cJSON_AddItemToArray(a, part_kind_to_json(k));
		return 0;
	}
	cmdutil_cell(k->code, 20);
	cmdutil_cell(k->name_en, 30);
	cmdutil_cell(k->name_zh, 16);
	printf("%-12s%s%s%s\n", k->material, k->assembly ? _(" assembly") : "", k->keeps_vin ? _(" keeps-VIN") : "",
	       k->hazardous ? _(" hazardous") : "");
	return 0;
}

static const struct cli_option part_kinds_opts[] = {
	CLI_ARG("add", O_ADD), CLI_ARG("en", O_EN),
	CLI_ARG("zh", O_ZH), CLI_ARG("material", O_MATERIAL),
	CLI_ARG("max", O_MAX), CLI_COMMON_LONGOPTS, {0}};

static int part_kinds_cmd(struct cli *cli, int argc, char **argv)
{
	struct part_kind k = {0};
	int c, adding = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", part_kinds_opts)) != -1) {
		switch (c) {
		case O_ADD: sy_strlcpy(k.code, optarg, sizeof k.code); adding = 1; break;
		case O_EN: sy_strlcpy(k.name_en, optarg, sizeof k.name_en); break;
		case O_ZH: sy_strlcpy(k.name_zh, optarg, sizeof k.name_zh); break;
		case O_MATERIAL: sy_strlcpy(k.material, optarg, sizeof k.material); break;
		case O_MAX:
			if (cmdutil_int(cli, optarg, "max", 0, 100, &k.max_per_vehicle) != 0)
				return cli->err.status;
			break;
		case 'J': break;
		default: return cli_usage("part");
		}
	}
	int status;
	db *d = cmdutil_table_db(cli, argc, adding, "part", &status);
	if (!d)
		return status;
	if (!adding) {
		cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
		return cmdutil_json_done(cli, part_kind_list(d, kind_row, a, &cli->err), a);
	}
	if (part_kind_save(d, &k, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return cmdutil_changed(cli, part_kind_to_json(&k), _("Saved part kind %s\n"), k.code);
}

static const struct subcommand part_subs[] = {
	{"add", part_add_cmd, .options = part_add_opts, .operand = CLI_OPERAND_VEHICLE},
	{"list", part_list_cmd, .options = part_list_opts},
	{"show", part_show_cmd, .options = part_show_opts},
	{"move", part_move_cmd, .options = part_move_opts},
	{"sell", part_sell_cmd, .options = part_sell_opts},
	{"update", part_update_cmd, .options = part_update_opts},
	{"kinds", part_kinds_cmd, .options = part_kinds_opts},
	{0},
};

const struct command cmd_part_command = {
	.name = "part",
	.subs = part_subs,
	.summary = N_("Parts: harvest, grade, search the inventory, move, sell; part kinds"),
	.usage = N_("usage: scrapyard part add REF --kind KIND --grade A|B|C [--dest reuse|reman|material|hazardous|energy|landfill]\n"
	    "                 [--weight-kg N] [--location BIN] [--price P] [--material M] [--notes T] [--photo FILE]... [--json]\n"
	    "       scrapyard part list [--search TEXT] [--vehicle REF] [--status stock|sold|shipped|scrapped] [--kind KIND] [--limit N] [--json]\n"
	    "       scrapyard part list --all-yards --search TEXT [--status S] [--limit N] [--json]   (every yard of the group)\n"
	    "       scrapyard part show PARTNO [--json]\n"
	    "       scrapyard part move PARTNO --location BIN [--json]\n"
	    "       scrapyard part update PARTNO [--grade G] [--dest D] [--weight-kg N] [--price P] [--notes T] [--photo FILE]... [--json]\n"
	    "       scrapyard part sell PARTNO --to NAME [--party-kind K] [--price P] [--date DATE] [--credit-code C] [--json]\n"
	    "       scrapyard part kinds [--add CODE --en NAME --zh NAME [--material M] [--max N]] [--json]"),
};
