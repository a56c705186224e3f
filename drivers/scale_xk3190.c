/* Yaohua XK3190 family continuous outputs, three framings:
 *  - format 0: STX, sign, six digits, decimal places (0-4), the XOR of those
 *    eight bytes as two upper-case hex digits, ETX;
 *  - "=" followed by the displayed digits in reverse order ("=000.3000" is 3.000);
 *  - "WG" (gross) or "WN" (net), the value and the unit, CR LF.
 * None of them flags stability: repetition decides (SCALE_UNKNOWN). */
#include "drivers/scale_proto.h"

#include <math.h>
#include <string.h>

#define STX 0x02
#define ETX 0x03
#define F0_LEN 12
#define REVERSED_MAX 14
#define LINE_MAX_LEN 32

static int is_reversed_char(uint8_t c)
{
	return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == ' ';
}

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

static enum proto_scan scan_reversed(const uint8_t *buf, size_t n, size_t *len)
{
	for (size_t k = 1; k < n; k++) {
		if (buf[k] == '=' || buf[k] == '\r' || buf[k] == '\n') {
			/* The next '=' belongs to the next frame; a line end to this one. */
			*len = buf[k] == '=' ? k : k + 1;
			return k >= 2 ? PROTO_FRAME : PROTO_SKIP;
		}
		if (!is_reversed_char(buf[k])) {
			*len = k;
			return PROTO_SKIP;
		}
	}
	if (n > REVERSED_MAX) {
		*len = 1;
		return PROTO_SKIP;
	}
	return PROTO_MORE;
}

static enum proto_scan scan_line(const uint8_t *buf, size_t n, size_t *len)
{
	if (n >= 2 && buf[1] != 'G' && buf[1] != 'N') {
		*len = 1;
		return PROTO_SKIP;
	}
	for (size_t k = 2; k < n; k++)
		if (buf[k] == '\r' || buf[k] == '\n') {
			*len = k + 1;
			return PROTO_FRAME;
		}
	if (n > LINE_MAX_LEN) {
		*len = 1;
		return PROTO_SKIP;
	}
	return PROTO_MORE;
}

static enum proto_scan xk3190_scan(const uint8_t *buf, size_t n, size_t *len)
{
	switch (buf[0]) {
	case STX: return scan_format0(buf, n, len);
	case '=': return scan_reversed(buf, n, len);
	case 'W': return scan_line(buf, n, len);
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

/* A gross weight below zero is a condition, not a weight. */
static void set_weight(struct scale_reading *out, double kg, int decimals, int net)
{
	memset(out, 0, sizeof *out);
	out->kg = round(kg * 1e6) / 1e6;
	out->decimals = decimals;
	out->net = net;
	out->state = (kg < 0 && !net) ? SCALE_UNDER_ZERO : SCALE_UNKNOWN;
}

static enum proto_result decode_format0(const uint8_t *f, struct scale_reading *out)
{
	uint8_t x = 0;
	for (int i = 1; i <= 8; i++)
		x ^= f[i];
	int hi = hex_value(f[9]), lo = hex_value(f[10]);
	if (hi < 0 || lo < 0 || (hi << 4 | lo) != x)
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
	if (ol == 3) { /* "OL" in the digits: overload (unconfirmed spelling) */
		memset(out, 0, sizeof *out);
		out->state = SCALE_OVERLOAD;
		return PROTO_READING;
	}
	if (ol)
		return PROTO_BAD;
	int dec = f[8] - '0';
	set_weight(out, (f[1] == '-' ? -v : v) / pow(10.0, dec), dec, 0);
	return PROTO_READING;
}

static enum proto_result decode_reversed(const uint8_t *f, size_t n, struct scale_reading *out)
{
	char text[REVERSED_MAX + 2];
	size_t m = 0;
	size_t end = n;
	while (end > 1 && (f[end - 1] == '\r' || f[end - 1] == '\n'))
		end--;
	for (size_t i = end; i > 1 && m < REVERSED_MAX; i--)
		text[m++] = (char)f[i - 1];
	/* Reversed, a sign sent first ends up last: move it to the front. */
	if (m > 0 && (text[m - 1] == '-' || text[m - 1] == '+')) {
		char sign = text[m - 1];
		memmove(text + 1, text, m - 1);
		text[0] = sign;
	}
	double v;
	int dec;
	if (scale_parse_number(text, m, &v, &dec) != 0)
		return PROTO_BAD;
	set_weight(out, v, dec, 0);
	return PROTO_READING;
}

static enum proto_result decode_line(const uint8_t *f, size_t n, struct scale_reading *out)
{
	const char *s = (const char *)f;
	size_t end = n;
	while (end > 2 && (s[end - 1] == '\r' || s[end - 1] == '\n' || s[end - 1] == ' '))
		end--;
	size_t unit_start = end;
	while (unit_start > 2 && ((s[unit_start - 1] | 0x20) >= 'a' && (s[unit_start - 1] | 0x20) <= 'z'))
		unit_start--;
	double per_unit = unit_start < end ? scale_unit_kg(s + unit_start, end - unit_start) : 1.0;
	double v;
	int dec;
	if (per_unit == 0.0 || scale_parse_number(s + 2, unit_start - 2, &v, &dec) != 0)
		return PROTO_BAD;
	set_weight(out, v * per_unit, per_unit == 1.0 ? dec : 3, s[1] == 'N');
	return PROTO_READING;
}

static enum proto_result xk3190_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	if (n == F0_LEN && f[0] == STX)
		return decode_format0(f, out);
	if (n >= 2 && f[0] == '=')
		return decode_reversed(f, n, out);
	if (n >= 3 && f[0] == 'W')
		return decode_line(f, n, out);
	return PROTO_BAD;
}

const struct scale_protocol scale_proto_xk3190 = {
	.name = "xk3190",
	.description = "Yaohua XK3190 continuous (STX format 0, reversed '=' digits, WG/WN lines)",
	.scan = xk3190_scan,
	.decode = xk3190_decode,
};
