/* The parts of the full-screen program that need no terminal: the line
 * editor (UTF-8, by characters), key names and lookups, the list that holds
 * only the rows on screen, and the form's logic (inline checks, choices,
 * dependent fields, collecting into a vehicle). The screens themselves are
 * tested in a real terminal by the shell tests in tests/tui. */
#include "tests/check.h"

#include <curses.h>

#include "app/keys.h"
#include "app/tui_edit.h"
#include "app/tui_form.h"
#include "app/tui_list.h"
#include "db/vehicle.h"
#include "forms/form.h"

static const char *text_of(const struct tui_edit *e)
{
	static char buf[160];
	tui_edit_text(e, buf, sizeof buf);
	return buf;
}

static void type(struct tui_edit *e, const char *utf8)
{
	/* One key a character, as get_wch delivers an input method's text. */
	struct tui_edit tmp;
	tui_edit_set(&tmp, utf8, 0);
	for (int i = 0; i < tmp.len; i++)
		tui_edit_key(e, (int)tmp.cp[i]);
}

static void test_edit(void)
{
	struct tui_edit e;
	tui_edit_set(&e, "京A12345", 16);
	CHECK_INT(e.len, 7);
	CHECK_INT(e.cur, 7);
	tui_edit_key(&e, TUI_FN(KEY_HOME));
	CHECK_INT(tui_edit_key(&e, TUI_FN(KEY_DC)), EDIT_CHANGED);
	CHECK_STR(text_of(&e), "A12345");
	type(&e, "沪");
	CHECK_STR(text_of(&e), "沪A12345");
	tui_edit_key(&e, TUI_FN(KEY_END));
	tui_edit_key(&e, TUI_FN(KEY_LEFT));
	tui_edit_key(&e, TUI_FN(KEY_BACKSPACE));
	CHECK_STR(text_of(&e), "沪A1235");
	type(&e, "学");
	CHECK_STR(text_of(&e), "沪A123学5");
	CHECK_INT(e.cur, 6);
	tui_edit_key(&e, TUI_CTRL('k'));
	CHECK_STR(text_of(&e), "沪A123学");
	tui_edit_key(&e, TUI_FN(KEY_LEFT));
	tui_edit_key(&e, TUI_CTRL('u'));
	CHECK_STR(text_of(&e), "学");
	CHECK_INT(e.cur, 0);
	CHECK_INT(tui_edit_key(&e, TUI_FN(KEY_BACKSPACE)), EDIT_MOVED);
	CHECK_INT(tui_edit_key(&e, TUI_FN(KEY_F(2))), EDIT_IGNORED);
	CHECK_INT(tui_edit_key(&e, TUI_ESC), EDIT_IGNORED);
	CHECK_INT(tui_edit_key(&e, '\t'), EDIT_IGNORED);
	CHECK_STR(text_of(&e), "学");

	/* The length limit counts characters, not bytes. */
	tui_edit_set(&e, "", 3);
	type(&e, "欧阳娜娜");
	CHECK_STR(text_of(&e), "欧阳娜");
	/* Invalid bytes become U+FFFD, so the text out is valid UTF-8. */
	tui_edit_set(&e, "a\xff" "b", 0);
	CHECK_STR(text_of(&e), "a\xef\xbf\xbd" "b");
	/* A short buffer cuts at a character boundary. */
	char small[5];
	tui_edit_set(&e, "京京", 0);
	tui_edit_text(&e, small, sizeof small);
	CHECK_STR(small, "京");
	/* A value selected on taking the focus: replaced, emptied, or kept. */
	tui_edit_set(&e, "180", 12);
	tui_edit_select(&e);
	type(&e, "150");
	CHECK_STR(text_of(&e), "150");
	tui_edit_select(&e);
	CHECK_INT(tui_edit_key(&e, TUI_FN(KEY_F(5))), EDIT_IGNORED);
	CHECK(e.fresh);
	CHECK_INT(tui_edit_key(&e, TUI_FN(KEY_BACKSPACE)), EDIT_CHANGED);
	CHECK_STR(text_of(&e), "");
	tui_edit_set(&e, "2026-03-02", 12);
	tui_edit_select(&e);
	tui_edit_key(&e, TUI_FN(KEY_END));
	tui_edit_key(&e, TUI_FN(KEY_BACKSPACE));
	type(&e, "1");
	CHECK_STR(text_of(&e), "2026-03-01");
	tui_edit_select(&e);
	tui_edit_key(&e, TUI_FN(KEY_HOME));
	type(&e, "x");
	CHECK_STR(text_of(&e), "x2026-03-01");
	tui_edit_set(&e, "", 12);
	tui_edit_select(&e);
	CHECK(!e.fresh);
	CHECK(!tui_edit_printable(0x7f));
	CHECK(!tui_edit_printable(0x9b));
	CHECK(tui_edit_printable(0x4eac));
}

