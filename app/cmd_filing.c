/* scrapyard filing list|show|done|rules, and scrapyard due: what the yard
 * owes to which authority and by when (db/filing.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "app/filing_sheet.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/filing.h"
#include "db/vehicle.h"

/* ---- list and due ---- */

struct list_ctx {
	cJSON *array;
	int rows;
	int due_shape; /* `due`: the fields it always had first */
};

static cJSON *due_json(const struct filing *f)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "stock_no", f->stock_no);
	cJSON_AddStringToObject(o, "vin", f->vin);
	cJSON_AddStringToObject(o, "plate", f->plate);
	cJSON_AddStringToObject(o, "what", f->kind->code);
	cJSON_AddStringToObject(o, "due", f->due);
	cJSON_AddBoolToObject(o, "late", f->late);
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	cJSON_AddStringToObject(o, "authority", f->kind->authority_en);
	cJSON_AddStringToObject(o, "state", filing_state(f));
	if (*f->subject)
		cJSON_AddStringToObject(o, "subject", f->subject);
	return o;
}

static void list_header(void);

static int list_row(const struct filing *f, void *p)
{
	struct list_ctx *ctx = p;
	if (!ctx->rows++ && !ctx->array && !ctx->due_shape)
		list_header();
	if (ctx->array) {
		cJSON_AddItemToArray(ctx->array, ctx->due_shape ? due_json(f) : filing_to_json(f));
		return 0;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)f->id);
	if (ctx->due_shape) {
		cmdutil_cell(f->stock_no, 14);
		cmdutil_cell(f->vin, 18);
		cmdutil_cell(*f->plate ? f->plate : "-", 11);
		cmdutil_cell(filing_kind_short(f->kind), 17);
		cmdutil_cell(filing_kind_to(f->kind), 15);
		printf("%s%s\n", f->due, f->late ? _("  LATE") : "");
		return 0;
	}
	cmdutil_cell(id, 7);
	cmdutil_cell(*f->done_on ? f->done_on : f->due, 11);
	cmdutil_cell(filing_kind_short(f->kind), 17);
	cmdutil_cell(filing_kind_to(f->kind), 15);
	cmdutil_cell(f->stock_no, 14);
	cmdutil_cell(f->vin, 18);
	cmdutil_cell(*f->plate ? f->plate : "-", 11);
	printf("%s\n", filing_state_label(f));
	return 0;
}

static void list_header(void)
{
	cmdutil_cell(_("No."), 7);
	cmdutil_cell(_("Due/done"), 11);
	cmdutil_cell(_("What"), 17);
	cmdutil_cell(_("To"), 15);
	cmdutil_cell(_("Stock no."), 14);
	cmdutil_cell("VIN", 18);
	cmdutil_cell(_("Plate"), 11);
	printf("%s\n", _("State"));
}

static const struct cli_option filing_list_opts[] = {
	CLI_FLAG("due", 'd'),	  CLI_FLAG("late", 'l'),
	CLI_FLAG("all", 'a'),	  CLI_ENUM("kind", 'k', "mofcom_entry|battery_report|battery_outbound|deregistration"),
	CLI_ARG("vehicle", 'v'), CLI_ARG("limit", 'n'),
	CLI_COMMON_LONGOPTS,			  {0}};

static int filing_list_cmd(struct cli *cli, int argc, char **argv)
{
	struct filing_query q = {.view = FILING_OWED};
	const char *ref = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", filing_list_opts)) != -1) {
		switch (c) {
		case 'd': q.view = FILING_DUE; break;
		case 'l': q.view = FILING_LATE; break;
		case 'a': q.view = FILING_ALL; break;
		case 'k': q.kind = optarg; break;
		case 'v': ref = optarg; break;
		case 'n':
			if (cmdutil_int(cli, optarg, "limit", 1, 1000000, &q.limit))
				return CLI_EXIT_INVALID;
			break;
		case 'J': break;
		default: return cli_usage("filing");
		}
	}
	if (optind != argc)
		return cli_usage("filing");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (cmdutil_vehicle_id(cli, d, ref, &q.vehicle_id))
		return cli->err.status ? cli->err.status : CLI_EXIT_INVALID;
	struct list_ctx ctx = {.array = cli->json ? cJSON_CreateArray() : NULL};
	int rc = filing_list(d, &q, list_row, &ctx, &cli->err);
	if (rc != SY_OK || ctx.array)
		return cmdutil_json_done(cli, rc, ctx.array);
	if (!ctx.rows)
		printf("%s\n", q.view == FILING_ALL ? _("no filings") : _("nothing is owed"));
	return 0;
}

static const struct cli_option cmd_due_opts[] = {CLI_FLAG("all", 'a'), CLI_COMMON_LONGOPTS, {0}};

