/* The box of questions (app/tui_ask.h). */
#include "app/tui_ask.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

void tui_ask_start(struct tui_ask *a, int purpose, const char *title)
{
	memset(a, 0, sizeof *a);
	a->active = 1;
	a->purpose = purpose;
	sy_strlcpy(a->title, title, sizeof a->title);
}

int tui_ask_add(struct tui_ask *a, const char *label, const char *value, const char *hint, int max)
{
	if (a->n >= TUI_ASK_MAX)
		return -1;
	int i = a->n++;
	sy_strlcpy(a->label[i], label, sizeof a->label[i]);
	sy_strlcpy(a->hint[i], hint ? hint : "", sizeof a->hint[i]);
	tui_edit_set(&a->edit[i], value ? value : "", max);
	if (i == a->focus)
		tui_edit_select(&a->edit[i]);
	return i;
}

void tui_ask_text(const struct tui_ask *a, int i, char *out, size_t outsz)
{
	if (i < 0 || i >= a->n) {
		if (outsz)
			*out = '\0';
		return;
	}
	tui_edit_text(&a->edit[i], out, outsz);
}

void tui_ask_note(struct tui_ask *a, const char *keys) { sy_strlcpy(a->note, keys, sizeof a->note); }

void tui_ask_focus(struct tui_ask *a, int i)
{
	if (i >= 0 && i < a->n) {
		a->focus = i;
		tui_edit_select(&a->edit[i]);
	}
}

enum tui_ask_result tui_ask_key(struct tui_ask *a, int action, int key)
{
	if (action == ACT_HELP || action == ACT_QUIT || action == ACT_REDRAW)
		return ASK_PASS;
	if (key == TUI_ESC) {
		a->active = 0;
		return ASK_CANCEL;
	}
	if (key == TUI_ENTER) {
		if (a->focus + 1 < a->n) {
			tui_ask_focus(a, a->focus + 1);
			return ASK_KEPT;
		}
		a->active = 0;
		return ASK_DONE;
	}
	if (key == TUI_TAB || key == TUI_FN(KEY_DOWN)) {
		tui_ask_focus(a, (a->focus + 1) % (a->n ? a->n : 1));
		return ASK_KEPT;
	}
	if (key == TUI_FN(KEY_BTAB) || key == TUI_FN(KEY_UP)) {
		tui_ask_focus(a, (a->focus + a->n - 1) % (a->n ? a->n : 1));
		return ASK_KEPT;
	}
	if (a->n)
		tui_edit_key(&a->edit[a->focus], key);
	return ASK_KEPT;
}

void tui_ask_draw(struct tui *t, struct tui_ask *a)
{
	struct tui_rect r = tui_body(t);
	int lw = 0;
	for (int i = 0; i < a->n; i++)
		if (tui_width(a->label[i]) > lw)
			lw = tui_width(a->label[i]);
	int w = r.w - 6 < 74 ? r.w - 6 : 74;
	int h = a->n + 5;
	int y = r.y + (r.h - h) / 2, x = r.x + (r.w - w) / 2;
	int ew = w - lw - 6;
	tui_box(y, x, h, w, tui_style(STYLE_BOX));
	tui_put(y + 1, x + 2, w - 4, a->title, tui_style(STYLE_BOX) | A_BOLD);
	int cy = -1, cx = -1;
	for (int i = 0; i < a->n; i++) {
		int focus = i == a->focus;
		tui_put(y + 2 + i, x + 2, lw + 1, a->label[i], tui_style(STYLE_BOX));
		int c = tui_edit_draw(&a->edit[i], y + 2 + i, x + 3 + lw, ew,
				      tui_style(focus ? STYLE_FIELD_FOCUS : STYLE_FIELD));
		if (focus)
			cy = y + 2 + i, cx = c;
	}
	const char *hint = !a->n ? (*a->note ? a->note : _("Enter: yes  Esc: no"))
			   : *a->hint[a->focus] ? a->hint[a->focus]
						: _("Enter: next line, on the last one: done  Esc: cancel");
	tui_put(y + h - 2, x + 2, w - 4, hint, tui_style(STYLE_HINT));
	if (cy >= 0)
		tui_cursor(t, cy, cx);
}
