/* One line of text being typed: UTF-8 in and out, edited by characters (not
 * bytes), drawn in cells (a CJK character takes two) with horizontal scroll
 * that keeps the cursor in view. Text from an input method arrives as whole
 * characters through get_wch. */
#ifndef SY_TUI_EDIT_H
#define SY_TUI_EDIT_H
#include <stddef.h>
#include <stdint.h>

#define TUI_EDIT_MAX 512 /* characters */

struct tui_edit {
	uint32_t cp[TUI_EDIT_MAX];
	int len, cur, max;
	int scroll; /* first character shown */
	int fresh;  /* shown selected: the first character typed replaces the text */
};

enum tui_edit_result { EDIT_IGNORED, EDIT_MOVED, EDIT_CHANGED };

/* Set the text (cursor at the end); max characters (0 or more than
 * TUI_EDIT_MAX: TUI_EDIT_MAX). Invalid bytes become U+FFFD. */
void tui_edit_set(struct tui_edit *e, const char *utf8, int max);
void tui_edit_clear(struct tui_edit *e);
/* The text as UTF-8 (cut at a character boundary when outsz is short). */
void tui_edit_text(const struct tui_edit *e, char *out, size_t outsz);
int tui_edit_empty(const struct tui_edit *e);

/* The field has just taken the focus with a value in it (a prefilled date,
 * the asking price, the last bin): the value is shown selected, and the first
 * character typed replaces it, as in every form a clerk knows. Backspace or
 * Delete empty it; Left, Right, Home or End keep it for editing. */
void tui_edit_select(struct tui_edit *e);

/* Printable characters insert; Left, Right, Home, End (Ctrl-A, Ctrl-E) move;
 * Backspace, Delete, Ctrl-U (all before the cursor), Ctrl-K (all after) delete. */
enum tui_edit_result tui_edit_key(struct tui_edit *e, int key);
/* Is key a character to insert? */
int tui_edit_printable(int key);

/* Draw into width cells at y,x with attr; returns the cursor's column. */
int tui_edit_draw(struct tui_edit *e, int y, int x, int width, int attr);
#endif
