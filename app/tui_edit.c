#include "app/tui_edit.h"

#include <curses.h>
#include <string.h>
#include <wchar.h>

#include "app/tui_screen.h"
#include "base/text.h"

void tui_edit_clear(struct tui_edit *e)
{
	e->len = e->cur = e->scroll = e->fresh = 0;
}

void tui_edit_select(struct tui_edit *e)
{
	e->fresh = e->len > 0;
	e->cur = e->len;
}

void tui_edit_set(struct tui_edit *e, const char *s, int max)
{
	e->max = max > 0 && max < TUI_EDIT_MAX ? max : TUI_EDIT_MAX;
	tui_edit_clear(e);
	while (s && *s && e->len < e->max) {
		uint32_t cp;
		int n = text_utf8_decode(s, &cp);
		if (n < 0)
			cp = 0xFFFD, n = 1;
		e->cp[e->len++] = cp;
		s += n;
	}
	e->cur = e->len;
}

void tui_edit_text(const struct tui_edit *e, char *out, size_t outsz)
{
	size_t n = 0;
	for (int i = 0; i < e->len; i++) {
		char buf[4];
		int k = text_utf8_encode(e->cp[i], buf);
		if (n + (size_t)k + 1 > outsz)
			break;
		memcpy(out + n, buf, (size_t)k);
		n += (size_t)k;
	}
	if (outsz)
		out[n] = '\0';
}

int tui_edit_empty(const struct tui_edit *e) { return e->len == 0; }

int tui_edit_printable(int key)
{
	if (TUI_IS_FN(key) || key < 0x20 || (key >= 0x7f && key < 0xa0) || key > 0x10FFFF)
		return 0;
	return !(key >= 0xD800 && key <= 0xDFFF);
}

static void delete_range(struct tui_edit *e, int from, int to)
{
	if (from >= to)
		return;
	memmove(&e->cp[from], &e->cp[to], (size_t)(e->len - to) * sizeof e->cp[0]);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

/* The first key on a selected value: a deletion empties it, a character
 * replaces it, a movement keeps it for editing. 0: go on with the key as
 * usual; else what the key did. */
static int first_key(struct tui_edit *e, int key, enum tui_edit_result *r)
{
	switch (key) {
	case TUI_FN(KEY_BACKSPACE):
	case TUI_FN(KEY_DC):
	case TUI_CTRL('d'):
	case TUI_CTRL('u'):
	case TUI_CTRL('k'):
		tui_edit_clear(e);
		*r = EDIT_CHANGED;
		return 1;
	case TUI_FN(KEY_LEFT):
	case TUI_FN(KEY_RIGHT):
	case TUI_FN(KEY_HOME):
	case TUI_FN(KEY_END):
	case TUI_CTRL('a'):
	case TUI_CTRL('e'):
		e->fresh = 0;
		return 0;
	default:
		if (!tui_edit_printable(key)) {
			*r = EDIT_IGNORED; /* not for the field: it stays selected */
			return 1;
		}
		tui_edit_clear(e);
		return 0;
	}
}

enum tui_edit_result tui_edit_key(struct tui_edit *e, int key)
{
	enum tui_edit_result r;
	if (e->fresh && first_key(e, key, &r))
		return r;
	if (tui_edit_printable(key)) {
		if (e->len >= e->max) {
			beep();
			return EDIT_MOVED; /* taken, so it does not reach a shortcut */
		}
		memmove(&e->cp[e->cur + 1], &e->cp[e->cur], (size_t)(e->len - e->cur) * sizeof e->cp[0]);
		e->cp[e->cur++] = (uint32_t)key;
		e->len++;
		return EDIT_CHANGED;
	}
	switch (key) {
	case TUI_FN(KEY_LEFT): if (e->cur > 0) e->cur--; return EDIT_MOVED;
	case TUI_FN(KEY_RIGHT): if (e->cur < e->len) e->cur++; return EDIT_MOVED;
	case TUI_FN(KEY_HOME):
	case TUI_CTRL('a'): e->cur = 0; return EDIT_MOVED;
	case TUI_FN(KEY_END):
	case TUI_CTRL('e'): e->cur = e->len; return EDIT_MOVED;
	case TUI_FN(KEY_BACKSPACE):
		if (e->cur == 0)
			return EDIT_MOVED;
		delete_range(e, e->cur - 1, e->cur);
		return EDIT_CHANGED;
	case TUI_FN(KEY_DC):
	case TUI_CTRL('d'):
		if (e->cur >= e->len)
			return EDIT_MOVED;
		delete_range(e, e->cur, e->cur + 1);
		return EDIT_CHANGED;
	case TUI_CTRL('u'): delete_range(e, 0, e->cur); return EDIT_CHANGED;
	case TUI_CTRL('k'): delete_range(e, e->cur, e->len); return EDIT_CHANGED;
	default: return EDIT_IGNORED;
	}
}

static int cells(const struct tui_edit *e, int from, int to)
{
	int w = 0;
	for (int i = from; i < to; i++)
		w += text_cp_width(e->cp[i]);
	return w;
}

int tui_edit_draw(struct tui_edit *e, int y, int x, int width, int attr)
{
	if (width <= 0)
		return x;
	/* Keep the cursor in view, with its own cell at the end of the text. */
	if (e->cur < e->scroll)
		e->scroll = e->cur;
	while (e->scroll < e->cur && cells(e, e->scroll, e->cur) > width - 1)
		e->scroll++;
	/* Show as much as fits before the cursor when the text got shorter. */
	while (e->scroll > 0 && cells(e, e->scroll - 1, e->len) <= width - 1)
		e->scroll--;
	/* A selected value stands out, so the clerk sees typing will replace it. */
	attrset(e->fresh ? (int)(attr | A_REVERSE) : attr);
	move(y, x);
	int used = 0, cursor_x = x;
	for (int i = e->scroll; i < e->len; i++) {
		if (i == e->cur)
			cursor_x = x + used;
		uint32_t cp = e->cp[i];
		int w = text_cp_width(cp);
		if (used + w > width)
			break;
		if (w == 0 && used == 0)
			continue;
		wchar_t wc = (wchar_t)cp;
		addnwstr(&wc, 1);
		used += w;
	}
	if (e->cur >= e->len)
		cursor_x = x + cells(e, e->scroll, e->len);
	attrset(attr);
	for (int c = used; c < width; c++)
		addch(' ');
	attrset(A_NORMAL);
	return cursor_x < x + width ? cursor_x : x + width - 1;
}
