/* Inside the full-screen program: the state behind struct tui, shared by
 * app/tui.c (terminal, loop, stack) and app/tui_chrome.c (title, status and
 * function-key bar). Screens use app/tui_screen.h only. */
#ifndef SY_TUI_CORE_H
#define SY_TUI_CORE_H
#include <signal.h>

#include "app/tui_screen.h"
#include "db/site.h"

#define TUI_STACK_MAX 16

struct tui_frame {
	const struct screen_ops *ops;
	void *state;
	int tick_ms; /* asked for with tui_ticks */
	int closing; /* popped: closed once the current key is handled */
};

enum tui_msg_kind { TUI_MSG_NONE, TUI_MSG_INFO, TUI_MSG_ERROR };

struct tui {
	struct session *session;
	db *db;
	struct site site;
	int has_site;
	struct tui_frame stack[TUI_STACK_MAX];
	int depth;
	int quit;
	int armed;       /* Esc or F10 pressed once over unsaved input */
	int want_login;  /* a write was refused for want of a login */
	int cursor_y, cursor_x; /* -1: hidden */
	enum tui_msg_kind msg_kind;
	char msg[1024];
};

void tui_styles_init(void);

/* The frame around the screens. */
void tui_chrome_title(struct tui *t);
void tui_chrome_status(struct tui *t);
void tui_chrome_bar(struct tui *t);

/* Smallest terminal the screens are laid out for. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16

#endif
