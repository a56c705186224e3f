/* scrapyard depollute: record pretreatment steps and show the checklist. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "db/depollution.h"
#include "base/i18n.h"

static const char *const state_marks[] = {
	[DEP_DONE] = "[x]", [DEP_ABSENT] = "[-]", [DEP_NEXT] = "[>]", [DEP_OPEN] = "[ ]", [DEP_BLOCKED] = "[!]",
};

static void print_record(const struct dep_step *s, const struct dep_record *r)
{
	char num[32];
	if (r->absent) {
		printf("%s", _("not present"));
	} else {
		if (r->has_qty)
			printf("%s %s  ", cmdutil_num(r->qty, num), r->unit);
		if (*r->detail)
			printf("%s  ", dep_detail_label(s->detail, r->detail));
		if (*r->battery_code)
			printf("%s  ", r->battery_code);
		if (*r->recipient)
			printf("%s (%s) %s  ", r->recipient, code_label(dep_recipient_kinds, r->recipient_kind), r->handed_over);
		if (*r->container)
			printf("%s %s  ", _("container"), r->container);
	}
	printf("  %s %.16s", r->done_by, r->done_at);
}

static void print_status(const struct vehicle *v, const struct dep_status *s)
{
	printf("%s  %s%s\n", v->stock_no, v->vin,
	       s->nev ? _("  (new-energy vehicle)") : s->hv ? _("  (full hybrid: high-voltage system)") : "");
	for (int i = 0; i < s->n; i++) {
		const struct dep_item *it = &s->items[i];
		printf("  %s ", state_marks[it->state]);
		cmdutil_cell(it->step->code, 18);
		cmdutil_cell(dep_step_label(it->step), 44);
		if (it->state == DEP_DONE || it->state == DEP_ABSENT)
			print_record(it->step, &it->rec);
		else if (it->state == DEP_NEXT)
			printf("%s", _("next"));
		else if (it->state == DEP_BLOCKED)
			printf("%s", it->reason);
		putchar('\n');
	}
	if (s->complete)
		printf("%s\n", _("Pretreatment is complete: the vehicle may be dismantled."));
	else
		printf(_("Still to do before dismantling: %s\n"), s->missing);
}

static cJSON *status_json(const struct vehicle *v, const struct dep_status *s)
{
	cJSON *o = dep_status_to_json(s);
	cJSON_AddStringToObject(o, "stock_no", v->stock_no);
	cJSON_AddStringToObject(o, "vin", v->vin);
	return o;
}

static const char *next_step(const struct dep_status *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->items[i].state == DEP_NEXT)
			return s->items[i].step->code;
	return NULL;
}

/* For the people reading the list: what a step takes and which vehicles. */
static const struct code_label qty_shown[] = {
	{"none", "no quantity", "不计数量"},
	{"optional", "optional", "可不填"},
	{"required", "required", "必填"},
	{0},
};
static const struct code_label applies_shown[] = {
	{"all", "every vehicle", "所有车辆"},
	{"combustion", "with an engine", "有发动机的车辆"},
	{"high_voltage", "with a high-voltage system", "有高压系统的车辆"},
	{"gas", "with a gas tank", "有燃气罐的车辆"},
	{0},
};

static int list_steps(struct cli *cli)
{
	cJSON *a = cli->json ? cJSON_CreateArray() : NULL;
	static const char *const applies[] = {"all", "combustion", "high_voltage", "gas"};
	static const char *const qty[] = {"none", "optional", "required"};
	if (!a) {
		cmdutil_cell(_("Step"), 18);
		cmdutil_cell(_("What is done"), 44);
		cmdutil_cell(_("Quantity"), 12);
		cmdutil_cell(_("Unit"), 6);
		printf("%s\n", _("Applies to"));
	}
	for (const struct dep_step *s = dep_steps; s->code; s++) {
		const char *unit = s->units == (DEP_UNIT_L | DEP_UNIT_KG) ? "l|kg" : s->units == DEP_UNIT_KG ? "kg" : "";
		if (a) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "step", s->code);
			cJSON_AddStringToObject(o, "en", s->en);
			cJSON_AddStringToObject(o, "zh", s->zh);
			cJSON_AddStringToObject(o, "qty", qty[s->qty]);
			cJSON_AddStringToObject(o, "unit", unit);
			cJSON_AddStringToObject(o, "applies", applies[s->applies]);
			cJSON_AddBoolToObject(o, "not_present_allowed", s->absent_ok);
			cJSON_AddBoolToObject(o, "required", s->required);
			if (s->waste_code)
				cJSON_AddStringToObject(o, "waste_code", s->waste_code);
			cJSON *needs = cJSON_AddArrayToObject(o, "needs");
			for (int k = 0; k < 3 && s->needs[k]; k++)
				cJSON_AddItemToArray(needs, cJSON_CreateString(s->needs[k]));
			cJSON_AddItemToArray(a, o);
			continue;
		}
		cmdutil_cell(s->code, 18);
		cmdutil_cell(dep_step_label(s), 44);
		cmdutil_cell(code_label(qty_shown, qty[s->qty]), 12);
		cmdutil_cell(unit, 6);
		printf("%s\n", code_label(applies_shown, applies[s->applies]));
	}
	return a ? cli_print_json(a) : 0;
}

