#include "db/depollution.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/audit.h"
#include "db/filing.h"
#include "base/i18n.h"
#include "db/ident.h"
#include "db/input.h"
#include "base/text.h"
#include "base/util.h"
#include "db/vehicle_life.h"
#include "db/waste.h"

#define LKG (DEP_UNIT_L | DEP_UNIT_KG)

/* GB 22128-2019 pretreatment, in its order. For a vehicle with a
 * high-voltage system (new-energy or full hybrid) it is made safe first
 * (depollution_status adds the discharge as a precondition of every other
 * step). A gas tank is looked for where the power type may have one, so a
 * petrol or diesel car drains its fuel without a word about gas. */
const struct dep_step dep_steps[] = {
	{"hv_insulation", N_("High-voltage insulation tested"), "高压系统绝缘检测", DEP_QTY_NONE, 0, 0, DEP_HV,
	 DEP_DETAIL_INSULATION, 0, 1, NULL, {NULL}},
	{"hv_discharge", N_("High-voltage system cut off and discharged"), "高压断电及放电确认", DEP_QTY_NONE, 0, 0, DEP_HV,
	 DEP_DETAIL_NONE, 0, 1, NULL, {"hv_insulation"}},
	{"battery", N_("Starter battery removed"), "拆除蓄电池", DEP_QTY_REQUIRED, DEP_UNIT_KG, 100, DEP_ALL,
	 DEP_DETAIL_NONE, 1, 1, "900-052-31", {NULL}},
	{"traction_battery", N_("Traction battery removed"), "拆卸动力蓄电池", DEP_QTY_REQUIRED, DEP_UNIT_KG, 5000, DEP_HV,
	 DEP_DETAIL_BATTERY, 1, 1, NULL, {"hv_discharge"}},
	{"gas_tank", N_("Gas tank (LPG, CNG, hydrogen) removed"), "拆除燃气罐", DEP_QTY_NONE, 0, 0, DEP_GAS,
	 DEP_DETAIL_NONE, 1, 1, NULL, {"battery"}},
	{"airbags", N_("Airbags neutralised"), "安全气囊引爆或拆除", DEP_QTY_OPTIONAL, DEP_UNIT_KG, 50, DEP_ALL,
	 DEP_DETAIL_AIRBAG, 1, 1, "SITE-AIRBAG", {"battery"}},
	{"fuel", N_("Fuel drained"), "排空燃油", DEP_QTY_REQUIRED, LKG, 2000, DEP_COMBUSTION, DEP_DETAIL_NONE, 1, 1, NULL,
	 {"battery", "gas_tank"}},
	{"engine_oil", N_("Engine oil drained"), "排空发动机机油", DEP_QTY_REQUIRED, LKG, 200, DEP_COMBUSTION,
	 DEP_DETAIL_NONE, 1, 1, "900-214-08", {"battery"}},
	{"gear_oil", N_("Transmission and gear oil drained"), "排空变速器油及齿轮油", DEP_QTY_REQUIRED, LKG, 200, DEP_ALL,
	 DEP_DETAIL_NONE, 1, 1, "900-214-08", {"battery"}},
	{"brake_fluid", N_("Brake fluid drained"), "排空制动液", DEP_QTY_REQUIRED, LKG, 50, DEP_ALL, DEP_DETAIL_NONE, 1, 1,
	 "900-214-08", {"battery"}},
	{"steering_fluid", N_("Power-steering fluid drained"), "排空助力转向油", DEP_QTY_REQUIRED, LKG, 50, DEP_ALL,
	 DEP_DETAIL_NONE, 1, 1, "900-214-08", {"battery"}},
	{"coolant", N_("Coolant drained"), "排空冷却液", DEP_QTY_REQUIRED, LKG, 200, DEP_ALL, DEP_DETAIL_NONE, 1, 1,
	 "SITE-COOLANT", {"battery"}},
	{"washer_fluid", N_("Washer fluid drained"), "排空风窗清洗液", DEP_QTY_REQUIRED, LKG, 50, DEP_ALL, DEP_DETAIL_NONE,
	 1, 1, NULL, {"battery"}},
	{"refrigerant", N_("Air-conditioning refrigerant recovered"), "回收空调制冷剂", DEP_QTY_REQUIRED, DEP_UNIT_KG, 20,
	 DEP_ALL, DEP_DETAIL_REFRIGERANT, 1, 1, "SITE-REFRIG", {"battery"}},
	{"oil_filter", N_("Oil filter removed"), "拆除机油滤清器", DEP_QTY_OPTIONAL, DEP_UNIT_KG, 20, DEP_COMBUSTION,
	 DEP_DETAIL_NONE, 1, 1, "900-041-49", {"engine_oil"}},
	{"catalyst", N_("Catalytic converter removed"), "拆除三元催化器", DEP_QTY_REQUIRED, DEP_UNIT_KG, 100,
	 DEP_COMBUSTION, DEP_DETAIL_NONE, 1, 1, "900-049-50", {"battery"}},
	{"mercury", N_("Mercury switches removed"), "拆除含汞开关", DEP_QTY_OPTIONAL, DEP_UNIT_KG, 5, DEP_ALL,
	 DEP_DETAIL_NONE, 1, 1, "SITE-MERCURY", {"battery"}},
	{"tyres", N_("Tyres removed"), "拆除轮胎", DEP_QTY_OPTIONAL, DEP_UNIT_KG, 2000, DEP_ALL, DEP_DETAIL_NONE, 1, 1, NULL,
	 {"battery"}},
	{"battery_handover", N_("Traction battery handed over"), "动力蓄电池移交", DEP_QTY_NONE, 0, 0, DEP_HV,
	 DEP_DETAIL_NONE, 0, 0, NULL, {"traction_battery"}},
	{0},
};

