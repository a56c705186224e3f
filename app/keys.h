/* Keys as data: the bindings that hold on every screen, the names shown in
 * the help and the function-key bar, and the lookup through a table. */
#ifndef SY_KEYS_H
#define SY_KEYS_H
#include <stddef.h>

#include "app/tui_screen.h"

/* Keys that work on every screen (F1 help, F10 quit, F12 log out, Esc back, Ctrl-L). */
extern const struct tui_key keys_global[];
/* Base keymaps (screen_ops.base): moving in a list of records (Up, Down,
 * PgUp, PgDn, Home, End; app/tui_list.h), and scrolling a page of text
 * (the same keys; app/tui_view.h), and filling in a form (app/tui_form.h:
 * moving between fields, editing one). */
extern const struct tui_key keys_list[];
extern const struct tui_key keys_scroll[];
extern const struct tui_key keys_form[];

/* The binding of key for a screen: its own table, its base, the global one;
 * NULL when none has it. */
const struct tui_key *keys_lookup(const struct tui_key *own, const struct tui_key *base, int key);

/* The binding of key in table (ending with {0}), or NULL. */
const struct tui_key *keys_find(const struct tui_key *table, int key);

/* Name of a key for the help and the bar: "F1", "Esc", "Enter", "Shift-Tab",
 * "Up", "Ctrl-L", "/". Writes into buf and returns it. */
const char *keys_name(int key, char *buf, size_t size);

/* Help and bar labels of a binding in the interface language. */
const char *keys_help(const struct tui_key *k);
const char *keys_bar(const struct tui_key *k);

/* Function key number of a key (1 for F1), 0 for any other key. */
int keys_fn_number(int key);

#endif
