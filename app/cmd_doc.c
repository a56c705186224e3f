/* scrapyard doc receipt|dismantling|ledger|cod|mofcom|dereg: the yard's
 * other printed documents, as A4 PDF files from the records. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "app/doc_fill.h"
#include "app/doc_print.h"
#include "app/filing_sheet.h"
#include "db/cert.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/input.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/doc.h"

struct doc_opts {
	const char *output, *from, *to;
	const char *country, *vclass, *nationality;
	const char *printer; /* --printer NAME: this document's A4 printer */
	int print;
	int first_arg; /* index of the first word after the options */
};

enum { OPT_FROM = 1000, OPT_TO, OPT_COUNTRY, OPT_CLASS, OPT_NATIONALITY, OPT_PRINTER };

static const struct cli_option doc_options[] = {
	CLI_ARG("output", 'o'),     CLI_FLAG("print", 'p'),
	CLI_ARG("from", OPT_FROM), CLI_ARG("to", OPT_TO),
	CLI_ARG("country", OPT_COUNTRY), CLI_ARG("class", OPT_CLASS),
	CLI_ARG("nationality", OPT_NATIONALITY), DOC_PRINTER_OPTION(OPT_PRINTER),
	CLI_COMMON_LONGOPTS, {0}};

static int parse_opts(struct cli *cli, int argc, char **argv, struct doc_opts *o)
{
	int c;
	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", doc_options)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case 'p': o->print = 1; break;
		case OPT_FROM:
		case OPT_TO:
			if (cmdutil_date(cli, optarg, c == OPT_FROM ? "from" : "to", c == OPT_FROM ? &o->from : &o->to) != 0)
				return cli->err.status;
			break;
		case OPT_COUNTRY: o->country = optarg; break;
		case OPT_CLASS: o->vclass = optarg; break;
		case OPT_NATIONALITY: o->nationality = optarg; break;
		case OPT_PRINTER: o->printer = optarg, o->print = 1; break;
		case 'J': break;
		default: return cli_usage("doc");
		}
	}
	if (!o->output)
		return cli_fail(cli, CLI_EXIT_INVALID, _("output: name the PDF file to write with --output FILE"));
	if (o->printer && doc_printer_name_check(o->printer, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	o->first_arg = optind;
	return 0;
}

/* After a document is written: report it, print it when asked. */
static int done(struct cli *cli, db *d, const struct doc_opts *o, const char *kind, long rows, int rc, sy_err *err,
		unsigned warnings)
{
	if (rc != SY_OK)
		return cli_report(cli, err);
	if (warnings & PDF_WARN_REPLACED)
		fprintf(stderr, "%s\n", _("scrapyard: note: some characters have no printed form and show as '?'"));
	struct doc_print_job job = {0};
	if (o->print && (rc = doc_print(cli, d, o->output, o->printer, &job)))
		return rc;
	if (cli->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "document", kind);
		cJSON_AddStringToObject(j, "file", o->output);
		if (rows >= 0)
			cJSON_AddNumberToObject(j, "rows", (double)rows);
		cJSON_AddBoolToObject(j, "printed", o->print);
		if (o->print)
			doc_print_json(j, &job);
		return cli_print_json(j);
	}
	printf("%s\n", o->output);
	return 0;
}

