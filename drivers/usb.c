/* USB transport over libusb-1.0. Transfers go through the asynchronous API
 * with zero-filled buffers so that an IN transfer never exposes stale memory
 * and a recorded exchange replays byte for byte. */
#include "drivers/usb.h"

#include <dirent.h>
#include <fnmatch.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

#define USB_RULES_NAME "60-scrapyard.rules"
#define USB_GROUP "scrapyard"

struct usb_ctx {
	libusb_context *lib;
};

struct usb_handle {
	libusb_context *ctx;
	libusb_device_handle *lib;
	struct usb_info info;
	int iface;
	int claimed;
	int reattach;   /* we detached a kernel driver: give it back on close */
	int last_error; /* libusb error code of the last failed transfer */
};

struct transfer_wait {
	int done;
};

struct usb_ctx *usb_ctx_new(sy_err *err)
{
	struct usb_ctx *ctx = xcalloc(1, sizeof *ctx);
	int r = libusb_init(&ctx->lib);
	if (r < 0) {
		sy_fail(err, SY_ENV, "usb", _("USB is not available (%s): check that /dev/bus/usb exists"),
			libusb_error_name(r));
		free(ctx);
		return NULL;
	}
	return ctx;
}

void usb_ctx_free(struct usb_ctx *ctx)
{
	if (!ctx)
		return;
	libusb_exit(ctx->lib);
	free(ctx);
}

libusb_context *usb_ctx_libusb(struct usb_ctx *ctx) { return ctx->lib; }

static void fill_info(libusb_device *dev, struct usb_info *info)
{
	struct libusb_device_descriptor d;
	uint8_t ports[8];
	memset(info, 0, sizeof *info);
	info->dev = dev;
	if (libusb_get_device_descriptor(dev, &d) == 0) {
		info->vid = d.idVendor;
		info->pid = d.idProduct;
		info->device_class = d.bDeviceClass;
	}
	info->bus = libusb_get_bus_number(dev);
	info->address = libusb_get_device_address(dev);
	int n = libusb_get_port_numbers(dev, ports, sizeof ports);
	size_t len = (size_t)snprintf(info->port, sizeof info->port, "%u", info->bus);
	for (int i = 0; i < n && len < sizeof info->port; i++)
		len += (size_t)snprintf(info->port + len, sizeof info->port - len, "%c%u", i ? '.' : '-', ports[i]);
	if (n <= 0) /* no port path (a root hub, or sysfs without one): the address stands in */
		snprintf(info->port, sizeof info->port, "%u.%u", info->bus, info->address);
	snprintf(info->id, sizeof info->id, "%04x:%04x@%s", info->vid, info->pid, info->port);
}

int usb_each_device(struct usb_ctx *ctx, usb_visit_fn visit, void *arg)
{
	libusb_device **list;
	ssize_t n = libusb_get_device_list(ctx->lib, &list);
	int ret = 0;
	if (n < 0)
		return 0;
	for (ssize_t i = 0; i < n && ret == 0; i++) {
		struct usb_info info;
		fill_info(list[i], &info);
		ret = visit(&info, arg);
	}
	libusb_free_device_list(list, 1);
	return ret;
}

/* ---- the configuration descriptor ---- */

static int hid_report_length(const struct libusb_interface_descriptor *alt)
{
	/* The class descriptor follows the interface: 09 21 bcdHID country n type len */
	const uint8_t *p = alt->extra;
	int left = p ? alt->extra_length : 0;
	while (left >= 2 && p[0] >= 2 && p[0] <= left) {
		if (p[1] == 0x21 && p[0] >= 9 && p[6] == 0x22)
			return p[7] | p[8] << 8;
		left -= p[0];
		p += p[0];
	}
	return 0;
}

static int broken(uint16_t vid, uint16_t pid, const char *what, sy_err *err)
{
	return sy_fail(err, SY_ENV, "usb",
		       _("USB device %04x:%04x sent a broken configuration descriptor (%s): unplug it and plug it back "
			 "in; if this stays, the device is faulty"),
		       vid, pid, what);
}

