/* USB transport over libusb-1.0, shared by the scale and printer drivers.
 *
 * Every transfer takes a timeout (0 or less still waits 1 ms: libusb's 0
 * would mean forever); every failure fills an sy_err (SY_ENV, one line naming
 * the device and what to do). A kernel driver is detached only when one is
 * bound, and given back on close. Every byte a device sends is outside input:
 * its descriptors are checked, never trusted. Nothing here prints. */
#ifndef SY_USB_H
#define SY_USB_H
#include <libusb.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* A device as enumeration sees it. */
struct usb_info {
	libusb_device *dev;   /* valid during usb_each_device's callback (ref it to keep) */
	uint16_t vid, pid;
	uint8_t bus, address;
	uint8_t device_class;
	char port[24];        /* "1-2.3": bus and port path, stable while it stays in that socket */
	char id[40];          /* "0922:8003@1-2.3" */
};

/* The endpoints of one interface, from the configuration descriptor. */
struct usb_iface {
	int number;
	uint8_t iface_class, subclass, protocol;
	uint8_t bulk_in, bulk_out, intr_in, intr_out; /* 0 when absent */
	uint16_t bulk_in_size, bulk_out_size, intr_in_size, intr_out_size;
	int hid_report_len;   /* wDescriptorLength of the HID report descriptor, or 0 */
};

struct usb_ctx;
struct usb_handle;

/* One libusb context; NULL with err filled when USB cannot be used at all. */
struct usb_ctx *usb_ctx_new(sy_err *err);
void usb_ctx_free(struct usb_ctx *ctx);
libusb_context *usb_ctx_libusb(struct usb_ctx *ctx);

/* Call visit for every device; stop at the first nonzero return and give it back. */
typedef int (*usb_visit_fn)(const struct usb_info *info, void *arg);
int usb_each_device(struct usb_ctx *ctx, usb_visit_fn visit, void *arg);

/* Fill *out for interface number iface (or, with iface < 0, the first of class
 * iface_class). SY_OK when found; SY_INVALID when the device has no such
 * interface; SY_ENV when its configuration descriptor is broken (a cut or
 * missing endpoint descriptor, say). err says which. */
int usb_find_iface(const struct usb_info *info, int iface, int iface_class, struct usb_iface *out, sy_err *err);
/* The same walk over a configuration descriptor as libusb parsed it, for any
 * device (vid, pid name it in messages); exposed for the fuzz target. */
int usb_config_find_iface(const struct libusb_config_descriptor *cfg, uint16_t vid, uint16_t pid, int iface,
			  int iface_class, struct usb_iface *out, sy_err *err);

/* Open the device and claim the interface, detaching a kernel driver only
 * when libusb says one is active. SY_ENV with what to do (permission: which
 * rule or group is missing; busy; unplugged) otherwise. */
int usb_open(struct usb_ctx *ctx, const struct usb_info *info, int iface, struct usb_handle **out, sy_err *err);
/* Release the interface, give a detached kernel driver back, close. */
void usb_close(struct usb_handle *h);

/* Transfers. SY_OK when the transfer completed or its time ran out: *done
 * (may be NULL for control transfers) holds the bytes moved, so a quiet device
 * is SY_OK with 0. SY_ENV on a failure; then usb_gone() tells an unplugged
 * device and usb_stalled() a halted endpoint (usb_clear_stall clears it).
 * The direction comes from bit 7 of type (control) or of ep. */
int usb_control(struct usb_handle *h, uint8_t type, uint8_t request, uint16_t value, uint16_t index,
		uint8_t *data, uint16_t len, int timeout_ms, int *done, sy_err *err);
int usb_bulk(struct usb_handle *h, uint8_t ep, uint8_t *buf, int len, int *done, int timeout_ms, sy_err *err);
int usb_interrupt(struct usb_handle *h, uint8_t ep, uint8_t *buf, int len, int *done, int timeout_ms, sy_err *err);
/* What made the last transfer on h fail. */
int usb_gone(const struct usb_handle *h);
int usb_stalled(const struct usb_handle *h);
/* Clear a halted endpoint (libusb gives this call no timeout: the kernel's 5 s applies). */
int usb_clear_stall(struct usb_handle *h, uint8_t ep, sy_err *err);

const struct usb_info *usb_handle_info(const struct usb_handle *h);
libusb_device_handle *usb_handle_libusb(struct usb_handle *h);

/* The line for a libusb error code on the device described by info
 * ("USB device 0922:8003 was unplugged: plug it back in"); returns SY_ENV. */
int usb_fail(int libusb_error, const struct usb_info *info, sy_err *err);

/* What decides whether a user may open a device: facts gathered by
 * usb_access_probe, turned into advice by usb_access_advice. */
struct usb_access_facts {
	int rules_installed;     /* 60-scrapyard.rules is in a udev rules directory */
	int rules_list_device;   /* ... and it has a line for this vendor:product */
	int group_exists;        /* group scrapyard exists */
	int user_in_group;       /* the process is a member of it */
	char rules_path[128];    /* where the rules file was found */
};
void usb_access_probe(uint16_t vid, uint16_t pid, struct usb_access_facts *facts);
/* True when the rules file at path has a line for vid:pid: idVendor matching
 * and idProduct matching or absent ("a|b" alternatives and globs understood). */
int usb_rules_list_device(const char *path, uint16_t vid, uint16_t pid);
/* True when a line of the rules file grants a device by its interfaces
 * (ENV{ID_USB_INTERFACES}=="*:0701??:*") and interfaces, written as udev
 * writes it (":070102:030000:"), matches. */
int usb_rules_list_interfaces(const char *path, const char *interfaces);
/* "permission denied on USB device 0922:8003: install udev/60-scrapyard.rules
 * (make install) and ..."; returns SY_ENV. */
int usb_access_advice(uint16_t vid, uint16_t pid, const struct usb_access_facts *facts, sy_err *err);

/* Kernel driver bound to an interface, from sysfs ("usbhid", "ch341"), or "" */
void usb_kernel_driver_name(const struct usb_info *info, int iface, char *name, size_t size);
/* Read file in the first folder under the interface's sysfs folder whose name
 * starts with child_prefix (the HID device "0003:..."): bytes read or -1. */
int usb_sysfs_iface_read(const struct usb_info *info, int iface, const char *child_prefix, const char *file,
			 uint8_t *buf, size_t size);
/* The tty the kernel made for the interface ("/dev/ttyUSB0"), or "" */
void usb_sysfs_iface_tty(const struct usb_info *info, int iface, char *tty, size_t size);

#endif
