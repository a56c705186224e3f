/* The indicator driver: a serial transport (tty or USB bridge) feeding the
 * protocol decoders. Polled protocols get their request on a timer; with
 * --protocol auto the SICS request is sent now and then as a probe, since
 * a polled indicator says nothing until asked. */
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

struct serial_priv {
	struct serial_port *port; /* owned: closed with the scale */
	struct scale_stream stream;
	long next_request_ms;
	long opened_ms;
	uint8_t in[256];
	size_t in_len, in_pos;
};

static enum scale_status from_serial(enum serial_status st)
{
	switch (st) {
	case SERIAL_OK: return SCALE_OK;
	case SERIAL_TIMEOUT: return SCALE_NO_DATA;
	case SERIAL_GONE: return SCALE_GONE;
	case SERIAL_ACCESS: return SCALE_ACCESS;
	case SERIAL_BUSY: return SCALE_BUSY;
	case SERIAL_NOT_FOUND: return SCALE_NOT_FOUND;
	case SERIAL_INVALID: return SCALE_INVALID;
	default: return SCALE_IO;
	}
}

static void line_of(const struct scale_config *cfg, struct serial_line *line)
{
	serial_line_default(line);
	if (cfg->baud)
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

static enum scale_status indicator_open(struct scale *s, const struct usb_info *info, char *msg, size_t size)
{
	struct serial_priv *p = xcalloc(1, sizeof *p);
	struct serial_line line;
	enum serial_status st;
	line_of(&s->cfg, &line);
	if (s->target.kind == SCALE_KIND_TTY)
		st = serial_tty_open(s->target.path, &line, &p->port, msg, size);
	else
		st = serial_usb_open(s->usb, info, s->target.chip, &line, &p->port, msg, size);
	if (st != SERIAL_OK) {
		free(p);
		return from_serial(st);
	}
	start(s, p);
	return SCALE_OK;
}

/* Tests and other callers can hand in a transport of their own; the scale owns it. */
enum scale_status scale_serial_attach(struct scale *s, struct serial_port *port)
{
	struct serial_priv *p = xcalloc(1, sizeof *p);
	p->port = port;
	start(s, p);
	return SCALE_OK;
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

static enum scale_status send_request(struct scale *s, struct serial_priv *p, long now)
{
	const char *req = request_due(p, now);
	if (!req)
		return SCALE_OK;
	p->next_request_ms = now + REQUEST_EVERY_MS;
	enum serial_status st = serial_write(p->port, (const uint8_t *)req, strlen(req), WRITE_TIMEOUT_MS);
	if (st == SERIAL_OK || st == SERIAL_TIMEOUT)
		return SCALE_OK;
	scale_set_msg(s, "%s", p->port->msg);
	return from_serial(st);
}

/* Decode what is buffered; 1 when a reading came out. */
static int decode_buffered(struct scale *s, struct serial_priv *p, struct scale_reading *out)
{
	while (p->in_pos < p->in_len) {
		if (scale_stream_push(&p->stream, p->in[p->in_pos++], out)) {
			s->protocol = p->stream.proto->name;
			if (p->stream.proto->request)
				p->next_request_ms = scale_now_ms() + REQUEST_AFTER_REPLY_MS;
			return 1;
		}
	}
	return 0;
}

static enum scale_status indicator_read(struct scale *s, struct scale_reading *out, int timeout_ms)
{
	struct serial_priv *p = s->priv;
	long deadline = scale_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		if (decode_buffered(s, p, out))
			return SCALE_OK;
		long now = scale_now_ms();
		enum scale_status st = send_request(s, p, now);
		if (st != SCALE_OK)
			return st;
		long wait = deadline - now, when;
		if (request_of(p, &when) && when - now < wait)
			wait = when - now; /* wake up to ask */
		size_t got = 0;
		enum serial_status rs = serial_read(p->port, p->in, sizeof p->in, &got, wait > 0 ? (int)wait : 0);
		if (rs == SERIAL_OK) {
			p->in_len = got;
			p->in_pos = 0;
			s->bytes_seen += got;
			continue;
		}
		if (rs != SERIAL_TIMEOUT) {
			scale_set_msg(s, "%s", p->port->msg);
			return from_serial(rs);
		}
		if (scale_now_ms() >= deadline)
			return SCALE_NO_DATA;
	}
}

static enum scale_status send_command(struct scale *s, const char *cmd, const char *what)
{
	struct serial_priv *p = s->priv;
	if (!p->stream.proto) {
		scale_set_msg(s, _("the indicator's protocol is not known yet: read a weight first, or give --protocol"));
		return SCALE_NOT_SUPPORTED;
	}
	if (!cmd) {
		scale_set_msg(s, _("the %s protocol has no %s command: use the indicator's own key"), p->stream.proto->name,
			      what);
		return SCALE_NOT_SUPPORTED;
	}
	enum serial_status st = serial_write(p->port, (const uint8_t *)cmd, strlen(cmd), WRITE_TIMEOUT_MS);
	if (st != SERIAL_OK) {
		scale_set_msg(s, "%s", p->port->msg[0] ? p->port->msg : _("the indicator did not take the command"));
		return from_serial(st);
	}
	return SCALE_OK;
}

static enum scale_status indicator_zero(struct scale *s)
{
	struct serial_priv *p = s->priv;
	return send_command(s, p->stream.proto ? p->stream.proto->zero : NULL, _("zero"));
}

static enum scale_status indicator_tare(struct scale *s)
{
	struct serial_priv *p = s->priv;
	return send_command(s, p->stream.proto ? p->stream.proto->tare : NULL, _("tare"));
}

static void indicator_close(struct scale *s)
{
	struct serial_priv *p = s->priv;
	if (!p)
		return;
	serial_close(p->port);
	free(p);
	s->priv = NULL;
}

const struct scale_driver scale_serial_driver = {
	.name = "serial",
	.open = indicator_open,
	.read = indicator_read,
	.zero = indicator_zero,
	.tare = indicator_tare,
	.close = indicator_close,
};
