/* A tty as a byte transport: raw mode, the configured speed and framing,
 * reads and writes bounded by poll(). */
#include "drivers/serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

struct tty_port {
	struct serial_port base;
	int fd;
	char path[256];
};

static const struct {
	int baud;
	speed_t speed;
} tty_speeds[] = {
	{1200, B1200}, {2400, B2400}, {4800, B4800}, {9600, B9600}, {19200, B19200},
	{38400, B38400}, {57600, B57600}, {115200, B115200},
};

void serial_line_default(struct serial_line *line)
{
	line->baud = 9600;
	line->parity = 'N';
	line->data_bits = 8;
	line->stop_bits = 1;
}

int serial_line_check(const struct serial_line *line, sy_err *err)
{
	int baud_ok = 0;
	for (size_t i = 0; i < sizeof tty_speeds / sizeof *tty_speeds; i++)
		baud_ok |= tty_speeds[i].baud == line->baud;
	if (!baud_ok)
		return sy_fail(err, SY_INVALID, "baud",
			       _("baud rate %d is not supported: use 1200, 2400, 4800, 9600, 19200, 38400, 57600 or 115200"),
			       line->baud);
	if (line->parity != 'N' && line->parity != 'E' && line->parity != 'O')
		return sy_fail(err, SY_INVALID, "parity", "%s", _("parity must be N, E or O"));
	if ((line->data_bits != 7 && line->data_bits != 8) || (line->stop_bits != 1 && line->stop_bits != 2))
		return sy_fail(err, SY_INVALID, "data-bits", "%s", _("data bits must be 7 or 8 and stop bits 1 or 2"));
	return SY_OK;
}

static speed_t speed_of(int baud)
{
	for (size_t i = 0; i < sizeof tty_speeds / sizeof *tty_speeds; i++)
		if (tty_speeds[i].baud == baud)
			return tty_speeds[i].speed;
	return B9600;
}

/* What an errno from open, read or write means for the clerk; SY_ENV.
 * gone (may be NULL) is set when the port went away. */
static int tty_fail(const char *path, int err_no, int *gone, sy_err *err)
{
	switch (err_no) {
	case ENOENT:
	case ENXIO:
	case ENOTDIR:
		return sy_fail(err, SY_ENV, "port",
			       _("serial port %s does not exist: check the cable and the port name (scrapyard scale list)"),
			       path);
	case EACCES:
	case EPERM:
		return sy_fail(err, SY_ENV, "port",
			       _("permission denied on %s: add your user to group dialout (usermod -aG dialout $USER) and log in again"),
			       path);
	case EBUSY:
		return sy_fail(err, SY_ENV, "port", _("serial port %s is in use by another program: close it and try again"),
			       path);
	case EIO:
	case ENODEV:
	case EBADF:
		if (gone)
			*gone = 1;
		return sy_fail(err, SY_ENV, "port",
			       _("serial port %s went away: check the cable and plug the adapter back in"), path);
	default:
		return sy_fail(err, SY_ENV, "port", _("serial port %s failed (%s): check the cable"), path,
			       strerror(err_no));
	}
}

static int set_line(int fd, const struct serial_line *line)
{
	struct termios t;
	if (tcgetattr(fd, &t) != 0)
		return -1;
	cfmakeraw(&t);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
	t.c_cflag |= CLOCAL | CREAD | (line->data_bits == 7 ? CS7 : CS8);
	if (line->parity != 'N')
		t.c_cflag |= PARENB | (line->parity == 'O' ? PARODD : 0);
	if (line->stop_bits == 2)
		t.c_cflag |= CSTOPB;
	t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	cfsetispeed(&t, speed_of(line->baud));
	cfsetospeed(&t, speed_of(line->baud));
	if (tcsetattr(fd, TCSANOW, &t) != 0)
		return -1;
	tcflush(fd, TCIFLUSH); /* whatever queued before we listened is stale */
	return 0;
}

static int tty_read(struct serial_port *base, uint8_t *buf, size_t size, size_t *got, int timeout_ms, sy_err *err)
{
	struct tty_port *p = (struct tty_port *)base;
	struct pollfd pfd = {.fd = p->fd, .events = POLLIN};
	*got = 0;
	int r = poll(&pfd, 1, timeout_ms > 0 ? timeout_ms : 0);
	if (r < 0 && errno == EINTR)
		return SY_OK;
	if (r < 0)
		return tty_fail(p->path, errno, &base->gone, err);
	if (r == 0)
		return SY_OK;
	ssize_t n = read(p->fd, buf, size);
	if (n > 0) {
		*got = (size_t)n;
		return SY_OK;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return SY_OK;
	/* Readable but nothing to read, or EIO: the other end hung up. */
	int err_no = n < 0 ? errno : EIO;
	if ((pfd.revents & (POLLHUP | POLLERR)) || n == 0)
		err_no = EIO;
	return tty_fail(p->path, err_no, &base->gone, err);
}

static int tty_write(struct serial_port *base, const uint8_t *buf, size_t len, int timeout_ms, sy_err *err)
{
	struct tty_port *p = (struct tty_port *)base;
	size_t done = 0;
	while (done < len) {
		struct pollfd pfd = {.fd = p->fd, .events = POLLOUT};
		int r = poll(&pfd, 1, timeout_ms > 0 ? timeout_ms : 1);
		if (r == 0)
			return sy_fail(err, SY_ENV, "port",
				       _("serial port %s did not take the data within %d ms: check the cable"), p->path,
				       timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		ssize_t n = r > 0 ? write(p->fd, buf + done, len - done) : -1;
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0)
			return tty_fail(p->path, errno, &base->gone, err);
		done += (size_t)n;
	}
	return SY_OK;
}

static void tty_close(struct serial_port *base)
{
	struct tty_port *p = (struct tty_port *)base;
	if (p->fd >= 0)
		close(p->fd);
	free(p);
}

static const struct serial_ops tty_ops = {
	.name = "tty",
	.read = tty_read,
	.write = tty_write,
	.close = tty_close,
};

int serial_tty_open(const char *path, const struct serial_line *line, struct serial_port **out, sy_err *err)
{
	*out = NULL;
	int st = serial_line_check(line, err);
	if (st != SY_OK)
		return st;
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return tty_fail(path, errno, NULL, err);
	if (!isatty(fd) || set_line(fd, line) != 0) {
		close(fd);
		return sy_fail(err, SY_INVALID, "port",
			       _("%s is not a serial port: give the indicator's port, e.g. /dev/ttyUSB0"), path);
	}
	struct tty_port *p = xcalloc(1, sizeof *p);
	p->base.ops = &tty_ops;
	p->fd = fd;
	sy_strlcpy(p->path, path, sizeof p->path);
	*out = &p->base;
	return SY_OK;
}
