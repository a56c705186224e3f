/* The parts inventory: any fragment of part number, kind (English or
 * Chinese) or source VIN, or the start of a bin, searched again on every
 * keystroke for the rows on screen only. F6 moves the part under the cursor
 * to another bin, F7 sells it (a walk-in buyer of a reused part is added on
 * the spot, as on the command line). db/part keeps the rules. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_ask.h"
#include "app/tui_edit.h"
#include "app/tui_list.h"
#include "base/i18n.h"
#include "db/part.h"
#include "db/party.h"
#include "db/shipment.h"
#include "base/util.h"

enum { ACT_MOVE = ACT_SCREEN, ACT_SELL };
enum { ASK_MOVE = 1, ASK_SELL, ASK_PRICE };

struct inventory {
	struct tui_list_screen base;
	struct part target;
	char buyer[256]; /* the sale waiting for a word on its price */
	double price;
};

static const struct tui_key inventory_keys[] = {
	{TUI_FN(KEY_F(6)), ACT_MOVE, "Move", "移库", "Move the part under the cursor to another bin", "把所选零部件移到别的库位"},
	{TUI_FN(KEY_F(7)), ACT_SELL, "Sell", "售出", "Sell the part under the cursor", "售出所选零部件"},
	{TUI_FN(KEY_HOME), ACT_NONE, NULL, NULL, "Start of the search text", "移到查找内容开头"},
	{TUI_FN(KEY_END), ACT_NONE, NULL, NULL, "End of the search text", "移到查找内容末尾"},
	{TUI_FN(KEY_BACKSPACE), ACT_NONE, NULL, NULL, "Delete a character of the search text", "删除查找内容中的一个字"},
	{TUI_CTRL('u'), ACT_NONE, NULL, NULL, "Clear the search text", "清除查找内容"},
	{0},
};

static int keep_row(const struct part *p, void *ctx) { return tui_list_take(ctx, p); }

static int query(void *ctx, int want, sy_err *err)
{
	struct inventory *s = ctx;
	char text[TUI_EDIT_MAX * 4];
	tui_edit_text(&s->base.text, text, sizeof text);
	struct part_query q = {.text = text, .limit = want};
	return part_search(tui_db(s->base.t), &q, keep_row, &s->base.list, err);
}

static const struct tui_list_screen_def part_list = {
	sizeof(struct inventory), {sizeof(struct part), query, NULL, offsetof(struct part, id)}, 1, NULL};

/* The box for the part in s->target. */
static void open_box(struct inventory *s, int purpose)
{
	const struct part *p = &s->target;
	char title[200];
	if (purpose == ASK_MOVE) {
		snprintf(title, sizeof title, _("Move %s (%s, now in %s)"), p->part_no,
			 part_kind_name(&p->kind), *p->location ? p->location : "-");
		tui_ask_start(&s->base.ask, purpose, title);
		tui_ask_add(&s->base.ask, _("New bin"), "", _("Bin or shelf, e.g. A-03-2"),
			    20);
	} else {
		char price[32] = "";
		if (p->price > 0)
			snprintf(price, sizeof price, "%g", p->price);
		snprintf(title, sizeof title, _("Sell %s (%s)"), p->part_no, part_kind_name(&p->kind));
		tui_ask_start(&s->base.ask, purpose, title);
		tui_ask_add(&s->base.ask, C_("sale", "To"), "",
			    _("Buyer's name (a walk-in buyer of a used part is added)"), 60);
		tui_ask_add(&s->base.ask, _("Price"), price, _("In yuan; empty: the asking price"), 12);
	}
}

static void ask_for(struct tui *t, struct inventory *s, int purpose)
{
	const struct part *p = tui_list_selected(&s->base.list);
	if (!p) {
		tui_error(t, _("No part chosen: type part of a part number, kind, VIN or bin"));
		return;
	}
	s->target = *p;
	open_box(s, purpose);
}

