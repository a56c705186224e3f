#include "app/tui_list.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void tui_list_init(struct tui_list *l, const struct tui_list_rows *src, void *ctx)
{
	memset(l, 0, sizeof *l);
	l->src = src;
	l->ctx = ctx;
	l->stale = 1;
}

void tui_list_free(struct tui_list *l)
{
	FREE(&l->page);
	FREE(&l->kept);
	l->cap = l->count = 0;
}

int tui_list_screen_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	const struct tui_list_screen_def *def = self->data;
	struct tui_list_screen *s = xcalloc(1, def->size);
	s->t = t;
	s->variant = def->variant;
	if (def->search)
		tui_edit_set(&s->text, arg ? arg : "", 40);
	tui_list_init(&s->list, &def->rows, s);
	*state = s;
	return 0;
}

void tui_list_screen_close(struct tui *t, void *state)
{
	(void)t;
	struct tui_list_screen *s = state;
	tui_list_free(&s->list);
	free(s);
}

int tui_list_screen_key(struct tui_list_screen *s, int action, int key)
{
	if (tui_list_key(&s->list, action) == TUI_HANDLED)
		return TUI_HANDLED;
	if (action != ACT_NONE)
		return TUI_UNHANDLED;
	enum tui_edit_result r = tui_edit_key(&s->text, key);
	if (r == EDIT_CHANGED)
		tui_list_reset(&s->list);
	return r == EDIT_IGNORED ? TUI_UNHANDLED : TUI_HANDLED;
}

int tui_list_screen_unsaved(void *state)
{
	const struct tui_list_screen *s = state;
	return s->ask.active;
}

void tui_list_draw_row(int y, int x, int w, const struct tui_column *cols, int n, const char *const *v, int attr)
{
	int fixed = 0;
	for (int i = 0; i < n; i++)
		fixed += cols[i].width + 1;
	tui_put(y, x, w, "", attr);
	x++;
	for (int i = 0; i < n; i++) {
		int cw = cols[i].width;
		if (!cw)
			cw = w - 3 - fixed < 4 ? 4 : w - 3 - fixed;
		if (cols[i].right)
			tui_put_right(y, x, cw, v[i], attr);
		else
			tui_put(y, x, cw, v[i], attr);
		x += cw + 1;
	}
}

void tui_list_draw_head(const struct tui_list *l, int y, int x, int w, const char *line, int line_attr,
			const struct tui_column *cols, int n, const char *const *head)
{
	if (l->error[0])
		tui_put(y, x + 1, w - 2, l->error, tui_style(STYLE_LATE));
	else
		tui_put(y, x + 1, w - 2, line, line_attr);
	tui_list_draw_row(y + 1, x, w, cols, n, head, tui_style(STYLE_HEADER));
}

void tui_list_screen_draw_end(struct tui *t, struct tui_list_screen *s, int y, int x, int w, const char *empty)
{
	if (s->list.count == 0 && !s->list.error[0])
		tui_put(y, x + 2, w - 4, empty, A_BOLD);
	if (s->ask.active)
		tui_ask_draw(t, &s->ask);
}

/* Are the rows at a and b the same record? */
static int same_record(const struct tui_list *l, const void *a, const void *b)
{
	int64_t x, y;
	memcpy(&x, (const unsigned char *)a + l->src->id_offset, sizeof x);
	memcpy(&y, (const unsigned char *)b + l->src->id_offset, sizeof y);
	return x == y;
}

static unsigned char *slot(const struct tui_list *l, int i) { return l->page + (size_t)i * l->src->size; }

int tui_list_take(struct tui_list *l, const void *row)
{
	if (l->skip > 0) {
		l->skip--;
		return 0;
	}
	if (l->counting)
		return ++l->got >= l->want;
	if (l->got < l->want && l->got < l->cap) {
		if (l->src->copy)
			l->src->copy(slot(l, l->got), row);
		else
			memcpy(slot(l, l->got), row, l->src->size);
		l->got++;
	}
	return l->got >= l->want;
}

/* Rows skip .. skip + want - 1 of the store's order into the page. */
static int fetch(struct tui_list *l, int skip, int want)
{
	sy_err err = {0};
	if (l->cap < want) {
		l->cap = want;
		l->page = xrealloc(l->page, (size_t)l->cap * l->src->size);
	}
	l->skip = skip;
	l->want = want;
	l->got = 0;
	l->error[0] = '\0';
	if (l->src->query(l->ctx, skip + want, &err) != SY_OK) {
		sy_strlcpy(l->error, err.msg, sizeof l->error);
		l->got = 0;
	}
	return l->got;
}

