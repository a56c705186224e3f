/* scrapyard cert issue|void|show|list|pdf|verify: recycling certificates
 * from the command line, and the A4 PDF of each. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/cli_auth.h"
#include "app/commands.h"
#include "app/doc_fill.h"
#include "app/doc_print.h"
#include "db/cert.h"
#include "db/db.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/doc.h"

/* ---- rendering ---- */

/* Write certificate c to path; 0 or the exit status after reporting. */
static int write_pdf(struct cli *cli, db *d, const struct cert *c, const char *path)
{
	struct cert_doc doc;
	struct doc_fill fill = {0};
	unsigned warnings = 0;
	sy_err err = {0};
	int rc = doc_fill_cert(d, c, &doc, &fill, &err);
	if (rc == SY_OK)
		rc = doc_certificate_pdf(&doc, path, NULL, &warnings, &err);
	doc_fill_free(&fill);
	if (rc != SY_OK)
		return cli_report(cli, &err);
	if (warnings & PDF_WARN_REPLACED)
		fprintf(stderr, "%s\n",
			_("scrapyard: note: some characters have no printed form and show as '?' on the certificate"));
	return 0;
}

/* Without --output a certificate is kept with the yard's data, in a
 * "certificates" folder beside the database, where the next clerk finds it.
 * NULL after reporting when that folder cannot be used. */
static char *default_file(struct cli *cli, const struct cert *c)
{
	char *dir = db_yard_folder(cli->session.db, "certificates", &cli->err);
	if (!dir) {
		cli_report(cli, &cli->err);
		return NULL;
	}
	char *file = xasprintf("%s/%s.pdf", dir, c->number);
	free(dir);
	return file;
}

static cJSON *issued_json(const struct cert *c, const char *file, int printed, const struct doc_print_job *job)
{
	cJSON *o = cert_to_json(c);
	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddBoolToObject(o, "printed", printed);
	if (printed)
		doc_print_json(o, job);
	return o;
}

/* ---- the paper: issue and pdf write the PDF and print it when asked ---- */

struct paper {
	const char *output;  /* --output FILE; NULL: the default file */
	const char *printer; /* --printer NAME */
	int print;
	struct doc_print_job job;
};

static const struct cli_option cert_paper_opts[] = {
	CLI_ARG("output", 'o'), CLI_FLAG("print", 'p'), DOC_PRINTER_OPTION('P'), CLI_COMMON_LONGOPTS, {0}};