static int load_vehicle(struct cli *cli, int argc, char **argv, const struct doc_opts *o, db **d, struct vehicle *v)
{
	if (o->first_arg + 1 != argc)
		return cli_usage("doc");
	*d = cli_db(cli);
	if (!*d)
		return cli->err.status;
	if (vehicle_find(*d, argv[o->first_arg], v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

/* Writes one vehicle's document to o->output. */
typedef int (*vehicle_pdf_fn)(db *d, const struct vehicle *v, const struct doc_opts *o, unsigned *warnings,
			      sy_err *err);

/* A document of the vehicle REF names: options, the vehicle, the PDF, the report. */
static int vehicle_doc(struct cli *cli, int argc, char **argv, const char *name, vehicle_pdf_fn write_pdf)
{
	struct doc_opts o;
	struct vehicle v;
	db *d = NULL;
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc || (rc = load_vehicle(cli, argc, argv, &o, &d, &v)))
		return rc;
	unsigned warnings = 0;
	sy_err err = {0};
	rc = write_pdf(d, &v, &o, &warnings, &err);
	return done(cli, d, &o, name, -1, rc, &err, warnings);
}

static int receipt_pdf(db *d, const struct vehicle *v, const struct doc_opts *o, unsigned *warnings, sy_err *err)
{
	struct receipt_doc doc;
	struct doc_fill fill = {0};
	int rc = doc_fill_receipt(d, v, &doc, &fill, err);
	if (rc == SY_OK)
		rc = doc_receipt_pdf(&doc, o->output, NULL, warnings, err);
	doc_fill_free(&fill);
	return rc;
}

static int dismantling_pdf(db *d, const struct vehicle *v, const struct doc_opts *o, unsigned *warnings,
			   sy_err *err)
{
	struct dismantling_doc doc;
	struct doc_fill fill = {0};
	int rc = doc_fill_dismantling(d, v, &doc, &fill, err);
	if (rc == SY_OK)
		rc = doc_dismantling_pdf(&doc, o->output, NULL, warnings, err);
	doc_fill_free(&fill);
	return rc;
}

/* The EU-style certificate of destruction, for vehicles from or going to
 * the EU: from the vehicle record, numbered like its certificate. */
static int cod_pdf(db *d, const struct vehicle *v, const struct doc_opts *o, unsigned *warnings, sy_err *err)
{
	struct cod_doc doc;
	struct doc_fill fill = {0};
	int rc = doc_fill_cod(d, v, &doc, &fill, err);
	if (rc == SY_OK) {
		doc.holder.nationality = o->nationality;
		doc.vehicle.plate_country = o->country ? o->country : "CN";
		doc.vehicle.vehicle_class = o->vclass;
		rc = doc_cod_pdf(&doc, o->output, NULL, warnings, err);
	}
	doc_fill_free(&fill);
	return rc;
}

/* The ministry's ELV entry sheet or the deregistration cover sheet. */
static int sheet_pdf(db *d, const struct vehicle *v, const char *kind, const struct doc_opts *o, unsigned *warnings,
		     sy_err *err)
{
	char *file = filing_sheet_pdf(d, v, kind, o->output, warnings, err);
	int rc = file ? SY_OK : err->status;
	free(file);
	return rc;
}

static int mofcom_pdf(db *d, const struct vehicle *v, const struct doc_opts *o, unsigned *warnings, sy_err *err)
{
	return sheet_pdf(d, v, "mofcom_entry", o, warnings, err);
}

static int dereg_pdf(db *d, const struct vehicle *v, const struct doc_opts *o, unsigned *warnings, sy_err *err)
{
	return sheet_pdf(d, v, "deregistration", o, warnings, err);
}

static int doc_receipt_cmd(struct cli *cli, int argc, char **argv)
{
	return vehicle_doc(cli, argc, argv, "receipt", receipt_pdf);
}

static int doc_dismantling_cmd(struct cli *cli, int argc, char **argv)
{
	return vehicle_doc(cli, argc, argv, "dismantling", dismantling_pdf);
}

static int doc_cod_cmd(struct cli *cli, int argc, char **argv)
{
	return vehicle_doc(cli, argc, argv, "cod", cod_pdf);
}

static int doc_mofcom_cmd(struct cli *cli, int argc, char **argv)
{
	return vehicle_doc(cli, argc, argv, "mofcom", mofcom_pdf);
}

static int doc_dereg_cmd(struct cli *cli, int argc, char **argv)
{
	return vehicle_doc(cli, argc, argv, "dereg", dereg_pdf);
}

static int doc_ledger_cmd(struct cli *cli, int argc, char **argv)
{
	static const char *const kinds[] = {"parts", "waste", "batteries", NULL};
	struct doc_opts o;
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc)
		return rc;
	if (o.first_arg + 1 != argc)
		return cli_usage("doc");
	sy_err err = {0};
	char today[11];
	db_today(today);
	if (o.to && strlen(o.to) == 10 && strcmp(o.to, today) > 0) /* up to today, then */
		o.to = today;
	int kind = input_choice(argv[o.first_arg], kinds, "ledger", &err);
	if (kind < 0 || input_date(o.from, "from", 0, &err) != SY_OK || input_date(o.to, "to", 0, &err) != SY_OK)
		return cli_report(cli, &err);
	if (o.from && o.to && strcmp(o.from, o.to) > 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("from: the period starts (%s) after it ends (%s)"), o.from, o.to);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct ledger_doc doc;
	struct doc_fill fill = {0};
	unsigned warnings = 0;
	rc = doc_fill_ledger(d, (enum ledger_kind)kind, o.from, o.to, &doc, &fill, &err);
	long rows = rc == SY_OK ? (long)doc.nrows : -1;
	if (rc == SY_OK)
		rc = doc_ledger_pdf(&doc, o.output, NULL, &warnings, &err);
	doc_fill_free(&fill);
	return done(cli, d, &o, kinds[kind], rows, rc, &err, warnings);
}

static const struct subcommand doc_subs[] = {
	{"receipt", doc_receipt_cmd, .options = doc_options, .operand = CLI_OPERAND_VEHICLE},
	{"dismantling", doc_dismantling_cmd, .options = doc_options, .operand = CLI_OPERAND_VEHICLE},
	{"ledger", doc_ledger_cmd, .options = doc_options},
	{"cod", doc_cod_cmd, .options = doc_options, .operand = CLI_OPERAND_VEHICLE},
	{"mofcom", doc_mofcom_cmd, .options = doc_options, .operand = CLI_OPERAND_VEHICLE},
	{"dereg", doc_dereg_cmd, .options = doc_options, .operand = CLI_OPERAND_VEHICLE},
	{0},
};

const struct command cmd_doc_command = {
	.name = "doc",
	.subs = doc_subs,
	.summary = N_("Print the intake receipt, dismantling record, ledgers, certificate of destruction, filing sheets (PDF)"),
	.usage = N_("usage: scrapyard doc receipt REF --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard doc dismantling REF --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard doc ledger parts|waste|batteries [--from DATE] [--to DATE] --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard doc cod REF --output FILE [--country MARK] [--class M1] [--nationality TEXT]\n"
	    "       scrapyard doc mofcom REF --output FILE [--print] [--printer NAME] [--json]   (the ministry's ELV entry sheet)\n"
	    "       scrapyard doc dereg REF --output FILE [--print] [--printer NAME] [--json]    (deregistration cover sheet)"),
};