static void test_keys(void)
{
	char buf[32];
	CHECK_STR(keys_name(TUI_FN(KEY_F(10)), buf, sizeof buf), "F10");
	CHECK_STR(keys_name(TUI_FN(KEY_BTAB), buf, sizeof buf), "Shift-Tab");
	CHECK_STR(keys_name(TUI_CTRL('l'), buf, sizeof buf), "Ctrl-L");
	CHECK_STR(keys_name(TUI_ESC, buf, sizeof buf), "Esc");
	CHECK_STR(keys_name('/', buf, sizeof buf), "/");
	CHECK_STR(keys_name(0x4eac, buf, sizeof buf), "京");
	CHECK_INT(keys_fn_number(TUI_FN(KEY_F(5))), 5);
	CHECK_INT(keys_fn_number('5'), 0);
	const struct tui_key *k = keys_find(keys_global, TUI_FN(KEY_F(1)));
	CHECK(k && k->action == ACT_HELP);
	CHECK(keys_find(keys_global, 'q') == NULL);
	/* Every global key has help in both languages. */
	int complete = 1;
	for (k = keys_global; k->key; k++)
		complete &= k->help_en && k->help_zh && *k->help_zh;
	CHECK_MSG(complete, "global keys documented in both languages");
	/* A screen's own table, then its base keymap, then the global one. */
	static const struct tui_key own[] = {{TUI_FN(KEY_HOME), ACT_NONE, NULL, NULL, "Start of the text", "开头"}, {0}};
	k = keys_lookup(own, keys_list, TUI_FN(KEY_HOME));
	CHECK(k && k->action == ACT_NONE);
	k = keys_lookup(own, keys_list, TUI_FN(KEY_NPAGE));
	CHECK(k && k->action == ACT_PAGE_DOWN);
	k = keys_lookup(own, keys_list, TUI_FN(KEY_F(10)));
	CHECK(k && k->action == ACT_QUIT);
	CHECK(keys_lookup(own, NULL, TUI_FN(KEY_NPAGE)) == NULL);
	complete = 1;
	for (k = keys_list; k->key; k++)
		complete &= k->help_en && k->help_zh && *k->help_zh;
	for (k = keys_scroll; k->key; k++)
		complete &= k->help_en && k->help_zh && *k->help_zh;
	CHECK_MSG(complete, "base keymaps documented in both languages");
}

/* A store of records (ids in list order), read in windows. */
static int64_t store[64];
static int store_n, fetches, asked_for;
static struct tui_list *the_list;

static int query_store(void *ctx, int want, sy_err *err)
{
	(void)ctx, (void)err;
	fetches++;
	asked_for = want;
	for (int i = 0; i < store_n && i < want; i++)
		if (tui_list_take(the_list, &store[i]))
			break;
	return SY_OK;
}

/* Rows are record ids themselves. */
static const struct tui_list_rows int_rows = {sizeof(int64_t), query_store, NULL, 0};

static void fill_store(int n)
{
	store_n = n;
	for (int i = 0; i < n; i++)
		store[i] = 100 + i;
}

static int selected_id(struct tui_list *l)
{
	const int64_t *row = tui_list_selected(l);
	return row ? (int)*row : -1;
}

/* The store gets a record at position at (a new one comes first), or loses one. */
static void store_insert(int at, int id)
{
	memmove(&store[at + 1], &store[at], (size_t)(store_n - at) * sizeof store[0]);
	store[at] = id;
	store_n++;
}

static void store_remove(int at)
{
	memmove(&store[at], &store[at + 1], (size_t)(store_n - at - 1) * sizeof store[0]);
	store_n--;
}

