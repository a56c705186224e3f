/* The configuration descriptor walk (usb_config_find_iface) over every shape
 * libusb may hand over for what a device sent: interfaces and alternate
 * settings counted with or without their arrays, an endpoint array missing
 * while endpoints are counted (a descriptor cut short), endpoints of any
 * length, type and size, class descriptors (the HID one) of any content.
 * Nothing may crash or read past an array; a found interface makes sense,
 * and a refusal says why.
 *
 * The input is read byte by byte (zeros once it runs out):
 *   which interface: bit 7 set = by class (next byte), else number (low 4 bits)
 *   interfaces: count (low 3 bits), bit 3 = array missing
 *   per interface: alternate settings (low 2 bits), bit 2 = array missing
 *     per setting: number, class, subclass, protocol, endpoints (low 3 bits,
 *       bit 3 = array missing), extra length (low 6 bits) and that many bytes
 *       per endpoint: bLength, type, address, attributes, size (2), interval */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libusb.h>

#include "drivers/usb.h"

struct input {
	const uint8_t *data;
	size_t size, pos;
};

static uint8_t next(struct input *in) { return in->pos < in->size ? in->data[in->pos++] : 0; }

static void build_endpoint(struct input *in, struct libusb_endpoint_descriptor *ep)
{
	memset(ep, 0, sizeof *ep);
	ep->bLength = next(in);
	ep->bDescriptorType = next(in);
	ep->bEndpointAddress = next(in);
	ep->bmAttributes = next(in);
	ep->wMaxPacketSize = (uint16_t)(next(in) | next(in) << 8);
	ep->bInterval = next(in);
}

static void build_setting(struct input *in, struct libusb_interface_descriptor *alt)
{
	memset(alt, 0, sizeof *alt);
	alt->bLength = LIBUSB_DT_INTERFACE_SIZE;
	alt->bDescriptorType = LIBUSB_DT_INTERFACE;
	alt->bInterfaceNumber = next(in);
	alt->bInterfaceClass = next(in);
	alt->bInterfaceSubClass = next(in);
	alt->bInterfaceProtocol = next(in);
	uint8_t eps = next(in);
	alt->bNumEndpoints = eps & 7;
	int extra_len = next(in) & 63;
	if (extra_len) {
		/* An exact-size copy, so that ASan sees a read past it. */
		unsigned char *extra = malloc((size_t)extra_len);
		for (int i = 0; i < extra_len; i++)
			extra[i] = next(in);
		alt->extra = extra;
		alt->extra_length = extra_len;
	}
	if (!(eps & 8) && alt->bNumEndpoints) {
		struct libusb_endpoint_descriptor *ep = malloc(alt->bNumEndpoints * sizeof *ep);
		for (int i = 0; i < alt->bNumEndpoints; i++)
			build_endpoint(in, &ep[i]);
		alt->endpoint = ep;
	}
}

static void build_interface(struct input *in, struct libusb_interface *ifc)
{
	uint8_t b = next(in);
	ifc->num_altsetting = b & 3;
	ifc->altsetting = NULL;
	if ((b & 4) || !ifc->num_altsetting)
		return;
	struct libusb_interface_descriptor *alt = malloc((size_t)ifc->num_altsetting * sizeof *alt);
	for (int i = 0; i < ifc->num_altsetting; i++)
		build_setting(in, &alt[i]);
	ifc->altsetting = alt;
}

static void free_config(struct libusb_config_descriptor *cfg)
{
	struct libusb_interface *ifcs = (struct libusb_interface *)cfg->interface;
	for (int i = 0; ifcs && i < cfg->bNumInterfaces; i++) {
		struct libusb_interface_descriptor *alt = (struct libusb_interface_descriptor *)ifcs[i].altsetting;
		for (int a = 0; alt && a < ifcs[i].num_altsetting; a++) {
			free((void *)alt[a].extra);
			free((void *)alt[a].endpoint);
		}
		free(alt);
	}
	free(ifcs);
}

static void check_found(const struct usb_iface *f)
{
	if (f->bulk_in_size > 0x7ff || f->bulk_out_size > 0x7ff || f->intr_in_size > 0x7ff || f->intr_out_size > 0x7ff)
		abort();
	/* Each endpoint where its direction says. */
	if ((f->bulk_in && !(f->bulk_in & 0x80)) || (f->intr_in && !(f->intr_in & 0x80)))
		abort();
	if ((f->bulk_out & 0x80) || (f->intr_out & 0x80))
		abort();
	if (f->hid_report_len < 0 || f->hid_report_len > 0xffff)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};
	struct libusb_config_descriptor cfg;
	memset(&cfg, 0, sizeof cfg);
	uint8_t which = next(&in);
	int iface = (which & 0x80) ? -1 : which & 0x0f;
	int iface_class = next(&in);
	uint8_t b = next(&in);
	cfg.bNumInterfaces = b & 7;
	if (!(b & 8) && cfg.bNumInterfaces) {
		struct libusb_interface *ifcs = malloc(cfg.bNumInterfaces * sizeof *ifcs);
		for (int i = 0; i < cfg.bNumInterfaces; i++)
			build_interface(&in, &ifcs[i]);
		cfg.interface = ifcs;
	}

	struct usb_iface found;
	sy_err err = {0};
	int rc = usb_config_find_iface(&cfg, 0x1234, 0x5678, iface, iface_class, &found, &err);
	if (rc == SY_OK)
		check_found(&found);
	else if ((rc != SY_INVALID && rc != SY_ENV) || err.status != rc || !err.msg[0] ||
		 !memchr(err.msg, '\0', sizeof err.msg))
		abort();
	free_config(&cfg);
	return 0;
}
