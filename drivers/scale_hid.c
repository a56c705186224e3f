/* The USB HID scale driver: find the HID interface and its interrupt IN
 * endpoint in the descriptors, claim it, read reports of wMaxPacketSize.
 * The report descriptor (from sysfs while usbhid holds the device, else
 * asked for) says whether a Zero Scale control exists; reading the weight
 * never depends on it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/scale_drv.h"
#include "drivers/scale_hid.h"

#define HID_CLASS 3
#define HID_GET_DESCRIPTOR 0x06
#define HID_SET_REPORT 0x09
#define HID_REPORT_DESCRIPTOR 0x22
#define DESC_MAX 1024
#define DESC_TIMEOUT_MS 500
#define ZERO_TIMEOUT_MS 1000
#define STALLS_MAX 3

struct hid_priv {
	struct usb_handle *h;
	struct usb_iface ifc;
	struct hid_report_info desc;
	int weight_report_id;
	int skip_first; /* the first report after opening is often stale */
	int stalls;
};

static int descriptor_from_sysfs(const struct usb_info *info, int iface, struct hid_report_info *out)
{
	uint8_t buf[DESC_MAX];
	int n = usb_sysfs_iface_read(info, iface, "0003:", "report_descriptor", buf, sizeof buf);
	if (n <= 0)
		return 0;
	scale_hid_parse_descriptor(buf, (size_t)n, out);
	return 1;
}

static int descriptor_from_device(libusb_device_handle *lib, struct usb_handle *h, const struct usb_iface *ifc,
				  struct hid_report_info *out)
{
	uint8_t buf[DESC_MAX];
	int len = ifc->hid_report_len > 0 && ifc->hid_report_len <= DESC_MAX ? ifc->hid_report_len : DESC_MAX;
	int n = 0;
	if (h) {
		if (usb_control(h, 0x81, HID_GET_DESCRIPTOR, HID_REPORT_DESCRIPTOR << 8, (uint16_t)ifc->number, buf,
				(uint16_t)len, DESC_TIMEOUT_MS, &n, NULL) != SY_OK)
			return 0;
	} else {
		n = libusb_control_transfer(lib, 0x81, HID_GET_DESCRIPTOR, HID_REPORT_DESCRIPTOR << 8,
					    (uint16_t)ifc->number, buf, (uint16_t)len, DESC_TIMEOUT_MS);
	}
	if (n <= 0)
		return 0;
	scale_hid_parse_descriptor(buf, (size_t)n, out);
	return 1;
}

/* A device nobody's driver holds can be asked for its report descriptor
 * briefly; one held by a driver (and not described in sysfs) is left alone. */
static int probe_by_asking(const struct usb_info *info, const struct usb_iface *ifc, struct hid_report_info *out)
{
	libusb_device_handle *lib;
	int found = 0;
	if (libusb_open(info->dev, &lib) != 0)
		return 0;
	if (libusb_kernel_driver_active(lib, ifc->number) != 1 && libusb_claim_interface(lib, ifc->number) == 0) {
		found = descriptor_from_device(lib, NULL, ifc, out);
		libusb_release_interface(lib, ifc->number);
	}
	libusb_close(lib);
	return found;
}

int scale_hid_probe(const struct usb_info *info, char *name, size_t size)
{
	const struct scale_hid_quirk *q = scale_hid_quirk(info->vid, info->pid);
	struct usb_iface ifc;
	struct hid_report_info desc;
	if (q) {
		snprintf(name, size, "%s", q->name);
		return 1;
	}
	if (info->device_class != 0 || usb_find_iface(info, -1, HID_CLASS, &ifc, NULL) != SY_OK || !ifc.intr_in)
		return 0;
	if (!descriptor_from_sysfs(info, ifc.number, &desc) && !probe_by_asking(info, &ifc, &desc))
		return 0;
	if (desc.is_scale)
		snprintf(name, size, "%s", _("USB HID scale"));
	return desc.is_scale;
}