/* The endpoints of one interface. libusb leaves the endpoint array out when
 * a descriptor was cut short but may still count its endpoints: both are
 * looked at before any endpoint is read. */
static int fill_iface(const struct libusb_interface_descriptor *alt, uint16_t vid, uint16_t pid, struct usb_iface *out,
		      sy_err *err)
{
	memset(out, 0, sizeof *out);
	out->number = alt->bInterfaceNumber;
	out->iface_class = alt->bInterfaceClass;
	out->subclass = alt->bInterfaceSubClass;
	out->protocol = alt->bInterfaceProtocol;
	out->hid_report_len = hid_report_length(alt);
	if (alt->bNumEndpoints > 0 && !alt->endpoint)
		return broken(vid, pid, _("its endpoint descriptors are missing or cut short"), err);
	for (int e = 0; e < alt->bNumEndpoints; e++) {
		const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
		if (ep->bLength < LIBUSB_DT_ENDPOINT_SIZE || ep->bDescriptorType != LIBUSB_DT_ENDPOINT)
			return broken(vid, pid, _("an endpoint descriptor is cut short"), err);
		int in = ep->bEndpointAddress & LIBUSB_ENDPOINT_IN;
		uint16_t size = ep->wMaxPacketSize & 0x7ff;
		switch (ep->bmAttributes & 3) {
		case LIBUSB_TRANSFER_TYPE_BULK:
			if (in && !out->bulk_in)
				out->bulk_in = ep->bEndpointAddress, out->bulk_in_size = size;
			else if (!in && !out->bulk_out)
				out->bulk_out = ep->bEndpointAddress, out->bulk_out_size = size;
			break;
		case LIBUSB_TRANSFER_TYPE_INTERRUPT:
			if (in && !out->intr_in)
				out->intr_in = ep->bEndpointAddress, out->intr_in_size = size;
			else if (!in && !out->intr_out)
				out->intr_out = ep->bEndpointAddress, out->intr_out_size = size;
			break;
		}
	}
	return SY_OK;
}

int usb_config_find_iface(const struct libusb_config_descriptor *cfg, uint16_t vid, uint16_t pid, int iface,
			  int iface_class, struct usb_iface *out, sy_err *err)
{
	if (cfg->bNumInterfaces > 0 && !cfg->interface)
		return broken(vid, pid, _("its interface descriptors are missing"), err);
	for (int i = 0; i < cfg->bNumInterfaces; i++) {
		const struct libusb_interface *ifc = &cfg->interface[i];
		if (ifc->num_altsetting < 1 || !ifc->altsetting)
			continue;
		const struct libusb_interface_descriptor *alt = &ifc->altsetting[0];
		if (iface >= 0 ? alt->bInterfaceNumber == iface : alt->bInterfaceClass == iface_class)
			return fill_iface(alt, vid, pid, out, err);
	}
	if (iface >= 0)
		return sy_fail(err, SY_INVALID, "usb", _("USB device %04x:%04x has no interface %d"), vid, pid, iface);
	return sy_fail(err, SY_INVALID, "usb", _("USB device %04x:%04x has no interface of class %d"), vid, pid,
		       iface_class);
}

static int get_config(const struct usb_info *info, struct libusb_config_descriptor **cfg, sy_err *err)
{
	int r = libusb_get_active_config_descriptor(info->dev, cfg);
	if (r != 0)
		r = libusb_get_config_descriptor(info->dev, 0, cfg);
	if (r == 0)
		return SY_OK;
	/* libusb refuses what it cannot parse: say so, rather than "no such interface". */
	if (r == LIBUSB_ERROR_IO)
		return broken(info->vid, info->pid, _("libusb cannot parse it"), err);
	return usb_fail(r, info, err);
}

