/* Settings: back the database up to a USB stick (or any folder), as
 * `scrapyard backup` does: the copy is written while the other terminals
 * keep working, checked, then named scrapyard-YYYYMMDD-HHMMSS.db in the
 * folder. The folder is typed (the last one used is offered); Enter starts,
 * the progress is drawn as the copy goes. */
#include <curses.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens.h"
#include "app/tui_edit.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/backup.h"

struct backup_screen {
	struct tui_edit folder;
	char last_at[20], last_path[4096];
	int age, limit;
	char done[4096]; /* the file written, once done */
};

static const struct tui_key backup_keys[] = {
	{TUI_ENTER, ACT_SAVE, NULL, NULL, "Back the database up into the folder typed", "把数据库备份到所填文件夹"},
	{TUI_FN(KEY_F(2)), ACT_SAVE, "Back up", "备份", "Back the database up into the folder typed",
	 "把数据库备份到所填文件夹"},
	{TUI_FN(KEY_BACKSPACE), ACT_NONE, NULL, NULL, "Delete a character of the folder", "删除文件夹中的一个字"},
	{0},
};

static void load_last(struct tui *t, struct backup_screen *s)
{
	sy_err err = {0};
	s->last_at[0] = s->last_path[0] = '\0';
	backup_last(tui_db(t), s->last_at, s->last_path, sizeof s->last_path, &err);
	s->age = backup_age_days(tui_db(t));
	s->limit = backup_reminder_days(tui_db(t));
}

static int backup_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct backup_screen *s = xcalloc(1, sizeof *s);
	load_last(t, s);
	/* The folder of the last backup, else where a USB stick usually appears. */
	char folder[4096] = "/media";
	if (*s->last_path) {
		char *copy = xstrdup(s->last_path);
		sy_strlcpy(folder, dirname(copy), sizeof folder);
		free(copy);
	}
	tui_edit_set(&s->folder, folder, 200);
	tui_edit_select(&s->folder);
	*state = s;
	return 0;
}

static void backup_close(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

/* The copy's progress on the screen's last row, drawn at once: the key
 * loop is waiting for the backup. */
static void show_progress(int remaining, int total, void *ctx)
{
	struct tui *t = ctx;
	struct tui_rect r = tui_body(t);
	char text[128];
	snprintf(text, sizeof text, _("Backing up: %d%%"), total > 0 ? (total - remaining) * 100 / total : 0);
	tui_put(r.y + r.h - 1, r.x + 1, r.w - 2, text, tui_style(STYLE_INFO));
	refresh();
}

static void back_up(struct tui *t, struct backup_screen *s)
{
	char folder[4096];
	struct backup_info info;
	sy_err err = {0};
	tui_edit_text(&s->folder, folder, sizeof folder);
	if (!*folder) {
		tui_error(t, "%s", _("Type the folder to back up into: the USB stick's, such as /media/usb"));
		return;
	}
	show_progress(1, 1, t);
	if (backup_write(tui_db(t), folder, &info, show_progress, t, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	sy_strlcpy(s->done, info.path, sizeof s->done);
	load_last(t, s);
	tui_info(t, _("Backup written and checked: %s (%.1f MB)"), info.path, (double)info.bytes / (1024.0 * 1024.0));
}

static int backup_key(struct tui *t, void *state, int action, int key)
{
	struct backup_screen *s = state;
	if (action == ACT_SAVE) {
		back_up(t, s);
		return TUI_HANDLED;
	}
	if (action != ACT_NONE)
		return TUI_UNHANDLED;
	return tui_edit_key(&s->folder, key) == EDIT_IGNORED ? TUI_UNHANDLED : TUI_HANDLED;
}

static void backup_draw(struct tui *t, void *state)
{
	struct backup_screen *s = state;
	struct tui_rect r = tui_body(t);
	char text[4200];
	if (*s->last_at)
		snprintf(text, sizeof text, _("Last backup: %s (%d days ago)"), s->last_at, s->age);
	else
		snprintf(text, sizeof text, "%s", _("No backup has been made yet."));
	int late = s->age < 0 || s->age > s->limit;
	tui_put(r.y + 1, r.x + 2, r.w - 4, text, late ? tui_style(STYLE_LATE) : (int)A_NORMAL);
	/* The path on a line of its own: it is what the clerk looks for on the stick. */
	if (*s->last_at) {
		snprintf(text, sizeof text, _("Kept at: %s"), s->last_path);
		tui_put(r.y + 2, r.x + 4, r.w - 6, text, A_NORMAL);
	}
	tui_put(r.y + 3, r.x + 2, r.w - 4, _("Plug in the USB stick, type its folder, then Enter:"), A_BOLD);
	const char *label = _("Folder:");
	int lw = tui_width(label);
	tui_put(r.y + 5, r.x + 2, lw + 1, label, A_NORMAL);
	int cx = tui_edit_draw(&s->folder, r.y + 5, r.x + 3 + lw, r.w - 6 - lw, tui_style(STYLE_FIELD_FOCUS));
	tui_cursor(t, r.y + 5, cx);
	tui_put(r.y + 7, r.x + 2, r.w - 4,
		_("The copy is checked before it is kept; the other terminals keep working meanwhile."), tui_style(STYLE_HINT));
	if (*s->done) {
		snprintf(text, sizeof text, _("Written: %s"), s->done);
		tui_put(r.y + 9, r.x + 2, r.w - 4, text, tui_style(STYLE_INFO));
	}
}

const struct screen_ops screen_backup = {
	.name = "backup",
	.title_en = "Backup",
	.title_zh = "备份",
	.keys = backup_keys,
	.open = backup_open,
	.draw = backup_draw,
	.key = backup_key,
	.close = backup_close,
};
