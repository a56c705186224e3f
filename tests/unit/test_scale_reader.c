/* The scale reader over an in-process fake transport: settling, conditions,
 * silence, an unplugged port, polled requests, zero and tare. */
#include "tests/check.h"

#include <unistd.h>

#include "base/util.h"
#include "drivers/scale_drv.h"
#include "drivers/scale_proto.h"

/* A serial port that hands out a script of chunks, one per waiting read; an
 * empty chunk is a silent read; after the script: silence, or "gone". */
struct fake_port {
	struct serial_port base;
	const char *const *chunks;
	int n, next;
	int gone_at_end;
	const char *endless; /* sent on every read, without a pause, for up to 3 s */
	long endless_since;
	char written[256];
	size_t written_len;
};

static int fake_read(struct serial_port *base, uint8_t *buf, size_t size, size_t *got, int timeout_ms, sy_err *err)
{
	struct fake_port *p = (struct fake_port *)base;
	*got = 0;
	if (p->endless) {
		if (!p->endless_since)
			p->endless_since = scale_now_ms();
		if (scale_now_ms() - p->endless_since > 3000) {
			base->gone = 1;
			return sy_fail(err, SY_ENV, "port", "fake port stopped");
		}
		size_t len = strlen(p->endless) < size ? strlen(p->endless) : size;
		memcpy(buf, p->endless, len);
		*got = len;
		return SY_OK;
	}
	/* A read that may not wait sees only what is queued: nothing, here. */
	if (timeout_ms <= 0)
		return SY_OK;
	if (p->next >= p->n || !p->chunks[p->next][0])
		usleep((useconds_t)(timeout_ms < 100 ? timeout_ms : 100) * 1000); /* silence takes time */
	if (p->next >= p->n) {
		if (p->gone_at_end) {
			base->gone = 1;
			return sy_fail(err, SY_ENV, "port", "fake port went away");
		}
		return SY_OK;
	}
	const char *c = p->chunks[p->next++];
	size_t len = strlen(c);
	if (len > size)
		len = size;
	memcpy(buf, c, len);
	*got = len;
	return SY_OK;
}

static int fake_write(struct serial_port *base, const uint8_t *buf, size_t len, int timeout_ms, sy_err *err)
{
	struct fake_port *p = (struct fake_port *)base;
	(void)timeout_ms;
	(void)err;
	if (p->written_len + len < sizeof p->written) {
		memcpy(p->written + p->written_len, buf, len);
		p->written_len += len;
		p->written[p->written_len] = '\0';
	}
	return SY_OK;
}

static void fake_close(struct serial_port *base) { (void)base; }

static const struct serial_ops fake_ops = {"fake", fake_read, fake_write, fake_close};

static struct scale *open_fake(struct fake_port *port, const char *protocol, int stable)
{
	struct scale_config cfg;
	struct scale *s;
	sy_err err = {0};
	scale_config_init(&cfg);
	cfg.protocol = protocol;
	cfg.stable_count = stable;
	cfg.no_data_ms = 50;
	port->base.ops = &fake_ops;
	CHECK_INT(scale_open_transport(&cfg, &port->base, "fake0", &s, &err), SY_OK);
	return s;
}

/* One poll: 1 with a reading, 0 with nothing new, -1 on a failure (in *err when given). */
static int poll_once(struct scale *s, struct scale_reading *r, int timeout_ms, sy_err *err)
{
	sy_err local = {0};
	int got = 0;
	if (scale_poll(s, r, &got, timeout_ms, err ? err : &local) != SY_OK)
		return -1;
	return got;
}

static void test_settling(void)
{
	static const char *const chunks[] = {
		"US,GS,+0001370kg\r\n", "US,GS,+0001380kg\r\n", "ST,GS,+0001380kg\r\n", "ST,GS,+0001380kg\r\n",
		"ST,GS,+0001380kg\r\n",
	};
	struct fake_port port = {.chunks = chunks, .n = 5};
	struct scale *s = open_fake(&port, "stgs", 3);
	struct scale_reading r;
	int settled_at = 0;
	for (int i = 1; i <= 5; i++) {
		CHECK_INT(poll_once(s, &r, 10, NULL), 1);
		if (r.settled && !settled_at)
			settled_at = i;
	}
	CHECK_INT(settled_at, 5); /* the third equal stable reading */
	CHECK_INT(r.repeat, 3);
	CHECK_NEAR(r.kg, 1380.0, 1e-9);
	CHECK_STR(scale_protocol(s), "stgs");
	CHECK_STR(scale_id(s), "fake0");
	scale_close(s);
}

