#include "app/tui_scale.h"

#include <stdio.h>
#include <string.h>

#include "app/cmd_scale.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/scale.h"

static struct {
	struct cli *cli;
	struct scale *scale;
} weigh;

void tui_scale_setup(struct cli *cli) { weigh.cli = cli; }

/* A scale that cannot be opened, said in the program's own terms: the
 * driver's words name command-line options (--port, --device), and here the
 * scale is chosen on the settings screen. */
static int open_scale(char *msg, size_t msgsz)
{
	struct scale_config cfg;
	sy_err err = {0};
	scale_config_init(&cfg);
	cfg.open_wait_ms = 100; /* a scale on the network: the rest of connecting goes on in the polls */
	int configured = weigh.cli && cmd_scale_configured(weigh.cli, &cfg);
	if (scale_open(&cfg, &weigh.scale, &err) == SY_OK)
		return 0;
	weigh.scale = NULL;
	const char *target = cfg.port ? cfg.port : cfg.device ? cfg.device : "";
	if (strcmp(err.field, "protocol") == 0 || strcmp(err.field, "baud") == 0)
		snprintf(msg, msgsz, _("The scale's settings are not right: choose %s again in Settings (0, 1, then F3)"), target);
	else if (!configured && err.status == SY_INVALID && strcmp(err.field, "device") == 0)
		snprintf(msg, msgsz, "%s", _("Several scales are plugged in: choose the one to weigh on in Settings (0, 1, then F3)"));
	else if (!configured)
		snprintf(msg, msgsz, "%s", _("No scale found: plug it in and switch it on, or choose it in Settings (0, 1, then F3)"));
	else if (!*err.msg || strstr(err.msg, "--"))
		snprintf(msg, msgsz, _("The scale %s is not there: check its cable and power, or choose another in Settings (0, 1, then F3)"),
			 target);
	else
		snprintf(msg, msgsz, "%s", err.msg); /* what the scale or the network said */
	return -1;
}

int tui_read_scale(double *kg, char *msg, size_t msgsz)
{
	*msg = '\0';
	if (!weigh.scale && open_scale(msg, msgsz) != 0)
		return TUI_SCALE_ERROR;
	struct scale_reading r;
	sy_err err = {0};
	int got;
	if (scale_poll(weigh.scale, &r, &got, 0, &err) != SY_OK) {
		snprintf(msg, msgsz, "%s", err.msg);
		tui_scale_release();
		return TUI_SCALE_ERROR;
	}
	if (!got) {
		snprintf(msg, msgsz, "%s", scale_message(weigh.scale));
		return TUI_SCALE_WAITING;
	}
	if (!scale_state_has_weight(r.state)) {
		snprintf(msg, msgsz, "%s", scale_state_message(r.state));
		return TUI_SCALE_CONDITION;
	}
	*kg = r.kg;
	snprintf(msg, msgsz, "%s", r.settled ? scale_state_label(SCALE_STABLE) : scale_state_label(SCALE_MOTION));
	return r.settled ? TUI_SCALE_STABLE : TUI_SCALE_MOTION;
}

void tui_scale_release(void)
{
	if (weigh.scale)
		scale_close(weigh.scale);
	weigh.scale = NULL;
}