const struct code_label dep_recipient_kinds[] = {
	{"oem", "Vehicle maker's take-back point", "车企回收服务网点"},
	{"echelon", "Echelon-use firm", "梯次利用企业"},
	{"recycler", "Recycler", "再生利用企业"},
	{0},
};

static const struct code_label airbag_states[] = {
	{"deployed", "deployed", "已引爆"},
	{"removed", "removed", "已拆除"},
	{0},
};
static const struct code_label refrigerants[] = {
	{"R134a", "R134a", "R134a"}, {"R1234yf", "R1234yf", "R1234yf"}, {"R12", "R12", "R12"}, {"R744", "R744", "R744"},
	{"other", "other", "其他"},   {0},
};
static const struct code_label insulation_results[] = {
	{"pass", "pass", "合格"},
	{"fail", "fail", "不合格"},
	{0},
};
static const struct code_label battery_states[] = {
	{"intact", "intact", "完好"},
	{"damaged", "damaged", "破损"},
	{"leaking", "leaking", "泄漏"},
	{0},
};

const struct code_label *dep_detail_choices(enum dep_detail kind)
{
	switch (kind) {
	case DEP_DETAIL_AIRBAG: return airbag_states;
	case DEP_DETAIL_REFRIGERANT: return refrigerants;
	case DEP_DETAIL_INSULATION: return insulation_results;
	case DEP_DETAIL_BATTERY: return battery_states;
	default: return NULL;
	}
}

const char *dep_detail_label(enum dep_detail kind, const char *code)
{
	const struct code_label *choices = dep_detail_choices(kind);
	return choices && code && *code ? code_label(choices, code) : code ? code : "";
}

const char *dep_detail_field(enum dep_detail kind)
{
	return kind == DEP_DETAIL_REFRIGERANT ? "type" : kind == DEP_DETAIL_INSULATION ? "result" : "state";
}

const struct dep_step *dep_step_find(const char *code)
{
	char want[32];
	if (!code)
		return NULL;
	sy_strlcpy(want, code, sizeof want);
	for (char *p = want; *p; p++)
		*p = *p == '-' ? '_' : (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	for (const struct dep_step *s = dep_steps; s->code; s++)
		if (strcmp(s->code, want) == 0)
			return s;
	return NULL;
}

const char *dep_step_label(const struct dep_step *s) { return sy_pick(_(s->en), s->zh); }

static int has_engine(const struct vehicle *v)
{
	return strcmp(v->power_type, "bev") != 0 && strcmp(v->power_type, "fcev") != 0;
}

/* Power types that never carry a gas tank; an unknown one may. */
static int may_have_gas_tank(const struct vehicle *v)
{
	static const char *const liquid_or_electric[] = {"petrol", "diesel", "hev", "phev", "bev", NULL};
	for (int i = 0; liquid_or_electric[i]; i++)
		if (strcmp(v->power_type, liquid_or_electric[i]) == 0)
			return 0;
	return 1;
}

int dep_step_applies(const struct dep_step *s, const struct vehicle *v)
{
	switch (s->applies) {
	case DEP_COMBUSTION: return has_engine(v);
	case DEP_HV: return vehicle_has_hv(v);
	case DEP_GAS: return may_have_gas_tank(v);
	default: return 1;
	}
}

const char *dep_state_name(enum dep_state s)
{
	static const char *const names[] = {"done", "absent", "next", "open", "blocked"};
	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* ---- rows ---- */

#define REC_COLUMNS                                                                                       \
	"id, step, absent, qty, unit, container, detail, battery_code, recipient, recipient_kind,"        \
	" recipient_code, handed_over, notes, done_by, done_at, recorded_by"

static void rec_from_row(sqlite3_stmt *st, struct dep_record *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	db_column_copy(r->step, sizeof r->step, st, 1);
	r->absent = sqlite3_column_int(st, 2);
	r->has_qty = sqlite3_column_type(st, 3) != SQLITE_NULL;
	r->qty = sqlite3_column_double(st, 3);
	db_column_copy(r->unit, sizeof r->unit, st, 4);
	db_column_copy(r->container, sizeof r->container, st, 5);
	db_column_copy(r->detail, sizeof r->detail, st, 6);
	db_column_copy(r->battery_code, sizeof r->battery_code, st, 7);
	db_column_copy(r->recipient, sizeof r->recipient, st, 8);
	db_column_copy(r->recipient_kind, sizeof r->recipient_kind, st, 9);
	db_column_copy(r->recipient_code, sizeof r->recipient_code, st, 10);
	db_column_copy(r->handed_over, sizeof r->handed_over, st, 11);
	db_column_copy(r->notes, sizeof r->notes, st, 12);
	db_column_copy(r->done_by, sizeof r->done_by, st, 13);
	db_column_copy(r->done_at, sizeof r->done_at, st, 14);
	db_column_copy(r->recorded_by, sizeof r->recorded_by, st, 15);
}

int depollution_get(db *d, int64_t vehicle_id, const char *step, struct dep_record *out, sy_err *err)
{
	sqlite3_stmt *st = db_query(d, err, "SELECT " REC_COLUMNS " FROM depollution WHERE vehicle_id = ? AND step = ?", "It",
				    vehicle_id, step);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		rec_from_row(st, out);
	db_done(d, st);
	if (rc == SQLITE_DONE)
		return sy_fail(err, SY_INVALID, "step", _("step %s is not recorded for this vehicle"), step);
	return rc == SQLITE_ROW ? SY_OK : err->status;
}

/* ---- the checklist ---- */

static struct dep_item *item_of(struct dep_status *s, const char *code)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->items[i].step->code, code) == 0)
			return &s->items[i];
	return NULL;
}

