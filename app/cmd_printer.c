/* scrapyard printer list | status | retry | jobs | use | a4 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmdutil.h"
#include "app/cmd_label.h"
#include "app/commands.h"
#include "app/doc_print.h"
#include "app/devices.h"
#include "app/label_print.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"

static const struct {
	unsigned flag;
	const char *name;
} condition_names[] = {
	{PRINTER_PAPER_OUT, "paper_out"}, {PRINTER_HEAD_OPEN, "head_open"}, {PRINTER_COVER_OPEN, "cover_open"},
	{PRINTER_JAM, "jam"},             {PRINTER_RIBBON_OUT, "ribbon_out"}, {PRINTER_CUTTER, "cutter"},
	{PRINTER_OVERHEAT, "overheat"},   {PRINTER_PAUSED, "paused"},       {PRINTER_OFFLINE, "offline"},
	{PRINTER_FAULT, "fault"},         {PRINTER_BUSY, "busy"},           {PRINTER_DONE, "done"},
	{PRINTER_WRONG_MODE, "not_raster_mode"},
};

/* What a Brother says is loaded: {"name":"62x100","type":"die-cut","width_mm":62,"length_mm":100,...}. */
static void media_json(cJSON *o, const struct printer_status *st)
{
	char text[128];
	const struct printer_ql_media *m = printer_ql_media_loaded(st);
	printer_ql_loaded_describe(st, text, sizeof text);
	if (!*text)
		return;
	cJSON *j = cJSON_AddObjectToObject(o, "media");
	cJSON_AddStringToObject(j, "name", m ? m->name : "");
	cJSON_AddStringToObject(j, "type", st->media_type == 0x0B || st->media_type == 0x4B ? "die-cut"
					   : st->media_type == 0x0A || st->media_type == 0x4A ? "continuous"
											       : "unknown");
	cJSON_AddNumberToObject(j, "width_mm", st->media_width_mm);
	cJSON_AddNumberToObject(j, "length_mm", st->media_length_mm);
	if (m && m->roll)
		cJSON_AddStringToObject(j, "roll", m->roll);
	cJSON_AddStringToObject(j, "text", text);
}

static cJSON *status_json(const struct printer_status *st)
{
	char text[256];
	cJSON *o = cJSON_CreateObject(), *flags = cJSON_AddArrayToObject(o, "conditions");
	printer_status_text(st, text, sizeof text);
	cJSON_AddBoolToObject(o, "known", st->known);
	for (size_t i = 0; i < sizeof condition_names / sizeof condition_names[0]; i++)
		if (st->flags & condition_names[i].flag)
			cJSON_AddItemToArray(flags, cJSON_CreateString(condition_names[i].name));
	cJSON_AddBoolToObject(o, "ready", !(st->flags & PRINTER_ERRORS));
	cJSON_AddStringToObject(o, "message", text);
	cJSON_AddStringToObject(o, "detail", st->detail);
	if (st->media_width_mm)
		cJSON_AddNumberToObject(o, "media_width_mm", st->media_width_mm);
	media_json(o, st);
	return o;
}

/* Options shared by the subcommands; each takes what it needs. */
struct printer_cli {
	const char *printer, *language, *size;
	int dpi, all;
	double gap;
	int gap_set;
	struct devices_scope_opts scope;
};

static const struct cli_option printer_opts[] = {
	CLI_ARG("printer", 'p'), CLI_ENUM("language", 'l', "zpl|tspl|ql|dymo"),
	CLI_ARG("dpi", 'd'),     CLI_ARG("size", 's'),
	CLI_ARG("gap", 'g'),     CLI_FLAG("all", 'a'),
	CLI_ENUM("format", 'l', "zpl|tspl|ql|dymo"),  DEVICES_SCOPE_LONGOPTS,
	CLI_COMMON_LONGOPTS,                       {0},
};
static int parse(struct cli *cli, int argc, char **argv, struct printer_cli *o)
{
	int c;
	char *end;
	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", printer_opts)) != -1) {
		switch (c) {
		case 'p': o->printer = optarg; break;
		case 'l':
			if (!printer_lang_find(optarg))
				return cli_fail(cli, CLI_EXIT_INVALID, _("unknown printer language '%s': use zpl, tspl, ql or dymo"), optarg);
			/* --format and --language are the same option */
			o->language = optarg;
			break;
		case 'd':
			o->dpi = (int)strtol(optarg, &end, 10);
			if (*end || o->dpi < 100 || o->dpi > 1200)
				return cli_fail(cli, CLI_EXIT_INVALID, _("--dpi must be 100 to 1200, usually 203 or 300"));
			break;
		case 's': o->size = optarg; break;
		case 'g':
			o->gap = strtod(optarg, &end);
			if (*end || o->gap < 0 || o->gap > 20)
				return cli_fail(cli, CLI_EXIT_INVALID, _("--gap must be 0 to 20 mm"));
			o->gap_set = 1;
			break;
		case 'a': o->all = 1; break;
		case 'J': break;
		default:
			if (devices_scope_opt(&o->scope, c, optarg))
				break;
			return cli_usage("printer");
		}
	}
	return 0;
}

