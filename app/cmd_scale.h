/* The scale the yard has configured, for the command line and the TUI. */
#ifndef SY_CMD_SCALE_H
#define SY_CMD_SCALE_H
#include "drivers/scale.h"

struct cli;

/* Fill cfg->device or cfg->port (and protocol, baud when given) from the
 * configured scale: the environment variable SCRAPYARD_SCALE, else the scale
 * this counter, this user or the yard chose (`scrapyard scale use`, the
 * devices screen: db/devices.h), written "ID", "PATH" or "tcp://HOST:PORT",
 * optionally followed by ",PROTOCOL" and ",BAUD", where BAUD is a rate or
 * "auto" (e.g. "/dev/ttyUSB0,xk3190-forward,9600", "/dev/ttyUSB0,xk3190,auto",
 * "tcp://192.168.1.60:4001,toledo").
 * Returns 1 when a scale is configured. The strings stay valid until the
 * next call. */
int cmd_scale_configured(struct cli *cli, struct scale_config *cfg);
/* SY_OK when spec, written as above, names a scale that can be opened as
 * set (a port, id or address; a known protocol; a baud rate a line takes). */
int cmd_scale_spec_check(const char *spec, sy_err *err);

#endif
