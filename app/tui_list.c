#include "app/tui_list.h"

void tui_list_reset(struct tui_list *l)
{
	l->top = l->sel = 0;
	l->stale = 1;
}

int tui_list_key(struct tui_list *l, int action)
{
	int page = l->rows > 1 ? l->rows - 1 : 1, last_held = l->top + l->count - 1, top = l->top;
	switch (action) {
	case ACT_UP: l->sel--; break;
	case ACT_DOWN:
		if (l->sel < last_held || l->more)
			l->sel++;
		break;
	case ACT_PAGE_UP: l->sel -= page, l->top -= page; break;
	case ACT_PAGE_DOWN:
		if (l->more)
			l->sel += page, l->top += page;
		else
			l->sel = last_held;
		break;
	case ACT_FIRST: l->sel = l->top = 0; break;
	default: return TUI_UNHANDLED;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->top < 0)
		l->top = 0;
	if (l->top != top || l->sel < l->top || l->sel >= l->top + l->count)
		l->stale = 1;
	return TUI_HANDLED;
}

void tui_list_refresh(struct tui_list *l, int rows, tui_list_fetch fetch, void *ctx)
{
	if (rows < 1)
		rows = 1;
	if (!l->stale && rows == l->rows)
		return;
	l->rows = rows;
	for (int pass = 0; pass < 4; pass++) {
		if (l->sel < l->top)
			l->top = l->sel;
		if (l->sel >= l->top + rows)
			l->top = l->sel - rows + 1;
		int got = fetch(ctx, l->top, rows + 1);
		l->count = got < rows ? got : rows;
		l->more = got > rows;
		if (l->count == 0 && l->top > 0) {
			/* Past the end (a page down at the bottom): back to the last page. */
			l->top = l->top > rows ? l->top - rows : 0;
			l->sel = l->top + rows - 1;
			continue;
		}
		if (l->sel >= l->top + l->count)
			l->sel = l->count ? l->top + l->count - 1 : l->top;
		break;
	}
	l->stale = 0;
}
