/* Part entry for one vehicle, fast: the kind by typing part of its name
 * (English or Chinese; the list narrows as typed), the grade by one key,
 * the destination by one key, the weight from the scale (F5) or typed, the
 * bin and the price. Enter saves through part_add, which keeps the rules
 * (pretreatment first, no reuse for the five assemblies...): its refusals
 * come back on the status line. F3 prints the label of the part just saved,
 * F6 shows it first. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/label_print.h"
#include "app/screens.h"
#include "app/tui_edit.h"
#include "app/tui_scale.h"
#include "base/i18n.h"
#include "db/part.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "base/bitmap.h"

enum { ACT_LABEL = ACT_SCREEN, ACT_PREVIEW };
enum field { F_KIND, F_GRADE, F_DEST, F_WEIGHT, F_LOCATION, F_PRICE, F_COUNT };

#define MATCH_ROWS 5

struct part_entry {
	struct vehicle v;
	struct part_kind *kinds;
	int nkinds, cap;
	int *match, nmatch, msel, mtop;
	int chosen; /* index in kinds, -1: none yet */
	enum field focus;
	struct tui_edit kind, weight, location, price;
	char grade[2];
	int dest; /* index in part_dests, -1: the kind's default */
	struct part last;
	int has_last;
	char *preview; /* the label as block characters, while shown */
	struct tui_weighing weighing;
};

static const struct tui_key part_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_SAVE, "Save", "保存", "Save the part", "保存零部件"},
	{TUI_FN(KEY_F(3)), ACT_LABEL, "Label", "打标签", "Print the label of the part just saved", "打印刚保存零部件的标签"},
	{TUI_FN(KEY_F(5)), ACT_SCALE, "Scale", "读磅", "Read the weight from the scale", "从秤上读取重量"},
	{TUI_FN(KEY_F(6)), ACT_PREVIEW, "Preview", "预览", "Show the label of the part just saved",
	 "预览刚保存零部件的标签"},
	{TUI_ENTER, ACT_SUBMIT, NULL, NULL, "On the kind: take the kind under the cursor; elsewhere: save",
	 "零部件名称栏：选定所选名称；其他栏：保存"},
	{TUI_TAB, ACT_NEXT_FIELD, NULL, NULL, "Next field", "下一栏"},
	{TUI_FN(KEY_BTAB), ACT_PREV_FIELD, NULL, NULL, "Previous field", "上一栏"},
	{TUI_FN(KEY_DOWN), ACT_DOWN, NULL, NULL, "On the kind: next name in the list; elsewhere: next field",
	 "零部件名称栏：列表中下一个；其他栏：下一栏"},
	{TUI_FN(KEY_UP), ACT_UP, NULL, NULL, "On the kind: previous name in the list; elsewhere: previous field",
	 "零部件名称栏：列表中上一个；其他栏：上一栏"},
	{'a', ACT_NONE, NULL, NULL, "On the grade: A, B or C sets the grade", "等级栏：按 A、B 或 C"},
	{'1', ACT_NONE, NULL, NULL, "On the destination: 1 to 6 picks it", "去向栏：按 1 至 6 选择"},
	{TUI_FN(KEY_BACKSPACE), ACT_NONE, NULL, NULL, "Delete the character before the cursor", "删除光标前的字"},
	{TUI_CTRL('u'), ACT_NONE, NULL, NULL, "Delete up to the cursor", "删除光标前的全部内容"},
	{0},
};

/* The line editor of a typed field; NULL for the grade and destination. */
static struct tui_edit *edit_of(struct part_entry *p, enum field f)
{
	switch (f) {
	case F_KIND: return &p->kind;
	case F_WEIGHT: return &p->weight;
	case F_LOCATION: return &p->location;
	case F_PRICE: return &p->price;
	default: return NULL;
	}
}

/* The focus goes to field f with its value selected (the bin of the last
 * part, a weight from the scale): typing replaces it. */
static void focus_field(struct part_entry *p, enum field f)
{
	p->focus = f;
	if (edit_of(p, f))
		tui_edit_select(edit_of(p, f));
}

static int keep_kind(const struct part_kind *k, void *ctx)
{
	struct part_entry *p = ctx;
	if (p->nkinds == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->kinds = xrealloc(p->kinds, (size_t)p->cap * sizeof *p->kinds);
	}
	p->kinds[p->nkinds++] = *k;
	return 0;
}