/* ---- list ---- */

static int printer_list_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	struct printer_info *items = NULL;
	int n = 0, status = parse(cli, argc, argv, &o);
	if (status)
		return status;
	if (printer_list(&items, &n, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *a = cJSON_CreateArray();
		for (int i = 0; i < n; i++) {
			cJSON *p = cJSON_CreateObject();
			cJSON_AddStringToObject(p, "id", items[i].id);
			cJSON_AddStringToObject(p, "name", items[i].profile.name);
			cJSON_AddStringToObject(p, "language", items[i].profile.lang ? items[i].profile.lang->name : "");
			cJSON_AddNumberToObject(p, "dpi", items[i].profile.dpi);
			cJSON_AddNumberToObject(p, "head_dots", items[i].profile.head_dots);
			cJSON_AddBoolToObject(p, "bidirectional", items[i].bidirectional);
			cJSON_AddStringToObject(p, "manufacturer", items[i].device_id.mfg);
			cJSON_AddStringToObject(p, "model", items[i].device_id.mdl);
			cJSON_AddStringToObject(p, "command_set", items[i].device_id.cmd);
			cJSON_AddStringToObject(p, "problem", items[i].problem);
			cJSON_AddBoolToObject(p, "editor_lite", items[i].editor_lite);
			cJSON_AddItemToArray(a, p);
		}
		free(items);
		return cli_print_json(a);
	}
	if (n == 0)
		printf("%s\n", _("no label printer found on USB: connect it and switch it on"));
	for (int i = 0; i < n; i++) {
		const struct printer_info *p = &items[i];
		printf("%-22s %-5s %4d dpi  %s%s%s\n", p->id, p->profile.lang ? p->profile.lang->name : "?", p->profile.dpi,
		       p->profile.name, p->problem[0] ? "  - " : "", p->problem);
	}
	free(items);
	return 0;
}

/* ---- status ---- */

