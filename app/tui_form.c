#include "app/tui_form.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/tui_edit.h"
#include "base/i18n.h"
#include "base/util.h"

struct tui_form_value {
	struct tui_edit edit;
	char error[256];
	int typing; /* a choice field: the clerk types a code instead of cycling */
	int item;   /* a multiple-choice field: the choice under the cursor */
	int learned; /* filled by the program from what it learned: Enter passes it by */
	int lead;    /* a start the clerk types after (the yard's province): empty until typed after */
	char note[160]; /* where a learned value came from */
};

struct tui_form {
	const struct form *form;
	void *record;
	struct tui_form_value *values;
	int focus;      /* index into form->fields */
	int top;        /* first row shown (index among the shown fields) */
	int page;       /* rows of fields at the last draw */
	int dirty;
	int advanced; /* the last key made a value whole and moved on: an Enter, Tab or Down next is part of it */
};

/* Values are at most this long in bytes (notes: 500 characters of 3 bytes). */
#define VALUE_SIZE 1600

/* A key that answered the field whole (Y on a yes/no, 2 plates, the third
 * choice): the focus moves on by itself, as the grade does on part entry. */
#define FORM_KEY_ANSWERED 100

/* ---- fields ---- */

static const struct form_field *field(const struct tui_form *f, int i) { return &f->form->fields[i]; }

static int shown(const struct tui_form *f, int i) { return form_applies(field(f, i), f->record); }

/* The focus goes to field i with its value selected: typing replaces it
 * (a lead is typed after instead). */
static void focus_on(struct tui_form *f, int i)
{
	f->focus = i;
	if (!f->values[i].lead)
		tui_edit_select(&f->values[i].edit);
}

/* A flag the clerk may leave to the program (police supervision follows the
 * vehicle type unless the clerk says otherwise). */
static int tristate(const struct form_field *fld) { return fld->type == FORM_FLAG && fld->set_offset; }

static int is_choice(const struct form_field *fld) { return fld->type == FORM_CHOICE || fld->type == FORM_CHOICES; }

static int max_chars(const struct form_field *fld)
{
	if (fld->type == FORM_TEXT && fld->max > 0)
		return fld->max;
	return 64; /* identifiers, numbers, dates; form_check says when too long */
}

/* The value as the record takes it: a lead not typed after is no value yet. */
static void value_text(const struct tui_form *f, int i, char *out, size_t outsz)
{
	if (f->values[i].lead)
		*out = '\0';
	else
		tui_edit_text(&f->values[i].edit, out, outsz);
}

static void set_value(struct tui_form *f, int i, const char *text)
{
	tui_edit_set(&f->values[i].edit, text, max_chars(field(f, i)));
	f->values[i].lead = 0;
}

/* Empty a member of the record: text, number or flag. */
static void clear_member(const struct form_field *fld, void *record)
{
	char *at = (char *)record + fld->offset;
	switch (fld->type) {
	case FORM_MASS: *(double *)at = 0; break;
	case FORM_COUNT: *(int *)at = 0; break;
	case FORM_FLAG:
		*(int *)at = 0;
		if (fld->set_offset)
			*(int *)((char *)record + fld->set_offset) = 0;
		break;
	default: at[0] = '\0';
	}
}

/* Store a value into the record when it is good; err may be NULL. */
static int store(struct tui_form *f, int i, const char *text, sy_err *err)
{
	const struct form_field *fld = field(f, i);
	sy_err scratch;
	if (!err)
		err = &scratch; /* form_set reads err->status */
	char trimmed[VALUE_SIZE];
	sy_strlcpy(trimmed, text, sizeof trimmed);
	if (!*trimmed && !form_required(fld, f->record)) {
		clear_member(fld, f->record);
		return SY_OK;
	}
	return form_set(fld, f->record, text, err);
}

struct tui_form *tui_form_new(const struct form *form, void *record)
{
	struct tui_form *f = xcalloc(1, sizeof *f);
	f->form = form;
	f->record = record;
	f->values = xcalloc((size_t)form->count, sizeof *f->values);
	tui_form_load(f);
	return f;
}

void tui_form_free(struct tui_form *f)
{
	if (!f)
		return;
	free(f->values);
	free(f);
}

