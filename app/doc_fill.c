/* Documents filled from the store: see app/doc_fill.h. */
#include "app/doc_fill.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "db/audit.h"
#include "base/image.h"
#include "db/depollution.h"
#include "db/photo.h"
#include "db/docdata.h"
#include "base/i18n.h"
#include "db/part.h"
#include "db/party.h"
#include "db/report.h"
#include "db/shipment.h"
#include "db/site.h"
#include "db/user.h"
#include "base/util.h"
#include "db/waste.h"

/* ---- owned strings ---- */

void doc_fill_free(struct doc_fill *f)
{
	for (size_t i = 0; i < f->nstrs; i++)
		free(f->strs[i]);
	free(f->strs);
	free(f->rows);
	free(f->rows2);
	free(f->rows3);
	free(f->rows4);
	cJSON_Delete(f->snapshot);
	memset(f, 0, sizeof *f);
}

static const char *keep(struct doc_fill *f, char *owned)
{
	if (f->nstrs == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		f->strs = xrealloc(f->strs, f->cap * sizeof *f->strs);
	}
	f->strs[f->nstrs++] = owned;
	return owned;
}

/* A copy owned by f; NULL for NULL or "". */
static const char *str(struct doc_fill *f, const char *s) { return s && *s ? keep(f, xstrdup(s)) : NULL; }

static const char *strf(struct doc_fill *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *strf(struct doc_fill *f, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		sy_fatal("out of memory");
	va_end(ap);
	return keep(f, s);
}

/* "中文 English" of a code, or the code itself. */
static const char *pair(struct doc_fill *f, const struct code_label *table, const char *code)
{
	if (!code || !*code)
		return NULL;
	for (const struct code_label *c = table; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return strf(f, "%s %s", c->zh, c->en);
	return str(f, code);
}

/* "YYYY-MM-DD HH:MM" of a stored time. */
static const char *minutes(struct doc_fill *f, const char *at) { return at && *at ? strf(f, "%.16s", at) : NULL; }

static int fill_yard(db *d, struct doc_yard *y, struct doc_fill *f, sy_err *err)
{
	struct site s;
	if (site_get(d, &s, err) != SY_OK)
		return err->status;
	y->name = str(f, s.name);
	y->licence_no = str(f, s.license_no);
	y->address = str(f, s.address);
	y->phone = str(f, s.phone);
	y->permit_authority = str(f, s.permit_authority);
	y->country = "CN";
	return SY_OK;
}

static void fill_owner(const struct vehicle *v, struct doc_owner *o, struct doc_fill *f)
{
	o->name = str(f, v->owner_name);
	o->id_no = str(f, v->owner_id);
	o->phone = str(f, v->owner_phone);
	o->address = str(f, v->owner_address);
	o->agent_name = str(f, v->agent_name);
	o->agent_id_no = str(f, v->agent_id);
}

static void fill_vehicle(const struct vehicle *v, struct doc_vehicle *x, struct doc_fill *f)
{
	x->stock_no = str(f, v->stock_no);
	x->plate = str(f, v->plate);
	x->vehicle_type = pair(f, vehicle_types, v->vehicle_type);
	x->use_nature = pair(f, use_natures, v->use_nature);
	x->brand = str(f, v->brand_model);
	x->vin = str(f, v->vin);
	x->engine_no = str(f, v->engine_no);
	x->power_type = pair(f, power_types, v->power_type);
	x->battery_code = str(f, v->battery_code);
	x->first_registration = str(f, v->first_reg_date);
	x->curb_mass_kg = v->curb_mass_kg;
	x->intake_mass_kg = v->weighed_kg;
}

static void fill_handover(const struct vehicle *v, struct doc_handover *h, struct doc_fill *f)
{
	char note[1024];
	h->reg_cert_returned = v->doc_registration;
	h->licence_returned = v->doc_licence;
	h->plates_returned = v->plates_returned;
	h->plates_expected = vehicle_plates_expected(v);
	/* the same words as the certificate: only what is recorded */
	vehicle_missing_note(v, note, sizeof note);
	h->missing_note = str(f, note);
}

/* ---- certificate ---- */

static const char *jstr(struct doc_fill *f, const cJSON *o, const char *key)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(x) ? str(f, x->valuestring) : NULL;
}

static double jnum(const cJSON *o, const char *key)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(x) ? x->valuedouble : 0;
}

