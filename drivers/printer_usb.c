/* USB printer-class devices (interface class 7) through drivers/usb.h:
 * finding them, reading the IEEE 1284 device id, and the transport under
 * printer_io_send. Every transfer has a timeout. */
#include "drivers/printer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"
#include "drivers/printer_dev.h"
#include "drivers/usb.h"

enum {
	USB_CLASS_PRINTER = 7,
	REQ_GET_DEVICE_ID = 0,
	REQ_GET_PORT_STATUS = 1,
	DEVICE_ID_MAX = 1024,
	CONTROL_TIMEOUT = 2000,
};


/* ---- The transport ---- */

/* A transfer's result: moved of wanted bytes, or a failure in err. */
static enum printer_io_status from_usb(struct printer *p, int status, const sy_err *err, int moved, size_t wanted)
{
	if (status == SY_OK)
		return moved >= 0 && (size_t)moved >= wanted ? PIO_OK : PIO_TIMEOUT;
	if (usb_gone(p->h))
		return PIO_GONE;
	sy_strlcpy(p->msg, err->msg, sizeof p->msg);
	return PIO_ERROR;
}

static enum printer_io_status usb_write(void *ctx, const uint8_t *data, size_t len, int timeout_ms, size_t *done)
{
	struct printer *p = ctx;
	uint8_t chunk[4096];
	size_t n = len < sizeof chunk ? len : sizeof chunk;
	int moved = 0;
	sy_err err = {0};
	memcpy(chunk, data, n); /* usb_bulk takes a writable buffer */
	int s = usb_bulk(p->h, p->iface.bulk_out, chunk, (int)n, &moved, timeout_ms, &err);
	*done = moved > 0 ? (size_t)moved : 0;
	return from_usb(p, s, &err, moved, n);
}

static enum printer_io_status usb_read(void *ctx, uint8_t *buf, size_t size, int timeout_ms, size_t *got)
{
	struct printer *p = ctx;
	int moved = 0;
	sy_err err = {0};
	*got = 0;
	if (!p->iface.bulk_in)
		return PIO_UNSUPPORTED;
	int s = usb_bulk(p->h, p->iface.bulk_in, buf, (int)size, &moved, timeout_ms, &err);
	*got = moved > 0 ? (size_t)moved : 0;
	return from_usb(p, s, &err, moved, 1);
}

static enum printer_io_status usb_port_status(void *ctx, uint8_t *out)
{
	struct printer *p = ctx;
	int moved = 0;
	sy_err err = {0};
	int s = usb_control(p->h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
			    REQ_GET_PORT_STATUS, 0, (uint16_t)p->iface.number, out, 1, CONTROL_TIMEOUT, &moved, &err);
	if (s == SY_OK && moved != 1)
		return PIO_UNSUPPORTED;
	return from_usb(p, s, &err, moved, 1);
}

static const char *usb_io_message(void *ctx) { return ((struct printer *)ctx)->msg; }

/* ---- Device ids ---- */

/* The reply is a 2-byte length (big-endian by the class spec; a few devices
 * send it little-endian) and the id string. */
static int parse_id_reply(const uint8_t *buf, int got, struct printer_device_id *out)
{
	if (got < 2)
		return -1;
	int be = buf[0] << 8 | buf[1], le = buf[1] << 8 | buf[0];
	int len = be >= 2 && be <= got ? be : le >= 2 && le <= got ? le : got;
	printer_parse_device_id((const char *)buf + 2, (size_t)(len - 2), out);
	return 0;
}

static int read_device_id(struct usb_handle *h, int iface, struct printer_device_id *out)
{
	uint8_t buf[DEVICE_ID_MAX];
	int got = 0;
	if (usb_control(h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE, REQ_GET_DEVICE_ID,
			0, (uint16_t)(iface << 8), buf, sizeof buf, CONTROL_TIMEOUT, &got, NULL) != SY_OK)
		return -1;
	return parse_id_reply(buf, got, out);
}

/* usblp publishes the id in sysfs: no need to take the device from it.
 * Read with stdio rather than glob(), which test beds cannot redirect. */
static int sysfs_device_id(const struct usb_info *info, int iface, struct printer_device_id *out)
{
	uint8_t buf[DEVICE_ID_MAX];
	char path[128];
	snprintf(path, sizeof path, "/sys/bus/usb/devices/%s:1.%d/ieee1284_id", info->port, iface);
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	int n = (int)fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	if (n <= 0)
		return -1;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\0'))
		n--;
	printer_parse_device_id((const char *)buf, (size_t)n, out);
	return out->mfg[0] || out->mdl[0] || out->cmd[0] ? 0 : -1;
}

static void fill_info(const struct usb_info *u, const struct usb_iface *iface, struct printer_info *out)
{
	memset(out, 0, sizeof *out);
	sy_strlcpy(out->id, u->id, sizeof out->id);
	out->vid = u->vid;
	out->pid = u->pid;
	out->iface = iface->number;
	out->bidirectional = iface->bulk_in != 0;
}

/* ---- Listing ---- */

