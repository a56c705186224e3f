/* Ledgers for a period: parts flow, hazardous waste, traction batteries.
 * Landscape A4, one table each, totals in the last row. */
#include <stdio.h>
#include <string.h>

#include "forms/doc.h"
#include "forms/doc_common.h"

struct ledger_ctx {
	const struct ledger_doc *l;
	char subtitle[400];
	double total_qty, total_kg;
};

struct ledger_kind_def {
	const char *title_zh, *title_en;
	const struct pdf_column *cols;
	int ncols;
	pdf_row_fn row;
};

static const struct pdf_column part_cols[] = {
	{"日期", "Date", 1.5f, PDF_LEFT},
	{"编号", "Part No.", 1.4f, PDF_LEFT},
	{"名称", "Name", 2.6f, PDF_LEFT},
	{"五大总成", "Major assembly", 1.7f, PDF_LEFT},
	{"来源车辆识别代号", "Source VIN", 2.6f, PDF_LEFT},
	{"车型", "Model", 1.8f, PDF_LEFT},
	{"数量", "Qty", 0.8f, PDF_RIGHT},
	{"质量", "Mass kg", 1.1f, PDF_RIGHT},
	{"去向", "Destination", 2.2f, PDF_LEFT},
	{"接收方", "Recipient", 2.8f, PDF_LEFT},
};

static const struct pdf_column waste_cols[] = {
	{"环节", "Movement", 1.6f, PDF_LEFT},
	{"批次编码", "Batch", 1.7f, PDF_LEFT},
	{"时间", "Time", 1.9f, PDF_LEFT},
	{"废物名称", "Waste", 3.1f, PDF_LEFT},
	{"类别", "Category", 1, PDF_LEFT},
	{"代码", "Code", 1.5f, PDF_LEFT},
	{"数量", "Qty", 0.9f, PDF_RIGHT},
	{"单位", "Unit", 0.7f, PDF_LEFT},
	{"容器编码", "Container", 1.5f, PDF_LEFT},
	{"容器类型", "Type", 1.1f, PDF_LEFT},
	{"容器数", "Containers", 1.1f, PDF_RIGHT},
	{"设施编码", "Facility", 1.2f, PDF_LEFT},
	{"经办人", "Clerk", 1, PDF_LEFT},
	{"去向", "Destination", 2.4f, PDF_LEFT},
};

static const struct pdf_column battery_cols[] = {
	{"日期", "Date", 1.5f, PDF_LEFT},
	{"车辆识别代号", "VIN", 2.6f, PDF_LEFT},
	{"电池编码", "Battery code", 3.5f, PDF_LEFT},
	{"型号", "Model", 2, PDF_LEFT},
	{"数量", "Qty", 0.8f, PDF_RIGHT},
	{"质量", "Mass kg", 1.1f, PDF_RIGHT},
	{"去向", "Destination", 2.2f, PDF_LEFT},
	{"接收方", "Recipient", 2.8f, PDF_LEFT},
	{"上报日期", "Reported", 1.5f, PDF_LEFT},
};

#define N(a) ((int)(sizeof a / sizeof a[0]))

/* The last row (i == nrows) is the totals row: label, count, quantity, mass. */
static int totals_row(struct ledger_ctx *c, size_t i, const char **cells, char *buf, size_t size, int qty_col,
		      int kg_col)
{
	if (i < c->l->nrows)
		return 0;
	cells[0] = "合计 Total";
	int used = snprintf(buf, size, "%zu 条 records", c->l->nrows) + 1;
	cells[1] = buf;
	cells[qty_col] = doc_fmt_num(buf + used, size - (size_t)used, c->total_qty, 2, 0);
	used += (int)strlen(buf + used) + 1;
	if (kg_col >= 0)
		cells[kg_col] = doc_fmt_mass(buf + used, size - (size_t)used, c->total_kg);
	return 1;
}

static void part_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	struct ledger_ctx *c = ctx;
	if (totals_row(c, i, cells, buf, size, 6, 7))
		return;
	const struct ledger_part_row *r = &c->l->rows.parts[i];
	int n = (int)strlen(doc_fmt_int(buf, size, r->quantity)) + 1;
	const char *v[] = {r->date, r->part_no, r->name, r->assembly, r->source_vin, r->model, buf,
			   doc_fmt_mass(buf + n, size - (size_t)n, r->mass_kg), r->destination, r->recipient};
	memcpy(cells, v, sizeof v);
}

static void waste_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	struct ledger_ctx *c = ctx;
	const struct ledger_waste_row *r = &c->l->rows.waste[i];
	int n = (int)strlen(doc_fmt_int(buf, size, r->containers)) + 1;
	const char *v[] = {r->movement, r->batch, r->time, r->name, r->category, r->code,
			   doc_fmt_num(buf + n, size - (size_t)n, r->quantity, 3, 0), r->unit, r->container_code,
			   r->container_type, r->containers ? buf : NULL, r->facility_code, r->clerk, r->destination};
	memcpy(cells, v, sizeof v);
}

