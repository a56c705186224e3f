#include "app/tui_view.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void tui_view_add(struct tui_view *v, const char *label, const char *text, int style)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 32;
		v->lines = xrealloc(v->lines, (size_t)v->cap * sizeof *v->lines);
	}
	v->lines[v->n++] = (struct tui_view_line){label ? xstrdup(label) : NULL, xstrdup(text ? text : ""), style};
}

void tui_view_heading(struct tui_view *v, const char *text) { tui_view_add(v, NULL, text, STYLE_HEADER); }

void tui_view_clear(struct tui_view *v)
{
	for (int i = 0; i < v->n; i++) {
		free(v->lines[i].label);
		free(v->lines[i].text);
	}
	FREE(&v->lines);
	v->n = v->cap = v->top = 0;
}

static int label_width(const struct tui_view *v, int limit)
{
	int w = 0;
	for (int i = 0; i < v->n; i++)
		if (v->lines[i].label && tui_width(v->lines[i].label) > w)
			w = tui_width(v->lines[i].label);
	return w < limit ? w : limit;
}

/* Bytes of s to put on one row of width cells: up to the last space that
 * fits when there is one (words stay whole; Chinese breaks anywhere). *next
 * is where the following row starts. */
static size_t row_break(const char *s, int width, const char **next)
{
	size_t fit = tui_fit(s, width), len = strlen(s);
	if (fit == 0 && len)
		fit = len; /* narrower than one character: let it clip */
	if (fit < len) {
		size_t space = fit;
		while (space > 0 && s[space] != ' ')
			space--;
		if (space > 0) {
			*next = s + space + 1;
			return space;
		}
	}
	*next = s + fit;
	return fit;
}

/* Screen rows a text takes when wrapped to width cells (at least one). */
static int wrapped_rows(const char *s, int width)
{
	int rows = 1;
	const char *next;
	while (width > 0 && *s) {
		row_break(s, width, &next);
		s = next;
		if (*s)
			rows++;
	}
	return rows;
}

void tui_view_draw(struct tui_view *v, struct tui_rect r)
{
	int lw = label_width(v, r.w / 2), tx = r.x + 1 + (lw ? lw + 2 : 0), tw = r.x + r.w - 1 - tx;
	int total = 0;
	for (int i = 0; i < v->n; i++)
		total += v->lines[i].label ? wrapped_rows(v->lines[i].text, tw) : 1;
	v->rows = total;
	v->page = r.h;
	if (v->top > total - r.h)
		v->top = total - r.h;
	if (v->top < 0)
		v->top = 0;
	int row = 0;
	for (int i = 0; i < v->n && row < v->top + r.h; i++) {
		const struct tui_view_line *l = &v->lines[i];
		if (!l->label) {
			if (row >= v->top)
				tui_put(r.y + row - v->top, r.x, r.w, l->text, tui_style(l->style) | A_BOLD);
			row++;
			continue;
		}
		const char *s = l->text;
		int first = 1;
		do {
			const char *next;
			size_t fit = row_break(s, tw, &next);
			if (row >= v->top && row < v->top + r.h) {
				int y = r.y + row - v->top;
				tui_put(y, r.x + 1, lw, first ? l->label : "", A_BOLD);
				char *piece = xstrdup(s);
				piece[fit] = '\0';
				tui_put(y, tx, tw, piece, tui_style(l->style));
				free(piece);
			}
			s = next;
			first = 0;
			row++;
		} while (*s);
	}
	if (v->top > 0)
		tui_scroll_mark(r.y, r.x + r.w - 1, 1);
	if (v->top + r.h < total)
		tui_scroll_mark(r.y + r.h - 1, r.x + r.w - 1, 0);
}

int tui_view_key(struct tui_view *v, int action)
{
	int page = v->page > 1 ? v->page - 1 : 1;
	switch (action) {
	case ACT_UP: v->top--; break;
	case ACT_DOWN: v->top++; break;
	case ACT_PAGE_UP: v->top -= page; break;
	case ACT_PAGE_DOWN: v->top += page; break;
	case ACT_FIRST: v->top = 0; break;
	case ACT_LAST: v->top = v->rows; break;
	default: return TUI_UNHANDLED;
	}
	if (v->top > v->rows - v->page)
		v->top = v->rows - v->page;
	if (v->top < 0)
		v->top = 0;
	return TUI_HANDLED;
}