int usb_find_iface(const struct usb_info *info, int iface, int iface_class, struct usb_iface *out, sy_err *err)
{
	struct libusb_config_descriptor *cfg;
	int st = get_config(info, &cfg, err);
	if (st != SY_OK)
		return st;
	st = usb_config_find_iface(cfg, info->vid, info->pid, iface, iface_class, out, err);
	libusb_free_config_descriptor(cfg);
	return st;
}

/* The interfaces as udev's usb_id writes them (":030000:070102:"), for rules
 * that grant devices by interface class. */
static void interfaces_of(const struct usb_info *info, char *buf, size_t size)
{
	struct libusb_config_descriptor *cfg;
	size_t len = 0;
	buf[0] = '\0';
	if (!info->dev || get_config(info, &cfg, NULL) != SY_OK)
		return;
	for (int i = 0; cfg->interface && i < cfg->bNumInterfaces && len + 8 < size; i++) {
		const struct libusb_interface *ifc = &cfg->interface[i];
		if (ifc->num_altsetting < 1 || !ifc->altsetting)
			continue;
		const struct libusb_interface_descriptor *alt = &ifc->altsetting[0];
		len += (size_t)snprintf(buf + len, size - len, "%s%02x%02x%02x:", len ? "" : ":", alt->bInterfaceClass,
					alt->bInterfaceSubClass, alt->bInterfaceProtocol);
	}
	libusb_free_config_descriptor(cfg);
}

static void device_label(const struct usb_info *info, char *buf, size_t size)
{
	snprintf(buf, size, _("USB device %04x:%04x"), info->vid, info->pid);
}

int usb_fail(int libusb_error, const struct usb_info *info, sy_err *err)
{
	char what[64];
	device_label(info, what, sizeof what);
	switch (libusb_error) {
	case LIBUSB_ERROR_TIMEOUT:
		return sy_fail(err, SY_ENV, "usb", _("%s did not answer in time: check that it is switched on"), what);
	case LIBUSB_ERROR_NO_DEVICE:
		return sy_fail(err, SY_ENV, "usb", _("%s was unplugged: plug it back in"), what);
	case LIBUSB_ERROR_ACCESS: {
		struct usb_access_facts facts;
		usb_access_probe(info->vid, info->pid, &facts);
		if (facts.rules_installed && !facts.rules_list_device) {
			char interfaces[128];
			interfaces_of(info, interfaces, sizeof interfaces);
			facts.rules_list_device = usb_rules_list_interfaces(facts.rules_path, interfaces);
		}
		return usb_access_advice(info->vid, info->pid, &facts, err);
	}
	case LIBUSB_ERROR_BUSY:
		return sy_fail(err, SY_ENV, "usb", _("%s is in use by another program: close it and try again"), what);
	case LIBUSB_ERROR_PIPE:
		return sy_fail(err, SY_ENV, "usb",
			       _("%s refused the request (endpoint stalled): unplug it and plug it back in"), what);
	case LIBUSB_ERROR_OVERFLOW:
		return sy_fail(err, SY_ENV, "usb", _("%s sent more data than expected: unplug it and plug it back in"),
			       what);
	case LIBUSB_ERROR_NOT_FOUND:
		return sy_fail(err, SY_ENV, "usb", _("%s is not there any more: check the cable"), what);
	case LIBUSB_ERROR_NOT_SUPPORTED:
		return sy_fail(err, SY_ENV, "usb", _("%s does not support this operation"), what);
	default:
		return sy_fail(err, SY_ENV, "usb", _("%s failed to communicate: unplug it and plug it back in"), what);
	}
}

/* ---- permissions ---- */

/* The value of KEY=="..." on a rule line ("idVendor" finds ATTR{idVendor} and
 * ATTRS{idVendor}), lower-cased, or 0 when the line has no such key. */
static int rule_value(const char *line, const char *key, char *value, size_t size)
{
	char pattern[32];
	snprintf(pattern, sizeof pattern, "{%s}==\"", key);
	const char *at = strstr(line, pattern);
	if (!at)
		return 0;
	at += strlen(pattern);
	size_t n = 0;
	while (at[n] && at[n] != '"' && n + 1 < size) {
		value[n] = (char)(at[n] >= 'A' && at[n] <= 'Z' ? at[n] - 'A' + 'a' : at[n]);
		n++;
	}
	value[n] = '\0';
	return 1;
}