void tui_form_load(struct tui_form *f)
{
	char text[VALUE_SIZE];
	for (int i = 0; i < f->form->count; i++) {
		const struct form_field *fld = field(f, i);
		form_get(fld, f->record, text, sizeof text);
		if (tristate(fld) && !*(const int *)((const char *)f->record + fld->set_offset))
			text[0] = '\0'; /* not said: decided by the program */
		memset(&f->values[i], 0, sizeof f->values[i]);
		set_value(f, i, text);
	}
	int first = 0;
	while (first < f->form->count - 1 && !shown(f, first))
		first++;
	focus_on(f, first);
	f->top = 0;
	f->dirty = 0;
}

int tui_form_dirty(const struct tui_form *f) { return f->dirty; }

static int index_of(const struct tui_form *f, const char *key)
{
	const struct form_field *fld = form_find(f->form, key);
	return fld ? (int)(fld - f->form->fields) : -1;
}

const char *tui_form_error(const struct tui_form *f, const char *key)
{
	int i = index_of(f, key);
	return i < 0 ? "" : f->values[i].error;
}

void tui_form_value(const struct tui_form *f, const char *key, char *out, size_t outsz)
{
	int i = index_of(f, key);
	if (i < 0)
		*out = '\0';
	else
		value_text(f, i, out, outsz);
}

int tui_form_shown(const struct tui_form *f, const char *key)
{
	int i = index_of(f, key);
	return i >= 0 && shown(f, i);
}
const struct form_field *tui_form_current(const struct tui_form *f) { return field(f, f->focus); }

/* ---- choices ---- */

static const struct code_label *choice_of(const struct form_field *fld, const char *code)
{
	for (const struct code_label *c = fld->choices; c && c->code; c++)
		if (strcmp(c->code, code) == 0)
			return c;
	return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return n && strncasecmp(s, prefix, n) == 0;
}

/* What the clerk typed into a choice field, as a code: the code or label
 * itself, or the one choice it begins. Unknown text stays for form_check to
 * refuse with its message. */
static const char *resolve_choice(const struct form_field *fld, const char *typed)
{
	const struct code_label *hit = NULL;
	int hits = 0;
	for (const struct code_label *c = fld->choices; c && c->code; c++) {
		if (strcasecmp(c->code, typed) == 0 || strcasecmp(c->en, typed) == 0 || strcmp(c->zh, typed) == 0)
			return c->code;
		if (starts_with(c->code, typed) || starts_with(c->en, typed) || starts_with(c->zh, typed))
			hit = c, hits++;
	}
	return hits == 1 ? hit->code : typed;
}

static int choice_count(const struct form_field *fld)
{
	int n = 0;
	while (fld->choices && fld->choices[n].code)
		n++;
	return n;
}

/* Step a single choice: the empty value first when the field may stay empty. */
static void cycle_choice(struct tui_form *f, int i, int step)
{
	const struct form_field *fld = field(f, i);
	char text[VALUE_SIZE];
	value_text(f, i, text, sizeof text);
	int n = choice_count(fld), empty = !(fld->flags & FORM_REQUIRED), options = n + empty, at = 0;
	for (int k = 0; k < n; k++)
		if (strcmp(fld->choices[k].code, text) == 0)
			at = k + empty;
	at = ((at + step) % options + options) % options;
	set_value(f, i, empty && at == 0 ? "" : fld->choices[at - empty].code);
}

/* Is code in a comma list? */
static int in_list(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, code, n) == 0)
			return 1;
		p = end ? end + 1 : p + len;
	}
	return 0;
}

/* Mark or unmark the choice under the cursor of a multiple-choice field,
 * keeping the declaration's order. */
static void toggle_item(struct tui_form *f, int i)
{
	const struct form_field *fld = field(f, i);
	char text[VALUE_SIZE], out[VALUE_SIZE] = "";
	value_text(f, i, text, sizeof text);
	const char *flip = fld->choices[f->values[i].item].code;
	for (const struct code_label *c = fld->choices; c->code; c++) {
		int on = in_list(text, c->code);
		if (c->code == flip)
			on = !on;
		if (!on)
			continue;
		if (*out)
			strncat(out, ",", sizeof out - strlen(out) - 1);
		strncat(out, c->code, sizeof out - strlen(out) - 1);
	}
	set_value(f, i, out);
}