const void *tui_list_row(const struct tui_list *l, int i) { return i >= 0 && i < l->count ? slot(l, i) : NULL; }

int tui_list_is_selected(const struct tui_list *l, int i) { return l->top + i == l->sel; }

const void *tui_list_selected(const struct tui_list *l) { return tui_list_row(l, l->sel - l->top); }

void tui_list_reset(struct tui_list *l)
{
	l->top = l->sel = 0;
	l->keeping = 0;
	l->stale = 1;
}

void tui_list_keep(struct tui_list *l, const void *row)
{
	if (!row)
		row = tui_list_selected(l);
	l->stale = 1;
	if (!row)
		return;
	l->kept = xrealloc(l->kept, l->src->size);
	memcpy(l->kept, row, l->src->size);
	l->keeping = 1;
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
	case ACT_LAST: l->to_last = 1; break;
	default: return TUI_UNHANDLED;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->top < 0)
		l->top = 0;
	if (l->top != top || l->sel < l->top || l->sel >= l->top + l->count || l->to_last)
		l->stale = 1;
	return TUI_HANDLED;
}

/* How many rows the list has: counted a thousand at a time, kept nowhere. */
static int count_rows(struct tui_list *l)
{
	enum { CHUNK = 1000 };
	int n = 0, got;
	l->counting = 1;
	do {
		l->skip = n, l->want = CHUNK, l->got = 0;
		sy_err err = {0};
		if (l->src->query(l->ctx, n + CHUNK, &err) != SY_OK)
			break;
		got = l->got;
		n += got;
	} while (got == CHUNK);
	l->counting = 0;
	return n;
}

/* Where the kept record is among rows from .. from + 3 pages; -1: not there. */
static int look_for_kept(struct tui_list *l, int from, int rows, int *got)
{
	*got = fetch(l, from, 3 * rows);
	for (int i = 0; i < *got; i++)
		if (same_record(l, slot(l, i), l->kept))
			return from + i;
	return -1;
}

/* The record acted on, looked for a page either side of the cursor (a new
 * record above it moves it down a row), then from the top (a record just
 * added comes first); the cursor goes to it on the same line of the screen,
 * or stays on its line when the record left the list (the one after it
 * took its place). */
static void find_kept(struct tui_list *l, int rows)
{
	int line = l->sel - l->top, from = l->sel > rows ? l->sel - rows : 0, got;
	int at = look_for_kept(l, from, rows, &got);
	if (at < 0 && from > 0) {
		int from_top;
		at = look_for_kept(l, 0, rows, &from_top);
	}
	if (at >= 0)
		l->sel = at;
	else if (l->sel >= from + got)
		l->sel = from + got > 0 ? from + got - 1 : 0;
	l->top = l->sel - line > 0 ? l->sel - line : 0;
	l->keeping = 0;
}

void tui_list_refresh(struct tui_list *l, int rows)
{
	if (rows < 1)
		rows = 1;
	if (!l->stale && rows == l->rows)
		return;
	l->rows = rows;
	if (l->keeping)
		find_kept(l, rows);
	if (l->to_last) {
		int n = count_rows(l);
		l->sel = n > 0 ? n - 1 : 0;
		l->top = l->sel - rows + 1 > 0 ? l->sel - rows + 1 : 0;
		l->to_last = 0;
	}
	for (int pass = 0; pass < 4; pass++) {
		if (l->sel < l->top)
			l->top = l->sel;
		if (l->sel >= l->top + rows)
			l->top = l->sel - rows + 1;
		int got = fetch(l, l->top, rows + 1);
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

int tui_list_move(int *sel, int n, int page, int action)
{
	if (page < 1)
		page = 1;
	switch (action) {
	case ACT_UP: *sel -= 1; break;
	case ACT_DOWN: *sel += 1; break;
	case ACT_PAGE_UP: *sel -= page; break;
	case ACT_PAGE_DOWN: *sel += page; break;
	case ACT_FIRST: *sel = 0; break;
	case ACT_LAST: *sel = n - 1; break;
	default: return TUI_UNHANDLED;
	}
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	return TUI_HANDLED;
}
