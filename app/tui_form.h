/* A form on screen, built from its declaration in forms/ (fields, types,
 * labels in both languages, flags): labels lined up in cells, required fields
 * marked *, inline validation (form_check) as the clerk leaves a field,
 * choices cycled or typed, flags toggled, scrolling when the form is taller
 * than the window. The record (a struct vehicle for the intake form) is kept
 * in step so that fields that depend on others (the owner ID on the owner
 * kind, NEV-only and company-only fields) follow at once. */
#ifndef SY_TUI_FORM_H
#define SY_TUI_FORM_H
#include "app/tui_screen.h"
#include "forms/form.h"

struct tui_form;

/* The values start from the record (form_get). */
struct tui_form *tui_form_new(const struct form *form, void *record);
void tui_form_free(struct tui_form *f);
/* Start again from the record: values, no errors, first field, not dirty. */
void tui_form_load(struct tui_form *f);

/* Draw into r: the fields, and on the last row of r the hint or error of the
 * field in focus. Places the text cursor. */
void tui_form_draw(struct tui *t, struct tui_form *f, struct tui_rect r);

enum tui_form_key_result { FORM_KEY_IGNORED, FORM_KEY_HANDLED, FORM_KEY_SUBMIT };
/* Field movement (ACT_NEXT_FIELD, ACT_PREV_FIELD, ACT_UP, ACT_DOWN,
 * ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_SUBMIT) and typing (ACT_NONE).
 * FORM_KEY_SUBMIT: Enter on the last field. A value typed whole (form_complete)
 * moves on by itself, and an Enter, Tab or Down pressed right after it (the
 * habit of leaving a field) is taken as part of it. */
int tui_form_key(struct tui *t, struct tui_form *f, int action, int key);

/* Check the field in focus as if the clerk left it. */
void tui_form_commit(struct tui *t, struct tui_form *f);
/* Move every shown value into the record (hidden ones are cleared). On the
 * first bad value: err says what, the focus goes to that field, and its
 * status is returned. */
int tui_form_collect(struct tui_form *f, sy_err *err);
/* Focus the field with this key and mark it with msg (NULL: no mark).
 * Returns 0, or -1 when the field is not shown. */
int tui_form_focus_key(struct tui_form *f, const char *key, const char *msg);
/* Put a value into a field (from a device) and check it. */
int tui_form_set(struct tui *t, struct tui_form *f, const char *key, const char *value);

/* A value the program learned (from earlier vehicles of the model) put into
 * a field the clerk has not filled, with a note saying where it came from
 * (shown with the field). Enter and the keys that answer a field pass such
 * fields by; the arrows and Tab visit them, and typing makes the value the
 * clerk's. -1 when the field is the clerk's already, in focus, or the value
 * fails the field's check (then nothing is put there). */
int tui_form_learn(struct tui_form *f, const char *key, const char *value, const char *note);
/* Empty every field still holding a learned value (the VIN it came from changed). */
void tui_form_unlearn(struct tui_form *f);
int tui_form_learned(const struct tui_form *f, const char *key);
/* A start the clerk types after (the yard's province on a plate): shown in
 * an empty field with the cursor after it, and no value until typed after.
 * A letter or digit typed continues it; a Chinese character replaces it.
 * -1 when the field holds a value. */
int tui_form_lead(struct tui_form *f, const char *key, const char *text);

int tui_form_dirty(const struct tui_form *f);
/* The inline error of a field ("" when none), and its value as shown to
 * the form (the code of a choice). */
const char *tui_form_error(const struct tui_form *f, const char *key);
void tui_form_value(const struct tui_form *f, const char *key, char *out, size_t outsz);
/* Is the field with this key shown for the record as it is now? */
int tui_form_shown(const struct tui_form *f, const char *key);
/* The field in focus. */
const struct form_field *tui_form_current(const struct tui_form *f);
#endif