static void cycle_flag(struct tui_form *f, int i, int step)
{
	static const char *const two[] = {"no", "yes"};
	static const char *const three[] = {"", "yes", "no"};
	const struct form_field *fld = field(f, i);
	const char *const *states = tristate(fld) ? three : two;
	int n = tristate(fld) ? 3 : 2, at = 0;
	char text[16];
	value_text(f, i, text, sizeof text);
	for (int k = 0; k < n; k++)
		if (strcmp(states[k], text) == 0)
			at = k;
	set_value(f, i, states[((at + step) % n + n) % n]);
}

/* ---- checking ---- */

static void check_field(struct tui_form *f, int i)
{
	const struct form_field *fld = field(f, i);
	struct tui_form_value *v = &f->values[i];
	char text[VALUE_SIZE], norm[VALUE_SIZE];
	sy_err err = {0};
	if (v->lead) {
		clear_member(fld, f->record); /* shown, but not a value until typed after */
		v->error[0] = '\0';
		return;
	}
	value_text(f, i, text, sizeof text);
	if (v->typing && fld->type == FORM_CHOICE) {
		char typed[VALUE_SIZE];
		sy_strlcpy(typed, text, sizeof typed);
		sy_strlcpy(text, resolve_choice(fld, typed), sizeof text);
	}
	v->typing = 0;
	v->error[0] = '\0';
	if (!*text) {
		clear_member(fld, f->record);
		set_value(f, i, "");
		return; /* a required field left empty is refused on saving */
	}
	if (form_check(fld, f->record, text, norm, sizeof norm, &err) != SY_OK) {
		sy_strlcpy(v->error, err.msg, sizeof v->error);
		set_value(f, i, text); /* a typed choice shows what was typed */
		return;
	}
	set_value(f, i, norm);
	store(f, i, norm, NULL);
}

/* Flags that follow from other fields (vehicle missing from a missing
 * engine or frame) show what the record now says. */
static void follow(struct tui_form *f)
{
	if (!f->form->derive)
		return;
	f->form->derive(f->record);
	char text[VALUE_SIZE], now[8];
	for (int i = 0; i < f->form->count; i++) {
		const struct form_field *fld = field(f, i);
		if (fld->type != FORM_FLAG || tristate(fld))
			continue;
		form_get(fld, f->record, now, sizeof now);
		value_text(f, i, text, sizeof text);
		if (strcmp(text, now) != 0)
			set_value(f, i, now);
	}
}

/* Fields that depend on others (an owner ID on the owner kind, a VIN on the
 * override reason) are checked again whenever something changes. */
static void recheck_others(struct tui_form *f, int except)
{
	for (int i = 0; i < f->form->count; i++) {
		if (i == except || !shown(f, i) || tui_edit_empty(&f->values[i].edit) || f->values[i].lead)
			continue;
		int cur = f->values[i].edit.cur;
		check_field(f, i);
		f->values[i].edit.cur = cur <= f->values[i].edit.len ? cur : f->values[i].edit.len;
	}
	follow(f);
}

void tui_form_commit(struct tui *t, struct tui_form *f)
{
	check_field(f, f->focus);
	recheck_others(f, f->focus);
	if (t && f->values[f->focus].error[0])
		tui_error(t, "%s", f->values[f->focus].error);
}

int tui_form_collect(struct tui_form *f, sy_err *err)
{
	char text[VALUE_SIZE];
	/* First everything, so that checks depending on other fields see them. */
	for (int i = 0; i < f->form->count; i++) {
		value_text(f, i, text, sizeof text);
		if (shown(f, i))
			store(f, i, text, NULL);
		else
			clear_member(field(f, i), f->record);
	}
	for (int i = 0; i < f->form->count; i++) {
		if (!shown(f, i))
			continue;
		value_text(f, i, text, sizeof text);
		sy_err_clear(err);
		if (store(f, i, text, err) != SY_OK) {
			sy_strlcpy(f->values[i].error, err->msg, sizeof f->values[i].error);
			focus_on(f, i);
			return err->status;
		}
	}
	return SY_OK;
}

int tui_form_focus_key(struct tui_form *f, const char *key, const char *msg)
{
	const struct form_field *fld = key ? form_find(f->form, key) : NULL;
	if (!fld)
		return -1;
	int i = (int)(fld - f->form->fields);
	if (!shown(f, i))
		return -1;
	focus_on(f, i);
	f->advanced = 0;
	if (msg)
		sy_strlcpy(f->values[i].error, msg, sizeof f->values[i].error);
	return 0;
}

