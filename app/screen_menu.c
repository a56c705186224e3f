/* Menus: the main menu and the settings menu, each a table of entries.
 * A new screen is one line in a table below (and its screen_ops). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_list.h"
#include "db/backup.h"
#include "base/i18n.h"
#include "db/site.h"
#include "base/util.h"

struct menu_entry {
	int hotkey;
	const struct screen_ops *screen; /* NULL: announced, not available yet */
	const char *title_en, *title_zh; /* NULL: the screen's own title */
	const char *about_en, *about_zh;
};

/* The main menu, in the order of the day's work. Hotkeys stay with their
 * screen: clerks remember them, so new entries take new keys. */
static const struct menu_entry main_entries[] = {
	{'1', &screen_checkin, NULL, NULL, "Take a vehicle in: owner, documents, VIN, weight",
	 "接收报废车辆：车主、证件、车辆识别代号、过磅"},
	{'2', &screen_search, NULL, NULL, "Find a vehicle by VIN, plate, stock number or owner",
	 "按车辆识别代号、号牌、库存编号或车主查找车辆"},
	{'3', &screen_due, NULL, NULL, "What is owed to the authorities, due or late", "即将到期或已逾期的报送事项"},
	{'4', &screen_inventory, NULL, NULL, "Parts in stock: find, move to another bin, sell", "零部件库存：查找、移库、售出"},
	{'5', &screen_cert_list, NULL, NULL, "Certificates issued: void, write the PDF again", "已出具的回收证明：作废、重新生成 PDF"},
	{'6', &screen_waste, "Waste", "危险废物", "Hazardous waste containers: generated, in store, shipped", "危险废物容器：产生、贮存、转移"},
	{'7', &screen_filings, NULL, NULL, "MOFCOM entry, battery reports, deregistration: what to file",
	 "报送事项：商务部录入、电池溯源、注销登记及填报内容"},
	{'0', &screen_settings, NULL, NULL, "Scale, label printer, ID card reader, the yard's details, backup",
	 "地磅、标签打印机、身份证阅读器、企业信息、备份"},
	{0},
};

static const struct menu_entry settings_entries[] = {
	{'1', &screen_devices, "Scale", "地磅", "Which scale the weigh-in reads", "过磅时读取哪台地磅"},
	{'2', &screen_devices, "Label printer", "标签打印机", "Which printer prints tags and labels", "用哪台打印机打印标签"},
	{'3', &screen_yard, NULL, NULL, "Name, licence and address printed on documents", "打印在单据上的名称、资质和地址"},
	{'4', &screen_devices, "ID card reader", "身份证阅读器", "Which reader the check-in's F6 reads ID cards on",
	 "登记时按 F6 在哪台读卡器上读取身份证"},
	{'5', &screen_backup, NULL, NULL, "Back the database up to a USB stick", "把数据库备份到U盘"},
	{0},
};

struct menu_state {
	const struct menu_entry *entries;
	int count, sel;
};

static const char *entry_title(const struct menu_entry *e)
{
	return e->title_en ? sy_pick(e->title_en, e->title_zh) : screen_title(e->screen);
}

static int menu_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)t, (void)arg;
	struct menu_state *m = xcalloc(1, sizeof *m);
	m->entries = self->data;
	while (m->entries[m->count].hotkey)
		m->count++;
	*state = m;
	return 0;
}

static void menu_close(struct tui *t, void *state)
{
	(void)t;
	free(state);
}

static void enter(struct tui *t, const struct menu_entry *e)
{
	if (e->screen)
		tui_push(t, e->screen, NULL);
	else
		tui_info(t, _("%s is not available yet"), entry_title(e));
}

static int menu_key(struct tui *t, void *state, int action, int key)
{
	struct menu_state *m = state;
	switch (action) {
	/* Round from the last entry to the first and back: a menu is short. */
	case ACT_UP: m->sel = (m->sel + m->count - 1) % m->count; return TUI_HANDLED;
	case ACT_DOWN: m->sel = (m->sel + 1) % m->count; return TUI_HANDLED;
	case ACT_OPEN: enter(t, &m->entries[m->sel]); return TUI_HANDLED;
	case ACT_SEARCH: tui_push(t, &screen_search, NULL); return TUI_HANDLED;
	case ACT_NONE:
		for (int i = 0; i < m->count; i++)
			if (m->entries[i].hotkey == key) {
				m->sel = i;
				enter(t, &m->entries[i]);
				return TUI_HANDLED;
			}
		return TUI_UNHANDLED;
	default: return tui_list_move(&m->sel, m->count, m->count, action);
	}
}

