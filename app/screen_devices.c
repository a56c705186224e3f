/* Settings for the devices: the label printer (the USB printers found, Enter
 * makes the one under the cursor the yard's label printer, as `scrapyard
 * printer use` does: setting label.printer) and the scale the weigh-in reads
 * (for now from SCRAPYARD_SCALE, shown here with how to change it). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmd_scale.h"
#include "app/label_print.h"
#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/printer.h"

enum { ACT_FIRST_FOUND = ACT_SCREEN, ACT_RESCAN };

struct printers {
	struct printer_info *list;
	int n, sel;
	char error[512];
	struct label_settings settings;
};

static const struct tui_key printer_keys[] = {
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Print labels on the printer under the cursor", "用所选打印机打印标签"},
	{TUI_FN(KEY_F(4)), ACT_FIRST_FOUND, "FirstFound", "自动", "Print on the first printer found",
	 "用找到的第一台打印机"},
	{TUI_FN(KEY_F(5)), ACT_RESCAN, "Rescan", "重新查找", "Look for printers again", "重新查找打印机"},
	{0},
};

static void scan(struct tui *t, struct printers *p)
{
	sy_err err = {0};
	free(p->list);
	p->list = NULL;
	p->n = p->sel = 0;
	p->error[0] = '\0';
	if (printer_list(&p->list, &p->n, &err) != SY_OK)
		sy_strlcpy(p->error, err.msg, sizeof p->error);
	label_settings_load(tui_db(t), &p->settings);
}

static int printer_open_screen(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct printers *p = xcalloc(1, sizeof *p);
	scan(t, p);
	*state = p;
	return 0;
}

static void printer_close_screen(struct tui *t, void *state)
{
	(void)t;
	struct printers *p = state;
	free(p->list);
	free(p);
}

static void use(struct tui *t, struct printers *p, const char *id)
{
	sy_err err = {0};
	if (db_set_setting(tui_db(t), &err, "label.printer", id) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	label_settings_load(tui_db(t), &p->settings);
	if (*id)
		tui_info(t, sy_pick("Labels go to printer %s", "标签由打印机 %s 打印"), id);
	else
		tui_info(t, "%s", sy_pick("Labels go to the first printer found", "标签由找到的第一台打印机打印"));
}

static int printer_key(struct tui *t, void *state, int action, int key)
{
	(void)key;
	struct printers *p = state;
	switch (action) {
	case ACT_RESCAN: scan(t, p); return TUI_HANDLED;
	case ACT_FIRST_FOUND: use(t, p, ""); return TUI_HANDLED;
	case ACT_OPEN:
		if (p->n)
			use(t, p, p->list[p->sel].id);
		else
			tui_error(t, "%s", sy_pick("No printer to choose: connect one, switch it on, F5",
						   "没有可选的打印机：请连接并打开打印机，再按 F5"));
		return TUI_HANDLED;
	default: return tui_list_move(&p->sel, p->n, p->n, action);
	}
}

static void printer_draw(struct tui *t, void *state)
{
	struct printers *p = state;
	struct tui_rect r = tui_body(t);
	char text[512];
	snprintf(text, sizeof text, sy_pick("Label printer now: %s", "当前标签打印机：%s"),
		 *p->settings.printer ? p->settings.printer : sy_pick("the first found", "找到的第一台"));
	tui_put(r.y, r.x + 1, r.w - 2, text, A_BOLD);
	tui_put(r.y + 1, r.x + 1, r.w - 2,
		sy_pick("USB printers found (Enter chooses, F4: the first found, F5: look again):",
			"找到的 USB 打印机（回车选择，F4：自动，F5：重新查找）："),
		tui_style(STYLE_HINT));
	for (int i = 0; i < p->n && 3 + i < r.h - 5; i++) {
		const struct printer_info *pi = &p->list[i];
		int on = *p->settings.printer && strncmp(pi->id, p->settings.printer, strlen(p->settings.printer)) == 0;
		snprintf(text, sizeof text, "%s %-16s %s  %s %d dpi", on ? "*" : " ", pi->id, pi->profile.name,
			 pi->profile.lang ? pi->profile.lang->name : "?", pi->profile.dpi);
		tui_put(r.y + 3 + i, r.x + 1, r.w - 2, text, i == p->sel ? tui_style(STYLE_SELECTED) : (int)A_NORMAL);
	}
	if (!p->n)
		tui_put(r.y + 3, r.x + 2, r.w - 3,
			*p->error ? p->error
				  : sy_pick("No label printer found on USB: connect it and switch it on, then F5",
					    "USB 上没有找到标签打印机：请连接并打开，再按 F5"),
			tui_style(STYLE_LATE));
	struct scale_config cfg = {0};
	int y = r.y + r.h - 4;
	tui_put(y, r.x + 1, r.w - 2, sy_pick("Scale", "地磅"), tui_style(STYLE_HEADER));
	if (cmd_scale_configured(tui_cli(t), &cfg))
		snprintf(text, sizeof text, sy_pick("The weigh-in reads %s (%s)", "过磅读取 %s（%s）"),
			 cfg.port ? cfg.port : cfg.device, cfg.protocol ? cfg.protocol : "auto");
	else
		snprintf(text, sizeof text, "%s",
			 sy_pick("No scale set: the weigh-in reads the only scale plugged in",
				 "未设置地磅：过磅时读取唯一连接的地磅"));
	tui_put(y + 1, r.x + 1, r.w - 2, text, A_NORMAL);
	tui_put(y + 2, r.x + 1, r.w - 2,
		sy_pick("To choose one: SCRAPYARD_SCALE=PORT_OR_ID[,PROTOCOL][,BAUD] ('scrapyard scale list' shows them)",
			"指定地磅：SCRAPYARD_SCALE=端口或ID[,协议][,波特率]（scrapyard scale list 列出）"),
		tui_style(STYLE_HINT));
}

const struct screen_ops screen_devices = {
	.name = "devices",
	.title_en = "Printer and scale",
	.title_zh = "打印机和地磅",
	.keys = printer_keys,
	.base = keys_list,
	.open = printer_open_screen,
	.draw = printer_draw,
	.key = printer_key,
	.close = printer_close_screen,
};
