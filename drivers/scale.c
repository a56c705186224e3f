/* The scale reader: find the scale, open it through its driver, count equal
 * readings for "settled", notice silence, and reopen a scale that was
 * unplugged when it comes back (hotplug where libusb has it, and a retry
 * every second in any case). */
#include "drivers/scale.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"
#include "drivers/scale_drv.h"
#include "drivers/scale_proto.h"

#define REOPEN_EVERY_MS 1000
#define DRAIN_MAX 64

long scale_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void scale_set_msg(struct scale *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
}

void scale_saw(struct scale *s, const uint8_t *buf, size_t n)
{
	size_t keep = sizeof s->seen;
	s->bytes_seen += n;
	if (n >= keep) {
		memcpy(s->seen, buf + n - keep, keep);
		s->seen_len = keep;
		return;
	}
	if (s->seen_len + n > keep) {
		size_t drop = s->seen_len + n - keep;
		memmove(s->seen, s->seen + drop, s->seen_len - drop);
		s->seen_len -= drop;
	}
	memcpy(s->seen + s->seen_len, buf, n);
	s->seen_len += n;
}

/* The bytes seen, quoted for a message: text as it is, the rest as \xHH.
 * It starts after a line end when there is one, where a frame would start. */
static void quote_seen(const struct scale *s, char *out, size_t size)
{
	size_t from = 0, len = 0;
	for (size_t i = 0; i + 1 < s->seen_len; i++)
		if (s->seen[i] == '\n' || s->seen[i] == '\r') {
			from = i + 1;
			if (s->seen[from] == '\n')
				from++;
			break;
		}
	if (from >= s->seen_len)
		from = 0;
	len = (size_t)snprintf(out, size, "\"");
	for (size_t i = from; i < s->seen_len && len + 6 < size; i++) {
		uint8_t c = s->seen[i];
		if (c == '\r' || c == '\n')
			len += (size_t)snprintf(out + len, size - len, "%s", c == '\r' ? "\\r" : "\\n");
		else if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			out[len++] = (char)c;
		else
			len += (size_t)snprintf(out + len, size - len, "\\x%02X", c);
	}
	snprintf(out + len, size - len, "\"");
}

void scale_config_init(struct scale_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->baud = 9600;
	cfg->parity = 'N';
	cfg->data_bits = 8;
	cfg->stop_bits = 1;
	cfg->stable_count = 3;
	cfg->no_data_ms = 3000;
	cfg->open_wait_ms = NET_CONNECT_MS;
}

/* ---- finding scales ---- */

struct list_acc {
	struct scale_info *items;
	int n, cap;
};

static int classify(const struct usb_info *info, struct scale_info *out)
{
	const struct serial_chip *chip = serial_chip_find(info->vid, info->pid);
	memset(out, 0, sizeof *out);
	if (chip) {
		out->kind = SCALE_KIND_BRIDGE;
		snprintf(out->name, sizeof out->name, "%s", chip->description);
		usb_sysfs_iface_tty(info, 0, out->tty, sizeof out->tty);
	} else if (scale_hid_probe(info, out->name, sizeof out->name)) {
		out->kind = SCALE_KIND_HID;
	} else {
		return 0;
	}
	sy_strlcpy(out->id, info->id, sizeof out->id);
	out->vid = info->vid;
	out->pid = info->pid;
	return 1;
}

static int collect(const struct usb_info *info, void *arg)
{
	struct list_acc *acc = arg;
	struct scale_info item;
	if (!classify(info, &item))
		return 0;
	if (acc->n == acc->cap) {
		acc->cap = acc->cap ? acc->cap * 2 : 8;
		acc->items = xrealloc(acc->items, (size_t)acc->cap * sizeof *acc->items);
	}
	acc->items[acc->n++] = item;
	return 0;
}

static int list_with(struct usb_ctx *ctx, struct scale_info **out)
{
	struct list_acc acc = {0};
	usb_each_device(ctx, collect, &acc);
	*out = acc.items;
	return acc.n;
}

int scale_list(struct scale_info **out, int *count, sy_err *err)
{
	struct usb_ctx *ctx = usb_ctx_new(err);
	*out = NULL;
	*count = 0;
	if (!ctx)
		return SY_ENV;
	*count = list_with(ctx, out);
	usb_ctx_free(ctx);
	return SY_OK;
}