static int printer_status_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	struct label_settings s = {0};
	struct printer *p;
	struct printer_status st;
	int status = parse(cli, argc, argv, &o);
	if (status)
		return status;
	if (optind < argc)
		o.printer = argv[optind];
	/* The settings only when there is a database to read them from. */
	db *d = cli_db(cli);
	if (d)
		label_settings_load(d, &s);
	if (printer_open(o.printer ? o.printer : s.printer, o.language ? o.language : s.language, o.dpi ? o.dpi : s.dpi, &p,
			 &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	status = printer_get_status(p, &st, &cli->err);
	const struct printer_info *info = printer_get_info(p);
	if (status == SY_OK && cli->json) {
		cJSON *j = status_json(&st);
		cJSON_AddStringToObject(j, "printer", info->id);
		cJSON_AddStringToObject(j, "name", info->profile.name);
		cJSON_AddStringToObject(j, "language", info->profile.lang ? info->profile.lang->name : "");
		if (info->problem[0])
			cJSON_AddStringToObject(j, "problem", info->problem);
		cli_print_json(j);
	} else if (status == SY_OK) {
		char text[256], media[128];
		printer_status_text(&st, text, sizeof text);
		printer_ql_loaded_describe(&st, media, sizeof media);
		int same = strcmp(info->id, info->profile.name) == 0; /* a network printer that does not say its model */
		printf("%s%s%s (%s): %s\n", info->id, same ? "" : " ", same ? "" : info->profile.name,
		       info->profile.lang ? info->profile.lang->name : "?", text);
		if (*media)
			printf(_("loaded: %s\n"), media);
		if (info->problem[0])
			printf("%s\n", info->problem);
	}
	printer_close(p);
	if (status != SY_OK)
		return cli_report(cli, &cli->err);
	/* A printer that reports an error cannot print: the environment's fault. */
	return st.known && (st.flags & PRINTER_ERRORS) ? 2 : 0;
}

/* ---- retry ---- */

struct retry_ctx {
	int64_t ids[1000];
	int n;
};

static int collect(const struct label_job *j, void *p)
{
	struct retry_ctx *r = p;
	if (r->n < (int)(sizeof r->ids / sizeof r->ids[0]))
		r->ids[r->n++] = j->id;
	return 0;
}

static int printer_retry_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	struct label_print_opts po = {0};
	struct retry_ctx *ctx = NULL;
	int status = parse(cli, argc, argv, &o);
	if (status)
		return status;
	po.printer = o.printer;
	po.language = o.language;
	po.dpi = o.dpi;
	po.size = o.size;
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	ctx = xcalloc(1, sizeof *ctx);
	if (optind < argc) {
		char *end;
		long long id = strtoll(argv[optind], &end, 10);
		if (*end || id <= 0) {
			free(ctx);
			return cli_fail(cli, CLI_EXIT_INVALID, _("'%s' is not a job number: `scrapyard printer jobs` lists them"), argv[optind]);
		}
		ctx->ids[ctx->n++] = id;
	} else if (label_queue_list(d, LABEL_JOBS_QUEUED, 1000, collect, ctx, &cli->err) != SY_OK) {
		free(ctx);
		return cli_report(cli, &cli->err);
	}
	cJSON *all = cli->json ? cJSON_CreateArray() : NULL;
	int done = 0;
	for (int i = 0; i < ctx->n; i++) {
		struct label_print_result r;
		sy_err err = {0};
		status = label_retry(d, ctx->ids[i], &po, &r, &err);
		if (all) {
			cJSON *j = label_result_json(&r);
			if (status)
				cJSON_AddStringToObject(j, "error", err.msg);
			cJSON_AddItemToArray(all, j);
			if (status)
				cli->err = err;
		} else {
			int json = cli->json;
			cli->json = 0;
			label_report_result(cli, status, &r, &err);
			cli->json = json;
		}
		if (status)
			break; /* the printer will refuse the rest for the same reason */
		done++;
	}
	if (all)
		cli_print_json(all);
	else if (ctx->n == 0)
		printf("%s\n", _("no print jobs waiting"));
	else if (status && ctx->n - done > 1)
		fprintf(stderr, _("scrapyard: %d jobs still waiting\n"), ctx->n - done);
	free(ctx);
	return status;
}

/* parse, then the database: 0, or the exit status. */
static int parse_open(struct cli *cli, int argc, char **argv, struct printer_cli *o, db **d)
{
	int status = parse(cli, argc, argv, o);
	if (status)
		return status;
	*d = cli_db(cli);
	return *d ? 0 : cli->err.status;
}

/* ---- jobs ---- */

struct jobs_ctx {
	cJSON *array;
	int rows;
};

static int job_row(const struct label_job *j, void *p)
{
	struct jobs_ctx *c = p;
	c->rows++;
	if (c->array) {
		cJSON_AddItemToArray(c->array, label_job_to_json(j));
		return 0;
	}
	printf("%5lld  ", (long long)j->id);
	cmdutil_cell(code_label(label_job_states, label_job_state_name(j->state)), 8);
	cmdutil_cell(code_label(label_kind_words, j->kind), 8);
	printf("%-16s %3d  %-16s %s\n", j->ref, j->copies, j->updated_at, j->message);
	return 0;
}

static int printer_jobs_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	struct jobs_ctx c = {0};
	db *d;
	int status = parse_open(cli, argc, argv, &o, &d);
	if (status)
		return status;
	c.array = cli->json ? cJSON_CreateArray() : NULL;
	int rc = label_queue_list(d, o.all ? LABEL_JOBS_ALL : LABEL_JOBS_WAITING, o.all ? 200 : 1000, job_row, &c, &cli->err);
	if (rc != SY_OK || c.array)
		return cmdutil_json_done(cli, rc, c.array);
	if (!c.rows)
		printf("%s\n", o.all ? _("no print jobs yet") : _("no print jobs waiting"));
	return 0;
}

/* ---- use ---- */

/* The printer a scope chose, with its language, resolution and size, as
 * stored there (not as this session sees it). */
