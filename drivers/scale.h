/* Scales: USB HID point-of-sale scales and weighbridge indicators on a
 * serial line (a tty, or a USB-serial bridge driven through libusb).
 *
 * The reader never blocks longer than the caller allows, so a screen can
 * show the live weight while it waits:
 *
 *	struct scale_config cfg;
 *	struct scale *s;
 *	char msg[256];
 *	scale_config_init(&cfg);
 *	cfg.device = "0922:8003";             // or cfg.port = "/dev/ttyUSB0"
 *	if (scale_open(&cfg, &s, msg, sizeof msg) != SCALE_OK)
 *		show(msg);                     // no scale, permission, busy ...
 *	for (;;) {
 *		struct scale_reading r;
 *		switch (scale_poll(s, &r, 100)) {
 *		case SCALE_OK:      show_weight(r.kg, r.settled ? "stable" : "in motion");
 *		                    break;     // r.state may also be an error state
 *		case SCALE_NO_DATA: break;     // nothing new yet; scale_message() says
 *		                               // "no data" once the line stays silent
 *		case SCALE_GONE:    show(scale_message(s)); break; // unplugged: it is
 *		                               // reopened by later polls when it is back
 *		default:            show(scale_message(s)); break; // permission etc.
 *		}
 *	}
 *	scale_close(s);
 *
 * A reading in an error state (overload, under zero, fault, calibration)
 * carries no usable weight: show scale_state_message() instead of r.kg.
 * Weights are always kilograms. Nothing here prints; messages are one line,
 * translated, and say what to do. */
#ifndef SY_SCALE_H
#define SY_SCALE_H
#include <stddef.h>

struct scale; /* an open scale (opaque) */

enum scale_status {
	SCALE_OK = 0,        /* a reading is in *out (scale_poll) or the scale is open */
	SCALE_NO_DATA,       /* nothing new within the timeout: poll again */
	SCALE_GONE,          /* unplugged or the port vanished: later polls reopen it */
	SCALE_NOT_FOUND,     /* no scale at all, or none matching --device */
	SCALE_AMBIGUOUS,     /* several scales and none chosen */
	SCALE_ACCESS,        /* permission denied; the message names the rule or group */
	SCALE_BUSY,          /* another program or kernel driver holds it */
	SCALE_INVALID,       /* bad configuration: unknown protocol, baud rate, id */
	SCALE_NOT_SUPPORTED, /* zero or tare that this scale does not offer */
	SCALE_IO,            /* any other device failure */
};

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
	SCALE_NEEDS_REZERO,      /* the scale must be zeroed again */
};

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
	const char *port;     /* a serial port path (/dev/ttyUSB0, /dev/ttyS0, /dev/pts/3), or NULL */
	const char *protocol; /* "toledo", "xk3190", "stgs", "sics" or "auto" (NULL = auto) */
	int baud;             /* serial line speed (default 9600) */
	char parity;          /* 'N', 'E' or 'O' (default 'N') */
	int data_bits;        /* 7 or 8 (default 8) */
	int stop_bits;        /* 1 or 2 (default 1) */
	int stable_count;     /* equal stable readings before "settled" (default 3) */
	int no_data_ms;       /* silence before scale_message() says "no data" (default 3000) */
};

enum scale_kind { SCALE_KIND_HID, SCALE_KIND_BRIDGE, SCALE_KIND_TTY };

struct scale_info {
	char id[48];          /* "0922:8003@1-2": vendor:product@bus-port */
	char name[64];        /* model or chip ("DYMO M10", "CH340/CH341 USB-serial bridge") */
	char tty[32];         /* for a bridge: the kernel's tty for it, when bound (/dev/ttyUSB0) */
	enum scale_kind kind;
	unsigned vid, pid;
};

void scale_config_init(struct scale_config *cfg);

/* Every USB HID scale and USB-serial bridge found. *out is malloc'd (free it);
 * returns the count, or -1 with msg filled when USB cannot be used at all. */
int scale_list(struct scale_info **out, char *msg, size_t size);

/* Open the configured scale: cfg->port, else cfg->device, else the only one found. */
enum scale_status scale_open(const struct scale_config *cfg, struct scale **out, char *msg, size_t size);

/* Wait at most timeout_ms (0 = just look) for the next reading. SCALE_OK fills
 * *out; SCALE_NO_DATA and SCALE_GONE mean poll again; anything else is a
 * failure that scale_message() explains. */
enum scale_status scale_poll(struct scale *s, struct scale_reading *out, int timeout_ms);

/* Zero or tare the scale when its protocol offers it, else SCALE_NOT_SUPPORTED. */
enum scale_status scale_zero(struct scale *s);
enum scale_status scale_tare(struct scale *s);

/* The message of the last status other than SCALE_OK ("" when none). */
const char *scale_message(const struct scale *s);
/* Which scale this is: its id or port, and the protocol once known. */
const char *scale_id(const struct scale *s);
const char *scale_protocol(const struct scale *s);

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
