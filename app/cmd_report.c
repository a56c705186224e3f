/* scrapyard report mass-balance|recovery|carbon|operations, and
 * scrapyard factors import|list (the emission factor table).
 * Each report is built once as sheets (forms/doc_report.h) and printed on
 * screen, as CSV or as PDF; --json prints the figures from db/report.h. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmdutil.h"
#include "app/cmd_group.h"
#include "app/commands.h"
#include "base/csv.h"
#include "base/outfile.h"
#include "db/audit.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/report.h"
#include "db/site.h"
#include "base/text.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/doc_report.h"

#define N(a) ((int)(sizeof a / sizeof a[0]))

struct report_opts {
	struct report_range range;
	const char *vehicle_ref;
	const char *csv, *pdf;
	char vehicle_label[64];
	int all_yards; /* the group's figures, from the head office */
};

/* ---- number formatting ---- */

static const char *num(char *buf, size_t size, double x, int decimals)
{
	snprintf(buf, size, "%.*f", decimals, x);
	if (strcmp(buf, "-0.0") == 0 || strcmp(buf, "-0.00") == 0 || strcmp(buf, "-0") == 0)
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

#define KG(x) num((char[32]){0}, 32, (x), 1)
#define PCT(x) num((char[32]){0}, 32, (x), 1)
#define INT(x) num((char[32]){0}, 32, (double)(x), 0)

/* ---- screen ---- */

static const char *col_title(const struct pdf_column *c) { return sy_lang_is_zh() ? c->title_zh : _(c->title_en); }

static void print_padded(const char *text, int width, enum pdf_align align)
{
	int pad = width - (int)text_display_width(text);
	if (pad < 0)
		pad = 0;
	if (align == PDF_RIGHT)
		printf("%*s%s", pad, "", text);
	else
		printf("%s%*s", text, pad, "");
}

/* The last column (long source notes) is cut on screen; CSV and PDF keep it whole. */
#define SCREEN_LAST_COL 70
static void print_clipped(const char *text, size_t max)
{
	size_t n = strlen(text);
	if (n <= max) {
		fputs(text, stdout);
		return;
	}
	while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
		max--; /* not inside a UTF-8 sequence */
	printf("%.*s...", (int)max, text);
}

static void print_sheet(const struct report_sheet *s)
{
	int w[32] = {0};
	int rule = 0;
	for (int c = 0; c < s->ncols && c < 32; c++) {
		w[c] = (int)text_display_width(col_title(&s->cols[c]));
		for (size_t r = 0; r < s->nrows; r++) {
			int n = (int)text_display_width(sheet_cell(s, r, c));
			if (n > w[c])
				w[c] = n;
		}
		if (c == s->ncols - 1 && w[c] > SCREEN_LAST_COL + 3)
			w[c] = SCREEN_LAST_COL + 3;
		rule += w[c] + (c ? 2 : 0);
	}
	printf("%s\n", sy_lang_is_zh() ? s->title_zh : _(s->title_en));
	for (int c = 0; c < s->ncols; c++) {
		printf(c ? "  " : "");
		print_padded(col_title(&s->cols[c]), w[c], s->cols[c].align);
	}
	putchar('\n');
	for (size_t r = 0; r < s->nrows; r++) {
		if (s->bold_last_row && r + 1 == s->nrows && r > 0) {
			printf("%.*s\n", rule, "----------------------------------------------------------------------------------------------------"
					       "----------------------------------------------------------------------------------------------------");
		}
		for (int c = 0; c < s->ncols; c++) {
			printf(c ? "  " : "");
			if (c == s->ncols - 1 && s->cols[c].align != PDF_RIGHT)
				print_clipped(sheet_cell(s, r, c), SCREEN_LAST_COL);
			else
				print_padded(sheet_cell(s, r, c), w[c], s->cols[c].align);
		}
		putchar('\n');
	}
	if (!s->nrows)
		printf("  %s\n", _("(nothing in this period)"));
	putchar('\n');
}

/* A bar of 50 cells for 0-100%, the target marked with a line. */
#define BAR_CELLS 50
static void print_bar(const char *label, double pct, double target)
{
	int filled = (int)(pct / 100.0 * BAR_CELLS + 0.5), mark = target > 0 ? (int)(target / 100.0 * BAR_CELLS + 0.5) : -1;
	if (filled < 0)
		filled = 0;
	if (filled > BAR_CELLS)
		filled = BAR_CELLS;
	print_padded(label, 22, PDF_LEFT);
	printf(" ");
	for (int i = 0; i < BAR_CELLS; i++)
		fputs(i == mark ? "│" : i < filled ? "█" : "░", stdout);
	printf(" %5.1f%%", pct);
	if (target > 0)
		printf(pct + 1e-9 >= target ? _("  target %.0f%% met") : _("  target %.0f%% NOT met"), target);
	putchar('\n');
}

static void print_doc(const struct report_doc *r)
{
	printf("%s  %s\n%s\n\n", r->title_zh, r->title_en, r->subtitle);
	for (int i = 0; i < r->nsheets; i++)
		print_sheet(&r->sheets[i]);
	if (!r->nbars)
		return;
	if (r->bars_title_en)
		printf("%s\n", sy_lang_is_zh() ? r->bars_title_zh : _(r->bars_title_en));
	for (int i = 0; i < r->nbars; i++)
		print_bar(sy_lang_is_zh() ? r->bars[i].label_zh : _(r->bars[i].label_en), r->bars[i].pct, r->bars[i].target);
	putchar('\n');
}

static void print_notes(const struct report_doc *r)
{
	for (int i = 0; i < r->nnotes; i++)
		printf("* %s\n", r->notes[i]);
}

/* ---- CSV: each sheet as its title, a header and rows, then a blank line ---- */

/* Through base/outfile (a random temporary name, never a link followed) and
 * base/csv's writer (cells that look like formulas neutralised). */
static int write_csv(struct cli *cli, const struct report_doc *r, const char *path)
{
	struct sy_outfile out;
	if (sy_outfile_open(&out, path, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	FILE *f = sy_outfile_stream(&out);
	for (int i = 0; i < r->nsheets; i++) {
		const struct report_sheet *s = &r->sheets[i];
		csv_write_field(f, s->title_en);
		csv_write_end(f);
		for (int c = 0; c < s->ncols; c++) {
			if (c)
				fputc(',', f);
			csv_write_field(f, s->cols[c].title_en);
		}
		csv_write_end(f);
		for (size_t row = 0; row < s->nrows; row++) {
			for (int c = 0; c < s->ncols; c++) {
				if (c)
					fputc(',', f);
				csv_write_field(f, sheet_cell(s, row, c));
			}
			csv_write_end(f);
		}
		csv_write_end(f);
	}
	for (int i = 0; i < r->nnotes; i++) {
		csv_write_field(f, r->notes[i]);
		csv_write_end(f);
	}
	if (sy_outfile_commit(&out, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

/* ---- common ---- */

static const struct cli_option report_options[] = {
	CLI_ARG("from", 'f'), CLI_ARG("to", 't'),
	CLI_ARG("vehicle", 'v'), CLI_ARG("csv", 'c'),
	CLI_ARG("pdf", 'p'), CLI_FLAG("all-yards", 'a'), CLI_COMMON_LONGOPTS, {0}};

static int parse_opts(struct cli *cli, int argc, char **argv, struct report_opts *o)
{
	int c;
	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", report_options)) != -1) {
		switch (c) {
		case 'f':
		case 't': {
			const char *day;
			if (cmdutil_date(cli, optarg, c == 'f' ? "from" : "to", &day) != 0)
				return cli->err.status;
			sy_strlcpy(c == 'f' ? o->range.from : o->range.to, day, sizeof o->range.from);
			break;
		}
		case 'v': o->vehicle_ref = optarg; break;
		case 'c': o->csv = optarg; break;
		case 'p': o->pdf = optarg; break;
		case 'a': o->all_yards = 1; break;
		case 'J': break;
		default: return cli_usage("report");
		}
	}
	if (optind != argc)
		return cli_usage("report");
	if (*o->range.from && *o->range.to && strcmp(o->range.from, o->range.to) > 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("--from %s is after --to %s"), o->range.from, o->range.to);
	return 0;
}

static int resolve_vehicle(struct cli *cli, db *d, struct report_opts *o)
{
	if (!o->vehicle_ref)
		return 0;
	struct vehicle v;
	if (vehicle_find(d, o->vehicle_ref, &v, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	o->range.vehicle_id = v.id;
	snprintf(o->vehicle_label, sizeof o->vehicle_label, "%s %s", v.stock_no, v.vin);
	return 0;
}

static void doc_start(db *d, struct report_doc *r, struct site *site, const struct report_opts *o, const char *zh,
		      const char *en)
{
	memset(r, 0, sizeof *r);
	if (site_get(d, site, NULL) != SY_OK)
		memset(site, 0, sizeof *site);
	r->yard.name = site->name;
	r->yard.licence_no = site->license_no;
	r->yard.address = site->address;
	r->title_zh = zh;
	r->title_en = en;
	char now[20];
	db_now(now);
	if (o->range.vehicle_id)
		snprintf(r->subtitle, sizeof r->subtitle, "车辆 Vehicle: %s    打印 Printed: %s", o->vehicle_label, now);
	else
		snprintf(r->subtitle, sizeof r->subtitle, "期间 Period: %s – %s    打印 Printed: %s",
			 *o->range.from ? o->range.from : "…", *o->range.to ? o->range.to : "…", now);
}

/* Screen, CSV or PDF; JSON is printed by each report. The trail's head
 * goes on every printed report: an anchor kept outside the database
 * (`scrapyard audit verify --against ENTRY:HASH`). */
static int output(struct cli *cli, const struct report_opts *o, struct report_doc *r)
{
	int rc = 0;
	struct audit_head head;
	char anchor[120];
	if (audit_head(cli->session.db, &head, NULL) == SY_OK) {
		audit_head_text(&head, anchor, sizeof anchor);
		report_doc_note(r, _("Audit trail at printing: %s."), anchor);
	}
	if (o->csv)
		rc = write_csv(cli, r, o->csv);
	if (!rc && o->pdf) {
		unsigned warnings = 0;
		if (doc_report_pdf(r, o->pdf, &warnings, &cli->err) != SY_OK)
			rc = cli_report(cli, &cli->err);
	}
	if (!rc && (o->csv || o->pdf)) {
		if (o->csv)
			printf(_("wrote %s\n"), o->csv);
		if (o->pdf)
			printf(_("wrote %s\n"), o->pdf);
	} else if (!rc) {
		print_doc(r);
		print_notes(r);
	}
	report_doc_free(r);
	return rc;
}

/* ---- mass balance ---- */

static const struct pdf_column balance_cols[] = {
	{"库存编号", "Stock no.", 1.3f, PDF_LEFT},   {"车辆识别代号", "VIN", 2.0f, PDF_LEFT},
	{"交车日期", "Received", 1.1f, PDF_LEFT},    {"进场质量", "Mass in kg", 1.1f, PDF_RIGHT},
	{"回用件", "Reuse", 0.9f, PDF_RIGHT},         {"再制造", "Cores", 0.9f, PDF_RIGHT},
	{"材料", "Material", 0.9f, PDF_RIGHT},        {"车身残骸", "Hulk", 0.9f, PDF_RIGHT},
	{"危废", "Hazardous", 0.9f, PDF_RIGHT},       {"能量回收", "Energy", 0.9f, PDF_RIGHT},
	{"填埋", "Landfill", 0.9f, PDF_RIGHT},        {"出场合计", "Out kg", 1.0f, PDF_RIGHT},
	{"差额", "Unaccounted kg", 1.1f, PDF_RIGHT}, {"差额率", "Unacc. %", 0.9f, PDF_RIGHT},
	{"标记", "Flags", 1.4f, PDF_LEFT},
};

static const struct pdf_column dest_cols[] = {
	{"去向", "Destination", 3, PDF_LEFT},
	{"质量", "kg", 1.2f, PDF_RIGHT},
	{"占进场质量", "% of mass in", 1.2f, PDF_RIGHT},
};

static void balance_row(struct report_sheet *s, const struct mass_balance *b, int total)
{
	char flags[96] = "";
	if (b->curb_mass_used)
		strcat(flags, total ? "" : _("curb mass "));
	if (b->mass_unknown)
		strcat(flags, total ? "" : _("no mass in "));
	if (!total && b->out_total_kg <= 0)
		strcat(flags, _("no outputs yet"));
	else if (b->over_threshold)
		strcat(flags, _("CHECK"));
	const char *cells[N(balance_cols)] = {
		total ? _("Total") : b->stock_no, total ? INT(b->vehicles) : b->vin, total ? "" : b->received,
		KG(b->mass_in_kg)};
	char out[OUT_COUNT][32];
	for (int i = 0; i < OUT_COUNT; i++)
		cells[4 + i] = num(out[i], sizeof out[i], b->out_kg[i], 1);
	cells[11] = KG(b->out_total_kg);
	cells[12] = KG(b->unaccounted_kg);
	cells[13] = b->mass_in_kg > 0 ? PCT(b->unaccounted_pct) : "-";
	cells[14] = flags;
	sheet_add(s, cells);
}

static int balance_add(const struct mass_balance *b, void *ctx)
{
	struct report_sheet *s = ctx;
	if (s)
		balance_row(s, b, 0);
	return 0;
}

static int balance_json(const struct mass_balance *b, void *ctx)
{
	cJSON_AddItemToArray(ctx, mass_balance_to_json(b));
	return 0;
}

static void dest_sheet(struct report_doc *r, const struct mass_balance *t)
{
	struct report_sheet *s = report_doc_sheet(r, "按去向汇总", "Mass out by destination", dest_cols, N(dest_cols));
	double in = t->mass_in_kg;
	for (int i = 0; i < OUT_COUNT; i++) {
		const char *cells[] = {report_out_label(i), KG(t->out_kg[i]), in > 0 ? PCT(100 * t->out_kg[i] / in) : "-"};
		sheet_add(s, cells);
	}
	const char *out[] = {_("Mass out"), KG(t->out_total_kg), in > 0 ? PCT(100 * t->out_total_kg / in) : "-"};
	sheet_add(s, out);
	const char *un[] = {_("Unaccounted"), KG(t->unaccounted_kg), in > 0 ? PCT(t->unaccounted_pct) : "-"};
	sheet_add(s, un);
	const char *mi[] = {_("Mass in"), KG(in), in > 0 ? "100.0" : "-"};
	sheet_add(s, mi);
	s->bold_last_row = 1;
}

static void balance_notes(struct report_doc *r, const struct mass_balance *t)
{
	report_doc_note(r, _("Mass in is the weighbridge weight; %d vehicle(s) were not weighed and count with the curb mass from their papers (flagged 'curb mass')."),
			t->curb_mass_used);
	if (t->mass_unknown)
		report_doc_note(r, _("%d vehicle(s) have neither a weight nor a curb mass: they add outputs but no mass in."),
				t->mass_unknown);
	if (t->no_outputs)
		report_doc_note(r, _("%d vehicle(s) of the period have no outputs recorded yet and are left out of the totals."),
				t->no_outputs);
	report_doc_note(r, _("Unaccounted beyond %.1f%% of mass in is flagged CHECK (setting mass_balance_threshold_pct)."),
			t->threshold_pct);
	if (t->parts_unweighed)
		report_doc_note(r, _("%d part(s) have no weight and are not in the outputs: weigh them to close the balance."),
				t->parts_unweighed);
	if (t->litres_converted)
		report_doc_note(r, _("Fluids recorded in litres were converted with typical densities (fuel 0.78, oils 0.88-0.89, coolant 1.07 kg/l)."));
}

static int report_mass_balance(struct cli *cli, db *d, struct report_opts *o)
{
	struct mass_balance total;
	if (cli->json) {
		cJSON *doc = cJSON_CreateObject(), *rows = cJSON_AddArrayToObject(doc, "vehicles");
		if (report_balances(d, &o->range, balance_json, rows, &total, &cli->err) != SY_OK) {
			cJSON_Delete(doc);
			return cli_report(cli, &cli->err);
		}
		cJSON_AddItemToObject(doc, "total", mass_balance_to_json(&total));
		return cli_print_json(doc);
	}
	struct report_doc r;
	struct site site;
	doc_start(d, &r, &site, o, "质量平衡", "Mass Balance");
	struct report_sheet *s = report_doc_sheet(&r, "各车辆", "Per vehicle (kg)", balance_cols, N(balance_cols));
	if (report_balances(d, &o->range, balance_add, s, &total, &cli->err) != SY_OK) {
		report_doc_free(&r);
		return cli_report(cli, &cli->err);
	}
	if (!o->range.vehicle_id) {
		balance_row(s, &total, 1);
		s->bold_last_row = 1;
	}
	dest_sheet(&r, &total);
	balance_notes(&r, &total);
	return output(cli, o, &r);
}

/* ---- recovery ---- */

static const struct pdf_column recovery_cols[] = {
	{"库存编号", "Stock no.", 1.3f, PDF_LEFT},   {"车辆识别代号", "VIN", 2.0f, PDF_LEFT},
	{"进场质量", "Mass in kg", 1.1f, PDF_RIGHT}, {"再使用", "Reuse kg", 1.0f, PDF_RIGHT},
	{"再生利用", "Recycling kg", 1.1f, PDF_RIGHT}, {"能量回收", "Energy kg", 1.0f, PDF_RIGHT},
	{"再使用+再生利用", "Reuse+recycling %", 1.4f, PDF_RIGHT},
	{"再使用+回收利用", "Reuse+recovery %", 1.4f, PDF_RIGHT},
	{"达标", "Targets 85/95", 1.1f, PDF_LEFT},
};

struct recovery_ctx {
	db *d;
	struct report_sheet *sheet;
	cJSON *rows;
};

static const char *yes_no(int met) { return met ? _("yes") : _("no"); }

static void recovery_row(struct report_sheet *s, const char *a, const char *b, const struct recovery *r)
{
	char targets[32];
	snprintf(targets, sizeof targets, "%s / %s", yes_no(r->meets_85), yes_no(r->meets_95));
	const char *cells[] = {a, b, KG(r->mass_in_kg), KG(r->reuse_kg), KG(r->recycling_kg), KG(r->energy_kg),
			       r->mass_in_kg > 0 ? PCT(r->rate_recycling_pct) : "-",
			       r->mass_in_kg > 0 ? PCT(r->rate_recovery_pct) : "-", r->mass_in_kg > 0 ? targets : "-"};
	sheet_add(s, cells);
}

static int recovery_add(const struct mass_balance *b, void *p)
{
	struct recovery_ctx *ctx = p;
	struct recovery r;
	report_recovery(ctx->d, b, &r);
	if (ctx->rows) {
		cJSON *o = recovery_to_json(&r);
		cJSON_AddStringToObject(o, "stock_no", b->stock_no);
		cJSON_AddStringToObject(o, "vin", b->vin);
		cJSON_AddItemToArray(ctx->rows, o);
	} else {
		recovery_row(ctx->sheet, b->stock_no, b->vin, &r);
	}
	return 0;
}

static int report_recovery_cmd(struct cli *cli, db *d, struct report_opts *o)
{
	struct mass_balance total;
	struct recovery rec;
	struct recovery_ctx ctx = {.d = d};
	struct report_doc r;
	struct site site;
	cJSON *doc = NULL;
	if (cli->json) {
		doc = cJSON_CreateObject();
		ctx.rows = cJSON_AddArrayToObject(doc, "vehicles");
	} else {
		doc_start(d, &r, &site, o, "回收利用率", "Recovery Rates");
		ctx.sheet = report_doc_sheet(&r, "再使用、再生利用与回收利用", "Reuse, recycling and recovery", recovery_cols,
					     N(recovery_cols));
	}
	if (report_balances(d, &o->range, recovery_add, &ctx, &total, &cli->err) != SY_OK) {
		cJSON_Delete(doc);
		if (!cli->json)
			report_doc_free(&r);
		return cli_report(cli, &cli->err);
	}
	report_recovery(d, &total, &rec);
	if (cli->json) {
		cJSON_AddItemToObject(doc, "total", recovery_to_json(&rec));
		cJSON_AddNumberToObject(doc, "vehicles_left_out_no_outputs", total.no_outputs);
		return cli_print_json(doc);
	}
	if (!o->range.vehicle_id) {
		recovery_row(ctx.sheet, _("Total"), INT(total.vehicles), &rec);
		ctx.sheet->bold_last_row = 1;
	}
	r.bars_title_zh = "对照欧盟目标（按质量）";
	r.bars_title_en = N_("Against the EU targets (by mass)");
	report_doc_bar(&r, "再使用+再生利用", N_("Reuse + recycling"), rec.rate_recycling_pct, REPORT_TARGET_RECYCLING);
	report_doc_bar(&r, "再使用+回收利用", N_("Reuse + recovery"), rec.rate_recovery_pct, REPORT_TARGET_RECOVERY);
	report_doc_note(&r, _("EU method (Directive 2000/53/EC, Decision 2005/293/EC), by mass against mass in: reuse + recycling at least 85%%, reuse + recovery (recycling + energy recovery) at least 95%%."));
	report_doc_note(&r, _("Reuse: parts for reuse, cores for remanufacturing, traction batteries to second life. Recycling: material lots and %.0f%% of the hulk (the shredder's metal yield, setting hulk_recycled_pct). Energy recovery: parts burned for energy, drained fuel, and %.0f%% of the hulk (setting hulk_energy_pct)."),
			rec.hulk_recycled_pct, rec.hulk_energy_pct);
	report_doc_note(&r, _("Not counted: hazardous waste to licensed handlers (their treatment is not recorded), landfill, the rest of the hulk and any unaccounted mass."));
	report_doc_note(&r, _("Result: reuse + recycling %.1f%% (target 85%%: %s), reuse + recovery %.1f%% (target 95%%: %s)."),
			rec.rate_recycling_pct, rec.meets_85 ? _("met") : _("not met"), rec.rate_recovery_pct,
			rec.meets_95 ? _("met") : _("not met"));
	if (total.no_outputs)
		report_doc_note(&r, _("%d vehicle(s) with no outputs recorded yet are left out."), total.no_outputs);
	return output(cli, o, &r);
}

/* ---- carbon ---- */

static const struct pdf_column carbon_cols[] = {
	{"途径", "Route", 0.9f, PDF_LEFT},       {"材料/部件", "Material / part", 1.2f, PDF_LEFT},
	{"质量", "Mass kg", 0.9f, PDF_RIGHT},    {"因子", "kg CO2e/kg", 0.9f, PDF_RIGHT},
	{"范围", "Range", 0.9f, PDF_RIGHT},      {"减排量", "CO2e avoided kg", 1.1f, PDF_RIGHT},
	{"可信度", "Quality", 0.9f, PDF_LEFT},   {"来源", "Source", 6.0f, PDF_LEFT},
};

/* The data file shipped with the program: beside a binary run from the
 * source tree, or installed under DATADIR/scrapyard. */
static char *find_factor_file(void)
{
	const char *env = getenv("SCRAPYARD_DATA_DIR");
	char exe[PATH_MAX], *candidates[5] = {0};
	int n = 0;
	if (env && *env)
		candidates[n++] = xasprintf("%s/emission_factors.csv", env);
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *dir = dirname(exe);
		candidates[n++] = xasprintf("%s/data/emission_factors.csv", dir);
		candidates[n++] = xasprintf("%s/../data/emission_factors.csv", dir); /* build/scrapyard */
		candidates[n++] = xasprintf("%s/../share/scrapyard/emission_factors.csv", dir);
	}
	/* SY_LOCALEDIR is DATADIR/locale. */
	candidates[n++] = xasprintf("%s/../scrapyard/emission_factors.csv", SY_LOCALEDIR);
	char *found = NULL;
	for (int i = 0; i < n; i++) {
		if (!found && access(candidates[i], R_OK) == 0)
			found = candidates[i];
		else
			free(candidates[i]);
	}
	return found;
}

/* First use: load the shipped table. */
static int ensure_factors(struct cli *cli, db *d)
{
	int64_t n = 0;
	if (factors_count(d, &n, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (n > 0)
		return 0;
	char *path = find_factor_file();
	if (!path)
		return cli_fail(cli, CLI_EXIT_ENV, _("no emission factors loaded and emission_factors.csv not found: load one with 'scrapyard factors import FILE'"));
	int loaded = 0;
	int rc = factors_load_defaults(d, path, &loaded, &cli->err);
	free(path);
	return rc == SY_OK ? 0 : cli_report(cli, &cli->err);
}

static int report_carbon_cmd(struct cli *cli, db *d, struct report_opts *o)
{
	struct carbon c;
	int rc = ensure_factors(cli, d);
	if (rc)
		return rc;
	if (report_carbon(d, &o->range, &c, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *doc = carbon_to_json(&c);
		cJSON_AddStringToObject(doc, "from", o->range.from);
		cJSON_AddStringToObject(doc, "to", o->range.to);
		return cli_print_json(doc);
	}
	struct report_doc r;
	struct site site;
	doc_start(d, &r, &site, o, "碳减排", "CO2 Avoided by Reuse and Recycling");
	struct report_sheet *s = report_doc_sheet(&r, "所用排放因子", "Factors used", carbon_cols, N(carbon_cols));
	for (int i = 0; i < c.nlines; i++) {
		const struct carbon_line *l = &c.lines[i];
		char range[48];
		snprintf(range, sizeof range, "%g–%g", l->f.low, l->f.high);
		const char *cells[] = {l->f.route, l->f.key, KG(l->kg), num((char[32]){0}, 32, l->f.factor, 2), range,
				       KG(l->co2e), l->f.quality, l->f.source};
		sheet_add(s, cells);
	}
	char total_range[64];
	snprintf(total_range, sizeof total_range, "%.0f–%.0f", c.low_kg, c.high_kg);
	const char *tot[] = {_("Total"), "", KG(c.credited_kg), "", total_range, KG(c.co2e_kg), "", ""};
	sheet_add(s, tot);
	s->bold_last_row = 1;
	report_doc_note(&r, _("CO2e avoided: about %.0f kg (range %.0f to %.0f kg), i.e. %.2f t."), c.co2e_kg, c.low_kg,
			c.high_kg, c.co2e_kg / 1000);
	if (c.indicative_co2e_kg > 0)
		report_doc_note(&r, _("%.0f kg of it (%.0f%%) comes from factors marked indicative: estimates, not published figures; read the total as an order of magnitude."),
				c.indicative_co2e_kg, c.co2e_kg > 0 ? 100 * c.indicative_co2e_kg / c.co2e_kg : 0);
	if (c.no_factor_kg > 0)
		report_doc_note(&r, _("%.1f kg reused or recycled had no factor and is not credited (add one with 'scrapyard factors import')."),
				c.no_factor_kg);
	report_doc_note(&r, _("Method: mass sent to reuse, remanufacturing or material recycling times kg CO2e avoided per kg (the site's table, each factor with its source). Only the hulk's recycled share is credited; energy recovery, hazardous waste and landfill get no credit; transport and the yard's own energy are not subtracted."));
	return output(cli, o, &r);
}

/* ---- operations ---- */

static const struct pdf_column ops_cols[] = {
	{"项目", "Item", 4, PDF_LEFT},
	{"数量", "Value", 1.5f, PDF_RIGHT},
};
static const struct pdf_column waste_cols[] = {
	{"代码", "Code", 1.2f, PDF_LEFT},        {"名称", "Waste", 3.2f, PDF_LEFT},
	{"单位", "Unit", 0.6f, PDF_LEFT},        {"产生/入库", "In", 1, PDF_RIGHT},
	{"容器", "Containers in", 1, PDF_RIGHT}, {"转移出库", "Out", 1, PDF_RIGHT},
	{"容器", "Containers out", 1, PDF_RIGHT},
};
static const struct pdf_column deadline_cols[] = {
	{"期限", "Deadline", 2.5f, PDF_LEFT},        {"按时", "Met", 1, PDF_RIGHT},
	{"逾期完成", "Missed (done late)", 1.4f, PDF_RIGHT}, {"逾期未办", "Late, still open", 1.4f, PDF_RIGHT},
	{"未到期", "Not yet due", 1.2f, PDF_RIGHT},
};

static void ops_item(struct report_sheet *s, const char *label, const char *value)
{
	const char *cells[] = {label, value};
	sheet_add(s, cells);
}

static void deadline_row(struct report_sheet *s, const char *label, const struct ops_deadlines *dl)
{
	const char *cells[] = {label, INT(dl->met), INT(dl->missed), INT(dl->late_open), INT(dl->pending)};
	sheet_add(s, cells);
}

/* Share of the deadlines that fell due and were met on time. */
static void deadline_bar(struct report_doc *r, const char *zh, const char *en, const struct ops_deadlines *dl)
{
	int due = dl->met + dl->missed + dl->late_open;
	if (due)
		report_doc_bar(r, zh, en, 100.0 * dl->met / due, 0);
}

static int report_operations_cmd(struct cli *cli, db *d, struct report_opts *o)
{
	struct ops_report ops;
	if (o->range.vehicle_id)
		return cli_fail(cli, CLI_EXIT_INVALID, _("the operations report is for a period: give --from and --to, not --vehicle"));
	if (report_operations(d, o->range.from, o->range.to, &ops, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(ops_report_to_json(&ops));
	struct report_doc r;
	struct site site;
	doc_start(d, &r, &site, o, "经营报表", "Operations Report");
	struct report_sheet *s = report_doc_sheet(&r, "概况", "Summary", ops_cols, N(ops_cols));
	ops_item(s, _("Vehicles taken in"), INT(ops.intake));
	ops_item(s, _("  of them new-energy vehicles"), INT(ops.intake_nev));
	ops_item(s, _("  of them weighed"), INT(ops.intake_weighed));
	ops_item(s, _("  mass in (kg; curb mass when not weighed)"), KG(ops.intake_kg));
	ops_item(s, _("Certificates issued"), INT(ops.certs_issued));
	ops_item(s, _("Certificates voided"), INT(ops.certs_voided));
	ops_item(s, _("Parts harvested"), INT(ops.parts_harvested));
	ops_item(s, _("  of them five major assemblies"), INT(ops.assemblies_harvested));
	ops_item(s, _("  mass (kg)"), KG(ops.parts_harvested_kg));
	ops_item(s, _("Parts sold or handed over"), INT(ops.parts_sold));
	ops_item(s, _("  value"), num((char[32]){0}, 32, ops.parts_sold_value, 2));
	ops_item(s, _("Traction batteries removed"), INT(ops.batteries_removed));
	ops_item(s, _("Traction batteries handed over"), INT(ops.batteries_handed_over));
	ops_item(s, _("  mass handed over (kg)"), KG(ops.batteries_handed_over_kg));
	s = report_doc_sheet(&r, "危险废物产生与转移", "Hazardous waste in and out", waste_cols, N(waste_cols));
	for (int i = 0; i < ops.nwaste; i++) {
		const struct ops_waste *w = &ops.waste[i];
		const char *cells[] = {w->code, sy_pick(w->name_en, w->name_zh), w->unit, num((char[32]){0}, 32, w->in_qty, 2),
				       INT(w->in_containers), num((char[32]){0}, 32, w->out_qty, 2), INT(w->out_containers)};
		sheet_add(s, cells);
	}
	s = report_doc_sheet(&r, "期限执行情况", "Deadlines falling due in the period", deadline_cols, N(deadline_cols));
	deadline_row(s, _("Deregistration (7 working days)"), &ops.dereg);
	deadline_row(s, _("Battery report (15 working days)"), &ops.battery_report);
	r.bars_title_zh = "按时完成的期限";
	r.bars_title_en = N_("Deadlines met on time (of those done or overdue)");
	deadline_bar(&r, "注销登记", N_("Deregistration"), &ops.dereg);
	deadline_bar(&r, "电池信息上报", N_("Battery report"), &ops.battery_report);
	report_doc_note(&r, _("Missed: done after the due date. Late, still open: past due and not done. Not yet due: counted against the date the report was made."));
	return output(cli, o, &r);
}

/* Every report: its options read, the yard's database opened, the vehicle found. */
static int report_run(struct cli *cli, int argc, char **argv, int (*run)(struct cli *, db *, struct report_opts *))
{
	struct report_opts o;
	int rc = parse_opts(cli, argc, argv, &o);
	if (rc)
		return rc;
	if (o.all_yards) {
		if (run != report_operations_cmd || o.vehicle_ref || o.csv || o.pdf)
			return cli_fail(cli, CLI_EXIT_INVALID,
					_("--all-yards gives the operations report of every yard of the group, on screen or --json"));
		return group_report_operations(cli, o.range.from, o.range.to);
	}
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if ((rc = resolve_vehicle(cli, d, &o)) != 0)
		return rc;
	return run(cli, d, &o);
}

#define REPORT_SUB(name, run) \
	static int name(struct cli *cli, int argc, char **argv) { return report_run(cli, argc, argv, run); }
REPORT_SUB(report_mass_balance_sub, report_mass_balance)
REPORT_SUB(report_recovery_sub, report_recovery_cmd)
REPORT_SUB(report_carbon_sub, report_carbon_cmd)
REPORT_SUB(report_operations_sub, report_operations_cmd)

static const struct subcommand report_subs[] = {
	{"mass-balance", report_mass_balance_sub, .options = report_options},
	{"recovery", report_recovery_sub, .options = report_options},
	{"carbon", report_carbon_sub, .options = report_options},
	{"operations", report_operations_sub, .options = report_options},
	{0},
};

/* ---- factors ---- */

static int factor_print(const struct emission_factor *f, void *ctx)
{
	if (ctx) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "route", f->route);
		cJSON_AddStringToObject(o, "key", f->key);
		cJSON_AddNumberToObject(o, "factor", f->factor);
		cJSON_AddNumberToObject(o, "low", f->low);
		cJSON_AddNumberToObject(o, "high", f->high);
		cJSON_AddStringToObject(o, "quality", f->quality);
		cJSON_AddStringToObject(o, "source", f->source);
		cJSON_AddItemToArray(ctx, o);
		return 0;
	}
	printf("%-10s %-18s %6.2f  (%g–%g)  %-10s %s\n", f->route, f->key, f->factor, f->low, f->high, f->quality,
	       f->source);
	return 0;
}

static const struct cli_option cmd_factors_opts[] = {CLI_COMMON_LONGOPTS, {0}};

/* argv[0] is the subcommand: list, or import FILE. */
static int factors_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0)
		return cli_usage("factors");
	int is_import = strcmp(argv[0], "import") == 0;
	if (optind + is_import != argc)
		return cli_usage("factors");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (is_import) {
		int loaded = 0, rc;
		/* The factors are the yard's published figures: a supervisor's to change. */
		if ((rc = cli_require_role(cli, "supervisor")))
			return rc;
		if (factors_import(d, argv[optind], &loaded, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		if (cli->json) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "loaded", loaded);
			return cli_print_json(o);
		}
		printf(_("loaded %d emission factors\n"), loaded);
		return 0;
	}
	int rc = ensure_factors(cli, d);
	if (rc)
		return rc;
	cJSON *array = cli->json ? cJSON_CreateArray() : NULL;
	return cmdutil_json_done(cli, factors_list(d, factor_print, array, &cli->err), array);
}

static const struct subcommand factors_subs[] = {
	{"list", factors_cmd, .options = cmd_factors_opts},
	{"import", factors_cmd, .options = cmd_factors_opts, .operand = CLI_OPERAND_FILE},
	{0},
};

const struct command cmd_report_command = {
	.name = "report",
	.subs = report_subs,
	.summary = N_("Mass balance, recovery rates, CO2 avoided and operations reports"),
	.usage = N_("usage: scrapyard report mass-balance|recovery|carbon|operations [--from DATE] [--to DATE] [--vehicle REF]\n"
	    "                        [--json | --csv FILE | --pdf FILE]\n"
	    "       scrapyard report operations --all-yards [--from DATE] [--to DATE] [--json]   (every yard of the group)"),
};

const struct command cmd_factors_command = {
	.name = "factors",
	.subs = factors_subs,
	.summary = N_("The emission factors of the carbon report, with their sources"),
	.usage = N_("usage: scrapyard factors list [--json]\n"
	    "       scrapyard factors import FILE.csv   (route,key,factor,low,high,quality,source)"),
};