static int recorded(const struct dep_item *it)
{
	return it && (it->state == DEP_DONE || it->state == DEP_ABSENT);
}

static void append(char *buf, size_t size, const char *sep, const char *text)
{
	if (*buf)
		strncat(buf, sep, size - strlen(buf) - 1);
	strncat(buf, text, size - strlen(buf) - 1);
}

/* The preconditions of item it still missing, as labels; empty when none. */
static void missing_needs(struct dep_status *s, const struct dep_item *it, char *out, size_t size)
{
	*out = '\0';
	/* A live high-voltage system comes first on a new-energy vehicle. */
	if (s->hv && it->step->applies != DEP_HV) {
		const struct dep_item *hv = item_of(s, "hv_discharge");
		if (hv && !recorded(hv))
			append(out, size, sy_list_sep(), dep_step_label(hv->step));
	}
	for (int k = 0; k < 3 && it->step->needs[k]; k++) {
		const struct dep_item *need = item_of(s, it->step->needs[k]);
		if (need && !recorded(need))
			append(out, size, sy_list_sep(), dep_step_label(need->step));
	}
}

int depollution_status(db *d, const struct vehicle *v, struct dep_status *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	out->vehicle_id = v->id;
	out->nev = vehicle_is_nev(v);
	out->hv = vehicle_has_hv(v);
	sqlite3_stmt *st = db_query(d, err, "SELECT " REC_COLUMNS " FROM depollution WHERE vehicle_id = ?", "I", v->id);
	if (!st)
		return err->status;
	struct dep_record recs[DEP_MAX_STEPS];
	int nrec = 0, rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW && nrec < DEP_MAX_STEPS)
		rec_from_row(st, &recs[nrec++]);
	db_done(d, st);
	if (rc < 0)
		return err->status;
	for (const struct dep_step *s = dep_steps; s->code && out->n < DEP_MAX_STEPS; s++) {
		struct dep_item *it = &out->items[out->n];
		int found = -1;
		for (int i = 0; i < nrec && found < 0; i++)
			if (strcmp(recs[i].step, s->code) == 0)
				found = i;
		/* A step recorded before the vehicle's power type was corrected stays shown. */
		if (!dep_step_applies(s, v) && found < 0)
			continue;
		it->step = s;
		it->state = DEP_OPEN;
		if (found >= 0) {
			it->rec = recs[found];
			it->state = recs[found].absent ? DEP_ABSENT : DEP_DONE;
		}
		out->n++;
	}
	/* No hand-over without a battery. */
	struct dep_item *tb = item_of(out, "traction_battery"), *ho = item_of(out, "battery_handover");
	if (tb && ho && tb->state == DEP_ABSENT && !recorded(ho)) {
		int at = (int)(ho - out->items);
		memmove(ho, ho + 1, (size_t)(out->n - at - 1) * sizeof *ho);
		out->n--;
	}
	int closed = strcmp(v->status, "open") != 0;
	int have_next = 0;
	for (int i = 0; i < out->n; i++) {
		struct dep_item *it = &out->items[i];
		if (recorded(it))
			continue;
		char needs[200];
		missing_needs(out, it, needs, sizeof needs);
		if (closed) {
			it->state = DEP_BLOCKED;
			snprintf(it->reason, sizeof it->reason, _("the vehicle record is %s"), v->status);
		} else if (*needs) {
			it->state = DEP_BLOCKED;
			snprintf(it->reason, sizeof it->reason, _("needs first: %s"), needs);
		} else if (!have_next) {
			it->state = DEP_NEXT;
			have_next = 1;
		}
		if (it->step->required)
			append(out->missing, sizeof out->missing, sy_list_sep(), dep_step_label(it->step));
	}
	out->complete = *out->missing == '\0';
	return SY_OK;
}