static void test_list(void)
{
	struct tui_list l;
	fill_store(25);
	tui_list_init(&l, &int_rows, NULL);
	the_list = &l;
	tui_list_refresh(&l, 10);
	CHECK_INT(asked_for, 11); /* the rows on screen and one to know there are more */
	CHECK_INT(l.count, 10);
	CHECK(l.more);
	CHECK_INT((int)*(const int64_t *)tui_list_row(&l, 0), 100);
	int before = fetches;
	tui_list_key(&l, ACT_DOWN);
	tui_list_refresh(&l, 10);
	CHECK_MSG(fetches == before, "moving inside the rows held asks nothing");
	for (int i = 0; i < 9; i++)
		tui_list_key(&l, ACT_DOWN);
	tui_list_refresh(&l, 10);
	CHECK_INT(l.sel, 10);
	CHECK_INT(l.top, 1);
	CHECK_INT(asked_for, 12); /* one row counted off, eleven kept */
	CHECK_INT((int)*(const int64_t *)tui_list_row(&l, 0), 101);
	CHECK_INT(selected_id(&l), 110);
	tui_list_key(&l, ACT_PAGE_DOWN);
	tui_list_refresh(&l, 10);
	tui_list_key(&l, ACT_PAGE_DOWN);
	tui_list_refresh(&l, 10);
	CHECK_MSG(l.sel <= 24 && l.sel >= l.top && l.sel < l.top + l.count, "page down stops at the last row");
	for (int i = 0; i < 40; i++) {
		tui_list_key(&l, ACT_DOWN);
		tui_list_refresh(&l, 10);
	}
	CHECK_INT(l.sel, 24);
	CHECK(!l.more);
	tui_list_key(&l, ACT_FIRST);
	tui_list_refresh(&l, 10);
	CHECK_INT(l.sel, 0);
	CHECK_INT(l.top, 0);
	tui_list_key(&l, ACT_LAST);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 124);
	CHECK_INT(l.top, 15);

	/* After an action the cursor stays on the record acted on: a record
	 * added at the top moves it down a row, on screen and in the store. */
	tui_list_key(&l, ACT_FIRST);
	tui_list_refresh(&l, 10);
	for (int i = 0; i < 4; i++)
		tui_list_key(&l, ACT_DOWN);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 104);
	store_insert(0, 999);
	tui_list_keep(&l, NULL);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 104);
	CHECK_INT(l.sel, 5);
	/* ... on the record added when that is the one acted on ... */
	int64_t added = 999;
	tui_list_keep(&l, &added);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 999);
	CHECK_INT(l.top, 0);
	/* ... far down the list as well ... */
	for (int i = 0; i < 20; i++)
		tui_list_key(&l, ACT_DOWN);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 119);
	int line = l.sel - l.top;
	store_insert(0, 998);
	tui_list_keep(&l, NULL);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 119);
	CHECK_INT(l.sel - l.top, line);
	/* ... and on the one that took its place when it left the list. */
	store_remove(l.sel);
	tui_list_keep(&l, NULL);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 120);
	CHECK_INT(l.sel - l.top, line);
	/* The last row leaving: its neighbour above. */
	tui_list_key(&l, ACT_LAST);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 124);
	store_remove(store_n - 1);
	tui_list_keep(&l, NULL);
	tui_list_refresh(&l, 10);
	CHECK_INT(selected_id(&l), 123);
	tui_list_free(&l);

	/* A short list held whole. */
	int sel = 0;
	CHECK_INT(tui_list_move(&sel, 5, 3, ACT_PAGE_DOWN), TUI_HANDLED);
	CHECK_INT(sel, 3);
	tui_list_move(&sel, 5, 3, ACT_PAGE_DOWN);
	CHECK_INT(sel, 4);
	tui_list_move(&sel, 5, 3, ACT_FIRST);
	CHECK_INT(sel, 0);
	tui_list_move(&sel, 5, 3, ACT_UP);
	CHECK_INT(sel, 0);
	CHECK_INT(tui_list_move(&sel, 5, 3, ACT_SAVE), TUI_UNHANDLED);
}

/* ---- the intake form without a terminal ---- */

