/* The ID card reader the yard has configured, for the command line and the TUI. */
#ifndef SY_CMD_IDCARD_H
#define SY_CMD_IDCARD_H
#include "drivers/idcard.h"

struct cli;

/* Fill cfg->device or cfg->port (and the baud rate when given) from the
 * configured reader: the environment variable SCRAPYARD_IDCARD, else the
 * reader this counter, this user or the yard chose (`scrapyard idcard use`,
 * the devices screen), written "ID", "PATH" or "tcp://HOST:PORT", optionally
 * followed by ",BAUD" (e.g. "/dev/ttyUSB1,115200"). Whether or
 * not one is configured, cfg->avoid is set to the configured scale, so that
 * a reader chosen automatically is never the scale's bridge. Returns 1 when
 * a reader is configured. The strings stay valid until the next call. */
int cmd_idcard_configured(struct cli *cli, struct idcard_config *cfg);
/* SY_OK when spec, written as above, names a reader that can be opened. */
int cmd_idcard_spec_check(const char *spec, sy_err *err);

/* Problems with a card just read, in the order to report them: the ID number
 * against GB 11643, then an expired card (today: YYYY-MM-DD). Each msg is
 * one translated line; returns how many (0: the card is fine). */
#define IDCARD_PROBLEMS_MAX 2
int cmd_idcard_problems(const struct idcard *card, const char *today, char msg[][300]);

#endif
