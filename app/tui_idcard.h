/* The ID card reader of the check-in: the reader the yard configured
 * (device_idcard_configured: for now SCRAPYARD_IDCARD), or the only USB-serial
 * bridge that is not the scale's. Never waits long: a screen calls
 * tui_idcard_poll on every tick while the clerk puts the card on the reader,
 * and gets the card once it is read. */
#ifndef SY_TUI_IDCARD_H
#define SY_TUI_IDCARD_H
#include <stddef.h>

#include "drivers/idcard.h"

struct session;

enum tui_idcard_result {
	TUI_IDCARD_ERROR = -1,  /* no reader, or it went away: msg says what to do (the reader is let go) */
	TUI_IDCARD_READ = 0,    /* *card is the card just read */
	TUI_IDCARD_WAITING = 1, /* nothing yet: msg says why when there is a reason (no card ...) */
};

/* The session whose configuration to use (read when the reader is opened). */
void tui_idcard_setup(struct session *s);
/* Open the reader on the first call, then go on with the read. */
int tui_idcard_poll(struct idcard *card, char *msg, size_t msgsz);
/* The open reader's port or USB id ("" when none is open). */
const char *tui_idcard_where(void);
/* Let the reader go (Esc, or the card read). */
void tui_idcard_release(void);
#endif
