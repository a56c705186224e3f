/* scrapyard printer list | status | retry | jobs | use */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/cmd_label.h"
#include "app/commands.h"
#include "app/label_print.h"
#include "base/i18n.h"
#include "base/util.h"

static const struct {
	unsigned flag;
	const char *name;
} condition_names[] = {
	{PRINTER_PAPER_OUT, "paper_out"}, {PRINTER_HEAD_OPEN, "head_open"}, {PRINTER_COVER_OPEN, "cover_open"},
	{PRINTER_JAM, "jam"},             {PRINTER_RIBBON_OUT, "ribbon_out"}, {PRINTER_CUTTER, "cutter"},
	{PRINTER_OVERHEAT, "overheat"},   {PRINTER_PAUSED, "paused"},       {PRINTER_OFFLINE, "offline"},
	{PRINTER_FAULT, "fault"},         {PRINTER_BUSY, "busy"},           {PRINTER_DONE, "done"},
};

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
	return o;
}

/* Options shared by the subcommands; each takes what it needs. */
struct printer_cli {
	const char *printer, *language, *size;
	int dpi, all;
	double gap;
	int gap_set;
};

static int parse(struct cli *cli, int argc, char **argv, struct printer_cli *o)
{
	static const struct option opts[] = {
		{"printer", required_argument, NULL, 'p'}, {"language", required_argument, NULL, 'l'},
		{"dpi", required_argument, NULL, 'd'},     {"size", required_argument, NULL, 's'},
		{"gap", required_argument, NULL, 'g'},     {"all", no_argument, NULL, 'a'},
		CLI_COMMON_LONGOPTS,                       {0},
	};
	int c;
	char *end;
	memset(o, 0, sizeof *o);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o->printer = optarg; break;
		case 'l':
			if (!printer_lang_find(optarg))
				return cli_fail(cli, 1, _("unknown printer language '%s': use zpl, tspl, ql or dymo"), optarg);
			o->language = optarg;
			break;
		case 'd':
			o->dpi = (int)strtol(optarg, &end, 10);
			if (*end || o->dpi < 100 || o->dpi > 1200)
				return cli_fail(cli, 1, _("--dpi must be 100 to 1200, usually 203 or 300"));
			break;
		case 's': o->size = optarg; break;
		case 'g':
			o->gap = strtod(optarg, &end);
			if (*end || o->gap < 0 || o->gap > 20)
				return cli_fail(cli, 1, _("--gap must be 0 to 20 mm"));
			o->gap_set = 1;
			break;
		case 'a': o->all = 1; break;
		case 'J': break;
		default: return cli_usage("printer");
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
		cli_print_json(j);
	} else if (status == SY_OK) {
		char text[256];
		printer_status_text(&st, text, sizeof text);
		printf("%s %s (%s): %s\n", info->id, info->profile.name, info->profile.lang ? info->profile.lang->name : "?",
		       text);
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
			return cli_fail(cli, 1, _("'%s' is not a job number: `scrapyard printer jobs` lists them"), argv[optind]);
		}
		ctx->ids[ctx->n++] = id;
	} else if (label_queue_list(d, "queued", 1000, collect, ctx, &cli->err) != SY_OK) {
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
	cmdutil_cell(code_label(label_job_states, j->state), 8);
	cmdutil_cell(code_label(label_kind_words, j->kind), 8);
	printf("%-16s %3d  %-16s %s\n", j->ref, j->copies, j->updated_at, j->message);
	return 0;
}

static int printer_jobs_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	struct jobs_ctx c = {0};
	int status = parse(cli, argc, argv, &o);
	if (status)
		return status;
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	c.array = cli->json ? cJSON_CreateArray() : NULL;
	if (label_queue_list(d, o.all ? "all" : NULL, o.all ? 200 : 1000, job_row, &c, &cli->err) != SY_OK) {
		cJSON_Delete(c.array);
		return cli_report(cli, &cli->err);
	}
	if (c.array)
		return cli_print_json(c.array);
	if (!c.rows)
		printf("%s\n", o.all ? _("no print jobs yet") : _("no print jobs waiting"));
	return 0;
}

/* ---- use ---- */

static int set(struct cli *cli, db *d, const char *key, const char *value)
{
	if (db_set_setting(d, &cli->err, key, value) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

static int printer_use_cmd(struct cli *cli, int argc, char **argv)
{
	struct printer_cli o;
	char num[32];
	sy_err err = {0};
	int status = parse(cli, argc, argv, &o);
	if (status)
		return status;
	if (optind >= argc)
		return cli_usage("printer");
	double w, h;
	if (o.size && label_size_parse(o.size, &w, &h, &err) != SY_OK)
		return cli_report(cli, &err);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if ((status = set(cli, d, "label.printer", strcmp(argv[optind], "-") ? argv[optind] : "")))
		return status;
	if (o.language && (status = set(cli, d, "label.language", o.language)))
		return status;
	snprintf(num, sizeof num, "%d", o.dpi);
	if (o.dpi && (status = set(cli, d, "label.dpi", num)))
		return status;
	if (o.size && (status = set(cli, d, "label.size", o.size)))
		return status;
	snprintf(num, sizeof num, "%g", o.gap);
	if (o.gap_set && (status = set(cli, d, "label.gap", num)))
		return status;
	if (cli->json) {
		struct label_settings s;
		label_settings_load(d, &s);
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "printer", s.printer);
		cJSON_AddStringToObject(j, "language", s.language);
		cJSON_AddNumberToObject(j, "dpi", s.dpi);
		cJSON_AddStringToObject(j, "size", s.size[LABEL_PART]);
		return cli_print_json(j);
	}
	printf(_("labels go to printer %s\n"), strcmp(argv[optind], "-") ? argv[optind] : _("(the first found)"));
	return 0;
}

int cmd_printer(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		cmd_fn run;
	} subs[] = {
		{"list", printer_list_cmd}, {"status", printer_status_cmd}, {"retry", printer_retry_cmd},
		{"jobs", printer_jobs_cmd}, {"use", printer_use_cmd},
	};
	if (cli_wants_help("printer", argc, argv))
		return 0;
	if (argc < 2)
		return cli_usage("printer");
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(cli, argc - 1, argv + 1);
	return cli_usage("printer");
}