static int hid_open(struct scale *s, const struct usb_info *info, sy_err *err)
{
	struct hid_priv *p = xcalloc(1, sizeof *p);
	const struct scale_hid_quirk *q = scale_hid_quirk(info->vid, info->pid);
	int have_desc;
	int st = usb_find_iface(info, -1, HID_CLASS, &p->ifc, err);
	if (st == SY_OK && (!p->ifc.intr_in || !p->ifc.intr_in_size))
		st = SY_INVALID;
	if (st == SY_INVALID)
		sy_fail(err, SY_INVALID, "device", _("USB device %04x:%04x has no HID interrupt input: it is not a HID scale"),
			info->vid, info->pid);
	if (st != SY_OK) {
		free(p);
		return st;
	}
	/* sysfs describes it only while usbhid is bound: look before detaching. */
	have_desc = descriptor_from_sysfs(info, p->ifc.number, &p->desc);
	st = usb_open(s->usb, info, p->ifc.number, &p->h, err);
	if (st != SY_OK) {
		free(p);
		return st;
	}
	if (!have_desc && !descriptor_from_device(NULL, p->h, &p->ifc, &p->desc))
		memset(&p->desc, 0, sizeof p->desc);
	p->weight_report_id = q && q->report_id ? q->report_id : -1;
	if (p->weight_report_id < 0 && p->desc.weight_report_id > 0)
		p->weight_report_id = p->desc.weight_report_id;
	p->skip_first = 1;
	s->priv = p;
	s->protocol = "hid";
	return SY_OK;
}

/* A failed interrupt read: unplugged, a stall to clear (a few in a row are
 * taken as nothing read), or a failure. */
static int read_failed(struct scale *s, struct hid_priv *p, sy_err *err)
{
	if (usb_gone(p->h)) {
		s->gone = 1;
		return sy_fail(err, SY_ENV, "device", _("the scale %s was unplugged: plug it back in"), s->target.id);
	}
	if (!usb_stalled(p->h))
		return SY_ENV;
	if (++p->stalls > STALLS_MAX)
		return sy_fail(err, SY_ENV, "device",
			       _("the scale %s keeps refusing to send (endpoint stalled): unplug it and plug it back in"),
			       s->target.id);
	usb_clear_stall(p->h, p->ifc.intr_in, NULL);
	sy_err_clear(err);
	return SY_OK;
}

static int hid_read(struct scale *s, struct scale_reading *out, int *got, int timeout_ms, sy_err *err)
{
	struct hid_priv *p = s->priv;
	uint8_t report[64] = {0};
	int n = 0;
	int len = p->ifc.intr_in_size < sizeof report ? p->ifc.intr_in_size : (int)sizeof report;
	*got = 0;
	if (usb_interrupt(p->h, p->ifc.intr_in, report, len, &n, timeout_ms, err) != SY_OK)
		return read_failed(s, p, err);
	if (n == 0)
		return SY_OK; /* nothing within the timeout */
	p->stalls = 0;
	if (scale_hid_decode(report, (size_t)n, p->weight_report_id, out) != HID_READING)
		return SY_OK;
	if (p->skip_first) {
		p->skip_first = 0;
		return SY_OK;
	}
	*got = 1;
	return SY_OK;
}

static int hid_zero(struct scale *s, sy_err *err)
{
	struct hid_priv *p = s->priv;
	uint8_t report[64];
	size_t len = scale_hid_zero_report(&p->desc, report, sizeof report);
	int st, done = 0;
	if (!len)
		return sy_fail(err, SY_INVALID, "device",
			       _("the scale %s offers no zero command: zero it with its own button"), s->target.id);
	if (p->desc.zero_report_type == 2 && p->ifc.intr_out)
		st = usb_interrupt(p->h, p->ifc.intr_out, report, (int)len, &done, ZERO_TIMEOUT_MS, err);
	else
		st = usb_control(p->h, 0x21, HID_SET_REPORT,
				 (uint16_t)(p->desc.zero_report_type << 8 | p->desc.zero_report_id),
				 (uint16_t)p->ifc.number, report, (uint16_t)len, ZERO_TIMEOUT_MS, &done, err);
	if (st == SY_OK && (size_t)done != len)
		st = usb_fail(LIBUSB_ERROR_TIMEOUT, usb_handle_info(p->h), err);
	if (st != SY_OK)
		return st;
	p->skip_first = 1; /* what was queued before zeroing is stale */
	return SY_OK;
}

static int hid_tare(struct scale *s, sy_err *err)
{
	(void)s;
	return sy_fail(err, SY_INVALID, "device", "%s",
		       _("USB HID scales have no tare command: tare on the scale itself"));
}

static void hid_close(struct scale *s)
{
	struct hid_priv *p = s->priv;
	if (!p)
		return;
	usb_close(p->h);
	free(p);
	s->priv = NULL;
}

const struct scale_driver scale_driver_hid = {
	.name = "hid",
	.open = hid_open,
	.read = hid_read,
	.zero = hid_zero,
	.tare = hid_tare,
	.close = hid_close,
};