enum { O_SHOW = 256, O_STEP, O_QTY, O_UNIT, O_CONTAINER, O_STATE, O_CODE, O_RECIPIENT, O_RKIND, O_RCODE,
       O_DATE, O_BY, O_NOTES, O_ABSENT, O_UNDO, O_REASON, O_STEPS };

static const struct cli_option cmd_depollute_opts[] = {
	CLI_FLAG("show", O_SHOW), CLI_ARG("step", O_STEP),
	CLI_ARG("qty", O_QTY), CLI_ENUM("unit", O_UNIT, "l|kg"),
	CLI_ARG("container", O_CONTAINER), CLI_ARG("state", O_STATE),
	CLI_ARG("type", O_STATE), CLI_ARG("result", O_STATE),
	CLI_ARG("code", O_CODE), CLI_ARG("recipient", O_RECIPIENT),
	CLI_ENUM("recipient-kind", O_RKIND, "oem|echelon|recycler"), CLI_ARG("credit-code", O_RCODE),
	CLI_ARG("date", O_DATE), CLI_ARG("by", O_BY),
	CLI_ARG("notes", O_NOTES), CLI_FLAG("not-present", O_ABSENT),
	CLI_ARG("undo", O_UNDO), CLI_ARG("reason", O_REASON),
	CLI_FLAG("steps", O_STEPS), CLI_COMMON_LONGOPTS, {0}};

int cmd_depollute(struct cli *cli, int argc, char **argv)
{
	struct dep_input in = {0};
	const char *undo = NULL, *reason = NULL;
	int show = 0, steps = 0, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_depollute_opts)) != -1) {
		switch (c) {
		case O_SHOW: show = 1; break;
		case O_STEP: in.step = optarg; break;
		case O_QTY:
			if (cmdutil_number(cli, optarg, "qty", &in.qty) != 0)
				return cli->err.status;
			in.has_qty = 1;
			break;
		case O_UNIT: in.unit = optarg; break;
		case O_CONTAINER: in.container = optarg; break;
		case O_STATE: in.detail = optarg; break;
		case O_CODE: in.battery_code = optarg; break;
		case O_RECIPIENT: in.recipient = optarg; break;
		case O_RKIND: in.recipient_kind = optarg; break;
		case O_RCODE: in.recipient_code = optarg; break;
		case O_DATE:
			if (cmdutil_date(cli, optarg, "date", &in.date) != 0)
				return cli->err.status;
			break;
		case O_BY: in.done_by = optarg; break;
		case O_NOTES: in.notes = optarg; break;
		case O_ABSENT: in.absent = 1; break;
		case O_UNDO: undo = optarg; break;
		case O_REASON: reason = optarg; break;
		case O_STEPS: steps = 1; break;
		case 'J': break;
		default: return cli_usage("depollute");
		}
	}
	if (steps)
		return optind == argc ? list_steps(cli) : cli_usage("depollute");
	if (optind != argc - 1 || (in.step && undo))
		return cli_usage("depollute");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct vehicle v;
	if (cmdutil_vehicle(cli, d, argv[optind], &v) != 0)
		return cli->err.status;
	struct dep_record rec;
	struct dep_status s;
	if (undo) {
		if (depollution_undo(d, &v, undo, reason, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		if (!cli->json)
			printf(_("Took back %s of %s\n"), undo, v.stock_no);
	} else if (in.step) {
		if (depollution_record(d, &v, &in, &rec, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
	}
	if (depollution_status(d, &v, &s, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = in.step && !show ? dep_record_to_json(&rec) : status_json(&v, &s);
		if (in.step && !show) {
			cJSON_AddStringToObject(o, "stock_no", v.stock_no);
			cJSON_AddStringToObject(o, "vin", v.vin);
			cJSON_AddBoolToObject(o, "complete", s.complete);
			const char *next = next_step(&s);
			if (next)
				cJSON_AddStringToObject(o, "next", next);
			else
				cJSON_AddNullToObject(o, "next");
		}
		return cli_print_json(o);
	}
	if (in.step && !show) {
		const struct dep_step *st = dep_step_find(rec.step);
		printf("%s  %s: ", v.stock_no, dep_step_label(st));
		print_record(st, &rec);
		putchar('\n');
		const char *next = next_step(&s);
		if (s.complete)
			printf("%s\n", _("Pretreatment is complete: the vehicle may be dismantled."));
		else if (next)
			printf(_("Next: %s\n"), dep_step_label(dep_step_find(next)));
		return 0;
	}
	print_status(&v, &s);
	return 0;
}

const struct command cmd_depollute_command = {
	.name = "depollute",
	.run = cmd_depollute,
	.options = cmd_depollute_opts,
	.operand = CLI_OPERAND_VEHICLE,
	.summary = N_("Pretreatment (depollution) steps of a vehicle: record them, show the checklist"),
	.usage = N_("usage: scrapyard depollute REF [--show] [--json]   (the checklist: done, next, blocked and why)\n"
	    "       scrapyard depollute REF --step STEP [--qty N --unit l|kg] [--container C] [--not-present]\n"
	    "                 [--state S | --type T | --result R] [--code BATTERYCODE] [--by NAME] [--notes T] [--json]\n"
	    "       scrapyard depollute REF --step battery_handover --recipient NAME --recipient-kind oem|echelon|recycler\n"
	    "                 [--credit-code USCC] [--date DATE] [--json]\n"
	    "       scrapyard depollute REF --undo STEP --reason TEXT [--json]\n"
	    "       scrapyard depollute --steps [--json]   (the steps, units and preconditions)"),
};
