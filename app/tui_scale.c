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

static int open_scale(char *msg, size_t msgsz)
{
	struct scale_config cfg;
	scale_config_init(&cfg);
	if (weigh.cli)
		cmd_scale_configured(weigh.cli, &cfg);
	if (scale_open(&cfg, &weigh.scale, msg, msgsz) == SCALE_OK)
		return 0;
	weigh.scale = NULL;
	if (!*msg)
		snprintf(msg, msgsz, "%s", _("No scale configured: plug one in or configure it (SCRAPYARD_SCALE)"));
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
