/* scrapyard vehicle add|show|list|import|mark. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmd_group.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "base/csv.h"
#include "db/db.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"
#include "db/filing.h"
#include "db/personal.h"
#include "db/user.h"
#include "db/vehicle.h"
#include "db/vehicle_life.h"
#include "forms/form.h"

#define OPT_FIELD 1000 /* getopt values OPT_FIELD + i name form field i */
#define OPT_CONFIRM_WEIGHT 'W' /* an unusual weighed or curb mass is right */

/* ---- add ---- */

/* The argument a field's option takes, as the man page names it. */
static const char *field_arg(const struct form_field *f)
{
	switch (f->type) {
	case FORM_DATE: return "DATE";
	case FORM_MASS: return "KG";
	case FORM_COUNT: return "N";
	case FORM_VIN: return "VIN";
	case FORM_PLATE: return "PLATE";
	case FORM_FLAG: return "yes|no";
	case FORM_CHOICE: return "CODE";
	case FORM_CHOICES: return "CODE,...";
	default: return "TEXT";
	}
}

/* The codes of a choice ("a|b|c"), made once and kept. */
static const char *field_values(const struct form_field *f)
{
	if (f->type == FORM_FLAG)
		return "yes|no";
	if (!f->choices)
		return NULL;
	size_t len = 1;
	for (const struct code_label *c = f->choices; c->code; c++)
		len += strlen(c->code) + 1;
	char *out = xcalloc(len, 1);
	for (const struct code_label *c = f->choices; c->code; c++) {
		if (c != f->choices)
			strcat(out, "|");
		strcat(out, c->code);
	}
	return out;
}

/* One --option a field of the intake form, --confirm-weight, --json,
 * --help, and --reason when with_reason (a correction): made from the
 * form once, kept for the program's life. */
static const struct cli_option *intake_options(int with_reason)
{
	static struct cli_option *made[2];
	if (made[with_reason])
		return made[with_reason];
	const struct form *f = &form_intake;
	struct cli_option *opts = xcalloc((size_t)f->count + 5, sizeof *opts);
	int n = 0;
	for (int i = 0; i < f->count; i++) {
		const struct form_field *ff = &f->fields[i];
		int flag = ff->type == FORM_FLAG;
		opts[n++] = (struct cli_option){ff->key, flag ? optional_argument : required_argument, NULL, OPT_FIELD + i,
						field_arg(ff), field_values(ff), form_label(ff)};
	}
	opts[n++] = (struct cli_option){"confirm-weight", no_argument, NULL, OPT_CONFIRM_WEIGHT, NULL, NULL,
					N_("an unusual weighed or curb mass is right")};
	if (with_reason)
		opts[n++] = (struct cli_option)CLI_ARG("reason", 'r');
	opts[n++] = cli_common_longopts[0];
	opts[n++] = cli_common_longopts[1];
	return made[with_reason] = opts;
}

static const struct cli_option *vehicle_add_options(void) { return intake_options(0); }
static const struct cli_option *vehicle_correct_options(void) { return intake_options(1); }

/* The fields given as options, in the order given. */
struct given {
	int n;
	const struct form_field *field[64];
	const char *value[64];
	const char *reason; /* --reason */
	int confirm_weight; /* --confirm-weight: an unusual mass is right */
	int help;
};

/* Read the options (getopt moves the other words to the end: argv[optind]
 * is the first of them). 0, or the exit status of a usage error. */
static int read_options(int argc, char **argv, int with_reason, struct given *g)
{
	const struct cli_option *opts = intake_options(with_reason);
	int c, status = 0;
	memset(g, 0, sizeof *g);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", opts)) != -1 && status == 0) {
		if (c == 'J')
			continue;
		if (c == 'h')
			g->help = 1;
		else if (c == OPT_CONFIRM_WEIGHT)
			g->confirm_weight = 1;
		else if (c == 'r' && with_reason)
			g->reason = optarg;
		else if (c < OPT_FIELD || g->n == (int)(sizeof g->field / sizeof g->field[0]))
			status = cli_usage("vehicle");
		else {
			g->field[g->n] = &form_intake.fields[c - OPT_FIELD];
			g->value[g->n++] = optarg ? optarg : "yes";
		}
	}
	return status;
}

/* Set the given fields in v: owner kind and the VIN override first, as they
 * decide how other fields are checked. On a bad value: err, *bad. */