static int jbool(const cJSON *o, const char *key) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key)); }

int doc_fill_cert(db *d, const struct cert *c, struct cert_doc *out, struct doc_fill *f, sy_err *err)
{
	memset(out, 0, sizeof *out);
	cJSON *s = cJSON_Parse(c->snapshot ? c->snapshot : "");
	if (!cJSON_IsObject(s)) {
		cJSON_Delete(s);
		return sy_fail(err, SY_ENV, "number", _("certificate %s: its stored copy is damaged; restore the database from a backup"),
			       c->number);
	}
	f->snapshot = s;
	const cJSON *y = cJSON_GetObjectItemCaseSensitive(s, "yard"), *o = cJSON_GetObjectItemCaseSensitive(s, "owner");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, "vehicle"), *h = cJSON_GetObjectItemCaseSensitive(s, "handover");
	out->number = str(f, c->number);
	out->issue_date = jstr(f, s, "issue_date");
	out->handover_date = jstr(f, s, "handover_date");
	out->clerk = jstr(f, s, "clerk");
	out->yard = (struct doc_yard){jstr(f, y, "name"), jstr(f, y, "licence_no"), jstr(f, y, "address"), jstr(f, y, "phone"),
				      NULL, "CN"};
	out->owner = (struct doc_owner){jstr(f, o, "name"), jstr(f, o, "id_no"), jstr(f, o, "phone"),
					jstr(f, o, "address"), NULL, jstr(f, o, "agent_name"), jstr(f, o, "agent_id_no")};
	struct doc_vehicle *x = &out->vehicle;
	x->stock_no = jstr(f, v, "stock_no");
	x->plate = jstr(f, v, "plate");
	x->vehicle_type = jstr(f, v, "vehicle_type");
	x->use_nature = jstr(f, v, "use_nature");
	x->brand = jstr(f, v, "brand_model");
	x->vin = jstr(f, v, "vin");
	x->engine_no = jstr(f, v, "engine_no");
	x->power_type = jstr(f, v, "power_type");
	x->battery_code = jstr(f, v, "battery_code");
	x->first_registration = jstr(f, v, "first_registration");
	x->curb_mass_kg = jnum(v, "curb_mass_kg");
	out->handover = (struct doc_handover){jbool(h, "registration_certificate"), jbool(h, "driving_licence"),
					      (int)jnum(h, "plates_returned"), (int)jnum(h, "plates_expected"),
					      jstr(f, h, "missing_note")};
	if (*c->replaces) {
		out->replaces = str(f, c->replaces);
		struct cert old;
		sy_err ignore = {0};
		if (cert_get(d, c->replaces, &old, &ignore) == SY_OK)
			out->reissue_reason = str(f, old.void_reason);
		cert_clear(&old);
	}
	if (strcmp(c->status, "void") == 0) {
		out->voided = 1;
		out->void_reason = str(f, c->void_reason);
		out->void_date = strf(f, "%.10s", c->voided_at);
	}
	char payload[CERT_QR_MAX];
	if (cert_payload(d, c, payload, sizeof payload, err) != SY_OK)
		return err->status;
	out->qr_payload = str(f, payload);
	return SY_OK;
}

/* ---- intake receipt ---- */

int doc_fill_receipt(db *d, const struct vehicle *v, struct receipt_doc *out, struct doc_fill *f, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (fill_yard(d, &out->yard, f, err) != SY_OK)
		return err->status;
	out->number = str(f, v->stock_no);
	out->intake_time = *v->created_at ? minutes(f, v->created_at) : str(f, v->received_date);
	char clerk[128];
	user_display_name(d, v->created_by, clerk, sizeof clerk);
	out->clerk = str(f, clerk);
	fill_owner(v, &out->owner, f);
	fill_vehicle(v, &out->vehicle, f);
	fill_handover(v, &out->handover, f);
	out->notes = str(f, v->notes);
	return SY_OK;
}

