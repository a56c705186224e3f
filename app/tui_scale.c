#include "app/tui_scale.h"

#include <stdio.h>

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
	scale_config_init(&cfg);
	int configured = weigh.cli && cmd_scale_configured(weigh.cli, &cfg);
	enum scale_status st = scale_open(&cfg, &weigh.scale, msg, msgsz);
	if (st == SCALE_OK)
		return 0;
	weigh.scale = NULL;
	const char *target = cfg.port ? cfg.port : cfg.device ? cfg.device : "";
	if (st == SCALE_NOT_FOUND || st == SCALE_GONE)
		snprintf(msg, msgsz,
			 configured ? _("The scale %s is not there: check its cable and power, or choose another in Settings (0, then 1)")
				    : _("No scale found: plug it in and switch it on, or choose it in Settings (0, then 1)"),
			 target);
	else if (st == SCALE_AMBIGUOUS)
		snprintf(msg, msgsz, "%s", _("Several scales are plugged in: choose the one to weigh on in Settings (0, then 1)"));
	else if (st == SCALE_INVALID)
		snprintf(msg, msgsz, _("The scale's settings are not right: choose %s again in Settings (0, then 1)"), target);
	else if (!*msg)
		snprintf(msg, msgsz, "%s", _("No scale found: plug it in and switch it on, or choose it in Settings (0, then 1)"));
	return -1;
}

int tui_read_scale(double *kg, char *msg, size_t msgsz)
{
	*msg = '\0';
	if (!weigh.scale && open_scale(msg, msgsz) != 0)
		return TUI_SCALE_ERROR;
	struct scale_reading r;
	enum scale_status st = scale_poll(weigh.scale, &r, 0);
	switch (st) {
	case SCALE_OK:
		if (!scale_state_has_weight(r.state)) {
			snprintf(msg, msgsz, "%s", scale_state_message(r.state));
			return TUI_SCALE_CONDITION;
		}
		*kg = r.kg;
		snprintf(msg, msgsz, "%s", r.settled ? scale_state_label(SCALE_STABLE) : scale_state_label(SCALE_MOTION));
		return r.settled ? TUI_SCALE_STABLE : TUI_SCALE_MOTION;
	case SCALE_NO_DATA:
	case SCALE_GONE:
		snprintf(msg, msgsz, "%s", scale_message(weigh.scale));
		return TUI_SCALE_WAITING;
	default:
		snprintf(msg, msgsz, "%s", scale_message(weigh.scale));
		tui_scale_release();
		return TUI_SCALE_ERROR;
	}
}

void tui_scale_release(void)
{
	if (weigh.scale)
		scale_close(weigh.scale);
	weigh.scale = NULL;
}
