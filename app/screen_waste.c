/* The hazardous waste ledger by container: code, waste, quantity and state
 * (generated and being filled / in store / shipped), newest first, only the
 * rows on screen. F2 adds a generation (code, quantity, unit, container: the
 * open container of the code when left empty), F3 takes the container under
 * the cursor into store, F4 shows its label (HJ 1276-2022) to print. db/waste
 * keeps the rules. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_ask.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/waste.h"
#include "forms/label.h"

enum { ACT_ADD = ACT_SCREEN, ACT_STORE, ACT_LABEL };
enum { ASK_ADD = 1, ASK_STORE };

struct waste_screen {
	struct tui_list_screen base;
	char target[32];
};

static const struct tui_key waste_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_ADD, "Add", "登记", "Add waste to a container (a new one, or the open one of its code)",
	 "登记危险废物（新容器，或该代码正在装的容器）"},
	{TUI_FN(KEY_F(3)), ACT_STORE, "Store", "入库", "Take the container under the cursor into store",
	 "所选容器入库贮存"},
	{TUI_FN(KEY_F(4)), ACT_LABEL, "Label", "标签", "Show the label of the container under the cursor (F3 there prints it)",
	 "显示所选容器的标签（在那里按 F3 打印）"},
	{0},
};

static int keep_row(const struct waste *w, void *ctx) { return tui_list_take(ctx, w); }

static int query(void *ctx, int want, sy_err *err)
{
	struct waste_screen *s = ctx;
	struct waste_filter f = {.limit = want};
	return waste_list(tui_db(s->base.t), &f, keep_row, &s->base.list, err);
}

static const struct tui_list_screen_def waste_list_def = {
	sizeof(struct waste_screen), {sizeof(struct waste), query, NULL, offsetof(struct waste, id)}, 0, NULL};


static void add_now(struct tui *t, struct waste_screen *s)
{
	char code[64], qty[32], unit[8], container[64], *end;
	struct waste w;
	sy_err err = {0};
	tui_ask_text(&s->base.ask, 0, code, sizeof code);
	tui_ask_text(&s->base.ask, 1, qty, sizeof qty);
	tui_ask_text(&s->base.ask, 2, unit, sizeof unit);
	tui_ask_text(&s->base.ask, 3, container, sizeof container);
	struct waste_input in = {.code = code, .unit = *unit ? unit : NULL, .container = *container ? container : NULL};
	in.qty = strtod(qty, &end);
	if (!*qty || *end) {
		tui_error(t, "%s", _("Quantity: type a number such as 20"));
		s->base.ask.active = 1;
		tui_ask_focus(&s->base.ask, 1);
		return;
	}
	if (waste_add(tui_db(t), &in, &w, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		s->base.ask.active = 1;
		return;
	}
	tui_info(t, _("%g %s of %s in container %s"), in.qty, w.unit, w.code,
		 w.container_code);
	tui_list_keep(&s->base.list, &w);
}

static void store_now(struct tui *t, struct waste_screen *s)
{
	char where[64];
	sy_err err = {0};
	tui_ask_text(&s->base.ask, 0, where, sizeof where);
	if (waste_store(tui_db(t), s->target, *where ? where : NULL, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		s->base.ask.active = 1;
		return;
	}
	tui_info(t, _("Container %s is in store"), s->target);
	tui_list_keep(&s->base.list, NULL);
}

static int waste_key(struct tui *t, void *state, int action, int key)
{
	struct waste_screen *s = state;
	if (s->base.ask.active) {
		switch (tui_ask_key(&s->base.ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE: s->base.ask.purpose == ASK_ADD ? add_now(t, s) : store_now(t, s); break;
		case ASK_CANCEL: tui_info(t, "%s", C_("waste", "Nothing changed")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	if (action == ACT_ADD) {
		tui_ask_start(&s->base.ask, ASK_ADD, _("Add hazardous waste"));
		tui_ask_add(&s->base.ask, C_("waste", "Code"), "",
			    _("HW08 oils, HW31 lead batteries, HW49 filters, HW50 catalysts, or a full code (900-214-08)"),
			    24);
		tui_ask_add(&s->base.ask, _("Quantity"), "", NULL, 12);
		tui_ask_add(&s->base.ask, _("Unit"), "", _("kg, l, t or pcs; empty: the code's unit"), 4);
		tui_ask_add(&s->base.ask, _("Container"), "",
			    _("Empty: the open container of this code, or a new one"),
			    30);
		return TUI_HANDLED;
	}
	if (action == ACT_LABEL) {
		const struct waste *w = tui_list_selected(&s->base.list);
		struct label_ref ref = {LABEL_WASTE, w ? w->container_code : NULL};
		if (!w)
			tui_error(t, "%s", _("No container chosen"));
		else
			tui_push(t, &screen_label_preview, &ref);
		return TUI_HANDLED;
	}
	if (action == ACT_STORE) {
		const struct waste *w = tui_list_selected(&s->base.list);
		if (!w) {
			tui_error(t, "%s", _("No container chosen"));
			return TUI_HANDLED;
		}
		char title[160];
		sy_strlcpy(s->target, w->container_code, sizeof s->target);
		snprintf(title, sizeof title, _("Container %s into store"), s->target);
		tui_ask_start(&s->base.ask, ASK_STORE, title);
		tui_ask_add(&s->base.ask, _("Where"), "", _("Place in the store (optional)"),
			    30);
		return TUI_HANDLED;
	}
	return tui_list_key(&s->base.list, action);
}

static const struct tui_column columns[] = {{15, 0}, {12, 0}, {0, 0}, {9, 1}, {9, 0}, {10, 0}};

static void waste_draw(struct tui *t, void *state)
{
	struct waste_screen *s = state;
	struct tui_rect r = tui_body(t);
	tui_list_refresh(&s->base.list, r.h - 2);
	const char *head[] = {_("Container"), C_("column", "Code"), _("Waste"),
			      _("Quantity"), _("State"), _("Generated")};
	tui_list_draw_head(&s->base.list, r.y, r.x, r.w,
			   _("Containers, newest first. F2: add waste  F3: into store  F4: label"), tui_style(STYLE_HINT),
			   columns, 6, head);
	for (int i = 0; i < s->base.list.count; i++) {
		const struct waste *w = tui_list_row(&s->base.list, i);
		int attr = tui_list_is_selected(&s->base.list, i) ? tui_style(STYLE_SELECTED) : (int)A_NORMAL;
		char qty[32], date[11];
		snprintf(qty, sizeof qty, "%g %s", w->qty, w->unit);
		snprintf(date, sizeof date, "%.10s", w->generated_at);
		const char *v[] = {w->container_code, w->code, waste_name(w), qty, code_label(waste_states, w->state), date};
		tui_list_draw_row(r.y + 2 + i, r.x, r.w, columns, 6, v, attr);
	}
	tui_list_screen_draw_end(t, &s->base, r.y + 3, r.x, r.w,
				 _("No hazardous waste recorded yet."));
}

const struct screen_ops screen_waste = {
	.name = "waste",
	.title_en = "Hazardous waste",
	.title_zh = "危险废物",
	.keys = waste_keys,
	.base = keys_list,
	.data = &waste_list_def,
	.open = tui_list_screen_open,
	.draw = waste_draw,
	.key = waste_key,
	.close = tui_list_screen_close,
	.unsaved = tui_list_screen_unsaved,
};
