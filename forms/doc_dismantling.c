/* The dismantling record of one vehicle: depollution steps, parts and where
 * they went, and the mass balance. */
#include <stdio.h>
#include <string.h>

#include "forms/doc.h"
#include "forms/doc_common.h"

#define LABEL_W 92.0f
#define ROW_H 21.0f

struct dism_ctx {
	const struct dismantling_doc *d;
	char subtitle[300];
	double out_kg; /* sum of the mass balance rows */
};

static const struct pdf_column step_cols[] = {
	{"序号", "No.", 0.7f, PDF_RIGHT},
	{"工序", "Step", 4.7f, PDF_LEFT},
	{"状态", "Status", 1.9f, PDF_LEFT},
	{"数量", "Qty", 1.1f, PDF_RIGHT},
	{"单位", "Unit", 0.9f, PDF_LEFT},
	{"容器", "Container", 1.8f, PDF_LEFT},
	{"操作人", "Operator", 1.3f, PDF_LEFT},
	{"时间", "Time", 2.4f, PDF_LEFT},
	{"备注", "Note", 2.2f, PDF_LEFT},
};

static const struct pdf_column part_cols[] = {
	{"编号", "Part No.", 1.8f, PDF_LEFT},
	{"名称", "Name", 3.2f, PDF_LEFT},
	{"五大总成", "Major assembly", 2.2f, PDF_LEFT},
	{"等级", "Grade", 0.9f, PDF_CENTER},
	{"质量", "Mass kg", 1.2f, PDF_RIGHT},
	{"去向", "Destination", 2.6f, PDF_LEFT},
	{"接收方", "Recipient", 3.4f, PDF_LEFT},
};

static const struct pdf_column mass_cols[] = {
	{"去向", "Destination", 4, PDF_LEFT},
	{"质量", "Mass kg", 2, PDF_RIGHT},
	{"占入厂质量", "Share of intake mass", 2, PDF_RIGHT},
};

static const char *status_text(enum dism_step_status s)
{
	switch (s) {
	case DISM_DONE:
		return "已完成 Done";
	case DISM_NOT_APPLICABLE:
		return "无此项 Not present";
	default:
		return "未完成 Pending";
	}
}

static void step_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	const struct dism_step *s = &((struct dism_ctx *)ctx)->d->steps[i];
	int n = snprintf(buf, size, "%zu", i + 1) + 1;
	cells[0] = buf;
	cells[1] = s->name;
	cells[2] = status_text(s->status);
	cells[3] = doc_fmt_num(buf + n, size - (size_t)n, s->quantity, 2, 1);
	cells[4] = s->quantity != 0 ? s->unit : NULL;
	cells[5] = s->container;
	cells[6] = s->operator_name;
	cells[7] = s->time;
	cells[8] = s->note;
}

static void part_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	const struct dism_part *p = &((struct dism_ctx *)ctx)->d->parts[i];
	cells[0] = p->part_no;
	cells[1] = p->name;
	cells[2] = p->assembly;
	cells[3] = p->grade;
	cells[4] = doc_fmt_mass(buf, size, p->mass_kg);
	cells[5] = p->destination;
	cells[6] = p->recipient;
}

/* Rows: one per destination, then total out, intake mass and difference. */
static void mass_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	struct dism_ctx *c = ctx;
	const struct dismantling_doc *d = c->d;
	double intake = d->vehicle.intake_mass_kg, kg;
	if (i < d->nmass) {
		cells[0] = d->mass[i].destination;
		kg = d->mass[i].mass_kg;
	} else if (i == d->nmass) {
		cells[0] = "产出合计 Total out";
		kg = c->out_kg;
	} else if (i == d->nmass + 1) {
		cells[0] = "入厂称重 Intake mass";
		kg = intake;
	} else {
		cells[0] = "差额 Difference (intake - out)";
		kg = intake - c->out_kg;
	}
	int n = snprintf(buf, size, "%.1f", kg) + 1;
	cells[1] = buf;
	if (intake > 0) {
		snprintf(buf + n, size - (size_t)n, "%.1f %%", kg * 100.0 / intake);
		cells[2] = buf + n;
	}
}

static float page_header(struct pdf *pdf, void *ctx)
{
	struct dism_ctx *c = ctx;
	return doc_running_header(pdf, &c->d->yard, "报废机动车拆解记录", "Dismantling Record", c->subtitle);
}

static void draw_vehicle(struct pdf *pdf, const struct dismantling_doc *d)
{
	const struct doc_vehicle *v = &d->vehicle;
	char brand[200], intake[32], curb[32];
	struct doc_field f[] = {
		{"车辆识别代号", "VIN", v->vin, DOC_BOLD, 0},
		{"号牌号码", "Plate No.", v->plate, DOC_BOLD, 0},
		{"入库编号", "Stock No.", v->stock_no, 0, 0},
		{"品牌型号", "Brand / model", doc_join(brand, sizeof brand, v->brand, " ", v->model), 0, 0},
		{"车辆类型", "Vehicle type", v->vehicle_type, 0, 0},
		{"燃料种类", "Power type", v->power_type, 0, 0},
		{"入厂日期", "Intake date", d->intake_date, 0, 0},
		{"拆解日期", "Dismantled", d->dismantled_date, 0, 0},
		{"入厂称重", "Intake mass", doc_fmt_kg(intake, sizeof intake, v->intake_mass_kg), 0, 0},
		{"整备质量", "Curb mass", doc_fmt_kg(curb, sizeof curb, v->curb_mass_kg), 0, 0},
		{"动力蓄电池编码", "Battery code", v->battery_code, 0, 0},
		{"监督人", "Supervised by", d->supervisor, 0, 0},
	};
	doc_fields(pdf, f, (int)(sizeof f / sizeof f[0]), LABEL_W, ROW_H);
}

