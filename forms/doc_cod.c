/* EU-style certificate of destruction (Decision 2002/151/EC minimum
 * requirements, plus empty mass and first registration as in Germany).
 * English first, Chinese second. */
#include <stdio.h>
#include <string.h>

#include "forms/doc.h"
#include "forms/doc_common.h"

#define LABEL_W 118.0f
#define ROW_H 23.0f

static void draw_top(struct pdf *pdf, const struct cod_doc *c)
{
	float top = pdf_page_height(pdf) - pdf_margin(pdf);
	float cx = pdf_page_width(pdf) / 2, y = top - 22;
	pdf_text(pdf, cx, y, PDF_BOLD, 22, PDF_CENTER, "Certificate of Destruction");
	y -= 20;
	pdf_text(pdf, cx, y, PDF_BOLD, 13, PDF_CENTER, "报废车辆拆解（销毁）证明");
	y -= 14;
	pdf_text(pdf, cx, y, PDF_REGULAR, 8, PDF_CENTER,
		 "Issued in accordance with Article 5(3) of Directive 2000/53/EC and Commission Decision 2002/151/EC");
	y -= 20;
	char line[160];
	snprintf(line, sizeof line, "Certificate No. 证明编号  %s", doc_s(c->number));
	pdf_text(pdf, cx, y, PDF_BOLD, 12, PDF_CENTER, line);
	pdf_set_y(pdf, y - 14);
}

static const char *reg_doc_text(enum cod_reg_doc r)
{
	switch (r) {
	case COD_REG_ATTACHED:
		return "Registration document attached 登记证书随附";
	case COD_REG_DESTROYED:
		return "Registration document declared destroyed 登记证书声明已销毁";
	default:
		return "Registration document not available 登记证书无法提供";
	}
}

int doc_cod_pdf(const struct cod_doc *c, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	if (warnings)
		*warnings = 0;
	struct pdf *pdf = pdf_open(PDF_PORTRAIT, "Certificate of Destruction", err);
	if (!pdf)
		return err ? err->status : SY_ENV;
	pdf_new_page(pdf);
	draw_top(pdf, c);
	const struct doc_yard *is = &c->issuer;
	pdf_heading(pdf, "1  Issuer of the certificate", "签发方");
	struct doc_field issuer[] = {
		{"Name", "名称", is->name, DOC_WIDE | DOC_BOLD, 0},
		{"Address", "地址", is->address, DOC_WIDE, 0},
		{"Permit number", "许可证编号", is->licence_no, 0, 0},
		{"Date of issue", "签发日期", c->issue_date, DOC_BOLD, 0},
		{"Permit issued by", "许可机关", is->permit_authority, DOC_WIDE, 0},
	};
	doc_fields(pdf, issuer, 5, LABEL_W, ROW_H);
	const struct doc_vehicle *v = &c->vehicle;
	pdf_heading(pdf, "2  Vehicle", "车辆");
	char reg[120], mass[32];
	snprintf(reg, sizeof reg, "%s%s%s", doc_s(v->plate_country), *doc_s(v->plate_country) ? "  " : "", doc_s(v->plate));
	struct doc_field veh[] = {
		{"Nationality mark and registration No.", "国籍代码及号牌", reg, DOC_WIDE | DOC_BOLD, 0},
		{"Registration document", "登记证书", reg_doc_text(c->reg_doc), DOC_WIDE | DOC_CHECK,
		 c->reg_doc == COD_REG_ATTACHED},
		{"Vehicle class", "车辆类别", v->vehicle_class, 0, 0},
		{"Brand (make)", "品牌", v->brand, 0, 0},
		{"Model", "型号", v->model, 0, 0},
		{"Empty mass", "整备质量", doc_fmt_kg(mass, sizeof mass, v->curb_mass_kg), 0, 0},
		{"Vehicle identification No. (VIN)", "车辆识别代号", v->vin, DOC_WIDE | DOC_BOLD, 0},
		{"Date of first registration", "初次登记日期", v->first_registration, 0, 0},
		{"Taken over on", "接收日期", c->takeover_date, 0, 0},
	};
	doc_fields(pdf, veh, 9, LABEL_W, ROW_H);
	const struct doc_owner *h = &c->holder;
	pdf_heading(pdf, "3  Holder or owner of the vehicle", "车辆持有人或所有人");
	struct doc_field holder[] = {
		{"Name", "姓名/名称", h->name, DOC_WIDE | DOC_BOLD, 0},
		{"Address", "地址", h->address, DOC_WIDE, 0},
		{"Nationality", "国籍", h->nationality, DOC_WIDE, 0},
	};
	doc_fields(pdf, holder, 3, LABEL_W, ROW_H);
	doc_paragraph(pdf, PDF_REGULAR, 8.5f,
		      "The vehicle described above has been taken over for treatment by an authorised treatment "
		      "facility. 上述车辆已由具备资质的处理企业接收处理。");
	struct doc_sign s[] = {
		{"Signature of the issuer", "签发方签字盖章", c->issuer_signatory, c->issue_date},
		/* the holder signs by hand: the box stays empty for the pen */
		{"Signature of the holder / owner", "持有人签字", NULL, NULL},
	};
	doc_signatures(pdf, s, 2, 80);
	return pdf_save(pdf, path, out, warnings, err);
}