/* ---- certificate of destruction ---- */

static void trim_copy(char *dst, size_t size, const char *from, size_t n)
{
	while (n && *from == ' ')
		from++, n--;
	while (n && from[n - 1] == ' ')
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(dst, from, n);
	dst[n] = '\0';
}

void doc_split_brand_model(const char *text, char *brand, size_t brand_size, char *model, size_t model_size)
{
	const char *t = text ? text : "", *cut = strstr(t, "牌");
	size_t skip = cut ? strlen("牌") : 0;
	if (!cut)
		cut = strchr(t, ' '), skip = cut ? 1 : 0;
	if (!cut) /* "大众FV7160": the first letter or digit after Chinese characters */
		for (const char *p = t; *p && !cut; p++)
			if ((unsigned char)*p < 0x80 && p > t && (unsigned char)p[-1] >= 0x80)
				cut = p;
	if (!cut)
		cut = t + strlen(t);
	trim_copy(brand, brand_size, t, (size_t)(cut - t));
	trim_copy(model, model_size, cut + (*cut ? skip : 0), strlen(cut + (*cut ? skip : 0)));
}

int doc_fill_cod(db *d, const struct vehicle *v, struct cod_doc *out, struct doc_fill *f, sy_err *err)
{
	struct receipt_doc base; /* the yard, holder and vehicle, filled as for a receipt */
	char number[24], brand[128], model[128], signatory[128], today[11];
	memset(out, 0, sizeof *out);
	if (vehicle_refuse_missing(v, _("certificate of destruction"), err) != SY_OK ||
	    cert_in_force(d, v->id, number, err) != SY_OK)
		return err->status;
	if (!*number)
		return sy_fail(err, SY_INVALID, "vehicle",
			       _("%s has no recycling certificate in force: the certificate of destruction carries its number, so issue it first"),
			       v->stock_no);
	if (doc_fill_receipt(d, v, &base, f, err) != SY_OK)
		return err->status;
	db_today(today);
	user_display_name(d, db_actor(d), signatory, sizeof signatory);
	doc_split_brand_model(v->brand_model, brand, sizeof brand, model, sizeof model);
	out->number = str(f, number);
	out->issue_date = str(f, today);
	out->takeover_date = str(f, v->received_date);
	out->issuer_signatory = str(f, signatory);
	out->issuer = base.yard;
	out->holder = base.owner;
	out->vehicle = base.vehicle;
	out->vehicle.brand = str(f, brand);
	out->vehicle.model = str(f, model);
	out->reg_doc = v->doc_registration ? COD_REG_ATTACHED : COD_REG_NOT_AVAILABLE;
	return SY_OK;
}

/* ---- dismantling record ---- */

struct parts_acc {
	struct dism_part *rows;
	size_t n, cap;
	struct doc_fill *f;
	db *d;
	char dismantled[11];
};

static const char *part_recipient(struct parts_acc *a, const struct part *p)
{
	if (p->shipment_id) {
		struct shipment s;
		sy_err ignore = {0};
		if (shipment_get(a->d, p->shipment_id, &s, &ignore) == SY_OK)
			return strf(a->f, "%s  %s", s.party.name, s.ship_no);
	}
	return pair(a->f, part_statuses, p->status);
}

static int add_part(const struct part *p, void *ctx)
{
	struct parts_acc *a = ctx;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 32;
		a->rows = xrealloc(a->rows, a->cap * sizeof *a->rows);
	}
	struct doc_fill *f = a->f;
	a->rows[a->n++] = (struct dism_part){
		str(f, p->part_no),
		strf(f, "%s %s", p->kind.name_zh, p->kind.name_en),
		p->kind.assembly ? strf(f, "%s %s", p->kind.name_zh, p->kind.name_en) : NULL,
		str(f, p->grade),
		p->weight_kg,
		pair(f, part_dests, p->dest),
		part_recipient(a, p),
	};
	if (strncmp(p->created_at, a->dismantled, 10) > 0)
		sy_strlcpy(a->dismantled, p->created_at, sizeof a->dismantled);
	return 0;
}