/* The kinds whose code or name holds the text typed (any case). */
static void filter_kinds(struct part_entry *p)
{
	char text[TUI_EDIT_MAX * 4];
	tui_edit_text(&p->kind, text, sizeof text);
	p->nmatch = 0;
	for (int i = 0; i < p->nkinds; i++) {
		const struct part_kind *k = &p->kinds[i];
		if (!*text || strcasestr(k->code, text) || strcasestr(k->name_en, text) || strstr(k->name_zh, text))
			p->match[p->nmatch++] = i;
	}
	p->msel = p->mtop = 0;
}

static void clear_entry(struct part_entry *p)
{
	tui_edit_clear(&p->kind);
	tui_edit_clear(&p->weight);
	tui_edit_clear(&p->price);
	p->chosen = -1;
	p->dest = -1;
	focus_field(p, F_KIND);
	filter_kinds(p);
}

static int part_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	sy_err err = {0};
	struct part_entry *p = xcalloc(1, sizeof *p);
	if (!arg || vehicle_get(tui_db(t), *(const int64_t *)arg, &p->v, &err) != SY_OK ||
	    part_kind_list(tui_db(t), keep_kind, p, &err) != SY_OK) {
		tui_error(t, "%s", err.msg[0] ? err.msg : _("That vehicle is no longer there"));
		free(p->kinds);
		free(p);
		return -1;
	}
	p->match = xcalloc((size_t)(p->nkinds ? p->nkinds : 1), sizeof *p->match);
	sy_strlcpy(p->grade, "B", sizeof p->grade);
	tui_edit_set(&p->location, "", 20);
	tui_edit_set(&p->kind, "", 30);
	tui_edit_set(&p->weight, "", 10);
	tui_edit_set(&p->price, "", 10);
	clear_entry(p);
	*state = p;
	return 0;
}

static void part_close(struct tui *t, void *state)
{
	struct part_entry *p = state;
	if (p->weighing.active)
		tui_weighing_stop(t, &p->weighing);
	free(p->preview);
	free(p->kinds);
	free(p->match);
	free(p);
}

static int part_unsaved(void *state)
{
	const struct part_entry *p = state;
	return !tui_edit_empty(&p->kind) || !tui_edit_empty(&p->weight) || !tui_edit_empty(&p->price);
}

/* Leaving the kind field takes the highlighted kind. */
static void take_kind(struct part_entry *p)
{
	if (p->nmatch > 0 && !tui_edit_empty(&p->kind)) {
		p->chosen = p->match[p->msel];
		tui_edit_set(&p->kind, part_kind_name(&p->kinds[p->chosen]), 30);
	}
}

static void move_focus(struct part_entry *p, int by)
{
	if (p->focus == F_KIND)
		take_kind(p);
	focus_field(p, (enum field)((p->focus + by + F_COUNT) % F_COUNT));
}

static const char *const field_keys[F_COUNT] = {"kind", "grade", "dest", "weight", "location", "price"};

static int number(struct tui *t, struct tui_edit *e, const char *what, double *out)
{
	char text[64], *end;
	tui_edit_text(e, text, sizeof text);
	*out = 0;
	if (!*text)
		return 0;
	*out = strtod(text, &end);
	if (*end || *out < 0) {
		tui_error(t, _("%s: type a number such as 12.5"), what);
		return -1;
	}
	return 0;
}

