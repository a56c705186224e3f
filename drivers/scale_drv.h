/* What scale.c shares with the scale drivers (HID, serial indicator). */
#ifndef SY_SCALE_DRV_H
#define SY_SCALE_DRV_H
#include <stdint.h>

#include "drivers/scale.h"
#include "drivers/serial.h"
#include "drivers/usb.h"

/* What to open, and to reopen after an unplug. */
struct scale_target {
	enum scale_kind kind;
	uint16_t vid, pid;
	char usb_port[24];  /* bus-port path where it was found */
	char id[160];       /* shown to the user: a USB id or the port path */
	char path[256];     /* tty path, or the network address */
	char name[64];
	const struct serial_chip *chip; /* bridges */
};

struct scale_driver {
	const char *name;
	/* Open s->target (the USB device is found again by scale.c and passed in). */
	int (*open)(struct scale *s, const struct usb_info *info, sy_err *err);
	/* One raw reading within timeout_ms: SY_OK with *got 0 or 1, or a failure
	 * (with s->gone set when the device or its port went away). */
	int (*read)(struct scale *s, struct scale_reading *out, int *got, int timeout_ms, sy_err *err);
	int (*zero)(struct scale *s, sy_err *err);
	int (*tare)(struct scale *s, sy_err *err);
	void (*close)(struct scale *s);
};

struct scale {
	struct scale_config cfg;
	char device_buf[64], port_buf[256], protocol_buf[16];
	struct scale_target target;
	const struct scale_driver *drv;
	void *priv;             /* the driver's state while open */
	int is_open;
	struct usb_ctx *usb;    /* for USB kinds */
	char msg[512];          /* why nothing new is coming (scale_message) */
	int gone;               /* set by a driver's failed read: the device went away */
	/* stability */
	enum scale_state last_state;
	double last_kg;
	int run;
	/* silence and reopening */
	long last_data_ms;
	/* serial: what came since the last reading, readable or not */
	unsigned long bytes_seen;
	uint8_t seen[32];       /* the latest bytes, to show the clerk */
	size_t seen_len;
	unsigned bad_frames;    /* frames that failed their checksum or format */
	int baud_now;           /* serial: the line speed in use */
	int baud_found;         /* --baud auto: the rate that gave frames, 0 until one did */
	int net_wait_ms;        /* network: how long the next open waits for the connection */
	long next_reopen_ms;
	int hotplug;            /* a hotplug callback is registered */
	int hotplug_arrived;
	int hotplug_handle;
	const char *protocol;
};

/* Open a scale on a transport the caller made (a test's fake); it owns port. */
int scale_open_transport(const struct scale_config *cfg, struct serial_port *port, const char *id, struct scale **out,
			 sy_err *err);
void scale_serial_attach(struct scale *s, struct serial_port *port);

extern const struct scale_driver scale_driver_hid;
extern const struct scale_driver scale_driver_serial;

/* Is this USB device a HID scale? Fills a name (the quirk table's, or a generic one). */
int scale_hid_probe(const struct usb_info *info, char *name, size_t size);

long scale_now_ms(void);
/* A serial driver's note of the bytes it received (for the silence message). */
void scale_saw(struct scale *s, const uint8_t *buf, size_t n);
void scale_set_msg(struct scale *s, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));

#endif
