/* The sheet a clerk types the ministry's ELV entry from: every field of its
 * web form, in its order and its words, on one page. */
#include <stdio.h>
#include <string.h>

#include "forms/doc.h"
#include "forms/doc_common.h"

#define LABEL_W 150.0f
#define ROW_H 20.5f

#define HEADING(zh, en) (struct doc_sheet_row){zh, en, NULL, 1, 0}
#define FIELD(zh, en, value, required) (struct doc_sheet_row){zh, en, value, 0, required}

int doc_mofcom_rows(const struct mofcom_doc *m, struct doc_sheet_row *rows)
{
	const struct doc_owner *o = &m->owner;
	int n = 0;
	rows[n++] = HEADING("登记信息", "Registration");
	rows[n++] = FIELD("登记类型", "Registration type", m->reg_type, 1);
	rows[n++] = HEADING("车主信息", "Owner");
	rows[n++] = FIELD("车主类型", "Owner is", m->owner_kind, 1);
	rows[n++] = FIELD("车主名称", "Name", o->name, 1);
	rows[n++] = FIELD("证件号码", "ID number", o->id_no, 1);
	rows[n++] = FIELD("联系电话", "Phone", o->phone, 1);
	rows[n++] = FIELD("住址", "Address", o->address, 1);
	rows[n++] = FIELD("邮政编码", "Postal code", m->postal_code, 0);
	rows[n++] = FIELD("经办人姓名", "Agent's name", o->agent_name, 0);
	rows[n++] = FIELD("经办人身份证号", "Agent's ID number", o->agent_id_no, 0);
	rows[n++] = HEADING("车辆信息", "Vehicle");
	rows[n++] = FIELD("车辆类型", "Detailed vehicle type", m->vehicle_type, 1);
	rows[n++] = FIELD("使用性质", "Use character", m->use_nature, 1);
	rows[n++] = FIELD("是否新能源汽车", "New-energy vehicle", m->new_energy, 1);
	rows[n++] = FIELD("品牌型号", "Brand and model", m->brand_model, 1);
	rows[n++] = FIELD("号牌号码", "Plate number", m->plate, 1);
	rows[n++] = FIELD("排量", "Displacement", m->displacement, 0);
	rows[n++] = FIELD("燃料种类", "Fuel type", m->fuel_type, 1);
	rows[n++] = FIELD("注册登记日期", "Registration date", m->registration_date, 1);
	rows[n++] = FIELD("发动机号码", "Engine number", m->engine_no, 1);
	rows[n++] = FIELD("车辆识别代号", "VIN (typed twice)", m->vin, 1);
	rows[n++] = FIELD("整备质量", "Mass (curb)", m->mass, 0);
	rows[n++] = FIELD("车长", "Length", m->length, 0);
	rows[n++] = FIELD("核定载客人数", "Passenger count", m->passengers, 0);
	rows[n++] = FIELD("交车日期", "Hand-over date", m->handover_date, 1);
	return n;
}

static void draw_top(struct pdf *pdf, const struct mofcom_doc *m)
{
	float top = pdf_page_height(pdf) - pdf_margin(pdf);
	float y = doc_title(pdf, top - 4, "报废机动车回收信息录入单", "Entry sheet: Ministry of Commerce ELV information system", 18);
	char line[300];
	snprintf(line, sizeof line, "%s    入库编号 Stock No. %s    录入期限 Enter by %s", doc_s(m->yard.name), doc_s(m->stock_no),
		 doc_s(m->due));
	pdf_text(pdf, pdf_page_width(pdf) / 2, y - 6, PDF_REGULAR, 9, PDF_CENTER, line);
	pdf_set_y(pdf, y - 16);
}

/* The ministry's system refuses a VIN filed before: say so before typing. */
static void draw_warning(struct pdf *pdf, const char *filed_before)
{
	float left = pdf_margin(pdf), width = pdf_page_width(pdf) - 2 * left, h = 30;
	char text[600];
	snprintf(text, sizeof text, "注意：此车辆识别代号已录入过 The VIN was filed before: %s", filed_before);
	pdf_need(pdf, h + 6);
	float y = pdf_y(pdf) - h;
	pdf_fill_rect(pdf, left, y, width, h, 0.85f);
	pdf_rect(pdf, left, y, width, h, 1.2f);
	struct pdf_box box = {left, y, width, h, PDF_BOLD, 9, 6, PDF_LEFT, 6};
	pdf_text_box(pdf, &box, text);
	pdf_set_y(pdf, y - 6);
}

/* Each section: its heading, then its fields one to a row, top to bottom
 * as on the web form. An empty field the form requires says so. */
static void draw_rows(struct pdf *pdf, const struct doc_sheet_row *rows, int n)
{
	struct doc_field f[DOC_MOFCOM_ROWS];
	int nf = 0;
	for (int i = 0; i <= n; i++) {
		if (i == n || rows[i].section) {
			if (nf)
				doc_fields(pdf, f, nf, LABEL_W, ROW_H);
			nf = 0;
			if (i < n)
				pdf_heading(pdf, rows[i].zh, rows[i].en);
			continue;
		}
		const char *value = rows[i].value && *rows[i].value ? rows[i].value
				    : rows[i].required ? "（未登记，请向车主核实 not recorded: ask the owner）"
						       : "";
		int bold = strcmp(rows[i].zh, "车辆识别代号") == 0 || strcmp(rows[i].zh, "号牌号码") == 0;
		f[nf++] = (struct doc_field){rows[i].zh, rows[i].en, value, DOC_WIDE | (bold ? DOC_BOLD : 0), 0};
	}
}

static void body(struct pdf *pdf, void *ctx)
{
	const struct mofcom_doc *m = ctx;
	struct doc_sheet_row rows[DOC_MOFCOM_ROWS];
	pdf_new_page(pdf);
	draw_top(pdf, m);
	if (m->filed_before && *m->filed_before)
		draw_warning(pdf, m->filed_before);
	draw_rows(pdf, rows, doc_mofcom_rows(m, rows));
	struct doc_field ref = {"系统返回编号", "Reference the system gives", m->reference, DOC_WIDE | DOC_BOLD, 0};
	doc_fields(pdf, &ref, 1, LABEL_W, 24);
	struct doc_sign s[] = {
		{"录入人", "Entered by", NULL, NULL},
		{"复核人", "Checked by", NULL, NULL},
	};
	doc_signatures(pdf, s, 2, 50);
}

int doc_mofcom_pdf(const struct mofcom_doc *m, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	char note[300];
	snprintf(note, sizeof note, "%s  报废机动车回收信息录入单 %s", doc_s(m->yard.name), doc_s(m->vin));
	struct pdf_spec spec = {PDF_PORTRAIT, "MOFCOM ELV Entry Sheet", note, 0, NULL, NULL};
	return pdf_render(&spec, body, (void *)m, path, out, warnings, err);
}
