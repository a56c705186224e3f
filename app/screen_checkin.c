/* Check-in: the intake form (forms/form_intake.c) on screen. Saving runs
 * vehicle_add, one transaction: either the vehicle is in with its stock
 * number, or nothing is and the focus is on the field at fault. F5 takes the
 * weight from the scale into the field marked FORM_SCALE. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/screens.h"
#include "app/tui_form.h"
#include "app/tui_scale.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/form.h"
#include "forms/label.h"

enum { ACT_SHOW_SAVED = ACT_SCREEN };

/* Milliseconds between looks at the scale while weighing. */
#define SCALE_TICK_MS 100

struct checkin {
	struct vehicle v;
	struct tui_form *form;
	int saved; /* showing the stock number of the vehicle just saved */
	struct vehicle last;
	int weighing;
	char unusual[512]; /* an unusual mass, asked about before saving */
	int scale_result;
	double kg;
	int has_kg;
	char scale_msg[256];
};

static const struct tui_key checkin_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_SAVE, "Save", "保存", "Save the check-in", "保存登记"},
	{TUI_FN(KEY_F(5)), ACT_SCALE, "Scale", "读磅", "Read the weighed mass from the scale", "从地磅读取过磅重量"},
	{TUI_ENTER, ACT_SUBMIT, NULL, NULL, "Next field; on the last field: save", "下一栏；在最后一栏：保存"},
	{TUI_TAB, ACT_NEXT_FIELD, NULL, NULL, "Next field", "下一栏"},
	{TUI_FN(KEY_DOWN), ACT_NEXT_FIELD, NULL, NULL, "Next field", "下一栏"},
	{TUI_FN(KEY_BTAB), ACT_PREV_FIELD, NULL, NULL, "Previous field", "上一栏"},
	{TUI_FN(KEY_UP), ACT_PREV_FIELD, NULL, NULL, "Previous field", "上一栏"},
	{TUI_FN(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL, "A page of fields down", "向下翻一页"},
	{TUI_FN(KEY_PPAGE), ACT_PAGE_UP, NULL, NULL, "A page of fields up", "向上翻一页"},
	{TUI_FN(KEY_LEFT), ACT_NONE, NULL, NULL, "Cursor left; on a choice: the previous choice",
	 "光标左移；选择栏：上一个选项"},
	{TUI_FN(KEY_RIGHT), ACT_NONE, NULL, NULL, "Cursor right; on a choice: the next choice",
	 "光标右移；选择栏：下一个选项"},
	{' ', ACT_NONE, NULL, NULL, "On a choice: the next choice; on yes/no: toggle; on missing parts: mark",
	 "选择栏：下一个选项；是/否栏：切换；缺失部件：勾选"},
	{TUI_FN(KEY_HOME), ACT_NONE, NULL, NULL, "Start of the field", "移到栏首"},
	{TUI_FN(KEY_END), ACT_NONE, NULL, NULL, "End of the field", "移到栏尾"},
	{TUI_FN(KEY_BACKSPACE), ACT_NONE, NULL, NULL, "Delete the character before the cursor", "删除光标前的字"},
	{TUI_FN(KEY_DC), ACT_NONE, NULL, NULL, "Delete the character under the cursor", "删除光标处的字"},
	{TUI_CTRL('u'), ACT_NONE, NULL, NULL, "Delete up to the cursor", "删除光标前的全部内容"},
	{TUI_CTRL('k'), ACT_NONE, NULL, NULL, "Delete from the cursor to the end", "删除光标后的全部内容"},
	{TUI_FN(KEY_F(3)), ACT_SHOW_SAVED, NULL, NULL, "After saving: show the vehicle just saved",
	 "保存后：查看刚保存的车辆"},
	{'p', ACT_NONE, NULL, NULL, "After saving: print the vehicle tag", "保存后：打印车辆标签"},
	{'t', ACT_NONE, NULL, NULL, "After saving: show the vehicle tag before printing", "保存后：预览车辆标签"},
	{0},
};

