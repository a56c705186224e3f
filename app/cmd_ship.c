/* scrapyard ship: parts, cores and material lots out to a named party; the
 * outbound list and the parts flow ledger; the parties themselves. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "db/party.h"
#include "db/shipment.h"
#include "base/util.h"

enum {
	O_TO = 256, O_PARTY_KIND, O_DATE, O_PRICE, O_WEIGHT, O_NOTES, O_MATERIAL, O_SINCE, O_UNTIL, O_KIND, O_LIMIT,
	O_ASSEMBLIES, O_NAME, O_LICENCE, O_CREDIT, O_PHONE, O_ADDRESS,
};

static void print_shipment(const struct shipment *s)
{
	char num[32];
	printf("%s  %s  %s (%s)", s->ship_no, s->shipped_on, s->party.name, code_label(party_kinds, s->party.kind));
	if (strcmp(s->kind, "material") == 0)
		printf("  %s", code_label(shipment_materials, s->material));
	else
		printf(_("  %d parts"), s->n_parts);
	if (s->weight_kg > 0)
		printf("  %s kg", cmdutil_num(s->weight_kg, num));
	if (s->price > 0)
		printf("  %s", cmdutil_num(s->price, num));
	putchar('\n');
}

static int print_part(const char *part_no, void *ctx)
{
	struct part p;
	sy_err err = {0};
	if (part_find(ctx, part_no, &p, &err) == SY_OK)
		printf("  %s  %s  %s  %s\n", p.part_no, part_kind_name(&p.kind), p.vin,
		       sy_lang_is_zh() ? code_label(part_dests, p.dest) : p.dest);
	return 0;
}

static int ship_out(struct cli *cli, db *d, const struct shipment *s)
{
	if (cli->json)
		return cli_print_json(shipment_to_json_with_parts(d, s, NULL));
	print_shipment(s);
	return 0;
}

static const struct cli_option ship_create_opts[] = {
	CLI_ARG("to", O_TO), CLI_ARG("party-kind", O_PARTY_KIND),
	CLI_ARG("date", O_DATE), CLI_ARG("price", O_PRICE),
	CLI_ARG("weight-kg", O_WEIGHT), CLI_ARG("notes", O_NOTES),
	CLI_ARG("material", O_MATERIAL), CLI_ARG("credit-code", O_CREDIT),
	CLI_ARG("licence", O_LICENCE), CLI_COMMON_LONGOPTS, {0}};

static int ship_create(struct cli *cli, int argc, char **argv, int material)
{
	struct shipment_input in = {0};
	const char *to = NULL, *kind = NULL, *credit = NULL, *licence = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", ship_create_opts)) != -1) {
		switch (c) {
		case O_TO: to = optarg; break;
		case O_PARTY_KIND: kind = optarg; break;
		case O_DATE:
			if (cmdutil_date(cli, optarg, "date", &in.date) != 0)
				return cli->err.status;
			break;
		case O_PRICE:
			if (cmdutil_number(cli, optarg, "price", &in.price) != 0)
				return cli->err.status;
			break;
		case O_WEIGHT:
			if (cmdutil_number(cli, optarg, "weight-kg", &in.weight_kg) != 0)
				return cli->err.status;
			break;
		case O_NOTES: in.notes = optarg; break;
		case O_MATERIAL: in.material = optarg; break;
		case O_CREDIT: credit = optarg; break;
		case O_LICENCE: licence = optarg; break;
		case 'J': break;
		default: return cli_usage("ship");
		}
	}
	if (!to || (material ? optind != argc : optind >= argc))
		return cli_usage("ship");
	db *d = cli_db(cli);
	struct party party;
	struct shipment s;
	if (!d || cmdutil_party(cli, d, to, kind, credit, licence, &party) != 0)
		return cli->err.status;
	in.party_id = party.id;
	int rc;
	if (material) {
		rc = shipment_material(d, &in, &s, &cli->err);
	} else {
		int n = argc - optind;
		int64_t *ids = xcalloc((size_t)n, sizeof *ids);
		rc = SY_OK;
		for (int i = 0; i < n && rc == SY_OK; i++) {
			struct part p;
			rc = part_find(d, argv[optind + i], &p, &cli->err);
			ids[i] = p.id;
		}
		if (rc == SY_OK)
			rc = shipment_parts(d, &in, ids, n, &s, &cli->err);
		free(ids);
	}
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	return ship_out(cli, d, &s);
}

static int list_row(const struct shipment *s, void *ctx)
{
	if (ctx)
		cJSON_AddItemToArray(ctx, shipment_to_json(s));
	else
		print_shipment(s);
	return 0;
}

static int ledger_row(const struct ledger_row *r, void *ctx)
{
	char num[32];
	if (ctx) {
		cJSON_AddItemToArray(ctx, ledger_row_to_json(r));
		return 0;
	}
	printf("%s  %s  %s  ", r->shipped_on, r->ship_no, r->part_no);
	cmdutil_cell(r->kind_name, 16);
	printf("%s  ", r->vin);
	cmdutil_cell(r->brand_model, 16);
	cmdutil_cell(sy_lang_is_zh() ? code_label(part_dests, r->dest) : r->dest, 9);
	cmdutil_cell(r->party, 24);
	printf("%s", r->party_code);
	if (r->weight_kg > 0)
		printf("  %s kg", cmdutil_num(r->weight_kg, num));
	putchar('\n');
	return 0;
}

static const struct cli_option ship_list_opts[] = {
	CLI_ARG("since", O_SINCE), CLI_ARG("until", O_UNTIL),
	CLI_ARG("to", O_TO), CLI_ARG("party-kind", O_PARTY_KIND),
	CLI_ARG("kind", O_KIND), CLI_ARG("limit", O_LIMIT),
	CLI_FLAG("assemblies", O_ASSEMBLIES), CLI_COMMON_LONGOPTS, {0}};

static int ship_list(struct cli *cli, int argc, char **argv, int ledger)
{
	struct shipment_filter f = {0};
	const char *to = NULL, *party_kind = NULL;
	int c, assemblies = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", ship_list_opts)) != -1) {
		switch (c) {
		case O_SINCE:
		case O_UNTIL:
			if (cmdutil_date(cli, optarg, c == O_SINCE ? "since" : "until", c == O_SINCE ? &f.since : &f.until) != 0)
				return cli->err.status;
			break;
		case O_TO: to = optarg; break;
		case O_PARTY_KIND: party_kind = optarg; break;
		case O_KIND: f.kind = optarg; break;
		case O_LIMIT:
			if (cmdutil_int(cli, optarg, "limit", 1, 1000000, &f.limit) != 0)
				return cli->err.status;
			break;
		case O_ASSEMBLIES: assemblies = 1; break;
		case 'J': break;
		default: return cli_usage("ship");
		}
	}
	if (optind != argc || (assemblies && !ledger))
		return cli_usage("ship");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct party party;
	if (to) {
		if (party_find(d, to, party_kind, &party, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		f.party_id = party.id;
	}
	cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
	int rc = ledger ? shipment_ledger(d, &f, assemblies, ledger_row, a, &cli->err)
			: shipment_list(d, &f, list_row, a, &cli->err);
	return cmdutil_json_done(cli, rc, a);
}

static const struct cli_option ship_show_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int ship_show(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind != argc - 1)
		return cli_usage("ship");
	db *d = cli_db(cli);
	struct shipment s;
	if (!d)
		return cli->err.status;
	if (shipment_find(d, argv[optind], &s, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(shipment_to_json_with_parts(d, &s, NULL));
	print_shipment(&s);
	if (*s.party.credit_code || *s.party.licence)
		printf("  %s %s\n", s.party.credit_code, s.party.licence);
	shipment_part_nos(d, s.id, print_part, d, &cli->err);
	if (*s.notes)
		printf("  %s\n", s.notes);
	return 0;
}

static int party_row(const struct party *p, void *ctx)
{
	if (ctx) {
		cJSON_AddItemToArray(ctx, party_to_json(p));
		return 0;
	}
	cmdutil_cell(p->name, 30);
	printf("%-18s %-20s %s\n", p->kind, p->credit_code, p->licence);
	return 0;
}

static const struct cli_option ship_party_opts[] = {
	CLI_ARG("name", O_NAME), CLI_ARG("kind", O_KIND),
	CLI_ARG("licence", O_LICENCE), CLI_ARG("credit-code", O_CREDIT),
	CLI_ARG("phone", O_PHONE), CLI_ARG("address", O_ADDRESS),
	CLI_COMMON_LONGOPTS, {0}};

static int ship_party(struct cli *cli, int argc, char **argv)
{
	struct party p = {0};
	int c;
	if (argc < 2 || (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0))
		return cli_usage("ship");
	int add = strcmp(argv[1], "add") == 0;
	argc--, argv++;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", ship_party_opts)) != -1) {
		switch (c) {
		case O_NAME: sy_strlcpy(p.name, optarg, sizeof p.name); break;
		case O_KIND: sy_strlcpy(p.kind, optarg, sizeof p.kind); break;
		case O_LICENCE: sy_strlcpy(p.licence, optarg, sizeof p.licence); break;
		case O_CREDIT: sy_strlcpy(p.credit_code, optarg, sizeof p.credit_code); break;
		case O_PHONE: sy_strlcpy(p.phone, optarg, sizeof p.phone); break;
		case O_ADDRESS: sy_strlcpy(p.address, optarg, sizeof p.address); break;
		case 'J': break;
		default: return cli_usage("ship");
		}
	}
	if (optind != argc)
		return cli_usage("ship");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (add) {
		if (party_save(d, &p, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		if (cli->json)
			return cli_print_json(party_to_json(&p));
		printf(_("Saved %s (%s)\n"), p.name, code_label(party_kinds, p.kind));
		return 0;
	}
	cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
	return cmdutil_json_done(cli, party_list(d, *p.kind ? p.kind : NULL, party_row, a, &cli->err), a);
}

static int ship_parts_cmd(struct cli *cli, int argc, char **argv) { return ship_create(cli, argc, argv, 0); }
static int ship_material_cmd(struct cli *cli, int argc, char **argv) { return ship_create(cli, argc, argv, 1); }
static int ship_list_cmd(struct cli *cli, int argc, char **argv) { return ship_list(cli, argc, argv, 0); }
static int ship_ledger_cmd(struct cli *cli, int argc, char **argv) { return ship_list(cli, argc, argv, 1); }

static const struct subcommand ship_subs[] = {
	{"parts", ship_parts_cmd, .options = ship_create_opts},
	{"material", ship_material_cmd, .options = ship_create_opts},
	{"list", ship_list_cmd, .options = ship_list_opts},
	{"ledger", ship_ledger_cmd, .options = ship_list_opts},
	{"show", ship_show, .options = ship_show_opts},
	{"party", ship_party, .options = ship_party_opts},
	{0},
};

const struct command cmd_ship_command = {
	.name = "ship",
	.subs = ship_subs,
	.summary = N_("Outbound: parts, cores and material lots to buyers, remanufacturers, recyclers; the parts ledger"),
	.usage = N_("usage: scrapyard ship parts PARTNO... --to NAME [--party-kind K] [--date DATE] [--price P] [--notes T] [--json]\n"
	    "       scrapyard ship material --material steel|aluminium|copper|plastics|glass|rubber|hulk|mixed --weight-kg N\n"
	    "                 --to NAME [--price P] [--date DATE] [--json]\n"
	    "       scrapyard ship list [--since DATE] [--until DATE] [--to NAME] [--kind parts|material] [--limit N] [--json]\n"
	    "       scrapyard ship ledger [--since DATE] [--until DATE] [--assemblies] [--json]\n"
	    "       scrapyard ship show SHIPNO [--json]\n"
	    "       scrapyard ship party add --name NAME --kind KIND [--licence L] [--credit-code USCC] [--phone P] [--address A]\n"
	    "       scrapyard ship party list [--kind KIND] [--json]\n"
	    "       party kinds: buyer remanufacturer recycler hazardous_handler energy_recovery landfill\n"
	    "                    battery_oem battery_echelon battery_recycler"),
};
