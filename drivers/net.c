/* Raw TCP to devices on the network: non-blocking sockets, every wait
 * bounded by poll(), and errno turned into what to check. */
#include "drivers/net.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

/* A silent peer on a connection that carries nothing for a while (an
 * indicator between weighings) is found by keepalives: 10 s idle, then 3
 * probes 5 s apart. */
enum { KEEPALIVE_IDLE_S = 10, KEEPALIVE_INTERVAL_S = 5, KEEPALIVE_COUNT = 3 };
/* How often a drain looks at what the other end has not acknowledged. */
enum { DRAIN_LOOK_MS = 20 };

struct net_conn {
	int fd;
	int connecting;
	long give_up_ms; /* while connecting: when to stop */
	char address[NET_ADDRESS_MAX];
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int net_is_address(const char *s) { return s && strncasecmp(s, NET_SCHEME, strlen(NET_SCHEME)) == 0; }

static int bad_address(sy_err *err, const char *s)
{
	return sy_fail(err, SY_INVALID, "address",
		       _("'%s' is not a network device address: write tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100"), s);
}

int net_addr_parse(const char *s, struct net_addr *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (!net_is_address(s))
		return bad_address(err, s ? s : "");
	const char *host = s + strlen(NET_SCHEME), *end, *colon;
	if (*host == '[') { /* [IPv6]:PORT */
		end = strchr(host, ']');
		if (!end || end[1] != ':')
			return bad_address(err, s);
		host++;
		colon = end + 1;
	} else {
		colon = strrchr(host, ':');
		end = colon;
		if (!colon || memchr(host, ':', (size_t)(colon - host)))
			return bad_address(err, s);
	}
	size_t hlen = (size_t)(end - host);
	const char *port = colon + 1;
	size_t plen = strlen(port);
	if (hlen == 0 || hlen >= sizeof out->host || plen == 0 || plen > 5 || strspn(port, "0123456789") != plen)
		return bad_address(err, s);
	long p = strtol(port, NULL, 10);
	if (p < 1 || p > 65535)
		return sy_fail(err, SY_INVALID, "address", _("%s: the port must be 1 to 65535"), s);
	for (size_t i = 0; i < hlen; i++) /* names, IPv4 and IPv6 text: nothing else */
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:%", host[i]))
			return bad_address(err, s);
	memcpy(out->host, host, hlen);
	snprintf(out->port, sizeof out->port, "%ld", p);
	int n = snprintf(out->text, sizeof out->text, "%s%s%s%s:%ld", NET_SCHEME, strchr(out->host, ':') ? "[" : "",
			 out->host, strchr(out->host, ':') ? "]" : "", p);
	if (n < 0 || (size_t)n >= sizeof out->text)
		return sy_fail(err, SY_INVALID, "address",
			       _("the address %s is too long: give the device's IP address (tcp://192.168.1.50:9100)"), s);
	return SY_OK;
}

int net_fail_errno(sy_err *err, const char *address, int err_no)
{
	switch (err_no) {
	case ECONNREFUSED:
		return sy_fail(err, SY_ENV, "address",
			       _("%s refused the connection: check the port (9100 for a label printer; on a serial-device "
				 "server, the TCP port of the serial port the device is on, in TCP server mode) and that the "
				 "device is switched on"),
			       address);
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
	case EADDRNOTAVAIL:
		return sy_fail(err, SY_ENV, "address",
			       _("%s cannot be reached (%s): check the address, the network cable and that the device is "
				 "switched on"),
			       address, strerror(err_no));
	case ETIMEDOUT:
		return sy_fail(err, SY_ENV, "address",
			       _("%s does not answer: check the address, the network cable and that the device is switched on"),
			       address);
	case ECONNRESET:
	case EPIPE:
	case ECONNABORTED:
		return sy_fail(err, SY_ENV, "address",
			       _("%s closed the connection: the device was switched off or restarted, or another computer "
				 "holds its port"),
			       address);
	default:
		return sy_fail(err, SY_ENV, "address", _("%s failed (%s): check the device and the network"), address,
			       strerror(err_no));
	}
}

static int lookup_failed(sy_err *err, const struct net_addr *a, int gai)
{
	if (gai == EAI_AGAIN)
		return sy_fail(err, SY_ENV, "address",
			       _("the name %s cannot be looked up now (no name server answers): give the device's IP "
				 "address instead, e.g. tcp://192.168.1.50:%s"),
			       a->host, a->port);
	return sy_fail(err, SY_ENV, "address",
		       _("the name %s is not known: give the device's IP address (tcp://192.168.1.50:%s) or put its "
			 "name in /etc/hosts"),
		       a->host, a->port);
}

static void tune(int fd)
{
	int on = 1, idle = KEEPALIVE_IDLE_S, interval = KEEPALIVE_INTERVAL_S, count = KEEPALIVE_COUNT;
	/* Requests are a few bytes (a SICS "SI", a status query): send them now. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

static int socket_error(int fd)
{
	int e = 0;
	socklen_t len = sizeof e;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) != 0)
		return errno;
	return e;
}

#define PENDING (-1)

/* Wait at most ms for a connection under way: 0 connected, PENDING still
 * under way, or an errno. */
static int await_connect(int fd, int ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLOUT};
	int r = poll(&pfd, 1, ms > 0 ? ms : 0);
	if (r < 0)
		return errno == EINTR ? PENDING : errno;
	if (r == 0)
		return PENDING;
	return socket_error(fd);
}

/* One address: 0 with *fd connected or under way (*pending), else an errno. */
static int try_one(const struct addrinfo *ai, int wait_ms, int *fd, int *pending)
{
	int s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (s < 0)
		return errno;
	tune(s);
	int e = connect(s, ai->ai_addr, ai->ai_addrlen) == 0 ? 0 : errno;
	if (e == EINPROGRESS)
		e = await_connect(s, wait_ms);
	if (e != 0 && e != PENDING) {
		close(s);
		return e;
	}
	*fd = s;
	*pending = e == PENDING;
	return 0;
}

int net_connect(const struct net_addr *a, int wait_ms, int connect_ms, struct net_conn **out, sy_err *err)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG}, *res = NULL;
	long began = now_ms();
	*out = NULL;
	int gai = getaddrinfo(a->host, a->port, &hints, &res);
	if (gai == EAI_ADDRFAMILY || gai == EAI_NODATA || (gai == EAI_NONAME && strchr(a->host, ':'))) {
		hints.ai_flags = AI_NUMERICSERV; /* an IPv6 address on a host with only loopback IPv6 */
		gai = getaddrinfo(a->host, a->port, &hints, &res);
	}
	if (gai != 0)
		return lookup_failed(err, a, gai);
	int fd = -1, pending = 0, last = ETIMEDOUT;
	for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
		long left = began + wait_ms - now_ms();
		last = try_one(ai, left > 0 ? (int)left : 0, &fd, &pending);
	}
	freeaddrinfo(res);
	if (fd >= 0 && pending && now_ms() - began >= connect_ms) { /* waited all it may */
		close(fd);
		fd = -1;
		last = ETIMEDOUT;
	}
	if (fd < 0)
		return net_fail_errno(err, a->text, last);
	struct net_conn *c = xcalloc(1, sizeof *c);
	c->fd = fd;
	c->connecting = pending;
	c->give_up_ms = began + connect_ms;
	sy_strlcpy(c->address, a->text, sizeof c->address);
	*out = c;
	return SY_OK;
}

