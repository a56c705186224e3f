/* Deadlines due within three working days or late (vehicle_deadlines), late
 * ones highlighted; F4 shows every open deadline. Enter opens the vehicle. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/form.h"

struct due {
	struct tui *t;
	struct tui_list list;
	int all;
};

static const struct tui_key due_keys[] = {
	{TUI_FN(KEY_F(4)), ACT_ALL, "All", "全部", "Every open deadline, or only those due and late",
	 "显示全部未完成期限，或仅显示到期和逾期的"},
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Open the vehicle under the cursor", "打开所选车辆"},
	{0},
};

static int keep_row(const struct deadline *dl, void *ctx) { return tui_list_take(ctx, dl); }

static int query(void *ctx, int want, sy_err *err)
{
	struct due *d = ctx;
	(void)want; /* the deadline list is short: the list stops it */
	return vehicle_deadlines(tui_db(d->t), d->all, keep_row, &d->list, err);
}

static int same_deadline(const void *a, const void *b)
{
	const struct deadline *x = a, *y = b;
	return x->vehicle_id == y->vehicle_id && strcmp(x->what, y->what) == 0;
}

static const struct tui_list_rows deadline_rows = {sizeof(struct deadline), query, NULL, same_deadline};

static int due_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct due *d = xcalloc(1, sizeof *d);
	d->t = t;
	tui_list_init(&d->list, &deadline_rows, d);
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
	(void)key;
	struct due *d = state;
	if (action == ACT_ALL) {
		d->all = !d->all;
		tui_list_reset(&d->list);
		return TUI_HANDLED;
	}
	if (action == ACT_OPEN) {
		const struct deadline *dl = tui_list_selected(&d->list);
		if (dl)
			tui_push(t, &screen_vehicle, &dl->vehicle_id);
		return TUI_HANDLED;
	}
	return tui_list_key(&d->list, action);
}

static const char *what_label(const char *what)
{
	return strcmp(what, "deregistration") == 0 ? _("Deregistration") : _("Battery report");
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
	tui_list_refresh(&d->list, r.h - 2);
	const char *what = d->all ? _("Every open deadline (F4: only those due and late)")
				  : _("Due within three working days or late (F4: every open deadline)");
	if (d->list.error[0])
		tui_put(r.y, r.x + 1, r.w - 2, d->list.error, tui_style(STYLE_LATE));
	else
		tui_put(r.y, r.x + 1, r.w - 2, what, A_BOLD);
	const char *head[] = {_("Due"), _("Deadline"), _("Stock no."), form_label(form_find(&form_intake, "vin")),
			      form_label(form_find(&form_intake, "plate")), ""};
	tui_put(r.y + 1, r.x, r.w, "", tui_style(STYLE_HEADER));
	row(r.y + 1, r.x + 1, r.w - 1, head, tui_style(STYLE_HEADER));
	for (int i = 0; i < d->list.count; i++) {
		const struct deadline *dl = tui_list_row(&d->list, i);
		int sel = tui_list_is_selected(&d->list, i);
		int attr = sel ? tui_style(STYLE_SELECTED) : dl->late ? tui_style(STYLE_LATE) : (int)A_NORMAL;
		const char *v[] = {dl->due, what_label(dl->what), dl->stock_no, dl->vin, dl->plate, dl->late ? _("LATE") : ""};
		tui_put(r.y + 2 + i, r.x, r.w, "", attr);
		row(r.y + 2 + i, r.x + 1, r.w - 1, v, attr);
	}
	if (d->list.count == 0 && !d->list.error[0])
		tui_put(r.y + 3, r.x + 2, r.w - 4, d->all ? _("No open deadlines.") : _("Nothing is due."), A_BOLD);
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
};