/* udev's "a|b|c" alternatives, each a glob. */
static int rule_matches(const char *alternatives, const char *id)
{
	char copy[128], *save = NULL;
	sy_strlcpy(copy, alternatives, sizeof copy);
	for (char *alt = strtok_r(copy, "|", &save); alt; alt = strtok_r(NULL, "|", &save))
		if (fnmatch(alt, id, 0) == 0)
			return 1;
	return 0;
}

int usb_rules_list_device(const char *path, uint16_t vid, uint16_t pid)
{
	FILE *f = fopen(path, "r");
	char line[1024], v[8], p[8], value[128];
	int found = 0;
	if (!f)
		return 0;
	snprintf(v, sizeof v, "%04x", vid);
	snprintf(p, sizeof p, "%04x", pid);
	/* A line with this vendor and this product, or this vendor and no product.
	 * Rules by interface class are not judged here. */
	while (!found && fgets(line, sizeof line, f)) {
		if (line[0] == '#' || !rule_value(line, "idVendor", value, sizeof value) || !rule_matches(value, v))
			continue;
		found = !rule_value(line, "idProduct", value, sizeof value) || rule_matches(value, p);
	}
	fclose(f);
	return found;
}

void usb_access_probe(uint16_t vid, uint16_t pid, struct usb_access_facts *facts)
{
	static const char *const dirs[] = {"/etc/udev/rules.d", "/run/udev/rules.d", "/lib/udev/rules.d",
					   "/usr/lib/udev/rules.d", "/usr/local/lib/udev/rules.d"};
	memset(facts, 0, sizeof *facts);
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs && !facts->rules_list_device; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/%s", dirs[i], USB_RULES_NAME);
		if (access(path, R_OK) != 0)
			continue;
		facts->rules_installed = 1;
		sy_strlcpy(facts->rules_path, path, sizeof facts->rules_path);
		facts->rules_list_device = usb_rules_list_device(path, vid, pid);
	}
	struct group *g = getgrnam(USB_GROUP);
	if (!g)
		return;
	facts->group_exists = 1;
	gid_t groups[256];
	int n = getgroups(sizeof groups / sizeof *groups, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == g->gr_gid)
			facts->user_in_group = 1;
	if (getegid() == g->gr_gid)
		facts->user_in_group = 1;
}

int usb_rules_list_interfaces(const char *path, const char *interfaces)
{
	FILE *f = *interfaces ? fopen(path, "r") : NULL;
	char line[1024], value[128];
	int found = 0;
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f))
		found = line[0] != '#' && rule_value(line, "ID_USB_INTERFACES", value, sizeof value) &&
			rule_matches(value, interfaces);
	fclose(f);
	return found;
}

int usb_access_advice(uint16_t vid, uint16_t pid, const struct usb_access_facts *f, sy_err *err)
{
	char head[96];
	snprintf(head, sizeof head, _("permission denied on USB device %04x:%04x"), vid, pid);
	if (!f->rules_installed && !f->user_in_group)
		return sy_fail(err, SY_ENV, "usb", _("%s: install udev/%s (make install) and add your user to group %s"),
			       head, USB_RULES_NAME, USB_GROUP);
	if (!f->rules_installed)
		return sy_fail(err, SY_ENV, "usb", _("%s: install udev/%s (make install), then plug the device in again"),
			       head, USB_RULES_NAME);
	if (!f->rules_list_device)
		return sy_fail(err, SY_ENV, "usb",
			       _("%s: %s has no line for %04x:%04x; add one (see docs/scales.md) and plug it in again"),
			       head, f->rules_path, vid, pid);
	if (!f->group_exists)
		return sy_fail(err, SY_ENV, "usb", _("%s: create group %s (groupadd --system %s) and add your user to it"),
			       head, USB_GROUP, USB_GROUP);
	if (!f->user_in_group)
		return sy_fail(err, SY_ENV, "usb", _("%s: add your user to group %s (usermod -aG %s $USER) and log in again"),
			       head, USB_GROUP, USB_GROUP);
	return sy_fail(err, SY_ENV, "usb",
		       _("%s: the udev rule did not apply yet; plug the device in again or run 'udevadm trigger'"), head);
}

