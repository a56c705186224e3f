/* The intake receipt handed to the owner: what the yard took in. */
#include <stdio.h>
#include <string.h>

#include "forms/doc.h"
#include "forms/doc_common.h"

#define LABEL_W 98.0f
#define ROW_H 22.0f

static const struct pdf_column item_cols[] = {
	{"物品", "Item", 5, PDF_LEFT},
	{"数量", "Quantity", 1.5f, PDF_RIGHT},
	{"备注", "Note", 5, PDF_LEFT},
};

static void item_row(void *ctx, size_t i, const char **cells, char *buf, size_t size)
{
	const struct receipt_doc *r = ctx;
	const struct doc_item *it = &r->items[i];
	cells[0] = it->name;
	snprintf(buf, size, "%d", it->quantity);
	cells[1] = it->quantity > 0 ? buf : "0";
	cells[2] = it->note;
}

static void draw_top(struct pdf *pdf, const struct receipt_doc *r)
{
	float top = pdf_page_height(pdf) - pdf_margin(pdf);
	float y = doc_title(pdf, top - 4, "报废机动车交接回执", "Vehicle Intake Receipt", 22);
	char line[200];
	snprintf(line, sizeof line, "回执编号 No.  %s        交车时间 Handed over  %s", doc_s(r->number),
		 doc_s(r->intake_time));
	pdf_text(pdf, pdf_page_width(pdf) / 2, y - 8, PDF_BOLD, 10.5f, PDF_CENTER, line);
	pdf_set_y(pdf, y - 22);
}

static void draw_fields(struct pdf *pdf, const struct receipt_doc *r)
{
	const struct doc_yard *yd = &r->yard;
	const struct doc_owner *o = &r->owner;
	const struct doc_vehicle *v = &r->vehicle;
	struct doc_field yard[] = {
		{"回收拆解企业", "Recycling enterprise", yd->name, DOC_WIDE | DOC_BOLD, 0},
		{"资质证书编号", "Licence No.", yd->licence_no, 0, 0},
		{"联系电话", "Phone", yd->phone, 0, 0},
	};
	doc_fields(pdf, yard, 3, LABEL_W, ROW_H);
	pdf_heading(pdf, "交车人", "Owner");
	char agent[200];
	struct doc_field owner[] = {
		{"车辆所有人", "Name", o->name, DOC_BOLD, 0},
		{"身份证明号码", "ID / credit code", o->id_no, 0, 0},
		{"联系电话", "Phone", o->phone, 0, 0},
		{"代理人", "Agent", doc_join(agent, sizeof agent, o->agent_name, "  ", o->agent_id_no), 0, 0},
		{"住址", "Address", o->address, DOC_WIDE, 0},
	};
	doc_fields(pdf, owner, 5, LABEL_W, ROW_H);
	pdf_heading(pdf, "车辆", "Vehicle");
	char brand[200], curb[32], weighed[32];
	struct doc_field veh[] = {
		{"号牌号码", "Plate No.", v->plate, DOC_BOLD, 0},
		{"入库编号", "Stock No.", v->stock_no, 0, 0},
		{"车辆识别代号", "VIN", v->vin, DOC_BOLD, 0},
		{"发动机号码", "Engine No.", v->engine_no, 0, 0},
		{"品牌型号", "Brand / model", doc_join(brand, sizeof brand, v->brand, " ", v->model), 0, 0},
		{"车辆类型", "Vehicle type", v->vehicle_type, 0, 0},
		{"燃料种类", "Power type", v->power_type, 0, 0},
		{"动力蓄电池编码", "Battery code", v->battery_code, 0, 0},
		{"整备质量", "Curb mass", doc_fmt_kg(curb, sizeof curb, v->curb_mass_kg), 0, 0},
		{"入厂称重", "Weighed at intake", doc_fmt_kg(weighed, sizeof weighed, v->intake_mass_kg), DOC_BOLD, 0},
	};
	doc_fields(pdf, veh, 10, LABEL_W, ROW_H);
	pdf_heading(pdf, "交回证件", "Documents handed over");
	struct doc_field docs[4];
	char plates[128];
	int n = doc_handover_fields(&r->handover, docs, plates, sizeof plates);
	docs[3].flags |= DOC_WIDE;
	doc_fields(pdf, docs, n, LABEL_W, ROW_H);
}

static void body(struct pdf *pdf, void *ctx)
{
	const struct receipt_doc *r = ctx;
	pdf_new_page(pdf);
	draw_top(pdf, r);
	draw_fields(pdf, r);
	if (r->nitems) {
		struct pdf_table items = {"随车物品", "Other items handed over", item_cols, 3, r->nitems, item_row,
					  (void *)r, 8, 0, "无", "None"};
		pdf_table(pdf, &items);
	}
	if (r->notes && *r->notes) {
		char line[600];
		snprintf(line, sizeof line, "备注 Notes: %s", r->notes);
		doc_paragraph(pdf, PDF_REGULAR, 8.5f, line);
	}
	doc_paragraph(pdf, PDF_REGULAR, 8,
		      "本回执仅证明上述车辆及证件已交付本企业，不作为报废机动车回收证明。 This receipt confirms the "
		      "hand-over of the vehicle and documents above; it is not the recycling certificate.");
	struct doc_sign s[] = {
		{"经办人", "Clerk", r->clerk, NULL},
		{"交车人（签字）", "Owner's signature", NULL, NULL},
	};
	doc_signatures(pdf, s, 2, 62);
}

int doc_receipt_pdf(const struct receipt_doc *r, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	char note[300];
	snprintf(note, sizeof note, "%s  %s", doc_s(r->yard.name), doc_s(r->number));
	struct pdf_spec spec = {PDF_PORTRAIT, "Vehicle Intake Receipt", note, 1, NULL, NULL};
	return pdf_render(&spec, body, (void *)r, path, out, warnings, err);
}