int tui_form_set(struct tui *t, struct tui_form *f, const char *key, const char *value)
{
	const struct form_field *fld = form_find(f->form, key);
	if (!fld)
		return -1;
	int i = (int)(fld - f->form->fields);
	if (i != f->focus)
		check_field(f, f->focus);
	set_value(f, i, value);
	f->values[i].learned = 0; /* from a device: the clerk's own */
	f->dirty = 1;
	f->advanced = 0;
	f->focus = i;
	tui_form_commit(t, f);
	focus_on(f, i);
	return f->values[i].error[0] ? -1 : 0;
}

int tui_form_learn(struct tui_form *f, const char *key, const char *value, const char *note)
{
	int i = index_of(f, key);
	if (i < 0 || i == f->focus)
		return -1;
	struct tui_form_value *v = &f->values[i];
	if (!v->learned && !v->lead && !tui_edit_empty(&v->edit))
		return -1; /* the clerk's own value stays */
	set_value(f, i, value);
	check_field(f, i);
	if (v->error[0]) { /* what was learned does not pass today's checks: not offered */
		set_value(f, i, "");
		check_field(f, i);
		v->learned = 0;
		return -1;
	}
	v->learned = 1;
	sy_strlcpy(v->note, note, sizeof v->note);
	follow(f);
	return 0;
}

void tui_form_unlearn(struct tui_form *f)
{
	for (int i = 0; i < f->form->count; i++) {
		if (!f->values[i].learned)
			continue;
		f->values[i].learned = 0;
		set_value(f, i, "");
		check_field(f, i);
	}
	follow(f);
}

int tui_form_learned(const struct tui_form *f, const char *key)
{
	int i = index_of(f, key);
	return i >= 0 && f->values[i].learned;
}

int tui_form_lead(struct tui_form *f, const char *key, const char *text)
{
	int i = index_of(f, key);
	struct tui_form_value *v = i < 0 ? NULL : &f->values[i];
	if (!v || (!v->lead && !tui_edit_empty(&v->edit)))
		return -1;
	set_value(f, i, text);
	v->lead = *text != '\0';
	clear_member(field(f, i), f->record);
	return 0;
}

/* ---- moving ---- */

static int shown_list(const struct tui_form *f, int *list)
{
	int n = 0;
	for (int i = 0; i < f->form->count; i++)
		if (shown(f, i))
			list[n++] = i;
	return n;
}

static int row_of(const int *list, int n, int index)
{
	for (int r = 0; r < n; r++)
		if (list[r] >= index)
			return r;
	return n - 1;
}

/* Leave the field in focus (checking it) for the one `step` rows away. */
static void move_focus(struct tui *t, struct tui_form *f, int step)
{
	tui_form_commit(t, f);
	int list[f->form->count];
	int n = shown_list(f, list);
	if (!n)
		return;
	int r = row_of(list, n, f->focus) + step;
	if (r < 0)
		r = 0;
	if (r >= n)
		r = n - 1;
	focus_on(f, list[r]);
}

/* On to the next field the clerk has to fill: Enter and a key that answers
 * pass by what the program filled in (the arrows and Tab still visit it). */
static void move_on(struct tui *t, struct tui_form *f)
{
	tui_form_commit(t, f);
	int i = f->focus + 1;
	while (i < f->form->count && (!shown(f, i) || f->values[i].learned))
		i++;
	if (i < f->form->count)
		focus_on(f, i);
	else
		move_focus(t, f, 1);
}

/* No field after this one for the clerk to fill: Enter saves. */
static int is_last(const struct tui_form *f)
{
	for (int i = f->focus + 1; i < f->form->count; i++)
		if (shown(f, i))
			return 0;
	return 1;
}

static int flag_from_key(int key)
{
	static const int yes[] = {'y', 'Y', '1', 0x662F /* 是 */, 0}, no[] = {'n', 'N', '0', 0x5426 /* 否 */, 0};
	for (int k = 0; yes[k]; k++)
		if (key == yes[k])
			return 1;
	for (int k = 0; no[k]; k++)
		if (key == no[k])
			return 0;
	return -1;
}