/* ---- sysfs facts about an interface ---- */

static void iface_dir(const struct usb_info *info, int iface, char *dir, size_t size)
{
	snprintf(dir, size, "/sys/bus/usb/devices/%s:1.%d", info->port, iface);
}

void usb_kernel_driver_name(const struct usb_info *info, int iface, char *name, size_t size)
{
	char dir[96], link[256];
	iface_dir(info, iface, dir, sizeof dir);
	sy_strlcpy(dir + strlen(dir), "/driver", sizeof dir - strlen(dir));
	ssize_t n = readlink(dir, link, sizeof link - 1);
	name[0] = '\0';
	if (n <= 0)
		return;
	link[n] = '\0';
	const char *base = strrchr(link, '/');
	sy_strlcpy(name, base ? base + 1 : link, size);
}

/* First entry of dir whose name starts with prefix (not the name "skip"),
 * as dir/name in path. opendir rather than glob: glob's own directory reads
 * bypass interposed libc calls, which test beds rely on. */
static int first_entry(const char *dir, const char *prefix, const char *skip, char *path, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;
	if (!d)
		return 0;
	while (!found && (e = readdir(d)))
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 && (!skip || strcmp(e->d_name, skip) != 0)) {
			snprintf(path, size, "%s/%s", dir, e->d_name);
			found = 1;
		}
	closedir(d);
	return found;
}

int usb_sysfs_iface_read(const struct usb_info *info, int iface, const char *child_prefix, const char *file,
			 uint8_t *buf, size_t size)
{
	char dir[96], child[384], path[448];
	int n = -1;
	iface_dir(info, iface, dir, sizeof dir);
	if (!first_entry(dir, child_prefix, NULL, child, sizeof child))
		return -1;
	snprintf(path, sizeof path, "%s/%s", child, file);
	FILE *f = fopen(path, "rb");
	if (f) {
		n = (int)fread(buf, 1, size, f);
		fclose(f);
	}
	return n;
}

void usb_sysfs_iface_tty(const struct usb_info *info, int iface, char *tty, size_t size)
{
	char dir[96], path[384];
	tty[0] = '\0';
	iface_dir(info, iface, dir, sizeof dir);
	/* ttyUSB0 itself sits in the interface folder (not the "tty" class folder). */
	if (first_entry(dir, "tty", "tty", path, sizeof path))
		snprintf(tty, size, "/dev/%s", strrchr(path, '/') + 1);
}

/* ---- open and close ---- */

static int detach_if_bound(struct usb_handle *h, sy_err *err)
{
	int r = libusb_kernel_driver_active(h->lib, h->iface);
	if (r == 0 || r == LIBUSB_ERROR_NOT_SUPPORTED)
		return SY_OK;
	if (r < 0) {
		/* Could not tell: claiming will say whether the interface is free. */
		return SY_OK;
	}
	r = libusb_detach_kernel_driver(h->lib, h->iface);
	if (r == 0) {
		h->reattach = 1;
		return SY_OK;
	}
	if (r == LIBUSB_ERROR_ACCESS)
		return usb_fail(r, &h->info, err);
	char driver[32];
	usb_kernel_driver_name(&h->info, h->iface, driver, sizeof driver);
	return sy_fail(err, SY_ENV, "usb",
		       _("USB device %04x:%04x is held by the kernel driver %s and could not be detached (%s)"),
		       h->info.vid, h->info.pid, driver[0] ? driver : "?", libusb_error_name(r));
}

