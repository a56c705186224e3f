/* The scale and the ID card reader a session uses, for the command line
 * and the screens alike: the choice (the environment, else this counter's,
 * this user's or the yard's, app/devices.h) read into the drivers'
 * settings, a choice checked before it is saved, and what a card just read
 * says is wrong. */
#ifndef SY_DEVICE_CONFIG_H
#define SY_DEVICE_CONFIG_H
#include "drivers/idcard.h"
#include "drivers/scale.h"

struct session;

/* Fill cfg->device or cfg->port (and protocol, baud when given) from the
 * configured scale: the environment variable SCRAPYARD_SCALE, else the scale
 * this counter, this user or the yard chose (`scrapyard scale use`, the
 * devices screen: db/devices.h), written "ID", "PATH" or "tcp://HOST:PORT",
 * optionally followed by ",PROTOCOL" and ",BAUD", where BAUD is a rate or
 * "auto" (e.g. "/dev/ttyUSB0,xk3190-forward,9600", "/dev/ttyUSB0,xk3190,auto",
 * "tcp://192.168.1.60:4001,toledo").
 * Returns 1 when a scale is configured. The strings stay valid until the
 * next call. */
int device_scale_configured(struct session *s, struct scale_config *cfg);
/* SY_OK when spec, written as above, names a scale that can be opened as
 * set (a port, id or address; a known protocol; a baud rate a line takes). */
int device_scale_spec_check(const char *spec, sy_err *err);

/* Fill cfg->device or cfg->port (and the baud rate when given) from the
 * configured reader: the environment variable SCRAPYARD_IDCARD, else the
 * reader this counter, this user or the yard chose (`scrapyard idcard use`,
 * the devices screen), written "ID", "PATH" or "tcp://HOST:PORT", optionally
 * followed by ",BAUD" (e.g. "/dev/ttyUSB1,115200"). Whether or
 * not one is configured, cfg->avoid is set to the configured scale, so that
 * a reader chosen automatically is never the scale's bridge. Returns 1 when
 * a reader is configured. The strings stay valid until the next call. */
int device_idcard_configured(struct session *s, struct idcard_config *cfg);
/* SY_OK when spec, written as above, names a reader that can be opened. */
int device_idcard_spec_check(const char *spec, sy_err *err);

/* Problems with a card just read, in the order to report them: the ID number
 * against GB 11643, then an expired card (today: YYYY-MM-DD). Each msg is
 * one translated line; returns how many (0: the card is fine). */
#define DEVICE_IDCARD_PROBLEMS_MAX 2
int device_idcard_problems(const struct idcard *card, const char *today, char msg[][300]);

#endif