static int choice_key(struct tui_form *f, int key)
{
	const struct form_field *fld = field(f, f->focus);
	struct tui_form_value *v = &f->values[f->focus];
	int multi = fld->type == FORM_CHOICES, n = choice_count(fld);
	if (!multi && !v->typing && key >= '1' && key <= '9' && key - '1' < n) {
		set_value(f, f->focus, fld->choices[key - '1'].code); /* the choice of that number */
		check_field(f, f->focus);
		return v->error[0] ? FORM_KEY_HANDLED : FORM_KEY_ANSWERED;
	}
	if (key == TUI_FN(KEY_LEFT) || key == TUI_FN(KEY_RIGHT) || key == ' ') {
		int step = key == TUI_FN(KEY_LEFT) ? -1 : 1;
		if (v->typing)
			check_field(f, f->focus);
		if (multi && key == ' ')
			toggle_item(f, f->focus);
		else if (multi)
			v->item = ((v->item + step) % n + n) % n;
		else
			cycle_choice(f, f->focus, step);
		v->error[0] = '\0';
		if (!multi || key == ' ')
			check_field(f, f->focus);
		return FORM_KEY_HANDLED;
	}
	if (!v->typing && (tui_edit_printable(key) || key == TUI_FN(KEY_BACKSPACE))) {
		v->typing = 1; /* typing replaces the choice shown */
		tui_edit_clear(&v->edit);
	}
	if (!v->typing)
		return FORM_KEY_IGNORED;
	return tui_edit_key(&v->edit, key) == EDIT_IGNORED ? FORM_KEY_IGNORED : FORM_KEY_HANDLED;
}

/* Space and the arrows change a yes/no in place; Y or N (是, 否, 1, 0)
 * answers it and moves on. */
static int flag_key(struct tui_form *f, int key)
{
	if (key == ' ' || key == TUI_FN(KEY_RIGHT) || key == TUI_FN(KEY_LEFT)) {
		cycle_flag(f, f->focus, key == TUI_FN(KEY_LEFT) ? -1 : 1);
		check_field(f, f->focus);
		return FORM_KEY_HANDLED;
	}
	int yes = flag_from_key(key);
	if (yes < 0)
		return tui_edit_printable(key) ? (beep(), FORM_KEY_HANDLED) : FORM_KEY_IGNORED;
	set_value(f, f->focus, yes ? "yes" : "no");
	check_field(f, f->focus);
	return FORM_KEY_ANSWERED;
}

/* A count of one digit (plates returned, 0 to 2): the digit answers it. */
static int digit_key(struct tui_form *f, int key)
{
	char digit[2] = {(char)key, '\0'};
	set_value(f, f->focus, digit);
	check_field(f, f->focus);
	return f->values[f->focus].error[0] ? FORM_KEY_HANDLED : FORM_KEY_ANSWERED;
}

static int typing_key(struct tui_form *f, int key)
{
	const struct form_field *fld = field(f, f->focus);
	enum tui_edit_result r;
	if (is_choice(fld))
		return choice_key(f, key);
	if (fld->type == FORM_FLAG)
		return flag_key(f, key);
	if (fld->type == FORM_COUNT && fld->max <= 9 && key >= '0' && key <= '9')
		return digit_key(f, key);
	r = tui_edit_key(&f->values[f->focus].edit, key);
	if (r == EDIT_CHANGED)
		f->values[f->focus].error[0] = '\0';
	return r == EDIT_IGNORED ? FORM_KEY_IGNORED : FORM_KEY_HANDLED;
}

/* Typed into a text field: did the last character make the value whole (a
 * VIN of 17 passing its check, a date of 8 digits)? Then the field is done. */
static int made_whole(struct tui_form *f, int before_len)
{
	struct tui_form_value *v = &f->values[f->focus];
	char text[VALUE_SIZE];
	if (v->edit.len != before_len + 1 || v->edit.cur != v->edit.len)
		return 0;
	value_text(f, f->focus, text, sizeof text);
	return form_complete(field(f, f->focus), f->record, text);
}

