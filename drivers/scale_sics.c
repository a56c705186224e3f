/* Mettler Toledo SICS: the host asks, the indicator answers one line.
 * "SI" CR LF asks for the weight now; the reply is "S S     1380 kg" (second
 * token: S stable, D dynamic, I busy, + overload, - underload). ES, ET and
 * EL are the indicator's own errors. "Z" zeroes, "T" tares. */
#include "drivers/scale_proto.h"

#include <math.h>
#include <string.h>

#define LINE_MAX_LEN 40
#define MAX_TOKENS 4

static int is_upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }

static enum proto_scan sics_scan(const uint8_t *buf, size_t n, size_t *len)
{
	if (!is_upper(buf[0]) || (n >= 2 && !is_upper(buf[1]) && buf[1] != ' ' && buf[1] != '\r')) {
		*len = 1;
		return PROTO_SKIP;
	}
	for (size_t k = 1; k < n; k++)
		if (buf[k] == '\n' || buf[k] == '\r') {
			*len = k + 1;
			return PROTO_FRAME;
		}
	if (n > LINE_MAX_LEN) {
		*len = 1;
		return PROTO_SKIP;
	}
	return PROTO_MORE;
}

struct token {
	const char *s;
	size_t n;
};

static int split(const char *s, size_t n, struct token *t)
{
	int count = 0;
	size_t i = 0;
	while (i < n && count < MAX_TOKENS) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		t[count].s = s + i;
		while (i < n && s[i] != ' ')
			i++;
		t[count].n = (size_t)(s + i - t[count].s);
		count++;
	}
	return i < n ? -1 : count; /* more tokens than a reply has */
}

static int token_is(const struct token *t, const char *word)
{
	return t->n == strlen(word) && memcmp(t->s, word, t->n) == 0;
}

static enum proto_result weight_reply(const struct token *t, int count, struct scale_reading *out)
{
	memset(out, 0, sizeof *out);
	if (token_is(&t[1], "+")) {
		out->state = SCALE_OVERLOAD;
		return PROTO_READING;
	}
	if (token_is(&t[1], "-")) {
		out->state = SCALE_UNDER_ZERO;
		return PROTO_READING;
	}
	if (token_is(&t[1], "I"))
		return PROTO_NONE; /* busy: ask again */
	if (count != 4 || !(token_is(&t[1], "S") || token_is(&t[1], "D")))
		return PROTO_BAD;
	double v, per_unit = scale_unit_kg(t[3].s, t[3].n);
	int dec;
	if (per_unit == 0.0 || scale_parse_number(t[2].s, t[2].n, &v, &dec) != 0)
		return PROTO_BAD;
	out->kg = round(v * per_unit * 1e6) / 1e6;
	out->decimals = per_unit == 1.0 ? dec : (per_unit < 1.0 ? dec + 3 : 3);
	if (out->decimals > 6)
		out->decimals = 6;
	out->state = t[1].s[0] == 'S' ? SCALE_STABLE : SCALE_MOTION;
	return PROTO_READING;
}

static enum proto_result sics_decode(const uint8_t *f, size_t n, struct scale_reading *out)
{
	struct token t[MAX_TOKENS];
	size_t end = n;
	while (end > 0 && (f[end - 1] == '\r' || f[end - 1] == '\n'))
		end--;
	int count = split((const char *)f, end, t);
	if (count < 1)
		return PROTO_BAD;
	if (token_is(&t[0], "S") && count >= 2)
		return weight_reply(t, count, out);
	/* Acknowledgements of zero and tare, and the indicator's own errors. */
	if (token_is(&t[0], "Z") || token_is(&t[0], "T") || token_is(&t[0], "ES") || token_is(&t[0], "ET") ||
	    token_is(&t[0], "EL"))
		return PROTO_NONE;
	return PROTO_BAD;
}

const struct scale_protocol scale_proto_sics = {
	.name = "sics",
	.description = "Mettler Toledo SICS, polled with SI",
	.scan = sics_scan,
	.decode = sics_decode,
	.request = "SI\r\n",
	.zero = "Z\r\n",
	.tare = "T\r\n",
};
