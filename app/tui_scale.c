#include "app/tui_scale.h"

#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "app/device_config.h"
#include "app/tui_screen.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/scale.h"

static struct {
	struct session *session;
	struct scale *scale;
} weigh;

void tui_scale_setup(struct session *s) { weigh.session = s; }

/* A scale that cannot be opened, said in the program's own terms: the
 * driver's words name command-line options (--port, --device), and here the
 * scale is chosen on the settings screen. */
static int open_scale(char *msg, size_t msgsz)
{
	struct scale_config cfg;
	sy_err err = {0};
	scale_config_init(&cfg);
	cfg.open_wait_ms = 100; /* a scale on the network: the rest of connecting goes on in the polls */
	int configured = weigh.session && device_scale_configured(weigh.session, &cfg);
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

/* Milliseconds between looks at the scale while weighing. */
#define WEIGHING_TICK_MS 100

void tui_weighing_look(struct tui *t, struct tui_weighing *w)
{
	double kg = 0;
	char msg[sizeof w->msg];
	int r = tui_read_scale(&kg, msg, sizeof msg);
	if (r == TUI_SCALE_ERROR) {
		w->active = 0;
		tui_ticks(t, 0);
		tui_error(t, "%s", msg);
		return;
	}
	if (r == TUI_SCALE_STABLE || r == TUI_SCALE_MOTION)
		w->kg = kg, w->has_kg = 1;
	if (r == TUI_SCALE_WAITING && !*msg)
		return;
	w->result = r;
	sy_strlcpy(w->msg, msg, sizeof w->msg);
}

void tui_weighing_start(struct tui *t, struct tui_weighing *w)
{
	*w = (struct tui_weighing){.active = 1, .result = TUI_SCALE_WAITING};
	tui_weighing_look(t, w);
	if (w->active)
		tui_ticks(t, WEIGHING_TICK_MS);
}

void tui_weighing_stop(struct tui *t, struct tui_weighing *w)
{
	w->active = 0;
	tui_ticks(t, 0);
	tui_scale_release();
}

enum tui_weighing_result tui_weighing_key(struct tui *t, struct tui_weighing *w, int action, char *value, size_t size)
{
	if (action == ACT_QUIT || action == ACT_HELP)
		return WEIGHING_PASS;
	if (action == ACT_BACK) {
		tui_weighing_stop(t, w);
		tui_info(t, "%s", _("Weighing cancelled"));
		return WEIGHING_HANDLED;
	}
	if (action != ACT_SUBMIT && action != ACT_SCALE)
		return WEIGHING_HANDLED;
	if (!w->has_kg || w->result != TUI_SCALE_STABLE) {
		tui_error(t, "%s", _("The weight is not stable yet: wait until the scale says stable"));
		return WEIGHING_HANDLED;
	}
	snprintf(value, size, "%.2f", w->kg);
	tui_weighing_stop(t, w);
	tui_info(t, _("Weight taken from the scale: %s kg"), value);
	return WEIGHING_TAKEN;
}

void tui_weighing_draw(struct tui_rect r, const struct tui_weighing *w)
{
	char weight[128], state[3][300];
	const char *text[7];
	int attrs[7], n = 0;
	if (w->has_kg)
		snprintf(weight, sizeof weight, "%.2f kg", w->kg);
	else
		snprintf(weight, sizeof weight, "%s", _("waiting for the scale..."));
	int state_attr = w->result == TUI_SCALE_STABLE ? tui_style(STYLE_INFO)
			 : w->result == TUI_SCALE_CONDITION ? tui_style(STYLE_LATE)
							    : tui_style(STYLE_MARK);
	text[n] = _("Reading the scale"), attrs[n++] = A_BOLD;
	text[n] = weight, attrs[n++] = A_BOLD;
	/* The scale's word can be long (what an unreadable line sends): up to three lines. */
	const char *rest = w->msg;
	for (int i = 0; i < 3 && (i == 0 || *rest); i++) {
		rest = tui_wrap_line(rest, r.w - 8, state[i], sizeof state[i]);
		text[n] = state[i], attrs[n++] = state_attr;
	}
	text[n] = "", attrs[n++] = A_NORMAL;
	text[n] = w->saves ? _("Enter: take it when stable    F2: take it and save    Esc: cancel")
			   : _("Enter: take the weight once stable    Esc: cancel");
	attrs[n++] = A_NORMAL;
	tui_box_lines(r, text, attrs, n);
}