static int by_part_no(const void *a, const void *b)
{
	return strcmp(((const struct dism_part *)a)->part_no, ((const struct dism_part *)b)->part_no);
}

/* A step's state, type or result in both languages: "已引爆 deployed". */
static const char *detail_pair(struct doc_fill *f, enum dep_detail kind, const char *code)
{
	return pair(f, dep_detail_choices(kind), code);
}

static void fill_steps(const struct dep_status *st, struct dismantling_doc *out, struct doc_fill *f)
{
	struct dism_step *steps = xcalloc((size_t)st->n + 1, sizeof *steps);
	for (int i = 0; i < st->n; i++) {
		const struct dep_item *it = &st->items[i];
		const struct dep_record *r = &it->rec;
		struct dism_step *s = &steps[i];
		s->name = strf(f, "%s %s", it->step->zh, it->step->en);
		s->status = it->state == DEP_DONE ? DISM_DONE : it->state == DEP_ABSENT ? DISM_NOT_APPLICABLE : DISM_PENDING;
		if (it->state != DEP_DONE && it->state != DEP_ABSENT)
			continue;
		if (r->has_qty) {
			s->quantity = r->qty;
			s->unit = strcmp(r->unit, "l") == 0 ? "L" : str(f, r->unit);
		}
		s->container = str(f, r->container);
		s->operator_name = str(f, r->done_by);
		s->time = minutes(f, r->done_at);
		if (*r->recipient)
			s->note = strf(f, "%s %s", r->recipient, r->handed_over);
		else if (*r->detail)
			s->note = detail_pair(f, it->step->detail, r->detail);
		else if (it->state != DEP_ABSENT)
			s->note = str(f, r->notes);
	}
	out->steps = steps;
	out->nsteps = (size_t)st->n;
	f->rows2 = steps;
}

static void fill_mass(const struct mass_balance *mb, struct dismantling_doc *out, struct doc_fill *f)
{
	static const char *const labels[OUT_COUNT] = {
		"回用件 Parts for reuse",           "再制造旧件 Cores (remanufacturing)", "材料回收 Material recycling",
		"车身残骸 Hulk (frame/body)",       "油液及危险废物 Fluids and hazardous waste",
		"能量回收 Energy recovery",          "填埋 Landfill",
	};
	struct dism_mass *rows = xcalloc(OUT_COUNT, sizeof *rows);
	for (int i = 0; i < OUT_COUNT; i++)
		rows[i] = (struct dism_mass){labels[i], mb->out_kg[i]};
	out->mass = rows;
	out->nmass = OUT_COUNT;
	f->rows3 = rows;
}

/* ---- photos ---- */

#define THUMB_W 240
#define THUMB_H 180

struct photos_acc {
	struct dism_photo *rows;
	size_t n, cap;
	struct doc_fill *f;
	db *d;
};

static int add_photo(const struct photo *p, void *ctx)
{
	struct photos_acc *a = ctx;
	struct doc_fill *f = a->f;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 8;
		a->rows = xrealloc(a->rows, a->cap * sizeof *a->rows);
	}
	struct dism_photo *row = &a->rows[a->n++];
	memset(row, 0, sizeof *row);
	row->what = pair(f, photo_kinds, p->what);
	if (*p->step) {
		const struct dep_step *s = dep_step_find(p->step);
		row->what = strf(f, "%s / %s", row->what, s ? s->zh : p->step);
	}
	row->time = minutes(f, p->added_at);
	row->hash = strf(f, "SHA-256 %.12s", p->sha256);
	unsigned char *data, *thumb;
	size_t len, thumb_len;
	sy_err why = {0};
	if (photo_read(a->d, p, &data, &len, &why) != SY_OK) {
		row->problem = strf(f, "文件缺失或已被改动 File missing or changed");
		return 0;
	}
	if (image_thumbnail(data, len, THUMB_W, THUMB_H, &thumb, &thumb_len, &row->thumb_w, &row->thumb_h, &why) == SY_OK) {
		row->thumb = (const unsigned char *)keep(f, (char *)thumb);
		row->thumb_len = thumb_len;
	} else {
		row->problem = strf(f, "无法显示 Cannot be shown");
	}
	free(data);
	return 0;
}