/* ---- recording ---- */

static int list_steps(const struct vehicle *v, const char *given, sy_err *err)
{
	char list[512] = "";
	for (const struct dep_step *s = dep_steps; s->code; s++)
		if (dep_step_applies(s, v))
			append(list, sizeof list, ", ", s->code);
	return sy_fail(err, SY_INVALID, "step", _("'%s' is not a pretreatment step; the steps are: %s"), given ? given : "",
		       list);
}

/* A choice given by its code (any case) or its name in either language
 * (已引爆, 合格); the code is written to out. */
static int pick_code(const char *given, const struct code_label *choices, const char *field, char *out, size_t size,
		     sy_err *err)
{
	char text[64], list[256] = "";
	sy_strlcpy(text, given ? given : "", sizeof text);
	text_trim(text);
	for (const struct code_label *c = choices; c->code; c++) {
		if (strcasecmp(text, c->code) == 0 || strcasecmp(text, c->en) == 0 || strcmp(text, c->zh) == 0) {
			sy_strlcpy(out, c->code, size);
			return SY_OK;
		}
		append(list, sizeof list, sy_list_sep(), code_label(choices, c->code));
	}
	return sy_fail(err, SY_INVALID, field, _("'%s' is not one of: %s"), text, list);
}

static int check_detail(const struct dep_step *s, const struct dep_input *in, struct dep_record *r, sy_err *err)
{
	static const char *const asks[] = {
		[DEP_DETAIL_AIRBAG] = N_("say whether the airbags were deployed or removed"),
		[DEP_DETAIL_REFRIGERANT] = N_("give the refrigerant type"),
		[DEP_DETAIL_INSULATION] = N_("give the insulation test result"),
		[DEP_DETAIL_BATTERY] = N_("give the battery's state"),
	};
	static const char *const options[] = {
		[DEP_DETAIL_AIRBAG] = "--state deployed|removed",
		[DEP_DETAIL_REFRIGERANT] = "--type R134a|R1234yf|R12|R744|other",
		[DEP_DETAIL_INSULATION] = "--result pass|fail",
		[DEP_DETAIL_BATTERY] = "--state intact|damaged|leaking",
	};
	const struct code_label *choices = dep_detail_choices(s->detail);
	const char *field = dep_detail_field(s->detail);
	if (!choices) {
		if (in->detail && *in->detail)
			return sy_fail(err, SY_INVALID, "state", _("step %s takes no state, type or result"), s->code);
		return SY_OK;
	}
	if (!in->detail || !*in->detail) {
		sy_fail(err, SY_INVALID, field, "%s", _(asks[s->detail]));
		return sy_hint(err, "%s", options[s->detail]);
	}
	return pick_code(in->detail, choices, field, r->detail, sizeof r->detail, err);
}

static int check_qty(const struct dep_step *s, const struct dep_input *in, struct dep_record *r, sy_err *err)
{
	if (!in->has_qty) {
		if (s->qty == DEP_QTY_REQUIRED) {
			sy_fail(err, SY_INVALID, "qty", s->units == DEP_UNIT_KG ? _("%s: give the mass") : _("%s: give the quantity drained"),
				dep_step_label(s));
			return sy_hint(err, s->units == DEP_UNIT_KG ? "--qty N --unit kg" : "--qty N --unit l|kg");
		}
		if (in->unit && *in->unit) {
			sy_fail(err, SY_INVALID, "qty", _("a unit without a quantity: give the quantity too"));
			return sy_hint(err, "--qty N");
		}
		return SY_OK;
	}
	if (s->qty == DEP_QTY_NONE)
		return sy_fail(err, SY_INVALID, "qty", _("%s takes no quantity"), dep_step_label(s));
	const char *unit = in->unit && *in->unit ? in->unit : (s->units & DEP_UNIT_L) ? "l" : "kg";
	int bit = strcmp(unit, "l") == 0 ? DEP_UNIT_L : strcmp(unit, "kg") == 0 ? DEP_UNIT_KG : 0;
	if (!(bit & s->units))
		return sy_fail(err, SY_INVALID, "unit",
			       s->units == DEP_UNIT_KG ? _("%s is recorded in kg, not '%s'") : _("%s is recorded in l or kg, not '%s'"),
			       dep_step_label(s), unit);
	if (input_amount(in->qty, 0, s->max_qty, "qty", _("quantity"), err) != SY_OK)
		return err->status;
	/* An empty system drains nothing; a removed item always weighs something. */
	if (in->qty == 0 && !(s->units & DEP_UNIT_L) && s->detail != DEP_DETAIL_REFRIGERANT)
		return sy_fail(err, SY_INVALID, "qty", _("%s: the mass must be more than 0"), dep_step_label(s));
	r->has_qty = 1;
	r->qty = in->qty;
	sy_strlcpy(r->unit, unit, sizeof r->unit);
	return SY_OK;
}