static void choice_json(db *d, enum device_scope scope, const char *name, cJSON *j)
{
	static const struct {
		const char *key, *field;
	} fields[] = {{"label.printer", "printer"}, {"label.language", "language"}, {"label.dpi", "dpi"},
		      {"label.size", "size"}, {"label.gap", "gap"}};
	cJSON_AddStringToObject(j, "scope", device_scope_name(scope));
	if (scope != DEVICE_YARD)
		cJSON_AddStringToObject(j, "name", name);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char *v = device_setting_in(d, scope, name, fields[i].key);
		if (!strcmp(fields[i].field, "dpi"))
			cJSON_AddNumberToObject(j, "dpi", v ? atoi(v) : 0);
		else
			cJSON_AddStringToObject(j, fields[i].field, v ? v : "");
		free(v);
	}
}

/* printer use [--here|--counter N|--for-user N]: which printer this session
 * (or that scope) prints labels on, and where the choice comes from. */
static int printer_show(struct cli *cli, db *d, const struct printer_cli *o)
{
	char where[160], name[DEVICE_NAME_MAX + 1];
	enum device_scope scope;
	int given = o->scope.here || o->scope.yard || o->scope.counter || o->scope.user, status;
	if ((status = devices_scope_from(cli, &o->scope, &scope, name, sizeof name)))
		return status;
	if (!given) { /* the session's: its counter's, else its user's, else the yard's */
		scope = device_scope_of(d, DEVICE_PRINTER);
		snprintf(name, sizeof name, "%s", device_scope_who(d, scope));
	}
	char *printer = device_setting_in(d, scope, name, "label.printer");
	char *lang = device_setting_in(d, scope, name, "label.language");
	devices_scope_text(scope, name, where, sizeof where);
	if (cli->json) {
		cJSON *j = cJSON_CreateObject();
		choice_json(d, scope, name, j);
		cJSON_AddBoolToObject(j, "chosen", printer != NULL);
		cJSON_AddStringToObject(j, "counter", db_counter(d));
		free(printer);
		free(lang);
		return cli_print_json(j);
	}
	if (!printer && scope == DEVICE_YARD)
		printf("%s\n", _("no label printer chosen for the yard: labels go to the first one found on USB"));
	else if (!printer)
		printf(_("%s has no label printer of its own\n"), where);
	else
		printf(_("labels of %s go to printer %s%s%s%s\n"), where, *printer ? printer : _("(the first found)"),
		       lang && *lang ? " (" : "", lang && *lang ? lang : "", lang && *lang ? ")" : "");
	free(printer);
	free(lang);
	return 0;
}

static int printer_use_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	char name[DEVICE_NAME_MAX + 1], lang[16] = "", warn[600] = "", where[160];
	sy_err err = {0};
	enum device_scope scope;
	db *d;
	int status = parse_open(cli, argc, argv, &o, &d);
	if (status)
		return status;
	if (optind >= argc)
		return printer_show(cli, d, &o);
	if (optind + 1 != argc)
		return cli_usage("printer");
	double w, h;
	if (o.size && label_size_parse(o.size, &w, &h, &err) != SY_OK)
		return cli_report(cli, &err);
	if ((status = devices_scope_from(cli, &o.scope, &scope, name, sizeof name)))
		return status;
	const char *printer = strcmp(argv[optind], "-") ? argv[optind] : "";
	devices_scope_text(scope, name, where, sizeof where);
	struct net_addr addr;
	if (net_is_address(printer) && net_addr_parse(printer, &addr, &err) != SY_OK)
		return cli_report(cli, &err);
	if (net_is_address(printer))
		printer = addr.text;
	if (!*printer && scope != DEVICE_YARD) { /* "-": back to the user's or the yard's printer */
		if (devices_forget(&cli->session, 0, scope, name, DEVICE_PRINTER, &err) != SY_OK)
			return cli_report(cli, &err);
		if (cli->json)
			return printer_show(cli, d, &o);
		printf(_("%s has no label printer of its own now\n"), where);
		return 0;
	}
	struct devices_printer_choice choice = {printer, o.language, o.dpi, o.size, o.gap_set, o.gap};
	if (devices_choose_printer(&cli->session, 0, scope, name, &choice, lang, sizeof lang, warn, sizeof warn, &err) != SY_OK)
		return cli_report(cli, &err);
	if (*warn)
		fprintf(stderr, "scrapyard: %s\n", warn);
	if (cli->json) {
		cJSON *j = cJSON_CreateObject();
		choice_json(d, scope, name, j);
		if (*warn)
			cJSON_AddStringToObject(j, "warning", warn);
		return cli_print_json(j);
	}
	printf(_("labels of %s go to printer %s%s%s%s\n"), where, *printer ? printer : _("(the first found)"),
	       *lang ? " (" : "", lang, *lang ? ")" : "");
	return 0;
}

