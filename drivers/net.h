/* Devices on the network by raw TCP, named "tcp://HOST:PORT": a weighbridge
 * indicator or an ID card reader behind a serial-device server (the bytes of
 * its serial line, unchanged), a label printer on port 9100.
 *
 * Nothing waits longer than its caller allows. Connecting can go on past
 * net_connect (wait_ms): the reads and writes that follow finish it, and
 * give it up connect_ms after it began, so a screen polling a scale never
 * freezes on a device that does not answer. Failures fill an sy_err:
 * SY_INVALID for an address that is not one, SY_ENV for the network or the
 * device, one line saying what to check (refused, unreachable, silent, an
 * unknown name, a connection closed by the other end). */
#ifndef SY_NET_H
#define SY_NET_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define NET_SCHEME "tcp://"
/* The longest address kept in a setting ("tcp://192.168.100.200:9100" is 26). */
#define NET_ADDRESS_MAX 64
/* How long a device has to take a connection, in ms. */
#define NET_CONNECT_MS 3000

/* True when s names a network device (starts with tcp://, any case). */
int net_is_address(const char *s);

struct net_addr {
	char host[NET_ADDRESS_MAX];
	char port[8];
	char text[NET_ADDRESS_MAX]; /* "tcp://HOST:PORT", as shown and stored */
};

/* "tcp://HOST:PORT": HOST an IPv4 address, a name, or an IPv6 address in
 * brackets; PORT 1 to 65535. SY_INVALID saying how to write one. */
int net_addr_parse(const char *s, struct net_addr *out, sy_err *err);

struct net_conn;

/* Connect, waiting at most wait_ms: a refusal, an unreachable network or
 * an unknown name fails now; a connection still under way then is
 * returned and completes (or fails) in the calls that follow, which give
 * it up connect_ms after it began ("does not answer"). */
int net_connect(const struct net_addr *a, int wait_ms, int connect_ms, struct net_conn **out, sy_err *err);

enum net_io {
	NET_OK,      /* done (a read may bring 0 bytes when nothing came in time) */
	NET_TIMEOUT, /* a write or drain did not finish in time: *done says how far */
	NET_CLOSED,  /* the other end closed the connection, or it broke: err says so */
	NET_FAILED,  /* connecting failed, or another error: err says so */
};

/* Wait at most timeout_ms (0: just look) for data. */
enum net_io net_read(struct net_conn *c, uint8_t *buf, size_t size, size_t *got, int timeout_ms, sy_err *err);
/* Write all of buf within timeout_ms; *done (may be NULL) says how much went. */
enum net_io net_write(struct net_conn *c, const uint8_t *buf, size_t len, size_t *done, int timeout_ms,
		      sy_err *err);
/* Wait at most timeout_ms until the other end has taken (acknowledged)
 * everything written; *left (may be NULL) is what it has not. */
enum net_io net_drain(struct net_conn *c, int timeout_ms, size_t *left, sy_err *err);
/* True while the connection is being made. */
int net_connecting(const struct net_conn *c);
const char *net_conn_address(const struct net_conn *c);
void net_close(struct net_conn *c);

/* The clerk's line for errno err_no on the connection to address (exposed
 * for tests): refused, unreachable, timed out, closed by the other end. */
int net_fail_errno(sy_err *err, const char *address, int err_no);

#endif
