/* Certificates in the store (issue, void, reissue, numbering, the rules of
 * Order 715, the verification code) and the documents filled from records. */
#include "tests/check.h"

#include "app/doc_fill.h"
#include "db/cert.h"
#include "db/depollution.h"
#include "db/part.h"
#include "db/party.h"
#include "db/shipment.h"
#include "base/util.h"
#include "db/waste.h"
#include "forms/doc.h"
#include "db/cert_qr.h"
#include "tests/unit/yard_fixture.h"

static void depollute(db *d, const struct vehicle *v)
{
	sy_err err;
	struct dep_status s;
	depollution_status(d, v, &s, &err);
	for (int i = 0; i < s.n; i++) {
		const struct dep_step *st = s.items[i].step;
		if (s.items[i].state == DEP_DONE || s.items[i].state == DEP_ABSENT || !st->required)
			continue;
		struct dep_input in = {.step = st->code, .absent = st->absent_ok};
		if (strcmp(st->code, "engine_oil") == 0)
			in = (struct dep_input){.step = st->code, .has_qty = 1, .qty = 3.5, .done_by = "王五"};
		else if (strcmp(st->code, "battery") == 0)
			in = (struct dep_input){.step = st->code, .has_qty = 1, .qty = 14};
		if (depollution_record(d, v, &in, NULL, &err) != SY_OK)
			printf("# depollute %s: %s\n", in.step, err.msg);
	}
}

static struct vehicle reload(db *d, const struct vehicle *v)
{
	struct vehicle out;
	sy_err err;
	if (vehicle_get(d, v->id, &out, &err) != SY_OK)
		printf("# vehicle_get: %s\n", err.msg);
	return out;
}

static int is_hex8(const char *s)
{
	if (strlen(s) != 8)
		return 0;
	for (; *s; s++)
		if (!strchr("0123456789ABCDEF", *s))
			return 0;
	return 1;
}