static int apply_given(const struct given *g, struct vehicle *v, const struct form_field **bad, sy_err *err)
{
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < g->n; i++) {
			const struct form_field *f = g->field[i];
			int kind = strcmp(f->key, "owner-kind") == 0 || strcmp(f->key, "vin-override") == 0;
			if (kind != (pass == 0))
				continue;
			if (form_set(f, v, g->value[i], err) != SY_OK) {
				*bad = f;
				return err->status;
			}
		}
	return SY_OK;
}

/* A reason given to accept what the checks refuse is a supervisor's. */
static int overrides_need_supervisor(struct cli *cli, const struct vehicle *v, const struct vehicle *before)
{
	int vin = *v->vin_override_reason && (!before || strcmp(v->vin_override_reason, before->vin_override_reason) != 0);
	int battery = *v->battery_override_reason &&
		      (!before || strcmp(v->battery_override_reason, before->battery_override_reason) != 0);
	return vin || battery ? cli_require_role(cli, "supervisor") : 0;
}

/* Say at check-in what the record means for the certificate. */
static void note_missing_vehicle(const struct vehicle *v)
{
	char part[96];
	if (!v->vehicle_missing)
		return;
	vehicle_missing_what(v, part, sizeof part);
	fprintf(stderr, _("scrapyard: note: %s came without %s: it counts as a missing vehicle (Order 715) and gets no certificate\n"),
		v->stock_no, part);
}

static void print_intake_help(const char *usage)
{
	printf("%s\n\n", usage);
	for (int i = 0; i < form_intake.count; i++) {
		const struct form_field *f = &form_intake.fields[i];
		char opt[40];
		snprintf(opt, sizeof opt, f->type == FORM_FLAG ? "--%s[=no]" : "--%s", f->key);
		printf("  %-22s %s%s", opt, form_label(f),
		       f->flags & FORM_REQUIRED			? " *"
		       : (f->flags & (FORM_NEEDED | FORM_COMPANY)) == (FORM_NEEDED | FORM_COMPANY) ? _(" * (company owner)")
		       : (f->flags & (FORM_NEEDED | FORM_NEV)) == (FORM_NEEDED | FORM_NEV)	? _(" * (new-energy vehicle)")
											: "");
		if (f->choices) {
			printf(" (");
			for (const struct code_label *c = f->choices; c->code; c++)
				printf("%s%s", c->code, c[1].code ? "|" : ")");
		}
		printf("\n");
	}
	printf("  %-22s %s\n", "--confirm-weight", _("Save a weighed or curb mass unusual for the vehicle (checked and right)"));
	printf("\n%s\n", _("* required. Prints the stock number; --json prints the whole record."));
}

/* A label padded to 28 terminal cells (Chinese characters take two), then the value. */
static void print_row(const char *label, const char *value)
{
	cmdutil_cell(label, 29);
	printf("%s\n", value);
}

static const char *status_label(const char *status)
{
	static const struct code_label statuses[] = {
		{"open", N_("open"), NULL}, {"closed", N_("closed"), NULL}, {"cancelled", N_("cancelled"), NULL}, {0}};
	for (const struct code_label *c = statuses; c->code; c++)
		if (strcmp(c->code, status) == 0)
			return _(c->en);
	return status;
}

/* What the yard owes about the vehicle, and what it has filed. */
static int print_filing(const struct filing *f, void *ctx)
{
	(void)ctx;
	char text[200];
	if (strcmp(f->state, "done") == 0)
		snprintf(text, sizeof text, _("due %s, done %s%s%s"), f->due, f->done_on, *f->reference ? _(", reference ") : "",
			 f->reference);
	else
		snprintf(text, sizeof text, _("due %s, %s (filing %lld)"), f->due, filing_state_label(f), (long long)f->id);
	print_row(filing_kind_short(f->kind), text);
	return 0;
}

static void print_filings(db *d, const struct vehicle *v)
{
	struct filing_query q = {.view = FILING_ALL, .vehicle_id = v->id};
	sy_err err = {0};
	if (filing_list(d, &q, print_filing, NULL, &err) != SY_OK)
		fprintf(stderr, "scrapyard: %s\n", err.msg);
}

/* What the vehicle still needs before it closes ("" when nothing). */
static void close_needs(db *d, const struct vehicle *v, char *out, size_t size)
{
	sy_err ignored = {0};
	if (vehicle_close_needs(d, v, out, size, &ignored) != SY_OK)
		*out = '\0';
}

