/* Find a vehicle: any fragment of VIN, plate, stock number or owner, searched
 * again on every keystroke (vehicle_search answers at once even on a million
 * vehicles) for the rows on screen only. Enter opens the vehicle. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_edit.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/form.h"

struct search_row {
	int64_t id;
	char stock_no[16], vin[18], plate[16], owner[128], received[11], brand[128], status[12];
};

struct search {
	struct tui_list_screen base;
};

static const struct tui_key search_keys[] = {
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Open the vehicle under the cursor", "打开所选车辆"},
	{TUI_FN(KEY_HOME), ACT_NONE, NULL, NULL, "Start of the search text", "移到查找内容开头"},
	{TUI_FN(KEY_END), ACT_NONE, NULL, NULL, "End of the search text", "移到查找内容末尾"},
	{TUI_FN(KEY_BACKSPACE), ACT_NONE, NULL, NULL, "Delete a character of the search text", "删除查找内容中的一个字"},
	{TUI_CTRL('u'), ACT_NONE, NULL, NULL, "Clear the search text", "清除查找内容"},
	{0},
};

static int keep_row(const struct vehicle *v, void *ctx) { return tui_list_take(ctx, v); }

static void copy_row(void *to, const void *from)
{
	struct search_row *r = to;
	const struct vehicle *v = from;
	r->id = v->id;
	sy_strlcpy(r->stock_no, v->stock_no, sizeof r->stock_no);
	sy_strlcpy(r->vin, v->vin, sizeof r->vin);
	sy_strlcpy(r->plate, v->plate, sizeof r->plate);
	sy_strlcpy(r->owner, v->owner_name, sizeof r->owner);
	sy_strlcpy(r->received, v->received_date, sizeof r->received);
	sy_strlcpy(r->brand, v->brand_model, sizeof r->brand);
	sy_strlcpy(r->status, v->status, sizeof r->status);
}


static int query(void *ctx, int want, sy_err *err)
{
	struct search *s = ctx;
	char text[TUI_EDIT_MAX * 4];
	tui_edit_text(&s->base.text, text, sizeof text);
	return vehicle_search(tui_db(s->base.t), text, want, keep_row, &s->base.list, err);
}

static const struct tui_list_screen_def search_list = {
	sizeof(struct search), {sizeof(struct search_row), query, copy_row, offsetof(struct search_row, id)}, 1, NULL};


static int search_key(struct tui *t, void *state, int action, int key)
{
	struct search *s = state;
	if (action == ACT_OPEN) {
		const struct search_row *row = tui_list_selected(&s->base.list);
		if (row) {
			s->base.list.stale = 1; /* corrected, closed or cancelled there: shown as it is on return */
			tui_push(t, &screen_vehicle, &row->id);
		} else
			tui_error(t, _("No vehicle to open: type part of a VIN, plate, stock number or owner"));
		return TUI_HANDLED;
	}
	return tui_list_screen_key(&s->base, action, key);
}

static const char *label(const char *key) { return form_label(form_find(&form_intake, key)); }

struct columns {
	int stock, vin, plate, received, owner, brand, status;
};

/* Column widths in cells for a window w wide; the owner takes what is left. */
static struct columns layout(int w)
{
	struct columns c = {12, 17, 9, 10, 0, 0, 0};
	int fixed = c.stock + c.vin + c.plate + c.received + 5;
	if (w >= 110) {
		c.status = 8;
		c.brand = (w - fixed - c.status - 2) / 2;
		fixed += c.status + c.brand + 2;
	}
	c.owner = w - fixed - 1;
	return c;
}

/* Put cells of a row left to right; returns the next column. */
static int cell(int y, int x, int w, const char *text, int attr)
{
	if (w <= 0)
		return x;
	tui_put(y, x, w, text, attr);
	tui_put(y, x + w, 1, "", attr);
	return x + w + 1;
}

static void draw_row(int y, int x, const struct columns *c, const char *const *v, int attr)
{
	x = cell(y, x, c->stock, v[0], attr);
	x = cell(y, x, c->vin, v[1], attr);
	x = cell(y, x, c->plate, v[2], attr);
	x = cell(y, x, c->received, v[3], attr);
	x = cell(y, x, c->owner, v[4], attr);
	x = cell(y, x, c->brand, v[5], attr);
	cell(y, x, c->status, v[6], attr);
}

static const char *status_label(const char *status)
{
	if (strcmp(status, "open") == 0)
		return _("open");
	if (strcmp(status, "closed") == 0)
		return _("closed");
	if (strcmp(status, "cancelled") == 0)
		return _("cancelled");
	return status;
}

static void search_draw(struct tui *t, void *state)
{
	struct search *s = state;
	struct tui_rect r = tui_body(t);
	const char *prompt = _("Search:");
	int pw = tui_width(prompt);
	tui_put(r.y, r.x + 1, pw + 1, prompt, A_BOLD);
	int cx = tui_edit_draw(&s->base.text, r.y, r.x + pw + 2, 42, tui_style(STYLE_FIELD_FOCUS));
	tui_cursor(t, r.y, cx);
	tui_list_refresh(&s->base.list, r.h - 3);
	if (s->base.list.error[0])
		tui_put(r.y + 1, r.x + 1, r.w - 2, s->base.list.error, tui_style(STYLE_LATE));
	else
		tui_put(r.y + 1, r.x + 1, r.w - 2, _("Type any part of a VIN, plate, stock number or owner name; Enter opens"),
			tui_style(STYLE_HINT));
	struct columns c = layout(r.w - 2);
	const char *head[] = {_("Stock no."), label("vin"), label("plate"), _("Received"), label("owner"),
			      label("brand-model"), _("Status")};
	tui_put(r.y + 2, r.x, r.w, "", tui_style(STYLE_HEADER));
	draw_row(r.y + 2, r.x + 1, &c, head, tui_style(STYLE_HEADER));
	for (int i = 0; i < s->base.list.count; i++) {
		const struct search_row *row = tui_list_row(&s->base.list, i);
		int sel = tui_list_is_selected(&s->base.list, i);
		/* a cancelled check-in stays findable, dimmed */
		int attr = sel ? tui_style(STYLE_SELECTED) : strcmp(row->status, "cancelled") == 0 ? (int)A_DIM : (int)A_NORMAL;
		/* no status column on a narrow screen: a closed or cancelled record
		 * says so after its owner */
		char owner[200];
		if (!c.status && strcmp(row->status, "open") != 0)
			snprintf(owner, sizeof owner, "%s (%s)", row->owner, status_label(row->status));
		else
			snprintf(owner, sizeof owner, "%s", row->owner);
		const char *v[] = {row->stock_no, row->vin, row->plate, row->received, owner, row->brand,
				   status_label(row->status)};
		tui_put(r.y + 3 + i, r.x, r.w, "", attr);
		draw_row(r.y + 3 + i, r.x + 1, &c, v, attr);
	}
	if (s->base.list.count == 0 && !s->base.list.error[0])
		tui_put(r.y + 4, r.x + 2, r.w - 4, _("No vehicle matches."), A_BOLD);
}

const struct screen_ops screen_search = {
	.name = "search",
	.title_en = "Search",
	.title_zh = "查找车辆",
	.keys = search_keys,
	.base = keys_list,
	.data = &search_list,
	.open = tui_list_screen_open,
	.draw = search_draw,
	.key = search_key,
	.close = tui_list_screen_close,
};