/* The options of issue and pdf and their one operand: 0, or the exit status. */
static int parse_paper(struct cli *cli, int argc, char **argv, struct paper *p)
{
	int c;
	*p = (struct paper){0};
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cert_paper_opts)) != -1) {
		if (c == 'o')
			p->output = optarg;
		else if (c == 'p')
			p->print = 1;
		else if (c == 'P')
			p->printer = optarg, p->print = 1;
		else if (c != 'J')
			return cli_usage("cert");
	}
	if (p->printer && doc_printer_name_check(p->printer, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (optind + 1 != argc)
		return cli_usage("cert");
	return 0;
}

/* Write the certificate's PDF: *file is where (to free), the status returned. */
static int paper_write(struct cli *cli, db *d, const struct cert *cert, const struct paper *p, char **file)
{
	*file = p->output ? xstrdup(p->output) : default_file(cli, cert);
	return *file ? write_pdf(cli, d, cert, *file) : cli->err.status;
}

/* Print the written file when asked, then say what was done: the number
 * too when the certificate was just issued. */
static int paper_done(struct cli *cli, db *d, const struct cert *cert, struct paper *p, const char *file,
		      int issued)
{
	int rc = p->print ? doc_print(cli, d, file, p->printer, &p->job) : 0;
	if (rc)
		return rc;
	if (cli->json)
		cli_print_json(issued_json(cert, file, p->print, &p->job));
	else if (issued)
		printf("%s\n%s\n", cert->number, file);
	else
		printf("%s\n", file);
	return 0;
}

/* ---- issue ---- */

static int cert_issue_cmd(struct cli *cli, int argc, char **argv)
{
	struct paper p;
	int rc = parse_paper(cli, argc, argv, &p);
	if (rc)
		return rc;
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct vehicle v;
	if (vehicle_find(d, argv[optind], &v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	rc = cert_is_reissue(d, v.id) ? cli_require_role(cli, "supervisor") : 0;
	if (rc)
		return rc;
	struct cert cert;
	if (cert_issue(d, &v, &cert, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	char *file;
	rc = paper_write(cli, d, &cert, &p, &file);
	if (rc) /* issued all the same: say how to get the paper */
		fprintf(stderr, _("scrapyard: certificate %s is issued; make its PDF with 'scrapyard cert pdf %s --output FILE'\n"),
			cert.number, cert.number);
	else
		rc = paper_done(cli, d, &cert, &p, file, 1);
	free(file);
	cert_clear(&cert);
	return rc;
}

/* ---- void ---- */

static const struct cli_option cert_void_opts[] = {CLI_ARG("reason", 'r'), CLI_COMMON_LONGOPTS, {0}};

static int cert_void_cmd(struct cli *cli, int argc, char **argv)
{
	const char *reason = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cert_void_opts)) != -1) {
		if (c == 'r')
			reason = optarg;
		else if (c != 'J')
			return cli_usage("cert");
	}
	if (optind + 1 != argc)
		return cli_usage("cert");
	if (!reason || !*reason)
		return cli_fail(cli, CLI_EXIT_INVALID, _("reason: a voided certificate needs a written reason: give --reason TEXT"));
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	int rc = cli_require_role(cli, "supervisor");
	if (rc)
		return rc;
	struct cert cert;
	if (cert_void(d, argv[optind], reason, &cert, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		cli_print_json(cert_to_json(&cert));
	else
		printf(_("%s void: %s\n"), cert.number, cert.void_reason);
	cert_clear(&cert);
	return 0;
}

/* ---- show / list ---- */

static void print_line(const char *label, const char *value)
{
	if (!value || !*value)
		return;
	int pad = 22 - (int)text_display_width(label);
	printf("%s%*s %s\n", label, pad > 0 ? pad : 0, "", value);
}

static int cert_show_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind + 1 != argc)
		return cli_usage("cert");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct cert cert;
	char payload[CERT_QR_MAX];
	if (cert_get(d, argv[optind], &cert, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cert_payload(d, &cert, payload, sizeof payload, &cli->err) != SY_OK) {
		cert_clear(&cert);
		return cli_report(cli, &cli->err);
	}
	if (cli->json) {
		cJSON *o = cert_to_json(&cert);
		cJSON_AddStringToObject(o, "payload", payload);
		cJSON *snap = cJSON_Parse(cert.snapshot);
		cJSON_AddItemToObject(o, "printed", snap ? snap : cJSON_CreateNull());
		cert_clear(&cert);
		return cli_print_json(o);
	}
	print_line(_("Certificate"), cert.number);
	print_line(_("Status"), code_label(cert_statuses, cert.status));
	print_line(_("Stock no."), cert.stock_no);
	print_line(_("VIN"), cert.vin);
	print_line(_("Plate"), cert.plate);
	print_line(_("Owner"), cert.owner_name);
	print_line(_("Issued"), cert.issued_at);
	print_line(_("Issued by"), cert.issued_by);
	print_line(_("Replaces"), cert.replaces);
	print_line(_("Replaced by"), cert.replaced_by);
	print_line(_("Voided"), cert.voided_at);
	print_line(_("Voided by"), cert.voided_by);
	print_line(_("Reason"), cert.void_reason);
	print_line(_("Verification code"), payload);
	cert_clear(&cert);
	return 0;
}

struct list_ctx {
	cJSON *array;
	int rows;
};

static int list_row(const struct cert *c, void *p)
{
	struct list_ctx *ctx = p;
	ctx->rows++;
	if (ctx->array) {
		cJSON_AddItemToArray(ctx->array, cert_to_json(c));
		return 0;
	}
	printf("%-14s %-13s %-17s ", c->number, c->stock_no, c->vin);
	cmdutil_cell(*c->plate ? c->plate : "-", 10);
	cmdutil_cell(code_label(cert_statuses, c->status), 7);
	printf("%.10s%s%s\n", c->issued_at, *c->replaces ? _("  replaces ") : "", c->replaces);
	return 0;
}

static const struct cli_option cert_list_opts[] = {
	CLI_ARG("vehicle", 'v'), CLI_ARG("limit", 'l'), CLI_COMMON_LONGOPTS, {0}};

static int cert_list_cmd(struct cli *cli, int argc, char **argv)
{
	const char *ref = NULL;
	int limit = 100, c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cert_list_opts)) != -1) {
		if (c == 'v') {
			ref = optarg;
		} else if (c == 'l') {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n <= 0 || n > 1000000)
				return cli_fail(cli, CLI_EXIT_INVALID, _("--limit must be a number from 1 to 1000000"));
			limit = (int)n;
		} else if (c != 'J') {
			return cli_usage("cert");
		}
	}
	if (optind != argc)
		return cli_usage("cert");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct vehicle v = {0};
	if (ref && vehicle_find(d, ref, &v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	struct list_ctx ctx = {.array = cli->json ? cJSON_CreateArray() : NULL};
	int rc = cert_list(d, v.id, limit, list_row, &ctx, &cli->err);
	if (rc != SY_OK || ctx.array)
		return cmdutil_json_done(cli, rc, ctx.array);
	if (!ctx.rows)
		fprintf(stderr, "%s\n", _("no certificates yet"));
	return 0;
}

/* ---- pdf ---- */

static int cert_pdf_cmd(struct cli *cli, int argc, char **argv)
{
	struct paper p;
	int rc = parse_paper(cli, argc, argv, &p);
	if (rc)
		return rc;
	if (!p.output && !p.print)
		return cli_usage("cert");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct cert cert;
	if (cert_get(d, argv[optind], &cert, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	char *file;
	rc = paper_write(cli, d, &cert, &p, &file);
	if (!rc)
		rc = paper_done(cli, d, &cert, &p, file, 0);
	free(file);
	cert_clear(&cert);
	return rc;
}

/* ---- verify ---- */

static const struct cli_option cert_verify_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int cert_verify_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind + 1 != argc)
		return cli_usage("cert");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct cert_verdict v;
	if (cert_verify(d, argv[optind], &v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	int ok = v.result == CERT_VALID;
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "result", cert_check_name(v.result));
		cJSON_AddBoolToObject(o, "valid", ok);
		cJSON_AddStringToObject(o, "detail", v.detail);
		cJSON_AddItemToObject(o, "certificate", v.cert.id ? cert_to_json(&v.cert) : cJSON_CreateNull());
		cli_print_json(o);
	} else {
		printf("%s: %s\n", cert_check_name(v.result), v.detail);
	}
	cert_clear(&v.cert);
	return ok ? CLI_EXIT_OK : CLI_EXIT_INVALID;
}

static const struct subcommand cert_subs[] = {
	{"issue", cert_issue_cmd, .options = cert_paper_opts, .operand = CLI_OPERAND_VEHICLE},
	{"void", cert_void_cmd, .options = cert_void_opts, .operand = CLI_OPERAND_CERT},
	{"show", cert_show_cmd, .operand = CLI_OPERAND_CERT},
	{"list", cert_list_cmd, .options = cert_list_opts},
	{"pdf", cert_pdf_cmd, .options = cert_paper_opts, .operand = CLI_OPERAND_CERT},
	{"verify", cert_verify_cmd, .options = cert_verify_opts},
	{0},
};

const struct command cmd_cert_command = {
	.name = "cert",
	.subs = cert_subs,
	.summary = N_("Recycling certificates: issue, void, reissue, print, verify"),
	.usage = N_("usage: scrapyard cert issue REF [--output FILE.pdf] [--print] [--printer NAME] [--json]   (REF: stock number, VIN or plate)\n"
	    "       scrapyard cert void NUMBER --reason TEXT [--json]   (supervisor; then 'cert issue' reissues)\n"
	    "       scrapyard cert show NUMBER [--json]\n"
	    "       scrapyard cert list [--vehicle REF] [--limit N] [--json]\n"
	    "       scrapyard cert pdf NUMBER --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard cert verify PAYLOAD [--json]   (the text of a certificate's QR code)"),
};
