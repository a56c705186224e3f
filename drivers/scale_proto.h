/* Weighbridge indicator protocols: pure decoders over a byte stream.
 *
 * Each protocol is a const ops struct with a framer (scan) and a decoder.
 * scale_stream feeds bytes one at a time, keeps the partial frame, drops
 * garbage to resynchronise, and with no protocol chosen runs every framer in
 * parallel until one of them decodes frames cleanly ("auto"). */
#ifndef SY_SCALE_PROTO_H
#define SY_SCALE_PROTO_H
#include <stddef.h>
#include <stdint.h>

#include "drivers/scale.h"

#define SCALE_FRAME_MAX 48

enum proto_scan {
	PROTO_MORE = 0, /* the bytes so far may still become a frame */
	PROTO_FRAME,    /* buf[0..*len) is one complete frame */
	PROTO_SKIP,     /* drop *len (>= 1) bytes: garbage or a broken frame */
};

enum proto_result {
	PROTO_READING = 0, /* *out holds a reading */
	PROTO_BAD,         /* checksum or format error: the frame is dropped */
	PROTO_NONE,        /* a valid frame without a weight (an acknowledgement, "busy") */
	PROTO_UNSURE,      /* a valid frame whose weight depends on a setting (auto only) */
};

struct scale_protocol {
	const char *name;        /* as given to --protocol */
	const char *description; /* for docs and listings */
	/* Look at the bytes since the last boundary (buf[0] is the candidate start). */
	enum proto_scan (*scan)(const uint8_t *buf, size_t n, size_t *len);
	enum proto_result (*decode)(const uint8_t *frame, size_t n, struct scale_reading *out);
	const char *request;     /* polled protocols: what asks for one reading; NULL when continuous */
	const char *zero;        /* command that zeroes the scale, or NULL */
	const char *tare;        /* command that tares, or NULL */
	/* Why frames it calls PROTO_UNSURE cannot be read without a setting, and
	 * which setting to give (untranslated; N_()). */
	const char *unsure;
};

extern const struct scale_protocol scale_proto_toledo;
extern const struct scale_protocol scale_proto_xk3190;
extern const struct scale_protocol scale_proto_xk3190_forward;
extern const struct scale_protocol scale_proto_stgs;
extern const struct scale_protocol scale_proto_sics;
/* XK3190 as auto runs it: '=' frames are PROTO_UNSURE. */
extern const struct scale_protocol scale_proto_xk3190_auto;

/* The protocols a setting may name, NULL-terminated. */
extern const struct scale_protocol *const scale_protocols[];
/* What auto runs, in its order, NULL-terminated. */
extern const struct scale_protocol *const scale_auto_protocols[];
/* By name; NULL for "auto", an empty name or an unknown one (see *known). */
const struct scale_protocol *scale_protocol_find(const char *name, int *known);
/* "toledo, xk3190, xk3190-forward, stgs, sics": for messages and help. */
const char *scale_protocol_names(void);

/* Frames with a weight a protocol has decoded before auto settles on it.
 * Conditions (overload, under zero) are passed on before that, from any
 * protocol that read two of them: an "OL" line looks alike in several. */
#define SCALE_AUTO_FRAMES 2
#define SCALE_AUTO_MAX 4

struct scale_track {
	uint8_t buf[SCALE_FRAME_MAX];
	size_t n;
	unsigned good, bad, unsure;
	unsigned weights; /* good frames that carried a weight (not only a condition) */
};

struct scale_stream {
	const struct scale_protocol *proto; /* NULL while auto is still looking */
	const struct scale_protocol *candidates[SCALE_AUTO_MAX];
	struct scale_track track[SCALE_AUTO_MAX];
	int n_candidates;
	unsigned bad_frames;   /* checksum and format errors seen */
	unsigned bytes_dropped;
	/* Auto: the protocol whose frames came clean but cannot be read without
	 * a setting (its ->unsure says which); NULL otherwise. */
	const struct scale_protocol *unsure;
};

/* proto NULL = auto. */
void scale_stream_init(struct scale_stream *s, const struct scale_protocol *proto);
/* Feed one byte; returns 1 when *out holds a reading. */
int scale_stream_push(struct scale_stream *s, uint8_t byte, struct scale_reading *out);
/* Feed n bytes; returns the number of readings, the last in *out. */
int scale_stream_feed(struct scale_stream *s, const uint8_t *buf, size_t n, struct scale_reading *out);

/* Shared helpers for the decoders. */
/* Parse "[+-] digits [. digits]" with spaces around; sets *decimals. Returns 0 on success. */
int scale_parse_number(const char *s, size_t n, double *value, int *decimals);
/* kg per unit name ("kg", "g", "lb", "t", "oz"), 0 for unknown. */
double scale_unit_kg(const char *unit, size_t n);
/* Decimals worth showing in kg for a display that counts in steps of step_kg. */
int scale_step_decimals(double step_kg);

#endif