static void save(struct tui *t, struct part_entry *p)
{
	char kind[128], location[96];
	struct part_input in = {0};
	sy_err err = {0};
	if (p->focus == F_KIND)
		take_kind(p);
	if (p->chosen >= 0)
		in.kind = p->kinds[p->chosen].code;
	else {
		tui_edit_text(&p->kind, kind, sizeof kind);
		in.kind = kind;
	}
	if (!*in.kind) {
		tui_error(t, _("Type part of the kind's name, then Enter"));
		focus_field(p, F_KIND);
		return;
	}
	if (number(t, &p->weight, _("Weight"), &in.weight_kg) != 0) {
		focus_field(p, F_WEIGHT);
		return;
	}
	if (number(t, &p->price, _("Price"), &in.price) != 0) {
		focus_field(p, F_PRICE);
		return;
	}
	in.grade = p->grade;
	in.dest = p->dest >= 0 ? part_dests[p->dest].code : NULL;
	tui_edit_text(&p->location, location, sizeof location);
	in.location = *location ? location : NULL;
	struct part saved;
	if (part_add(tui_db(t), &p->v, &in, &saved, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		for (int i = 0; i < F_COUNT; i++)
			if (strcmp(err.field, field_keys[i]) == 0)
				focus_field(p, (enum field)i);
		return;
	}
	p->last = saved;
	p->has_last = 1;
	clear_entry(p);
	tui_info(t, _("Saved as %s (%s): F3 prints its label"), saved.part_no, part_kind_name(&saved.kind));
}

static void print_label(struct tui *t, struct part_entry *p)
{
	struct label_print_opts o = {0};
	struct label_print_result res;
	sy_err err = {0};
	if (!p->has_last) {
		tui_error(t, _("Save a part first: its label is printed after saving"));
		return;
	}
	if (label_print(tui_db(t), LABEL_PART, p->last.part_no, &o, &res, &err) != SY_OK)
		tui_error(t, "%s", err.msg);
	else
		tui_info(t, _("Label of %s printed on %s"), p->last.part_no, res.printer_name);
}

static void show_preview(struct tui *t, struct part_entry *p)
{
	struct bitmap *bm = NULL;
	struct label_layout lay;
	sy_err err = {0};
	if (!p->has_last) {
		tui_error(t, _("Save a part first: its label is shown after saving"));
		return;
	}
	if (label_render_ref(tui_db(t), LABEL_PART, p->last.part_no, NULL, NULL, NULL, &bm, &lay, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	struct tui_rect r = tui_body(t);
	size_t need = bitmap_to_blocks(bm, r.w - 4, r.h - 4, NULL, 0, NULL, NULL) + 1;
	free(p->preview);
	p->preview = xmalloc(need);
	bitmap_to_blocks(bm, r.w - 4, r.h - 4, p->preview, need, NULL, NULL);
	bitmap_free(bm);
	tui_info(t, _("Label of %s (%.0fx%.0f mm): F3 prints it, Esc closes"), p->last.part_no, lay.width_mm, lay.height_mm);
}

/* ---- weighing ---- */

static int weighing_key(struct tui *t, struct part_entry *p, int action)
{
	char value[32];
	enum tui_weighing_result r = tui_weighing_key(t, &p->weighing, action, value, sizeof value);
	if (r == WEIGHING_TAKEN) {
		tui_edit_set(&p->weight, value, 10);
		focus_field(p, F_LOCATION);
	}
	return r == WEIGHING_PASS ? TUI_UNHANDLED : TUI_HANDLED;
}

static void part_tick(struct tui *t, void *state)
{
	struct part_entry *p = state;
	if (p->weighing.active)
		tui_weighing_look(t, &p->weighing);
}

/* ---- keys ---- */

static int typed(struct tui *t, struct part_entry *p, int key)
{
	switch (p->focus) {
	case F_KIND:
		if (tui_edit_key(&p->kind, key) == EDIT_CHANGED) {
			p->chosen = -1;
			filter_kinds(p);
		}
		return TUI_HANDLED;
	case F_GRADE:
		if (key == 'a' || key == 'A' || key == 'b' || key == 'B' || key == 'c' || key == 'C') {
			p->grade[0] = (char)(key & ~0x20);
			focus_field(p, F_DEST);
		} else if (tui_edit_printable(key))
			tui_error(t, _("Grade: press A, B or C"));
		return TUI_HANDLED;
	case F_DEST: {
		int n = 0;
		while (part_dests[n].code)
			n++;
		if (key >= '1' && key < '1' + n) {
			p->dest = key - '1';
			focus_field(p, F_WEIGHT);
		} else if (tui_edit_printable(key))
			tui_error(t, _("Destination: press 1 to %d"), n);
		return TUI_HANDLED;
	}
	case F_WEIGHT: tui_edit_key(&p->weight, key); return TUI_HANDLED;
	case F_LOCATION: tui_edit_key(&p->location, key); return TUI_HANDLED;
	case F_PRICE: tui_edit_key(&p->price, key); return TUI_HANDLED;
	default: return TUI_UNHANDLED;
	}
}

static int part_key(struct tui *t, void *state, int action, int key)
{
	struct part_entry *p = state;
	if (p->weighing.active)
		return weighing_key(t, p, action);
	if (p->preview) {
		if (action == ACT_QUIT || action == ACT_HELP)
			return TUI_UNHANDLED;
		FREE(&p->preview);
		if (action == ACT_LABEL)
			print_label(t, p);
		return TUI_HANDLED;
	}
	switch (action) {
	case ACT_SAVE: save(t, p); return TUI_HANDLED;
	case ACT_LABEL: print_label(t, p); return TUI_HANDLED;
	case ACT_PREVIEW: show_preview(t, p); return TUI_HANDLED;
	case ACT_SCALE:
		focus_field(p, F_WEIGHT);
		tui_weighing_start(t, &p->weighing);
		return TUI_HANDLED;
	case ACT_SUBMIT:
		if (p->focus == F_KIND)
			move_focus(p, 1);
		else
			save(t, p);
		return TUI_HANDLED;
	case ACT_NEXT_FIELD: move_focus(p, 1); return TUI_HANDLED;
	case ACT_PREV_FIELD: move_focus(p, -1); return TUI_HANDLED;
	case ACT_DOWN:
		if (p->focus == F_KIND && p->msel + 1 < p->nmatch)
			p->msel++;
		else if (p->focus != F_KIND)
			move_focus(p, 1);
		return TUI_HANDLED;
	case ACT_UP:
		if (p->focus == F_KIND && p->msel > 0)
			p->msel--;
		else if (p->focus != F_KIND)
			move_focus(p, -1);
		return TUI_HANDLED;
	case ACT_NONE: return typed(t, p, key);
	default: return TUI_UNHANDLED;
	}
}

/* ---- drawing ---- */

static int label_w;

static void row_label(int y, int x, const char *text, int focus)
{
	tui_put(y, x, 2, focus ? ">" : " ", tui_style(STYLE_MARK));
	tui_put(y, x + 2, label_w + 1, text, focus ? (int)A_BOLD : (int)A_NORMAL);
}

static void draw_edit(struct tui *t, struct part_entry *p, enum field f, struct tui_edit *e, int y, int x, int w)
{
	int focus = p->focus == f;
	int cx = tui_edit_draw(e, y, x, w, tui_style(focus ? STYLE_FIELD_FOCUS : STYLE_FIELD));
	if (focus)
		tui_cursor(t, y, cx);
}

static void draw_matches(struct part_entry *p, int y, int x, int w)
{
	if (p->msel < p->mtop)
		p->mtop = p->msel;
	if (p->msel >= p->mtop + MATCH_ROWS)
		p->mtop = p->msel - MATCH_ROWS + 1;
	for (int i = 0; i < MATCH_ROWS; i++) {
		int m = p->mtop + i;
		if (m >= p->nmatch) {
			tui_put(y + i, x, w, i == 0 ? _("(no kind has that in its name)") : "", tui_style(STYLE_HINT));
			continue;
		}
		const struct part_kind *k = &p->kinds[p->match[m]];
		char text[256];
		snprintf(text, sizeof text, "%s  %s  %s%s", sy_lang_is_zh() ? k->name_zh : k->name_en,
			 sy_lang_is_zh() ? k->name_en : k->name_zh, k->code,
			 k->assembly ? _("  (assembly)") : k->hazardous ? _("  (hazardous)") : "");
		int attr = m == p->msel && p->focus == F_KIND ? tui_style(STYLE_SELECTED) : (int)A_NORMAL;
		tui_put(y + i, x, w, text, attr);
	}
	if (p->mtop > 0)
		tui_scroll_mark(y, x + w, 1);
	if (p->mtop + MATCH_ROWS < p->nmatch)
		tui_scroll_mark(y + MATCH_ROWS - 1, x + w, 0);
}

static void draw_dest(struct part_entry *p, int y, int x, int w)
{
	const char *def = p->chosen >= 0 ? part_default_dest(&p->kinds[p->chosen]) : NULL;
	for (int i = 0; part_dests[i].code && x < w; i++) {
		char text[96];
		int on = p->dest == i || (p->dest < 0 && def && strcmp(def, part_dests[i].code) == 0);
		const char *name = sy_lang_is_zh() ? part_dests[i].zh : part_dests[i].code;
		snprintf(text, sizeof text, "%d %s", i + 1, name);
		int cw = tui_width(text);
		tui_put(y, x, cw, text, on ? tui_style(STYLE_SELECTED) : (int)A_NORMAL);
		x += cw + 2;
	}
}

static const char *field_hint(const struct part_entry *p)
{
	switch (p->focus) {
	case F_KIND: return _("Type part of the name (English or Chinese); Up/Down choose; Enter takes it");
	case F_GRADE: return _("A: as new  B: used, good  C: worn or damaged");
	case F_DEST: return _("1 to 6; assemblies go to remanufacture or material only");
	case F_WEIGHT: return _("Kilograms; F5 reads the scale");
	case F_LOCATION: return _("Bin or shelf, e.g. A-03-2");
	default: return _("Asking price in yuan; Enter saves");
	}
}

static void draw_preview(struct part_entry *p, struct tui_rect r)
{
	int lines = 0, cols = 0;
	for (const char *s = p->preview; *s;) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char line[2048];
		snprintf(line, sizeof line, "%.*s", (int)n, s);
		if (tui_width(line) > cols)
			cols = tui_width(line);
		lines++;
		s += n + (e ? 1 : 0);
	}
	int h = lines + 2, w = cols + 4;
	int y = r.y + (r.h - h) / 2, x = r.x + (r.w - w) / 2;
	tui_box(y, x, h, w, tui_style(STYLE_BOX));
	int i = 0;
	for (const char *s = p->preview; *s; i++) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char line[2048];
		snprintf(line, sizeof line, "%.*s", (int)n, s);
		tui_put(y + 1 + i, x + 2, cols, line, A_NORMAL);
		s += n + (e ? 1 : 0);
	}
}

static void part_draw(struct tui *t, void *state)
{
	struct part_entry *p = state;
	struct tui_rect r = tui_body(t);
	char text[512];
	const char *labels[F_COUNT] = {_("Kind"), _("Grade"), _("Destination"),
					 _("Weight (kg)"), _("Bin"), _("Price")};
	label_w = 0;
	for (int i = 0; i < F_COUNT; i++)
		if (tui_width(labels[i]) > label_w)
			label_w = tui_width(labels[i]);
	snprintf(text, sizeof text, "%s  %s  %s  %s", p->v.stock_no, p->v.vin, p->v.plate, p->v.brand_model);
	tui_put(r.y, r.x + 1, r.w - 2, text, A_BOLD);
	int x = r.x + 1, vx = x + label_w + 4, vw = r.w - (vx - r.x) - 2;
	int y = r.y + 2;
	row_label(y, x, labels[F_KIND], p->focus == F_KIND);
	draw_edit(t, p, F_KIND, &p->kind, y, vx, 32);
	if (p->chosen >= 0)
		tui_put(y, vx + 34, vw - 34, p->kinds[p->chosen].code, tui_style(STYLE_HINT));
	draw_matches(p, y + 1, vx, vw - 1);
	y += MATCH_ROWS + 2;
	row_label(y, x, labels[F_GRADE], p->focus == F_GRADE);
	for (int i = 0; part_grades[i].code; i++) {
		int on = strcmp(p->grade, part_grades[i].code) == 0;
		tui_put(y, vx + i * 4, 3, part_grades[i].code, on ? tui_style(STYLE_SELECTED) : (int)A_NORMAL);
	}
	if (p->focus == F_GRADE)
		tui_cursor(t, y, vx);
	row_label(++y, x, labels[F_DEST], p->focus == F_DEST);
	draw_dest(p, y, vx, r.x + r.w - 1);
	if (p->focus == F_DEST)
		tui_cursor(t, y, vx);
	row_label(++y, x, labels[F_WEIGHT], p->focus == F_WEIGHT);
	draw_edit(t, p, F_WEIGHT, &p->weight, y, vx, 12);
	tui_put(y, vx + 13, vw - 13, _("F5: scale"), tui_style(STYLE_HINT));
	row_label(++y, x, labels[F_LOCATION], p->focus == F_LOCATION);
	draw_edit(t, p, F_LOCATION, &p->location, y, vx, 22);
	row_label(++y, x, labels[F_PRICE], p->focus == F_PRICE);
	draw_edit(t, p, F_PRICE, &p->price, y, vx, 12);
	y += 2;
	if (p->has_last) {
		snprintf(text, sizeof text, _("Last saved: %s  %s  %s  %s"), p->last.part_no, part_kind_name(&p->last.kind),
			 p->last.grade, code_label(part_dests, p->last.dest));
		if (p->last.weight_kg > 0)
			snprintf(text + strlen(text), sizeof text - strlen(text), "  %g kg", p->last.weight_kg);
		tui_put(y, x + 1, r.w - 3, text, tui_style(STYLE_INFO));
		tui_put(y + 1, x + 1, r.w - 3, _("F3: print its label  F6: preview the label"), tui_style(STYLE_HINT));
	}
	tui_put(r.y + r.h - 1, x, r.w - 2, field_hint(p), tui_style(STYLE_HINT));
	if (p->weighing.active)
		tui_weighing_draw(r, &p->weighing);
	if (p->preview)
		draw_preview(p, r);
}

const struct screen_ops screen_part_entry = {
	.name = "part-entry",
	.title_en = "Part entry",
	.title_zh = "零部件登记",
	.keys = part_keys,
	.open = part_open,
	.draw = part_draw,
	.key = part_key,
	.close = part_close,
	.unsaved = part_unsaved,
	.tick = part_tick,
};