int usb_open(struct usb_ctx *ctx, const struct usb_info *info, int iface, struct usb_handle **out, sy_err *err)
{
	struct usb_handle *h = xcalloc(1, sizeof *h);
	int st;
	h->ctx = ctx->lib;
	h->info = *info;
	h->iface = iface;
	int r = libusb_open(info->dev, &h->lib);
	if (r != 0) {
		st = usb_fail(r, &h->info, err);
		goto fail;
	}
	st = detach_if_bound(h, err);
	if (st != SY_OK)
		goto fail;
	r = libusb_claim_interface(h->lib, iface);
	if (r != 0) {
		st = usb_fail(r, &h->info, err);
		goto fail;
	}
	h->claimed = 1;
	h->info.dev = NULL; /* the device list it came from may be freed */
	*out = h;
	return SY_OK;
fail:
	usb_close(h);
	*out = NULL;
	return st;
}

void usb_close(struct usb_handle *h)
{
	if (!h)
		return;
	if (h->lib) {
		if (h->claimed)
			libusb_release_interface(h->lib, h->iface);
		if (h->reattach)
			libusb_attach_kernel_driver(h->lib, h->iface);
		libusb_close(h->lib);
	}
	free(h);
}

const struct usb_info *usb_handle_info(const struct usb_handle *h) { return &h->info; }
libusb_device_handle *usb_handle_libusb(struct usb_handle *h) { return h->lib; }

/* ---- transfers ---- */

