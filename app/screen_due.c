/* What the yard owes the authorities, due within three working days or late
 * (db/filing.h), late ones highlighted; F4 shows everything owed. Enter
 * opens the vehicle, F3 what to file, F2 marks it done. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_filing.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/filing.h"
#include "forms/form.h"

enum { ACT_DONE = ACT_SCREEN, ACT_SHEET };

struct due {
	struct tui *t;
	struct tui_list list;
	int all;
	struct tui_ask ask;
	int64_t target;
};

static const struct tui_key due_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_DONE, "Done", "已办", "Mark the filing under the cursor done (asks the reference)",
	 "所选事项已办结（输入受理编号）"},
	{TUI_FN(KEY_F(3)), ACT_SHEET, "Sheet", "填报单", "What to file, in the authority's order", "按主管部门的顺序显示填报内容"},
	{TUI_FN(KEY_F(4)), ACT_ALL, "All", "全部", "Everything owed, or only what is due and late",
	 "显示全部待办事项，或仅显示到期和逾期的"},
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Open the vehicle under the cursor", "打开所选车辆"},
	{0},
};

static int keep_row(const struct filing *f, void *ctx) { return tui_list_take(ctx, f); }

static int query(void *ctx, int want, sy_err *err)
{
	struct due *d = ctx;
	struct filing_query q = {.view = d->all ? FILING_OWED : FILING_DUE, .limit = want};
	return filing_list(tui_db(d->t), &q, keep_row, &d->list, err);
}

static int same_filing(const void *a, const void *b)
{
	const struct filing *x = a, *y = b;
	return x->id == y->id;
}

static const struct tui_list_rows filing_rows = {sizeof(struct filing), query, NULL, same_filing};

static int due_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct due *d = xcalloc(1, sizeof *d);
	d->t = t;
	tui_list_init(&d->list, &filing_rows, d);
	*state = d;
	return 0;
}

static void due_close(struct tui *t, void *state)
{
	(void)t;
	struct due *d = state;
	tui_list_free(&d->list);
	free(d);
}

static int due_key(struct tui *t, void *state, int action, int key)
{
	struct due *d = state;
	const struct filing *f = tui_list_selected(&d->list);
	if (d->ask.active) {
		switch (tui_ask_key(&d->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE:
			tui_filing_done(t, &d->ask, d->target);
			break;
		case ASK_CANCEL: tui_info(t, "%s", _("Nothing changed")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	switch (action) {
	case ACT_ALL:
		d->all = !d->all;
		tui_list_reset(&d->list);
		return TUI_HANDLED;
	case ACT_OPEN:
		if (f)
			tui_push(t, &screen_vehicle, &f->vehicle_id);
		return TUI_HANDLED;
	case ACT_SHEET:
		if (f)
			tui_push(t, &screen_filing_sheet, &f->id);
		return TUI_HANDLED;
	case ACT_DONE:
		if (f)
			tui_filing_ask_done(t, &d->ask, f, &d->target);
		return TUI_HANDLED;
	default: return tui_list_key(&d->list, action);
	}
}

static int cell(int y, int x, int w, const char *text, int attr)
{
	tui_put(y, x, w + 1, text, attr);
	return x + w + 1;
}

static void row(int y, int x, int w, const char *const *v, int attr)
{
	x = cell(y, x, 10, v[0], attr);
	x = cell(y, x, 16, v[1], attr);
	x = cell(y, x, 12, v[2], attr);
	x = cell(y, x, 17, v[3], attr);
	x = cell(y, x, 9, v[4], attr);
	int rest = w - 70;
	if (rest > 0)
		tui_put(y, x, rest, v[5], attr);
}

static void due_draw(struct tui *t, void *state)
{
	struct due *d = state;
	struct tui_rect r = tui_body(t);
	d->list.stale = 1; /* read again: a filing may have been done on a screen above */
	tui_list_refresh(&d->list, r.h - 2);
	const char *what = d->all ? _("Everything owed to the authorities (F4: only what is due and late)")
				  : _("Due within three working days or late (F4: everything owed)");
	if (d->list.error[0])
		tui_put(r.y, r.x + 1, r.w - 2, d->list.error, tui_style(STYLE_LATE));
	else
		tui_put(r.y, r.x + 1, r.w - 2, what, A_BOLD);
	const char *head[] = {_("Due"), _("Deadline"), _("Stock no."), form_label(form_find(&form_intake, "vin")),
			      form_label(form_find(&form_intake, "plate")), ""};
	tui_put(r.y + 1, r.x, r.w, "", tui_style(STYLE_HEADER));
	row(r.y + 1, r.x + 1, r.w - 1, head, tui_style(STYLE_HEADER));
	for (int i = 0; i < d->list.count; i++) {
		const struct filing *f = tui_list_row(&d->list, i);
		int sel = tui_list_is_selected(&d->list, i);
		int attr = sel ? tui_style(STYLE_SELECTED) : f->late ? tui_style(STYLE_LATE) : (int)A_NORMAL;
		const char *v[] = {f->due, filing_kind_short(f->kind), f->stock_no, f->vin, f->plate, f->late ? _("LATE") : ""};
		tui_put(r.y + 2 + i, r.x, r.w, "", attr);
		row(r.y + 2 + i, r.x + 1, r.w - 1, v, attr);
	}
	if (d->list.count == 0 && !d->list.error[0])
		tui_put(r.y + 3, r.x + 2, r.w - 4, d->all ? _("Nothing is owed.") : _("Nothing is due."), A_BOLD);
	if (d->ask.active)
		tui_ask_draw(t, &d->ask);
}

static int due_unsaved(void *state)
{
	const struct due *d = state;
	return d->ask.active;
}

const struct screen_ops screen_due = {
	.name = "due",
	.title_en = "Due",
	.title_zh = "到期事项",
	.keys = due_keys,
	.base = keys_list,
	.open = due_open,
	.draw = due_draw,
	.key = due_key,
	.close = due_close,
	.unsaved = due_unsaved,
};