static int print_correction(const struct vehicle_correction_row *r, void *ctx)
{
	(void)ctx;
	char line[1200], labels[600];
	form_labels_of_keys(&form_intake, r->fields, labels, sizeof labels);
	snprintf(line, sizeof line, "%.16s %s: %s (%s)%s%s", r->at, r->by, labels, r->reason,
		 *r->certificate ? _("; certificate ") : "", r->certificate);
	print_row(_("Corrected"), line);
	return 0;
}

static void print_status(db *d, const struct vehicle *v)
{
	char value[600], needs[400];
	if (strcmp(v->status, "closed") == 0)
		snprintf(value, sizeof value, _("%s on %.10s"), status_label(v->status), v->closed_at);
	else if (strcmp(v->status, "cancelled") == 0)
		snprintf(value, sizeof value, _("%s on %.10s: %s"), status_label(v->status), v->cancelled_at, v->cancel_reason);
	else
		snprintf(value, sizeof value, "%s", status_label(v->status));
	print_row(_("Status"), value);
	char *erased = personal_erased_at(d, v->id);
	if (erased) {
		snprintf(value, sizeof value, _("erased on %s, its retention period over"), erased);
		print_row(_("Personal data"), value);
	}
	free(erased);
	if (strcmp(v->status, "open") == 0) {
		close_needs(d, v, needs, sizeof needs);
		if (*needs)
			print_row(_("Closes after"), needs);
	}
}

static void print_vehicle(db *d, const struct vehicle *v)
{
	char value[1024];
	print_row(_("Stock no."), v->stock_no);
	print_status(d, v);
	for (int i = 0; i < form_intake.count; i++) {
		const struct form_field *f = &form_intake.fields[i];
		if (!form_applies(f, v))
			continue;
		form_show(f, v, value, sizeof value);
		print_row(form_label(f), value);
	}
	print_filings(d, v);
	sy_err ignored = {0};
	vehicle_corrections(d, v->id, print_correction, NULL, &ignored);
}

static int correction_json(const struct vehicle_correction_row *r, void *ctx)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "fields", r->fields);
	cJSON_AddStringToObject(o, "reason", r->reason);
	if (*r->certificate)
		cJSON_AddStringToObject(o, "certificate", r->certificate);
	else
		cJSON_AddNullToObject(o, "certificate");
	cJSON_AddStringToObject(o, "at", r->at);
	cJSON_AddStringToObject(o, "by", r->by);
	cJSON_AddItemToArray(ctx, o);
	return 0;
}

/* The full personal data for those the yard lets see it, with an entry in
 * the trail; masked, with a note saying why, for the others and when the
 * view cannot be recorded. 1 when masked, 0 when full, -1 on a failed login. */
static int show_full_or_mask(struct cli *cli, struct vehicle *v)
{
	sy_err why = {0};
	/* a role above clerk is checked against the user named, logged in */
	struct session *s = &cli->session;
	if (personal_full_role(s->db) > ROLE_CLERK && s->user && *s->user && !session_user(s) && session_login(s) != 0) {
		cli_report(cli, &s->err);
		return -1;
	}
	if (personal_may_see(s->db, &why) == SY_OK && personal_note_view(s->db, v, "cli", &why) == SY_OK)
		return 0;
	personal_mask(v);
	fprintf(stderr, "%s\n", why.msg);
	return 1;
}

/* A vehicle as a list or a command's answer shows it: personal data masked. */
static cJSON *masked_json(const struct vehicle *v)
{
	struct vehicle m = *v;
	personal_mask(&m);
	return vehicle_to_json(&m);
}

/* The record, what it still needs before it closes, and its corrections. */
static cJSON *vehicle_show_json(db *d, const struct vehicle *v)
{
	char needs[400];
	cJSON *o = vehicle_to_json(v);
	close_needs(d, v, needs, sizeof needs);
	if (*needs && strcmp(v->status, "open") == 0)
		cJSON_AddStringToObject(o, "closes_after", needs);
	else
		cJSON_AddNullToObject(o, "closes_after");
	sy_err ignored = {0};
	vehicle_corrections(d, v->id, correction_json, cJSON_AddArrayToObject(o, "corrections"), &ignored);
	char *erased = personal_erased_at(d, v->id);
	if (erased)
		cJSON_AddStringToObject(o, "personal_erased_at", erased);
	else
		cJSON_AddNullToObject(o, "personal_erased_at");
	free(erased);
	return o;
}