/* The pack's code from its label: a new-energy vehicle's is on record and
 * must match; a full hybrid's pack may carry none. One pack, one vehicle. */
static int check_traction_battery(db *d, const struct vehicle *v, const struct dep_input *in, struct dep_record *r,
				  sy_err *err)
{
	if (!in->battery_code || !*in->battery_code) {
		if (vehicle_is_nev(v) || *v->battery_code) {
			sy_fail(err, SY_INVALID, "code", _("give the traction battery code from the pack's label"));
			return sy_hint(err, "--code");
		}
		return SY_OK;
	}
	if (ident_battery(in->battery_code, r->battery_code, err) != SY_OK) {
		sy_strlcpy(err->field, "code", sizeof err->field);
		return err->status;
	}
	if (*v->battery_code && strcmp(v->battery_code, r->battery_code) != 0)
		return sy_fail(err, SY_INVALID, "code",
			       _("battery code %s is not the one recorded at check-in (%s): check the pack's label"),
			       r->battery_code, v->battery_code);
	/* Also for a code on two vehicles at check-in (a supervisor's
	 * override): the pack leaves one of them only. */
	sy_err e = {0};
	char *other = db_text(d, &e,
			      "SELECT v.stock_no FROM depollution t JOIN vehicles v ON v.id = t.vehicle_id"
			      " WHERE t.battery_code = ? AND t.step = 'traction_battery' AND t.vehicle_id <> ?"
			      " AND v.status <> 'cancelled' LIMIT 1",
			      "tI", r->battery_code, v->id);
	if (other) {
		sy_fail(err, SY_INVALID, "code",
			_("traction battery %s was removed from %s already: one pack comes out of one vehicle; check the label and correct the vehicle's battery code"),
			r->battery_code, other);
		free(other);
		return SY_INVALID;
	}
	return e.status ? (*err = e, e.status) : SY_OK;
}

static int check_handover(db *d, const struct vehicle *v, const struct dep_input *in, struct dep_record *r, sy_err *err)
{
	struct dep_record removal;
	if (input_text(in->recipient, 60, r->recipient, sizeof r->recipient, "recipient", err) != SY_OK)
		return err->status;
	if (!*r->recipient) {
		sy_fail(err, SY_INVALID, "recipient", _("name who received the traction battery"));
		return sy_hint(err, "--recipient");
	}
	if (!in->recipient_kind || !*in->recipient_kind) {
		sy_fail(err, SY_INVALID, "recipient-kind",
			_("say who the recipient is: a vehicle maker's take-back point, an echelon-use firm or a recycler"));
		return sy_hint(err, "--recipient-kind oem|echelon|recycler");
	}
	if (pick_code(in->recipient_kind, dep_recipient_kinds, "recipient-kind", r->recipient_kind,
		      sizeof r->recipient_kind, err) != SY_OK)
		return err->status;
	if (in->recipient_code && *in->recipient_code && ident_uscc(in->recipient_code, r->recipient_code, err) != SY_OK) {
		sy_strlcpy(err->field, "credit-code", sizeof err->field);
		return err->status;
	}
	if (in->date && *in->date) {
		if (input_date(in->date, "date", 1, err) != SY_OK)
			return err->status;
		sy_strlcpy(r->handed_over, in->date, sizeof r->handed_over);
	} else {
		db_today(r->handed_over);
	}
	if (depollution_get(d, v->id, "traction_battery", &removal, err) != SY_OK)
		return err->status;
	if (strncmp(r->handed_over, removal.done_at, 10) < 0)
		return sy_fail(err, SY_INVALID, "date", _("%s is before the battery was removed (%.10s)"), r->handed_over,
			       removal.done_at);
	return SY_OK;
}

