/* The common "ST,GS,+0001380kg" CR LF line: ST stable, US unstable, OL
 * overload; GS gross, NT net, TR tare. Vendors vary the separators (comma
 * or space), the digit count, the spaces and the unit; a line with no unit
 * is taken as kg. */
#include "drivers/scale_proto.h"

#include <math.h>
#include <string.h>

#define LINE_MAX_LEN 40

static int status_start(const uint8_t *b, size_t n)
{
	if (n < 2)
		return b[0] == 'S' || b[0] == 'U' || b[0] == 'O';
	return (b[0] == 'S' && b[1] == 'T') || (b[0] == 'U' && b[1] == 'S') || (b[0] == 'O' && b[1] == 'L');
}

static enum proto_scan stgs_scan(const uint8_t *buf, size_t n, size_t *len)
{
	if (!status_start(buf, n)) {
		*len = 1;
		return PROTO_SKIP;
	}
	for (size_t k = 2; k < n; k++) {
		if (buf[k] == '\r' || buf[k] == '\n') {
			*len = k + 1;
			return PROTO_FRAME;
		}
		/* A new status word inside the line: what came before was cut off. */
		if (k + 2 < n && status_start(buf + k, 2) && (buf[k + 2] == ',' || buf[k + 2] == ' ')) {
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

static int is_letter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

static enum proto_result stgs_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	const char *s = (const char *)f;
	size_t end = n, i = 2;
	if (n < 3)
		return PROTO_BAD;
	while (end > 2 && (s[end - 1] == '\r' || s[end - 1] == '\n' || s[end - 1] == ' '))
		end--;
	char mode[3] = "GS";
	while (i < end && (s[i] == ',' || s[i] == ' '))
		i++;
	if (i + 1 < end && is_letter(s[i]) && is_letter(s[i + 1])) {
		mode[0] = s[i];
		mode[1] = s[i + 1];
		i += 2;
		while (i < end && (s[i] == ',' || s[i] == ' '))
			i++;
	}
	size_t unit_start = end;
	while (unit_start > i && is_letter(s[unit_start - 1]))
		unit_start--;
	double per_unit = unit_start < end ? scale_unit_kg(s + unit_start, end - unit_start) : 1.0;
	double v = 0.0;
	int dec = 0;
	int number_ok = per_unit != 0.0 && scale_parse_number(s + i, unit_start - i, &v, &dec) == 0;
	memset(out, 0, sizeof *out);
	if (s[0] == 'O') { /* overload lines often carry no usable number */
		out->state = SCALE_OVERLOAD;
		return PROTO_READING;
	}
	if (!number_ok)
		return PROTO_BAD;
	double kg = round(v * per_unit * 1e6) / 1e6;
	if (strcmp(mode, "TR") == 0) { /* a tare line: no weight to report */
		out->tare_kg = kg;
		out->has_tare = 1;
		return PROTO_NONE;
	}
	out->kg = kg;
	out->decimals = per_unit == 1.0 ? dec : 3;
	out->net = strcmp(mode, "NT") == 0 || strcmp(mode, "NW") == 0;
	if (kg < 0 && !out->net)
		out->state = SCALE_UNDER_ZERO;
	else
		out->state = s[0] == 'S' ? SCALE_STABLE : SCALE_MOTION;
	return PROTO_READING;
}

const struct scale_protocol scale_proto_stgs = {
	.name = "stgs",
	.description = "generic ST/US/OL,GS/NT,weight unit lines",
	.scan = stgs_scan,
	.decode = stgs_decode,
};
