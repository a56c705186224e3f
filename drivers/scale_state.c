/* Names and messages for scale states: one table, used by every driver. */
#include "drivers/scale.h"

#include "base/i18n.h"

struct state_text {
	const char *name;    /* JSON */
	const char *label;   /* short, for a screen */
	const char *message; /* one line: what happened and what to do */
	int has_weight;
};

static const struct state_text states[] = {
	[SCALE_STABLE] = {"stable", N_("stable"), N_("the weight is stable"), 1},
	[SCALE_MOTION] = {"motion", N_("in motion"), N_("the weight is still moving: wait for it to settle"), 1},
	[SCALE_UNKNOWN] = {"unflagged", N_("steady"), N_("the scale sends no stability flag"), 1},
	[SCALE_UNDER_ZERO] = {"under_zero", N_("under zero"),
			      N_("the scale reads below zero: clear the platform and zero the scale"), 0},
	[SCALE_OVERLOAD] = {"overload", N_("over weight"),
			    N_("the load is over the scale's capacity: take weight off"), 0},
	[SCALE_FAULT] = {"fault", N_("fault"), N_("the scale reports a fault: switch it off and on, then call service"), 0},
	[SCALE_NEEDS_CALIBRATION] = {"needs_calibration", N_("needs calibration"),
				     N_("the scale needs calibration: have it calibrated before weighing"), 0},
	[SCALE_NEEDS_REZERO] = {"needs_rezero", N_("needs zeroing"),
				N_("the scale needs re-zeroing: clear the platform and zero it"), 0},
	[SCALE_UNKNOWN_UNIT] = {"unknown_unit", N_("unknown unit"),
				N_("the scale weighs in a unit that cannot be turned into kg: set it to kg, t, g or lb"), 0},
};

static const struct state_text *text_of(enum scale_state state)
{
	return (unsigned)state < sizeof states / sizeof *states ? &states[state] : &states[SCALE_FAULT];
}

const char *scale_state_name(enum scale_state state) { return text_of(state)->name; }
const char *scale_state_label(enum scale_state state) { return _(text_of(state)->label); }
const char *scale_state_message(enum scale_state state) { return _(text_of(state)->message); }
int scale_state_has_weight(enum scale_state state) { return text_of(state)->has_weight; }