/* Tab to a field as the clerk would, from wherever the focus is. */
static void go_to(struct tui_form *f, const char *key)
{
	for (int i = 0; i < 60 && strcmp(tui_form_current(f)->key, key) != 0; i++)
		tui_form_key(NULL, f, ACT_PREV_FIELD, 0);
	for (int i = 0; i < 60 && strcmp(tui_form_current(f)->key, key) != 0; i++)
		tui_form_key(NULL, f, ACT_NEXT_FIELD, 0);
}

static void type_into(struct tui_form *f, const char *key, const char *text)
{
	go_to(f, key);
	struct tui_edit tmp;
	tui_edit_set(&tmp, text, 0);
	for (int i = 0; i < tmp.len; i++)
		tui_form_key(NULL, f, ACT_NONE, (int)tmp.cp[i]);
}

static const char *value(struct tui_form *f, const char *key)
{
	static char buf[160];
	tui_form_value(f, key, buf, sizeof buf);
	return buf;
}

static void test_form(void)
{
	struct vehicle v;
	vehicle_init(&v);
	struct tui_form *f = tui_form_new(&form_intake, &v);
	CHECK_STR(tui_form_current(f)->key, "owner-kind");
	CHECK(!tui_form_dirty(f));
	CHECK_STR(value(f, "received"), v.received_date);

	/* Normal forms on leaving a field; a wrong check digit names the expected one. */
	type_into(f, "owner", "  张三 ");
	type_into(f, "vin", "lsvau2180n2183294");
	tui_form_key(NULL, f, ACT_NEXT_FIELD, 0);
	CHECK(strstr(tui_form_error(f, "vin"), "expected X") != NULL);
	CHECK_STR(value(f, "owner"), "张三");
	CHECK_STR(tui_form_current(f)->key, "plate");
	type_into(f, "plate", "京a·12345");
	tui_form_key(NULL, f, ACT_NEXT_FIELD, 0);
	CHECK_STR(value(f, "plate"), "京A12345");
	CHECK_STR(tui_form_error(f, "plate"), "");
	CHECK(tui_form_dirty(f));

	/* A choice typed by the start of its code; cycled with Left/Right. */
	type_into(f, "power", "pe");
	tui_form_key(NULL, f, ACT_NEXT_FIELD, 0);
	CHECK_STR(value(f, "power"), "petrol");
	CHECK_STR(v.power_type, "petrol");
	go_to(f, "type");
	tui_form_key(NULL, f, ACT_NONE, TUI_FN(KEY_RIGHT));
	CHECK_STR(value(f, "type"), "car");
	tui_form_key(NULL, f, ACT_NONE, TUI_FN(KEY_LEFT));
	CHECK_STR(value(f, "type"), "");

	/* NEV-only fields follow the power type at once. */
	CHECK(!tui_form_shown(f, "battery-code"));
	go_to(f, "power");
	for (int i = 0; i < 10 && strcmp(v.power_type, "bev") != 0; i++)
		tui_form_key(NULL, f, ACT_NONE, ' ');
	CHECK_STR(v.power_type, "bev");
	CHECK(tui_form_shown(f, "battery-code"));

	/* Saving refuses, naming the field and focusing it. */
	sy_err err = {0};
	CHECK_INT(tui_form_collect(f, &err), SY_INVALID);
	CHECK_STR(err.field, "owner-id");
	CHECK_STR(tui_form_current(f)->key, "owner-id");

	/* The owner ID is checked by the owner kind: a credit code for a company. */
	type_into(f, "owner-id", "91350100M000100Y43");
	tui_form_key(NULL, f, ACT_NEXT_FIELD, 0);
	CHECK(*tui_form_error(f, "owner-id") != '\0');
	go_to(f, "owner-kind");
	tui_form_key(NULL, f, ACT_NONE, ' ');
	CHECK_STR(v.owner_kind, "company");
	CHECK_STR(tui_form_error(f, "owner-id"), "");
	CHECK(tui_form_shown(f, "agent"));

	/* Missing parts: move and mark; the police flag stays automatic. */
	go_to(f, "missing");
	tui_form_key(NULL, f, ACT_NONE, TUI_FN(KEY_RIGHT));
	tui_form_key(NULL, f, ACT_NONE, ' ');
	tui_form_key(NULL, f, ACT_NONE, TUI_FN(KEY_RIGHT));
	tui_form_key(NULL, f, ACT_NONE, TUI_FN(KEY_RIGHT));
	tui_form_key(NULL, f, ACT_NONE, TUI_FN(KEY_RIGHT));
	tui_form_key(NULL, f, ACT_NONE, ' ');
	CHECK_STR(value(f, "missing"), "transmission,frame");
	CHECK_STR(value(f, "police"), "");

	/* Everything right: collected into the vehicle, in normal form. */
	type_into(f, "agent", "李四");
	type_into(f, "agent-id", "11010519491231002x");
	go_to(f, "vin");
	tui_form_key(NULL, f, ACT_NONE, TUI_CTRL('u'));
	type_into(f, "vin", "lsvau218xn2183294");
	type_into(f, "battery-code", "ABCPA011234567L110000001");
	go_to(f, "owner-statement");
	tui_form_key(NULL, f, ACT_NONE, 'y');
	sy_err_clear(&err);
	CHECK_INT(tui_form_collect(f, &err), SY_OK);
	CHECK_STR(v.vin, "LSVAU218XN2183294");
	CHECK_STR(v.agent_id, "11010519491231002X");
	CHECK_STR(v.missing_parts, "transmission,frame");
	CHECK_INT(v.owner_statement, 1);
	CHECK_INT(v.police_set, 0);

	/* Enter on the last field submits. */
	go_to(f, form_intake.fields[form_intake.count - 1].key);
	CHECK_INT(tui_form_key(NULL, f, ACT_SUBMIT, 0), FORM_KEY_SUBMIT);

	/* Reload: empty again. */
	vehicle_init(&v);
	tui_form_load(f);
	CHECK_STR(value(f, "vin"), "");
	CHECK(!tui_form_dirty(f));

	/* One key answers a yes/no, a one-digit count, a choice by its number,
	 * and the focus moves on; Space changes a yes/no in place. */
	go_to(f, "registration");
	tui_form_key(NULL, f, ACT_NONE, 'y');
	CHECK_STR(tui_form_current(f)->key, "licence");
	tui_form_key(NULL, f, ACT_NONE, ' ');
	CHECK_STR(tui_form_current(f)->key, "licence");
	CHECK_STR(value(f, "licence"), "yes");
	tui_form_key(NULL, f, ACT_NONE, 'n');
	CHECK_STR(value(f, "licence"), "no");
	CHECK_STR(tui_form_current(f)->key, "plates");
	tui_form_key(NULL, f, ACT_NONE, '2');
	CHECK_STR(value(f, "plates"), "2");
	CHECK_STR(tui_form_current(f)->key, "vin");
	go_to(f, "plates");
	tui_form_key(NULL, f, ACT_NONE, '3');
	CHECK_STR(tui_form_current(f)->key, "plates");
	CHECK(*tui_form_error(f, "plates") != '\0');
	go_to(f, "power");
	tui_form_key(NULL, f, ACT_NONE, '2');
	CHECK_STR(value(f, "power"), "diesel");
	CHECK_STR(tui_form_current(f)->key, "engine-no");
	/* Dates as digits. */
	type_into(f, "first-reg", "20150310");
	tui_form_key(NULL, f, ACT_NEXT_FIELD, 0);
	CHECK_STR(value(f, "first-reg"), "2015-03-10");
	CHECK_STR(v.first_reg_date, "2015-03-10");
	tui_form_free(f);
}