static void battery_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	struct ledger_ctx *c = ctx;
	if (totals_row(c, i, cells, buf, size, 4, 5))
		return;
	const struct ledger_battery_row *r = &c->l->rows.batteries[i];
	int n = (int)strlen(doc_fmt_int(buf, size, r->quantity)) + 1;
	const char *v[] = {r->date, r->vin, r->battery_code, r->model, buf,
			   doc_fmt_mass(buf + n, size - (size_t)n, r->mass_kg), r->destination, r->recipient,
			   r->reported};
	memcpy(cells, v, sizeof v);
}

/* Totals of the waste ledger: per unit, per movement, never summed across
 * movements (the same drum is generated, stored and shipped). */
static const struct pdf_column waste_total_cols[] = {
	{"单位", "Unit", 1, PDF_LEFT},
	{"本期产生", "Generated in the period", 2, PDF_RIGHT},
	{"本期入库", "Into store", 2, PDF_RIGHT},
	{"本期出库", "Shipped", 2, PDF_RIGHT},
	{"期末贮存量", "In store at the end", 2, PDF_RIGHT},
	{"期末容器数", "Containers in store", 2, PDF_RIGHT},
};

static void waste_total_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	struct ledger_ctx *c = ctx;
	const struct ledger_waste_total *t = &c->l->waste_totals[i];
	const double v[] = {t->generated, t->stored, t->shipped, t->in_store};
	size_t used = 0;
	cells[0] = t->unit;
	for (int k = 0; k < 4; k++) {
		cells[k + 1] = doc_fmt_num(buf + used, size - used, v[k], 3, 0);
		used += strlen(buf + used) + 1;
	}
	cells[5] = doc_fmt_int(buf + used, size - used, t->containers_in_store);
}

static const struct ledger_kind_def kinds[] = {
	[LEDGER_PARTS] = {"报废机动车回用件及五大总成流向台账", "Parts Flow Ledger", part_cols, N(part_cols), part_row},
	[LEDGER_HAZARDOUS] = {"危险废物管理台账", "Hazardous Waste Ledger", waste_cols, N(waste_cols), waste_row},
	[LEDGER_BATTERIES] = {"新能源汽车动力蓄电池台账", "Traction Battery Ledger", battery_cols, N(battery_cols),
			      battery_row},
};

static void add_totals(struct ledger_ctx *c)
{
	const struct ledger_doc *l = c->l;
	for (size_t i = 0; i < l->nrows; i++) {
		switch (l->kind) {
		case LEDGER_PARTS:
			c->total_qty += l->rows.parts[i].quantity;
			c->total_kg += l->rows.parts[i].mass_kg;
			break;
		case LEDGER_HAZARDOUS: /* totals of their own, per unit and movement */
			break;
		case LEDGER_BATTERIES:
			c->total_qty += l->rows.batteries[i].quantity;
			c->total_kg += l->rows.batteries[i].mass_kg;
			break;
		}
	}
}

static float page_header(struct pdf *pdf, void *ctx)
{
	struct ledger_ctx *c = ctx;
	const struct ledger_kind_def *k = &kinds[c->l->kind];
	return doc_running_header(pdf, &c->l->yard, k->title_zh, k->title_en, c->subtitle);
}

static void body(struct pdf *pdf, void *ctx)
{
	struct ledger_ctx *c = ctx;
	const struct ledger_kind_def *k = &kinds[c->l->kind];
	pdf_new_page(pdf);
	size_t n = c->l->nrows;
	int totals_row = c->l->kind != LEDGER_HAZARDOUS;
	struct pdf_table t = {NULL, NULL, k->cols, k->ncols, n ? n + (size_t)totals_row : 0, k->row, c, 7.5f, totals_row,
			      NULL, NULL};
	pdf_table(pdf, &t);
	if (c->l->kind == LEDGER_HAZARDOUS && c->l->nwaste_totals) {
		char title[120];
		snprintf(title, sizeof title, "Totals per unit; in store at the end: %.10s",
			 c->l->to && *c->l->to ? c->l->to : doc_s(c->l->printed));
		struct pdf_table tt = {"合计（按计量单位）", title, waste_total_cols, N(waste_total_cols), c->l->nwaste_totals,
				       waste_total_row, c, 7.5f, 0, NULL, NULL};
		pdf_table(pdf, &tt);
	}
}

int doc_ledger_pdf(const struct ledger_doc *l, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	if (warnings)
		*warnings = 0;
	if ((unsigned)l->kind > LEDGER_BATTERIES)
		return sy_fail(err, SY_INVALID, "kind", "unknown ledger kind %d", (int)l->kind);
	const struct ledger_kind_def *k = &kinds[l->kind];
	struct ledger_ctx c = {.l = l};
	add_totals(&c);
	snprintf(c.subtitle, sizeof c.subtitle, "期间 Period: %s – %s    共 %zu 条记录 %zu records%s%s%s%s", doc_s(l->from),
		 doc_s(l->to), l->nrows, l->nrows, l->printed && *l->printed ? "    打印 Printed: " : "",
		 doc_s(l->printed), l->anchor && *l->anchor ? "    审计链 Audit trail: " : "", doc_s(l->anchor));
	char note[300];
	snprintf(note, sizeof note, "%s  %s %s  %s – %s", doc_s(l->yard.name), k->title_zh, k->title_en, doc_s(l->from),
		 doc_s(l->to));
	struct pdf_spec spec = {PDF_LANDSCAPE, k->title_en, note, 1, page_header, &c};
	return pdf_render(&spec, body, &c, path, out, warnings, err);
}
