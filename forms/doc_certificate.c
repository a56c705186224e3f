/* The recycling certificate (报废机动车回收证明), one A4 page. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "forms/doc.h"
#include "forms/doc_common.h"
#include "db/cert_qr.h"

#define QR_SIZE PDF_MM(28)
#define LABEL_W 98.0f
#define ROW_H 23.0f

int doc_certificate_qr(const struct cert_doc *c, char *out, size_t size, sy_err *err)
{
	if (c->qr_payload) { /* made by the store: it must still be a well-formed code */
		struct cert_qr qr;
		size_t n = strlen(c->qr_payload);
		int rc = cert_qr_parse(c->qr_payload, n, &qr);
		if (rc != CERT_QR_OK || n >= size)
			return sy_fail(err, SY_INVALID, "number", _("Cannot print the certificate's verification code: %s"),
				       cert_qr_strerror(rc != CERT_QR_OK ? rc : CERT_QR_BAD_FORMAT));
		memcpy(out, c->qr_payload, n + 1);
		return SY_OK;
	}
	int rc = cert_qr_build(out, size, doc_s(c->number), doc_s(c->vehicle.vin), doc_s(c->issue_date), c->qr_key,
			      c->qr_key ? c->qr_key_len : 0);
	if (rc != CERT_QR_OK)
		return sy_fail(err, SY_INVALID, rc == CERT_QR_BAD_VIN ? "vin" : rc == CERT_QR_BAD_DATE ? "issue_date" : "number",
			       _("Cannot make the certificate's verification code: %s"), cert_qr_strerror(rc));
	return SY_OK;
}

static void draw_top(struct pdf *pdf, const struct cert_doc *c, const char *payload)
{
	float left = pdf_margin(pdf), right = pdf_page_width(pdf) - left, top = pdf_page_height(pdf) - left;
	pdf_qr(pdf, right - QR_SIZE, top - QR_SIZE, QR_SIZE, payload);
	pdf_text(pdf, right - QR_SIZE / 2, top - QR_SIZE - 9, PDF_REGULAR, 6.5f, PDF_CENTER, "扫码验证 Scan to verify");
	if (c->copy_label && *c->copy_label)
		pdf_text(pdf, left, top - 8, PDF_REGULAR, 8, PDF_LEFT, c->copy_label);
	float y = doc_title(pdf, top - 14, "报废机动车回收证明", "Scrap Motor Vehicle Recycling Certificate", 24);
	char line[160];
	snprintf(line, sizeof line, "证明编号 No.  %s", doc_s(c->number));
	pdf_text(pdf, pdf_page_width(pdf) / 2, y - 8, PDF_BOLD, 12, PDF_CENTER, line);
	y -= 14;
	if (c->replaces && *c->replaces) {
		char re[400];
		snprintf(re, sizeof re, "补发证明，原证明编号 %s 作废  Reissue, replaces No. %s%s%s", c->replaces, c->replaces,
			 c->reissue_reason && *c->reissue_reason ? "  原因 Reason: " : "", doc_s(c->reissue_reason));
		struct pdf_box box = {left + QR_SIZE, y - 26, right - left - 2 * QR_SIZE, 14, PDF_REGULAR, 8.5f, 6,
				      PDF_CENTER, 0};
		pdf_text_box(pdf, &box, re);
		y -= 14;
	}
	float qr_bottom = top - QR_SIZE - 16;
	pdf_set_y(pdf, (y - 16 < qr_bottom ? y - 16 : qr_bottom));
}

static void draw_yard(struct pdf *pdf, const struct doc_yard *yard)
{
	struct doc_field f[] = {
		{"回收拆解企业", "Recycling enterprise", yard->name, DOC_WIDE | DOC_BOLD, 0},
		{"资质证书编号", "Licence No.", yard->licence_no, 0, 0},
		{"联系电话", "Phone", yard->phone, 0, 0},
		{"企业地址", "Address", yard->address, DOC_WIDE, 0},
	};
	doc_fields(pdf, f, (int)(sizeof f / sizeof f[0]), LABEL_W, ROW_H);
}

static void draw_owner(struct pdf *pdf, const struct doc_owner *o)
{
	pdf_heading(pdf, "车辆所有人", "Vehicle owner");
	char agent[200];
	struct doc_field f[] = {
		{"车辆所有人", "Name", o->name, DOC_BOLD, 0},
		{"身份证明号码", "ID / credit code", o->id_no, 0, 0},
		{"联系电话", "Phone", o->phone, 0, 0},
		{"代理人", "Agent", doc_join(agent, sizeof agent, o->agent_name, "  ", o->agent_id_no), 0, 0},
		{"住址", "Address", o->address, DOC_WIDE, 0},
	};
	doc_fields(pdf, f, (int)(sizeof f / sizeof f[0]), LABEL_W, ROW_H);
}

