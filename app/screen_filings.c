/* Filings: what the yard owes to which authority and by when, oldest due
 * first, late ones in red (db/filing.h). F4 steps through what is owed,
 * what is late and every filing; F5 through the kinds. Enter shows what to
 * file, F2 marks the filing under the cursor done. */
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

enum { ACT_DONE = ACT_SCREEN, ACT_KIND, ACT_VEHICLE };

struct filings_screen {
	struct tui *t;
	struct tui_list list;
	enum filing_view view;
	int kind; /* index into filing_kinds, -1 every kind */
	struct tui_ask ask;
	int64_t target;
};

static const struct tui_key filings_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_DONE, "Done", "已办", "Mark the filing under the cursor done (asks the reference)",
	 "所选事项已办结（输入受理编号）"},
	{TUI_FN(KEY_F(4)), ACT_ALL, "Show", "范围", "Owed, late only, or every filing", "待办、仅逾期或全部事项"},
	{TUI_FN(KEY_F(5)), ACT_KIND, "Kind", "种类", "One kind of filing after the other, or every kind", "逐一按种类筛选，或全部种类"},
	{TUI_FN(KEY_F(6)), ACT_VEHICLE, "Vehicle", "车辆", "Open the vehicle of the filing under the cursor", "打开所选事项的车辆"},
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "What to file, in the authority's order", "按主管部门的顺序显示填报内容"},
	{0},
};

static int keep_row(const struct filing *f, void *ctx) { return tui_list_take(ctx, f); }

static int query(void *ctx, int want, sy_err *err)
{
	struct filings_screen *s = ctx;
	struct filing_query q = {.view = s->view, .kind = s->kind >= 0 ? filing_kinds[s->kind].code : NULL, .limit = want};
	return filing_list(tui_db(s->t), &q, keep_row, &s->list, err);
}

static int same_filing(const void *a, const void *b)
{
	const struct filing *x = a, *y = b;
	return x->id == y->id;
}

static const struct tui_list_rows filing_rows = {sizeof(struct filing), query, NULL, same_filing};

static int filings_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct filings_screen *s = xcalloc(1, sizeof *s);
	s->t = t;
	s->view = FILING_OWED;
	s->kind = -1;
	tui_list_init(&s->list, &filing_rows, s);
	*state = s;
	return 0;
}

static void filings_close(struct tui *t, void *state)
{
	(void)t;
	struct filings_screen *s = state;
	tui_list_free(&s->list);
	free(s);
}

static int filings_key(struct tui *t, void *state, int action, int key)
{
	struct filings_screen *s = state;
	const struct filing *f = tui_list_selected(&s->list);
	if (s->ask.active) {
		switch (tui_ask_key(&s->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE:
			tui_filing_done(t, &s->ask, s->target);
			break;
		case ASK_CANCEL: tui_info(t, "%s", _("Nothing changed")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	switch (action) {
	case ACT_ALL:
		s->view = s->view == FILING_OWED ? FILING_LATE : s->view == FILING_LATE ? FILING_ALL : FILING_OWED;
		tui_list_reset(&s->list);
		return TUI_HANDLED;
	case ACT_KIND:
		s->kind = filing_kinds[s->kind + 1].code ? s->kind + 1 : -1;
		tui_list_reset(&s->list);
		return TUI_HANDLED;
	case ACT_OPEN:
		if (f)
			tui_push(t, &screen_filing_sheet, &f->id);
		return TUI_HANDLED;
	case ACT_VEHICLE:
		if (f)
			tui_push(t, &screen_vehicle, &f->vehicle_id);
		return TUI_HANDLED;
	case ACT_DONE:
		if (f)
			tui_filing_ask_done(t, &s->ask, f, &s->target);
		return TUI_HANDLED;
	default: return tui_list_key(&s->list, action);
	}
}

/* Column widths in cells; the last takes the rest. */
static const int col_w[] = {10, 15, 14, 12, 10, 0};

static void draw_row(int y, int x, int w, const char *const *v, int attr)
{
	for (size_t i = 0; i < sizeof col_w / sizeof col_w[0]; i++) {
		int cw = col_w[i] ? col_w[i] : w - (x - 1);
		if (cw <= 0)
			break;
		tui_put(y, x, cw, v[i], attr);
		x += cw + 1;
		if (x > w)
			break;
	}
}

static void filings_draw(struct tui *t, void *state)
{
	struct filings_screen *s = state;
	struct tui_rect r = tui_body(t);
	char title[200];
	s->list.stale = 1; /* read again: a filing may have been done on a screen above */
	tui_list_refresh(&s->list, r.h - 2);
	const char *view = s->view == FILING_OWED ? _("Owed") : s->view == FILING_LATE ? _("Late") : _("Every filing");
	snprintf(title, sizeof title, _("%s, %s (F4 owed/late/all, F5 kind, Enter what to file, F2 done)"), view,
		 s->kind >= 0 ? filing_kind_short(&filing_kinds[s->kind]) : _("every kind"));
	if (s->list.error[0])
		tui_put(r.y, r.x + 1, r.w - 2, s->list.error, tui_style(STYLE_LATE));
	else
		tui_put(r.y, r.x + 1, r.w - 2, title, A_BOLD);
	const char *head[] = {_("Due"), _("What"), _("To"), _("Stock no."), _("Plate"), _("State")};
	tui_put(r.y + 1, r.x, r.w, "", tui_style(STYLE_HEADER));
	draw_row(r.y + 1, r.x + 1, r.x + r.w - 1, head, tui_style(STYLE_HEADER));
	for (int i = 0; i < s->list.count; i++) {
		const struct filing *f = tui_list_row(&s->list, i);
		int sel = tui_list_is_selected(&s->list, i);
		int late = f->late && strcmp(f->state, "owed") == 0;
		int attr = sel ? tui_style(STYLE_SELECTED) : late ? tui_style(STYLE_LATE) : (int)A_NORMAL;
		char state_text[96];
		if (strcmp(f->state, "done") == 0) /* the month and day: the year is the due date's, or near it */
			snprintf(state_text, sizeof state_text, "%s %.5s", filing_state_label(f), f->done_on + 5);
		else
			snprintf(state_text, sizeof state_text, "%s", filing_state_label(f));
		const char *v[] = {f->due, filing_kind_short(f->kind), filing_kind_to(f->kind), f->stock_no,
				   *f->plate ? f->plate : "-", state_text};
		tui_put(r.y + 2 + i, r.x, r.w, "", attr);
		draw_row(r.y + 2 + i, r.x + 1, r.x + r.w - 1, v, attr);
	}
	if (s->list.count == 0 && !s->list.error[0])
		tui_put(r.y + 3, r.x + 2, r.w - 4, s->view == FILING_ALL ? _("No filings yet.") : _("Nothing is owed."), A_BOLD);
	if (s->ask.active)
		tui_ask_draw(t, &s->ask);
}

static int filings_unsaved(void *state)
{
	const struct filings_screen *s = state;
	return s->ask.active;
}

const struct screen_ops screen_filings = {
	.name = "filings",
	.title_en = "Filings",
	.title_zh = "报送事项",
	.keys = filings_keys,
	.base = keys_list,
	.open = filings_open,
	.draw = filings_draw,
	.key = filings_key,
	.close = filings_close,
	.unsaved = filings_unsaved,
};