int tui_form_key(struct tui *t, struct tui_form *f, int action, int key)
{
	int rows = f->page > 1 ? f->page - 1 : 1;
	/* The Enter (Tab, Down) a clerk presses out of habit to leave a value
	 * that moved on by itself: it has been left already. */
	int advanced = f->advanced;
	f->advanced = 0;
	if (advanced && (action == ACT_SUBMIT || action == ACT_NEXT_FIELD || action == ACT_DOWN))
		return FORM_KEY_HANDLED;
	switch (action) {
	case ACT_NEXT_FIELD:
	case ACT_DOWN: move_focus(t, f, 1); return FORM_KEY_HANDLED;
	case ACT_PREV_FIELD:
	case ACT_UP: move_focus(t, f, -1); return FORM_KEY_HANDLED;
	case ACT_PAGE_DOWN: move_focus(t, f, rows); return FORM_KEY_HANDLED;
	case ACT_PAGE_UP: move_focus(t, f, -rows); return FORM_KEY_HANDLED;
	case ACT_SUBMIT:
		if (is_last(f)) {
			tui_form_commit(t, f);
			return FORM_KEY_SUBMIT;
		}
		move_on(t, f);
		return FORM_KEY_HANDLED;
	case ACT_NONE: {
		struct tui_form_value *v = &f->values[f->focus];
		char before[VALUE_SIZE], after[VALUE_SIZE];
		int before_len = v->edit.len;
		tui_edit_text(&v->edit, before, sizeof before);
		/* A province typed over the yard's own: the lead goes. */
		if (v->lead && tui_edit_printable(key) && key >= 0x80)
			tui_edit_clear(&v->edit);
		int was_lead = v->lead;
		v->lead = 0;
		int r = typing_key(f, key);
		tui_edit_text(&v->edit, after, sizeof after);
		if (strcmp(before, after) == 0)
			v->lead = was_lead && r != FORM_KEY_ANSWERED;
		else
			v->learned = 0; /* changed by the clerk: theirs now */
		if (r == FORM_KEY_HANDLED && !is_choice(field(f, f->focus)) && made_whole(f, before_len))
			r = FORM_KEY_ANSWERED, f->advanced = 1;
		if (r == FORM_KEY_ANSWERED) {
			f->dirty = 1;
			recheck_others(f, f->focus);
			move_on(t, f);
			return FORM_KEY_HANDLED;
		}
		if (r == FORM_KEY_HANDLED) {
			f->dirty = 1;
			/* A choice or flag takes effect at once: fields depending on it follow. */
			if (!f->values[f->focus].typing && (is_choice(field(f, f->focus)) || field(f, f->focus)->type == FORM_FLAG))
				recheck_others(f, f->focus);
			/* A choice may show or hide fields (NEV, company owner). */
			if (!shown(f, f->focus))
				move_focus(t, f, 1);
		}
		return r;
	}
	default: return FORM_KEY_IGNORED;
	}
}

/* ---- drawing ---- */

static int label_width(const struct tui_form *f, int limit)
{
	int w = 0;
	for (int i = 0; i < f->form->count; i++) {
		int lw = tui_width(form_label(field(f, i))) + 2; /* " *" */
		if (lw > w)
			w = lw;
	}
	return w < limit ? w : limit;
}

/* Cells the value takes: enough for what the field holds, never more than there is. */
static int value_width(const struct form_field *fld, int avail)
{
	int w;
	switch (fld->type) {
	case FORM_VIN: w = 18; break;
	case FORM_PLATE: w = 12; break;
	case FORM_PERSON_ID:
	case FORM_OWNER_ID: w = 19; break;
	case FORM_BATTERY: w = 25; break;
	case FORM_DATE: w = 11; break;
	case FORM_MASS: w = 12; break;
	case FORM_COUNT: w = 6; break;
	case FORM_UPPER: w = 30; break;
	case FORM_FLAG:
	case FORM_CHOICE: w = 30; break;
	case FORM_CHOICES: w = avail; break;
	default: w = fld->max > 0 ? fld->max + 1 : 40;
	}
	return w < avail ? w : avail;
}

static const char *flag_shown(const char *text)
{
	if (strcmp(text, "yes") == 0)
		return _("[x] yes");
	if (strcmp(text, "no") == 0)
		return _("[ ] no");
	return _("[-] automatic");
}

/* Labels of a comma list of codes, in the interface language. */
static void choices_shown(const struct form_field *fld, const char *codes, char *out, size_t outsz)
{
	*out = '\0';
	for (const struct code_label *c = fld->choices; c->code; c++) {
		if (!in_list(codes, c->code))
			continue;
		if (*out)
			strncat(out, sy_lang_is_zh() ? "、" : ", ", outsz - strlen(out) - 1);
		strncat(out, sy_pick(c->en, c->zh), outsz - strlen(out) - 1);
	}
}

/* A multiple-choice field in focus: every choice with its box, the one under
 * the cursor highlighted and kept in view. */
