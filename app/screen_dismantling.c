/* The dismantling checklist of one vehicle: the pretreatment steps of
 * GB 22128 that apply to it, in order, each done / not present / next / open
 * / blocked with the reason, and the progress. Enter records the step under
 * the cursor, asking only what that step takes (quantity, unit, container,
 * state, battery code, recipient); db/depollution enforces every rule and its
 * refusals come back on the status line. F7 opens part entry for the vehicle. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_list.h"
#include "app/tui_ask.h"
#include "db/depollution.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle.h"

enum { ACT_RECORD = ACT_SCREEN, ACT_ABSENT, ACT_PARTS };

/* What each line of the question box feeds in struct dep_input. */
enum ask_slot { SLOT_QTY, SLOT_UNIT, SLOT_CONTAINER, SLOT_DETAIL, SLOT_BATTERY, SLOT_RECIPIENT, SLOT_RKIND,
		SLOT_RCODE };

struct dismantling {
	struct vehicle v;
	struct dep_status st;
	int sel, top, page; /* page: step rows on screen at the last draw */
	struct tui_ask ask;
	const struct dep_step *asking; /* the step the box is about */
	int absent;
	enum ask_slot slot[TUI_ASK_MAX];
};

static const struct tui_key dismantling_keys[] = {
	{TUI_ENTER, ACT_RECORD, NULL, NULL, "Record the step under the cursor", "记录所选步骤"},
	{TUI_FN(KEY_F(4)), ACT_ABSENT, "Absent", "无此项", "Record the step as not present on this vehicle",
	 "记录本车无此项"},
	{TUI_FN(KEY_F(7)), ACT_PARTS, "Parts", "零部件", "Enter parts taken from this vehicle", "登记本车拆下的零部件"},
	{0},
};

static int reload(struct tui *t, struct dismantling *s)
{
	sy_err err = {0};
	if (vehicle_get(tui_db(t), s->v.id, &s->v, &err) != SY_OK ||
	    depollution_status(tui_db(t), &s->v, &s->st, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return -1;
	}
	if (s->sel >= s->st.n)
		s->sel = s->st.n ? s->st.n - 1 : 0;
	return 0;
}

/* The step to put the cursor on: the next one, else the first open one. */
static void select_next(struct dismantling *s)
{
	for (int i = 0; i < s->st.n; i++)
		if (s->st.items[i].state == DEP_NEXT) {
			s->sel = i;
			return;
		}
}

static int dismantling_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct dismantling *s = xcalloc(1, sizeof *s);
	if (!arg) {
		free(s);
		return -1;
	}
	s->v.id = *(const int64_t *)arg;
	if (reload(t, s) != 0) {
		free(s);
		return -1;
	}
	select_next(s);
	*state = s;
	return 0;
}