static int vehicle_add_cmd(struct cli *cli, int argc, char **argv)
{
	struct vehicle v;
	struct given g;
	const struct form_field *bad = NULL;
	sy_err err = {0};
	vehicle_init(&v);
	int status = read_options(argc, argv, 0, &g);
	v.weight_confirmed = g.confirm_weight;
	if (status)
		return status;
	if (g.help) {
		print_intake_help(_("usage: scrapyard vehicle add --vin V --plate P --owner NAME --owner-id ID [OPTIONS] [--json]"));
		return 0;
	}
	if (optind < argc)
		return cli_fail(cli, CLI_EXIT_INVALID, _("unexpected argument '%s' (see scrapyard vehicle add --help)"), argv[optind]);
	if (apply_given(&g, &v, &bad, &err) != SY_OK)
		return cli_report(cli, &err);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	/* Accepting a VIN whose check digit fails, or a battery code already
	 * on record, is a supervisor's decision. */
	if ((status = overrides_need_supervisor(cli, &v, NULL)))
		return status;
	if (vehicle_add(d, &v, &err) != SY_OK)
		return cli_report(cli, &err);
	note_missing_vehicle(&v);
	if (cli->json)
		return cli_print_json(masked_json(&v));
	printf("%s\n", v.stock_no);
	return 0;
}

/* ---- show / mark ---- */