static int checkin_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)t, (void)self, (void)arg;
	struct checkin *c = xcalloc(1, sizeof *c);
	vehicle_init(&c->v);
	c->form = tui_form_new(&form_intake, &c->v);
	*state = c;
	return 0;
}

static void checkin_close(struct tui *t, void *state)
{
	(void)t;
	struct checkin *c = state;
	if (c->weighing)
		tui_scale_release();
	tui_form_free(c->form);
	free(c);
}

static int checkin_unsaved(void *state)
{
	struct checkin *c = state;
	return !c->saved && tui_form_dirty(c->form);
}

/* Say what is wrong, naming the field, and put the focus on it. */
static void report(struct tui *t, struct checkin *c, const sy_err *err)
{
	const struct form_field *fld = *err->field ? form_find(&form_intake, err->field) : NULL;
	if (fld)
		tui_form_focus_key(c->form, err->field, err->msg);
	const char *label = fld ? form_label(fld) : NULL;
	if (label && strncasecmp(err->msg, label, strlen(label)) != 0)
		tui_error(t, _("%s: %s"), label, err->msg);
	else
		tui_error(t, "%s", err->msg);
}

static void save(struct tui *t, struct checkin *c)
{
	sy_err err = {0};
	tui_form_commit(NULL, c->form);
	if (tui_form_collect(c->form, &err) != SY_OK) {
		report(t, c, &err);
		return;
	}
	/* A mass unusual for the vehicle: a slip or a misread scale is asked
	 * about before it goes into every report. */
	if (!c->v.weight_confirmed && vehicle_check_weights(&c->v, &err) != SY_OK) {
		sy_strlcpy(c->unusual, err.msg, sizeof c->unusual);
		tui_form_focus_key(c->form, err.field, NULL);
		return;
	}
	if (vehicle_add(tui_db(t), &c->v, &err) != SY_OK) {
		report(t, c, &err);
		return;
	}
	c->last = c->v;
	c->saved = 1;
	tui_info(t, _("Saved as %s"), c->last.stock_no);
}

static void start_next(struct tui *t, struct checkin *c)
{
	(void)t;
	vehicle_init(&c->v);
	tui_form_load(c->form);
	c->saved = 0;
}

/* ---- weighing ---- */

static const struct form_field *scale_field(void)
{
	for (int i = 0; i < form_intake.count; i++)
		if (form_intake.fields[i].flags & FORM_SCALE)
			return &form_intake.fields[i];
	return NULL;
}

static void scale_look(struct tui *t, struct checkin *c)
{
	double kg = 0;
	char msg[256];
	int r = tui_read_scale(&kg, msg, sizeof msg);
	if (r == TUI_SCALE_ERROR) {
		c->weighing = 0;
		tui_ticks(t, 0);
		tui_error(t, "%s", msg);
		return;
	}
	if (r == TUI_SCALE_STABLE || r == TUI_SCALE_MOTION) {
		c->kg = kg;
		c->has_kg = 1;
	}
	/* Nothing new: the last word stays on screen. */
	if (r == TUI_SCALE_WAITING && !*msg)
		return;
	c->scale_result = r;
	sy_strlcpy(c->scale_msg, msg, sizeof c->scale_msg);
}

static void scale_start(struct tui *t, struct checkin *c)
{
	if (!scale_field())
		return;
	c->weighing = 1;
	c->has_kg = 0;
	c->scale_result = TUI_SCALE_WAITING;
	c->scale_msg[0] = '\0';
	scale_look(t, c);
	if (c->weighing)
		tui_ticks(t, SCALE_TICK_MS);
}

static void scale_stop(struct tui *t, struct checkin *c)
{
	c->weighing = 0;
	tui_ticks(t, 0);
	tui_scale_release();
}