/* A highlighted line while the last backup is older than the yard wants
 * (setting backup_reminder_days), or when there has never been one. */
static void backup_reminder(struct tui *t, int y, int x, int w)
{
	db *d = tui_db(t);
	char text[256];
	if (!d)
		return;
	int age = backup_age_days(d), days = backup_reminder_days(d);
	if (days <= 0 || (age >= 0 && age <= days))
		return;
	if (age < 0)
		snprintf(text, sizeof text, "%s", _("No backup yet: back up to a USB stick in Settings (0, then 5)"));
	else
		snprintf(text, sizeof text, _("Last backup %d days ago: back up today in Settings (0, then 5)"), age);
	tui_put(y, x, w, text, tui_style(STYLE_LATE) | A_BOLD);
}

static void menu_draw(struct tui *t, void *state)
{
	struct menu_state *m = state;
	struct tui_rect r = tui_body(t);
	int title_w = 0;
	for (int i = 0; i < m->count; i++)
		if (tui_width(entry_title(&m->entries[i])) > title_w)
			title_w = tui_width(entry_title(&m->entries[i]));
	int x = r.x + 2, w = r.w - 4;
	for (int i = 0; i < m->count && 1 + i * 2 < r.h; i++) {
		const struct menu_entry *e = &m->entries[i];
		int y = r.y + 1 + i * 2, sel = i == m->sel;
		int attr = sel ? tui_style(STYLE_SELECTED) : (int)A_NORMAL;
		char key[8];
		snprintf(key, sizeof key, " %c ", e->hotkey);
		tui_put(y, x, 3, key, sel ? (int)(attr | A_BOLD) : tui_style(STYLE_MARK));
		tui_put(y, x + 3, 1, "", attr);
		tui_put(y, x + 4, title_w + 2, entry_title(e), attr | (e->screen ? A_BOLD : A_DIM));
		tui_put(y, x + 6 + title_w, w - 6 - title_w, sy_pick(e->about_en, e->about_zh),
			e->screen ? attr : (int)(attr | A_DIM));
	}
	if (m->entries == main_entries && r.h > 2 + m->count * 2) {
		const char *tip = _("Press the number of an entry, or / to search for a vehicle");
		tui_put(r.y + 1 + m->count * 2, x, w, tip, tui_style(STYLE_HINT));
	}
	if (m->entries == main_entries && r.h > 4 + m->count * 2)
		backup_reminder(t, r.y + 3 + m->count * 2, x, w);
}

static void menu_help(const struct screen_ops *self, tui_help_line line, void *ctx)
{
	const struct menu_entry *entries = self->data;
	for (int i = 0; entries[i].hotkey; i++) {
		char key[8], text[400];
		snprintf(key, sizeof key, "%c", entries[i].hotkey);
		snprintf(text, sizeof text, "%s: %s", entry_title(&entries[i]),
			 sy_pick(entries[i].about_en, entries[i].about_zh));
		line(ctx, key, text);
	}
}

static const struct tui_key main_keys[] = {
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Open the entry under the cursor", "打开所选项"},
	{'/', ACT_SEARCH, NULL, NULL, "Search for a vehicle", "查找车辆"},
	{0},
};

static const struct tui_key settings_keys[] = {
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Open the entry under the cursor", "打开所选项"},
	{0},
};

const struct screen_ops screen_main = {
	.name = "menu",
	.title_en = "Menu",
	.title_zh = "主菜单",
	.keys = main_keys,
	.base = keys_list,
	.data = main_entries,
	.open = menu_open,
	.draw = menu_draw,
	.key = menu_key,
	.close = menu_close,
	.help = menu_help,
};

const struct screen_ops screen_settings = {
	.name = "settings",
	.title_en = "Settings",
	.title_zh = "设置",
	.keys = settings_keys,
	.base = keys_list,
	.data = settings_entries,
	.open = menu_open,
	.draw = menu_draw,
	.key = menu_key,
	.close = menu_close,
	.help = menu_help,
};