static void test_drain(void)
{
	/* Several frames in one read: the poll returns the latest, and stops at a settled one. */
	static const char *const chunks[] = {
		"US,GS,+0000100kg\r\nUS,GS,+0000200kg\r\nST,GS,+0000300kg\r\n",
		"ST,GS,+0000300kg\r\nST,GS,+0000300kg\r\nUS,GS,+0000900kg\r\n",
	};
	struct fake_port port = {.chunks = chunks, .n = 2};
	struct scale *s = open_fake(&port, "stgs", 3);
	struct scale_reading r;
	CHECK_INT(poll_once(s, &r, 10, NULL), 1);
	CHECK_NEAR(r.kg, 300.0, 1e-9);
	CHECK(!r.settled);
	CHECK_INT(poll_once(s, &r, 10, NULL), 1);
	CHECK(r.settled);
	CHECK_NEAR(r.kg, 300.0, 1e-9);
	CHECK_INT(poll_once(s, &r, 10, NULL), 1);
	CHECK_INT(r.state, SCALE_MOTION);
	CHECK_NEAR(r.kg, 900.0, 1e-9);
	scale_close(s);
}

static void test_conditions(void)
{
	static const char *const chunks[] = {"OL,GS,+9999999kg\r\n", "OL,GS,+9999999kg\r\n", "OL,GS,+9999998kg\r\n"};
	struct fake_port port = {.chunks = chunks, .n = 3};
	struct scale *s = open_fake(&port, "stgs", 3);
	struct scale_reading r;
	for (int i = 0; i < 3; i++)
		CHECK_INT(poll_once(s, &r, 10, NULL), 1);
	CHECK_INT(r.state, SCALE_OVERLOAD);
	CHECK_INT(r.repeat, 3); /* a condition repeats whatever number comes with it */
	CHECK(!r.settled);
	CHECK(strstr(scale_state_message(r.state), "capacity") != NULL);
	scale_close(s);
}

static void test_silence_and_garbage(void)
{
	static const char *const quiet[] = {"", "", ""};
	struct fake_port port = {.chunks = quiet, .n = 3};
	struct scale *s = open_fake(&port, "toledo", 3);
	struct scale_reading r;
	long start = scale_now_ms();
	while (scale_now_ms() - start < 120)
		CHECK_INT(poll_once(s, &r, 30, NULL), 0);
	CHECK(strstr(scale_message(s), "no data from fake0") != NULL);
	scale_close(s);

	static const char *const noise[] = {"\x7f\x7e\x11 noise", "more noise \x01"};
	struct fake_port port2 = {.chunks = noise, .n = 2};
	s = open_fake(&port2, "toledo", 3);
	start = scale_now_ms();
	while (scale_now_ms() - start < 120)
		CHECK_INT(poll_once(s, &r, 30, NULL), 0);
	CHECK(strstr(scale_message(s), "no readable weight") != NULL);
	scale_close(s);
}

/* A line that never pauses, with nothing readable in it: each poll still
 * returns at its timeout, and the message shows what the line carries. */
static void test_endless_garbage(void)
{
	struct fake_port port = {.endless = "WG001380 kg36\r\n"};
	struct scale *s = open_fake(&port, "toledo", 3);
	struct scale_reading r;
	long start = scale_now_ms();
	CHECK_INT(poll_once(s, &r, 100, NULL), 0);
	long took = scale_now_ms() - start;
	CHECK_MSG(took < 1000, "a poll returns at its timeout while garbage keeps coming");
	start = scale_now_ms();
	while (scale_now_ms() - start < 150)
		poll_once(s, &r, 30, NULL);
	CHECK(strstr(scale_message(s), "no readable weight") != NULL);
	CHECK(strstr(scale_message(s), "it sends \"WG001380 kg36\\r\\n") != NULL);
	CHECK(strstr(scale_message(s), "the toledo protocol cannot read") != NULL);
	scale_close(s);
}