int cmd_due(struct cli *cli, int argc, char **argv)
{
	struct filing_query q = {.view = FILING_DUE};
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_due_opts)) != -1) {
		if (c == 'a')
			q.view = FILING_OWED;
		else if (c != 'J')
			return cli_usage("due");
	}
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct list_ctx ctx = {.array = cli->json ? cJSON_CreateArray() : NULL, .due_shape = 1};
	int rc = filing_list(d, &q, list_row, &ctx, &cli->err);
	if (rc != SY_OK || ctx.array)
		return cmdutil_json_done(cli, rc, ctx.array);
	if (!ctx.rows)
		printf("%s\n", _("nothing due"));
	return 0;
}

/* ---- one filing ---- */

static int load(struct cli *cli, const char *text, struct filing *f)
{
	char *end;
	long long id = strtoll(text, &end, 10);
	if (*end || id <= 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("'%s' is not a filing number ('scrapyard filing list' shows them)"), text);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (filing_get(d, id, f, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

static void print_row(const char *label, const char *value)
{
	cmdutil_cell(label, 27);
	printf("%s\n", value ? value : "");
}

static void print_filing(const struct filing *f)
{
	char text[256];
	snprintf(text, sizeof text, "%lld", (long long)f->id);
	print_row(_("Filing"), text);
	print_row(_("What"), filing_kind_label(f->kind));
	print_row(_("To"), filing_kind_authority(f->kind));
	snprintf(text, sizeof text, "%s  %s  %s", f->stock_no, f->vin, f->plate);
	print_row(_("Vehicle"), text);
	if (*f->subject)
		print_row(_("Covers"), f->subject);
	snprintf(text, sizeof text, "%s (%s)", f->event_on, sy_pick(f->kind->event_en, f->kind->event_zh));
	print_row(_("Owed since"), text);
	print_row(_("Due"), f->due);
	print_row(_("State"), filing_state_label(f));
	if (*f->done_on) {
		snprintf(text, sizeof text, _("%s by %s"), f->done_on, f->done_by);
		print_row(_("Done"), text);
	}
	if (*f->reference)
		print_row(_("Reference"), f->reference);
	if (*f->note)
		print_row(_("Note"), f->note);
}

static void print_sheet(const struct filing_sheet *s)
{
	char label[160];
	printf("\n%s\n", _("To file:"));
	for (int i = 0; i < s->n; i++) {
		const struct doc_sheet_row *r = &s->rows[i];
		snprintf(label, sizeof label, "%s %s", r->zh, r->en);
		if (r->section) {
			printf("-- %s\n", label);
			continue;
		}
		cmdutil_cell(label, 40);
		printf("%s\n", r->value && *r->value ? r->value : r->required ? _("(not recorded)") : "");
	}
}

static cJSON *sheet_json(const struct filing_sheet *s)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; i < s->n; i++) {
		const struct doc_sheet_row *r = &s->rows[i];
		if (r->section)
			continue;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "label_zh", r->zh);
		cJSON_AddStringToObject(o, "label_en", r->en);
		cJSON_AddStringToObject(o, "value", r->value ? r->value : "");
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static const struct cli_option filing_show_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int filing_show_cmd(struct cli *cli, int argc, char **argv)
{
	struct filing f;
	struct filing_sheet sheet;
	int rc;
	if (cli_common_options(argc, argv) != 0 || optind != argc - 1)
		return cli_usage("filing");
	if ((rc = load(cli, argv[optind], &f)))
		return rc;
	if (filing_sheet_make(cli->session.db, &f, &sheet, &cli->err) != SY_OK) {
		filing_sheet_free(&sheet);
		return cli_report(cli, &cli->err);
	}
	if (cli->json) {
		cJSON *o = filing_to_json(&f);
		cJSON_AddItemToObject(o, "sheet", sheet_json(&sheet));
		if (*sheet.warning)
			cJSON_AddStringToObject(o, "warning", sheet.warning);
		filing_sheet_free(&sheet);
		return cli_print_json(o);
	}
	if (*sheet.warning)
		fprintf(stderr, _("scrapyard: warning: %s\n"), sheet.warning);
	print_filing(&f);
	print_sheet(&sheet);
	filing_sheet_free(&sheet);
	return 0;
}

static const struct cli_option filing_done_opts[] = {
	CLI_ARG("reference", 'r'), CLI_ARG("date", 'd'), CLI_COMMON_LONGOPTS, {0}};

static int filing_done_cmd(struct cli *cli, int argc, char **argv)
{
	const char *reference = NULL, *date = NULL;
	struct filing f, other;
	int c, rc;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", filing_done_opts)) != -1) {
		if (c == 'r')
			reference = optarg;
		else if (c == 'd')
			date = optarg;
		else if (c != 'J')
			return cli_usage("filing");
	}
	if (optind != argc - 1)
		return cli_usage("filing");
	if (!reference)
		return cli_fail(cli, CLI_EXIT_INVALID, _("reference: give the reference number the authority gave with --reference REF"));
	if ((rc = load(cli, argv[optind], &f)))
		return rc;
	sy_err none = {0};
	int filed = strcmp(f.kind->code, "mofcom_entry") == 0 ? filing_vin_filed(cli->session.db, &f, &other, &none) : 0;
	if (filing_done(cli->session.db, f.id, reference, date, 0, &f, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (filed > 0)
		fprintf(stderr, _("scrapyard: warning: VIN %s was filed with the ministry before, for %s on %s (reference %s)\n"),
			f.vin, other.stock_no, other.done_on, *other.reference ? other.reference : "-");
	if (cli->json)
		return cli_print_json(filing_to_json(&f));
	printf(_("filing %lld (%s, %s) done on %s, reference %s%s\n"), (long long)f.id, filing_kind_short(f.kind), f.stock_no,
	       f.done_on, f.reference, f.late ? _(", after its due date") : "");
	return 0;
}

/* ---- rules ---- */

static cJSON *rule_json(const struct filing_rule *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", r->kind->code);
	cJSON_AddStringToObject(o, "authority", r->kind->authority_en);
	cJSON_AddNumberToObject(o, "days", r->days);
	cJSON_AddBoolToObject(o, "days_by_law", !r->kind->site_days);
	cJSON_AddStringToObject(o, "photos", r->photos);
	return o;
}

static void print_rule(const struct filing_rule *r)
{
	char days[64];
	cmdutil_cell(r->kind->code, 18);
	snprintf(days, sizeof days, _("%d working days%s"), r->days, r->kind->site_days ? _(" (yard's)") : "");
	cmdutil_cell(days, 28);
	printf("%s%s\n", _("photos needed: "), *r->photos ? r->photos : _("none"));
}

static const struct cli_option filing_rules_opts[] = {
	CLI_ARG("days", 'd'), CLI_ARG("photos", 'p'), CLI_COMMON_LONGOPTS, {0}};

static int filing_rules_cmd(struct cli *cli, int argc, char **argv)
{
	int days = -1, c, rc;
	const char *photos = NULL;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", filing_rules_opts)) != -1) {
		if (c == 'd') {
			if (cmdutil_int(cli, optarg, "days", 1, 60, &days))
				return CLI_EXIT_INVALID;
		} else if (c == 'p') {
			photos = optarg;
		} else if (c != 'J') {
			return cli_usage("filing");
		}
	}
	if (optind < argc - 1 || (optind == argc && (days >= 0 || photos)))
		return cli_usage("filing");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct filing_rule r;
	if (optind == argc - 1 && (days >= 0 || photos)) {
		if ((rc = cli_require_role(cli, "supervisor")))
			return rc;
		if (filing_rule_set(d, argv[optind], days, photos, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
	}
	cJSON *array = cli->json ? cJSON_CreateArray() : NULL;
	for (const struct filing_kind *k = filing_kinds; k->code; k++) {
		if (optind == argc - 1 && filing_kind_find(argv[optind]) != k)
			continue;
		if (filing_rule_get(d, k->code, &r, &cli->err) != SY_OK) {
			cJSON_Delete(array);
			return cli_report(cli, &cli->err);
		}
		if (array)
			cJSON_AddItemToArray(array, rule_json(&r));
		else
			print_rule(&r);
	}
	if (optind == argc - 1 && !filing_kind_find(argv[optind])) {
		cJSON_Delete(array);
		return filing_rule_get(d, argv[optind], &r, &cli->err) == SY_OK ? 0 : cli_report(cli, &cli->err);
	}
	return array ? cli_print_json(array) : 0;
}

static const struct subcommand filing_subs[] = {
	{"list", filing_list_cmd, .options = filing_list_opts},
	{"show", filing_show_cmd, .options = filing_show_opts},
	{"done", filing_done_cmd, .options = filing_done_opts},
	{"rules", filing_rules_cmd, .options = filing_rules_opts},
	{0},
};

const struct command cmd_due_command = {
	.name = "due",
	.run = cmd_due,
	.options = cmd_due_opts,
	.summary = N_("What the yard owes the authorities, due within three working days or late"),
	.usage = N_("usage: scrapyard due [--all] [--json]   (--all: everything owed)"),
};

const struct command cmd_filing_command = {
	.name = "filing",
	.subs = filing_subs,
	.summary = N_("Filings owed to the authorities: list, show what to file, mark done, site rules"),
	.usage = N_("usage: scrapyard filing list [--due|--late|--all] [--kind K] [--vehicle REF] [--limit N] [--json]\n"
	    "       scrapyard filing show ID [--json]      (what to file, in the authority's order)\n"
	    "       scrapyard filing done ID --reference REF [--date D] [--json]\n"
	    "       scrapyard filing rules [KIND [--days N] [--photos KINDS|none]] [--json]   (supervisor to change)\n"
	    "   kinds: mofcom_entry battery_report battery_outbound deregistration"),
};
