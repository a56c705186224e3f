/* The filings the yard owes the authorities (db/filing.h), late ones in
 * red, in two screens over one list:
 * - Due (menu 3): what is due within three working days or late; F4 shows
 *   everything owed. Enter opens the vehicle, F3 what to file.
 * - Filings: what is owed, late or every filing (F4), one kind after the
 *   other (F5). Enter shows what to file, F6 opens the vehicle.
 * F2 marks the filing under the cursor done in both. */
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

enum { ACT_DONE = ACT_SCREEN, ACT_SHEET, ACT_KIND, ACT_VEHICLE };
enum { FILING_COLUMNS = 6 };

/* What sets the two screens apart: the views F4 steps through, and how a
 * row is drawn. */
struct filings_variant {
	const enum filing_view *views;
	int view_count;
	void (*draw)(struct tui *t, struct tui_rect r, void *state);
};

struct filings_screen {
	struct tui_list_screen base; /* its variant: a struct filings_variant */
	int view; /* index into screen->views */
	int kind; /* index into filing_kinds, -1 every kind */
	int64_t target;
};

static const struct tui_key due_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_DONE, "Done", "已办", "Mark the filing under the cursor done (asks the reference)",
	 "所选事项已办结（输入受理编号）"},
	{TUI_FN(KEY_F(3)), ACT_SHEET, "Sheet", "填报单", "What to file, in the authority's order", "按主管部门的顺序显示填报内容"},
	{TUI_FN(KEY_F(4)), ACT_ALL, "All", "全部", "Everything owed, or only what is due and late",
	 "显示全部待办事项，或仅显示到期和逾期的"},
	{TUI_ENTER, ACT_VEHICLE, NULL, NULL, "Open the vehicle under the cursor", "打开所选车辆"},
	{0},
};

static const struct tui_key filings_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_DONE, "Done", "已办", "Mark the filing under the cursor done (asks the reference)",
	 "所选事项已办结（输入受理编号）"},
	{TUI_FN(KEY_F(4)), ACT_ALL, "Show", "范围", "Owed, late only, or every filing", "待办、仅逾期或全部事项"},
	{TUI_FN(KEY_F(5)), ACT_KIND, "Kind", "种类", "One kind of filing after the other, or every kind", "逐一按种类筛选，或全部种类"},
	{TUI_FN(KEY_F(6)), ACT_VEHICLE, "Vehicle", "车辆", "Open the vehicle of the filing under the cursor", "打开所选事项的车辆"},
	{TUI_ENTER, ACT_SHEET, NULL, NULL, "What to file, in the authority's order", "按主管部门的顺序显示填报内容"},
	{0},
};

static const struct filings_variant *variant(const struct filings_screen *s) { return s->base.variant; }

static enum filing_view current_view(const struct filings_screen *s) { return variant(s)->views[s->view]; }

static int keep_row(const struct filing *f, void *ctx) { return tui_list_take(ctx, f); }

static int query(void *ctx, int want, sy_err *err)
{
	struct filings_screen *s = ctx;
	struct filing_query q = {.view = current_view(s), .kind = s->kind >= 0 ? filing_kinds[s->kind].code : NULL, .limit = want};
	return filing_list(tui_db(s->base.t), &q, keep_row, &s->base.list, err);
}

/* Every kind at first. */
static int filings_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	if (tui_list_screen_open(t, self, arg, state) != 0)
		return -1;
	struct filings_screen *s = *state;
	s->kind = -1;
	return 0;
}

static int ask_key(struct tui *t, struct filings_screen *s, int action, int key)
{
	switch (tui_ask_key(&s->base.ask, action, key)) {
	case ASK_PASS: return TUI_UNHANDLED;
	case ASK_DONE: tui_filing_done(t, &s->base.ask, s->target); break;
	case ASK_CANCEL: tui_info(t, "%s", _("Nothing changed")); break;
	default: break;
	}
	return TUI_HANDLED;
}

static int filings_key(struct tui *t, void *state, int action, int key)
{
	struct filings_screen *s = state;
	const struct filing *f = tui_list_selected(&s->base.list);
	if (s->base.ask.active)
		return ask_key(t, s, action, key);
	switch (action) {
	case ACT_ALL:
		s->view = (s->view + 1) % variant(s)->view_count;
		tui_list_reset(&s->base.list);
		return TUI_HANDLED;
	case ACT_KIND:
		s->kind = filing_kinds[s->kind + 1].code ? s->kind + 1 : -1;
		tui_list_reset(&s->base.list);
		return TUI_HANDLED;
	case ACT_SHEET:
		if (f)
			tui_push(t, &screen_filing_sheet, &f->id);
		return TUI_HANDLED;
	case ACT_VEHICLE:
		if (f)
			tui_push(t, &screen_vehicle, &f->vehicle_id);
		return TUI_HANDLED;
	case ACT_DONE:
		if (f)
			tui_filing_ask_done(t, &s->base.ask, f, &s->target);
		return TUI_HANDLED;
	default: return tui_list_key(&s->base.list, action);
	}
}

/* The title line (or the list's error), the header, the rows filled by
 * CELLS, and what to say when the list is empty. */