/* "0922:8003@1-2" matches itself; "0922:8003" matches any socket. */
static int id_matches(const char *id, const char *want)
{
	size_t n = strlen(want);
	if (strcasecmp(id, want) == 0)
		return 1;
	return !strchr(want, '@') && strncasecmp(id, want, n) == 0 && id[n] == '@';
}

static void target_from(struct scale *s, const struct scale_info *info)
{
	struct scale_target *t = &s->target;
	memset(t, 0, sizeof *t);
	t->kind = info->kind;
	t->vid = (uint16_t)info->vid;
	t->pid = (uint16_t)info->pid;
	sy_strlcpy(t->id, info->id, sizeof t->id);
	sy_strlcpy(t->name, info->name, sizeof t->name);
	const char *at = strchr(info->id, '@');
	sy_strlcpy(t->usb_port, at ? at + 1 : "", sizeof t->usb_port);
	t->chip = info->kind == SCALE_KIND_BRIDGE ? serial_chip_find(t->vid, t->pid) : NULL;
	s->drv = info->kind == SCALE_KIND_HID ? &scale_driver_hid : &scale_driver_serial;
}

static int choose_usb_target(struct scale *s, sy_err *err)
{
	struct scale_info *items;
	int n = list_with(s->usb, &items), match = -1, matches = 0;
	int st = SY_OK;
	for (int i = 0; i < n; i++)
		if (!s->cfg.device || id_matches(items[i].id, s->cfg.device)) {
			matches++;
			if (match < 0)
				match = i;
		}
	if (matches == 0 && s->cfg.device)
		st = sy_fail(err, SY_ENV, "device", _("no scale matches %s: see scrapyard scale list"), s->cfg.device);
	else if (matches == 0)
		st = sy_fail(err, SY_ENV, "device", "%s",
			     _("no scale found: plug in the USB scale or adapter, or give the indicator's port with --port"));
	else if (matches > 1)
		st = sy_fail(err, SY_INVALID, "device", _("%d scales found (%s, %s%s): choose one with --device"), matches,
			     items[0].id, items[1].id, matches > 2 ? ", ..." : "");
	else
		target_from(s, &items[match]);
	free(items);
	return st;
}

/* ---- opening, and opening again ---- */

struct reopen_arg {
	struct scale *s;
	int pass; /* 0: the same socket, 1: anywhere */
	int status;
	sy_err *err;
};

static int open_matching(const struct usb_info *info, void *argp)
{
	struct reopen_arg *arg = argp;
	struct scale_target *t = &arg->s->target;
	if (info->vid != t->vid || info->pid != t->pid)
		return 0;
	if (arg->pass == 0 && strcmp(info->port, t->usb_port) != 0)
		return 0;
	arg->status = arg->s->drv->open(arg->s, info, arg->err);
	if (arg->status == SY_OK && strcmp(info->id, t->id) != 0) {
		sy_strlcpy(t->id, info->id, sizeof t->id); /* plugged back into another socket */
		sy_strlcpy(t->usb_port, info->port, sizeof t->usb_port);
	}
	return 1;
}

/* SY_OK, or a failure; *absent (may be NULL) tells a USB scale that is not plugged in. */
static int open_target(struct scale *s, int *absent, sy_err *err)
{
	if (absent)
		*absent = 0;
	if (s->target.kind == SCALE_KIND_NET) /* the failure says refused, unreachable ...: shown */
		return s->drv->open(s, NULL, err);
	if (s->target.kind == SCALE_KIND_TTY) {
		int st = s->drv->open(s, NULL, err);
		if (st != SY_OK && absent) /* an unplugged adapter takes its tty along */
			*absent = access(s->target.path, F_OK) != 0;
		return st;
	}
	struct reopen_arg arg = {s, 0, SY_ENV, err};
	if (!usb_each_device(s->usb, open_matching, &arg)) {
		arg.pass = 1;
		if (!usb_each_device(s->usb, open_matching, &arg)) {
			if (absent)
				*absent = 1;
			return sy_fail(err, SY_ENV, "device", _("the scale %s is not plugged in: plug it in"), s->target.id);
		}
	}
	return arg.status;
}

