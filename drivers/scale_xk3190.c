/* Yaohua XK3190 family continuous outputs. Framings:
 *  - format 0 (A9, A12, A26...): STX, sign, six digits, decimal places (0-4),
 *    the XOR of those eight bytes as two upper-case hex digits, ETX;
 *  - A12 and A12E lines: 'W', 'G' (gross) or 'N' (net), seven characters of
 *    weight with its decimal point (a blank last when there is none, '-'
 *    first when negative), "kg", the XOR of those eleven bytes as two hex
 *    digits, CR LF; overload is nine blanks, "OL", its XOR, CR LF, and below
 *    the range nine blanks, "LO", its XOR, CR LF;
 *  - A12+SS lines: "ww" gross, "wn" net or "wt" tare, seven characters of
 *    weight, "kg", CR LF, no checksum;
 *  - '=' frames: '=' and eight characters, seven of the displayed weight
 *    with its point and one sign position ('0', or '-' for negative; the A22
 *    sends '1'). The A9 and A12 send the weight digits reversed and the sign
 *    position last ("=000.3000" is 3.000); the A26 and A23P (format 2) send
 *    the sign position first and the digits in order ("=0003.000"). A frame
 *    cannot tell which: the protocol names say (xk3190, xk3190-forward), and
 *    auto refuses to guess.
 * None of them flags stability: repetition decides (SCALE_UNKNOWN). */
#include "drivers/scale_proto.h"

#include <math.h>
#include <string.h>

#include "base/i18n.h"

#define STX 0x02
#define ETX 0x03
#define F0_LEN 12
#define EQ_DATA 8    /* characters after '=' */
#define EQ_MAX 12    /* '=', eight characters, line ends a device may add */
#define A12_LEN 15   /* W line or overload line, CR LF included */
#define A12_SUM 11   /* bytes the XOR covers */
#define LINE_MAX_LEN 32

static int is_eq_char(uint8_t c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == ' ';
}