static void scale_take(struct tui *t, struct checkin *c)
{
	if (!c->has_kg || c->scale_result != TUI_SCALE_STABLE) {
		tui_error(t, _("The weight is not stable yet: wait until the scale says stable"));
		return;
	}
	char value[32];
	snprintf(value, sizeof value, "%.2f", c->kg);
	scale_stop(t, c);
	if (tui_form_set(t, c->form, scale_field()->key, value) == 0)
		tui_info(t, _("Weight taken from the scale: %s kg"), value);
}

static int weighing_key(struct tui *t, struct checkin *c, int action)
{
	if (action == ACT_BACK)
		scale_stop(t, c), tui_info(t, _("Weighing cancelled"));
	else if (action == ACT_SUBMIT || action == ACT_SCALE)
		scale_take(t, c);
	else if (action == ACT_QUIT || action == ACT_HELP)
		return TUI_UNHANDLED;
	return TUI_HANDLED;
}

static void checkin_tick(struct tui *t, void *state)
{
	struct checkin *c = state;
	if (c->weighing)
		scale_look(t, c);
}

/* ---- keys ---- */

static int saved_key(struct tui *t, struct checkin *c, int action, int key)
{
	if (action == ACT_SUBMIT || key == 'n' || key == 'N') {
		start_next(t, c);
		return TUI_HANDLED;
	}
	if (key == 't' || key == 'T') {
		struct label_ref ref = {LABEL_VEHICLE, c->last.stock_no};
		tui_push(t, &screen_label_preview, &ref);
		return TUI_HANDLED;
	}
	if (key == 'p' || key == 'P') {
		tui_label_print(t, LABEL_VEHICLE, c->last.stock_no);
		return TUI_HANDLED;
	}
	if (action == ACT_SHOW_SAVED || key == 'v' || key == 'V') {
		tui_push(t, &screen_vehicle, &c->last.id);
		return TUI_HANDLED;
	}
	return action == ACT_NONE || action == ACT_SAVE || action == ACT_SCALE ? TUI_HANDLED : TUI_UNHANDLED;
}

/* The question about an unusual mass: Enter saves it as it is, any other
 * key goes back to the field to correct it. */
static int unusual_key(struct tui *t, struct checkin *c, int action, int key)
{
	if (action == ACT_QUIT || action == ACT_HELP)
		return TUI_UNHANDLED;
	c->unusual[0] = '\0';
	if (key == TUI_ENTER || action == ACT_SAVE) {
		c->v.weight_confirmed = 1;
		save(t, c);
		c->v.weight_confirmed = 0;
	} else {
		tui_info(t, "%s", _("Not saved: correct the mass, then save again"));
	}
	return TUI_HANDLED;
}

static int checkin_key(struct tui *t, void *state, int action, int key)
{
	struct checkin *c = state;
	if (c->weighing)
		return weighing_key(t, c, action);
	if (c->unusual[0])
		return unusual_key(t, c, action, key);
	if (c->saved)
		return saved_key(t, c, action, key);
	switch (action) {
	case ACT_SAVE: save(t, c); return TUI_HANDLED;
	case ACT_SCALE: scale_start(t, c); return TUI_HANDLED;
	case ACT_SHOW_SAVED: return TUI_HANDLED;
	default: break;
	}
	int r = tui_form_key(t, c->form, action, key);
	if (r == FORM_KEY_SUBMIT)
		save(t, c);
	return r == FORM_KEY_IGNORED ? TUI_UNHANDLED : TUI_HANDLED;
}

/* ---- drawing ---- */

static void draw_box(struct tui_rect r, const char *const *lines, const int *attrs, int n)
{
	int w = 0;
	for (int i = 0; i < n; i++)
		if (tui_width(lines[i]) > w)
			w = tui_width(lines[i]);
	w += 6;
	if (w > r.w - 2)
		w = r.w - 2;
	int h = n + 4, y = r.y + (r.h - h) / 2, x = r.x + (r.w - w) / 2;
	tui_box(y, x, h, w, tui_style(STYLE_BOX));
	for (int i = 0; i < n; i++)
		tui_put(y + 2 + i, x + 3, w - 6, lines[i], attrs[i]);
}