static void LIBUSB_CALL transfer_done(struct libusb_transfer *t)
{
	((struct transfer_wait *)t->user_data)->done = 1;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A transfer's end as a libusb error code (0 when it completed). */
static int transfer_error(enum libusb_transfer_status s)
{
	switch (s) {
	case LIBUSB_TRANSFER_COMPLETED: return 0;
	case LIBUSB_TRANSFER_TIMED_OUT: return LIBUSB_ERROR_TIMEOUT;
	case LIBUSB_TRANSFER_STALL: return LIBUSB_ERROR_PIPE;
	case LIBUSB_TRANSFER_NO_DEVICE: return LIBUSB_ERROR_NO_DEVICE;
	case LIBUSB_TRANSFER_OVERFLOW: return LIBUSB_ERROR_OVERFLOW;
	case LIBUSB_TRANSFER_CANCELLED: return LIBUSB_ERROR_TIMEOUT; /* only our own guard cancels */
	default: return LIBUSB_ERROR_IO;
	}
}

/* Submit t and handle events until it completes. libusb cancels it at its own
 * timeout; the guard below cancels it too should that ever fail, and gives up
 * rather than hang if the event loop itself is broken. */
static int run_transfer(struct usb_handle *h, struct libusb_transfer *t, int timeout_ms, int *abandoned)
{
	struct transfer_wait wait = {0};
	*abandoned = 0;
	t->user_data = &wait;
	t->callback = transfer_done;
	t->timeout = (unsigned)timeout_ms;
	int r = libusb_submit_transfer(t);
	if (r != 0)
		return r;
	long cancel_at = now_ms() + timeout_ms + 2000;
	int cancelled = 0;
	while (!wait.done) {
		struct timeval tv = {0, 100 * 1000};
		r = libusb_handle_events_timeout_completed(h->ctx, &tv, &wait.done);
		long now = now_ms();
		if (!cancelled && ((r < 0 && r != LIBUSB_ERROR_INTERRUPTED) || now > cancel_at)) {
			libusb_cancel_transfer(t);
			cancelled = 1;
		}
		if (cancelled && now > cancel_at + 3000) {
			*abandoned = 1; /* libusb still owns t: it must not be freed */
			return LIBUSB_ERROR_IO;
		}
	}
	return transfer_error(t->status);
}

static int clamp_timeout(int timeout_ms)
{
	return timeout_ms > 0 ? timeout_ms : 1;
}

/* SY_OK for a completed transfer or one that ran out of time; else the failure. */
static int transfer_result(struct usb_handle *h, int r, sy_err *err)
{
	h->last_error = r == LIBUSB_ERROR_TIMEOUT ? 0 : r;
	if (r == 0 || r == LIBUSB_ERROR_TIMEOUT)
		return SY_OK;
	return usb_fail(r, &h->info, err);
}

int usb_control(struct usb_handle *h, uint8_t type, uint8_t request, uint16_t value, uint16_t index, uint8_t *data,
		uint16_t len, int timeout_ms, int *done, sy_err *err)
{
	struct libusb_transfer *t = libusb_alloc_transfer(0);
	uint8_t *buf = xcalloc(1, LIBUSB_CONTROL_SETUP_SIZE + (size_t)len);
	int in = type & LIBUSB_ENDPOINT_IN, abandoned;
	if (done)
		*done = 0;
	if (!t)
		sy_fatal("out of memory (USB transfer)");
	libusb_fill_control_setup(buf, type, request, value, index, len);
	if (!in && len)
		memcpy(buf + LIBUSB_CONTROL_SETUP_SIZE, data, len);
	libusb_fill_control_transfer(t, h->lib, buf, NULL, NULL, 0);
	int r = run_transfer(h, t, clamp_timeout(timeout_ms), &abandoned);
	if (abandoned)
		return transfer_result(h, r, err);
	if (r == 0 && in && t->actual_length > 0 && t->actual_length <= len)
		memcpy(data, buf + LIBUSB_CONTROL_SETUP_SIZE, (size_t)t->actual_length);
	if (done && r == 0)
		*done = t->actual_length;
	libusb_free_transfer(t);
	free(buf);
	return transfer_result(h, r, err);
}

static int data_transfer(struct usb_handle *h, int interrupt, uint8_t ep, uint8_t *buf, int len, int *done,
			 int timeout_ms, sy_err *err)
{
	struct libusb_transfer *t = libusb_alloc_transfer(0);
	uint8_t *tmp = xcalloc(1, len > 0 ? (size_t)len : 1);
	int in = ep & LIBUSB_ENDPOINT_IN, abandoned;
	if (done)
		*done = 0;
	if (!t)
		sy_fatal("out of memory (USB transfer)");
	if (!in && len > 0)
		memcpy(tmp, buf, (size_t)len);
	if (interrupt)
		libusb_fill_interrupt_transfer(t, h->lib, ep, tmp, len, NULL, NULL, 0);
	else
		libusb_fill_bulk_transfer(t, h->lib, ep, tmp, len, NULL, NULL, 0);
	int r = run_transfer(h, t, clamp_timeout(timeout_ms), &abandoned);
	if (abandoned)
		return transfer_result(h, r, err);
	/* A timed-out IN transfer may still have moved some bytes: keep them. */
	if (in && t->actual_length > 0 && t->actual_length <= len)
		memcpy(buf, tmp, (size_t)t->actual_length);
	if (done)
		*done = t->actual_length;
	libusb_free_transfer(t);
	free(tmp);
	return transfer_result(h, r, err);
}

int usb_bulk(struct usb_handle *h, uint8_t ep, uint8_t *buf, int len, int *done, int timeout_ms, sy_err *err)
{
	return data_transfer(h, 0, ep, buf, len, done, timeout_ms, err);
}

int usb_interrupt(struct usb_handle *h, uint8_t ep, uint8_t *buf, int len, int *done, int timeout_ms, sy_err *err)
{
	return data_transfer(h, 1, ep, buf, len, done, timeout_ms, err);
}

int usb_gone(const struct usb_handle *h)
{
	return h->last_error == LIBUSB_ERROR_NO_DEVICE || h->last_error == LIBUSB_ERROR_NOT_FOUND;
}

int usb_stalled(const struct usb_handle *h) { return h->last_error == LIBUSB_ERROR_PIPE; }

int usb_clear_stall(struct usb_handle *h, uint8_t ep, sy_err *err)
{
	int r = libusb_clear_halt(h->lib, ep);
	if (r == 0) {
		h->last_error = 0;
		return SY_OK;
	}
	h->last_error = r;
	return usb_fail(r, &h->info, err);
}