static int is_hex(uint8_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

static enum proto_scan scan_format0(const uint8_t *buf, size_t n, size_t *len)
{
	for (size_t k = 1; k < n && k < F0_LEN - 1; k++)
		if (buf[k] == STX) {
			*len = k;
			return PROTO_SKIP;
		}
	if (n < F0_LEN)
		return PROTO_MORE;
	*len = buf[F0_LEN - 1] == ETX ? F0_LEN : 1;
	return buf[F0_LEN - 1] == ETX ? PROTO_FRAME : PROTO_SKIP;
}

/* '=' up to the next '=' or a line end; the decoder checks the length. */
static enum proto_scan scan_eq(const uint8_t *buf, size_t n, size_t *len)
{
	for (size_t k = 1; k < n; k++) {
		if (buf[k] == '=' || buf[k] == '\r' || buf[k] == '\n') {
			/* The next '=' belongs to the next frame; a line end to this one. */
			*len = buf[k] == '=' ? k : k + 1;
			return k >= 2 ? PROTO_FRAME : PROTO_SKIP;
		}
		if (!is_eq_char(buf[k])) {
			*len = k;
			return PROTO_SKIP;
		}
	}
	if (n > EQ_MAX) {
		*len = 1;
		return PROTO_SKIP;
	}
	return PROTO_MORE;
}

/* Lines of a fixed start ("WG", "wn") up to CR or LF. The start letter
 * appears nowhere else in a line: met again, it starts the next line and
 * what came before was cut off. */
static enum proto_scan scan_line(const uint8_t *buf, size_t n, const char *second, size_t *len)
{
	if (n >= 2 && !strchr(second, buf[1])) {
		*len = 1;
		return PROTO_SKIP;
	}
	for (size_t k = 2; k < n; k++) {
		if (buf[k] == '\r' || buf[k] == '\n') {
			*len = k + 1;
			return PROTO_FRAME;
		}
		if (buf[k] == buf[0]) {
			*len = k;
			return PROTO_SKIP;
		}
	}
	if (n > LINE_MAX_LEN) {
		*len = 1;
		return PROTO_SKIP;
	}
	return PROTO_MORE;
}

/* The A12's overload and under-range lines: nine blanks, "OL" or "LO", XOR, CR LF. */
static enum proto_scan scan_blank_line(const uint8_t *buf, size_t n, size_t *len)
{
	for (size_t k = 1; k < n && k < A12_LEN; k++) {
		uint8_t c = buf[k];
		int ok = k < 9 ? c == ' ' : k < 11 ? (c == 'O' || c == 'L') : k < 13 ? is_hex(c) : k == 13 ? c == '\r' : c == '\n';
		if (!ok) {
			*len = 1;
			return PROTO_SKIP;
		}
	}
	if (n < A12_LEN)
		return PROTO_MORE;
	*len = A12_LEN;
	return PROTO_FRAME;
}

static enum proto_scan xk3190_scan(const uint8_t *buf, size_t n, size_t *len)
{
	switch (buf[0]) {
	case STX: return scan_format0(buf, n, len);
	case '=': return scan_eq(buf, n, len);
	case 'W': return scan_line(buf, n, "GN", len);
	case 'w': return scan_line(buf, n, "wnt", len);
	case ' ': return scan_blank_line(buf, n, len);
	default: *len = 1; return PROTO_SKIP;
	}
}

static int hex_value(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Two hex digits at p equal to the XOR of f[0..n). */
static int xor_matches(const uint8_t *f, size_t n, const uint8_t *p)
{
	uint8_t x = 0;
	for (size_t i = 0; i < n; i++)
		x ^= f[i];
	int hi = hex_value(p[0]), lo = hex_value(p[1]);
	return hi >= 0 && lo >= 0 && (hi << 4 | lo) == x;
}

/* A gross weight below zero is a condition, not a weight. */
static void set_weight(struct scale_reading *out, double kg, int decimals, int net)
{
	memset(out, 0, sizeof *out);
	out->kg = round(kg * 1e6) / 1e6;
	out->decimals = decimals;
	out->net = net;
	out->state = (kg < 0 && !net) ? SCALE_UNDER_ZERO : SCALE_UNKNOWN;
}

static enum proto_result set_state(struct scale_reading *out, enum scale_state state)
{
	memset(out, 0, sizeof *out);
	out->state = state;
	return PROTO_READING;
}

static enum proto_result decode_format0(const uint8_t *f, struct scale_reading *out)
{
	if (!xor_matches(f + 1, 8, f + 9))
		return PROTO_BAD;
	if ((f[1] != '+' && f[1] != '-') || f[8] < '0' || f[8] > '4')
		return PROTO_BAD;
	long v = 0;
	int ol = 0;
	for (int i = 2; i < 8; i++) {
		if (f[i] >= '0' && f[i] <= '9')
			v = v * 10 + (f[i] - '0');
		else if (f[i] == 'O' || f[i] == 'o' || f[i] == 'L' || f[i] == ' ')
			ol |= f[i] == 'L' ? 2 : f[i] == ' ' ? 0 : 1;
		else
			return PROTO_BAD;
	}
	if (ol == 3) /* "OL" in the digits: overload (unconfirmed spelling) */
		return set_state(out, SCALE_OVERLOAD);
	if (ol)
		return PROTO_BAD;
	int dec = f[8] - '0';
	set_weight(out, (f[1] == '-' ? -v : v) / pow(10.0, dec), dec, 0);
	return PROTO_READING;
}

/* Frame bytes without the line end a device may add. */
static size_t without_line_end(const uint8_t *f, size_t n)
{
	while (n > 0 && (f[n - 1] == '\r' || f[n - 1] == '\n'))
		n--;
	return n;
}

/* The weight of an '=' frame: data holds the seven characters high digit
 * first, sign the sign position. */
static enum proto_result eq_weight(const char *data, char sign, struct scale_reading *out)
{
	double v;
	int dec;
	if (sign != '0' && sign != '+' && sign != ' ' && sign != '-' && sign != '1')
		return PROTO_BAD;
	for (int i = 0; i < EQ_DATA - 1; i++)
		if (data[i] == '-' || data[i] == '+')
			return PROTO_BAD; /* a sign only in its own position */
	if (scale_parse_number(data, EQ_DATA - 1, &v, &dec) != 0)
		return PROTO_BAD;
	set_weight(out, (sign == '-' || sign == '1') ? -v : v, dec, 0);
	return PROTO_READING;
}

/* A9, A12: "=" the seven characters lowest digit first, then the sign position. */
static enum proto_result decode_eq_reversed(const uint8_t *f, size_t n, struct scale_reading *out)
{
	char data[EQ_DATA];
	if (without_line_end(f, n) != 1 + EQ_DATA)
		return PROTO_BAD;
	for (int i = 0; i < EQ_DATA - 1; i++)
		data[i] = (char)f[EQ_DATA - 1 - i];
	return eq_weight(data, (char)f[EQ_DATA], out);
}

/* A26, A23P format 2: "=", the sign position, the seven characters in order. */
static enum proto_result decode_eq_forward(const uint8_t *f, size_t n, struct scale_reading *out)
{
	char data[EQ_DATA];
	if (without_line_end(f, n) != 1 + EQ_DATA)
		return PROTO_BAD;
	memcpy(data, f + 2, EQ_DATA - 1);
	return eq_weight(data, (char)f[1], out);
}

/* Weight characters and a unit: "001380 kg", "-0012.5kg". */
static enum proto_result weight_and_unit(const char *s, size_t n, int net, struct scale_reading *out)
{
	size_t unit_start = n;
	while (unit_start > 0 && ((s[unit_start - 1] | 0x20) >= 'a' && (s[unit_start - 1] | 0x20) <= 'z'))
		unit_start--;
	double per_unit = unit_start < n ? scale_unit_kg(s + unit_start, n - unit_start) : 0.0;
	double v;
	int dec;
	if (per_unit == 0.0 || scale_parse_number(s, unit_start, &v, &dec) != 0)
		return PROTO_BAD;
	set_weight(out, v * per_unit, per_unit == 1.0 ? dec : 3, net);
	return PROTO_READING;
}

/* A12, A12E: "WG" or "WN", seven characters, "kg", XOR, CR LF. */
static enum proto_result decode_w_line(const uint8_t *f, size_t n, struct scale_reading *out)
{
	if (n != A12_LEN - 1 && n != A12_LEN) /* CR LF, or the CR alone when the LF went missing */
		return PROTO_BAD;
	if (f[13] != '\r' || !xor_matches(f, A12_SUM, f + A12_SUM))
		return PROTO_BAD;
	return weight_and_unit((const char *)f + 2, A12_SUM - 2, f[1] == 'N', out);
}

/* A12: nine blanks and "OL" (over the range) or "LO" (below it). */
static enum proto_result decode_blank_line(const uint8_t *f, size_t n, struct scale_reading *out)
{
	if (n != A12_LEN || !xor_matches(f, A12_SUM, f + A12_SUM))
		return PROTO_BAD;
	if (f[9] == 'O' && f[10] == 'L')
		return set_state(out, SCALE_OVERLOAD);
	if (f[9] == 'L' && f[10] == 'O')
		return set_state(out, SCALE_UNDER_ZERO);
	return PROTO_BAD;
}

/* A12+SS: "ww", "wn" or "wt", the weight, "kg", CR LF. A tare line has no weight to report. */
static enum proto_result decode_ss_line(const uint8_t *f, size_t n, struct scale_reading *out)
{
	size_t end = without_line_end(f, n);
	if (end < 4)
		return PROTO_BAD;
	enum proto_result r = weight_and_unit((const char *)f + 2, end - 2, f[1] == 'n', out);
	if (r == PROTO_READING && f[1] == 't') {
		double tare = out->kg;
		memset(out, 0, sizeof *out);
		out->tare_kg = tare;
		out->has_tare = 1;
		return PROTO_NONE;
	}
	return r;
}

/* Every framing but '='. */
static enum proto_result decode_common(const uint8_t *f, size_t n, struct scale_reading *out)
{
	if (n == F0_LEN && f[0] == STX)
		return decode_format0(f, out);
	if (n >= 3 && f[0] == 'W')
		return decode_w_line(f, n, out);
	if (n >= 3 && f[0] == 'w')
		return decode_ss_line(f, n, out);
	if (n >= 3 && f[0] == ' ')
		return decode_blank_line(f, n, out);
	return PROTO_BAD;
}

static enum proto_result xk3190_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	return n >= 2 && f[0] == '=' ? decode_eq_reversed(f, n, out) : decode_common(f, n, out);
}

static enum proto_result forward_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	return n >= 2 && f[0] == '=' ? decode_eq_forward(f, n, out) : decode_common(f, n, out);
}

