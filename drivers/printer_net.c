/* Label printers on the network: raw TCP (port 9100) carrying the same
 * streams as USB, ZPL, TSPL and Brother QL raster, and the same status
 * requests, answered over the socket. The transport under printer_io_send,
 * and the language asked when it is not given (printer_probe.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/printer_dev.h"

/* How long each language probe waits for its answer: a printer on the LAN
 * answers a status request within a few ms. */
enum { PROBE_WAIT_MS = 800 };

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- The transport ---- */

static enum printer_io_status from_net(struct printer *p, enum net_io st, const sy_err *err)
{
	switch (st) {
	case NET_OK: return PIO_OK;
	case NET_TIMEOUT: return PIO_TIMEOUT;
	case NET_CLOSED: sy_strlcpy(p->msg, err->msg, sizeof p->msg); return PIO_GONE;
	default: sy_strlcpy(p->msg, err->msg, sizeof p->msg); return PIO_ERROR;
	}
}

static enum printer_io_status tcp_write(void *ctx, const uint8_t *data, size_t len, int timeout_ms, size_t *done)
{
	struct printer *p = ctx;
	sy_err err = {0};
	return from_net(p, net_write(p->conn, data, len, done, timeout_ms, &err), &err);
}

static enum printer_io_status tcp_read(void *ctx, uint8_t *buf, size_t size, int timeout_ms, size_t *got)
{
	struct printer *p = ctx;
	sy_err err = {0};
	return from_net(p, net_read(p->conn, buf, size, got, timeout_ms, &err), &err);
}

static enum printer_io_status tcp_flush(void *ctx, int timeout_ms, size_t *left)
{
	struct printer *p = ctx;
	sy_err err = {0};
	return from_net(p, net_drain(p->conn, timeout_ms, left, &err), &err);
}

static const char *tcp_message(void *ctx) { return ((struct printer *)ctx)->msg; }

/* ---- Which language ---- */

/* Send one probe and read until its answer parses or the wait is over:
 * 0 with *out, -1 when no answer named a language, or a printer_io_status
 * failure (closed, failed) as a positive number. */
static int probe_one(struct printer *p, const struct printer_probe_step *step, struct printer_probe *out)
{
	const uint8_t *req = step->request ? step->request : step->lang->status_request;
	size_t len = step->request ? step->len : step->lang->status_request_len, got = 0, done = 0;
	uint8_t reply[512];
	enum printer_io_status s = p->io.write(p, req, len, PROBE_WAIT_MS, &done);
	if (s != PIO_OK)
		return (int)s;
	long deadline = now_ms() + PROBE_WAIT_MS;
	while (got < sizeof reply) {
		long left = deadline - now_ms();
		size_t n = 0;
		if (left <= 0)
			break;
		s = p->io.read(p, reply + got, sizeof reply - got, (int)left, &n);
		if (s != PIO_OK)
			return (int)s;
		got += n;
		if (n && printer_probe_parse(step->lang, reply, got, out) == 0)
			return 0;
	}
	return -1;
}

static int probe(struct printer *p, struct printer_probe *found, sy_err *err)
{
	int r = -1;
	for (const struct printer_probe_step *step = printer_probes; step->lang && r < 0; step++)
		r = probe_one(p, step, found);
	if (r > 0)
		return sy_fail(err, SY_ENV, "printer", "%s", p->msg);
	size_t done;
	p->io.write(p, (const uint8_t *)"\r\n", 2, PROBE_WAIT_MS, &done); /* see printer_probe.c */
	if (r == 0)
		return SY_OK;
	memset(found, 0, sizeof *found);
	return SY_OK;
}

/* ---- Opening ---- */

static void make_profile(struct printer *p, const struct printer_probe *found, const char *lang_override,
			 int dpi_override)
{
	struct printer_device_id id = {0};
	const char *lang = lang_override && *lang_override ? lang_override : found->lang ? found->lang->name : NULL;
	const char *shown = p->info.id; /* a printer that does not say its model: its address */
	/* A QL that does not say which: the quirk table's row for any QL. */
	snprintf(id.mdl, sizeof id.mdl, "%s", *found->model ? found->model : lang && !strcmp(lang, "ql") ? "QL-" : shown);
	printer_profile_make(0, 0, &id, lang, dpi_override > 0 ? dpi_override : found->dpi, &p->info.profile);
	if (!*found->model)
		snprintf(id.mdl, sizeof id.mdl, "%s", shown);
	snprintf(p->info.profile.name, sizeof p->info.profile.name, "%s", id.mdl);
	sy_strlcpy(p->info.device_id.mdl, id.mdl, sizeof p->info.device_id.mdl);
	if (p->info.profile.lang)
		snprintf(p->info.device_id.cmd, sizeof p->info.device_id.cmd, "%s", p->info.profile.lang->name);
}

int printer_net_open(const char *address, const char *lang_override, int dpi_override, struct printer **out,
		     sy_err *err)
{
	struct net_addr a;
	struct printer_probe found = {0};
	*out = NULL;
	int status = net_addr_parse(address, &a, err);
	if (status != SY_OK)
		return status;
	if (lang_override && *lang_override && !strcmp(lang_override, "dymo"))
		return sy_fail(err, SY_INVALID, "language", "%s",
			       _("a DYMO LabelWriter is not driven over the network here: connect it by USB, or use a "
				 "ZPL, TSPL or Brother QL printer on the network"));
	struct printer *p = xcalloc(1, sizeof *p);
	status = net_connect(&a, NET_CONNECT_MS, NET_CONNECT_MS, &p->conn, err);
	if (status != SY_OK) {
		free(p);
		return status;
	}
	sy_strlcpy(p->info.id, a.text, sizeof p->info.id);
	p->info.iface = -1;
	p->info.bidirectional = 1;
	p->io = (struct printer_io){
		.ctx = p,
		.bidirectional = 1,
		.write = tcp_write,
		.read = tcp_read,
		.flush = tcp_flush,
		.message = tcp_message,
		.network = 1,
	};
	printer_timeouts_default(&p->timeouts);
	if (!(lang_override && *lang_override))
		status = probe(p, &found, err);
	if (status != SY_OK) {
		printer_close(p);
		return status;
	}
	make_profile(p, &found, lang_override, dpi_override);
	if (!p->info.profile.lang)
		snprintf(p->info.problem, sizeof p->info.problem,
			 _("answers none of the status requests (TSPL ESC ! ?, Brother ESC i S, ZPL ~HI), so its "
			   "language is not known: name it with --format zpl, tspl or ql"));
	*out = p;
	return SY_OK;
}
