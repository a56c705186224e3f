/* The weigh-in: the scale configured (device_scale_configured: SCRAPYARD_SCALE,
 * else the counter's, the user's or the yard's choice), or the only one plugged in.
 * Never waits: a screen calls tui_read_scale on every tick to show the live
 * weight and whether it is still moving, and takes it once stable. */
#ifndef SY_TUI_SCALE_H
#define SY_TUI_SCALE_H
#include <stddef.h>

struct session;

enum tui_scale_result {
	TUI_SCALE_ERROR = -1,  /* no scale, or it failed: msg says what to do (the scale is let go) */
	TUI_SCALE_STABLE = 0,  /* *kg is a settled weight */
	TUI_SCALE_MOTION = 1,  /* *kg is moving */
	TUI_SCALE_WAITING = 2, /* nothing new: keep the last weight shown; msg may say why */
	TUI_SCALE_CONDITION = 3, /* no usable weight (overload, under zero...): msg says what to do */
};

/* The session whose configuration to use (read when the scale is opened). */
void tui_scale_setup(struct session *s);
/* The scale's latest word, opening it on the first call. *kg and msg (a short
 * state label, or why not) are filled as the result says. */
int tui_read_scale(double *kg, char *msg, size_t msgsz);
/* Let the scale go (Esc, or the weight taken). */
void tui_scale_release(void);

/* A weighing on a screen (F5): the live weight in a box over the screen
 * until the clerk takes it once stable (Enter, or F5 again) or cancels (Esc). */
struct tui_weighing {
	int active;
	int result;    /* the scale's last enum tui_scale_result */
	int has_kg;
	double kg;
	char msg[256]; /* the scale's word: its state, or why there is no weight */
	int saves;     /* the screen saves with F2 once the weight is taken: the box says so */
};
struct tui;
struct tui_rect;
/* Look at the scale at once, then on every tick while it is active. */
void tui_weighing_start(struct tui *t, struct tui_weighing *w);
/* A tick: the scale's latest word; a failure ends the weighing and is said. */
void tui_weighing_look(struct tui *t, struct tui_weighing *w);
void tui_weighing_stop(struct tui *t, struct tui_weighing *w);
/* A key while weighing: WEIGHING_TAKEN when a stable weight was taken (in
 * value, as "%.2f" kg, said on the status line), WEIGHING_PASS for what the
 * program does itself (F1, F10). */
enum tui_weighing_result { WEIGHING_HANDLED, WEIGHING_TAKEN, WEIGHING_PASS };
enum tui_weighing_result tui_weighing_key(struct tui *t, struct tui_weighing *w, int action, char *value, size_t size);
/* The box: the weight, the scale's word (up to three lines), the keys. */
void tui_weighing_draw(struct tui_rect r, const struct tui_weighing *w);
#endif
