/* The cover sheet of the papers the yard takes to the vehicle
 * administration office for the deregistration: which vehicle, which
 * certificate, what is handed over and what is missing. */
#include <stdio.h>
#include <string.h>

#include "forms/doc.h"
#include "forms/doc_common.h"

#define LABEL_W 118.0f
#define ROW_H 21.0f

#define HEADING(zh, en) (struct doc_sheet_row){zh, en, NULL, 1, 0}
#define FIELD(zh, en, value, required) (struct doc_sheet_row){zh, en, value, 0, required}

/* The documents as lines: the certificate copy always goes; the others as
 * the owner handed them to the yard, and what is missing with the note
 * doc_handover_fields writes for the receipt. */
static void make_text(const struct dereg_doc *r, struct doc_dereg_text *t)
{
	const struct doc_handover *h = &r->handover;
	struct doc_field docs[4];
	char taken[128];
	int expected = h->plates_expected > 0 ? h->plates_expected : 2;
	snprintf(t->cert, sizeof t->cert, "附 No. %s（%s）", doc_s(r->cert_number), doc_s(r->cert_date));
	doc_handover_fields(h, docs, taken, sizeof taken);
	snprintf(t->plates, sizeof t->plates, "附 %d 面，应交 %d 面  %d of %d enclosed", h->plates_returned, expected,
		 h->plates_returned, expected);
	for (int i = 0; i < 4; i++) {
		t->doc_zh[i] = docs[i].zh;
		t->doc_en[i] = docs[i].en;
		t->doc_checked[i] = docs[i].checked;
	}
	t->doc_value[0] = h->reg_cert_returned ? "附原件 Original enclosed" : "缺失，见说明 Missing: see below";
	t->doc_value[1] = h->licence_returned ? "附原件 Original enclosed" : "缺失，见说明 Missing: see below";
	t->doc_value[2] = t->plates;
	t->doc_value[3] = docs[3].value; /* a constant or h->missing_note: outlives the call */
	doc_join(t->brand, sizeof t->brand, r->vehicle.brand, " ", r->vehicle.model);
}

int doc_dereg_rows(const struct dereg_doc *r, struct doc_dereg_text *t, struct doc_sheet_row *rows)
{
	const struct doc_vehicle *v = &r->vehicle;
	int n = 0;
	make_text(r, t);
	rows[n++] = HEADING("车辆", "Vehicle");
	rows[n++] = FIELD("号牌号码", "Plate number", v->plate, 0);
	rows[n++] = FIELD("车辆识别代号", "VIN", v->vin, 1);
	rows[n++] = FIELD("品牌型号", "Brand and model", t->brand, 0);
	rows[n++] = FIELD("车辆类型", "Vehicle type", v->vehicle_type, 0);
	rows[n++] = FIELD("发动机号码", "Engine number", v->engine_no, 0);
	rows[n++] = FIELD("入库编号", "Stock No.", v->stock_no, 0);
	rows[n++] = HEADING("车辆所有人", "Owner");
	rows[n++] = FIELD("名称", "Name", r->owner.name, 1);
	rows[n++] = FIELD("证件号码", "ID number", r->owner.id_no, 1);
	rows[n++] = HEADING("移交材料", "Handed over");
	rows[n++] = FIELD("报废机动车回收证明（副本）", "Recycling certificate (copy)", t->cert, 1);
	for (int i = 0; i < 4; i++)
		rows[n++] = FIELD(t->doc_zh[i], t->doc_en[i], t->doc_value[i], 0);
	rows[n++] = HEADING("办理", "Filing");
	rows[n++] = FIELD("注销期限", "Due by", r->due, 1);
	rows[n++] = FIELD("送交日期", "Handed over on", r->handed_over, 0);
	rows[n++] = FIELD("受理凭证号", "Office's receipt No.", r->reference, 0);
	return n;
}

static void draw_top(struct pdf *pdf, const struct dereg_doc *r)
{
	float top = pdf_page_height(pdf) - pdf_margin(pdf);
	float y = doc_title(pdf, top - 4, "报废机动车注销登记材料交接单", "Deregistration: papers for the vehicle administration office", 18);
	char line[400];
	snprintf(line, sizeof line, "%s    资质证书编号 Licence No. %s    电话 Phone %s", doc_s(r->yard.name),
		 doc_s(r->yard.licence_no), doc_s(r->yard.phone));
	pdf_text(pdf, pdf_page_width(pdf) / 2, y - 6, PDF_REGULAR, 9, PDF_CENTER, line);
	pdf_set_y(pdf, y - 18);
}

static void body(struct pdf *pdf, void *ctx)
{
	const struct dereg_doc *r = ctx;
	struct doc_dereg_text t;
	struct doc_sheet_row rows[DOC_DEREG_ROWS];
	struct doc_field f[DOC_DEREG_ROWS];
	int n = doc_dereg_rows(r, &t, rows), nf = 0;
	pdf_new_page(pdf);
	draw_top(pdf, r);
	for (int i = 0; i <= n; i++) {
		if (i == n || rows[i].section) {
			if (nf)
				doc_fields(pdf, f, nf, LABEL_W, ROW_H);
			nf = 0;
			if (i < n)
				pdf_heading(pdf, rows[i].zh, rows[i].en);
			continue;
		}
		f[nf] = (struct doc_field){rows[i].zh, rows[i].en, rows[i].value, DOC_WIDE, 0};
		/* the documents keep their tick boxes */
		for (int k = 0; k < 3; k++)
			if (rows[i].zh == t.doc_zh[k]) {
				f[nf].flags |= DOC_CHECK;
				f[nf].checked = t.doc_checked[k];
			}
		if (strcmp(rows[i].zh, "车辆识别代号") == 0 || strcmp(rows[i].zh, "号牌号码") == 0)
			f[nf].flags |= DOC_BOLD;
		nf++;
	}
	doc_paragraph(pdf, PDF_REGULAR, 8,
		      "本企业依据《报废机动车回收管理办法》送交上述材料，申请办理机动车注销登记。 The yard hands over the papers "
		      "above and asks for the vehicle's registration to be cancelled (Order 715).");
	struct doc_sign s[] = {
		{"移交人（回收企业）", "Handed over by (yard)", r->clerk, r->handed_over},
		{"接收人（车辆管理所）", "Received by (vehicle office)", NULL, NULL},
	};
	doc_signatures(pdf, s, 2, 58);
}

int doc_dereg_pdf(const struct dereg_doc *r, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	char note[300];
	snprintf(note, sizeof note, "%s  注销登记材料交接单 %s", doc_s(r->yard.name), doc_s(r->vehicle.vin));
	struct pdf_spec spec = {PDF_PORTRAIT, "Deregistration Cover Sheet", note, 0, NULL, NULL};
	return pdf_render(&spec, body, (void *)r, path, out, warnings, err);
}