static void editor_lite_problem(const char *name, char *out, size_t size)
{
	snprintf(out, size,
		 _("%s is in Editor Lite mode and shows up as a USB disk, not as a printer: hold its Editor Lite "
		   "button until the Editor Lite light goes out, then look again"),
		 name);
}

struct list_state {
	struct usb_ctx *ctx;
	struct printer_info *items;
	int count;
};

/* A QL in Editor Lite mode is listed, so that the clerk learns why it does
 * not print and what to do. */
static void list_editor_lite(struct list_state *ls, const struct usb_info *u, const char *name)
{
	ls->items = xrealloc(ls->items, (size_t)(ls->count + 1) * sizeof *ls->items);
	struct printer_info *pi = &ls->items[ls->count++];
	memset(pi, 0, sizeof *pi);
	sy_strlcpy(pi->id, u->id, sizeof pi->id);
	pi->vid = u->vid;
	pi->pid = u->pid;
	pi->iface = -1;
	pi->editor_lite = 1;
	sy_strlcpy(pi->profile.name, name, sizeof pi->profile.name);
	editor_lite_problem(name, pi->problem, sizeof pi->problem);
}

static int visit_list(const struct usb_info *u, void *arg)
{
	struct list_state *ls = arg;
	struct usb_iface iface;
	const char *lite = printer_editor_lite_name(u->vid, u->pid);
	if (lite) {
		list_editor_lite(ls, u, lite);
		return 0;
	}
	if (usb_find_iface(u, -1, USB_CLASS_PRINTER, &iface, NULL) != SY_OK || !iface.bulk_out)
		return 0;
	ls->items = xrealloc(ls->items, (size_t)(ls->count + 1) * sizeof *ls->items);
	struct printer_info *pi = &ls->items[ls->count++];
	fill_info(u, &iface, pi);
	if (sysfs_device_id(u, iface.number, &pi->device_id) != 0) {
		struct usb_handle *h;
		sy_err err = {0};
		if (usb_open(ls->ctx, u, iface.number, &h, &err) == SY_OK) {
			read_device_id(h, iface.number, &pi->device_id);
			usb_close(h);
		} else {
			sy_strlcpy(pi->problem, err.msg, sizeof pi->problem);
		}
	}
	printer_profile_make(u->vid, u->pid, &pi->device_id, NULL, 0, &pi->profile);
	if (!pi->profile.lang && !pi->problem[0] && pi->device_id.cmd[0])
		snprintf(pi->problem, sizeof pi->problem,
			 _("speaks %s, not a label language (zpl, tspl, ql, dymo); if it is a label printer, name its "
			   "language with `scrapyard printer use ID --language`"),
			 pi->device_id.cmd);
	else if (!pi->profile.lang && !pi->problem[0])
		snprintf(pi->problem, sizeof pi->problem,
			 _("does not say which language it speaks: name it with `scrapyard printer use ID --language "
			   "zpl|tspl|ql|dymo`"));
	return 0;
}

int printer_list(struct printer_info **out, int *count, sy_err *err)
{
	struct list_state ls = {0};
	*out = NULL;
	*count = 0;
	ls.ctx = usb_ctx_new(err);
	if (!ls.ctx)
		return SY_ENV;
	usb_each_device(ls.ctx, visit_list, &ls);
	usb_ctx_free(ls.ctx);
	*out = ls.items;
	*count = ls.count;
	return SY_OK;
}

/* ---- Opening ---- */

struct open_state {
	struct printer *p;
	const char *want;
	struct printer_device_id listed; /* the id printer_list already read, when it did */
	int have_listed;
	int found, opened;
	sy_err err;
};

static int matches(const char *id, const char *want)
{
	return !want || !*want || strncasecmp(id, want, strlen(want)) == 0;
}

static int visit_open(const struct usb_info *u, void *arg)
{
	struct open_state *os = arg;
	struct usb_iface iface;
	if (usb_find_iface(u, -1, USB_CLASS_PRINTER, &iface, NULL) != SY_OK || !iface.bulk_out)
		return 0;
	if (!matches(u->id, os->want))
		return 0;
	os->found++;
	struct printer *p = os->p;
	fill_info(u, &iface, &p->info);
	p->iface = iface;
	int have_id = 0;
	if (os->have_listed) {
		p->info.device_id = os->listed; /* asked once already: a printer need not answer twice */
		have_id = 1;
	} else {
		have_id = sysfs_device_id(u, iface.number, &p->info.device_id) == 0;
	}
	if (usb_open(p->ctx, u, iface.number, &p->h, &os->err) != SY_OK)
		return 0; /* try the next one when no id was asked for */
	if (!have_id)
		read_device_id(p->h, iface.number, &p->info.device_id);
	os->opened = 1;
	return 1;
}

static int visit_editor_lite(const struct usb_info *u, void *arg)
{
	const char **name = arg;
	*name = printer_editor_lite_name(u->vid, u->pid);
	return *name != NULL;
}