int doc_fill_dismantling(db *d, const struct vehicle *v, struct dismantling_doc *out, struct doc_fill *f, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (fill_yard(d, &out->yard, f, err) != SY_OK)
		return err->status;
	fill_vehicle(v, &out->vehicle, f);
	out->intake_date = str(f, v->received_date);
	if (v->police_supervised)
		out->supervisor = "公安机关监督拆解 Police supervision";

	struct dep_status *st = xcalloc(1, sizeof *st);
	int rc = depollution_status(d, v, st, err);
	if (rc == SY_OK)
		fill_steps(st, out, f);
	free(st);
	if (rc != SY_OK)
		return rc;

	struct parts_acc acc = {.f = f, .d = d};
	struct part_query q = {.vehicle_id = v->id, .limit = 100000};
	if (part_search(d, &q, add_part, &acc, err) != SY_OK) {
		free(acc.rows);
		return err->status;
	}
	if (acc.n)
		qsort(acc.rows, acc.n, sizeof *acc.rows, by_part_no);
	out->parts = acc.rows;
	out->nparts = acc.n;
	f->rows = acc.rows;
	out->dismantled_date = str(f, acc.dismantled);

	struct mass_balance mb;
	if (report_vehicle_balance(d, v->id, &mb, err) != SY_OK)
		return err->status;
	fill_mass(&mb, out, f);

	struct photos_acc photos = {.f = f, .d = d};
	rc = photo_list(d, v->id, add_photo, &photos, err);
	f->rows4 = photos.rows;
	out->photos = photos.rows;
	out->nphotos = photos.n;
	return rc;
}

/* ---- sheets for the authorities ---- */

static const char *mm(struct doc_fill *f, int value, const char *unit)
{
	return value > 0 ? strf(f, "%d %s", value, unit) : NULL;
}

int doc_fill_mofcom(db *d, const struct vehicle *v, const struct filing *fl, struct mofcom_doc *out, struct doc_fill *f,
		    sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (fill_yard(d, &out->yard, f, err) != SY_OK)
		return err->status;
	out->stock_no = str(f, v->stock_no);
	out->reg_type = pair(f, registration_types, *v->reg_type ? v->reg_type : "normal");
	out->owner_kind = strcmp(v->owner_kind, "company") == 0 ? "单位 Company" : "个人 Person";
	fill_owner(v, &out->owner, f);
	out->postal_code = str(f, v->postal_code);
	out->vehicle_type = pair(f, vehicle_types, v->vehicle_type);
	out->use_nature = pair(f, use_natures, v->use_nature);
	out->new_energy = vehicle_is_nev(v) ? "是 Yes" : "否 No";
	out->brand_model = str(f, v->brand_model);
	out->plate = str(f, v->plate);
	out->displacement = mm(f, v->displacement_ml, "ml");
	out->fuel_type = pair(f, power_types, v->power_type);
	out->registration_date = str(f, v->first_reg_date);
	out->engine_no = str(f, v->engine_no);
	out->vin = str(f, v->vin);
	out->mass = v->curb_mass_kg > 0 ? strf(f, "%g kg", v->curb_mass_kg) : NULL;
	out->length = mm(f, v->length_mm, "mm");
	out->passengers = v->passengers > 0 ? strf(f, "%d", v->passengers) : NULL;
	out->handover_date = str(f, v->received_date);
	if (!fl)
		return SY_OK;
	struct filing other;
	out->due = str(f, fl->due);
	out->reference = str(f, fl->reference);
	int filed = filing_vin_filed(d, fl, &other, err);
	if (filed < 0)
		return err->status;
	if (filed)
		out->filed_before = strf(f, "%s，%s，编号 reference %s", other.stock_no, other.done_on,
					 *other.reference ? other.reference : "-");
	return SY_OK;
}

/* The certificate in force, else the newest voided one. */
static int pick_cert(const struct cert *c, void *ctx)
{
	struct cert *best = ctx;
	if (!best->id || (strcmp(c->status, "issued") == 0 && strcmp(best->status, "issued") != 0))
		*best = *c;
	return 0;
}

