/* The frame around every screen: the title bar with where the clerk is, the
 * status line for messages and the function-key bar built from the key tables
 * (global bindings first, the screen's own override them). */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/keys.h"
#include "app/tui_core.h"
#include "base/i18n.h"
#include "db/sync.h"

/* " scrapyard > Menu > Search > Vehicle" on the left, dropping the oldest
 * screens (" scrapyard > ... > Vehicle") when it does not fit; the user,
 * the yard and the date on the right. */
void tui_chrome_title(struct tui *t)
{
	char left[512], right[400], today[11];
	int attr = tui_style(STYLE_TITLE);
	db_today(today);
	const char *user = session_user(t->session);
	if (user)
		snprintf(right, sizeof right, "[%s]  %s  %s ", user, t->has_site ? t->site.name : "", today);
	else
		snprintf(right, sizeof right, "%s  %s ", t->has_site ? t->site.name : "", today);
	int rw = tui_width(right);
	if (rw > COLS / 2)
		rw = COLS / 2;
	int room = COLS - rw - 2, first = 0;
	for (;;) {
		snprintf(left, sizeof left, " scrapyard%s", first > 0 ? " > ..." : "");
		for (int i = first; i < t->depth; i++) {
			size_t n = strlen(left);
			snprintf(left + n, sizeof left - n, " > %s", screen_title(t->stack[i].ops));
		}
		if (tui_width(left) <= room || first >= t->depth - 1)
			break;
		first++;
	}
	tui_put(0, 0, COLS - rw, left, attr | A_BOLD);
	tui_put_right(0, COLS - rw, rw, right, attr);
}

/* With no message, a yard that synchronises with a head office sees when it
 * last did and what waits to go up; highlighted when the last attempt failed. */
static void sync_line(struct tui *t, int y)
{
	db *d = tui_db(t);
	struct sync_status s;
	char exposed[4200], text[4400];
	unsigned mode = 0;
	/* Before the head office: owners' data open to every user of the computer. */
	if (d && db_exposed(db_path(d), exposed, sizeof exposed, &mode)) {
		snprintf(text, sizeof text, _(" Warning: every user of this computer may read %s (mode %04o): ask the administrator to make it private (chmod o-rwx)"),
			 exposed, mode);
		tui_put(y, 0, COLS, text, (int)(tui_style(STYLE_LATE) | A_BOLD));
		return;
	}
	if (!d || sync_status_get(d, &s, NULL) != SY_OK || !s.enabled) {
		tui_put(y, 0, COLS, "", A_NORMAL);
		return;
	}
	char when[20];
	snprintf(when, sizeof when, "%.16s", *s.last_success ? s.last_success : _("never"));
	if (*s.last_error)
		snprintf(text, sizeof text, _(" Head office: last synchronised %s; the last attempt failed; %lld changes waiting"),
			 when, (long long)s.waiting);
	else if (s.waiting)
		snprintf(text, sizeof text, _(" Head office: last synchronised %s; %lld changes waiting"), when,
			 (long long)s.waiting);
	else
		snprintf(text, sizeof text, _(" Head office: last synchronised %s"), when);
	tui_put(y, 0, COLS, text, *s.last_error ? (int)(tui_style(STYLE_LATE) | A_BOLD) : tui_style(STYLE_HINT));
}

/* Rows a long message may take above the status line: a refusal naming
 * every step still to do is read whole, not cut. */
#define STATUS_ROWS_MAX 8

/* The message on the status line; one too long for it takes the rows above
 * as well (the screen's last rows), broken at a space where there is one,
 * so that it is read whole. */
void tui_chrome_status(struct tui *t)
{
	int y = LINES - 2;
	if (t->msg_kind == TUI_MSG_NONE || !*t->msg) {
		sync_line(t, y);
		return;
	}
	int attr = tui_style(t->msg_kind == TUI_MSG_ERROR ? STYLE_ERROR : STYLE_INFO);
	char line[1100];
	snprintf(line, sizeof line, " %s ", t->msg);
	if (tui_width(line) <= COLS) {
		int w = tui_width(line);
		tui_put(y, 0, w, line, attr);
		tui_put(y, w, COLS - w, "", A_NORMAL);
		return;
	}
	/* Break into rows of the screen's width, at most STATUS_ROWS_MAX. */
	char rows[STATUS_ROWS_MAX][1100];
	int n = 0;
	const char *s = line;
	while (*s && n < STATUS_ROWS_MAX) {
		size_t cut = tui_fit(s, COLS - 1), space = cut;
		if (s[cut]) {
			while (space > 1 && s[space] != ' ')
				space--;
			if (space > 1)
				cut = space;
		}
		if (n == STATUS_ROWS_MAX - 1 || !s[cut])
			cut = tui_fit(s, COLS);
		snprintf(rows[n], sizeof rows[0], "%s%.*s", n ? " " : "", (int)cut, s);
		n++;
		s += cut;
		while (*s == ' ')
			s++;
	}
	for (int i = 0; i < n; i++)
		tui_put(y - (n - 1) + i, 0, COLS, rows[i], attr);
}

struct bar_item {
	const struct tui_key *k;
	int order;
};

static int by_order(const void *a, const void *b)
{
	return ((const struct bar_item *)a)->order - ((const struct bar_item *)b)->order;
}

/* Esc first, then the function keys by number, then the rest as declared. */
static int bar_order(const struct tui_key *k, int index)
{
	if (k->key == TUI_ESC)
		return 0;
	int fn = keys_fn_number(k->key);
	return fn ? fn * 100 : 10000 + index;
}

static int collect_bar(struct tui *t, struct bar_item *items, int max)
{
	const struct tui_key *own = t->depth ? t->stack[t->depth - 1].ops->keys : NULL;
	int n = 0, index = 0;
	for (const struct tui_key *k = own; k && k->key && n < max; k++, index++)
		if (k->bar_en)
			items[n++] = (struct bar_item){k, bar_order(k, index)};
	for (const struct tui_key *k = keys_global; k->key && n < max; k++, index++) {
		if (!k->bar_en || keys_find(own, k->key))
			continue;
		if (k->action == ACT_BACK && t->depth <= 1)
			continue; /* nothing to go back to */
		if (k->action == ACT_LOGOUT && !session_user(t->session))
			continue; /* nobody to log out (F1 lists it all the same) */
		items[n++] = (struct bar_item){k, bar_order(k, index)};
	}
	qsort(items, (size_t)n, sizeof *items, by_order);
	return n;
}

void tui_chrome_bar(struct tui *t)
{
	struct bar_item items[32];
	int n = collect_bar(t, items, 32), x = 0, y = LINES - 1;
	int label_attr = tui_style(STYLE_BAR_LABEL);
	for (int i = 0; i < n && x < COLS; i++) {
		char name[32], label[96];
		keys_name(items[i].k->key, name, sizeof name);
		snprintf(label, sizeof label, "%s  ", keys_bar(items[i].k));
		int kw = tui_width(name), lw = tui_width(label);
		if (x + kw + lw > COLS)
			break;
		tui_put(y, x, kw, name, tui_style(STYLE_BAR_KEY) | A_BOLD);
		tui_put(y, x + kw, lw, label, label_attr);
		x += kw + lw;
	}
	if (x < COLS)
		tui_put(y, x, COLS - x, "", label_attr);
}