int printer_open(const char *want, const char *lang_override, int dpi_override, struct printer **out,
		 sy_err *err)
{
	if (net_is_address(want))
		return printer_net_open(want, lang_override, dpi_override, out, err);
	struct printer *p = xcalloc(1, sizeof *p);
	struct open_state os = {.p = p, .want = want};
	int status = SY_OK;
	*out = NULL;
	p->ctx = usb_ctx_new(err);
	if (!p->ctx) {
		status = SY_ENV;
		goto fail;
	}
	/* No printer named: the first that speaks a label language, so that an
	 * office printer on the same computer is passed over. */
	char first[40] = "";
	if ((!want || !*want) && !(lang_override && *lang_override)) {
		struct printer_info *items;
		int n;
		if (printer_list(&items, &n, NULL) == SY_OK) {
			for (int i = 0; i < n && !*first; i++)
				if (items[i].profile.lang && !items[i].problem[0]) {
					sy_strlcpy(first, items[i].id, sizeof first);
					os.listed = items[i].device_id;
					os.have_listed = 1;
				}
			free(items);
		}
		os.want = *first ? first : want;
	}
	usb_each_device(p->ctx, visit_open, &os);
	const char *lite = NULL;
	if (!os.opened && !os.found)
		usb_each_device(p->ctx, visit_editor_lite, &lite);
	if (!os.opened) {
		if (lite) {
			char problem[256];
			editor_lite_problem(lite, problem, sizeof problem);
			status = sy_fail(err, SY_ENV, "printer", "%s", problem);
		} else if (os.found)
			status = sy_fail(err, SY_ENV, "printer", "%s", os.err.msg);
		else if (want && *want)
			status = sy_fail(err, SY_ENV, "printer",
					 _("no printer %s is connected: `scrapyard printer list` shows the ones that are"),
					 want);
		else
			status = sy_fail(err, SY_ENV, "printer",
					 _("no label printer found on USB: connect it and switch it on"));
		goto fail;
	}
	printer_profile_make(p->info.vid, p->info.pid, &p->info.device_id, lang_override, dpi_override,
			     &p->info.profile);
	p->io = (struct printer_io){
		.ctx = p,
		.bidirectional = p->iface.bulk_in != 0,
		.write = usb_write,
		.read = usb_read,
		.port_status = usb_port_status,
		.message = usb_io_message,
	};
	printer_timeouts_default(&p->timeouts);
	*out = p;
	return SY_OK;
fail:
	printer_close(p);
	return status;
}

void printer_close(struct printer *p)
{
	if (!p)
		return;
	net_close(p->conn);
	usb_close(p->h);
	usb_ctx_free(p->ctx);
	free(p);
}

const struct printer_info *printer_get_info(const struct printer *p) { return &p->info; }
const struct printer_profile *printer_profile(const struct printer *p) { return &p->info.profile; }
const struct printer_io *printer_get_io(struct printer *p) { return &p->io; }
void printer_set_timeouts(struct printer *p, const struct printer_timeouts *t) { p->timeouts = *t; }

int printer_get_status(struct printer *p, struct printer_status *st, sy_err *err)
{
	int status = printer_io_status(&p->io, p->info.profile.lang, &p->timeouts, st, err);
	/* A network printer that does not answer its language's status request
	 * gives no report later either: do not wait for one. */
	if (status == SY_OK && p->conn && !st->known)
		p->io.bidirectional = 0;
	return status;
}

static int need_language(const struct printer *p, sy_err *err)
{
	if (p->info.profile.lang)
		return SY_OK;
	return sy_fail(err, SY_INVALID, "language",
		       _("%s does not say which language it speaks: name it with --language zpl, tspl, ql or dymo"),
		       p->info.profile.name);
}

int printer_send(struct printer *p, const uint8_t *data, size_t len, struct printer_status *st,
		 enum printer_outcome *outcome, sy_err *err)
{
	if (outcome)
		*outcome = PRINTER_NOT_SENT;
	int status = need_language(p, err);
	if (status != SY_OK)
		return status;
	return printer_io_send(&p->io, p->info.profile.lang, data, len, &p->timeouts, st, outcome, err);
}

int printer_transfer(struct printer *p, const uint8_t *data, size_t len, struct printer_status *st,
		     enum printer_outcome *outcome, sy_err *err)
{
	if (outcome)
		*outcome = PRINTER_NOT_SENT;
	int status = need_language(p, err);
	if (status != SY_OK)
		return status;
	return printer_io_transfer(&p->io, p->info.profile.lang, data, len, &p->timeouts, st, outcome, err);
}

int printer_print(struct printer *p, const struct bitmap *bm, const struct printer_job *job,
		  struct printer_status *st, enum printer_outcome *outcome, sy_err *err)
{
	struct printer_buf buf = {0};
	if (outcome)
		*outcome = PRINTER_NOT_SENT;
	memset(st, 0, sizeof *st);
	int status = need_language(p, err);
	if (status == SY_OK)
		status = printer_encode(p->info.profile.lang, bm, job, &buf, err);
	if (status == SY_OK)
		status = printer_io_send(&p->io, p->info.profile.lang, buf.data, buf.len, &p->timeouts, st, outcome,
					 err);
	printer_buf_free(&buf);
	return status;
}
