/* Settings for the devices of this counter: the label printer (the USB
 * printers found, Enter takes the one under the cursor; F2 one on the
 * network; F4 the first found), the scale the weigh-in reads (F3) and the
 * ID card reader the check-in reads (F6), each with where its choice comes
 * from. Choices go to this counter, or with F7 to the whole yard, through
 * app/devices.c as `scrapyard printer use`, `scale use` and `idcard use`
 * do: a clerk chooses for their own counter, a supervisor for the yard. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/device_config.h"
#include "app/devices.h"
#include "app/label_print.h"
#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_ask.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"
#include "drivers/printer.h"

enum { ACT_FIRST_FOUND = ACT_SCREEN, ACT_RESCAN, ACT_NET_PRINTER, ACT_CHOOSE_SCALE, ACT_CHOOSE_READER, ACT_SCOPE };
enum { ASK_PRINTER = 1, ASK_SCALE, ASK_READER };

struct printers {
	struct printer_info *list;
	int n, sel;
	char error[512];
	struct label_settings settings;
	int for_yard; /* F7: choices go to the whole yard, else to this counter */
	struct tui_ask ask;
};

static const struct tui_key printer_keys[] = {
	{TUI_ENTER, ACT_OPEN, NULL, NULL, "Print labels on the USB printer under the cursor", "用所选 USB 打印机打印标签"},
	{TUI_FN(KEY_F(2)), ACT_NET_PRINTER, "Network", "网络", "A label printer on the network (tcp://HOST:PORT)",
	 "网络上的标签打印机（tcp://主机:端口）"},
	{TUI_FN(KEY_F(3)), ACT_CHOOSE_SCALE, "Scale", "地磅",
	 "Choose the scale: a port, a USB id or a serial-device server's tcp://HOST:PORT",
	 "选择地磅：串口、USB 编号或串口服务器的 tcp://主机:端口"},
	{TUI_FN(KEY_F(4)), ACT_FIRST_FOUND, "FirstFound", "自动", "Print on the first printer found",
	 "用找到的第一台打印机"},
	{TUI_FN(KEY_F(5)), ACT_RESCAN, "Rescan", "重新查找", "Look for printers again", "重新查找打印机"},
	{TUI_FN(KEY_F(6)), ACT_CHOOSE_READER, "Reader", "阅读器",
	 "Choose the ID card reader: a port, a USB id or tcp://HOST:PORT", "选择身份证阅读器：串口、USB 编号或 tcp://主机:端口"},
	{TUI_FN(KEY_F(7)), ACT_SCOPE, "Yard", "全场",
	 "Choose for this counter, or for the whole yard (a supervisor)", "为本柜台选择，或为全场选择（需主管）"},
	{0},
};

static void reload(struct tui *t, struct printers *p) { label_settings_load(tui_db(t), &p->settings); }