/* Everything about the input that does not depend on the other steps. */
static int check_input(db *d, const struct vehicle *v, const struct dep_step *s, const struct dep_input *in,
		       struct dep_record *r, sy_err *err)
{
	if (input_text(in->notes, 200, r->notes, sizeof r->notes, "notes", err) ||
	    input_text(in->done_by, 60, r->done_by, sizeof r->done_by, "by", err) ||
	    input_code(in->container, 30, r->container, sizeof r->container, "container", err))
		return err->status;
	if (in->absent) {
		if (!s->absent_ok)
			return sy_fail(err, SY_INVALID, "not-present", _("%s cannot be recorded as not present"),
				       dep_step_label(s));
		if (strcmp(s->code, "traction_battery") == 0 && !strstr(v->missing_parts, "battery"))
			return sy_fail(err, SY_INVALID, "not-present",
				       _("the traction battery was not declared missing at check-in: record its removal"));
		if (in->has_qty || (in->detail && *in->detail) || (in->battery_code && *in->battery_code) || *r->container)
			return sy_fail(err, SY_INVALID, "not-present",
				       _("a step recorded as not present has no quantity, state, code or container"));
		r->absent = 1;
		return SY_OK;
	}
	if (check_qty(s, in, r, err) || check_detail(s, in, r, err))
		return err->status;
	if (strcmp(s->code, "traction_battery") == 0)
		return check_traction_battery(d, v, in, r, err);
	if (in->battery_code && *in->battery_code)
		return sy_fail(err, SY_INVALID, "code", _("only the traction battery step takes a battery code"));
	if (strcmp(s->code, "battery_handover") == 0)
		return check_handover(d, v, in, r, err);
	if (in->recipient && *in->recipient)
		return sy_fail(err, SY_INVALID, "recipient", _("only the battery hand-over takes a recipient"));
	return SY_OK;
}

/* Drained fluids and removed hazardous items go into the waste ledger. */
static int fill_waste(db *d, const struct vehicle *v, const struct dep_step *s, struct dep_record *r, sy_err *err)
{
	if (!s->waste_code || r->absent || !r->has_qty || r->qty <= 0)
		return SY_OK;
	if (s->detail == DEP_DETAIL_AIRBAG && strcmp(r->detail, "removed") != 0)
		return SY_OK; /* deployed in place: they leave with the body */
	struct waste w;
	struct waste_input wi = {.code = s->waste_code, .qty = r->qty, .unit = r->unit,
				 .container = *r->container ? r->container : NULL, .vehicle_id = v->id, .source = s->code};
	if (waste_add_in_transaction(d, &wi, &w, err) != SY_OK)
		return err->status;
	sy_strlcpy(r->container, w.container_code, sizeof r->container);
	return SY_OK;
}

static char *record_json(const struct vehicle *v, const struct dep_record *r)
{
	cJSON *o = dep_record_to_json(r);
	cJSON_AddStringToObject(o, "stock_no", v->stock_no);
	cJSON_AddStringToObject(o, "vin", v->vin);
	return input_json_text(o);
}

/* The pack code a hand-over is about: the one read at removal. */
static void removed_pack(db *d, const struct vehicle *v, char *code, size_t size)
{
	struct dep_record removal;
	sy_err ignore = {0};
	sy_strlcpy(code, v->battery_code, size);
	if (depollution_get(d, v->id, "traction_battery", &removal, &ignore) == SY_OK && *removal.battery_code)
		sy_strlcpy(code, removal.battery_code, size);
}

/* The traceability platform is owed a report when a pack comes out of a
 * vehicle (unless check-in already made it owed) and when it leaves the
 * yard (db/filing.h). */
static int open_battery_filings(db *d, const struct vehicle *v, const struct dep_record *r, sy_err *err)
{
	char day[11], pack[32];
	if (r->absent)
		return SY_OK;
	if (strcmp(r->step, "traction_battery") == 0) {
		snprintf(day, sizeof day, "%.10s", r->done_at);
		return filing_open(d, v->id, "battery_report", "", day, err);
	}
	if (strcmp(r->step, "battery_handover") != 0)
		return SY_OK;
	removed_pack(d, v, pack, sizeof pack);
	return filing_open(d, v->id, "battery_outbound", pack, r->handed_over, err);
}

