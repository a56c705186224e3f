/* A filing marked done from a screen (the due list, the filings, a sheet):
 * the box asking the authority's reference and the date, then the call. */
#ifndef SY_TUI_FILING_H
#define SY_TUI_FILING_H
#include "app/tui_ask.h"
#include "app/tui_screen.h"
#include "db/filing.h"

#define TUI_ASK_FILING_DONE 77 /* the purpose of the box */

/* Put the box up for f; it remembers which filing (a->purpose and *target). */
void tui_filing_ask_done(struct tui *t, struct tui_ask *a, const struct filing *f, int64_t *target);
/* After the box said ASK_DONE: mark the filing done. 0 when done (the
 * status line says so); otherwise the box is up again with the refusal. */
int tui_filing_done(struct tui *t, struct tui_ask *a, int64_t id);
/* Write the sheet's PDF beside the database and say where, or why not. */
void tui_filing_pdf(struct tui *t, const struct filing *f);
#endif