static void draw_list(struct tui *t, struct tui_rect r, struct filings_screen *s, const char *title,
		      const struct tui_column *columns, const char *const *head,
		      void (*cells)(const struct filing *f, const char **v, char *buf, size_t size), const char *empty)
{
	s->base.list.stale = 1; /* read again: a filing may have been done on a screen above */
	tui_list_refresh(&s->base.list, r.h - 2);
	tui_list_draw_head(&s->base.list, r.y, r.x, r.w, title, A_BOLD, columns, FILING_COLUMNS, head);
	for (int i = 0; i < s->base.list.count; i++) {
		const struct filing *f = tui_list_row(&s->base.list, i);
		int late = f->late && strcmp(f->state, "owed") == 0;
		int attr = tui_list_is_selected(&s->base.list, i) ? tui_style(STYLE_SELECTED)
			   : late				    ? tui_style(STYLE_LATE)
								    : (int)A_NORMAL;
		const char *v[FILING_COLUMNS];
		char buf[96];
		cells(f, v, buf, sizeof buf);
		tui_list_draw_row(r.y + 2 + i, r.x, r.w, columns, FILING_COLUMNS, v, attr);
	}
	tui_list_screen_draw_end(t, &s->base, r.y + 3, r.x, r.w, empty);
}

static void due_cells(const struct filing *f, const char **v, char *buf, size_t size)
{
	(void)buf, (void)size;
	v[0] = f->due, v[1] = filing_kind_short(f->kind), v[2] = f->stock_no, v[3] = f->vin, v[4] = f->plate;
	v[5] = f->late ? _("LATE") : "";
}

static void due_draw(struct tui *t, struct tui_rect r, void *state)
{
	struct filings_screen *s = state;
	static const struct tui_column columns[FILING_COLUMNS] = {{10, 0}, {16, 0}, {12, 0}, {17, 0}, {9, 0}, {0, 0}};
	int all = current_view(s) == FILING_OWED;
	const char *head[] = {_("Due"), _("Deadline"), _("Stock no."), form_label(form_find(&form_intake, "vin")),
			      form_label(form_find(&form_intake, "plate")), ""};
	draw_list(t, r, s,
		  all ? _("Everything owed to the authorities (F4: only what is due and late)")
		      : _("Due within three working days or late (F4: everything owed)"),
		  columns, head, due_cells, all ? _("Nothing is owed.") : _("Nothing is due."));
}

static void filings_cells(const struct filing *f, const char **v, char *buf, size_t size)
{
	if (strcmp(f->state, "done") == 0) /* the month and day: the year is the due date's, or near it */
		snprintf(buf, size, "%s %.5s", filing_state_label(f), f->done_on + 5);
	else
		snprintf(buf, size, "%s", filing_state_label(f));
	v[0] = f->due, v[1] = filing_kind_short(f->kind), v[2] = filing_kind_to(f->kind), v[3] = f->stock_no;
	v[4] = *f->plate ? f->plate : "-", v[5] = buf;
}

static void filings_draw(struct tui *t, struct tui_rect r, void *state)
{
	struct filings_screen *s = state;
	static const struct tui_column columns[FILING_COLUMNS] = {{10, 0}, {15, 0}, {14, 0}, {12, 0}, {10, 0}, {0, 0}};
	enum filing_view view = current_view(s);
	char title[200];
	snprintf(title, sizeof title, _("%s, %s (F4 owed/late/all, F5 kind, Enter what to file, F2 done)"),
		 view == FILING_OWED ? _("Owed") : view == FILING_LATE ? _("Late") : _("Every filing"),
		 s->kind >= 0 ? filing_kind_short(&filing_kinds[s->kind]) : _("every kind"));
	const char *head[] = {_("Due"), _("What"), _("To"), _("Stock no."), _("Plate"), _("State")};
	draw_list(t, r, s, title, columns, head, filings_cells,
		  view == FILING_ALL ? _("No filings yet.") : _("Nothing is owed."));
}

static void draw(struct tui *t, void *state)
{
	struct filings_screen *s = state;
	variant(s)->draw(t, tui_body(t), s);
}

static const enum filing_view due_views[] = {FILING_DUE, FILING_OWED};
static const struct filings_variant due_variant = {due_views, 2, due_draw};
static const enum filing_view filings_views[] = {FILING_OWED, FILING_LATE, FILING_ALL};
static const struct filings_variant filings_variant = {filings_views, 3, filings_draw};

static const struct tui_list_screen_def due_list = {
	sizeof(struct filings_screen), {sizeof(struct filing), query, NULL, offsetof(struct filing, id)}, 0, &due_variant};
static const struct tui_list_screen_def filings_list = {
	sizeof(struct filings_screen), {sizeof(struct filing), query, NULL, offsetof(struct filing, id)}, 0, &filings_variant};

const struct screen_ops screen_due = {
	.name = "due",
	.title_en = "Due",
	.title_zh = "到期事项",
	.keys = due_keys,
	.base = keys_list,
	.data = &due_list,
	.open = filings_open,
	.draw = draw,
	.key = filings_key,
	.close = tui_list_screen_close,
	.unsaved = tui_list_screen_unsaved,
};

const struct screen_ops screen_filings = {
	.name = "filings",
	.title_en = "Filings",
	.title_zh = "报送事项",
	.keys = filings_keys,
	.base = keys_list,
	.data = &filings_list,
	.open = filings_open,
	.draw = draw,
	.key = filings_key,
	.close = tui_list_screen_close,
	.unsaved = tui_list_screen_unsaved,
};
