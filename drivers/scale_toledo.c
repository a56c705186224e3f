/* Toledo continuous output: STX, status words A B C, six weight digits, six
 * tare digits, CR, and on some indicators a checksum byte (the two's
 * complement of the 7-bit sum of everything before it). Lines configured
 * 7E1 arrive with a parity bit on top when read as 8N1: it is masked off.
 *
 * The unit: B bit 4 set is kilograms; clear, the unit is in C bits 0-2
 * (0 pounds, 1 grams, 2 metric tonnes, 3 ounces, 6 short tons; IND245 and
 * Fairbanks FB2550 manuals). Any other code is refused, never guessed. B bit
 * 6 is set from power-up until the indicator has taken its zero: no valid
 * weight yet. */
#include "drivers/scale_proto.h"

#include <math.h>
#include <string.h>

#define STX 0x02
#define CR 0x0D
#define TOLEDO_LEN 17 /* without the checksum */

enum {
	B_NET = 0x01,
	B_NEGATIVE = 0x02,
	B_OUT_OF_RANGE = 0x04,
	B_MOTION = 0x08,
	B_KG = 0x10,
	B_POWER_UP = 0x40,
	C_UNIT = 0x07,
};

/* Kilograms per unit of C bits 0-2 when B bit 4 is clear; 0 for a code
 * without a known meaning. */
static double c_unit_kg(int code)
{
	switch (code) {
	case 0: return 0.45359237;     /* pound */
	case 1: return 0.001;          /* gram */
	case 2: return 1000.0;         /* metric tonne */
	case 3: return 0.028349523125; /* ounce */
	case 6: return 907.18474;      /* short ton, 2000 lb */
	default: return 0.0;
	}
}

static uint8_t b7(uint8_t b) { return b & 0x7F; }

static uint8_t toledo_checksum(const uint8_t *buf, size_t n)
{
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += b7(buf[i]);
	return (uint8_t)(-sum & 0x7F);
}

static enum proto_scan toledo_scan(const uint8_t *buf, size_t n, size_t *len)
{
	if (b7(buf[0]) != STX) {
		size_t k = 1;
		while (k < n && b7(buf[k]) != STX)
			k++;
		*len = k;
		return PROTO_SKIP;
	}
	/* Status words and digits never look like STX: one inside is a new frame. */
	for (size_t k = 1; k < n && k < TOLEDO_LEN - 1; k++)
		if (b7(buf[k]) == STX) {
			*len = k;
			return PROTO_SKIP;
		}
	if (n < TOLEDO_LEN)
		return PROTO_MORE;
	if (b7(buf[TOLEDO_LEN - 1]) != CR) {
		*len = 1;
		return PROTO_SKIP;
	}
	if (n < TOLEDO_LEN + 1)
		return PROTO_MORE; /* the byte after CR tells whether a checksum follows */
	uint8_t next = b7(buf[TOLEDO_LEN]);
	if (next != toledo_checksum(buf, TOLEDO_LEN) && next == STX)
		*len = TOLEDO_LEN; /* no checksum: the next frame starts right away */
	else
		*len = TOLEDO_LEN + 1; /* a checksum, right or wrong: decode checks it */
	return PROTO_FRAME;
}

static int toledo_digits(const uint8_t *p, long *value)
{
	long v = 0;
	int digits = 0;
	for (int i = 0; i < 6; i++) {
		uint8_t c = b7(p[i]);
		if (c >= '0' && c <= '9') {
			v = v * 10 + (c - '0');
			digits++;
		} else if (c != ' ' || digits) { /* blanks only lead */
			return -1;
		}
	}
	*value = v;
	return digits ? 0 : -1;
}

static enum proto_result toledo_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	long weight, tare;
	if (n != TOLEDO_LEN && n != TOLEDO_LEN + 1)
		return PROTO_BAD;
	if (n == TOLEDO_LEN + 1 && b7(f[TOLEDO_LEN]) != toledo_checksum(f, TOLEDO_LEN))
		return PROTO_BAD;
	uint8_t a = b7(f[1]), b = b7(f[2]), c = b7(f[3]);
	if (toledo_digits(f + 4, &weight) != 0 || toledo_digits(f + 10, &tare) != 0)
		return PROTO_BAD;
	memset(out, 0, sizeof *out);
	if (b & B_POWER_UP) { /* no zero taken since power-up: no valid weight yet */
		out->state = SCALE_NEEDS_REZERO;
		return PROTO_READING;
	}
	double unit = (b & B_KG) ? 1.0 : c_unit_kg(c & C_UNIT);
	if (unit == 0.0) {
		out->state = SCALE_UNKNOWN_UNIT;
		return PROTO_READING;
	}
	/* Decimal point code: 0 = XXXX00, 1 = XXXXX0, 2 = XXXXXX, 3 = XXXXX.X ... */
	double step = pow(10.0, 2 - (a & 7)) * unit;
	out->net = !!(b & B_NET);
	out->kg = round(weight * step * 1e6) / 1e6;
	out->tare_kg = round(tare * step * 1e6) / 1e6;
	out->has_tare = out->net;
	out->decimals = scale_step_decimals(step);
	if (b & B_NEGATIVE)
		out->kg = -out->kg;
	if (b & B_OUT_OF_RANGE)
		out->state = (b & B_NEGATIVE) ? SCALE_UNDER_ZERO : SCALE_OVERLOAD;
	else if ((b & B_NEGATIVE) && !out->net)
		out->state = SCALE_UNDER_ZERO;
	else
		out->state = (b & B_MOTION) ? SCALE_MOTION : SCALE_STABLE;
	return PROTO_READING;
}

const struct scale_protocol scale_proto_toledo = {
	.name = "toledo",
	.description = "Toledo continuous output, with or without checksum",
	.scan = toledo_scan,
	.decode = toledo_decode,
};
