/* scrapyard label print KIND REF: to a printer through the print queue, or
 * with --format to a file (the PNG preview, the terminal preview or the
 * exact byte stream a printer would get). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "base/outfile.h"
#include "app/cmd_label.h"
#include "app/commands.h"
#include "app/label_print.h"
#include "base/i18n.h"
#include "base/util.h"

struct label_cli {
	struct label_print_opts print;
	const char *format; /* png text zpl tspl ql dymo, NULL: print */
	const char *output;
	const char *model;  /* files: the printer the stream is for ("QL-1110NWB") */
	const char *media;  /* files: the roll ("62x100" die-cut, "62" tape) */
	int cols, rows;     /* text preview size */
};

static int parse_int(struct cli *cli, const char *what, const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < lo || v > hi)
		return cli_fail(cli, CLI_EXIT_INVALID, _("%s must be a whole number from %d to %d, not '%s'"), what, lo, hi, s);
	*out = (int)v;
	return 0;
}

static const struct cli_option label_options[] = {
	CLI_ARG("printer", 'p'), CLI_ARG("copies", 'c'),
	CLI_ARG("size", 's'),    CLI_ENUM("language", 'l', "zpl|tspl|ql|dymo"),
	CLI_ARG("dpi", 'd'),     CLI_ENUM("format", 'f', "png|text|zpl|tspl|ql|dymo"),
	CLI_ARG("output", 'o'),  CLI_ARG("columns", 'C'),
	CLI_ARG("model", 'm'),   CLI_ARG("media", 'M'),
	CLI_COMMON_LONGOPTS,                       {0},
};
static int parse_options(struct cli *cli, int argc, char **argv, struct label_cli *o)
{
	int c, status = 0;
	memset(o, 0, sizeof *o);
	o->cols = 80;
	o->rows = 40;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", label_options)) != -1 && !status) {
		switch (c) {
		case 'p': o->print.printer = optarg; break;
		case 'c': status = parse_int(cli, _("--copies"), optarg, 1, 999, &o->print.copies); break;
		case 's': o->print.size = optarg; break;
		case 'l': o->print.language = optarg; break;
		case 'd': status = parse_int(cli, _("--dpi"), optarg, 100, 1200, &o->print.dpi); break;
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'm': o->model = optarg; break;
		case 'M': o->media = optarg; break;
		case 'C': status = parse_int(cli, _("--columns"), optarg, 20, 400, &o->cols); break;
		case 'J': break;
		default: return cli_usage("label");
		}
	}
	if (status)
		return status;
	if (o->print.language && !printer_lang_find(o->print.language))
		return cli_fail(cli, CLI_EXIT_INVALID, _("unknown printer language '%s': use zpl, tspl, ql or dymo"), o->print.language);
	return 0;
}

/* ---- To a file ---- */

/* To a file (whole or not at all, never through a link) or to stdout ("-"). */
static int write_bytes(struct cli *cli, const char *path, const struct printer_buf *b)
{
	if (strcmp(path, "-") != 0)
		return sy_outfile_write(path, b->data, b->len, &cli->err) == SY_OK ? 0 : cli_report(cli, &cli->err);
	FILE *raw = cli_raw_stdout(); /* the printer's bytes as they are */
	if (fwrite(b->data, 1, b->len, raw) != b->len || fflush(raw) != 0)
		return cli_fail(cli, CLI_EXIT_ENV, _("cannot write %s: check the folder and the disk"), path);
	return 0;
}

/* The profile an encoder follows without a printer: the model named,
 * else the configured printer's ids when they are known, else the
 * language's usual model. */
static int file_profile(struct cli *cli, const struct label_settings *s, const struct label_cli *o, const char *lang,
			struct printer_profile *pf)
{
	unsigned vid = 0, pid = 0;
	if (o->model) {
		const struct printer_model *m = printer_model_find(0, 0, o->model);
		if (!m || !m->pid)
			return cli_fail(cli, CLI_EXIT_INVALID, _("unknown printer model '%s': name one such as QL-700, QL-820NWB or QL-1110NWB"),
					o->model);
		if (lang && strcmp(lang, m->lang))
			return cli_fail(cli, CLI_EXIT_INVALID, _("the %s speaks %s, not %s: use --format %s"), m->name, m->lang, lang, m->lang);
		vid = m->vid, pid = m->pid, lang = m->lang;
	} else if (sscanf(s->printer, "%4x:%4x", &vid, &pid) != 2 ||
		   !printer_model_find((uint16_t)vid, (uint16_t)pid, NULL)) {
		vid = pid = 0;
	}
	if (!vid && lang && !strcmp(lang, "ql"))
		vid = 0x04f9, pid = 0x2042;
	if (!vid && lang && !strcmp(lang, "dymo"))
		vid = 0x0922, pid = 0x0020;
	printer_profile_make((uint16_t)vid, (uint16_t)pid, NULL, lang, o->print.dpi > 0 ? o->print.dpi : s->dpi, pf);
	return 0;
}