#define PHOTOS_PER_ROW 4
#define PHOTO_GAP 8.0f
#define CAPTION_H 26.0f

/* One photo: its thumbnail fitted into the box (or why there is none) and
 * a caption of what it shows, when and its hash. */
static void draw_photo(struct pdf *pdf, const struct dism_photo *p, float x, float y, float w, float h)
{
	float img_h = h - CAPTION_H;
	pdf_rect(pdf, x, y, w, h, 0.5f);
	if (p->thumb && p->thumb_w > 0 && p->thumb_h > 0) {
		float scale = (w - 4) / (float)p->thumb_w < (img_h - 4) / (float)p->thumb_h ? (w - 4) / (float)p->thumb_w
											       : (img_h - 4) / (float)p->thumb_h;
		float iw = (float)p->thumb_w * scale, ih = (float)p->thumb_h * scale;
		pdf_image_jpeg(pdf, x + (w - iw) / 2, y + CAPTION_H + (img_h - ih) / 2, iw, ih, p->thumb, p->thumb_len);
	} else {
		struct pdf_box box = {x, y + CAPTION_H, w, img_h, PDF_REGULAR, 7.5f, 5, PDF_CENTER, 4};
		pdf_text_box(pdf, &box, p->problem ? p->problem : "无图像 No picture");
	}
	char caption[300];
	snprintf(caption, sizeof caption, "%s\n%s  %s", doc_s(p->what), doc_s(p->time), doc_s(p->hash));
	struct pdf_box box = {x, y + 1, w, CAPTION_H - 2, PDF_REGULAR, 7, 5, PDF_LEFT, 3};
	pdf_text_box(pdf, &box, caption);
}

static void draw_photos(struct pdf *pdf, const struct dismantling_doc *d)
{
	float left = pdf_margin(pdf), width = pdf_page_width(pdf) - 2 * left;
	float w = (width - PHOTO_GAP * (PHOTOS_PER_ROW - 1)) / PHOTOS_PER_ROW, h = w * 0.75f + CAPTION_H;
	pdf_need(pdf, 30 + h);
	pdf_heading(pdf, "照片", "Photos");
	for (size_t i = 0; i < d->nphotos; i += PHOTOS_PER_ROW) {
		pdf_need(pdf, h + PHOTO_GAP);
		float y = pdf_y(pdf) - h;
		for (size_t k = 0; k < PHOTOS_PER_ROW && i + k < d->nphotos; k++)
			draw_photo(pdf, &d->photos[i + k], left + (float)k * (w + PHOTO_GAP), y, w, h);
		pdf_set_y(pdf, y - PHOTO_GAP);
	}
}

static void body(struct pdf *pdf, void *ctx)
{
	struct dism_ctx *c = ctx;
	const struct dismantling_doc *d = c->d;
	pdf_new_page(pdf);
	draw_vehicle(pdf, d);
	struct pdf_table steps = {"预处理", "Depollution", step_cols, 9, d->nsteps, step_row, c, 7.5f, 0, NULL, NULL};
	pdf_table(pdf, &steps);
	struct pdf_table parts = {"拆解零部件及去向", "Parts and destinations", part_cols, 7, d->nparts, part_row, c, 7.5f,
				  0, NULL, NULL};
	pdf_table(pdf, &parts);
	struct pdf_table mass = {"质量平衡", "Mass balance", mass_cols, 3, d->nmass + 3, mass_row, c, 8, 1, NULL, NULL};
	pdf_table(pdf, &mass);
	if (d->nphotos)
		draw_photos(pdf, d);
	struct doc_sign s[] = {
		{"拆解负责人", "Dismantling supervisor", NULL, d->dismantled_date},
		{"质量检查", "Checked by", NULL, NULL},
	};
	doc_signatures(pdf, s, 2, 56);
}

int doc_dismantling_pdf(const struct dismantling_doc *d, const char *path, struct pdf_buf *out, unsigned *warnings,
			sy_err *err)
{
	struct dism_ctx c = {.d = d};
	for (size_t i = 0; i < d->nmass; i++)
		c.out_kg += d->mass[i].mass_kg;
	snprintf(c.subtitle, sizeof c.subtitle, "车辆识别代号 VIN %s    号牌 Plate %s    入库编号 Stock No. %s",
		 doc_s(d->vehicle.vin), doc_s(d->vehicle.plate), doc_s(d->vehicle.stock_no));
	char note[300];
	snprintf(note, sizeof note, "%s  拆解记录 Dismantling record %s", doc_s(d->yard.name), doc_s(d->vehicle.vin));
	struct pdf_spec spec = {PDF_PORTRAIT, "Dismantling Record", note, 1, page_header, &c};
	return pdf_render(&spec, body, &c, path, out, warnings, err);
}
