/* A print job as an exchange with the printer, over any transport: ask for
 * status, refuse to send into an error, write the job in chunks, and wait
 * for "printing completed" where the printer reports it. */
#include "drivers/printer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"

enum { CHUNK = 4096, READ_SIZE = 512 };

void printer_timeouts_default(struct printer_timeouts *t)
{
	t->write = 10000;
	t->status = 2000;
	t->finish = 30000;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static const char *io_message(const struct printer_io *io)
{
	const char *m = io->message ? io->message(io->ctx) : NULL;
	return m && *m ? m : "?";
}

static int gone(const struct printer_io *io, sy_err *err)
{
	if (io->network) /* the connection's own words: closed, reset */
		return sy_fail(err, SY_ENV, "printer", _("%s; check the printer, then retry the job"), io_message(io));
	return sy_fail(err, SY_ENV, "printer", _("the printer was unplugged or switched off: connect it, then retry the job"));
}

static int count_byte(const uint8_t *buf, size_t len, uint8_t byte)
{
	int n = 0;
	for (size_t i = 0; i < len; i++)
		n += buf[i] == byte;
	return n;
}

/* Read one status reply: a fixed length, or up to the last ETX for ZPL.
 * Returns the bytes read (0 when the printer stayed silent). */
static size_t read_reply(const struct printer_io *io, const struct printer_lang_ops *lang, int timeout_ms,
			 uint8_t *buf, size_t size, enum printer_io_status *status)
{
	size_t len = 0;
	long deadline = now_ms() + timeout_ms;
	*status = PIO_OK;
	while (len < size) {
		size_t got = 0;
		long left = deadline - now_ms();
		if (left <= 0)
			break;
		size_t want = size - len < READ_SIZE ? size - len : READ_SIZE;
		*status = io->read(io->ctx, buf + len, want, (int)left, &got);
		len += got;
		if (*status != PIO_OK || got == 0)
			break;
		if (lang->status_reply_len ? len >= lang->status_reply_len
					   : count_byte(buf, len, 0x03) >= (lang->status_reply_parts > 0 ? lang->status_reply_parts : 1))
			break;
	}
	return len;
}

int printer_io_status(const struct printer_io *io, const struct printer_lang_ops *lang,
		      const struct printer_timeouts *t, struct printer_status *st, sy_err *err)
{
	uint8_t reply[1024];
	memset(st, 0, sizeof *st);
	if (lang && lang->status_request && lang->parse_status && io->bidirectional && io->read) {
		size_t done = 0;
		enum printer_io_status s =
			io->write(io->ctx, lang->status_request, lang->status_request_len, t->status, &done);
		if (s == PIO_GONE)
			return gone(io, err);
		if (s == PIO_OK) {
			size_t n = read_reply(io, lang, t->status, reply, sizeof reply, &s);
			if (s == PIO_GONE)
				return gone(io, err);
			if (n && lang->parse_status(reply, n, st) == 0)
				return SY_OK;
		}
		memset(st, 0, sizeof *st);
	}
	if (io->port_status) {
		uint8_t port;
		enum printer_io_status s = io->port_status(io->ctx, &port);
		if (s == PIO_GONE)
			return gone(io, err);
		if (s == PIO_OK)
			printer_port_status(port, st);
	}
	return SY_OK;
}

static int refuse(const struct printer_status *st, sy_err *err)
{
	char text[256];
	printer_status_text(st, text, sizeof text);
	return sy_fail(err, SY_ENV, "printer", "%s", text);
}

static int write_all(const struct printer_io *io, const uint8_t *data, size_t len, int timeout_ms, size_t *sent,
		     sy_err *err)
{
	*sent = 0;
	for (size_t off = 0; off < len; *sent = off) {
		size_t n = len - off < CHUNK ? len - off : CHUNK, done = 0;
		enum printer_io_status s = io->write(io->ctx, data + off, n, timeout_ms, &done);
		off += done;
		*sent = off;
		if (s == PIO_GONE)
			return gone(io, err);
		if (s == PIO_TIMEOUT)
			return sy_fail(err, SY_ENV, "printer",
				       _("the printer stopped taking data after %zu of %zu bytes: check that it is on, "
					 "loaded and not paused, then retry the job"),
				       off, len);
		if (s != PIO_OK)
			return sy_fail(err, SY_ENV, "printer", _("sending to the printer failed (%s): retry the job"),
				       io_message(io));
		if (done == 0)
			return sy_fail(err, SY_ENV, "printer", _("the printer took no data: retry the job"));
	}
	if (!io->flush)
		return SY_OK;
	size_t left = 0; /* on the network: until the printer itself has it */
	enum printer_io_status s = io->flush(io->ctx, timeout_ms, &left);
	*sent = len - (left < len ? left : len);
	if (s == PIO_GONE)
		return gone(io, err);
	if (s == PIO_TIMEOUT)
		return sy_fail(err, SY_ENV, "printer",
			       _("the printer stopped taking data after %zu of %zu bytes: check that it is on, "
				 "loaded and not paused, then retry the job"),
			       *sent, len);
	if (s != PIO_OK)
		return sy_fail(err, SY_ENV, "printer", _("sending to the printer failed (%s): retry the job"),
			       io_message(io));
	return SY_OK;
}

/* Brother: the printer reports by itself when a page is printed or fails.
 * Reads ask for a full READ_SIZE (a reply ends a transfer early as a short
 * packet); should two replies come in one read, each is looked at. */
static int wait_done(const struct printer_io *io, const struct printer_lang_ops *lang, const struct printer_timeouts *t,
		     struct printer_status *st, sy_err *err)
{
	uint8_t reply[READ_SIZE];
	size_t rec = lang->status_reply_len;
	long deadline = now_ms() + t->finish;
	while (now_ms() < deadline) {
		size_t got = 0;
		long left = deadline - now_ms();
		enum printer_io_status s = io->read(io->ctx, reply, sizeof reply, left < t->status ? (int)left : t->status, &got);
		if (s == PIO_GONE)
			return gone(io, err);
		if (s == PIO_ERROR)
			return sy_fail(err, SY_ENV, "printer",
				       _("reading the printer's status failed (%s): check the printer, then retry the job "
					 "if no label came out"),
				       io_message(io));
		for (size_t off = 0; off + rec <= got; off += rec) {
			if (lang->parse_status(reply + off, rec, st) != 0)
				continue;
			if (st->flags & PRINTER_ERRORS)
				return refuse(st, err);
			if (st->flags & PRINTER_DONE)
				return SY_OK;
		}
	}
	return sy_fail(err, SY_ENV, "printer",
		       _("the printer took the job but did not report it printed within %d s: check the printer, "
			 "then retry the job if no label came out"),
		       t->finish / 1000);
}

/* No completion report: a last look catches an error the job ran into.
 * The printer keeps the job and prints it once the error is cleared, so
 * it is held, not lost: the clerk is told to look rather than to send it
 * again. */
static int last_look(const struct printer_io *io, const struct printer_lang_ops *lang,
		     const struct printer_timeouts *t, struct printer_status *st, enum printer_outcome *outcome,
		     sy_err *err)
{
	struct printer_status after;
	if (!io->bidirectional || printer_io_status(io, lang, t, &after, NULL) != SY_OK || !after.known)
		return SY_OK;
	*st = after;
	if (!(after.flags & PRINTER_ERRORS))
		return SY_OK;
	*outcome = PRINTER_HELD;
	return sy_fail(err, SY_ENV, "printer",
		       _("the printer took the job but holds it (%s): the label comes out once that is cleared; look "
			 "before printing it again"),
		       printer_condition_short(&after));
}

int printer_io_transfer(const struct printer_io *io, const struct printer_lang_ops *lang, const uint8_t *data,
			size_t len, const struct printer_timeouts *t, struct printer_status *st,
			enum printer_outcome *outcome, sy_err *err)
{
	enum printer_outcome dummy;
	size_t sent = 0;
	if (!outcome)
		outcome = &dummy;
	*outcome = PRINTER_NOT_SENT;
	int status = write_all(io, data, len, t->write, &sent, err);
	if (status != SY_OK) {
		*outcome = sent ? PRINTER_PART_SENT : PRINTER_NOT_SENT;
		return status;
	}
	*outcome = PRINTER_TAKEN;
	if (lang && lang->reports_done && io->bidirectional && io->read) {
		status = wait_done(io, lang, t, st, err);
		if (status == SY_OK)
			*outcome = PRINTER_PRINTED;
		return status;
	}
	return last_look(io, lang, t, st, outcome, err);
}

int printer_io_send(const struct printer_io *io, const struct printer_lang_ops *lang, const uint8_t *data,
		    size_t len, const struct printer_timeouts *t, struct printer_status *st,
		    enum printer_outcome *outcome, sy_err *err)
{
	if (outcome)
		*outcome = PRINTER_NOT_SENT;
	int status = printer_io_status(io, lang, t, st, err);
	if (status != SY_OK)
		return status;
	if (st->known && (st->flags & PRINTER_ERRORS))
		return refuse(st, err);
	return printer_io_transfer(io, lang, data, len, t, st, outcome, err);
}