int doc_fill_dereg(db *d, const struct vehicle *v, struct dereg_doc *out, struct doc_fill *f, sy_err *err)
{
	struct cert c = {0};
	struct filing fl;
	memset(out, 0, sizeof *out);
	if (cert_list(d, v->id, 0, pick_cert, &c, err) != SY_OK)
		return err->status;
	if (!c.id)
		return sy_fail(err, SY_INVALID, "ref",
			       _("no certificate was issued for %s: the deregistration papers go with a copy of it ('scrapyard cert issue %s')"),
			       v->stock_no, v->stock_no);
	if (fill_yard(d, &out->yard, f, err) != SY_OK)
		return err->status;
	out->cert_number = str(f, c.number);
	out->cert_date = strf(f, "%.10s", c.issued_at);
	fill_owner(v, &out->owner, f);
	fill_vehicle(v, &out->vehicle, f);
	fill_handover(v, &out->handover, f);
	out->clerk = str(f, db_actor(d));
	if (filing_of(d, v->id, "deregistration", "", &fl, err) == SY_OK) {
		out->due = str(f, fl.due);
		out->handed_over = str(f, fl.done_on);
		out->reference = str(f, fl.reference);
	}
	return SY_OK;
}

/* ---- ledgers ---- */

struct ledger_acc {
	void *rows;
	size_t n, cap, size;
	struct doc_fill *f;
	db *d;
	char facility[32]; /* the yard's waste facility, for records made without one */
	char login[64], name[128]; /* the last clerk looked up, by login and as printed */
};

/* A clerk as documents name them (the user's full name), remembered for
 * the rows that follow: a ledger's rows come from few clerks. */
static const char *clerk_name(struct ledger_acc *a, const char *login)
{
	if (!login || !*login)
		return NULL;
	if (strcmp(login, a->login) != 0) {
		sy_strlcpy(a->login, login, sizeof a->login);
		user_display_name(a->d, login, a->name, sizeof a->name);
	}
	return str(a->f, a->name);
}

static void *next_row(struct ledger_acc *a)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->rows = xrealloc(a->rows, a->cap * a->size);
	}
	void *r = (char *)a->rows + a->n++ * a->size;
	memset(r, 0, a->size);
	return r;
}

static int add_shipped_part(const struct ledger_row *r, void *ctx)
{
	struct ledger_acc *a = ctx;
	struct doc_fill *f = a->f;
	struct ledger_part_row *row = next_row(a);
	row->date = str(f, r->shipped_on);
	row->part_no = str(f, r->part_no);
	row->name = strf(f, "%s %s", r->kind_zh, r->kind_en); /* the ledger is read in Chinese, and in English */
	row->assembly = r->assembly ? "五大总成 Major" : NULL;
	row->source_vin = str(f, r->vin);
	row->model = str(f, r->brand_model);
	row->quantity = 1;
	row->mass_kg = r->weight_kg;
	row->destination = pair(f, part_dests, r->dest);
	row->recipient = *r->party_code ? strf(f, "%s %s", r->party, r->party_code) : str(f, r->party);
	return 0;
}

/* One movement of a container; the facility is where it happened: the
 * producing facility, then the store. */
static int add_waste(const struct waste_move *m, void *ctx)
{
	static const char *const movements[] = {"产生 Generated", "入库 Stored", "出库 Shipped"};
	struct ledger_acc *a = ctx;
	struct doc_fill *f = a->f;
	const struct waste *w = m->w;
	struct ledger_waste_row *row = next_row(a);
	row->movement = movements[m->kind];
	row->batch = str(f, w->batch_code);
	row->time = minutes(f, m->at);
	row->name = strf(f, "%s %s", w->name_zh, w->name_en);
	row->category = str(f, w->category);
	row->code = str(f, w->code);
	row->quantity = w->qty;
	row->unit = str(f, w->unit);
	row->container_code = str(f, w->container_code);
	row->container_type = str(f, w->container_type);
	row->containers = w->containers;
	const char *facility = m->kind == WASTE_GENERATED ? w->facility_code : w->store_location;
	row->facility_code = str(f, *facility ? facility : a->facility);
	row->clerk = clerk_name(a, m->by);
	if (m->kind == WASTE_GENERATED)
		row->destination = str(f, w->destination);
	else if (m->kind == WASTE_SHIPPED)
		row->destination = strf(f, "%s %s%s%s", w->handler_name, w->handler_licence, *w->manifest_no ? " 联单 " : "",
					w->manifest_no);
	return 0;
}

