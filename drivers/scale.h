/* Scales: USB HID point-of-sale scales and weighbridge indicators on a
 * serial line (a tty, or a USB-serial bridge driven through libusb).
 *
 * The reader never blocks longer than the caller allows, so a screen can
 * show the live weight while it waits:
 *
 *	struct scale_config cfg;
 *	struct scale *s;
 *	sy_err err = {0};
 *	scale_config_init(&cfg);
 *	cfg.device = "0922:8003";             // or cfg.port = "/dev/ttyUSB0"
 *	if (scale_open(&cfg, &s, &err) != SY_OK)
 *		show(err.msg);                 // no scale, permission, busy ...
 *	for (;;) {
 *		struct scale_reading r;
 *		int got;
 *		if (scale_poll(s, &r, &got, 100, &err) != SY_OK)
 *			show(err.msg);         // a failure: stop here
 *		else if (got)
 *			show_weight(r.kg, r.settled ? "stable" : "in motion");
 *		                               // r.state may also be an error state
 *		else if (*scale_message(s))
 *			show(scale_message(s)); // nothing new: silent, or unplugged (then
 *		                               // scale_away(); later polls reopen it)
 *	}
 *	scale_close(s);
 *
 * A reading in an error state (overload, under zero, fault, calibration,
 * unknown unit) carries no usable weight: show scale_state_message() instead
 * of r.kg. Weights are always kilograms. An indicator behind a serial-device
 * server is read over raw TCP (cfg.port = "tcp://HOST:PORT") with the same
 * protocols; the server sets the line's speed. Nothing here prints; failures fill
 * an sy_err (SY_INVALID: the configuration or the choice of scale; SY_ENV:
 * the device, its cable or its permissions), one line, translated, saying
 * what to do. */
#ifndef SY_SCALE_H
#define SY_SCALE_H
#include <stddef.h>

#include "base/err.h"

struct scale; /* an open scale (opaque) */

/* What the scale says about the weight. Only STABLE, MOTION and UNKNOWN
 * carry a weight; the others are conditions to show as a message. */
enum scale_state {
	SCALE_STABLE = 0,        /* the scale reports a stable weight (also stable at zero) */
	SCALE_MOTION,            /* still moving */
	SCALE_UNKNOWN,           /* the protocol has no stability flag: decided by repetition */
	SCALE_UNDER_ZERO,        /* below zero: clear the platform and zero it */
	SCALE_OVERLOAD,          /* over capacity */
	SCALE_FAULT,             /* the scale reports a fault */
	SCALE_NEEDS_CALIBRATION, /* the scale must be calibrated */
	SCALE_NEEDS_REZERO,      /* the scale must be zeroed again (or has not taken its zero since power-up) */
	SCALE_UNKNOWN_UNIT,      /* it weighs in a unit that cannot be turned into kg */
};

/* cfg.baud: try 9600, 4800, 2400 and 1200 baud in turn and keep the rate
 * that gives readings. */
#define SCALE_BAUD_AUTO (-1)

/* No scale weighs more (10 000 t): a bigger number is a garbled reading. */
#define SCALE_MAX_KG 1e7

struct scale_reading {
	double kg;              /* weight in kilograms (net when net is set) */
	double tare_kg;         /* tare in kilograms when has_tare */
	enum scale_state state;
	int net;                /* the weight is net of a tare */
	int has_tare;
	int decimals;           /* decimals worth showing in kg */
	int repeat;             /* consecutive readings with this state and weight */
	int settled;            /* stable (or unflagged) for stable_count equal readings */
	const char *protocol;   /* "hid", "toledo", "xk3190", "stgs", "sics" */
};

struct scale_config {
	const char *device;   /* an id from scale_list ("0922:8003@1-2" or "0922:8003"), a path, or NULL */
	const char *port;     /* a serial port path (/dev/ttyUSB0, /dev/ttyS0, /dev/pts/3), or a serial-device
			       * server's "tcp://HOST:PORT" (also taken as the device), or NULL */
	const char *protocol; /* "toledo", "xk3190", "stgs", "sics" or "auto" (NULL = auto) */
	int baud;             /* serial line speed (default 9600), or SCALE_BAUD_AUTO */
	char parity;          /* 'N', 'E' or 'O' (default 'N') */
	int data_bits;        /* 7 or 8 (default 8) */
	int stop_bits;        /* 1 or 2 (default 1) */
	int stable_count;     /* equal stable readings before "settled" (default 3) */
	int no_data_ms;       /* silence before scale_message() says "no data" (default 3000) */
	int open_wait_ms;     /* on the network: how long scale_open waits for the connection (default
			       * 3000, enough to say refused or unreachable); what is left of it, and
			       * every connection made again, goes on in the polls */
};

enum scale_kind { SCALE_KIND_HID, SCALE_KIND_BRIDGE, SCALE_KIND_TTY, SCALE_KIND_NET };

struct scale_info {
	char id[48];          /* "0922:8003@1-2": vendor:product@bus-port */
	char name[64];        /* model or chip ("DYMO M10", "CH340/CH341 USB-serial bridge") */
	char tty[32];         /* for a bridge: the kernel's tty for it, when bound (/dev/ttyUSB0) */
	enum scale_kind kind;
	unsigned vid, pid;
};

void scale_config_init(struct scale_config *cfg);
/* SY_OK when the protocol and line settings can work, else SY_INVALID saying why. */
int scale_config_check(const struct scale_config *cfg, sy_err *err);

/* Every USB HID scale and USB-serial bridge found. *out is malloc'd (free it),
 * *count their number; SY_ENV when USB cannot be used at all. */
int scale_list(struct scale_info **out, int *count, sy_err *err);

/* Open the configured scale: cfg->port, else cfg->device, else the only one found. */
int scale_open(const struct scale_config *cfg, struct scale **out, sy_err *err);

/* Wait at most timeout_ms (0 = just look) for the next reading. SY_OK with
 * *got 1 and the reading in *out, or *got 0 when nothing new came (poll
 * again: scale_message() says why once the line stays silent, and
 * scale_away() while the scale is unplugged); otherwise a failure in err. */
int scale_poll(struct scale *s, struct scale_reading *out, int *got, int timeout_ms, sy_err *err);

/* Zero or tare the scale when its protocol offers it; SY_INVALID saying what
 * to do instead when it does not. */
int scale_zero(struct scale *s, sy_err *err);
int scale_tare(struct scale *s, sy_err *err);

/* Why nothing new is coming ("no data from ... for 3 s", "unplugged"), or "". */
const char *scale_message(const struct scale *s);
/* True while the scale is unplugged or its port gone (polls try to reopen it). */
int scale_away(const struct scale *s);
/* Which scale this is: its id or port, and the protocol once known. */
const char *scale_id(const struct scale *s);
const char *scale_protocol(const struct scale *s);
/* The serial line speed in use (the one found with SCALE_BAUD_AUTO once it
 * is), 0 for a HID scale. */
int scale_baud(const struct scale *s);

void scale_close(struct scale *s);

/* "stable", "in motion", "over weight" ...: a short translated label. */
const char *scale_state_label(enum scale_state state);
/* For the error states: one line saying what happened and what to do. */
const char *scale_state_message(enum scale_state state);
/* Untranslated state name for JSON: "stable", "motion", "overload" ... */
const char *scale_state_name(enum scale_state state);
/* True when the state carries a usable weight. */
int scale_state_has_weight(enum scale_state state);

#endif
