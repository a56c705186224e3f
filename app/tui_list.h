/* A list that only ever holds the rows on screen: the selection and the
 * first row shown, and a fetch that asks the store for those rows alone
 * (LIMIT rows + 1, to know whether there are more). */
#ifndef SY_TUI_LIST_H
#define SY_TUI_LIST_H
#include "app/tui_screen.h"

struct tui_list {
	int top;   /* first row shown */
	int sel;   /* the row under the cursor */
	int count; /* rows held (at most `rows`) */
	int more;  /* there are rows after them */
	int rows;  /* rows on screen at the last fetch */
	int stale; /* fetch again before drawing */
};

/* Fetch up to limit rows after skipping skip; returns how many it got. */
typedef int (*tui_list_fetch)(void *ctx, int skip, int limit);

/* Up, Down, PgUp, PgDn, first row: move the selection (fetching again when it
 * leaves the rows held). TUI_UNHANDLED for any other action. */
int tui_list_key(struct tui_list *l, int action);
/* Start again from the first row (new search text). */
void tui_list_reset(struct tui_list *l);
/* Make the rows match the window of `rows` rows, fetching when needed. */
void tui_list_refresh(struct tui_list *l, int rows, tui_list_fetch fetch, void *ctx);
#endif