static void file_report(struct cli *cli, const struct label_cli *o, const char *ref, size_t bytes,
			const struct label_layout *lay, const struct printer_profile *pf)
{
	char media[128] = "";
	if (lay->roll)
		printer_ql_media_describe(lay->roll, media, sizeof media);
	if (cli->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "file", o->output);
		cJSON_AddStringToObject(j, "format", o->format);
		cJSON_AddNumberToObject(j, "bytes", (double)bytes);
		cJSON_AddNumberToObject(j, "width_mm", lay->width_mm);
		cJSON_AddNumberToObject(j, "height_mm", lay->height_mm);
		cJSON_AddNumberToObject(j, "width_dots", lay->width_dots);
		cJSON_AddNumberToObject(j, "height_dots", lay->height_dots);
		cJSON_AddNumberToObject(j, "dpi", lay->dpi);
		if (pf->lang)
			cJSON_AddStringToObject(j, "model", pf->name);
		if (lay->roll) {
			cJSON_AddStringToObject(j, "media", lay->roll->name);
			cJSON_AddBoolToObject(j, "die_cut", lay->job.die_cut);
		}
		cli_print_json(j);
		return;
	}
	printf(_("%s: %s label %s, %gx%g mm, %dx%d dots at %d dpi\n"), o->output, o->format, ref, lay->width_mm,
	       lay->height_mm, lay->width_dots, lay->height_dots, lay->dpi);
	if (*media)
		printf(_("for %s on %s\n"), pf->name, media);
}