static void scan(struct tui *t, struct printers *p)
{
	sy_err err = {0};
	free(p->list);
	p->list = NULL;
	p->n = p->sel = 0;
	p->error[0] = '\0';
	if (printer_list(&p->list, &p->n, &err) != SY_OK)
		sy_strlcpy(p->error, err.msg, sizeof p->error);
	reload(t, p);
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

/* Where this screen's choices go, and its name for the clerk. */
static enum device_scope target(struct tui *t, const struct printers *p, char *where, size_t size)
{
	enum device_scope scope = p->for_yard ? DEVICE_YARD : DEVICE_COUNTER;
	devices_scope_text(scope, db_counter(tui_db(t)), where, size);
	return scope;
}

/* A choice refused; one refused for want of a login offers the login. */
static void refused(struct tui *t, const sy_err *err)
{
	tui_error(t, "%s", err->msg);
	if (strcmp(err->field, "user") == 0 && !session_user(tui_session(t)))
		tui_push(t, &screen_login, NULL);
}

static void use(struct tui *t, struct printers *p, const char *id, const char *language)
{
	char where[160], lang[16], warn[600];
	sy_err err = {0};
	enum device_scope scope = target(t, p, where, sizeof where);
	struct devices_printer_choice c = {.printer = id, .language = language};
	if (devices_choose_printer(tui_session(t), 1, scope, db_counter(tui_db(t)), &c, lang, sizeof lang, warn,
				   sizeof warn, &err) != SY_OK) {
		refused(t, &err);
		return;
	}
	reload(t, p);
	if (*warn)
		tui_error(t, "%s", warn);
	else if (*id)
		tui_info(t, _("Labels of %s go to printer %s%s%s%s"), where, id, *lang ? " (" : "", lang, *lang ? ")" : "");
	else
		tui_info(t, _("Labels of %s go to the first printer found"), where);
}

/* A counter's choice given up (an empty answer): the user's or the yard's applies. */
static void forget(struct tui *t, struct printers *p, enum device_kind kind)
{
	char where[160];
	sy_err err = {0};
	enum device_scope scope = target(t, p, where, sizeof where);
	if (scope == DEVICE_YARD) {
		struct device_value v = {device_naming_key(kind), ""};
		if (devices_choose(tui_session(t), 1, scope, "", &v, 1, &err) != SY_OK) {
			refused(t, &err);
			return;
		}
	} else if (devices_forget(tui_session(t), 1, scope, db_counter(tui_db(t)), kind, &err) != SY_OK) {
		refused(t, &err);
		return;
	}
	reload(t, p);
	tui_info(t, _("%s has no %s of its own now"), where,
		 kind == DEVICE_PRINTER ? _("label printer") : kind == DEVICE_SCALE ? _("scale") : _("ID card reader"));
}

static void ask(struct tui *t, struct printers *p, int purpose)
{
	char where[160], title[240], now[320];
	enum device_scope scope = target(t, p, where, sizeof where);
	enum device_kind kind = purpose == ASK_PRINTER ? DEVICE_PRINTER : purpose == ASK_SCALE ? DEVICE_SCALE : DEVICE_IDCARD;
	char *v = device_setting_in(tui_db(t), scope, db_counter(tui_db(t)), device_naming_key(kind));
	snprintf(now, sizeof now, "%s", v ? v : "");
	free(v);
	if (purpose == ASK_PRINTER) {
		snprintf(title, sizeof title, _("A label printer on the network for %s"), where);
		tui_ask_start(&p->ask, purpose, title);
		tui_ask_add(&p->ask, _("Address"), net_is_address(now) ? now : "",
			    _("tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100; empty: none of its own"), NET_ADDRESS_MAX - 1);
		tui_ask_add(&p->ask, _("Language"), "", _("zpl, tspl or ql; empty: ask the printer"), 4);
	} else {
		snprintf(title, sizeof title, purpose == ASK_SCALE ? _("The scale for %s") : _("The ID card reader for %s"),
			 where);
		tui_ask_start(&p->ask, purpose, title);
		tui_ask_add(&p->ask, purpose == ASK_SCALE ? _("Scale") : _("Reader"), now,
			    purpose == ASK_SCALE ? _("PORT|ID|tcp://HOST:PORT[,PROTOCOL][,BAUD]; empty: none of its own")
						 : _("PORT|ID|tcp://HOST:PORT[,BAUD]; empty: none of its own"),
			    120);
	}
}

/* "PORT|ID|ADDRESS[,...]": as `scale use` and `idcard use` check it. */
static int check_spec(enum device_kind kind, const char *spec, sy_err *err)
{
	return kind == DEVICE_SCALE ? device_scale_spec_check(spec, err) : device_idcard_spec_check(spec, err);
}

static void answered(struct tui *t, struct printers *p)
{
	char first[160], second[16];
	sy_err err = {0};
	tui_ask_text(&p->ask, 0, first, sizeof first);
	enum device_kind kind = p->ask.purpose == ASK_PRINTER ? DEVICE_PRINTER
				: p->ask.purpose == ASK_SCALE ? DEVICE_SCALE
							      : DEVICE_IDCARD;
	if (!*first) {
		forget(t, p, kind);
		return;
	}
	if (kind == DEVICE_PRINTER) {
		tui_ask_text(&p->ask, 1, second, sizeof second);
		if (!net_is_address(first)) {
			tui_error(t, "%s", _("Type the printer's network address, e.g. tcp://192.168.1.50:9100"));
			p->ask.active = 1;
			return;
		}
		use(t, p, first, *second ? second : NULL);
		return;
	}
	char where[160];
	enum device_scope scope = target(t, p, where, sizeof where);
	struct device_value v = {device_naming_key(kind), first};
	if (check_spec(kind, first, &err) != SY_OK ||
	    devices_choose(tui_session(t), 1, scope, db_counter(tui_db(t)), &v, 1, &err) != SY_OK) {
		refused(t, &err);
		p->ask.active = 1;
		return;
	}
	reload(t, p);
	tui_info(t, kind == DEVICE_SCALE ? _("The scale of %s: %s") : _("The ID card reader of %s: %s"), where, first);
}

static int printer_key(struct tui *t, void *state, int action, int key)
{
	struct printers *p = state;
	if (p->ask.active) {
		switch (tui_ask_key(&p->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE: answered(t, p); break;
		case ASK_CANCEL: tui_info(t, _("Nothing changed")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	switch (action) {
	case ACT_RESCAN: scan(t, p); return TUI_HANDLED;
	case ACT_FIRST_FOUND: use(t, p, "", NULL); return TUI_HANDLED;
	case ACT_NET_PRINTER: ask(t, p, ASK_PRINTER); return TUI_HANDLED;
	case ACT_CHOOSE_SCALE: ask(t, p, ASK_SCALE); return TUI_HANDLED;
	case ACT_CHOOSE_READER: ask(t, p, ASK_READER); return TUI_HANDLED;
	case ACT_SCOPE: {
		char where[160];
		p->for_yard = !p->for_yard;
		target(t, p, where, sizeof where);
		tui_info(t, _("Choosing for %s"), where);
		return TUI_HANDLED;
	}
	case ACT_OPEN:
		if (p->n)
			use(t, p, p->list[p->sel].id, NULL);
		else
			tui_error(t, "%s", _("No printer to choose: connect one, switch it on, F5; F2: one on the network"));
		return TUI_HANDLED;
	default: return tui_list_move(&p->sel, p->n, p->n, action);
	}
}

/* Text wrapped to width cells on rows y.. before last (words stay whole,
 * Chinese breaks anywhere); returns the row after it. */
static int put_wrapped(int y, int last, int x, int width, const char *s, int style)
{
	char row[512];
	while (*s && y < last && width > 0) {
		size_t fit = tui_fit(s, width), len = strlen(s), take = fit ? fit : len;
		const char *next = s + take;
		if (take < len) {
			size_t space = take;
			while (space > 0 && s[space] != ' ')
				space--;
			if (space > 0)
				take = space, next = s + space + 1;
		}
		snprintf(row, sizeof row, "%.*s", (int)take, s);
		tui_put(y++, x, width, row, style);
		s = next;
	}
	return y;
}

/* "  [counter 2]", "  [SCRAPYARD_SCALE]": where the session's choice of kind comes from. */
static void source_of(struct tui *t, enum device_kind kind, char *out, size_t size)
{
	char value[320], where[160];
	enum device_scope scope;
	int env;
	devices_current(tui_session(t), kind, value, sizeof value, &scope, &env);
	if (env)
		snprintf(where, sizeof where, "%s", devices_env(kind));
	else
		devices_scope_text(scope, device_scope_who(tui_db(t), scope), where, sizeof where);
	snprintf(out, size, "  [%s]", where);
}

/* The ID card reader the check-in's F6 reads, and how to choose another. */
static void draw_idcard(struct tui *t, int y, struct tui_rect r)
{
	struct idcard_config cfg;
	char text[512], from[200];
	idcard_config_init(&cfg);
	int chosen = device_idcard_configured(tui_session(t), &cfg);
	source_of(t, DEVICE_IDCARD, from, sizeof from);
	snprintf(text, sizeof text, "%s%s", _("ID card reader"), chosen ? from : "");
	tui_put(y, r.x + 1, r.w - 2, text, tui_style(STYLE_HEADER));
	if (chosen && net_is_address(cfg.port ? cfg.port : cfg.device)) {
		snprintf(text, sizeof text, _("The check-in reads ID cards on %s"), cfg.port ? cfg.port : cfg.device);
	} else if (chosen) {
		snprintf(text, sizeof text, _("The check-in reads ID cards on %s (%d baud)"), cfg.port ? cfg.port : cfg.device,
			 cfg.baud);
	} else {
		snprintf(text, sizeof text, "%s",
			 _("No reader set: check-in uses the one USB-serial bridge that is not the scale's"));
	}
	tui_put(y + 1, r.x + 1, r.w - 2, text, A_NORMAL);
	tui_put(y + 2, r.x + 1, r.w - 2, _("F6: another reader (a port, a USB id or tcp://HOST:PORT)"),
		tui_style(STYLE_HINT));
}

/* The scale the weigh-in reads, and how to choose another (the protocols by name). */
static void draw_scale(struct tui *t, struct tui_rect r)
{
	struct scale_config cfg = {0};
	char text[512], baud[40], from[200];
	int y = r.y + r.h - 5;
	int chosen = device_scale_configured(tui_session(t), &cfg);
	source_of(t, DEVICE_SCALE, from, sizeof from);
	snprintf(text, sizeof text, "%s%s", _("Scale"), chosen ? from : "");
	tui_put(y, r.x + 1, r.w - 2, text, tui_style(STYLE_HEADER));
	if (chosen) {
		const char *where = cfg.port ? cfg.port : cfg.device;
		if (cfg.baud == SCALE_BAUD_AUTO)
			snprintf(baud, sizeof baud, "auto");
		else
			snprintf(baud, sizeof baud, "%d", cfg.baud ? cfg.baud : 9600);
		if (net_is_address(where)) /* the serial-device server sets the rate */
			snprintf(text, sizeof text, _("The weigh-in reads %s (protocol %s)"), where,
				 cfg.protocol ? cfg.protocol : "auto");
		else
			snprintf(text, sizeof text, _("The weigh-in reads %s (protocol %s, baud rate %s)"), where,
				 cfg.protocol ? cfg.protocol : "auto", baud);
	} else {
		snprintf(text, sizeof text, "%s", _("No scale set: the weigh-in reads the only scale plugged in"));
	}
	tui_put(y + 1, r.x + 1, r.w - 2, text, A_NORMAL);
	tui_put(y + 2, r.x + 1, r.w - 2,
		_("Protocols: auto toledo xk3190 (A9/A12) xk3190-forward (A26/A23P) stgs sics"), tui_style(STYLE_HINT));
	tui_put(y + 3, r.x + 1, r.w - 2,
		_("F3: another scale: PORT|ID|tcp://HOST:PORT[,PROTOCOL][,BAUD]"),
		tui_style(STYLE_HINT));
}

static void draw_header(struct tui *t, struct printers *p, struct tui_rect r)
{
	char text[512], where[160], from[200];
	enum counter_source source;
	char counter[DEVICE_NAME_MAX + 1];
	devices_counter(counter, sizeof counter, &source, NULL);
	target(t, p, where, sizeof where);
	snprintf(text, sizeof text, _("Counter %s (named by %s), user %s"), db_counter(tui_db(t)),
		 devices_counter_source(source), db_user_name(tui_db(t)));
	tui_put(r.y, r.x + 1, r.w - 2, text, A_BOLD);
	snprintf(text, sizeof text, p->for_yard ? _("Choices here go to %s (F7: to this counter)")
						: _("Choices here go to %s (F7: to the whole yard)"),
		 where);
	tui_put(r.y + 1, r.x + 1, r.w - 2, text, tui_style(STYLE_HINT));
	source_of(t, DEVICE_PRINTER, from, sizeof from);
	snprintf(text, sizeof text, _("Label printer now: %s%s%s%s%s"),
		 *p->settings.printer ? p->settings.printer : _("the first found"),
		 *p->settings.language ? " (" : "", p->settings.language, *p->settings.language ? ")" : "", from);
	tui_put(r.y + 2, r.x + 1, r.w - 2, text, A_NORMAL);
	tui_put(r.y + 3, r.x + 1, r.w - 2,
		_("USB printers found (Enter chooses, F2 network, F4 first found, F5 look again):"),
		tui_style(STYLE_HINT));
}

static void printer_draw(struct tui *t, void *state)
{
	struct printers *p = state;
	struct tui_rect r = tui_body(t);
	char text[512];
	draw_header(t, p, r);
	int y = r.y + 5, last = r.y + r.h - 9;
	for (int i = 0; i < p->n && y < last; i++) {
		const struct printer_info *pi = &p->list[i];
		int on = *p->settings.printer && strncmp(pi->id, p->settings.printer, strlen(p->settings.printer)) == 0;
		snprintf(text, sizeof text, "%s %-16s %s  %s %d dpi", on ? "*" : " ", pi->id, pi->profile.name,
			 pi->profile.lang ? pi->profile.lang->name : "?", pi->profile.dpi);
		if (pi->editor_lite)
			snprintf(text, sizeof text, "%s %-16s %s  %s", on ? "*" : " ", pi->id, pi->profile.name,
				 _("Editor Lite mode (a USB disk)"));
		tui_put(y++, r.x + 1, r.w - 2, text, i == p->sel ? tui_style(STYLE_SELECTED) : (int)A_NORMAL);
		y = put_wrapped(y, last, r.x + 4, r.w - 5, pi->problem, tui_style(STYLE_LATE));
	}
	if (!p->n)
		tui_put(r.y + 5, r.x + 2, r.w - 3,
			*p->error ? p->error
				  : _("No label printer found on USB: connect it and switch it on, then F5"),
			tui_style(STYLE_LATE));
	draw_idcard(t, r.y + r.h - 8, r);
	draw_scale(t, r);
	if (p->ask.active)
		tui_ask_draw(t, &p->ask);
}

const struct screen_ops screen_devices = {
	.name = "devices",
	.title_en = "Devices",
	.title_zh = "设备",
	.keys = printer_keys,
	.base = keys_list,
	.open = printer_open_screen,
	.draw = printer_draw,
	.key = printer_key,
	.close = printer_close_screen,
};