static int load_ref(struct cli *cli, int argc, char **argv, int first_arg, struct vehicle *v)
{
	if (first_arg >= argc)
		return cli_usage("vehicle");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (vehicle_find(d, argv[first_arg], v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

/* --masked: what a task without the numbers needs; writes nothing */
static const struct cli_option vehicle_show_opts[] = {
	{"masked", no_argument, NULL, 'm', NULL, NULL,
	 N_("owners' ID numbers, phones and addresses masked, and nothing written (no record of a full view)")},
	CLI_COMMON_LONGOPTS, {0}};

static int vehicle_show_cmd(struct cli *cli, int argc, char **argv)
{
	struct vehicle v;
	int c, want_masked = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", vehicle_show_opts)) != -1) {
		if (c == 'm')
			want_masked = 1;
		else if (c != 'J')
			return cli_usage("vehicle");
	}
	int rc = load_ref(cli, argc, argv, optind, &v);
	if (rc)
		return rc;
	int masked = want_masked ? (personal_mask(&v), 1) : show_full_or_mask(cli, &v);
	if (masked < 0)
		return cli->err.status;
	if (cli->json) {
		cJSON *o = vehicle_show_json(cli->session.db, &v);
		cJSON_AddBoolToObject(o, "personal_masked", masked);
		return cli_print_json(o);
	}
	print_vehicle(cli->session.db, &v);
	return 0;
}

static const struct cli_option vehicle_mark_opts[] = {
	CLI_ARG("deregistered", 'd'), CLI_ARG("battery-reported", 'b'),
	CLI_COMMON_LONGOPTS, {0}};

static int vehicle_mark_cmd(struct cli *cli, int argc, char **argv)
{
	const char *what = NULL, *date = NULL;
	int c;
	struct vehicle v;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", vehicle_mark_opts)) != -1) {
		if (c == 'd' || c == 'b') {
			what = c == 'd' ? "deregistered" : "battery_reported";
			if (cmdutil_date(cli, optarg, c == 'd' ? "deregistered" : "battery-reported", &date) != 0)
				return cli->err.status;
		} else if (c != 'J') {
			return cli_usage("vehicle");
		}
	}
	if (!what)
		return cli_usage("vehicle");
	int rc = load_ref(cli, argc, argv, optind, &v);
	if (rc)
		return rc;
	if (vehicle_mark(cli->session.db, &v, what, date, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(masked_json(&v));
	printf(_("%s: %s on %s\n"), v.stock_no, what, date);
	return 0;
}

/* ---- correct, cancel, close ---- */

/* The labels of the intake fields whose value differs, comma separated. */
static void changed_labels(const struct vehicle *a, const struct vehicle *b, char *out, size_t size)
{
	char va[1024], vb[1024];
	*out = '\0';
	for (int i = 0; i < form_intake.count; i++) {
		const struct form_field *f = &form_intake.fields[i];
		form_get(f, a, va, sizeof va);
		form_get(f, b, vb, sizeof vb);
		if (strcmp(va, vb) != 0) {
			size_t n = strlen(out);
			snprintf(out + n, size - n, "%s%s", n ? _(", ") : "", form_label(f));
		}
	}
}

static int vehicle_correct_cmd(struct cli *cli, int argc, char **argv)
{
	struct vehicle v, old;
	struct given g;
	const struct form_field *bad = NULL;
	sy_err err = {0};
	int status = read_options(argc, argv, 1, &g);
	if (status)
		return status;
	if (g.help) {
		print_intake_help(_("usage: scrapyard vehicle correct REF --FIELD VALUE ... --reason TEXT [--json]\n"
				    "(a field printed on a certificate in force: a supervisor, and the certificate is then voided and issued again)"));
		return 0;
	}
	if (optind + 1 != argc)
		return cli_fail(cli, CLI_EXIT_INVALID, _("give one vehicle: scrapyard vehicle correct REF --FIELD VALUE ... --reason TEXT"));
	if (!g.n)
		return cli_fail(cli, CLI_EXIT_INVALID, _("give the fields to correct, as in vehicle add (see scrapyard vehicle correct --help)"));
	if ((status = load_ref(cli, argc, argv, optind, &old)))
		return status;
	v = old;
	v.weight_confirmed = g.confirm_weight;
	if (apply_given(&g, &v, &bad, &err) != SY_OK)
		return cli_report(cli, &err);
	struct vehicle_correction plan;
	vehicle_derive(&v);
	if (vehicle_correction_plan(cli->session.db, &old, &v, &plan, &err) != SY_OK)
		return cli_report(cli, &err);
	/* A field printed on the certificate in force, or an override, is a supervisor's. */
	if ((plan.on_certificate && (status = cli_require_role(cli, "supervisor"))) ||
	    (status = overrides_need_supervisor(cli, &v, &old)))
		return status;
	char labels[1024];
	changed_labels(&old, &v, labels, sizeof labels);
	if (vehicle_correct(cli->session.db, &v, g.reason, 1, &plan, &err) != SY_OK)
		return cli_report(cli, &err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddItemToObject(o, "vehicle", masked_json(&v));
		cJSON_AddStringToObject(o, "corrected", plan.fields);
		if (plan.on_certificate)
			cJSON_AddStringToObject(o, "certificate_to_reissue", plan.certificate);
		else
			cJSON_AddNullToObject(o, "certificate_to_reissue");
		return cli_print_json(o);
	}
	printf(_("%s corrected: %s\n"), v.stock_no, labels);
	if (plan.on_certificate)
		printf(_("Certificate %s still shows the old values: recall it, void it and issue it again:\n"
			 "  scrapyard cert void %s --reason TEXT\n  scrapyard cert issue %s\n"),
		       plan.certificate, plan.certificate, v.stock_no);
	return 0;
}

static const struct cli_option vehicle_cancel_opts[] = {CLI_ARG("reason", 'r'), CLI_COMMON_LONGOPTS, {0}};

/* REF and --reason (cancel) or nothing more (close). */
static int ref_and_reason(struct cli *cli, int argc, char **argv, const char **reason, struct vehicle *v)
{
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", reason ? vehicle_cancel_opts : cli_common_longopts)) != -1) {
		if (c == 'r' && reason)
			*reason = optarg;
		else if (c != 'J')
			return cli_usage("vehicle");
	}
	if (optind + 1 != argc)
		return cli_usage("vehicle");
	return load_ref(cli, argc, argv, optind, v);
}

static int vehicle_cancel_cmd(struct cli *cli, int argc, char **argv)
{
	struct vehicle v;
	const char *reason = "";
	int rc = ref_and_reason(cli, argc, argv, &reason, &v);
	if (rc || (rc = cli_require_role(cli, "supervisor")))
		return rc;
	if (vehicle_cancel(cli->session.db, &v, reason, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(masked_json(&v));
	printf(_("%s cancelled: it keeps its number and leaves the reports, ledgers and deadlines\n"), v.stock_no);
	return 0;
}

static int vehicle_close_cmd(struct cli *cli, int argc, char **argv)
{
	struct vehicle v;
	int rc = ref_and_reason(cli, argc, argv, NULL, &v);
	if (rc)
		return rc;
	if (vehicle_close(cli->session.db, &v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(masked_json(&v));
	printf(_("%s closed: its work is done%s%s\n"), v.stock_no, *v.plate ? _("; plate free for a new check-in: ") : "",
	       v.plate);
	return 0;
}

/* ---- list ---- */

struct list_ctx {
	cJSON *array;
	int rows;
};

static int list_row(const struct vehicle *v, void *p)
{
	struct list_ctx *ctx = p;
	ctx->rows++;
	if (ctx->array) {
		cJSON_AddItemToArray(ctx->array, masked_json(v));
		return 0;
	}
	cmdutil_cell(v->stock_no, 14);
	cmdutil_cell(v->vin, 18);
	cmdutil_cell(*v->plate ? v->plate : "-", 11);
	cmdutil_cell(v->owner_name, 21);
	printf("%s %s\n", v->received_date, status_label(v->status));
	return 0;
}

static const struct cli_option vehicle_list_opts[] = {
	CLI_ARG("search", 's'), CLI_ARG("limit", 'l'),
	CLI_FLAG("all-yards", 'a'), CLI_COMMON_LONGOPTS, {0}};

static int vehicle_list_cmd(struct cli *cli, int argc, char **argv)
{
	const char *search = "";
	int limit = 50, c, all_yards = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", vehicle_list_opts)) != -1) {
		if (c == 's')
			search = optarg;
		else if (c == 'a')
			all_yards = 1;
		else if (c == 'l') {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n <= 0 || n > 1000000)
				return cli_fail(cli, CLI_EXIT_INVALID, _("--limit must be a number from 1 to 1000000"));
			limit = (int)n;
		} else if (c != 'J')
			return cli_usage("vehicle");
	}
	if (optind < argc)
		search = argv[optind];
	if (all_yards)
		return group_vehicle_list(cli, search, limit);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct list_ctx ctx = {.array = cli->json ? cJSON_CreateArray() : NULL};
	int rc = vehicle_search(d, search, limit, list_row, &ctx, &cli->err);
	if (rc != SY_OK || ctx.array)
		return cmdutil_json_done(cli, rc, ctx.array);
	if (!ctx.rows)
		fprintf(stderr, "%s\n", _("no vehicles found"));
	return 0;
}

/* ---- import ---- */

struct import_state {
	const struct form_field *columns[CSV_MAX_FIELDS];
	int ncolumns;
	long imported, bad_rows;
	cJSON *errors;
	int show_progress;
	long long file_size;
	int weights_confirmed; /* --confirm-weight: unusual masses in the file are right */
};

static int map_header(struct import_state *st, char **fields, int n, sy_err *err)
{
	int have_vin = 0;
	for (int i = 0; i < n; i++) {
		char name[128];
		sy_strlcpy(name, fields[i], sizeof name);
		text_trim(name);
		st->columns[i] = form_find_column(&form_intake, name);
		if (!st->columns[i] && *name)
			return sy_fail(err, SY_INVALID, "csv",
				       _("line 1: unknown column '%s' (use the option names of 'scrapyard vehicle add --help' or their labels)"),
				       name);
		have_vin |= st->columns[i] && strcmp(st->columns[i]->key, "vin") == 0;
	}
	st->ncolumns = n;
	if (!have_vin)
		return sy_fail(err, SY_INVALID, "csv", _("line 1: the header has no 'vin' column"));
	return SY_OK;
}

static void bad_row(struct import_state *st, long line, const sy_err *err)
{
	st->bad_rows++;
	if (cJSON_GetArraySize(st->errors) >= 1000)
		return;
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, "line", line);
	cJSON_AddStringToObject(e, "field", err->field);
	char reason[sizeof err->msg + sizeof err->hint + 4];
	cJSON_AddStringToObject(e, "reason", sy_err_line(err, reason, sizeof reason));
	cJSON_AddItemToArray(st->errors, e);
}

static int row_to_vehicle(struct import_state *st, char **fields, int n, struct vehicle *v, sy_err *err)
{
	vehicle_init(v);
	if (n != st->ncolumns)
		return sy_fail(err, SY_INVALID, "csv", _("%d columns where the header has %d"), n, st->ncolumns);
	/* Owner kind and VIN override first: they change how other columns are checked. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			const struct form_field *f = st->columns[i];
			if (!f || (strcmp(f->key, "owner-kind") == 0 || strcmp(f->key, "vin-override") == 0) != (pass == 0))
				continue;
			if (*fields[i] && form_set(f, v, fields[i], err) != SY_OK)
				return err->status;
		}
	return SY_OK;
}

static void progress(struct import_state *st, struct csv_reader *r, int done)
{
	if (!st->show_progress || (!done && st->imported % 5000))
		return;
	int pct = st->file_size > 0 ? (int)(100 * csv_offset(r) / st->file_size) : 0;
	fprintf(stderr, _("\rimporting: %ld rows, %d%%"), st->imported + st->bad_rows, done ? 100 : pct);
	if (done)
		fputc('\n', stderr);
}

static int import_rows(db *d, struct csv_reader *r, struct import_state *st, sy_err *err)
{
	char **fields;
	int n, rc;
	struct vehicle v;
	struct vehicle_batch batch = {0};
	sy_err row_err;
	if ((rc = csv_next(r, &fields, &n, err)) <= 0)
		return rc == 0 ? sy_fail(err, SY_INVALID, "csv", _("the file is empty")) : err->status;
	if (map_header(st, fields, n, err) != SY_OK)
		return err->status;
	while ((rc = csv_next(r, &fields, &n, err)) == 1) {
		long line = csv_line(r);
		sy_err_clear(&row_err);
		if (row_to_vehicle(st, fields, n, &v, &row_err) != SY_OK || vehicle_validate(d, &v, &row_err) != SY_OK) {
			bad_row(st, line, &row_err);
			continue;
		}
		if (!st->weights_confirmed && vehicle_check_weights(&v, &row_err) != SY_OK) {
			sy_hint(&row_err, _("if the file is right: import it with --confirm-weight"));
			bad_row(st, line, &row_err);
			continue;
		}
		/* After the first bad row nothing will be kept: only check the rest.
		 * No savepoint per row: the whole transaction is rolled back then,
		 * and a savepoint would make the search index flush on every row. */
		if (st->bad_rows == 0) {
			if (vehicle_batch_add(d, &batch, &v, &row_err) != SY_OK) {
				if (row_err.status == SY_ENV) {
					*err = row_err;
					return err->status;
				}
				bad_row(st, line, &row_err);
			} else {
				st->imported++;
			}
		}
		progress(st, r, 0);
	}
	progress(st, r, 1);
	if (rc != 0)
		return err->status;
	return st->bad_rows ? SY_OK : vehicle_batch_finish(d, &batch, err);
}

static void print_import_errors(const struct import_state *st)
{
	cJSON *e;
	int shown = 0;
	cJSON_ArrayForEach(e, st->errors)
	{
		if (shown++ >= 50)
			break;
		const char *field = cJSON_GetObjectItem(e, "field")->valuestring;
		fprintf(stderr, _("line %d: %s%s%s\n"), cJSON_GetObjectItem(e, "line")->valueint, *field ? field : "",
			*field ? ": " : "", cJSON_GetObjectItem(e, "reason")->valuestring);
	}
	if (st->bad_rows > shown)
		fprintf(stderr, _("... and %ld more bad rows\n"), st->bad_rows - shown);
	fprintf(stderr, _("%ld bad rows: nothing was imported; fix them and import the file again\n"), st->bad_rows);
}

/* A file with a VIN or battery override column needs a supervisor, as vehicle add does. */
static int header_has_override(FILE *in)
{
	char **fields;
	int n, found = 0;
	struct csv_reader *r = csv_open(in);
	if (csv_next(r, &fields, &n, NULL) == 1)
		for (int i = 0; i < n && !found; i++) {
			char name[128];
			sy_strlcpy(name, fields[i], sizeof name);
			text_trim(name);
			const struct form_field *f = form_find_column(&form_intake, name);
			found = f && (strcmp(f->key, "vin-override") == 0 || strcmp(f->key, "battery-override") == 0);
		}
	csv_close(r);
	rewind(in);
	return found;
}

#define MAX_IMPORT_BYTES (2LL << 30)

static const struct cli_option vehicle_import_opts[] = {CLI_FLAG("confirm-weight", OPT_CONFIRM_WEIGHT), CLI_COMMON_LONGOPTS,
				     {0}};

static int vehicle_import_cmd(struct cli *cli, int argc, char **argv)
{
	int c, weights_confirmed = 0;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", vehicle_import_opts)) != -1)
		if (c == OPT_CONFIRM_WEIGHT)
			weights_confirmed = 1;
		else if (c != 'J')
			return cli_usage("vehicle");
	if (optind >= argc)
		return cli_usage("vehicle");
	const char *path = argv[optind];
	FILE *in = fopen(path, "rb");
	if (!in)
		return cli_fail(cli, CLI_EXIT_INVALID, _("cannot open %s: %m"), path);
	struct stat sb;
	if (fstat(fileno(in), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MAX_IMPORT_BYTES) {
		fclose(in);
		return cli_fail(cli, CLI_EXIT_INVALID, _("%s is not a regular file of at most 2 GiB"), path);
	}
	db *d = cli_db(cli);
	if (!d) {
		fclose(in);
		return cli->err.status;
	}
	int need_role = header_has_override(in) ? cli_require_role(cli, "supervisor") : 0;
	if (need_role) {
		fclose(in);
		return need_role;
	}
	struct import_state st = {.errors = cJSON_CreateArray(), .show_progress = isatty(STDERR_FILENO) && !cli->json,
				  .file_size = sb.st_size, .weights_confirmed = weights_confirmed};
	struct csv_reader *r = csv_open(in);
	sy_err err = {0};
	/* One transaction for the whole file: give it room so that its pages stay
	 * in memory instead of spilling to the log and being read back. */
	db_set_cache_kib(d, 262144);
	int rc = db_begin(d, &err);
	if (rc == SY_OK) {
		rc = import_rows(d, r, &st, &err);
		if (rc == SY_OK && st.bad_rows == 0)
			rc = db_commit(d, &err);
		else
			db_rollback(d);
	}
	csv_close(r);
	fclose(in);
	if (rc == SY_OK && st.bad_rows)
		rc = SY_INVALID;
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "imported", rc == SY_OK ? st.imported : 0);
		cJSON_AddNumberToObject(o, "bad_rows", st.bad_rows);
		cJSON_AddItemToObject(o, "errors", st.errors);
		if (rc != SY_OK && *err.msg)
			cJSON_AddStringToObject(o, "error", err.msg);
		cli_print_json(o);
	} else {
		if (st.bad_rows)
			print_import_errors(&st);
		cJSON_Delete(st.errors);
	}
	if (rc != SY_OK && *err.msg && !cli->json)
		fprintf(stderr, "scrapyard: %s\n", err.msg);
	if (rc == SY_OK && !cli->json)
		printf(_("imported %ld vehicles\n"), st.imported);
	return rc;
}

static const struct subcommand vehicle_subs[] = {
	{"add", vehicle_add_cmd, .make_options = vehicle_add_options},
	{"show", vehicle_show_cmd, vehicle_show_opts, .operand = CLI_OPERAND_VEHICLE},
	{"list", vehicle_list_cmd, .options = vehicle_list_opts},
	{"import", vehicle_import_cmd, vehicle_import_opts, .operand = CLI_OPERAND_FILE},
	{"mark", vehicle_mark_cmd, vehicle_mark_opts, .operand = CLI_OPERAND_VEHICLE},
	{"correct", vehicle_correct_cmd, .operand = CLI_OPERAND_VEHICLE, .make_options = vehicle_correct_options},
	{"cancel", vehicle_cancel_cmd, vehicle_cancel_opts, .operand = CLI_OPERAND_VEHICLE},
	{"close", vehicle_close_cmd, .operand = CLI_OPERAND_VEHICLE},
	{0},
};

const struct command cmd_vehicle_command = {
	.name = "vehicle",
	.subs = vehicle_subs,
	.summary = N_("Check vehicles in, show, list, import, correct, cancel, close"),
	.usage = N_("usage: scrapyard vehicle add --vin V --plate P --owner NAME --owner-id ID [OPTIONS] [--confirm-weight] [--json]\n"
	    "       scrapyard vehicle show REF [--masked] [--json]\n"
	    "       scrapyard vehicle list [--search TEXT] [--limit N] [--all-yards] [--json]\n"
	    "       scrapyard vehicle import FILE.csv [--confirm-weight] [--json]\n"
	    "       scrapyard vehicle mark REF --deregistered DATE | --battery-reported DATE\n"
	    "       scrapyard vehicle correct REF --FIELD VALUE ... --reason TEXT [--json]   (the options of vehicle add)\n"
	    "       scrapyard vehicle cancel REF --reason TEXT [--json]   (supervisor: a wrong check-in)\n"
	    "       scrapyard vehicle close REF [--json]   (its work done; closes by itself as a rule)\n"
	    "       scrapyard vehicle add --help   (every intake option)"),
};