/* ---- the A4 printer (certificates, documents) ---- */

static int a4_show(struct cli *cli, enum device_scope scope, const char *who, const char *name)
{
	char where[160];
	devices_scope_text(scope, who, where, sizeof where);
	if (cli->json) {
		cJSON *j = cJSON_CreateObject();
		if (name && *name)
			cJSON_AddStringToObject(j, "a4_printer", name);
		else
			cJSON_AddNullToObject(j, "a4_printer");
		cJSON_AddStringToObject(j, "scope", device_scope_name(scope));
		if (scope != DEVICE_YARD)
			cJSON_AddStringToObject(j, "name", who);
		return cli_print_json(j);
	}
	if (scope == DEVICE_YARD)
		printf(_("certificates and documents go to printer %s\n"), name && *name ? name : _("(the CUPS default)"));
	else if (name && *name)
		printf(_("certificates and documents of %s go to printer %s\n"), where, name);
	else
		printf(_("%s has no A4 printer of its own: the user's or the yard's is used\n"), where);
	return 0;
}

/* printer a4 [NAME|-] [--here | --counter NAME | --for-user NAME | --yard]:
 * show or choose the CUPS queue for certificates and documents. */
static int printer_a4_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	char who[DEVICE_NAME_MAX + 1];
	enum device_scope scope;
	sy_err err = {0};
	int status = parse(cli, argc, argv, &o);
	if (status)
		return status;
	if (optind + 1 < argc)
		return cli_usage("printer");
	int given = o.scope.here || o.scope.yard || o.scope.counter || o.scope.user;
	if ((status = devices_scope_from(cli, &o.scope, &scope, who, sizeof who)))
		return status;
	db *d = cli->session.db;
	if (optind == argc) { /* show it: the session's, or the scope's given */
		if (!given) {
			scope = device_scope_of(d, DEVICE_A4);
			snprintf(who, sizeof who, "%s", device_scope_who(d, scope));
		}
		char *name = given ? device_setting_in(d, scope, who, "print.a4_printer") : doc_a4_printer(d);
		status = a4_show(cli, scope, who, name);
		free(name);
		return status;
	}
	const char *name = strcmp(argv[optind], "-") ? argv[optind] : "";
	if (*name && doc_printer_name_check(name, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (scope == DEVICE_YARD) { /* the yard's: a supervisor's, as it always was */
		if ((status = cli_require_role(cli, "supervisor")))
			return status;
		if (db_set_setting(d, &cli->err, "print.a4_printer", name) != SY_OK)
			return cli_report(cli, &cli->err);
	} else if (!*name) {
		if (devices_forget(&cli->session, 0, scope, who, DEVICE_A4, &err) != SY_OK)
			return cli_report(cli, &err);
	} else {
		struct device_value v = {"print.a4_printer", name};
		if (devices_choose(&cli->session, 0, scope, who, &v, 1, &err) != SY_OK)
			return cli_report(cli, &err);
	}
	return a4_show(cli, scope, who, name);
}

static const struct subcommand printer_subs[] = {
	{"list", printer_list_cmd, .options = printer_opts},
	{"status", printer_status_cmd, .options = printer_opts},
	{"retry", printer_retry_cmd, .options = printer_opts},
	{"jobs", printer_jobs_cmd, .options = printer_opts},
	{"use", printer_use_cmd, .options = printer_opts},
	{"a4", printer_a4_cmd, .options = printer_opts},
	{0},
};

const struct command cmd_printer_command = {
	.name = "printer",
	.subs = printer_subs,
	.summary = N_("Label printers: find them, their status, the print queue"),
	.usage = N_("usage: scrapyard printer list [--json]\n"
	    "       scrapyard printer status [ID|tcp://HOST:PORT] [--format zpl|tspl|ql|dymo] [--json]\n"
	    "       scrapyard printer retry [JOB] [--printer ID|tcp://HOST:PORT] [--json]   (every queued job, or job JOB)\n"
	    "       scrapyard printer jobs [--all] [--json]\n"
	    "       scrapyard printer use [ID|tcp://HOST:PORT|-] [--format zpl|tspl|ql|dymo] [--dpi N] [--size WxH] [--gap MM]\n"
	    "                             [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "                             (a clerk: their own and their counter's; the yard's, another's: supervisor)\n"
	    "       scrapyard printer a4 [NAME|-] [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "                             (the CUPS printer for certificates and documents; the yard's: supervisor)\n"
	    "   --language is the same as --format; a network printer is asked its language when none is given"),
};
