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
 * FORM_KEY_SUBMIT: Enter on the last field. */
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
