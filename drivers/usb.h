/* USB transport over libusb-1.0, shared by the scale and printer drivers.
 *
 * Every transfer takes a timeout (0 or less still waits 1 ms: libusb's 0
 * would mean forever), every failure comes back as a status plus a one-line
 * message naming the device. A kernel driver is detached only when one is
 * bound, and given back on close. Nothing here prints. */
#ifndef SY_USB_H
#define SY_USB_H
#include <libusb.h>
#include <stddef.h>
#include <stdint.h>

enum usb_status {
	USB_OK = 0,
	USB_TIMEOUT,       /* nothing within the timeout */
	USB_NO_DEVICE,     /* unplugged */
	USB_ACCESS,        /* permission denied */
	USB_BUSY,          /* another program or a kernel driver holds it */
	USB_STALL,         /* the endpoint halted (cleared by usb_clear_stall) */
	USB_OVERFLOW,      /* the device sent more than asked for */
	USB_NOT_FOUND,     /* no such device, interface or endpoint */
	USB_NOT_SUPPORTED, /* the platform or device cannot do it */
	USB_IO,            /* any other failure */
};

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

/* One libusb context: a NULL return fills msg. */
struct usb_ctx *usb_ctx_new(char *msg, size_t size);
void usb_ctx_free(struct usb_ctx *ctx);
libusb_context *usb_ctx_libusb(struct usb_ctx *ctx);

/* Call visit for every device; stop at the first nonzero return and give it back. */
typedef int (*usb_visit_fn)(const struct usb_info *info, void *arg);
int usb_each_device(struct usb_ctx *ctx, usb_visit_fn visit, void *arg);

/* Fill *out for interface number iface (or, with iface < 0, the first of class
 * iface_class). Returns USB_OK or USB_NOT_FOUND. */
enum usb_status usb_find_iface(libusb_device *dev, int iface, int iface_class, struct usb_iface *out);

/* Open the device and claim the interface, detaching a kernel driver only
 * when libusb says one is active. On failure msg says what to do. */
enum usb_status usb_open(struct usb_ctx *ctx, const struct usb_info *info, int iface,
			 struct usb_handle **out, char *msg, size_t size);
/* Release the interface, give a detached kernel driver back, close. */
void usb_close(struct usb_handle *h);

/* Control transfer; the direction comes from bit 7 of type. *done gets the
 * bytes moved (may be NULL). */
enum usb_status usb_control(struct usb_handle *h, uint8_t type, uint8_t request, uint16_t value,
			    uint16_t index, uint8_t *data, uint16_t len, int timeout_ms, int *done);
/* Bulk and interrupt transfers; the direction comes from bit 7 of ep. */
enum usb_status usb_bulk(struct usb_handle *h, uint8_t ep, uint8_t *buf, int len, int *done, int timeout_ms);
enum usb_status usb_interrupt(struct usb_handle *h, uint8_t ep, uint8_t *buf, int len, int *done, int timeout_ms);
/* Clear a halted endpoint (libusb gives this call no timeout: the kernel's 5 s applies). */
enum usb_status usb_clear_stall(struct usb_handle *h, uint8_t ep);

const struct usb_info *usb_handle_info(const struct usb_handle *h);
libusb_device_handle *usb_handle_libusb(struct usb_handle *h);

/* libusb error code to status. */
enum usb_status usb_status_from_libusb(int err);
/* One line for status on the device described by info ("USB device 0922:8003"). */
void usb_message(enum usb_status status, const struct usb_info *info, char *msg, size_t size);

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
/* "permission denied on USB device 0922:8003: install udev/60-scrapyard.rules (make install) and ..." */
void usb_access_advice(uint16_t vid, uint16_t pid, const struct usb_access_facts *facts, char *msg, size_t size);

/* Kernel driver bound to an interface, from sysfs ("usbhid", "ch341"), or "" */
void usb_kernel_driver_name(const struct usb_info *info, int iface, char *name, size_t size);
/* Read file in the first folder under the interface's sysfs folder whose name
 * starts with child_prefix (the HID device "0003:..."): bytes read or -1. */
int usb_sysfs_iface_read(const struct usb_info *info, int iface, const char *child_prefix, const char *file,
			 uint8_t *buf, size_t size);
/* The tty the kernel made for the interface ("/dev/ttyUSB0"), or "" */
void usb_sysfs_iface_tty(const struct usb_info *info, int iface, char *tty, size_t size);

#endif