static void draw_items(struct tui_form *f, int i, int y, int x, int w)
{
	const struct form_field *fld = field(f, i);
	char codes[VALUE_SIZE], item[200];
	value_text(f, i, codes, sizeof codes);
	int n = choice_count(fld), cur = f->values[i].item, start = 0, used;
	/* Scroll so that the current item ends inside the field. */
	for (;;) {
		used = 0;
		for (int k = start; k <= cur; k++) {
			snprintf(item, sizeof item, "[%c]%s ", in_list(codes, fld->choices[k].code) ? 'x' : ' ',
				 sy_pick(fld->choices[k].en, fld->choices[k].zh));
			used += tui_width(item);
		}
		if (used <= w || start >= cur)
			break;
		start++;
	}
	int at = x;
	for (int k = start; k < n && at < x + w; k++) {
		snprintf(item, sizeof item, "[%c]%s", in_list(codes, fld->choices[k].code) ? 'x' : ' ',
			 sy_pick(fld->choices[k].en, fld->choices[k].zh));
		int iw = tui_width(item);
		if (iw > x + w - at)
			iw = x + w - at;
		tui_put(y, at, iw, item, k == cur ? tui_style(STYLE_SELECTED) : tui_style(STYLE_FIELD));
		at += iw;
		if (at < x + w)
			tui_put(y, at++, 1, " ", tui_style(STYLE_FIELD));
	}
	if (at < x + w)
		tui_put(y, at, x + w - at, "", tui_style(STYLE_FIELD));
}

/* The value of field i at y,x in w cells; returns the cursor column or -1. */
static int draw_value(struct tui_form *f, int i, int y, int x, int w, int focused)
{
	const struct form_field *fld = field(f, i);
	struct tui_form_value *v = &f->values[i];
	int attr = tui_style(focused ? STYLE_FIELD_FOCUS : STYLE_FIELD);
	char text[VALUE_SIZE], shown_text[VALUE_SIZE];
	if (v->typing || (!is_choice(fld) && fld->type != FORM_FLAG)) {
		int cx = tui_edit_draw(&v->edit, y, x, w, attr);
		return focused ? cx : -1;
	}
	value_text(f, i, text, sizeof text);
	if (fld->type == FORM_CHOICES && focused) {
		draw_items(f, i, y, x, w);
		return -1;
	}
	if (fld->type == FORM_FLAG)
		sy_strlcpy(shown_text, flag_shown(text), sizeof shown_text);
	else if (fld->type == FORM_CHOICES)
		choices_shown(fld, text, shown_text, sizeof shown_text);
	else {
		const struct code_label *c = choice_of(fld, text);
		sy_strlcpy(shown_text, c ? sy_pick(c->en, c->zh) : text, sizeof shown_text);
	}
	tui_put(y, x, w, shown_text, attr);
	return -1;
}

static void draw_row(struct tui_form *f, int i, int y, struct tui_rect r, int label_w, int *cursor_x)
{
	const struct form_field *fld = field(f, i);
	int focused = i == f->focus;
	const char *label = form_label(fld);
	tui_put(y, r.x, 1, focused ? ">" : " ", tui_style(STYLE_MARK));
	if (f->values[i].error[0])
		tui_put(y, r.x + 1, 1, "!", tui_style(STYLE_ERROR));
	else /* "~": filled by the program from what it learned */
		tui_put(y, r.x + 1, 1, f->values[i].learned ? "~" : " ", tui_style(STYLE_HINT));
	/* The rarely changed fields are quieter, so the eye skips them. */
	int quiet = (fld->flags & FORM_RARE) ? tui_style(STYLE_HINT) : (int)A_NORMAL;
	tui_put(y, r.x + 2, label_w, label, focused ? (int)A_BOLD : quiet);
	if (form_required(fld, f->record)) {
		int lw = tui_width(label);
		if (lw + 2 <= label_w)
			tui_put(y, r.x + 2 + lw + 1, 1, "*", tui_style(STYLE_MARK));
	}
	int vx = r.x + 2 + label_w + 1, avail = r.x + r.w - 2 - vx;
	int vw = value_width(fld, avail);
	int cx = draw_value(f, i, y, vx, vw, focused);
	if (focused)
		*cursor_x = cx;
	/* The error beside the field, as far as it fits; the hint row has it whole. */
	int ex = vx + vw + 1, ew = r.x + r.w - 2 - ex;
	if (f->values[i].error[0] && ew >= 8)
		tui_put(y, ex, ew, f->values[i].error, tui_style(STYLE_LATE));
}