int depollution_record_in_transaction(db *d, const struct vehicle *v, const struct dep_input *in,
				      struct dep_record *out, sy_err *err)
{
	struct dep_record r = {0};
	struct dep_status status;
	const struct dep_step *s = dep_step_find(in->step);
	if (!s || !dep_step_applies(s, v))
		return s ? sy_fail(err, SY_INVALID, "step", _("%s does not apply to this vehicle (%s)"), dep_step_label(s),
				   *v->power_type ? code_label(power_types, v->power_type) : v->stock_no)
			 : list_steps(v, in->step, err);
	if (strcmp(v->status, "open") != 0)
		return sy_fail(err, SY_INVALID, "ref", _("vehicle %s is %s: nothing more can be recorded"), v->stock_no,
			       v->status);
	if (check_input(d, v, s, in, &r, err) != SY_OK)
		return err->status;
	if (depollution_status(d, v, &status, err) != SY_OK)
		return err->status;
	const struct dep_item *it = item_of(&status, s->code);
	if (!it && strcmp(s->code, "battery_handover") == 0)
		return sy_fail(err, SY_INVALID, "step", _("this vehicle's traction battery was not present: there is nothing to hand over"));
	if (recorded(it))
		return sy_fail(err, SY_INVALID, "step", _("%s was recorded already (by %s at %s): undo it first to correct it"),
			       dep_step_label(s), it->rec.done_by, it->rec.done_at);
	if (it->state == DEP_BLOCKED)
		return sy_fail(err, SY_INVALID, "step", _("%s cannot be recorded yet: %s"), dep_step_label(s), it->reason);
	sy_strlcpy(r.step, s->code, sizeof r.step);
	if (!*r.done_by)
		sy_strlcpy(r.done_by, db_actor(d), sizeof r.done_by);
	sy_strlcpy(r.recorded_by, db_actor(d), sizeof r.recorded_by);
	db_now(r.done_at);
	if (fill_waste(d, v, s, &r, err) != SY_OK)
		return err->status;
	int rc = db_exec(d, err,
			 "INSERT INTO depollution(vehicle_id, step, absent, qty, unit, container, detail, battery_code, recipient,"
			 " recipient_kind, recipient_code, handed_over, notes, done_by, done_at, recorded_by)"
			 " VALUES (?, ?, ?, CASE WHEN ? THEN ? END, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			 "Itiidtttttttttttt", v->id, r.step, r.absent, r.has_qty, r.qty, *r.unit ? r.unit : NULL,
			 *r.container ? r.container : NULL, *r.detail ? r.detail : NULL,
			 *r.battery_code ? r.battery_code : NULL, *r.recipient ? r.recipient : NULL,
			 *r.recipient_kind ? r.recipient_kind : NULL, *r.recipient_code ? r.recipient_code : NULL,
			 *r.handed_over ? r.handed_over : NULL, *r.notes ? r.notes : NULL, r.done_by, r.done_at,
			 r.recorded_by);
	if (rc != SY_OK)
		return rc;
	r.id = db_last_id(d);
	/* The battery's own record says where the pack went (Order 715 battery ledger). */
	if (strcmp(s->code, "battery_handover") == 0)
		rc = db_exec(d, err,
			     "UPDATE depollution SET recipient = ?, recipient_kind = ?, recipient_code = ?, handed_over = ?"
			     " WHERE vehicle_id = ? AND step = 'traction_battery'",
			     "ttttI", r.recipient, r.recipient_kind, *r.recipient_code ? r.recipient_code : NULL,
			     r.handed_over, v->id);
	if (rc != SY_OK)
		return rc;
	char *json = record_json(v, &r);
	rc = audit_append(d, err, "depollution", r.id, r.absent ? "not_present" : "record", NULL, json);
	free(json);
	if (rc == SY_OK)
		rc = open_battery_filings(d, v, &r, err);
	/* the battery's hand-over may be the last of the vehicle's work */
	if (rc == SY_OK && strcmp(s->code, "battery_handover") == 0) {
		struct vehicle now = *v;
		rc = vehicle_close_if_done(d, &now, err);
	}
	if (rc == SY_OK && out)
		*out = r;
	return rc;
}

int depollution_record(db *d, const struct vehicle *v, const struct dep_input *in, struct dep_record *out,
		       sy_err *err)
{
	if (db_begin(d, err) != SY_OK)
		return err->status;
	return db_end(d, depollution_record_in_transaction(d, v, in, out, err), err);
}

int depollution_check_complete(db *d, const struct vehicle *v, sy_err *err)
{
	struct dep_status s;
	if (depollution_status(d, v, &s, err) != SY_OK)
		return err->status;
	if (s.complete)
		return SY_OK;
	return sy_fail(err, SY_INVALID, "depollution",
		       _("pretreatment of %s is not complete, so nothing may be dismantled yet; still to do: %s"), v->stock_no,
		       s.missing);
}

/* ---- corrections ---- */

static int dependants(db *d, const struct vehicle *v, const struct dep_step *s, char *out, size_t size, sy_err *err)
{
	struct dep_status st;
	*out = '\0';
	if (depollution_status(d, v, &st, err) != SY_OK)
		return err->status;
	for (int i = 0; i < st.n; i++) {
		const struct dep_item *it = &st.items[i];
		if (!recorded(it) || it->step == s)
			continue;
		int depends = st.hv && strcmp(s->code, "hv_discharge") == 0 && it->step->applies != DEP_HV;
		for (int k = 0; k < 3 && it->step->needs[k] && !depends; k++)
			depends = strcmp(it->step->needs[k], s->code) == 0;
		if (depends)
			append(out, size, sy_list_sep(), dep_step_label(it->step));
	}
	return SY_OK;
}

