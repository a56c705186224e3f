/* The indicator driver: a serial transport (tty or USB bridge) feeding the
 * protocol decoders. Polled protocols get their request on a timer; with
 * --protocol auto the SICS request is sent now and then as a probe, since
 * a polled indicator says nothing until asked. With --baud auto the usual
 * rates are tried in turn, each for a while, until one gives a reading; that
 * rate is kept, also when the scale is opened again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/scale_drv.h"
#include "drivers/scale_proto.h"

#define REQUEST_EVERY_MS 1000 /* re-ask a polled indicator that did not answer */
#define REQUEST_AFTER_REPLY_MS 100
#define AUTO_PROBE_AFTER_MS 1000
#define WRITE_TIMEOUT_MS 500
/* Reads past the deadline while bytes keep coming: a stream that never
 * pauses (a fast bridge, garbage) must not keep a poll from returning. */
#define LATE_READS_MAX 8
/* How long each rate is listened to: two frames at 1200 baud, or an answer
 * to the probe auto sends a polled indicator after a second. */
#define AUTO_BAUD_TRY_MS 1600

/* --baud auto tries these, the most common first. */
static const int auto_rates[] = {9600, 4800, 2400, 1200};
#define AUTO_RATES ((int)(sizeof auto_rates / sizeof *auto_rates))

struct serial_priv {
	struct serial_port *port; /* owned: closed with the scale */
	struct scale_stream stream;
	long next_request_ms;
	long opened_ms;
	uint8_t in[256];
	size_t in_len, in_pos;
	int trying;               /* --baud auto: index into auto_rates, -1 once one is kept */
	struct usb_info usb;      /* a bridge, its device referenced: opened again at another rate */
};

static void line_of(const struct scale *s, struct serial_line *line)
{
	const struct scale_config *cfg = &s->cfg;
	serial_line_default(line);
	if (cfg->baud == SCALE_BAUD_AUTO)
		line->baud = s->baud_found ? s->baud_found : auto_rates[0];
	else if (cfg->baud)
		line->baud = cfg->baud;
	if (cfg->parity)
		line->parity = cfg->parity;
	if (cfg->data_bits)
		line->data_bits = cfg->data_bits;
	if (cfg->stop_bits)
		line->stop_bits = cfg->stop_bits;
}

static void start(struct scale *s, struct serial_priv *p)
{
	int known;
	scale_stream_init(&p->stream, scale_protocol_find(s->cfg.protocol, &known));
	p->opened_ms = scale_now_ms();
	p->next_request_ms = p->opened_ms;
	s->priv = p;
	s->protocol = p->stream.proto ? p->stream.proto->name : "auto";
}

static int open_port(struct scale *s, struct serial_priv *p, const struct serial_line *line, sy_err *err)
{
	int st;
	if (s->target.kind == SCALE_KIND_NET) {
		st = serial_tcp_open(s->target.path, s->net_wait_ms, &p->port, err);
		s->net_wait_ms = 0; /* connecting again goes on in the polls: a screen never waits for it */
	} else if (s->target.kind == SCALE_KIND_TTY)
		st = serial_tty_open(s->target.path, line, &p->port, err);
	else
		st = serial_usb_open(s->usb, &p->usb, s->target.chip, line, &p->port, err);
	if (st == SY_OK)
		s->baud_now = line->baud;
	return st;
}

static int indicator_open(struct scale *s, const struct usb_info *info, sy_err *err)
{
	struct serial_priv *p = xcalloc(1, sizeof *p);
	struct serial_line line;
	line_of(s, &line);
	if (info) {
		p->usb = *info;
		libusb_ref_device(p->usb.dev);
	}
	int st = open_port(s, p, &line, err);
	if (st != SY_OK) {
		if (p->usb.dev)
			libusb_unref_device(p->usb.dev);
		free(p);
		return st;
	}
	p->trying = s->cfg.baud == SCALE_BAUD_AUTO && !s->baud_found ? 0 : -1;
	start(s, p);
	return SY_OK;
}

/* --baud auto: nothing readable at this rate for a while; on to the next.
 * A tty is opened anew before the old one is closed, so that the line
 * never hangs up; a bridge is closed first, to be claimed again. */
static int next_rate(struct scale *s, struct serial_priv *p, sy_err *err)
{
	struct serial_line line;
	struct serial_port *old = p->port;
	line_of(s, &line);
	p->trying = (p->trying + 1) % AUTO_RATES;
	line.baud = auto_rates[p->trying];
	if (s->target.kind != SCALE_KIND_TTY) {
		serial_close(old);
		old = NULL;
	}
	int st = open_port(s, p, &line, err);
	serial_close(old);
	if (st != SY_OK) {
		p->port = NULL;
		s->gone = 1; /* closed: reopened (from the first rate) by later polls */
		return st;
	}
	p->in_len = p->in_pos = 0;
	start(s, p);
	return SY_OK;
}

/* Tests and other callers can hand in a transport of their own; the scale owns it. */
void scale_serial_attach(struct scale *s, struct serial_port *port)
{
	struct serial_priv *p = xcalloc(1, sizeof *p);
	p->port = port;
	p->trying = -1;
	start(s, p);
}

/* A failed read or write of the port: the scale is gone with it, or it failed. */
static int port_failed(struct scale *s, struct serial_priv *p, int status)
{
	s->gone = p->port->gone;
	return status;
}