static void dismantling_close(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

static void add_line(struct dismantling *s, enum ask_slot slot, const char *label, const char *value,
		     const char *hint, int max)
{
	int i = tui_ask_add(&s->ask, label, value, hint, max);
	if (i >= 0)
		s->slot[i] = slot;
}

/* The names of the choices in the interface language, to type one of them. */
static void join_choices(const struct code_label *choices, char *out, size_t outsz)
{
	*out = '\0';
	for (const struct code_label *c = choices; c && c->code; c++) {
		if (c != choices)
			strncat(out, " | ", outsz - strlen(out) - 1);
		strncat(out, sy_pick(c->en, c->zh), outsz - strlen(out) - 1);
	}
}

static void ask_step(struct tui *t, struct dismantling *s, int absent)
{
	const struct dep_item *it = &s->st.items[s->sel];
	const struct dep_step *st = it->step;
	char title[160], hint[160];
	if (it->state == DEP_DONE || it->state == DEP_ABSENT) {
		tui_error(t, _("%s is already recorded"), dep_step_label(st));
		return;
	}
	if (it->state == DEP_BLOCKED) {
		tui_error(t, "%s", it->reason);
		return;
	}
	if (absent && !st->absent_ok) {
		tui_error(t, _("%s cannot be recorded as not present"), dep_step_label(st));
		return;
	}
	snprintf(title, sizeof title, absent ? _("%s: not present on this vehicle?") : "%s", dep_step_label(st));
	tui_ask_start(&s->ask, 0, title);
	s->asking = st;
	s->absent = absent;
	if (absent)
		return;
	if (st->qty != DEP_QTY_NONE) {
		/* A drained or recovered amount may be 0 (an empty system); what is
		 * removed (a battery, a catalyst) always weighs something. */
		int empty_ok = (st->units & DEP_UNIT_L) || st->detail == DEP_DETAIL_REFRIGERANT;
		const char *hint = st->qty != DEP_QTY_REQUIRED ? _("Weight, when the scale is at hand; may stay empty")
				   : empty_ok			? _("Drained or recovered amount; 0 for an empty system")
								: _("Weight of what was removed, in kg (more than 0)");
		add_line(s, SLOT_QTY, _("Quantity"), "", hint, 12);
	}
	if (st->units == (DEP_UNIT_L | DEP_UNIT_KG))
		add_line(s, SLOT_UNIT, _("Unit (l/kg)"), "l", _("l for litres, kg for kilograms"), 3);
	if (st->waste_code) {
		snprintf(hint, sizeof hint, _("Waste container code; empty: the open container of %s"), st->waste_code);
		add_line(s, SLOT_CONTAINER, _("Container"), "", hint, 30);
	}
	if (st->detail != DEP_DETAIL_NONE) {
		join_choices(dep_detail_choices(st->detail), hint, sizeof hint);
		add_line(s, SLOT_DETAIL,
			 st->detail == DEP_DETAIL_REFRIGERANT	? _("Refrigerant type")
			 : st->detail == DEP_DETAIL_INSULATION ? _("Result")
								: _("State"),
			 "", hint, 20);
	}
	if (st->detail == DEP_DETAIL_BATTERY)
		add_line(s, SLOT_BATTERY, _("Battery code"), s->v.battery_code, _("The 24-character code on the pack"), 24);
	if (strcmp(st->code, "battery_handover") == 0) {
		add_line(s, SLOT_RECIPIENT, _("Recipient"), "", _("Who received the traction battery"), 60);
		join_choices(dep_recipient_kinds, hint, sizeof hint);
		add_line(s, SLOT_RKIND, _("Recipient kind"), "", hint, 40);
		add_line(s, SLOT_RCODE, _("Credit code"), "", _("The recipient's unified social credit code (optional)"),
			 18);
	}
}

static const char *const slot_fields[][3] = {
	[SLOT_QTY] = {"qty", NULL, NULL},
	[SLOT_UNIT] = {"unit", NULL, NULL},
	[SLOT_CONTAINER] = {"container", NULL, NULL},
	[SLOT_DETAIL] = {"state", "type", "result"},
	[SLOT_BATTERY] = {"code", "battery_code", "battery-code"},
	[SLOT_RECIPIENT] = {"recipient", NULL, NULL},
	[SLOT_RKIND] = {"recipient-kind", "recipient_kind", NULL},
	[SLOT_RCODE] = {"credit-code", "recipient_code", "recipient-code"},
};

/* After a refusal: the box again, with the line at fault in focus. */
static void refocus(struct dismantling *s, const char *field)
{
	s->ask.active = 1;
	for (int i = 0; i < s->ask.n; i++)
		for (int k = 0; k < 3; k++)
			if (slot_fields[s->slot[i]][k] && strcmp(slot_fields[s->slot[i]][k], field) == 0) {
				tui_ask_focus(&s->ask, i);
				return;
			}
}

static void record(struct tui *t, struct dismantling *s)
{
	char text[TUI_ASK_MAX][512];
	struct dep_input in = {.step = s->asking->code, .absent = s->absent};
	sy_err err = {0};
	for (int i = 0; i < s->ask.n; i++) {
		tui_ask_text(&s->ask, i, text[i], sizeof text[i]);
		const char *v = *text[i] ? text[i] : NULL;
		switch (s->slot[i]) {
		case SLOT_QTY:
			if (v) {
				char *end;
				in.qty = strtod(v, &end);
				if (*end) {
					tui_error(t, _("Quantity: type a number such as 4.5"));
					refocus(s, "qty");
					return;
				}
				in.has_qty = 1;
			}
			break;
		case SLOT_UNIT: in.unit = v; break;
		case SLOT_CONTAINER: in.container = v; break;
		case SLOT_DETAIL: in.detail = v; break;
		case SLOT_BATTERY: in.battery_code = v; break;
		case SLOT_RECIPIENT: in.recipient = v; break;
		case SLOT_RKIND: in.recipient_kind = v; break;
		case SLOT_RCODE: in.recipient_code = v; break;
		}
	}
	struct dep_record rec;
	if (depollution_record(tui_db(t), &s->v, &in, &rec, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		if (s->ask.n)
			refocus(s, err.field);
		return;
	}
	const char *label = dep_step_label(s->asking);
	if (reload(t, s) != 0)
		return;
	select_next(s);
	if (s->st.complete)
		tui_info(t, _("%s recorded. Pretreatment is complete: the vehicle may be dismantled (F7: parts)"), label);
	else
		tui_info(t, _("%s recorded"), label);
}

static int dismantling_key(struct tui *t, void *state, int action, int key)
{
	struct dismantling *s = state;
	if (s->ask.active) {
		switch (tui_ask_key(&s->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE: record(t, s); break;
		case ASK_CANCEL: tui_info(t, _("Nothing recorded")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	switch (action) {
	case ACT_RECORD: if (s->st.n) ask_step(t, s, 0); return TUI_HANDLED;
	case ACT_ABSENT: if (s->st.n) ask_step(t, s, 1); return TUI_HANDLED;
	case ACT_PARTS: tui_push(t, &screen_part_entry, &s->v.id); return TUI_HANDLED;
	default: return tui_list_move(&s->sel, s->st.n, s->page, action);
	}
}

static int done_count(const struct dep_status *st)
{
	int n = 0;
	for (int i = 0; i < st->n; i++)
		n += st->items[i].state == DEP_DONE || st->items[i].state == DEP_ABSENT;
	return n;
}

static const char *state_label(enum dep_state st)
{
	switch (st) {
	case DEP_DONE: return C_("step", "done");
	case DEP_ABSENT: return _("not present");
	case DEP_NEXT: return _("next");
	case DEP_OPEN: return C_("step", "open");
	default: return _("blocked");
	}
}

/* What the record says, short: not present, quantity, container, state, recipient, date. */
static void record_summary(const struct dep_item *it, char *out, size_t outsz)
{
	const struct dep_record *r = &it->rec;
	char qty[32] = "";
	if (r->has_qty)
		snprintf(qty, sizeof qty, "%g %s", r->qty, r->unit);
	const char *parts[] = {"", qty, r->container, dep_detail_label(it->step->detail, r->detail), r->recipient};
	*out = '\0';
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (*parts[i])
			snprintf(out + strlen(out), outsz - strlen(out), "%s  ", parts[i]);
	snprintf(out + strlen(out), outsz - strlen(out), "%.10s", r->done_at);
}

static void dismantling_draw(struct tui *t, void *state)
{
	struct dismantling *s = state;
	struct tui_rect r = tui_body(t);
	char text[600];
	snprintf(text, sizeof text, "%s  %s  %s  %s", s->v.stock_no, s->v.vin, s->v.plate, s->v.brand_model);
	tui_put(r.y, r.x + 1, r.w - 2, text, A_BOLD);
	snprintf(text, sizeof text, _("Pretreatment (GB 22128): %d/%d done"), done_count(&s->st), s->st.n);
	if (s->st.complete)
		snprintf(text + strlen(text), sizeof text - strlen(text), "  %s", _("complete: may be dismantled"));
	tui_put(r.y + 1, r.x + 1, r.w - 2, text, s->st.complete ? tui_style(STYLE_INFO) : tui_style(STYLE_HINT));
	int sw = 0;
	for (int i = 0; i < s->st.n; i++) {
		int w = tui_width(dep_step_label(s->st.items[i].step));
		if (w > sw)
			sw = w;
	}
	if (sw > r.w / 2)
		sw = r.w / 2;
	int stw = 12, rows = r.h - 4;
	s->page = rows;
	if (s->sel < s->top)
		s->top = s->sel;
	if (s->sel >= s->top + rows)
		s->top = s->sel - rows + 1;
	tui_put(r.y + 2, r.x, r.w, "", tui_style(STYLE_HEADER));
	tui_put(r.y + 2, r.x + 4, sw + 1, _("Step"), tui_style(STYLE_HEADER));
	tui_put(r.y + 2, r.x + 5 + sw, stw, _("State"), tui_style(STYLE_HEADER));
	tui_put(r.y + 2, r.x + 5 + sw + stw, r.w - 5 - sw - stw, _("Recorded / why blocked"), tui_style(STYLE_HEADER));
	for (int i = s->top; i < s->st.n && i - s->top < rows; i++) {
		const struct dep_item *it = &s->st.items[i];
		int y = r.y + 3 + i - s->top, sel = i == s->sel;
		int attr = sel ? tui_style(STYLE_SELECTED) : (int)A_NORMAL;
		int sattr = attr;
		if (!sel && it->state == DEP_BLOCKED)
			sattr = tui_style(STYLE_LATE);
		else if (!sel && it->state == DEP_NEXT)
			sattr = tui_style(STYLE_MARK) | A_BOLD;
		snprintf(text, sizeof text, "%2d", i + 1);
		tui_put(y, r.x, 4, text, attr);
		tui_put(y, r.x + 4, sw, dep_step_label(it->step), attr);
		tui_put(y, r.x + 4 + sw, 1, "", attr); /* a label cut to fit keeps its gap */
		tui_put(y, r.x + 5 + sw, stw, state_label(it->state), sattr);
		if (it->state == DEP_DONE || it->state == DEP_ABSENT)
			record_summary(it, text, sizeof text);
		else if (it->state == DEP_BLOCKED)
			sy_strlcpy(text, it->reason, sizeof text);
		else
			text[0] = '\0';
		tui_put(y, r.x + 5 + sw + stw, r.w - 5 - sw - stw, text, attr);
	}
	if (s->top > 0)
		tui_scroll_mark(r.y + 3, r.x + r.w - 1, 1);
	if (s->top + rows < s->st.n)
		tui_scroll_mark(r.y + 2 + rows, r.x + r.w - 1, 0);
	if (s->st.n) {
		const struct dep_item *it = &s->st.items[s->sel];
		if (it->state == DEP_BLOCKED)
			tui_put(r.y + r.h - 1, r.x + 1, r.w - 2, it->reason, tui_style(STYLE_LATE));
		else
			tui_put(r.y + r.h - 1, r.x + 1, r.w - 2,
				_("Enter: record the step under the cursor  F4: not present  F7: parts"), tui_style(STYLE_HINT));
	}
	if (s->ask.active)
		tui_ask_draw(t, &s->ask);
}

static int dismantling_unsaved(void *state)
{
	const struct dismantling *s = state;
	return s->ask.active;
}

const struct screen_ops screen_dismantling = {
	.name = "dismantling",
	.title_en = "Dismantling",
	.title_zh = "拆解记录",
	.keys = dismantling_keys,
	.base = keys_list,
	.open = dismantling_open,
	.draw = dismantling_draw,
	.key = dismantling_key,
	.close = dismantling_close,
	.unsaved = dismantling_unsaved,
};