static int label_to_file(struct cli *cli, db *d, enum label_kind kind, const char *ref, struct label_cli *o)
{
	static const char *const formats[] = {"png", "text", "zpl", "tspl", "ql", "dymo", NULL};
	struct label_settings s;
	struct bitmap *bm = NULL;
	struct printer_buf buf = {0};
	struct printer_profile pf;
	struct label_layout lay;
	int status = 0, known = 0;
	for (int i = 0; formats[i]; i++)
		known |= !strcmp(o->format, formats[i]);
	if (!known)
		return cli_fail(cli, CLI_EXIT_INVALID, _("unknown format '%s': use png, text, zpl, tspl, ql or dymo"), o->format);
	if (!o->output)
		o->output = "-";
	if (!strcmp(o->format, "png") && !strcmp(o->output, "-"))
		return cli_fail(cli, CLI_EXIT_INVALID, _("a PNG needs a file: add --output FILE.png"));
	label_settings_load(d, &s);
	const char *lang = printer_lang_find(o->format) ? o->format : o->print.language;
	if ((status = file_profile(cli, &s, o, lang, &pf)))
		return status;
	if (label_render_ref(d, kind, ref, &pf, o->print.size, o->media, &bm, &lay, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (!strcmp(o->format, "png")) {
		if (bitmap_write_png(bm, o->output, &cli->err) != SY_OK)
			status = cli_report(cli, &cli->err);
	} else if (!strcmp(o->format, "text")) {
		size_t need = bitmap_to_blocks(bm, o->cols, o->rows, NULL, 0, NULL, NULL);
		buf.data = xmalloc(need + 1);
		buf.len = bitmap_to_blocks(bm, o->cols, o->rows, (char *)buf.data, need + 1, NULL, NULL);
		status = write_bytes(cli, o->output, &buf);
	} else {
		char name[96];
		lay.job.copies = o->print.copies > 0 ? o->print.copies : 1;
		snprintf(name, sizeof name, "%s %s", label_kind_name(kind), ref);
		lay.job.name = name;
		if (printer_encode(pf.lang, bm, &lay.job, &buf, &cli->err) != SY_OK)
			status = cli_report(cli, &cli->err);
		else
			status = write_bytes(cli, o->output, &buf);
	}
	if (!status && strcmp(o->output, "-"))
		file_report(cli, o, ref, buf.len, &lay, &pf);
	printer_buf_free(&buf);
	bitmap_free(bm);
	return status;
}

/* ---- To a printer ---- */

cJSON *label_result_json(const struct label_print_result *r)
{
	cJSON *o = label_job_to_json(&r->job);
	cJSON_AddStringToObject(o, "printer_name", r->printer_name);
	return o;
}

int label_report_result(struct cli *cli, int status, const struct label_print_result *r, const sy_err *err)
{
	const struct label_job *j = &r->job;
	char line[sizeof err->msg + sizeof err->hint + 4];
	sy_err_line(err, line, sizeof line);
	if (cli->json) {
		cJSON *o = label_result_json(r);
		if (status)
			cJSON_AddStringToObject(o, "error", line);
		cli_print_json(o);
	}
	if (status == 0) {
		if (!cli->json)
			printf(_("%s label %s: %s on %s (job %lld)\n"), j->kind, j->ref,
			       !strcmp(j->message, _("printed")) ? _("printed") : _("sent"), r->printer_name,
			       (long long)j->id);
		return 0;
	}
	fprintf(stderr, "scrapyard: %s\n", line);
	if (j->id && j->state == LABEL_JOB_QUEUED)
		fprintf(stderr, _("scrapyard: job %lld stays queued: `scrapyard printer retry` sends it again\n"),
			(long long)j->id);
	else if (j->id && j->state == LABEL_JOB_SENT)
		fprintf(stderr, _("scrapyard: job %lld was sent but not confirmed: if no label came out, run "
				  "`scrapyard printer retry %lld`\n"),
			(long long)j->id, (long long)j->id);
	else if (j->id && j->state == LABEL_JOB_FAILED)
		fprintf(stderr, _("scrapyard: job %lld failed: fix the cause, then run `scrapyard printer retry %lld`\n"),
			(long long)j->id, (long long)j->id);
	cli->err = *err;
	return status;
}

static int label_print_cmd(struct cli *cli, int argc, char **argv)
{
	struct label_cli o;
	enum label_kind kind;
	int status = parse_options(cli, argc, argv, &o);
	if (status)
		return status;
	if (argc - optind != 2)
		return cli_usage("label");
	if (label_kind_parse(argv[optind], &kind) != 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("unknown label kind '%s': use vehicle, part, core or waste"), argv[optind]);
	const char *ref = argv[optind + 1];
	/* To a printer (--printer, no file): --format names its language. */
	if (o.format && !o.output && o.print.printer && printer_lang_find(o.format)) {
		if (o.print.language && strcmp(o.print.language, o.format))
			return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("--format and --language name the same thing: give one"));
		o.print.language = o.format;
		o.format = NULL;
	}
	if (o.output && !o.format)
		return cli_fail(cli, CLI_EXIT_INVALID, _("--output needs --format png, text, zpl, tspl, ql or dymo"));
	if ((o.model || o.media) && !o.format)
		return cli_fail(cli, CLI_EXIT_INVALID, _("--model and --media are for files (--format): a printer says which roll it has"));
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (o.format)
		return label_to_file(cli, d, kind, ref, &o);
	struct label_print_result r;
	sy_err err = {0};
	status = label_print(d, kind, ref, &o.print, &r, &err);
	return label_report_result(cli, status, &r, &err);
}

static const struct subcommand label_subs[] = {
	{"print", label_print_cmd, .options = label_options},
	{0},
};

const struct command cmd_label_command = {
	.name = "label",
	.subs = label_subs,
	.summary = N_("Print vehicle tags, part, core and hazardous waste labels, or write them to a file"),
	.usage = N_("usage: scrapyard label print vehicle|part|core|waste REF [--printer ID|tcp://HOST:PORT [--format zpl|tspl|ql]] [--copies N] [--size WxH]\n"
	    "       scrapyard label print KIND REF --format png|text|zpl|tspl|ql|dymo --output FILE [--size WxH] [--dpi N]\n"
	    "       REF: a stock number, VIN or plate (vehicle), a part number (part, core), a container code (waste)"),
};