static void draw_vehicle(struct pdf *pdf, const struct cert_doc *c)
{
	const struct doc_vehicle *v = &c->vehicle;
	pdf_heading(pdf, "报废机动车", "Vehicle");
	char brand[200], mass[32];
	const char *battery = v->battery_code && *v->battery_code ? v->battery_code : "不适用 Not applicable";
	struct doc_field f[] = {
		{"号牌号码", "Plate No.", v->plate, DOC_BOLD, 0},
		{"车辆类型", "Vehicle type", v->vehicle_type, 0, 0},
		{"品牌型号", "Brand / model", doc_join(brand, sizeof brand, v->brand, " ", v->model), 0, 0},
		{"使用性质", "Use nature", v->use_nature, 0, 0},
		{"车辆识别代号", "VIN", v->vin, DOC_BOLD, 0},
		{"发动机号码", "Engine No.", v->engine_no, 0, 0},
		{"整备质量", "Curb mass", doc_fmt_kg(mass, sizeof mass, v->curb_mass_kg), 0, 0},
		{"燃料种类", "Power type", v->power_type, 0, 0},
		{"初次登记日期", "First registration", v->first_registration, 0, 0},
		{"交车日期", "Hand-over date", c->handover_date, 0, 0},
		{"动力蓄电池编码", "Traction battery code", battery, DOC_WIDE, 0},
	};
	doc_fields(pdf, f, (int)(sizeof f / sizeof f[0]), LABEL_W, ROW_H);
}

static void draw_handover(struct pdf *pdf, const struct doc_handover *h)
{
	pdf_heading(pdf, "收回证件", "Documents taken back");
	struct doc_field f[4];
	char plates[128];
	int n = doc_handover_fields(h, f, plates, sizeof plates);
	f[3].flags |= DOC_WIDE;
	doc_fields(pdf, f, n, LABEL_W, ROW_H);
}

static void draw_bottom(struct pdf *pdf, const struct cert_doc *c, const char *payload)
{
	doc_paragraph(pdf, PDF_REGULAR, 9,
		      "兹证明上述报废机动车已由本企业回收，特此证明。车辆所有人凭本证明办理注销登记。");
	doc_paragraph(pdf, PDF_REGULAR, 8,
		      "This certifies that the motor vehicle above has been handed over to and taken back by this "
		      "recycling enterprise for dismantling. The owner deregisters the vehicle with this certificate.");
	struct doc_sign s[] = {
		{"经办人", "Clerk", c->clerk, c->issue_date},
		{"回收企业（盖章）", "Seal of the enterprise", NULL, c->issue_date},
		{"车辆所有人（签字）", "Owner's signature", NULL, NULL},
	};
	doc_signatures(pdf, s, 3, c->voided ? 84 : 112);
	char line[200];
	snprintf(line, sizeof line, "签发日期 Date of issue: %s", doc_s(c->issue_date));
	float left = pdf_margin(pdf);
	pdf_text(pdf, left, pdf_y(pdf) - 10, PDF_BOLD, 9, PDF_LEFT, line);
	snprintf(line, sizeof line, "验证码 Verification code: %s", payload);
	pdf_text(pdf, left, pdf_y(pdf) - 22, PDF_REGULAR, 7.5f, PDF_LEFT, line);
}

int doc_certificate_pdf(const struct cert_doc *c, const char *path, struct pdf_buf *out, unsigned *warnings,
			sy_err *err)
{
	char payload[CERT_QR_MAX];
	if (warnings)
		*warnings = 0;
	if (doc_certificate_qr(c, payload, sizeof payload, err) != SY_OK)
		return err ? err->status : SY_INVALID;
	struct pdf *pdf = pdf_open(PDF_PORTRAIT, "Scrap Motor Vehicle Recycling Certificate", err);
	if (!pdf)
		return err ? err->status : SY_ENV;
	pdf_new_page(pdf);
	draw_top(pdf, c, payload);
	if (c->voided)
		doc_void_band(pdf, c->void_reason, c->void_date);
	draw_yard(pdf, &c->yard);
	draw_owner(pdf, &c->owner);
	draw_vehicle(pdf, c);
	draw_handover(pdf, &c->handover);
	draw_bottom(pdf, c, payload);
	if (c->voided)
		doc_void_stamp(pdf);
	if (pdf_page_count(pdf) > 1)
		pdf_fail(pdf, SY_INVALID, _("The certificate does not fit on one page; shorten the long fields."));
	return pdf_save(pdf, path, out, warnings, err);
}