/* What saves the clerk keys: a value typed whole moves on (and the Enter
 * pressed after it out of habit is taken as part of it), the yard's
 * province leads the plate, and learned values are passed by. */
static void test_form_speed(void)
{
	struct vehicle v;
	sy_err err = {0};
	vehicle_init(&v);
	struct tui_form *f = tui_form_new(&form_intake, &v);
	CHECK_INT(tui_form_lead(f, "plate", "京"), 0);
	CHECK_STR(value(f, "plate"), ""); /* no value until typed after */

	/* A VIN of 17 passing its check moves on; one failing it stays. */
	type_into(f, "vin", "LSVAU2180N2183294");
	CHECK_STR(tui_form_current(f)->key, "vin");
	CHECK(*tui_form_error(f, "vin") == '\0'); /* not said while typing */
	tui_form_key(NULL, f, ACT_NONE, TUI_CTRL('u'));
	type_into(f, "vin", "lsvau218xn2183294");
	CHECK_STR(tui_form_current(f)->key, "plate");
	CHECK_STR(value(f, "vin"), "LSVAU218XN2183294");
	tui_form_key(NULL, f, ACT_SUBMIT, 0); /* the habit's Enter */
	CHECK_STR(tui_form_current(f)->key, "plate");
	/* The province leads; letters and digits continue it. */
	type_into(f, "plate", "a12345");
	CHECK_STR(value(f, "plate"), "京a12345");
	tui_form_key(NULL, f, ACT_SUBMIT, 0);
	CHECK_STR(value(f, "plate"), "京A12345");
	CHECK_STR(tui_form_current(f)->key, "brand-model");
	CHECK_STR(v.plate, "京A12345");

	/* Learned values: marked, passed by by Enter, visited by Tab. */
	CHECK_INT(tui_form_learn(f, "type", "car", "from LSVAU218"), 0);
	CHECK_INT(tui_form_learn(f, "use", "non_operating", "from LSVAU218"), 0);
	CHECK_INT(tui_form_learn(f, "power", "petrol", "from LSVAU218"), 0);
	CHECK_INT(tui_form_learn(f, "curb-mass", "1180", "from LSVAU218"), 0);
	CHECK_INT(tui_form_learn(f, "power", "no_such_power", "x"), -1); /* fails its check: not put */
	CHECK_STR(value(f, "power"), "");
	CHECK_INT(tui_form_learn(f, "power", "petrol", "from LSVAU218"), 0);
	CHECK_STR(v.vehicle_type, "car");
	CHECK(v.curb_mass_kg == 1180);
	type_into(f, "brand-model", "大众桑塔纳");
	tui_form_key(NULL, f, ACT_SUBMIT, 0);
	CHECK_STR(tui_form_current(f)->key, "engine-no");
	tui_form_key(NULL, f, ACT_PREV_FIELD, 0);
	CHECK_STR(tui_form_current(f)->key, "power");
	tui_form_key(NULL, f, ACT_NONE, '2'); /* the clerk's own now */
	CHECK_STR(value(f, "power"), "diesel");
	CHECK(!tui_form_learned(f, "power"));
	CHECK(tui_form_learned(f, "use"));
	/* A date of 8 digits moves on, past the learned curb mass. */
	type_into(f, "first-reg", "20150310");
	CHECK_STR(tui_form_current(f)->key, "weight");
	CHECK_STR(v.first_reg_date, "2015-03-10");
	/* Another VIN: what was learned goes, what the clerk gave stays. */
	tui_form_unlearn(f);
	CHECK_STR(value(f, "type"), "");
	CHECK_STR(value(f, "curb-mass"), "");
	CHECK(v.curb_mass_kg == 0);
	CHECK_STR(value(f, "power"), "diesel");
	CHECK_INT(tui_form_learn(f, "power", "petrol", "x"), -1); /* the clerk's value is not replaced */
	CHECK_STR(value(f, "power"), "diesel");
	tui_form_free(f);

	/* A province typed replaces the yard's; an untouched lead saves no plate. */
	vehicle_init(&v);
	f = tui_form_new(&form_intake, &v);
	tui_form_lead(f, "plate", "京");
	type_into(f, "plate", "粤B12345");
	CHECK_STR(value(f, "plate"), "粤B12345");
	tui_form_load(f);
	tui_form_lead(f, "plate", "京");
	go_to(f, "brand-model");
	CHECK_STR(tui_form_error(f, "plate"), "");
	type_into(f, "owner", "张三");
	type_into(f, "owner-id", "11010519491231002X");
	CHECK_STR(tui_form_current(f)->key, "owner-address"); /* a valid ID of 18 moved on */
	type_into(f, "vin", "LSVAU218XN2183294");
	CHECK_INT(tui_form_collect(f, &err), SY_OK);
	CHECK_STR(v.plate, "");
	tui_form_free(f);
}

int main(void)
{
	test_edit();
	test_keys();
	test_list();
	test_form();
	test_form_speed();
	return CHECK_DONE();
}
