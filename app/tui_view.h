/* A scrolling page of lines: "label  text" rows lined up in cells, headings,
 * long text wrapped to the window. The help screen and the vehicle details
 * are made of it. */
#ifndef SY_TUI_VIEW_H
#define SY_TUI_VIEW_H
#include "app/tui_screen.h"

struct tui_view_line {
	char *label; /* NULL: a heading over the whole width */
	char *text;
	int style;   /* enum tui_style of the text */
};

struct tui_view {
	struct tui_view_line *lines;
	int n, cap;
	int top;  /* first screen row shown */
	int rows; /* screen rows at the last draw */
	int page; /* rows in the window at the last draw */
};

void tui_view_add(struct tui_view *v, const char *label, const char *text, int style);
void tui_view_heading(struct tui_view *v, const char *text);
void tui_view_clear(struct tui_view *v);
void tui_view_draw(struct tui_view *v, struct tui_rect r);
/* Up, Down, PgUp, PgDn, Home, End; TUI_UNHANDLED for any other action. */
int tui_view_key(struct tui_view *v, int action);
#endif
