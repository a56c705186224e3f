/* A list that only ever holds the rows on screen: the selection, the first
 * row shown, the page of rows itself, and a fetch that asks the store for
 * those rows alone (the rows before the page are counted off, then LIMIT
 * rows + 1 are kept, to know whether there are more). A list screen gives
 * the size of its rows and how to ask the store for them; the list does the
 * paging, the keys (Up, Down, PgUp, PgDn, Home) and keeps the cursor on the
 * record acted on when the rows are fetched again after an action. */
#ifndef SY_TUI_LIST_H
#define SY_TUI_LIST_H
#include <stddef.h>

#include "app/tui_ask.h"
#include "app/tui_edit.h"
#include "app/tui_screen.h"

/* What a list screen tells the list about its rows. */
struct tui_list_rows {
	size_t size; /* bytes of one row held */
	/* Ask the store for its first `want` rows in the list's order, handing
	 * each to tui_list_take; SY_OK, or err filled. */
	int (*query)(void *ctx, int want, sy_err *err);
	/* Copy a row from the store into the page; NULL: `size` bytes as they are. */
	void (*copy)(void *to, const void *from);
	/* Where a row's record id (int64_t) is: the cursor follows the record. */
	size_t id_offset;
};

struct tui_list {
	int top;   /* first row shown */
	int sel;   /* the row under the cursor */
	int count; /* rows held (at most `rows`) */
	int more;  /* there are rows after them */
	int rows;  /* rows on screen at the last fetch */
	int stale; /* fetch again before drawing */
	const struct tui_list_rows *src;
	void *ctx;
	unsigned char *page;   /* the rows held, src->size bytes each */
	int cap;               /* rows the page has room for */
	int skip, want, got;   /* during a fetch */
	int counting;          /* a fetch that counts rows without keeping them */
	int to_last;           /* End: go to the last row at the next refresh */
	unsigned char *kept;   /* the record under the cursor before an action */
	int keeping;
	char error[512];       /* why the last fetch failed ("" when it did not) */
};

/* Start empty on the first row; ctx is handed to src->query. */
void tui_list_init(struct tui_list *l, const struct tui_list_rows *src, void *ctx);
void tui_list_free(struct tui_list *l);

/* For the store's callback inside src->query: counts off the rows before the
 * page, copies the rest. Non-zero: enough, stop. */
int tui_list_take(struct tui_list *l, const void *row);

/* Row i of those on screen (0 .. count - 1), and whether it is under the cursor. */
const void *tui_list_row(const struct tui_list *l, int i);
int tui_list_is_selected(const struct tui_list *l, int i);
/* The row under the cursor, NULL when there is none. */
const void *tui_list_selected(const struct tui_list *l);

/* Up, Down, PgUp, PgDn, Home, End: move the selection (fetching again when
 * it leaves the rows held). TUI_UNHANDLED for any other action. */
int tui_list_key(struct tui_list *l, int action);
/* Start again from the first row (new search text, another filter). */
void tui_list_reset(struct tui_list *l);
/* After an action on the rows: fetch them again at the next refresh, with
 * the cursor on the record acted on (found by its id): `row`, or the one
 * under the cursor when row is NULL; when it left the list, on the row that
 * took its place. */
void tui_list_keep(struct tui_list *l, const void *row);
/* Make the rows match a window of `rows` rows, fetching when needed. */
void tui_list_refresh(struct tui_list *l, int rows);

/* The head of a list screen's state: a screen whose state struct starts
 * with it opens and closes with the two functions below. */
struct tui_list_screen {
	struct tui *t;
	struct tui_list list;
	struct tui_edit text;  /* the search text, on screens that take one */
	struct tui_ask ask;    /* a question about the row under the cursor */
	const void *variant;   /* the screen's own table, from its def */
};
/* What a list screen's screen_ops.data points to. */
struct tui_list_screen_def {
	size_t size; /* of the screen's state, which starts with struct tui_list_screen */
	struct tui_list_rows rows;
	int search; /* the state's text starts as tui_push's arg (a string, or NULL) */
	const void *variant;
};
/* screen_ops.open and .close of a list screen: the state of def->size bytes
 * with its list over def->rows (the query's ctx is the state). */
int tui_list_screen_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state);
void tui_list_screen_close(struct tui *t, void *state);
/* The list's keys, then a key as typed edits the search text (and starts
 * the list again from its first row). TUI_UNHANDLED for any other action. */
int tui_list_screen_key(struct tui_list_screen *s, int action, int key);
/* screen_ops.unsaved: while a question is asked. */
int tui_list_screen_unsaved(void *state);

/* A column of a list: its width in cells (0: what the others leave, at
 * least 4) and whether its text sits at the right (numbers). */
struct tui_column {
	int width;
	int right;
};
/* The list's first line at y: why the last fetch failed, or `line` in
 * line_attr; under it the header of the n columns. */
void tui_list_draw_head(const struct tui_list *l, int y, int x, int w, const char *line, int line_attr,
			const struct tui_column *cols, int n, const char *const *head);
/* A row of the list at y: the whole line in attr, the n cells v in the columns. */
void tui_list_draw_row(int y, int x, int w, const struct tui_column *cols, int n, const char *const *v, int attr);
/* Under the rows at y: `empty` when there are none (and no error), and
 * the screen's question when one is asked. */
void tui_list_screen_draw_end(struct tui *t, struct tui_list_screen *s, int y, int x, int w, const char *empty);

/* The same keys over a short list held whole (a menu, the printers found,
 * the steps of a checklist): *sel among n rows, `page` rows at a time;
 * End goes to the last. TUI_UNHANDLED for any other action. */
int tui_list_move(int *sel, int n, int page, int action);
#endif