int depollution_undo(db *d, const struct vehicle *v, const char *step, const char *reason, sy_err *err)
{
	struct dep_record r;
	char why[256], later[400];
	const struct dep_step *s = dep_step_find(step);
	if (!s)
		return list_steps(v, step, err);
	if (input_text(reason, 200, why, sizeof why, "reason", err) != SY_OK)
		return err->status;
	if (!*why) {
		sy_fail(err, SY_INVALID, "reason", _("say why the record is taken back"));
		return sy_hint(err, "--reason TEXT");
	}
	if (db_begin(d, err) != SY_OK)
		return err->status;
	int rc = depollution_get(d, v->id, s->code, &r, err);
	if (rc == SY_OK)
		rc = dependants(d, v, s, later, sizeof later, err);
	if (rc == SY_OK && *later)
		rc = sy_fail(err, SY_INVALID, "step", _("%s cannot be taken back: recorded after it: %s"), dep_step_label(s), later);
	if (rc == SY_OK) {
		/* Parts released by this step, or any dismantled part once pretreatment was complete. */
		char *part = db_text(d, err,
				     "SELECT p.part_no FROM parts p JOIN part_kinds k ON k.code = p.kind WHERE p.vehicle_id = ?"
				     " AND (k.step = ? OR (k.step IS NULL AND ?)) LIMIT 1",
				     "Iti", v->id, s->code, s->required);
		if (part)
			rc = sy_fail(err, SY_INVALID, "step", _("%s cannot be taken back: part %s was dismantled after it"),
				     dep_step_label(s), part);
		free(part);
	}
	if (rc == SY_OK)
		rc = waste_unfill_in_transaction(d, v->id, s->code, err);
	if (rc == SY_OK)
		rc = db_exec(d, err, "DELETE FROM depollution WHERE id = ?", "I", r.id);
	char pack[32];
	if (rc == SY_OK && strcmp(s->code, "battery_handover") == 0)
		removed_pack(d, v, pack, sizeof pack);
	if (rc == SY_OK && strcmp(s->code, "battery_handover") == 0)
		rc = db_exec(d, err,
			     "UPDATE depollution SET recipient = NULL, recipient_kind = NULL, recipient_code = NULL,"
			     " handed_over = NULL WHERE vehicle_id = ? AND step = 'traction_battery'",
			     "I", v->id);
	if (rc == SY_OK) {
		char *old_json = record_json(v, &r);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "reason", why);
		char *new_json = input_json_text(o);
		rc = audit_append(d, err, "depollution", r.id, "undo", old_json, new_json);
		free(old_json);
		free(new_json);
	}
	/* the pack did not leave after all: its report is no longer owed */
	if (rc == SY_OK && strcmp(s->code, "battery_handover") == 0) {
		char *why = xasprintf(_("the hand-over was taken back: %s"), reason);
		rc = filing_withdraw(d, v->id, "battery_outbound", pack, why, err);
		free(why);
	}
	return db_end(d, rc, err);
}

/* ---- JSON ---- */

cJSON *dep_record_to_json(const struct dep_record *r)
{
	cJSON *o = cJSON_CreateObject();
	input_json_str(o, "step", r->step);
	cJSON_AddBoolToObject(o, "not_present", r->absent);
	if (r->has_qty)
		cJSON_AddNumberToObject(o, "qty", r->qty);
	else
		cJSON_AddNullToObject(o, "qty");
	input_json_str(o, "unit", r->unit);
	input_json_str(o, "container", r->container);
	input_json_str(o, "detail", r->detail);
	input_json_str(o, "battery_code", r->battery_code);
	input_json_str(o, "recipient", r->recipient);
	input_json_str(o, "recipient_kind", r->recipient_kind);
	input_json_str(o, "recipient_code", r->recipient_code);
	input_json_str(o, "handed_over", r->handed_over);
	input_json_str(o, "notes", r->notes);
	input_json_str(o, "done_by", r->done_by);
	input_json_str(o, "done_at", r->done_at);
	input_json_str(o, "recorded_by", r->recorded_by);
	return o;
}

cJSON *dep_status_to_json(const struct dep_status *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "vehicle_id", (double)s->vehicle_id);
	cJSON_AddBoolToObject(o, "nev", s->nev);
	cJSON_AddBoolToObject(o, "high_voltage", s->hv);
	cJSON_AddBoolToObject(o, "complete", s->complete);
	cJSON *missing = cJSON_AddArrayToObject(o, "missing");
	cJSON *steps = cJSON_AddArrayToObject(o, "steps");
	for (int i = 0; i < s->n; i++) {
		const struct dep_item *it = &s->items[i];
		cJSON *step = recorded(it) ? dep_record_to_json(&it->rec) : cJSON_CreateObject();
		if (!recorded(it)) {
			cJSON_AddStringToObject(step, "step", it->step->code);
			if (it->step->required)
				cJSON_AddItemToArray(missing, cJSON_CreateString(it->step->code));
		}
		cJSON_AddStringToObject(step, "label", dep_step_label(it->step));
		cJSON_AddStringToObject(step, "state", dep_state_name(it->state));
		input_json_str(step, "reason", it->reason);
		cJSON_AddBoolToObject(step, "required", it->step->required);
		cJSON_AddItemToArray(steps, step);
	}
	return o;
}
