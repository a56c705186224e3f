/* The ID card reader on its serial line: find the reader, then ask, over and
 * over, find card -> select card -> read base information, one command at
 * a time and never waiting longer than the caller allows. A reply that does
 * not come, does not add up or says "no card" puts the reader back to
 * looking for a card after a pause; only a port that fails ends the read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/idcard.h"
#include "drivers/net.h"
#include "drivers/serial.h"
#include "drivers/usb.h"

#define FIND_EVERY_MS 300    /* between looks for a card */
#define RETRY_AFTER_MS 300   /* after a failed step */
#define AFTER_READ_MS 1500   /* the card just read stays on the reader a while */
#define REPLY_MS 1000        /* find and select answer within milliseconds */
#define READ_REPLY_MS 3000   /* reading the card takes about a second */
#define WRITE_TIMEOUT_MS 500
#define RX_SIZE (2 * IDCARD_FRAME_MAX)

enum step { STEP_IDLE, STEP_FIND, STEP_SELECT, STEP_READ };

struct idcard_reader {
	struct serial_port *port;
	struct usb_ctx *usb; /* for a bridge: outlives the port */
	char id[160];
	int baud;
	enum step step;      /* the command whose reply is awaited */
	long reply_by_ms;
	long next_find_ms;
	unsigned long heard; /* bytes since the command: any at all? */
	uint8_t rx[RX_SIZE];
	size_t rx_len;
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void idcard_config_init(struct idcard_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->baud = IDCARD_DEFAULT_BAUD;
}

/* ---- finding the reader ---- */

struct bridge_list {
	struct idcard_info *items;
	int n, cap;
};

static int collect_bridge(const struct usb_info *info, void *arg)
{
	struct bridge_list *l = arg;
	const struct serial_chip *chip = serial_chip_find(info->vid, info->pid);
	if (!chip)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->items = xrealloc(l->items, (size_t)l->cap * sizeof *l->items);
	}
	struct idcard_info *it = &l->items[l->n++];
	memset(it, 0, sizeof *it);
	sy_strlcpy(it->id, info->id, sizeof it->id);
	sy_strlcpy(it->name, chip->description, sizeof it->name);
	usb_sysfs_iface_tty(info, 0, it->tty, sizeof it->tty);
	it->vid = info->vid;
	it->pid = info->pid;
	return 0;
}

int idcard_list(struct idcard_info **out, int *n, sy_err *err)
{
	struct bridge_list l = {0};
	*out = NULL;
	*n = 0;
	struct usb_ctx *ctx = usb_ctx_new(err);
	if (!ctx)
		return err ? err->status : SY_ENV;
	usb_each_device(ctx, collect_bridge, &l);
	usb_ctx_free(ctx);
	*out = l.items;
	*n = l.n;
	return SY_OK;
}

/* "1a86:7523@1-6" matches itself; "1a86:7523" matches any socket. */
static int id_matches(const char *id, const char *want)
{
	size_t n = strlen(want);
	if (strcasecmp(id, want) == 0)
		return 1;
	return !strchr(want, '@') && strncasecmp(id, want, n) == 0 && id[n] == '@';
}

static int wanted(const struct idcard_config *cfg, const struct idcard_info *it)
{
	if (cfg->device)
		return id_matches(it->id, cfg->device);
	if (cfg->avoid && *cfg->avoid)
		return !id_matches(it->id, cfg->avoid) && strcmp(it->tty, cfg->avoid) != 0;
	return 1;
}

static int choose_bridge(struct usb_ctx *ctx, const struct idcard_config *cfg, char *id, size_t size, sy_err *err)
{
	struct bridge_list l = {0};
	int match = -1, matches = 0, st = SY_OK;
	usb_each_device(ctx, collect_bridge, &l);
	for (int i = 0; i < l.n; i++)
		if (wanted(cfg, &l.items[i]) && matches++ == 0)
			match = i;
	if (matches == 0 && cfg->device)
		st = sy_fail(err, SY_ENV, NULL, _("no USB-serial bridge matches %s: see scrapyard idcard list"), cfg->device);
	else if (matches == 0)
		st = sy_fail(err, SY_ENV, NULL, "%s",
			     _("no ID card reader found: plug in its USB cable, or give its serial port with --port"));
	else if (matches > 1)
		st = sy_fail(err, SY_INVALID, NULL,
			     _("%d USB-serial bridges found (%s, %s%s): choose the reader with --device or SCRAPYARD_IDCARD"),
			     matches, l.items[0].id, l.items[1].id, matches > 2 ? ", ..." : "");
	else
		sy_strlcpy(id, l.items[match].id, size);
	free(l.items);
	return st;
}

/* ---- opening ---- */

/* The serial layer's advice names the scale's port and commands: say the
 * reader's instead where it is about the port itself. */
static int port_failure(int st, const char *path, sy_err *err)
{
	if (st == SY_ENV && path[0] == '/' && access(path, F_OK) != 0)
		return sy_fail(err, SY_ENV, NULL,
			       _("serial port %s does not exist: check the cable and the port name (scrapyard idcard list)"), path);
	if (st == SY_INVALID && strcmp(err->field, "port") == 0)
		return sy_fail(err, SY_INVALID, NULL,
			       _("%s is not a serial port: give the ID card reader's port, e.g. /dev/ttyUSB0"), path);
	return st;
}

