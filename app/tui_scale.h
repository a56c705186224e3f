/* The weigh-in: the scale configured (cmd_scale_configured: SCRAPYARD_SCALE,
 * else the counter's, the user's or the yard's choice), or the only one plugged in.
 * Never waits: a screen calls tui_read_scale on every tick to show the live
 * weight and whether it is still moving, and takes it once stable. */
#ifndef SY_TUI_SCALE_H
#define SY_TUI_SCALE_H
#include <stddef.h>

struct cli;

enum tui_scale_result {
	TUI_SCALE_ERROR = -1,  /* no scale, or it failed: msg says what to do (the scale is let go) */
	TUI_SCALE_STABLE = 0,  /* *kg is a settled weight */
	TUI_SCALE_MOTION = 1,  /* *kg is moving */
	TUI_SCALE_WAITING = 2, /* nothing new: keep the last weight shown; msg may say why */
	TUI_SCALE_CONDITION = 3, /* no usable weight (overload, under zero...): msg says what to do */
};

/* Whose configuration to use (read when the scale is opened). */
void tui_scale_setup(struct cli *cli);
/* The scale's latest word, opening it on the first call. *kg and msg (a short
 * state label, or why not) are filled as the result says. */
int tui_read_scale(double *kg, char *msg, size_t msgsz);
/* Let the scale go (Esc, or the weight taken). */
void tui_scale_release(void);
#endif
