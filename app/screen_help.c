/* F1: the keys of the screen the clerk was on, generated from its key table,
 * its extra lines (a menu's entries) and the global table. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_view.h"
#include "base/i18n.h"
#include "base/util.h"

static const struct tui_key help_keys[] = {
	{TUI_FN(KEY_F(1)), ACT_BACK, "Close", "关闭", "Close the help", "关闭帮助"},
	{0},
};

static void add_line(void *ctx, const char *key, const char *text)
{
	tui_view_add(ctx, key, text, STYLE_NORMAL);
}

/* Is key bound by one of the tables that come before (and so override)? */
static int overridden(const struct tui_key *const *before, int key)
{
	for (int i = 0; before && before[i]; i++)
		if (keys_find(before[i], key))
			return 1;
	return 0;
}

/* Keys that do the same thing share a line: "Tab, Down  Next field". Keys a
 * table before this one binds are left out: they do what that table says. */
static void add_keys(struct tui_view *v, const struct tui_key *table, const struct tui_key *const *before)
{
	char names[128], name[32];
	for (const struct tui_key *k = table; k && k->key; k++) {
		if (!k->help_en || overridden(before, k->key))
			continue;
		int seen = 0;
		for (const struct tui_key *e = table; e < k && !seen; e++)
			seen = e->help_en && strcmp(e->help_en, k->help_en) == 0 && !overridden(before, e->key);
		if (seen)
			continue;
		names[0] = '\0';
		for (const struct tui_key *e = k; e->key; e++) {
			if (!e->help_en || strcmp(e->help_en, k->help_en) != 0 || overridden(before, e->key))
				continue;
			if (names[0])
				strncat(names, ", ", sizeof names - strlen(names) - 1);
			strncat(names, keys_name(e->key, name, sizeof name), sizeof names - strlen(names) - 1);
		}
		tui_view_add(v, names, keys_help(k), STYLE_NORMAL);
	}
}

static int help_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)t, (void)self;
	const struct screen_ops *about = arg;
	struct tui_view *v = xcalloc(1, sizeof *v);
	char head[256];
	snprintf(head, sizeof head, _("Keys of the screen: %s"), screen_title(about));
	tui_view_heading(v, head);
	const struct tui_key *const own[] = {about->keys, NULL}, *const own_and_base[] = {about->keys, about->base, NULL};
	add_keys(v, about->keys, NULL);
	add_keys(v, about->base, own);
	if (about->help) {
		tui_view_heading(v, _("Entries (press the key)"));
		about->help(about, add_line, v);
	}
	tui_view_heading(v, _("Keys on every screen"));
	add_keys(v, keys_global, own_and_base);
	*state = v;
	return 0;
}

static void help_close(struct tui *t, void *state)
{
	(void)t;
	tui_view_clear(state);
	free(state);
}

static void help_draw(struct tui *t, void *state) { tui_view_draw(state, tui_body(t)); }

static int help_key(struct tui *t, void *state, int action, int key)
{
	(void)key;
	if (action == ACT_HELP || action == ACT_BACK) {
		tui_pop(t);
		return TUI_HANDLED;
	}
	return tui_view_key(state, action);
}

const struct screen_ops screen_help = {
	.name = "help",
	.title_en = "Help",
	.title_zh = "帮助",
	.keys = help_keys,
	.base = keys_scroll,
	.open = help_open,
	.draw = help_draw,
	.key = help_key,
	.close = help_close,
};