/* For auto: an '=' frame is valid either way round, and which way only the
 * model says. Say so rather than guess (PROTO_UNSURE). */
static enum proto_result auto_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	if (n >= 2 && f[0] == '=') {
		struct scale_reading a, b;
		if (decode_eq_reversed(f, n, &a) != PROTO_READING && decode_eq_forward(f, n, &b) != PROTO_READING)
			return PROTO_BAD;
		return PROTO_UNSURE;
	}
	return decode_common(f, n, out);
}

#define XK3190_UNSURE                                                                                       \
	N_("the indicator sends '=' frames, whose digit order depends on the model: name the protocol "     \
	   "(--protocol, or SCRAPYARD_SCALE=PORT,PROTOCOL): xk3190 for the XK3190-A9 and A12 (digits "     \
	   "reversed), xk3190-forward for the A26 and A23P (digits in order)")

const struct scale_protocol scale_proto_xk3190 = {
	.name = "xk3190",
	.description = "Yaohua XK3190 continuous: STX format 0, A12 W lines, A12+SS lines, '=' frames reversed (A9, A12)",
	.scan = xk3190_scan,
	.decode = xk3190_decode,
};

const struct scale_protocol scale_proto_xk3190_forward = {
	.name = "xk3190-forward",
	.description = "Yaohua XK3190 continuous with '=' frames in order (A26, A23P format 2)",
	.scan = xk3190_scan,
	.decode = forward_decode,
};

const struct scale_protocol scale_proto_xk3190_auto = {
	.name = "xk3190",
	.description = "Yaohua XK3190 continuous, as auto sees it",
	.scan = xk3190_scan,
	.decode = auto_decode,
	.unsure = XK3190_UNSURE,
};