static void draw_saved(struct tui_rect r, const struct checkin *c)
{
	char head[128], what[256];
	snprintf(head, sizeof head, _("Saved as %s"), c->last.stock_no);
	if (*c->last.plate)
		snprintf(what, sizeof what, "%s  %s  %s", c->last.vin, c->last.plate, c->last.owner_name);
	else
		snprintf(what, sizeof what, "%s  %s", c->last.vin, c->last.owner_name);
	const char *lines[] = {head, what, "", _("Enter: check in the next vehicle"),
			       _("V or F3: show this vehicle    Esc: back to the menu"),
			       sy_pick("P: print the vehicle tag    T: show the tag first", "P：打印车辆标签    T：先预览标签")};
	const int attrs[] = {tui_style(STYLE_INFO) | A_BOLD, A_NORMAL, A_NORMAL, A_NORMAL, A_NORMAL, A_NORMAL};
	draw_box(r, lines, attrs, 6);
}

static void draw_weighing(struct tui_rect r, const struct checkin *c)
{
	char weight[128], state[300];
	if (c->has_kg)
		snprintf(weight, sizeof weight, "%.2f kg", c->kg);
	else
		snprintf(weight, sizeof weight, "%s", _("waiting for the scale..."));
	snprintf(state, sizeof state, "%s", c->scale_msg);
	const char *lines[] = {_("Reading the scale"), weight, state, "",
			       _("Enter: take the weight once stable    Esc: cancel")};
	int state_attr = c->scale_result == TUI_SCALE_STABLE ? tui_style(STYLE_INFO)
			 : c->scale_result == TUI_SCALE_CONDITION ? tui_style(STYLE_LATE)
								  : tui_style(STYLE_MARK);
	const int attrs[] = {A_BOLD, A_BOLD, state_attr, A_NORMAL, A_NORMAL};
	draw_box(r, lines, attrs, 5);
}

/* The message broken into lines that fit the box. */
static void draw_unusual(struct tui_rect r, const struct checkin *c)
{
	char parts[4][512];
	const char *lines[7];
	int attrs[7], n = 0, width = r.w - 10 < 64 ? r.w - 10 : 64;
	const char *s = c->unusual;
	lines[n] = _("Is this mass right?"), attrs[n++] = tui_style(STYLE_LATE) | A_BOLD;
	for (int i = 0; i < 4 && *s; i++) {
		size_t fit = tui_fit(s, width), cut = fit;
		if (s[fit])
			while (cut > 0 && s[cut] != ' ')
				cut--;
		if (cut == 0)
			cut = fit;
		snprintf(parts[i], sizeof parts[i], "%.*s", (int)cut, s);
		lines[n] = parts[i], attrs[n++] = A_NORMAL;
		s += cut;
		while (*s == ' ')
			s++;
	}
	lines[n] = "", attrs[n++] = A_NORMAL;
	lines[n] = _("Enter: save it as it is    any other key: correct it"), attrs[n++] = A_NORMAL;
	draw_box(r, lines, attrs, n);
}

static void checkin_draw(struct tui *t, void *state)
{
	struct checkin *c = state;
	struct tui_rect r = tui_body(t);
	tui_form_draw(t, c->form, r);
	if (c->saved) {
		tui_cursor(t, -1, -1);
		draw_saved(r, c);
	} else if (c->weighing) {
		tui_cursor(t, -1, -1);
		draw_weighing(r, c);
	} else if (c->unusual[0]) {
		tui_cursor(t, -1, -1);
		draw_unusual(r, c);
	}
}

const struct screen_ops screen_checkin = {
	.name = "checkin",
	.title_en = "Check-in",
	.title_zh = "车辆登记",
	.keys = checkin_keys,
	.open = checkin_open,
	.draw = checkin_draw,
	.key = checkin_key,
	.close = checkin_close,
	.unsaved = checkin_unsaved,
	.tick = checkin_tick,
};