struct open_arg {
	const char *id;
	const struct serial_line *line;
	struct serial_port *port;
	int st;
	sy_err *err;
	struct usb_ctx *ctx;
};

static int open_bridge(const struct usb_info *info, void *argp)
{
	struct open_arg *a = argp;
	if (strcmp(info->id, a->id) != 0)
		return 0;
	a->st = serial_usb_open(a->ctx, info, serial_chip_find(info->vid, info->pid), a->line, &a->port, a->err);
	return 1;
}

static struct idcard_reader *reader_new(struct serial_port *port, const char *id, int baud)
{
	struct idcard_reader *r = xcalloc(1, sizeof *r);
	r->port = port;
	r->baud = baud;
	sy_strlcpy(r->id, id, sizeof r->id);
	r->next_find_ms = now_ms();
	return r;
}

struct idcard_reader *idcard_open_transport(struct serial_port *port, const char *id)
{
	return reader_new(port, id, IDCARD_DEFAULT_BAUD);
}

static int open_usb(const struct idcard_config *cfg, const struct serial_line *line, struct idcard_reader **out,
		    sy_err *err)
{
	struct open_arg a = {.line = line, .st = SY_ENV, .err = err};
	char id[48];
	a.ctx = usb_ctx_new(err);
	if (!a.ctx)
		return err ? err->status : SY_ENV;
	int st = choose_bridge(a.ctx, cfg, id, sizeof id, err);
	if (st == SY_OK) {
		a.id = id;
		if (!usb_each_device(a.ctx, open_bridge, &a))
			st = sy_fail(err, SY_ENV, NULL, _("the ID card reader %s went away: plug it back in"), id);
		else if (a.st != SY_OK)
			st = port_failure(a.st, id, err);
	}
	if (st != SY_OK) {
		usb_ctx_free(a.ctx);
		return st;
	}
	*out = reader_new(a.port, id, line->baud);
	(*out)->usb = a.ctx;
	return SY_OK;
}

int idcard_open(const struct idcard_config *cfg, struct idcard_reader **out, sy_err *err)
{
	struct serial_line line;
	*out = NULL;
	serial_line_default(&line);
	line.baud = cfg->baud ? cfg->baud : IDCARD_DEFAULT_BAUD;
	int st = serial_line_check(&line, err);
	if (st != SY_OK)
		return st;
	/* A path or a network address given as the device is a port all the same. */
	const char *path = cfg->port ? cfg->port
				     : cfg->device && (cfg->device[0] == '/' || net_is_address(cfg->device)) ? cfg->device
													       : NULL;
	if (!path)
		return open_usb(cfg, &line, out, err);
	struct serial_port *port;
	if (net_is_address(path)) { /* a serial-device server: its settings page sets the line */
		st = serial_tcp_open(path, NET_CONNECT_MS, &port, err);
		if (st != SY_OK)
			return st;
		*out = reader_new(port, path, line.baud);
		return SY_OK;
	}
	st = serial_tty_open(path, &line, &port, err);
	if (st != SY_OK)
		return port_failure(st, path, err);
	*out = reader_new(port, path, line.baud);
	return SY_OK;
}

const char *idcard_reader_id(const struct idcard_reader *r) { return r->id; }

static void forget_rx(struct idcard_reader *r)
{
	/* What was received may hold a card's photo and text: not kept. */
	memset(r->rx, 0, r->rx_len);
	r->rx_len = 0;
}

void idcard_close(struct idcard_reader *r)
{
	if (!r)
		return;
	forget_rx(r);
	serial_close(r->port);
	usb_ctx_free(r->usb);
	free(r);
}

/* ---- the exchange ---- */

static void drop(struct idcard_reader *r, size_t n)
{
	if (n > r->rx_len)
		n = r->rx_len;
	memmove(r->rx, r->rx + n, r->rx_len - n);
	memset(r->rx + r->rx_len - n, 0, n);
	r->rx_len -= n;
}

/* Back to looking for a card after ms, with err saying why. */
static void rest(struct idcard_reader *r, long ms)
{
	r->step = STEP_IDLE;
	r->next_find_ms = now_ms() + ms;
}

/* The port failed (err says how); gone: unplugged or hung up. */
static enum idcard_status gone(struct idcard_reader *r, sy_err *err)
{
	/* On the network the connection's own words (refused, closed) say more. */
	int keep = err && *err->msg && net_is_address(r->id);
	if (!keep && (r->port->gone || !err || !*err->msg))
		sy_fail(err, SY_ENV, NULL, _("the ID card reader %s went away: plug it back in"), r->id);
	r->step = STEP_IDLE;
	return IDCARD_FAILED;
}

