/* A serial line on the network as a byte transport: a serial-device server
 * (Moxa NPort, USR-TCP232 and the like) in TCP server mode passes the bytes
 * of its serial port over a raw TCP connection, unchanged, so the indicator
 * and reader protocols run over it as over a tty. The line's speed and
 * framing are set on the server (its web page), not from here. */
#include "drivers/serial.h"

#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"

struct tcp_port {
	struct serial_port base;
	struct net_conn *conn;
};

static int tcp_read(struct serial_port *base, uint8_t *buf, size_t size, size_t *got, int timeout_ms, sy_err *err)
{
	struct tcp_port *p = (struct tcp_port *)base;
	enum net_io st = net_read(p->conn, buf, size, got, timeout_ms, err);
	if (st == NET_OK)
		return SY_OK;
	base->gone = 1; /* closed, refused or silent while connecting: connect again later */
	return SY_ENV;
}

static int tcp_write(struct serial_port *base, const uint8_t *buf, size_t len, int timeout_ms, sy_err *err)
{
	struct tcp_port *p = (struct tcp_port *)base;
	enum net_io st = net_write(p->conn, buf, len, NULL, timeout_ms, err);
	if (st == NET_OK)
		return SY_OK;
	if (st == NET_TIMEOUT && net_connecting(p->conn))
		return SY_OK; /* still connecting: a request is sent again on its timer */
	if (st == NET_TIMEOUT)
		return sy_fail(err, SY_ENV, "port", _("%s took no data for %d ms: check the serial-device server"),
			       net_conn_address(p->conn), timeout_ms);
	base->gone = 1;
	return SY_ENV;
}

static void tcp_close(struct serial_port *base)
{
	struct tcp_port *p = (struct tcp_port *)base;
	net_close(p->conn);
	free(p);
}

static const struct serial_ops tcp_ops = {
	.name = "tcp",
	.read = tcp_read,
	.write = tcp_write,
	.close = tcp_close,
};

int serial_tcp_open(const char *address, int wait_ms, struct serial_port **out, sy_err *err)
{
	struct net_addr a;
	struct net_conn *conn;
	*out = NULL;
	int st = net_addr_parse(address, &a, err);
	if (st == SY_OK)
		st = net_connect(&a, wait_ms, NET_CONNECT_MS, &conn, err);
	if (st != SY_OK)
		return st;
	struct tcp_port *p = xcalloc(1, sizeof *p);
	p->base.ops = &tcp_ops;
	p->conn = conn;
	*out = &p->base;
	return SY_OK;
}