int net_connecting(const struct net_conn *c) { return c->connecting; }
const char *net_conn_address(const struct net_conn *c) { return c->address; }

/* Go on connecting for at most ms: NET_OK when connected, NET_TIMEOUT when
 * still under way, NET_FAILED once it failed or its time is up. */
static enum net_io finish_connect(struct net_conn *c, long deadline, sy_err *err)
{
	if (!c->connecting)
		return NET_OK;
	long until = deadline < c->give_up_ms ? deadline : c->give_up_ms;
	long left = until - now_ms();
	int e = await_connect(c->fd, left > 0 ? (int)left : 0);
	if (e == 0) {
		c->connecting = 0;
		return NET_OK;
	}
	if (e == PENDING && now_ms() < c->give_up_ms)
		return NET_TIMEOUT;
	net_fail_errno(err, c->address, e == PENDING ? ETIMEDOUT : e);
	return NET_FAILED;
}

static enum net_io broken(struct net_conn *c, int err_no, sy_err *err)
{
	net_fail_errno(err, c->address, err_no);
	return err_no == ECONNRESET || err_no == EPIPE || err_no == ECONNABORTED ? NET_CLOSED : NET_FAILED;
}

enum net_io net_read(struct net_conn *c, uint8_t *buf, size_t size, size_t *got, int timeout_ms, sy_err *err)
{
	long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	*got = 0;
	enum net_io st = finish_connect(c, deadline, err);
	if (st != NET_OK)
		return st == NET_TIMEOUT ? NET_OK : st;
	long left = deadline - now_ms();
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
	int r = poll(&pfd, 1, left > 0 ? (int)left : 0);
	if (r < 0)
		return errno == EINTR ? NET_OK : broken(c, errno, err);
	if (r == 0)
		return NET_OK;
	ssize_t n = recv(c->fd, buf, size, 0);
	if (n > 0) {
		*got = (size_t)n;
		return NET_OK;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return NET_OK;
	if (n < 0)
		return broken(c, errno, err);
	broken(c, ECONNRESET, err); /* the other end closed: same advice */
	return NET_CLOSED;
}

enum net_io net_write(struct net_conn *c, const uint8_t *buf, size_t len, size_t *done, int timeout_ms, sy_err *err)
{
	long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	size_t sent = 0, ignored;
	if (!done)
		done = &ignored;
	*done = 0;
	enum net_io st = finish_connect(c, deadline, err);
	if (st == NET_TIMEOUT)
		return NET_TIMEOUT;
	if (st != NET_OK)
		return st;
	while (sent < len) {
		ssize_t n = send(c->fd, buf + sent, len - sent, MSG_NOSIGNAL);
		if (n > 0) {
			sent += (size_t)n;
			*done = sent;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return broken(c, errno, err);
		long left = deadline - now_ms();
		if (left <= 0)
			return NET_TIMEOUT;
		struct pollfd pfd = {.fd = c->fd, .events = POLLOUT};
		if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR)
			return broken(c, errno, err);
	}
	return NET_OK;
}

enum net_io net_drain(struct net_conn *c, int timeout_ms, size_t *left, sy_err *err)
{
	long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int queued = 0;
	for (;;) {
		if (ioctl(c->fd, SIOCOUTQ, &queued) != 0)
			queued = 0; /* cannot tell: what the kernel took is all we know */
		int e = socket_error(c->fd);
		if (e)
			return broken(c, e, err);
		if (left)
			*left = queued > 0 ? (size_t)queued : 0;
		if (queued <= 0)
			return NET_OK;
		if (now_ms() >= deadline)
			return NET_TIMEOUT;
		usleep(DRAIN_LOOK_MS * 1000);
	}
}

void net_close(struct net_conn *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c);
}