/* What to send to ask for a reading, and from when; NULL when nothing. */
static const char *request_of(const struct serial_priv *p, long *when)
{
	*when = p->next_request_ms;
	if (p->stream.proto)
		return p->stream.proto->request;
	/* Auto and nothing recognised yet: maybe the indicator waits to be asked. */
	if (*when < p->opened_ms + AUTO_PROBE_AFTER_MS)
		*when = p->opened_ms + AUTO_PROBE_AFTER_MS;
	return scale_proto_sics.request;
}

static const char *request_due(const struct serial_priv *p, long now)
{
	long when;
	const char *req = request_of(p, &when);
	return req && now >= when ? req : NULL;
}

static int send_request(struct scale *s, struct serial_priv *p, long now, sy_err *err)
{
	const char *req = request_due(p, now);
	if (!req)
		return SY_OK;
	p->next_request_ms = now + REQUEST_EVERY_MS;
	int st = serial_write(p->port, (const uint8_t *)req, strlen(req), WRITE_TIMEOUT_MS, err);
	return st == SY_OK ? SY_OK : port_failed(s, p, st);
}

/* Decode what is buffered; 1 when a reading came out. */
static int decode_buffered(struct scale *s, struct serial_priv *p, struct scale_reading *out)
{
	while (p->in_pos < p->in_len) {
		if (scale_stream_push(&p->stream, p->in[p->in_pos++], out)) {
			p->stream.bad_frames = 0; /* counted again up to the next reading */
			if (!p->stream.proto) /* auto, still looking: a condition it passed on */
				return 1;
			s->protocol = p->stream.proto->name;
			if (p->stream.proto->request)
				p->next_request_ms = scale_now_ms() + REQUEST_AFTER_REPLY_MS;
			return 1;
		}
	}
	return 0;
}

static int indicator_read(struct scale *s, struct scale_reading *out, int *got, int timeout_ms, sy_err *err)
{
	struct serial_priv *p = s->priv;
	long deadline = scale_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int late_reads = 0;
	*got = 0;
	for (;;) {
		int decoded = decode_buffered(s, p, out);
		s->bad_frames = p->stream.bad_frames;
		if (decoded) {
			if (p->trying >= 0 && p->stream.proto) { /* this rate gives frames: keep it */
				s->baud_found = auto_rates[p->trying];
				p->trying = -1;
			}
			*got = 1;
			return SY_OK;
		}
		if (p->stream.unsure) /* auto found frames it must not guess at */
			return sy_fail(err, SY_INVALID, "protocol", "%s", _(p->stream.unsure->unsure));
		long now = scale_now_ms();
		if (p->trying >= 0 && now - p->opened_ms >= AUTO_BAUD_TRY_MS) {
			int st = next_rate(s, p, err);
			if (st != SY_OK)
				return st;
			continue;
		}
		if (now >= deadline && late_reads++ >= LATE_READS_MAX)
			return SY_OK;
		int st = send_request(s, p, now, err);
		if (st != SY_OK)
			return st;
		long wait = deadline - now, when;
		if (request_of(p, &when) && when - now < wait)
			wait = when - now; /* wake up to ask */
		if (p->trying >= 0 && p->opened_ms + AUTO_BAUD_TRY_MS - now < wait)
			wait = p->opened_ms + AUTO_BAUD_TRY_MS - now; /* and to try the next rate */
		size_t n = 0;
		st = serial_read(p->port, p->in, sizeof p->in, &n, wait > 0 ? (int)wait : 0, err);
		if (st != SY_OK)
			return port_failed(s, p, st);
		if (n > 0) {
			p->in_len = n;
			p->in_pos = 0;
			scale_saw(s, p->in, n);
			continue;
		}
		if (scale_now_ms() >= deadline)
			return SY_OK;
	}
}

static int send_command(struct scale *s, const char *cmd, const char *what, sy_err *err)
{
	struct serial_priv *p = s->priv;
	if (!p->stream.proto)
		return sy_fail(err, SY_INVALID, "protocol", "%s",
			       _("the indicator's protocol is not known yet: read a weight first, or give --protocol"));
	if (!cmd)
		return sy_fail(err, SY_INVALID, "protocol",
			       _("the %s protocol has no %s command: use the indicator's own key"), p->stream.proto->name,
			       what);
	int st = serial_write(p->port, (const uint8_t *)cmd, strlen(cmd), WRITE_TIMEOUT_MS, err);
	return st == SY_OK ? SY_OK : port_failed(s, p, st);
}

static int indicator_zero(struct scale *s, sy_err *err)
{
	struct serial_priv *p = s->priv;
	return send_command(s, p->stream.proto ? p->stream.proto->zero : NULL, _("zero"), err);
}

static int indicator_tare(struct scale *s, sy_err *err)
{
	struct serial_priv *p = s->priv;
	return send_command(s, p->stream.proto ? p->stream.proto->tare : NULL, _("tare"), err);
}

static void indicator_close(struct scale *s)
{
	struct serial_priv *p = s->priv;
	if (!p)
		return;
	serial_close(p->port);
	if (p->usb.dev)
		libusb_unref_device(p->usb.dev);
	free(p);
	s->priv = NULL;
}

const struct scale_driver scale_driver_serial = {
	.name = "serial",
	.open = indicator_open,
	.read = indicator_read,
	.zero = indicator_zero,
	.tare = indicator_tare,
	.close = indicator_close,
};