static int LIBUSB_CALL on_arrival(libusb_context *ctx, libusb_device *dev, libusb_hotplug_event event, void *user)
{
	(void)ctx;
	(void)dev;
	(void)event;
	((struct scale *)user)->hotplug_arrived = 1;
	return 0;
}

static void watch_arrivals(struct scale *s)
{
	if (!s->usb || !libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG))
		return;
	int r = libusb_hotplug_register_callback(usb_ctx_libusb(s->usb), LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, 0,
						 s->target.vid, s->target.pid, LIBUSB_HOTPLUG_MATCH_ANY, on_arrival, s,
						 &s->hotplug_handle);
	s->hotplug = r == 0;
}

static struct scale *scale_new(const struct scale_config *cfg)
{
	struct scale *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	/* Keep our own copies: the caller's strings may not outlive the scale. */
	if (cfg->device)
		s->cfg.device = s->device_buf, sy_strlcpy(s->device_buf, cfg->device, sizeof s->device_buf);
	if (cfg->port)
		s->cfg.port = s->port_buf, sy_strlcpy(s->port_buf, cfg->port, sizeof s->port_buf);
	if (cfg->protocol)
		s->cfg.protocol = s->protocol_buf, sy_strlcpy(s->protocol_buf, cfg->protocol, sizeof s->protocol_buf);
	if (s->cfg.stable_count < 1)
		s->cfg.stable_count = 1;
	if (s->cfg.no_data_ms <= 0)
		s->cfg.no_data_ms = 3000;
	return s;
}

int scale_config_check(const struct scale_config *cfg, sy_err *err)
{
	int known;
	scale_protocol_find(cfg->protocol, &known);
	if (!known)
		return sy_fail(err, SY_INVALID, "protocol", _("unknown protocol '%s': use %s or auto"), cfg->protocol,
			       scale_protocol_names());
	struct serial_line line = {cfg->baud == SCALE_BAUD_AUTO ? 9600 : cfg->baud, cfg->parity, cfg->data_bits,
				   cfg->stop_bits};
	if (cfg->baud == SCALE_BAUD_AUTO && (net_is_address(cfg->port) || (!cfg->port && net_is_address(cfg->device))))
		return sy_fail(err, SY_INVALID, "baud", "%s",
			       _("--baud auto needs a serial line: on the network the serial-device server sets the rate; "
				 "set it to the indicator's on the server's own settings page"));
	return serial_line_check(&line, err);
}

int scale_open(const struct scale_config *cfg, struct scale **out, sy_err *err)
{
	int st = scale_config_check(cfg, err);
	struct scale *s;
	*out = NULL;
	if (st != SY_OK)
		return st;
	s = scale_new(cfg);
	s->net_wait_ms = cfg->open_wait_ms > 0 ? cfg->open_wait_ms : 0;
	/* A path or a network address given as the device is a port all the same. */
	const char *port = cfg->port ? cfg->port
				     : cfg->device && (cfg->device[0] == '/' || net_is_address(cfg->device)) ? cfg->device
													       : NULL;
	if (port) {
		s->target.kind = net_is_address(port) ? SCALE_KIND_NET : SCALE_KIND_TTY;
		sy_strlcpy(s->target.path, port, sizeof s->target.path);
		sy_strlcpy(s->target.id, port, sizeof s->target.id);
		s->drv = &scale_driver_serial;
	} else {
		s->usb = usb_ctx_new(err);
		if (!s->usb) {
			free(s);
			return SY_ENV;
		}
		st = choose_usb_target(s, err);
	}
	if (st == SY_OK)
		st = open_target(s, NULL, err);
	if (st != SY_OK) {
		usb_ctx_free(s->usb);
		free(s);
		return st;
	}
	s->is_open = 1;
	s->last_data_ms = scale_now_ms();
	watch_arrivals(s);
	*out = s;
	return SY_OK;
}

