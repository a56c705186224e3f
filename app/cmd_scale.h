/* The scale the yard has configured, for the command line and the TUI. */
#ifndef SY_CMD_SCALE_H
#define SY_CMD_SCALE_H
#include "drivers/scale.h"

struct cli;

/* Fill cfg->device or cfg->port (and protocol, baud when given) from the
 * configured scale: for now the environment variable SCRAPYARD_SCALE, written
 * "ID" or "PATH", optionally followed by ",PROTOCOL" and ",BAUD", where BAUD
 * is a rate or "auto" (e.g. "/dev/ttyUSB0,xk3190-forward,9600",
 * "/dev/ttyUSB0,xk3190,auto"); later a setting in the database.
 * Returns 1 when a scale is configured. The strings stay valid until the
 * next call. */
int cmd_scale_configured(struct cli *cli, struct scale_config *cfg);

#endif
