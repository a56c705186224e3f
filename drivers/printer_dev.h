/* An open printer, as the transports share it: USB (printer_usb.c) and
 * the network (printer_net.c). Private to drivers/printer_*.c. */
#ifndef SY_PRINTER_DEV_H
#define SY_PRINTER_DEV_H
#include "drivers/net.h"
#include "drivers/printer.h"
#include "drivers/usb.h"

struct printer {
	struct printer_info info;
	struct printer_io io;
	struct printer_timeouts timeouts;
	char msg[256];        /* the transport's last failure */
	/* USB */
	struct usb_ctx *ctx;
	struct usb_handle *h;
	struct usb_iface iface;
	/* network */
	struct net_conn *conn;
};

/* printer_open for "tcp://HOST:PORT". */
int printer_net_open(const char *address, const char *lang_override, int dpi_override, struct printer **out,
		     sy_err *err);

#endif