int scale_open_transport(const struct scale_config *cfg, struct serial_port *port, const char *id, struct scale **out,
			 sy_err *err)
{
	int st = scale_config_check(cfg, err);
	*out = NULL;
	if (st != SY_OK) {
		serial_close(port);
		return st;
	}
	struct scale *s = scale_new(cfg);
	s->target.kind = SCALE_KIND_TTY;
	sy_strlcpy(s->target.id, id, sizeof s->target.id);
	s->drv = &scale_driver_serial;
	s->baud_now = cfg->baud;
	scale_serial_attach(s, port);
	s->is_open = 1;
	s->last_data_ms = scale_now_ms();
	*out = s;
	return SY_OK;
}

/* ---- reading ---- */

static void track(struct scale *s, struct scale_reading *r)
{
	int same = s->run > 0 && r->state == s->last_state &&
		   (!scale_state_has_weight(r->state) || fabs(r->kg - s->last_kg) < 1e-9);
	s->run = same ? s->run + 1 : 1;
	s->last_state = r->state;
	s->last_kg = r->kg;
	r->repeat = s->run;
	r->settled = (r->state == SCALE_STABLE || r->state == SCALE_UNKNOWN) && s->run >= s->cfg.stable_count;
}

static void lost(struct scale *s)
{
	s->drv->close(s);
	s->is_open = 0;
	s->run = 0;
	s->next_reopen_ms = scale_now_ms() + REOPEN_EVERY_MS / 2;
	s->hotplug_arrived = 0;
}

static void wait_for_arrival(struct scale *s, long ms)
{
	if (ms <= 0)
		return;
	if (s->hotplug) {
		struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
		libusb_handle_events_timeout_completed(usb_ctx_libusb(s->usb), &tv, &s->hotplug_arrived);
	} else {
		usleep((useconds_t)ms * 1000);
	}
}

/* While the scale is away: try again every second (or on arrival) until the
 * deadline. 1 when it is open again. A scale that is there but cannot be
 * opened (permission, busy) is named in the message, and tried again. */
static int reopen(struct scale *s, long deadline)
{
	for (;;) {
		long now = scale_now_ms();
		if (now >= s->next_reopen_ms || s->hotplug_arrived) {
			sy_err err = {0};
			int absent;
			s->hotplug_arrived = 0;
			s->next_reopen_ms = now + REOPEN_EVERY_MS;
			if (open_target(s, &absent, &err) == SY_OK) {
				s->is_open = 1;
				s->msg[0] = '\0';
				s->last_data_ms = scale_now_ms();
				return 1;
			}
			if (!absent)
				scale_set_msg(s, "%s", err.msg);
		}
		if (now >= deadline)
			return 0;
		long wait = (s->next_reopen_ms < deadline ? s->next_reopen_ms : deadline) - now;
		wait_for_arrival(s, wait);
	}
}

/* What to check when a serial line stays silent or unreadable. */
static void line_advice(const struct scale *s, char *out, size_t size)
{
	if (s->target.kind == SCALE_KIND_NET)
		snprintf(out, size, "%s", _("check the baud rate set on the serial-device server and --protocol"));
	else if (s->cfg.baud == SCALE_BAUD_AUTO && !s->baud_found)
		snprintf(out, size, "%s",
			 _("no rate from 1200 to 9600 baud gave a frame: check --protocol and the indicator's output settings"));
	else
		snprintf(out, size, _("check the baud rate (%d) and --protocol"), s->baud_now);
}