static enum idcard_status send_command(struct idcard_reader *r, enum idcard_command cmd, enum step step, sy_err *err)
{
	uint8_t frame[IDCARD_COMMAND_LEN];
	size_t n = idcard_encode(cmd, NULL, 0, frame, sizeof frame);
	forget_rx(r); /* a late answer to an earlier command would be taken for this one's */
	if (serial_write(r->port, frame, n, WRITE_TIMEOUT_MS, err) != SY_OK) {
		if (r->port->gone)
			return gone(r, err);
		/* Not taken in time: the line is stuck, not gone; try again later. */
		sy_fail(err, SY_INVALID, NULL, _("the ID card reader %s does not take commands: check the cable"), r->id);
		rest(r, RETRY_AFTER_MS);
		return IDCARD_WAITING;
	}
	r->step = step;
	r->heard = 0;
	r->reply_by_ms = now_ms() + (step == STEP_READ ? READ_REPLY_MS : REPLY_MS);
	return IDCARD_WAITING;
}

static void refused(struct idcard_reader *r, uint8_t sw3, sy_err *err)
{
	const char *why = idcard_status_text(sw3);
	if (why)
		sy_fail(err, SY_INVALID, NULL, "%s", why);
	else
		sy_fail(err, SY_INVALID, NULL, _("the ID card reader answered with status %02X"), sw3);
	rest(r, sw3 == IDCARD_SW3_NO_CARD ? FIND_EVERY_MS : RETRY_AFTER_MS);
}

static enum idcard_status on_reply(struct idcard_reader *r, const struct idcard_reply *reply, struct idcard *out,
				   sy_err *err)
{
	switch (r->step) {
	case STEP_FIND:
		if (reply->sw3 == IDCARD_SW3_FOUND)
			return send_command(r, IDCARD_SELECT, STEP_SELECT, err);
		break;
	case STEP_SELECT:
		if (reply->sw3 == IDCARD_SW3_OK)
			return send_command(r, IDCARD_READ_BASE, STEP_READ, err);
		break;
	case STEP_READ:
		if (reply->sw3 != IDCARD_SW3_OK)
			break;
		if (idcard_decode_base(reply, out, err) != SY_OK) {
			rest(r, RETRY_AFTER_MS);
			return IDCARD_WAITING;
		}
		sy_err_clear(err);
		rest(r, AFTER_READ_MS);
		return IDCARD_OK;
	case STEP_IDLE: return IDCARD_WAITING; /* an answer nobody waits for */
	}
	refused(r, reply->sw3, err);
	return IDCARD_WAITING;
}

/* Take the frames received so far. */
static enum idcard_status take_frames(struct idcard_reader *r, struct idcard *out, sy_err *err)
{
	for (;;) {
		struct idcard_reply reply;
		sy_err bad = {0};
		size_t used = 0;
		enum idcard_scan sc = idcard_scan(r->rx, r->rx_len, &used, &reply, &bad);
		if (sc == IDCARD_SCAN_MORE) {
			drop(r, used);
			return IDCARD_WAITING;
		}
		if (sc == IDCARD_SCAN_BAD) {
			drop(r, used);
			if (r->step != STEP_IDLE) {
				*err = bad;
				rest(r, RETRY_AFTER_MS);
			}
			continue;
		}
		enum idcard_status st = on_reply(r, &reply, out, err);
		if (st != IDCARD_WAITING || r->rx_len == 0) {
			forget_rx(r);
			return st;
		}
		drop(r, used);
	}
}

static void no_reply(struct idcard_reader *r, sy_err *err)
{
	if (r->heard)
		sy_fail(err, SY_INVALID, NULL,
			_("data from %s but no ID card reader frames: check the port and the baud rate (%d)"), r->id,
			r->baud);
	else
		sy_fail(err, SY_INVALID, NULL,
			_("no answer from %s: check that the ID card reader is on this port and switched on (baud rate %d)"),
			r->id, r->baud);
	rest(r, RETRY_AFTER_MS);
}

static long wait_for(const struct idcard_reader *r, long until, long now)
{
	long next = r->step == STEP_IDLE ? r->next_find_ms : r->reply_by_ms;
	if (next < until)
		until = next;
	return until > now ? until - now : 0;
}

enum idcard_status idcard_poll(struct idcard_reader *r, struct idcard *out, int timeout_ms, sy_err *err)
{
	long until = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		long now = now_ms();
		if (r->step == STEP_IDLE && now >= r->next_find_ms &&
		    send_command(r, IDCARD_FIND, STEP_FIND, err) == IDCARD_FAILED)
			return IDCARD_FAILED;
		if (r->rx_len == sizeof r->rx)
			drop(r, sizeof r->rx / 2); /* no frame is that long: noise */
		size_t got = 0;
		if (serial_read(r->port, r->rx + r->rx_len, sizeof r->rx - r->rx_len, &got, (int)wait_for(r, until, now),
				err) != SY_OK)
			return gone(r, err);
		r->rx_len += got;
		r->heard += got;
		enum idcard_status st = take_frames(r, out, err);
		if (st != IDCARD_WAITING)
			return st;
		now = now_ms();
		if (r->step != STEP_IDLE && now >= r->reply_by_ms)
			no_reply(r, err);
		if (now >= until)
			return IDCARD_WAITING;
	}
}
