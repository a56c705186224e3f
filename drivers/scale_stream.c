/* Framing a byte stream for the indicator protocols, and "auto". */
#include "drivers/scale_proto.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct scale_protocol *const scale_protocols[] = {
	&scale_proto_toledo,
	&scale_proto_xk3190,
	&scale_proto_xk3190_forward,
	&scale_proto_stgs,
	&scale_proto_sics,
	NULL,
};

const struct scale_protocol *const scale_auto_protocols[] = {
	&scale_proto_toledo,
	&scale_proto_xk3190_auto,
	&scale_proto_stgs,
	&scale_proto_sics,
	NULL,
};

const char *scale_protocol_names(void)
{
	static char names[96];
	if (!names[0])
		for (int i = 0; scale_protocols[i]; i++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
				 scale_protocols[i]->name);
	return names;
}

const struct scale_protocol *scale_protocol_find(const char *name, int *known)
{
	*known = 1;
	if (!name || !*name || strcmp(name, "auto") == 0)
		return NULL;
	for (int i = 0; scale_protocols[i]; i++)
		if (strcmp(scale_protocols[i]->name, name) == 0)
			return scale_protocols[i];
	*known = 0;
	return NULL;
}

void scale_stream_init(struct scale_stream *s, const struct scale_protocol *proto)
{
	memset(s, 0, sizeof *s);
	s->proto = proto;
	if (proto) {
		s->candidates[0] = proto;
		s->n_candidates = 1;
		return;
	}
	for (int i = 0; scale_auto_protocols[i] && i < SCALE_AUTO_MAX; i++)
		s->candidates[s->n_candidates++] = scale_auto_protocols[i];
}

static void drop(struct scale_track *t, size_t n)
{
	if (n > t->n)
		n = t->n;
	memmove(t->buf, t->buf + n, t->n - n);
	t->n -= n;
}

/* Add one byte to a track and decode what completes. A push completes at most
 * one reading; what follows it stays buffered for the next byte. */
static int track_push(struct scale_stream *s, const struct scale_protocol *p, struct scale_track *t, uint8_t byte,
		      struct scale_reading *out)
{
	if (t->n == sizeof t->buf) {
		drop(t, 1);
		s->bytes_dropped++;
	}
	t->buf[t->n++] = byte;
	while (t->n > 0) {
		size_t len = 0;
		enum proto_scan r = p->scan(t->buf, t->n, &len);
		if (r == PROTO_MORE) {
			if (t->n < sizeof t->buf)
				return 0;
			r = PROTO_SKIP; /* no frame is this long: resynchronise */
			len = 1;
		}
		if (len == 0 || len > t->n)
			len = 1; /* a framer must always make progress */
		if (r == PROTO_SKIP) {
			drop(t, len);
			s->bytes_dropped += (unsigned)len;
			continue;
		}
		enum proto_result d = p->decode(t->buf, len, out);
		drop(t, len);
		if (d == PROTO_READING && !(fabs(out->kg) <= SCALE_MAX_KG && fabs(out->tare_kg) <= SCALE_MAX_KG))
			d = PROTO_BAD;
		if (d == PROTO_READING) {
			t->good++;
			t->weights += scale_state_has_weight(out->state) ? 1 : 0;
			out->protocol = p->name;
			/* More decimals than a display has is noise in the digits. */
			if (out->decimals > 6)
				out->decimals = 6;
			return 1;
		}
		if (d == PROTO_BAD) {
			t->bad++;
			s->bad_frames++;
		}
		if (d == PROTO_UNSURE)
			t->unsure++;
	}
	return 0;
}

/* Auto: every candidate sees every byte; the first to decode enough frames
 * with a weight, at least as many good as bad, wins and the others are
 * forgotten. Until then a condition read twice by one of them is passed on. */
static int auto_push(struct scale_stream *s, uint8_t byte, struct scale_reading *out)
{
	for (int i = 0; i < s->n_candidates; i++) {
		struct scale_reading r;
		struct scale_track *t = &s->track[i];
		int got = track_push(s, s->candidates[i], t, byte, &r);
		/* Clean frames that only a setting can read: say which setting. */
		if (!s->unsure && t->unsure >= SCALE_AUTO_FRAMES && t->unsure >= t->bad)
			s->unsure = s->candidates[i];
		if (!got || t->good < SCALE_AUTO_FRAMES || t->good < t->bad)
			continue;
		if (!scale_state_has_weight(r.state)) {
			*out = r;
			return 1;
		}
		if (t->weights >= SCALE_AUTO_FRAMES) {
			s->proto = s->candidates[i];
			s->unsure = NULL;
			s->candidates[0] = s->proto;
			s->track[0] = *t;
			s->n_candidates = 1;
			*out = r;
			return 1;
		}
	}
	return 0;
}

int scale_stream_push(struct scale_stream *s, uint8_t byte, struct scale_reading *out)
{
	if (!s->proto)
		return auto_push(s, byte, out);
	return track_push(s, s->proto, &s->track[0], byte, out);
}

int scale_stream_feed(struct scale_stream *s, const uint8_t *buf, size_t n, struct scale_reading *out)
{
	int count = 0;
	struct scale_reading r;
	for (size_t i = 0; i < n; i++)
		if (scale_stream_push(s, buf[i], &r)) {
			*out = r;
			count++;
		}
	return count;
}

/* ---- helpers shared by the decoders ---- */

int scale_parse_number(const char *s, size_t n, double *value, int *decimals)
{
	size_t i = 0;
	int neg = 0, digits = 0, point = 0, dec = 0;
	double v = 0.0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	while (i < n && s[i] == ' ')
		i++;
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			v = v * 10 + (c - '0');
			digits++;
			if (point)
				dec++;
		} else if (c == '.' && !point) {
			point = 1;
		} else {
			break;
		}
	}
	while (i < n && s[i] == ' ')
		i++;
	if (i != n || digits == 0 || digits > 12)
		return -1;
	*value = (neg ? -v : v) / pow(10.0, dec);
	*decimals = dec > 6 ? 6 : dec;
	return 0;
}

double scale_unit_kg(const char *unit, size_t n)
{
	static const struct {
		const char *name;
		double kg;
	} units[] = {
		{"kg", 1.0}, {"g", 1e-3}, {"mg", 1e-6}, {"t", 1000.0}, {"lb", 0.45359237}, {"lbs", 0.45359237},
		{"oz", 0.028349523125},
	};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strlen(units[i].name) == n && strncasecmp(units[i].name, unit, n) == 0)
			return units[i].kg;
	return 0.0;
}

int scale_step_decimals(double step_kg)
{
	int d = 0;
	while (d < 6 && step_kg < 0.999 * pow(10.0, -d))
		d++;
	return d;
}
