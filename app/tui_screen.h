/* What a screen of the full-screen program is made of, and what it may ask
 * of the program around it.
 *
 * A screen is one const struct screen_ops and one key table. The program
 * keeps a stack of open screens: it draws the title bar, the status line and
 * the function-key bar, resolves keys through the top screen's table, then
 * its base keymap (the keys every list or every page shares, app/keys.h),
 * then the global one (app/keys.c), and builds the F1 help from the same
 * tables.
 *
 * To add a screen: write app/screen_NAME.c with its screen_ops and key table,
 * declare it in app/screens.h and add one line to a menu table in
 * app/screen_menu.c. */
#ifndef SY_TUI_SCREEN_H
#define SY_TUI_SCREEN_H
#include <stdarg.h>
#include <stddef.h>

#include "db/db.h"

struct tui;
struct session;

/* A key is a Unicode character as itself, or a curses key code marked with
 * TUI_FN (code points end below 0x110000, so the two never meet). */
#define TUI_FN(code) (0x1000000 | (code))
#define TUI_IS_FN(key) (((key) & 0x1000000) != 0)
#define TUI_CTRL(c) ((c) & 0x1f)
#define TUI_ESC 27
#define TUI_ENTER '\n' /* Return, Enter and keypad Enter arrive as this */
#define TUI_TAB '\t'

enum tui_action {
	ACT_NONE,      /* a documented key the screen takes as typed input */
	ACT_HELP,      /* F1 */
	ACT_QUIT,      /* F10 */
	ACT_BACK,      /* Esc: back out of the screen */
	ACT_REDRAW,    /* Ctrl-L */
	ACT_SEARCH,    /* / */
	ACT_OPEN,      /* Enter on a list */
	ACT_SUBMIT,    /* Enter in a form: next field, or save on the last one */
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_FIRST,
	ACT_LAST,
	ACT_NEXT_FIELD,
	ACT_PREV_FIELD,
	ACT_SAVE,
	ACT_SCALE,     /* F5: read the weight from the scale */
	ACT_ALL,       /* show everything rather than what is due */
	ACT_NEW,       /* start the next one */
	ACT_LOGOUT,    /* F12: log out, or let another user log in */
	ACT_SCREEN = 100 /* screens number their own actions from here */
};

/* One line of a key table; a table ends with {0}. */
struct tui_key {
	int key;
	int action;
	const char *bar_en, *bar_zh;   /* label in the function-key bar; NULL: not shown there */
	const char *help_en, *help_zh; /* line of the F1 help; NULL: not listed (an alias) */
};

enum { TUI_UNHANDLED = 0, TUI_HANDLED = 1 };

/* Called by the help screen once a line: a key name and what it does. */
typedef void (*tui_help_line)(void *ctx, const char *key, const char *text);

struct screen_ops {
	const char *name;
	const char *title_en, *title_zh;
	const struct tui_key *keys;
	/* Keys the screen shares with others of its kind (keys_list,
	 * keys_scroll); its own table overrides them. NULL: none. */
	const struct tui_key *base;
	const void *data; /* the screen's own table (a menu's entries), read by open */
	/* Make the state from arg (given to tui_push). Non-zero refuses the
	 * screen: say why with tui_error first. */
	int (*open)(struct tui *t, const struct screen_ops *self, const void *arg, void **state);
	void (*draw)(struct tui *t, void *state);
	/* An action from the key tables, or ACT_NONE and the key as typed.
	 * TUI_UNHANDLED lets the program do its default (Esc closes the screen). */
	int (*key)(struct tui *t, void *state, int action, int key);
	void (*close)(struct tui *t, void *state);
	/* Optional: true while leaving would lose what the clerk typed. */
	int (*unsaved)(void *state);
	/* Optional: called every tui_ticks() milliseconds while asked for. */
	void (*tick)(struct tui *t, void *state);
	/* Optional: more lines for the F1 help (a menu's entries). */
	void (*help)(const struct screen_ops *self, tui_help_line line, void *ctx);
};

/* Title of a screen in the interface language. */
const char *screen_title(const struct screen_ops *ops);

/* ---- what a screen may ask of the program ---- */

db *tui_db(struct tui *t);
/* The session the program works in: who is logged in, the devices it uses. */
struct session *tui_session(struct tui *t);

/* Open a screen over the current one; non-zero when it refused to open. */
int tui_push(struct tui *t, const struct screen_ops *ops, const void *arg);
/* Close the top screen (after the current key is handled). */
void tui_pop(struct tui *t);
/* The screen under the top one (the help screen explains it); NULL at the bottom. */
const struct screen_ops *tui_below(struct tui *t);

/* Status line messages, one line, already translated. */
void tui_info(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_error(struct tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tui_clear_status(struct tui *t);
/* 1 when the status line shows this text now. */
int tui_status_is(struct tui *t, const char *text);

/* Leave the text cursor at y,x after drawing (it is hidden otherwise). */
void tui_cursor(struct tui *t, int y, int x);
/* Call the top screen's tick every ms milliseconds (0 stops). */
void tui_ticks(struct tui *t, int ms);
/* Is the program being asked to stop (signal)? Long waits should check. */
int tui_stopping(const struct tui *t);

/* ---- drawing ---- */

/* The rows between the title bar and the status line. */
struct tui_rect {
	int y, x, h, w;
};
struct tui_rect tui_body(const struct tui *t);

enum tui_style {
	STYLE_NORMAL,
	STYLE_TITLE,
	STYLE_BAR_KEY,
	STYLE_BAR_LABEL,
	STYLE_ERROR,
	STYLE_INFO,
	STYLE_SELECTED,
	STYLE_FIELD,
	STYLE_FIELD_FOCUS,
	STYLE_HINT,
	STYLE_LATE,
	STYLE_HEADER,
	STYLE_MARK,
	STYLE_BOX,
	STYLE_COUNT
};
/* curses attributes of a style (colours where the terminal has them). */
int tui_style(enum tui_style style);

/* Cells a UTF-8 string takes: wide (CJK) characters take two. */
int tui_width(const char *utf8);
/* Put UTF-8 text at y,x into exactly `width` cells: clipped without cutting a
 * wide character, padded with spaces in the same attributes. Control and
 * invalid bytes show as a replacement. Returns the cells the text took. */
int tui_put(int y, int x, int width, const char *utf8, int attr);
/* Bytes of the longest start of s that fits in width cells. */
size_t tui_fit(const char *utf8, int width);
/* The same, right-aligned in its cells. */
int tui_put_right(int y, int x, int width, const char *utf8, int attr);
/* A framed box (for a confirmation or a message over the screen). */
void tui_box(int y, int x, int h, int w, int attr);
/* A framed box of n lines, each in its attributes, as wide as the widest
 * (within r) and centred in r. */
void tui_box_lines(struct tui_rect r, const char *const *text, const int *attrs, int n);
/* The start of s that fits in width cells, broken at a space when there is
 * one (copied to out); returns the rest, spaces skipped. */
const char *tui_wrap_line(const char *s, int width, char *out, size_t size);
/* An arrow in the last column saying there is more above (up) or below. */
void tui_scroll_mark(int y, int x, int up);

#endif