static void test_gone(void)
{
	static const char *const chunks[] = {"ST,GS,+0000100kg\r\n"};
	struct fake_port port = {.chunks = chunks, .n = 1, .gone_at_end = 1};
	struct scale *s = open_fake(&port, "stgs", 1);
	struct scale_reading r;
	CHECK_INT(poll_once(s, &r, 10, NULL), 1);
	CHECK_INT(poll_once(s, &r, 10, NULL), 0);
	CHECK(scale_away(s));
	CHECK(strstr(scale_message(s), "went away") != NULL);
	/* Closed now: a fake port cannot be reopened, and that is still "gone". */
	CHECK_INT(poll_once(s, &r, 10, NULL), 0);
	CHECK(scale_away(s));
	sy_err err = {0};
	CHECK_INT(scale_zero(s, &err), SY_ENV);
	scale_close(s);
}

static void test_polled(void)
{
	static const char *const chunks[] = {"", "S D     1375 kg\r\n", "S S     1380 kg\r\n"};
	struct fake_port port = {.chunks = chunks, .n = 3};
	struct scale *s = open_fake(&port, "sics", 1);
	struct scale_reading r;
	CHECK_INT(poll_once(s, &r, 10, NULL), 0);
	CHECK_STR(port.written, "SI\r\n");
	CHECK_INT(poll_once(s, &r, 10, NULL), 1);
	CHECK_INT(r.state, SCALE_MOTION);
	CHECK_INT(poll_once(s, &r, 200, NULL), 1);
	CHECK(r.settled);
	sy_err err = {0};
	port.written_len = 0;
	CHECK_INT(scale_zero(s, &err), SY_OK);
	CHECK_STR(port.written, "Z\r\n");
	port.written_len = 0;
	CHECK_INT(scale_tare(s, &err), SY_OK);
	CHECK_STR(port.written, "T\r\n");
	scale_close(s);

	/* A continuous protocol has no zero command. */
	static const char *const cont[] = {"ST,GS,+0000100kg\r\n"};
	struct fake_port port2 = {.chunks = cont, .n = 1};
	s = open_fake(&port2, "stgs", 1);
	CHECK_INT(scale_zero(s, &err), SY_INVALID);
	CHECK(strstr(err.msg, "stgs") != NULL);
	CHECK_INT(port2.written_len, 0);
	scale_close(s);
}

static void test_auto_probe(void)
{
	/* Silent until asked: auto sends the SICS request after a second. */
	static const char *const chunks[] = {"", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
					     "S S 5 kg\r\nS S 5 kg\r\nS S 5 kg\r\n"};
	struct fake_port port = {.chunks = chunks, .n = 16};
	struct scale *s = open_fake(&port, "auto", 1);
	struct scale_reading r;
	CHECK_STR(scale_protocol(s), "auto");
	sy_err err = {0};
	CHECK_INT(scale_zero(s, &err), SY_INVALID); /* protocol not known yet */
	int got = 0;
	long start = scale_now_ms();
	while (got == 0 && scale_now_ms() - start < 3000)
		got = poll_once(s, &r, 100, NULL);
	CHECK_INT(got, 1);
	CHECK(strstr(port.written, "SI\r\n") != NULL);
	CHECK_STR(scale_protocol(s), "sics");
	scale_close(s);
}

static void test_config(void)
{
	struct scale_config cfg;
	struct scale *s;
	sy_err err = {0};
	scale_config_init(&cfg);
	CHECK_INT(cfg.baud, 9600);
	CHECK_INT(cfg.stable_count, 3);
	cfg.protocol = "modbus";
	CHECK_INT(scale_open(&cfg, &s, &err), SY_INVALID);
	CHECK(strstr(err.msg, "modbus") != NULL);
	scale_config_init(&cfg);
	cfg.baud = 9601;
	cfg.port = "/dev/null";
	CHECK_INT(scale_open(&cfg, &s, &err), SY_INVALID);
	CHECK(strstr(err.msg, "9601") != NULL);
	scale_config_init(&cfg);
	cfg.port = "/nonexistent/ttyUSB9";
	CHECK_INT(scale_open(&cfg, &s, &err), SY_ENV);
	CHECK(strstr(err.msg, "/nonexistent/ttyUSB9") != NULL);
	cfg.port = "/dev/null";
	CHECK_INT(scale_open(&cfg, &s, &err), SY_INVALID);
	CHECK(strstr(err.msg, "not a serial port") != NULL);
	CHECK_STR(scale_state_name(SCALE_NEEDS_REZERO), "needs_rezero");
	CHECK(*scale_state_label(SCALE_MOTION));
}

int main(void)
{
	test_settling();
	test_drain();
	test_conditions();
	test_silence_and_garbage();
	test_endless_garbage();
	test_gone();
	test_polled();
	test_auto_probe();
	test_config();
	return CHECK_DONE();
}
