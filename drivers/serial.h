/* Serial byte transports for indicators and readers: a tty through termios,
 * a USB-serial bridge chip driven directly through libusb, or a serial-device
 * server on the network (raw TCP). All behind one ops struct so the
 * protocol decoders do not care which (tests add a fake).
 * Failures fill an sy_err: SY_INVALID for a setting or a port that cannot
 * work (fix the configuration), SY_ENV for the device (cable, permission,
 * unplugged). */
#ifndef SY_SERIAL_H
#define SY_SERIAL_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "drivers/usb.h"

struct serial_line {
	int baud;      /* 9600 */
	char parity;   /* 'N', 'E', 'O' */
	int data_bits; /* 7, 8 */
	int stop_bits; /* 1, 2 */
};

struct serial_port;

struct serial_ops {
	const char *name;
	/* Read what is there, waiting at most timeout_ms for the first byte:
	 * SY_OK with *got bytes (0 when nothing came in time), or a failure. */
	int (*read)(struct serial_port *p, uint8_t *buf, size_t size, size_t *got, int timeout_ms, sy_err *err);
	/* Write all of buf within timeout_ms: SY_OK, or a failure. */
	int (*write)(struct serial_port *p, const uint8_t *buf, size_t len, int timeout_ms, sy_err *err);
	void (*close)(struct serial_port *p);
};

/* Every transport starts with this header. */
struct serial_port {
	const struct serial_ops *ops;
	int gone; /* set with a failure when the port went away (unplugged, hung up) */
};

static inline int serial_read(struct serial_port *p, uint8_t *buf, size_t size, size_t *got, int timeout_ms,
			      sy_err *err)
{
	return p->ops->read(p, buf, size, got, timeout_ms, err);
}
static inline int serial_write(struct serial_port *p, const uint8_t *buf, size_t len, int timeout_ms, sy_err *err)
{
	return p->ops->write(p, buf, len, timeout_ms, err);
}
static inline void serial_close(struct serial_port *p)
{
	if (p)
		p->ops->close(p);
}

void serial_line_default(struct serial_line *line);
/* SY_OK for a line setting the transports can do, else SY_INVALID saying why. */
int serial_line_check(const struct serial_line *line, sy_err *err);

/* A tty (/dev/ttyS0, /dev/ttyUSB0, a pty): raw mode at the line's settings. */
int serial_tty_open(const char *path, const struct serial_line *line, struct serial_port **out, sy_err *err);

/* A serial line on the network: "tcp://HOST:PORT" of a serial-device server
 * in raw TCP server mode (drivers/net.h). The line's settings are the
 * server's. Waits at most wait_ms for the connection; one still under way
 * is finished by the reads and writes (a failure then sets gone). */
int serial_tcp_open(const char *address, int wait_ms, struct serial_port **out, sy_err *err);

/* ---- USB-serial bridge chips through libusb ---- */

/* One control request of a chip's set-up sequence. */
struct serial_ctrl {
	uint8_t type, request;
	uint16_t value, index;
	uint8_t len;     /* data bytes: out data for type bit 7 clear, bytes to read otherwise */
	uint8_t data[8];
};

#define SERIAL_SETUP_MAX 24

struct serial_setup {
	struct serial_ctrl step[SERIAL_SETUP_MAX];
	int n;
};

struct serial_chip {
	const char *name;          /* "ch341" */
	const char *description;   /* "CH340/CH341 USB-serial bridge" */
	const uint16_t (*ids)[2];  /* vendor, product; ends with {0, 0} */
	/* The control requests that set the line up, in order. version is what
	 * the chip reported when asked (version_request), 0 when unknown. */
	int (*setup)(const struct serial_line *line, int iface, int version, struct serial_setup *out);
	/* Optional: a request whose first reply byte is the chip version. */
	const struct serial_ctrl *version_request;
	/* Bytes of modem status at the start of every bulk IN packet (FTDI: 2). */
	int status_bytes;
};

extern const struct serial_chip serial_chip_ch341;
extern const struct serial_chip serial_chip_cp210x;
extern const struct serial_chip serial_chip_pl2303;
extern const struct serial_chip serial_chip_ftdi;
extern const struct serial_chip *const serial_chips[];

/* The chip driving vid:pid, or NULL. */
const struct serial_chip *serial_chip_find(uint16_t vid, uint16_t pid);
/* Strip the per-packet status bytes from a bulk IN buffer in place; returns the data length. */
size_t serial_strip_status(uint8_t *buf, size_t len, size_t packet, int status_bytes);
/* Baud rate divisors, exposed for tests. */
int serial_ch341_divisor(int baud, uint16_t *value);
int serial_ftdi_divisor(int baud, uint16_t *value, uint16_t *index);

/* The bridge at info, claimed and set up for line. */
int serial_usb_open(struct usb_ctx *ctx, const struct usb_info *info, const struct serial_chip *chip,
		    const struct serial_line *line, struct serial_port **out, sy_err *err);

#endif