static void test_issue_void_reissue(db *d)
{
	sy_err err = {0};
	struct vehicle v = fixture_vehicle(d, 1, "petrol");
	struct cert a, b, got;
	CHECK_INT(cert_issue(d, &v, &a, &err), SY_OK);
	CHECK_STR(a.number, "C2026-000001");
	CHECK_STR(a.status, "issued");
	CHECK_STR(a.vin, v.vin);
	CHECK_STR(a.issued_by, "tester");
	CHECK(is_hex8(a.checksum));
	CHECK(a.snapshot && strstr(a.snapshot, v.vin) && strstr(a.snapshot, "\"issue_date\":\"2026-05-06\""));
	/* the deregistration deadline starts */
	struct vehicle after = reload(d, &v);
	CHECK(*after.dereg_due && strcmp(after.dereg_due, "2026-05-06") > 0);
	char first_due[11];
	sy_strlcpy(first_due, after.dereg_due, sizeof first_due);

	/* one valid certificate per vehicle */
	CHECK_INT(cert_issue(d, &after, &b, &err), SY_INVALID);
	CHECK(msg_has(&err, "C2026-000001") && msg_has(&err, "void it first"));

	/* voiding needs a reason, once */
	CHECK_INT(cert_void(d, "C2026-000001", "  ", NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "reason");
	CHECK_INT(cert_void(d, "c2026-000001", "wrong owner name", &got, &err), SY_OK);
	CHECK_STR(got.status, "void");
	CHECK_STR(got.void_reason, "wrong owner name");
	CHECK_STR(got.voided_by, "tester");
	cert_clear(&got);
	CHECK_INT(cert_void(d, "C2026-000001", "again", NULL, &err), SY_INVALID);
	CHECK(msg_has(&err, "already void"));
	CHECK_INT(cert_void(d, "C2026-999999", "nothing", NULL, &err), SY_INVALID);

	/* the reissue names the one it replaces; the deadline stays */
	CHECK_INT(cert_issue(d, &after, &b, &err), SY_OK);
	CHECK_STR(b.number, "C2026-000002");
	CHECK_STR(b.replaces, "C2026-000001");
	CHECK_STR(reload(d, &v).dereg_due, first_due);
	CHECK_INT(cert_get(d, "C2026-000001", &got, &err), SY_OK);
	CHECK_STR(got.replaced_by, "C2026-000002");
	CHECK(got.snapshot != NULL);
	cert_clear(&got);
	CHECK_INT(cert_get(d, "ｃ２０２６－０００００２", &got, &err), SY_OK); /* full-width, as typed */
	CHECK_STR(got.number, "C2026-000002");
	cert_clear(&got);

	/* the verification code */
	char payload[CERT_QR_MAX];
	struct cert_verdict vd;
	CHECK_INT(cert_payload(d, &b, payload, sizeof payload, &err), SY_OK);
	CHECK(strstr(payload, "SYC1|C2026-000002|") == payload);
	CHECK_STR(payload + strlen(payload) - 8, b.checksum);
	CHECK_INT(cert_verify(d, payload, &vd, &err), SY_OK);
	CHECK_INT(vd.result, CERT_VALID);
	CHECK_STR(vd.cert.number, "C2026-000002");
	cert_clear(&vd.cert);
	CHECK_INT(cert_payload(d, &a, payload, sizeof payload, &err), SY_OK);
	CHECK_INT(cert_verify(d, payload, &vd, &err), SY_OK);
	CHECK_INT(vd.result, CERT_VOIDED);
	CHECK(strstr(vd.detail, "wrong owner name") != NULL);
	cert_clear(&vd.cert);
	payload[strlen(payload) - 1] = payload[strlen(payload) - 1] == '0' ? '1' : '0';
	CHECK_INT(cert_verify(d, payload, &vd, &err), SY_OK);
	CHECK_INT(vd.result, CERT_FORGED);
	CHECK_INT(cert_verify(d, "hello", &vd, &err), SY_OK);
	CHECK_INT(vd.result, CERT_MALFORMED);
	/* an unkeyed code of a real number is not this yard's */
	cert_qr_build(payload, sizeof payload, "C2026-000002", v.vin, "2026-05-06", NULL, 0);
	CHECK_INT(cert_verify(d, payload, &vd, &err), SY_OK);
	CHECK_INT(vd.result, CERT_FORGED);

	/* the printed certificate, from its snapshot, with the replaced number */
	struct cert_doc doc;
	struct doc_fill fill = {0};
	CHECK_INT(doc_fill_cert(d, &b, &doc, &fill, &err), SY_OK);
	CHECK_STR(doc.number, "C2026-000002");
	CHECK_STR(doc.vehicle.vin, v.vin);
	CHECK_STR(doc.owner.name, "Owner 1");
	CHECK_STR(doc.replaces, "C2026-000001");
	CHECK_STR(doc.reissue_reason, "wrong owner name");
	CHECK_STR(doc.yard.name, "Test Yard");
	CHECK_STR(doc.clerk, "tester");
	CHECK(!doc.voided);
	CHECK(doc.qr_payload && strstr(doc.qr_payload, b.checksum));
	struct pdf_buf pdf = {0};
	CHECK_INT(doc_certificate_pdf(&doc, NULL, &pdf, NULL, &err), SY_OK);
	CHECK(pdf.len > 1000 && pdf.len <= 60 * 1024); /* its fonts embedded */
	pdf_buf_free(&pdf);
	doc_fill_free(&fill);
	CHECK_INT(cert_get(d, "C2026-000001", &got, &err), SY_OK);
	CHECK_INT(doc_fill_cert(d, &got, &doc, &fill, &err), SY_OK);
	CHECK(doc.voided);
	CHECK_STR(doc.void_reason, "wrong owner name");
	CHECK_STR(doc.void_date, "2026-05-06");
	doc_fill_free(&fill);
	/* a damaged snapshot is reported, not printed */
	free(got.snapshot);
	got.snapshot = xstrdup("{not json");
	CHECK_INT(doc_fill_cert(d, &got, &doc, &fill, &err), SY_ENV);
	doc_fill_free(&fill);
	cert_clear(&got);
	cert_clear(&a);
	cert_clear(&b);
}

struct seen {
	int n;
	char first[24];
};

static int collect(const struct cert *c, void *ctx)
{
	struct seen *s = ctx;
	if (!s->n++)
		sy_strlcpy(s->first, c->number, sizeof s->first);
	return 0;
}

static void test_rules(db *d)
{
	sy_err err = {0};
	struct cert c;
	/* a vehicle without frame or engine gets no certificate */
	struct vehicle m = fixture_vehicle(d, 2, "petrol");
	m.vehicle_missing = 1;
	CHECK_INT(cert_issue(d, &m, &c, &err), SY_INVALID);
	CHECK(msg_has(&err, "missing vehicle"));
	/* missing parts need the owner's statement */
	struct vehicle p = fixture_vehicle(d, 3, "petrol");
	strcpy(p.missing_parts, "battery");
	p.owner_statement = 0;
	CHECK_INT(cert_issue(d, &p, &c, &err), SY_INVALID);
	CHECK_STR(err.field, "owner-statement");
	/* police-supervised: only after dismantling */
	struct vehicle t = fixture_vehicle(d, 4, "diesel");
	t.police_supervised = 1;
	CHECK_INT(cert_issue(d, &t, &c, &err), SY_INVALID);
	CHECK(msg_has(&err, "police supervision") && msg_has(&err, "frame"));
	/* a cancelled intake */
	struct vehicle x = fixture_vehicle(d, 5, "petrol");
	strcpy(x.status, "cancelled");
	CHECK_INT(cert_issue(d, &x, &c, &err), SY_INVALID);
	/* refusals used no number */
	struct vehicle ok = fixture_vehicle(d, 6, "petrol");
	CHECK_INT(cert_issue(d, &ok, &c, &err), SY_OK);
	CHECK_STR(c.number, "C2026-000003");
	cert_clear(&c);
	/* the yard's prefix */
	CHECK_INT(db_set_setting(d, &err, "cert_prefix", "bj"), SY_OK);
	struct vehicle y = fixture_vehicle(d, 7, "petrol");
	CHECK_INT(cert_issue(d, &y, &c, &err), SY_OK);
	CHECK_STR(c.number, "BJ2026-000004");
	cert_clear(&c);
	CHECK_INT(db_set_setting(d, &err, "cert_prefix", "no good!"), SY_OK);
	struct vehicle z = fixture_vehicle(d, 8, "petrol");
	CHECK_INT(cert_issue(d, &z, &c, &err), SY_INVALID);
	CHECK_STR(err.field, "cert_prefix");
	CHECK_INT(db_set_setting(d, &err, "cert_prefix", "C"), SY_OK);

	struct seen s = {0};
	CHECK_INT(cert_list(d, 0, 0, collect, &s, &err), SY_OK);
	CHECK_INT(s.n, 4);
	CHECK_STR(s.first, "BJ2026-000004");
	struct seen one = {0};
	CHECK_INT(cert_list(d, ok.id, 0, collect, &one, &err), SY_OK);
	CHECK_INT(one.n, 1);
	CHECK_STR(one.first, "C2026-000003");
	cJSON *j = cert_to_json(&c);
	CHECK(cJSON_GetObjectItem(j, "number") && cJSON_GetObjectItem(j, "stock_no") && cJSON_GetObjectItem(j, "status"));
	cJSON_Delete(j);
}

static void test_records(db *d)
{
	sy_err err = {0};
	struct vehicle v = fixture_vehicle(d, 20, "petrol");
	v.weighed_kg = 1250;
	CHECK_INT(vehicle_update(d, &v, &err), SY_OK);
	depollute(d, &v);
	struct part_input engine = {.kind = "engine", .grade = "B", .weight_kg = 140};
	struct part_input door = {.kind = "door", .grade = "A", .weight_kg = 21.5, .location = "A-1"};
	struct part e, dr;
	CHECK_INT(part_add(d, &v, &engine, &e, &err), SY_OK);
	CHECK_INT(part_add(d, &v, &door, &dr, &err), SY_OK);
	struct party buyer = {.name = "门市买家", .kind = "buyer"};
	CHECK_INT(party_save(d, &buyer, &err), SY_OK);
	CHECK_INT(part_sell(d, &dr, buyer.id, 300, NULL, &err), SY_OK);

	/* the intake receipt */
	struct receipt_doc r;
	struct doc_fill f = {0};
	CHECK_INT(doc_fill_receipt(d, &v, &r, &f, &err), SY_OK);
	CHECK_STR(r.number, v.stock_no);
	CHECK_STR(r.vehicle.vin, v.vin);
	CHECK_NEAR(r.vehicle.intake_mass_kg, 1250, 0.01);
	CHECK_STR(r.yard.licence_no, "L-001");
	CHECK_INT(r.handover.plates_expected, 2);
	struct pdf_buf pdf = {0};
	CHECK_INT(doc_receipt_pdf(&r, NULL, &pdf, NULL, &err), SY_OK);
	pdf_buf_free(&pdf);
	doc_fill_free(&f);

	/* the dismantling record: steps, parts in number order, mass out */
	struct dismantling_doc dm;
	CHECK_INT(doc_fill_dismantling(d, &v, &dm, &f, &err), SY_OK);
	CHECK(dm.nsteps >= 10);
	int recorded = 0, oil = 0;
	for (size_t i = 0; i < dm.nsteps; i++) {
		recorded += dm.steps[i].status != DISM_PENDING;
		if (strstr(dm.steps[i].name, "Engine oil")) {
			oil = 1;
			CHECK_NEAR(dm.steps[i].quantity, 3.5, 0.001);
			CHECK_STR(dm.steps[i].operator_name, "王五");
			CHECK(dm.steps[i].container && *dm.steps[i].container);
		}
	}
	CHECK(recorded >= 10);
	CHECK_INT(dm.steps[0].status, DISM_DONE); /* the starter battery, weighed */
	CHECK_INT(dm.steps[1].status, DISM_NOT_APPLICABLE);
	CHECK(oil);
	CHECK_INT(dm.nparts, 2);
	CHECK_STR(dm.parts[0].part_no, e.part_no);
	CHECK(dm.parts[0].assembly && strstr(dm.parts[0].assembly, "Engine"));
	CHECK(dm.parts[1].assembly == NULL);
	CHECK(strstr(dm.parts[1].recipient, "门市买家") != NULL);
	CHECK(strstr(dm.parts[0].destination, "再制造") != NULL);
	CHECK_INT(dm.nmass, 7);
	double out = 0;
	for (size_t i = 0; i < dm.nmass; i++)
		out += dm.mass[i].mass_kg;
	CHECK(out >= 161.5);
	CHECK_STR(dm.dismantled_date, "2026-05-06");
	CHECK_INT(doc_dismantling_pdf(&dm, NULL, &pdf, NULL, &err), SY_OK);
	pdf_buf_free(&pdf);
	doc_fill_free(&f);

	/* ledgers of the period */
	struct ledger_doc l;
	CHECK_INT(doc_fill_ledger(d, LEDGER_PARTS, "2026-05-01", "2026-05-31", &l, &f, &err), SY_OK);
	CHECK_INT(l.nrows, 1);
	CHECK_STR(l.rows.parts[0].part_no, dr.part_no);
	CHECK_STR(l.rows.parts[0].source_vin, v.vin);
	CHECK(strstr(l.rows.parts[0].recipient, "门市买家") != NULL);
	CHECK_INT(doc_ledger_pdf(&l, NULL, &pdf, NULL, &err), SY_OK);
	pdf_buf_free(&pdf);
	doc_fill_free(&f);
	CHECK_INT(doc_fill_ledger(d, LEDGER_PARTS, "2026-06-01", "2026-06-30", &l, &f, &err), SY_OK);
	CHECK_INT(l.nrows, 0);
	doc_fill_free(&f);

	CHECK_INT(doc_fill_ledger(d, LEDGER_HAZARDOUS, "2026-05-01", "2026-05-31", &l, &f, &err), SY_OK);
	CHECK(l.nrows >= 2); /* starter battery and engine oil at least */
	int hw08 = 0;
	for (size_t i = 0; i < l.nrows; i++)
		hw08 += l.rows.waste[i].category && strcmp(l.rows.waste[i].category, "HW08") == 0;
	CHECK(hw08 >= 1);
	CHECK(strstr(l.rows.waste[0].movement, "Generated") != NULL);
	doc_fill_free(&f);

	/* a battery removed and handed over */
	struct vehicle nev = fixture_vehicle(d, 21, "bev");
	struct dep_input steps[] = {
		{.step = "hv_insulation", .detail = "pass"},
		{.step = "hv_discharge"},
		{.step = "traction_battery", .has_qty = 1, .qty = 420, .battery_code = nev.battery_code, .detail = "intact"},
		{.step = "battery_handover", .recipient = "某某储能科技", .recipient_kind = "echelon",
		 .recipient_code = "91350100M000100Y43"},
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (depollution_record(d, &nev, &steps[i], NULL, &err) != SY_OK)
			printf("# %s: %s\n", steps[i].step, err.msg);
	CHECK_INT(doc_fill_ledger(d, LEDGER_BATTERIES, NULL, NULL, &l, &f, &err), SY_OK);
	CHECK_INT(l.nrows, 1);
	CHECK_STR(l.rows.batteries[0].vin, nev.vin);
	CHECK_STR(l.rows.batteries[0].battery_code, nev.battery_code);
	CHECK_NEAR(l.rows.batteries[0].mass_kg, 420, 0.01);
	CHECK(l.rows.batteries[0].destination && strstr(l.rows.batteries[0].destination, "梯次利用"));
	CHECK(l.rows.batteries[0].recipient && strstr(l.rows.batteries[0].recipient, "某某储能科技"));
	CHECK_INT(doc_ledger_pdf(&l, NULL, &pdf, NULL, &err), SY_OK);
	pdf_buf_free(&pdf);
	doc_fill_free(&f);
}

int main(void)
{
	db *d = fixture_open("2026-05-06 10:00:00");
	test_issue_void_reissue(d);
	test_rules(d);
	test_records(d);
	db_close(d);
	pdf_shutdown();
	return CHECK_DONE();
}
