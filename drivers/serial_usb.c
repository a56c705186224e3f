/* A USB-serial bridge chip driven through libusb: claim its interface, run
 * the chip's set-up requests, then bulk IN and OUT for the data. */
#include "drivers/serial.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

#define SETUP_TIMEOUT_MS 1000
#define PACKET_MAX 512

const struct serial_chip *const serial_chips[] = {
	&serial_chip_ch341,
	&serial_chip_cp210x,
	&serial_chip_pl2303,
	&serial_chip_ftdi,
	NULL,
};

struct usb_port {
	struct serial_port base;
	struct usb_handle *h;
	const struct serial_chip *chip;
	struct usb_iface ifc;
	uint8_t pending[PACKET_MAX]; /* data read but not yet handed out */
	size_t pending_len;
};

const struct serial_chip *serial_chip_find(uint16_t vid, uint16_t pid)
{
	for (int c = 0; serial_chips[c]; c++)
		for (int i = 0; serial_chips[c]->ids[i][0]; i++)
			if (serial_chips[c]->ids[i][0] == vid && serial_chips[c]->ids[i][1] == pid)
				return serial_chips[c];
	return NULL;
}

size_t serial_strip_status(uint8_t *buf, size_t len, size_t packet, int status_bytes)
{
	size_t out = 0, skip = (size_t)status_bytes;
	if (!skip || !packet || packet <= skip)
		return skip ? 0 : len;
	for (size_t start = 0; start < len; start += packet) {
		size_t end = start + packet < len ? start + packet : len;
		if (end > start + skip) {
			memmove(buf + out, buf + start + skip, end - start - skip);
			out += end - start - skip;
		}
	}
	return out;
}

static int usb_port_fail(struct usb_port *p, int status)
{
	p->base.gone = usb_gone(p->h);
	return status;
}

static int usb_port_read(struct serial_port *base, uint8_t *buf, size_t size, size_t *got, int timeout_ms,
			 sy_err *err)
{
	struct usb_port *p = (struct usb_port *)base;
	*got = 0;
	if (p->pending_len == 0) {
		int n = 0;
		/* One packet of wMaxPacketSize: what the device sends at most per transfer. */
		int st = usb_bulk(p->h, p->ifc.bulk_in, p->pending, p->ifc.bulk_in_size, &n, timeout_ms, err);
		if (st != SY_OK && usb_stalled(p->h)) /* a halted endpoint: clear it, nothing read */
			st = usb_clear_stall(p->h, p->ifc.bulk_in, err);
		if (n > 0)
			p->pending_len = serial_strip_status(p->pending, (size_t)n, p->ifc.bulk_in_size, p->chip->status_bytes);
		if (st != SY_OK)
			return usb_port_fail(p, st);
		if (p->pending_len == 0)
			return SY_OK;
	}
	size_t n = p->pending_len < size ? p->pending_len : size;
	memcpy(buf, p->pending, n);
	memmove(p->pending, p->pending + n, p->pending_len - n);
	p->pending_len -= n;
	*got = n;
	return SY_OK;
}

static int usb_port_write(struct serial_port *base, const uint8_t *buf, size_t len, int timeout_ms, sy_err *err)
{
	struct usb_port *p = (struct usb_port *)base;
	uint8_t tmp[PACKET_MAX];
	int done = 0;
	if (!p->ifc.bulk_out || len > sizeof tmp)
		return sy_fail(err, SY_INVALID, "port", _("the %s has no way to send %zu bytes"), p->chip->description,
			       len);
	memcpy(tmp, buf, len);
	int st = usb_bulk(p->h, p->ifc.bulk_out, tmp, (int)len, &done, timeout_ms, err);
	if (st != SY_OK)
		return usb_port_fail(p, st);
	if ((size_t)done != len)
		return sy_fail(err, SY_ENV, "port", _("the %s did not take the data within %d ms: check the cable"),
			       p->chip->description, timeout_ms);
	return SY_OK;
}

static void usb_port_close(struct serial_port *base)
{
	struct usb_port *p = (struct usb_port *)base;
	usb_close(p->h);
	free(p);
}

static const struct serial_ops usb_port_ops = {
	.name = "usb-serial",
	.read = usb_port_read,
	.write = usb_port_write,
	.close = usb_port_close,
};

static int chip_version(struct usb_handle *h, const struct serial_chip *chip)
{
	uint8_t reply[8] = {0};
	const struct serial_ctrl *q = chip->version_request;
	int done = 0;
	if (!q)
		return 0;
	/* A chip that does not answer is treated as a current one (version 0). */
	if (usb_control(h, q->type, q->request, q->value, q->index, reply, q->len, SETUP_TIMEOUT_MS, &done, NULL) !=
	    SY_OK)
		return 0;
	return done > 0 ? reply[0] : 0;
}

static int run_setup(struct usb_port *p, const struct serial_line *line, sy_err *err)
{
	struct serial_setup setup;
	int version = chip_version(p->h, p->chip);
	if (p->chip->setup(line, p->ifc.number, version, &setup) != 0)
		return sy_fail(err, SY_INVALID, "baud",
			       _("the %s cannot run at %d baud: pick another rate on the indicator and here"),
			       p->chip->description, line->baud);
	for (int i = 0; i < setup.n; i++) {
		struct serial_ctrl *c = &setup.step[i];
		uint8_t data[8];
		memcpy(data, c->data, sizeof data);
		/* Reads of the init sequence only pace the chip: their answer does not matter. */
		int st = usb_control(p->h, c->type, c->request, c->value, c->index, data, c->len, SETUP_TIMEOUT_MS, NULL,
				     (c->type & 0x80) ? NULL : err);
		if (st != SY_OK && !(c->type & 0x80))
			return st;
	}
	return SY_OK;
}

int serial_usb_open(struct usb_ctx *ctx, const struct usb_info *info, const struct serial_chip *chip,
		    const struct serial_line *line, struct serial_port **out, sy_err *err)
{
	struct usb_port *p;
	*out = NULL;
	int st = serial_line_check(line, err);
	if (st != SY_OK)
		return st;
	p = xcalloc(1, sizeof *p);
	p->base.ops = &usb_port_ops;
	p->chip = chip;
	st = usb_find_iface(info, 0, -1, &p->ifc, err);
	if (st == SY_OK && (!p->ifc.bulk_in || !p->ifc.bulk_in_size))
		st = SY_INVALID;
	if (st == SY_INVALID)
		sy_fail(err, SY_INVALID, "device", _("USB device %04x:%04x has no bulk input on interface 0: it is not a %s"),
			info->vid, info->pid, chip->description);
	if (st != SY_OK) {
		free(p);
		return st;
	}
	if (p->ifc.bulk_in_size > PACKET_MAX)
		p->ifc.bulk_in_size = PACKET_MAX;
	st = usb_open(ctx, info, p->ifc.number, &p->h, err);
	if (st == SY_OK)
		st = run_setup(p, line, err);
	if (st != SY_OK) {
		usb_close(p->h);
		free(p);
		return st;
	}
	*out = &p->base;
	return SY_OK;
}