static void note_silence(struct scale *s)
{
	long quiet = scale_now_ms() - s->last_data_ms;
	char advice[160];
	if (quiet < s->cfg.no_data_ms)
		return;
	if (s->target.kind == SCALE_KIND_HID) {
		scale_set_msg(s, _("no data from the scale %s for %ld s: check that it is switched on"), s->target.id,
			      quiet / 1000);
		return;
	}
	line_advice(s, advice, sizeof advice);
	if (!s->bytes_seen && s->target.kind == SCALE_KIND_NET) {
		scale_set_msg(s, _("no data from %s for %ld s: connected, but nothing comes; check the indicator's output "
				   "setting, its cable to the serial-device server and the server's serial settings (baud "
				   "rate, framing)"),
			      s->target.id, quiet / 1000);
		return;
	}
	if (!s->bytes_seen) {
		if (s->cfg.baud == SCALE_BAUD_AUTO && !s->baud_found)
			scale_set_msg(s, _("no data from %s for %ld s at any rate from 1200 to 9600 baud: check the cable and "
					   "the indicator's output setting"),
				      s->target.id, quiet / 1000);
		else
			scale_set_msg(s, _("no data from %s for %ld s: check the cable, the indicator's output setting and the "
					   "baud rate (%d)"),
				      s->target.id, quiet / 1000, s->baud_now);
		return;
	}
	char sample[56]; /* enough to recognise a frame, short enough to read */
	quote_seen(s, sample, sizeof sample);
	if (!s->cfg.protocol || !*s->cfg.protocol || strcmp(s->cfg.protocol, "auto") == 0)
		scale_set_msg(s, _("data from %s but no readable weight for %ld s: it sends %s, which no protocol reads; %s"),
			      s->target.id, quiet / 1000, sample, advice);
	else if (s->bad_frames)
		scale_set_msg(s, _("data from %s but no readable weight for %ld s: it sends %s, which the %s protocol "
				   "cannot read (%u frames failed its checks); %s"),
			      s->target.id, quiet / 1000, sample, s->cfg.protocol, s->bad_frames, advice);
	else
		scale_set_msg(s, _("data from %s but no readable weight for %ld s: it sends %s, which the %s protocol "
				   "cannot read; %s"),
			      s->target.id, quiet / 1000, sample, s->cfg.protocol, advice);
}

int scale_poll(struct scale *s, struct scale_reading *out, int *got, int timeout_ms, sy_err *err)
{
	long deadline = scale_now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	struct scale_reading r;
	int have = 0;
	*got = 0;
	if (!s->is_open && !reopen(s, deadline))
		return SY_OK;
	long left = deadline - scale_now_ms();
	s->gone = 0;
	int st = s->drv->read(s, &r, &have, left > 0 ? (int)left : 0, err);
	if (st != SY_OK) {
		if (!s->gone)
			return st;
		/* Unplugged: say so, and reopen it on later polls. */
		scale_set_msg(s, "%s", err && *err->msg ? err->msg : "");
		if (!s->msg[0])
			scale_set_msg(s, _("the scale %s went away: plug it back in"), s->target.id);
		sy_err_clear(err);
		lost(s);
		return SY_OK;
	}
	if (!have) {
		note_silence(s);
		return SY_OK;
	}
	/* Take what is already waiting, for the latest weight, but stop at a
	 * settled weight or a lasting condition: that is what callers wait for. */
	for (int n = 0;;) {
		track(s, &r);
		*out = r;
		if (r.settled || (!scale_state_has_weight(r.state) && r.repeat >= s->cfg.stable_count))
			break;
		if (++n >= DRAIN_MAX || s->drv->read(s, &r, &have, 0, NULL) != SY_OK || !have)
			break;
	}
	*got = 1;
	s->last_data_ms = scale_now_ms();
	s->bytes_seen = 0;
	s->seen_len = 0;
	s->bad_frames = 0;
	s->msg[0] = '\0';
	return SY_OK;
}

int scale_zero(struct scale *s, sy_err *err)
{
	if (!s->is_open)
		return sy_fail(err, SY_ENV, "device", _("the scale %s is not plugged in: plug it in"), s->target.id);
	s->run = 0;
	return s->drv->zero(s, err);
}

int scale_tare(struct scale *s, sy_err *err)
{
	if (!s->is_open)
		return sy_fail(err, SY_ENV, "device", _("the scale %s is not plugged in: plug it in"), s->target.id);
	s->run = 0;
	return s->drv->tare(s, err);
}

const char *scale_message(const struct scale *s) { return s->msg; }

const char *scale_id(const struct scale *s) { return s->target.id; }

const char *scale_protocol(const struct scale *s) { return s->protocol ? s->protocol : ""; }

int scale_away(const struct scale *s) { return !s->is_open; }

int scale_baud(const struct scale *s)
{
	return s->target.kind == SCALE_KIND_HID || s->target.kind == SCALE_KIND_NET ? 0 : s->baud_now;
}

void scale_close(struct scale *s)
{
	if (!s)
		return;
	if (s->is_open)
		s->drv->close(s);
	if (s->hotplug)
		libusb_hotplug_deregister_callback(usb_ctx_libusb(s->usb), s->hotplug_handle);
	usb_ctx_free(s->usb);
	free(s);
}