/* "1 Petrol  2 Diesel  3 ...": the choices a digit picks. */
static void numbered_choices(const struct form_field *fld, char *out, size_t outsz)
{
	*out = '\0';
	for (int k = 0; k < 9 && fld->choices[k].code; k++)
		snprintf(out + strlen(out), outsz - strlen(out), "%s%d %s", k ? "  " : "", k + 1,
			 sy_pick(fld->choices[k].en, fld->choices[k].zh));
}

static void field_hint(const struct form_field *fld, char *out, size_t outsz)
{
	const char *keys = "";
	/* Shorter than the hint it goes into, with room for the words after it
	 * (a hint line is cut to the screen anyway). */
	char choices[400];
	if (fld->type == FORM_CHOICE) {
		numbered_choices(fld, choices, sizeof choices);
		snprintf(out, outsz, "%s  |  %s", choices, _("or type the first letters; Space: the next one"));
		return;
	}
	if (fld->type == FORM_CHOICES)
		keys = _("Left/Right: move between the parts; Space: mark or unmark one");
	else if (tristate(fld))
		keys = _("Y: yes  N: no  Space: yes, no, or automatic (from the vehicle type and use)");
	else if (fld->type == FORM_FLAG)
		keys = _("Y: yes  N: no (and on to the next field); Space: change");
	else if (fld->type == FORM_COUNT && fld->max <= 9)
		keys = _("Type the number: it is taken at once");
	else if (fld->flags & FORM_SCALE)
		keys = _("F5: read the scale; F2: save (the fields below are rarely needed)");
	const char *hint = form_hint(fld);
	if (*hint && *keys)
		snprintf(out, outsz, "%s  |  %s", hint, keys);
	else
		snprintf(out, outsz, "%s", *hint ? hint : keys);
}

void tui_form_draw(struct tui *t, struct tui_form *f, struct tui_rect r)
{
	int list[f->form->count];
	int n = shown_list(f, list), rows = r.h - 1, cursor_x = -1;
	if (rows < 1 || n == 0)
		return;
	f->page = rows;
	if (!shown(f, f->focus))
		focus_on(f, list[row_of(list, n, f->focus)]);
	int focus_row = row_of(list, n, f->focus);
	if (focus_row < f->top)
		f->top = focus_row;
	if (focus_row >= f->top + rows)
		f->top = focus_row - rows + 1;
	if (f->top > n - rows)
		f->top = n - rows > 0 ? n - rows : 0;
	int label_w = label_width(f, r.w / 2 - 4);
	int cursor_y = -1;
	for (int row = 0; row < rows && f->top + row < n; row++) {
		int i = list[f->top + row];
		draw_row(f, i, r.y + row, r, label_w, &cursor_x);
		if (i == f->focus)
			cursor_y = r.y + row;
	}
	/* Arrows say there is more above or below. */
	if (f->top > 0)
		tui_scroll_mark(r.y, r.x + r.w - 1, 1);
	if (f->top + rows < n)
		tui_scroll_mark(r.y + rows - 1, r.x + r.w - 1, 0);
	const struct form_field *fld = field(f, f->focus);
	char hint[600];
	/* The focused field's error, whole, unless the status line says it
	 * already: then what the field takes, which is what the clerk needs next. */
	if (f->values[f->focus].error[0] && !tui_status_is(t, f->values[f->focus].error)) {
		tui_put(r.y + rows, r.x, r.w, f->values[f->focus].error, tui_style(STYLE_LATE));
	} else if (f->values[f->focus].learned) {
		snprintf(hint, sizeof hint, _("~ %s; type to change it"), f->values[f->focus].note);
		tui_put(r.y + rows, r.x, r.w, hint, tui_style(STYLE_HINT));
	} else if (f->values[f->focus].lead) {
		char lead[64];
		tui_edit_text(&f->values[f->focus].edit, lead, sizeof lead);
		snprintf(hint, sizeof hint, _("%s: the yard's province, type the rest (or another province character)"), lead);
		tui_put(r.y + rows, r.x, r.w, hint, tui_style(STYLE_HINT));
	} else {
		field_hint(fld, hint, sizeof hint);
		tui_put(r.y + rows, r.x, r.w, hint, tui_style(STYLE_HINT));
	}
	if (cursor_x >= 0 && cursor_y >= 0)
		tui_cursor(t, cursor_y, cursor_x);
}