static int add_battery(const struct docdata_battery *b, void *ctx)
{
	struct ledger_acc *a = ctx;
	struct doc_fill *f = a->f;
	struct ledger_battery_row *row = next_row(a);
	row->date = str(f, b->removed);
	row->vin = str(f, b->vin);
	row->battery_code = str(f, b->battery_code);
	row->model = str(f, b->brand_model);
	row->quantity = b->count;
	row->mass_kg = b->mass_kg;
	row->destination = pair(f, dep_recipient_kinds, b->recipient_kind);
	row->recipient = *b->recipient_code ? strf(f, "%s %s", b->recipient, b->recipient_code) : str(f, b->recipient);
	row->reported = str(f, b->reported);
	return 0;
}

static int fill_waste_totals(db *d, const char *from, const char *to, struct ledger_doc *out, struct doc_fill *f,
			     sy_err *err)
{
	struct waste_total t[WASTE_MAX_UNITS];
	int n = 0;
	if (waste_totals(d, from, to, t, &n, err) != SY_OK)
		return err->status;
	struct ledger_waste_total *rows = xcalloc((size_t)n + 1, sizeof *rows);
	for (int i = 0; i < n; i++)
		rows[i] = (struct ledger_waste_total){str(f, t[i].unit), t[i].generated, t[i].stored, t[i].shipped,
						      t[i].in_store, t[i].containers_in_store};
	f->rows2 = rows;
	out->waste_totals = rows;
	out->nwaste_totals = (size_t)n;
	return SY_OK;
}

int doc_fill_ledger(db *d, enum ledger_kind kind, const char *from, const char *to, struct ledger_doc *out,
		    struct doc_fill *f, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (fill_yard(d, &out->yard, f, err) != SY_OK)
		return err->status;
	out->kind = kind;
	char now[20], today[11];
	db_now(now);
	db_today(today);
	/* nothing is recorded after today: a period running on is cut there */
	if (to && *to && strcmp(to, today) > 0)
		to = today;
	out->from = str(f, from);
	out->to = str(f, to);
	out->printed = minutes(f, now);
	struct audit_head head;
	char anchor[120];
	if (audit_head(d, &head, NULL) == SY_OK) { /* an anchor on paper: audit verify --against ENTRY:HASH */
		audit_head_text(&head, anchor, sizeof anchor);
		out->anchor = str(f, anchor);
	}
	struct ledger_acc a = {.f = f, .d = d};
	int rc;
	if (from && *from && strcmp(from, today) > 0) { /* all of it still to come */
		rc = SY_OK;
		a.size = 1;
	} else if (kind == LEDGER_PARTS) {
		a.size = sizeof(struct ledger_part_row);
		struct shipment_filter sf = {.since = from, .until = to, .kind = "parts", .limit = 10000000};
		rc = shipment_ledger(d, &sf, 0, add_shipped_part, &a, err);
	} else if (kind == LEDGER_HAZARDOUS) {
		a.size = sizeof(struct ledger_waste_row);
		struct site site;
		if (site_get(d, &site, NULL) == SY_OK)
			sy_strlcpy(a.facility, site.waste_facility, sizeof a.facility);
		rc = waste_movements(d, from, to, add_waste, &a, err);
		if (rc == SY_OK)
			rc = fill_waste_totals(d, from, to, out, f, err);
	} else {
		a.size = sizeof(struct ledger_battery_row);
		rc = docdata_batteries(d, from, to, add_battery, &a, err);
	}
	f->rows = a.rows;
	if (rc != SY_OK)
		return err->status;
	out->nrows = a.n;
	if (kind == LEDGER_PARTS)
		out->rows.parts = a.rows;
	else if (kind == LEDGER_HAZARDOUS)
		out->rows.waste = a.rows;
	else
		out->rows.batteries = a.rows;
	return SY_OK;
}
