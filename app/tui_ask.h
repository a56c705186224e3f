/* A small box of questions over a screen: a title, a few labelled lines of
 * input, Enter to the next line and on the last one to answer, Esc to give
 * up. Screens hand it the raw key while it is up (tui_ask_key) and read the
 * answers when it says ASK_DONE. */
#ifndef SY_TUI_ASK_H
#define SY_TUI_ASK_H
#include <stddef.h>

#include "app/tui_edit.h"
#include "app/tui_screen.h"

#define TUI_ASK_MAX 6

struct tui_ask {
	int active;
	int n, focus;
	int purpose; /* the screen's own note of what is being asked */
	char title[160];
	char label[TUI_ASK_MAX][64];
	char hint[TUI_ASK_MAX][160];
	char note[160]; /* a question's keys (no lines) */
	struct tui_edit edit[TUI_ASK_MAX];
};

enum tui_ask_result { ASK_KEPT, ASK_DONE, ASK_CANCEL, ASK_PASS };

void tui_ask_start(struct tui_ask *a, int purpose, const char *title);
/* A line of input; returns its index (or -1 when the box is full). */
int tui_ask_add(struct tui_ask *a, const char *label, const char *value, const char *hint, int max);
void tui_ask_text(const struct tui_ask *a, int i, char *out, size_t outsz);
/* A box without lines asks a question: what Enter and Esc answer. */
void tui_ask_note(struct tui_ask *a, const char *keys);
/* Focus a line (after a refusal naming it). */
void tui_ask_focus(struct tui_ask *a, int i);
/* Enter, Tab, Up/Down, editing keys, Esc. ASK_PASS: not for the box (F1, F10). */
enum tui_ask_result tui_ask_key(struct tui_ask *a, int action, int key);
void tui_ask_draw(struct tui *t, struct tui_ask *a);
#endif