static void do_move(struct tui *t, struct inventory *s)
{
	char bin[96];
	sy_err err = {0};
	tui_ask_text(&s->base.ask, 0, bin, sizeof bin);
	if (part_move(tui_db(t), &s->target, bin, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		s->base.ask.active = 1;
		return;
	}
	tui_info(t, _("%s moved to %s"), s->target.part_no, s->target.location);
	tui_list_keep(&s->base.list, &s->target);
}

/* Is a price so far from the asking price that it may be a slip of the
 * finger (180150 for 180, 18 for 180)? Haggling stays within half and twice. */
static int price_far(double price, double asking)
{
	return asking > 0 && price > 0 && (price > 2 * asking || price < asking / 2);
}

/* The sale box again, as the clerk left it, with the price in focus. */
static void ask_sell_again(struct inventory *s)
{
	char price[32];
	snprintf(price, sizeof price, "%g", s->price);
	open_box(s, ASK_SELL);
	tui_edit_set(&s->base.ask.edit[0], s->buyer, 60);
	tui_edit_set(&s->base.ask.edit[1], price, 12);
	tui_ask_focus(&s->base.ask, 1);
}

static void sell_now(struct tui *t, struct inventory *s)
{
	struct party party;
	sy_err err = {0};
	if (party_find(tui_db(t), s->buyer, NULL, &party, &err) != SY_OK) {
		/* Someone not on record: a walk-in buyer, when the part may go to one. */
		memset(&party, 0, sizeof party);
		sy_strlcpy(party.name, s->buyer, sizeof party.name);
		sy_strlcpy(party.kind, "buyer", sizeof party.kind);
		sy_err rule = {0};
		if (*s->buyer && shipment_check_party(&party, &s->target, &rule) != SY_OK) {
			tui_error(t, "%s", rule.msg); /* the five assemblies, batteries, hazardous waste */
			ask_sell_again(s);
			return;
		}
		if (!*s->buyer) {
			tui_error(t, "%s", err.msg);
			ask_sell_again(s);
			return;
		}
		if (strcmp(s->target.dest, "reuse") != 0) {
			/* Only a walk-in buyer of a reused part is added here. */
			tui_error(t, _("No %s named '%s' is on record: check the name (the office adds recipients)"),
				  code_label(party_kinds, strcmp(s->target.dest, "reman") == 0	   ? "remanufacturer"
							  : strcmp(s->target.dest, "material") == 0 ? "recycler"
							  : strcmp(s->target.dest, "hazardous") == 0 ? "hazardous_handler"
												     : "buyer"),
				  s->buyer);
			ask_sell_again(s);
			return;
		}
		if (party_save(tui_db(t), &party, &err) != SY_OK) {
			tui_error(t, "%s", err.msg);
			ask_sell_again(s);
			return;
		}
	}
	if (part_sell(tui_db(t), &s->target, party.id, s->price, NULL, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		ask_sell_again(s);
		return;
	}
	tui_info(t, _("%s sold to %s (%s)"), s->target.part_no, party.name, s->target.ship_no);
	tui_list_keep(&s->base.list, &s->target);
}

static void do_sell(struct tui *t, struct inventory *s)
{
	char price_text[32], *end;
	tui_ask_text(&s->base.ask, 0, s->buyer, sizeof s->buyer);
	tui_ask_text(&s->base.ask, 1, price_text, sizeof price_text);
	s->price = *price_text ? strtod(price_text, &end) : 0;
	if (*price_text && (*end || s->price < 0)) {
		tui_error(t, _("Price: type a number such as 300"));
		s->base.ask.active = 1;
		tui_ask_focus(&s->base.ask, 1);
		return;
	}
	if (price_far(s->price, s->target.price)) {
		char title[160];
		snprintf(title, sizeof title, _("Sell %s for %g yuan? Its asking price is %g yuan."), s->target.part_no,
			 s->price, s->target.price);
		tui_ask_start(&s->base.ask, ASK_PRICE, title);
		tui_ask_note(&s->base.ask, _("Enter: sell at this price  Esc: change the price"));
		return;
	}
	sell_now(t, s);
}

static int inventory_key(struct tui *t, void *state, int action, int key)
{
	struct inventory *s = state;
	if (s->base.ask.active) {
		switch (tui_ask_key(&s->base.ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE:
			if (s->base.ask.purpose == ASK_MOVE)
				do_move(t, s);
			else if (s->base.ask.purpose == ASK_SELL)
				do_sell(t, s);
			else
				sell_now(t, s);
			break;
		case ASK_CANCEL:
			if (s->base.ask.purpose == ASK_PRICE)
				ask_sell_again(s);
			else
				tui_info(t, _("Nothing changed"));
			break;
		default: break;
		}
		return TUI_HANDLED;
	}
	if (action == ACT_MOVE || action == ACT_SELL) {
		ask_for(t, s, action == ACT_MOVE ? ASK_MOVE : ASK_SELL);
		return TUI_HANDLED;
	}
	return tui_list_screen_key(&s->base, action, key);
}

/* Columns: part no, kind, grade, destination, kg, bin, status, stock no. */
static const struct tui_column columns[] = {{13, 0}, {0, 0}, {1, 0}, {9, 0}, {7, 1}, {9, 0}, {8, 0}, {12, 0}};

static void inventory_draw(struct tui *t, void *state)
{
	struct inventory *s = state;
	struct tui_rect r = tui_body(t);
	const char *prompt = _("Parts:");
	int pw = tui_width(prompt);
	tui_put(r.y, r.x + 1, pw + 1, prompt, A_BOLD);
	int cx = tui_edit_draw(&s->base.text, r.y, r.x + pw + 2, 42, tui_style(STYLE_FIELD_FOCUS));
	if (!s->base.ask.active)
		tui_cursor(t, r.y, cx);
	tui_list_refresh(&s->base.list, r.h - 3);
	const char *head[] = {_("Part no."), _("Kind"), "", _("Dest."),
			      "kg", _("Bin"), _("Status"), _("Stock no.")};
	tui_list_draw_head(&s->base.list, r.y + 1, r.x, r.w,
			   _("Any part of a part number, kind or VIN, or a bin's start; F6 moves, F7 sells"),
			   tui_style(STYLE_HINT), columns, 8, head);
	for (int i = 0; i < s->base.list.count; i++) {
		const struct part *p = tui_list_row(&s->base.list, i);
		int attr = tui_list_is_selected(&s->base.list, i) ? tui_style(STYLE_SELECTED) : (int)A_NORMAL;
		char kg[16] = "";
		if (p->weight_kg > 0)
			snprintf(kg, sizeof kg, "%.1f", p->weight_kg);
		/* The destination by its short code in English, its name in Chinese. */
		const char *dest = sy_lang_is_zh() ? code_label(part_dests, p->dest) : p->dest;
		const char *v[] = {p->part_no, part_kind_name(&p->kind), p->grade, dest, kg, p->location,
				   code_label(part_statuses, p->status), p->stock_no};
		tui_list_draw_row(r.y + 3 + i, r.x, r.w, columns, 8, v, attr);
	}
	tui_list_screen_draw_end(t, &s->base, r.y + 4, r.x, r.w, _("No part matches."));
}

const struct screen_ops screen_inventory = {
	.name = "inventory",
	.title_en = "Parts",
	.title_zh = "零部件库存",
	.keys = inventory_keys,
	.base = keys_list,
	.data = &part_list,
	.open = tui_list_screen_open,
	.draw = inventory_draw,
	.key = inventory_key,
	.close = tui_list_screen_close,
	.unsaved = tui_list_screen_unsaved,
};
