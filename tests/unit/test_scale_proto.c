/* Indicator protocol decoders fed byte vectors: whole frames, garbage,
 * partial frames, checksum errors, and auto-detection. */
#include "tests/check.h"

#include "drivers/scale_proto.h"

struct run {
	int readings;
	struct scale_reading last;
	struct scale_stream st;
};

/* Feed a stream through one protocol (NULL = auto); count readings. */
static struct run feed(const struct scale_protocol *p, const void *bytes, size_t n)
{
	struct run run = {0};
	scale_stream_init(&run.st, p);
	run.readings = scale_stream_feed(&run.st, bytes, n, &run.last);
	return run;
}

static struct run feed_text(const struct scale_protocol *p, const char *text)
{
	return feed(p, text, strlen(text));
}

/* ---- Toledo ---- */

static size_t toledo(uint8_t *out, uint8_t a, uint8_t b, const char *weight, const char *tare, int checksum)
{
	size_t n = 0;
	out[n++] = 0x02;
	out[n++] = a;
	out[n++] = b;
	out[n++] = 0x20;
	memcpy(out + n, weight, 6);
	n += 6;
	memcpy(out + n, tare, 6);
	n += 6;
	out[n++] = 0x0D;
	if (checksum) {
		unsigned sum = 0;
		for (size_t i = 0; i < n; i++)
			sum += out[i] & 0x7F;
		out[n++] = (uint8_t)(-sum & 0x7F);
	}
	return n;
}

/* A frame with checksum and a status word C of its own. */
static size_t toledo_c(uint8_t *out, uint8_t a, uint8_t b, uint8_t c, const char *weight)
{
	size_t n = toledo(out, a, b, weight, "000000", 0);
	out[3] = c;
	unsigned sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += out[i] & 0x7F;
	out[n++] = (uint8_t)(-sum & 0x7F);
	return n;
}

/* A = 0x20 | increment x1 (0x08) | decimal code; B = 0x20 | flags, 0x10 = kg. */
#define A_UNITS 0x2A
#define B_KG 0x30

static void test_toledo(void)
{
	uint8_t buf[512];
	size_t n = 0;
	struct run run;

	for (int i = 0; i < 3; i++)
		n += toledo(buf + n, A_UNITS, B_KG, "001380", "000000", 0);
	run = feed(&scale_proto_toledo, buf, n);
	/* Without a checksum a frame is known complete when the next STX comes. */
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, 1380.0, 1e-9);
	CHECK_INT(run.last.state, SCALE_STABLE);
	CHECK_INT(run.last.decimals, 0);
	CHECK_STR(run.last.protocol, "toledo");

	n = 0;
	for (int i = 0; i < 3; i++)
		n += toledo(buf + n, A_UNITS, B_KG, "001380", "000000", 1);
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 3); /* with a checksum every frame is complete at once */
	CHECK_INT(run.st.bad_frames, 0);

	/* One checksum error among good frames: dropped and counted. */
	n = toledo(buf, A_UNITS, B_KG, "001380", "000000", 1);
	size_t bad_at = n;
	n += toledo(buf + n, A_UNITS, B_KG, "001390", "000000", 1);
	buf[bad_at + 17] ^= 0x01;
	n += toledo(buf + n, A_UNITS, B_KG, "001380", "000000", 1);
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 2);
	CHECK_INT(run.st.bad_frames, 1);
	CHECK_NEAR(run.last.kg, 1380.0, 1e-9);

	/* A corrupted digit is caught by the checksum too. */
	n = toledo(buf, A_UNITS, B_KG, "001380", "000000", 1);
	buf[7] = '9';
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 1);

	/* Flags: motion, negative gross, negative net, out of range, lb. */
	static const struct {
		uint8_t a, b;
		const char *w;
		enum scale_state state;
		double kg;
	} cases[] = {
		{A_UNITS, B_KG | 0x08, "001375", SCALE_MOTION, 1375.0},
		{A_UNITS, B_KG | 0x02, "000020", SCALE_UNDER_ZERO, -20.0},
		{A_UNITS, B_KG | 0x03, "000020", SCALE_STABLE, -20.0},
		{A_UNITS, B_KG | 0x04, "999999", SCALE_OVERLOAD, 999999.0},
		{A_UNITS, B_KG | 0x06, "000000", SCALE_UNDER_ZERO, 0.0},
		{A_UNITS, 0x20, "001000", SCALE_STABLE, 453.59237}, /* C 0x20: unit code 0, pounds */
		{0x2C, B_KG, "012345", SCALE_STABLE, 123.45},  /* decimal code 4: XXXX.XX */
		{0x28, B_KG, "000138", SCALE_STABLE, 13800.0}, /* decimal code 0: XXXX00 */
		{0x29, B_KG, "000138", SCALE_STABLE, 1380.0},  /* decimal code 1: XXXXX0 */
		{0x2A, B_KG, "  1380", SCALE_STABLE, 1380.0},  /* leading blanks */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		n = toledo(buf, cases[i].a, cases[i].b, cases[i].w, "000000", 1);
		run = feed(&scale_proto_toledo, buf, n);
		CHECK_INT(run.readings, 1);
		CHECK_INT(run.last.state, cases[i].state);
		CHECK_NEAR(run.last.kg, cases[i].kg, 1e-6);
	}

	/* B bit 4 clear: the unit is in C bits 0-2. */
	static const struct {
		uint8_t a, c;
		const char *w;
		enum scale_state state;
		double kg;
		int decimals;
	} units[] = {
		{0x2C, 0x22, "001380", SCALE_STABLE, 13800.0, 0},         /* 13.80 t */
		{0x2A, 0x21, "001250", SCALE_STABLE, 1.25, 3},            /* 1250 g */
		{0x2A, 0x20, "002500", SCALE_STABLE, 1133.980925, 1},     /* 2500 lb */
		{0x2B, 0x23, "001000", SCALE_STABLE, 2.834952, 3},        /* 100.0 oz */
		{0x2B, 0x26, "000125", SCALE_STABLE, 11339.80925, 0},     /* 12.5 short tons */
		{0x2A, 0x24, "001250", SCALE_UNKNOWN_UNIT, 0.0, 0},       /* troy ounces: not read */
		{0x2A, 0x25, "001250", SCALE_UNKNOWN_UNIT, 0.0, 0},
		{0x2A, 0x27, "001250", SCALE_UNKNOWN_UNIT, 0.0, 0},
	};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		n = toledo_c(buf, units[i].a, 0x20, units[i].c, units[i].w);
		run = feed(&scale_proto_toledo, buf, n);
		CHECK_INT(run.readings, 1);
		CHECK_INT(run.last.state, units[i].state);
		CHECK_NEAR(run.last.kg, units[i].kg, 1e-6);
		CHECK_INT(run.last.decimals, units[i].decimals);
	}
	/* B bit 4 set is kg whatever C says. */
	n = toledo_c(buf, 0x2A, B_KG, 0x22, "001380");
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_NEAR(run.last.kg, 1380.0, 1e-9);
	/* B bit 6: power-up, no zero taken yet: no weight. */
	n = toledo_c(buf, 0x2A, B_KG | 0x40, 0x20, "004560");
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 1);
	CHECK_INT(run.last.state, SCALE_NEEDS_REZERO);
	CHECK(!scale_state_has_weight(run.last.state));

	/* Net with a tare. */
	n = toledo(buf, A_UNITS, B_KG | 0x01, "001180", "000200", 1);
	run = feed(&scale_proto_toledo, buf, n);
	CHECK(run.last.net && run.last.has_tare);
	CHECK_NEAR(run.last.tare_kg, 200.0, 1e-9);

	/* 7E1 read as 8N1: parity bits on top of every byte. */
	n = toledo(buf, A_UNITS, B_KG, "001380", "000000", 1);
	for (size_t i = 0; i < n; i += 2)
		buf[i] |= 0x80;
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, 1380.0, 1e-9);

	/* Garbage, then a frame cut short by a new STX, then good frames. */
	const uint8_t junk[] = {0xFF, 0x00, 0x41, 0x0D, 0x02, 0x2A, 0x30};
	memcpy(buf, junk, sizeof junk);
	n = sizeof junk;
	n += toledo(buf + n, A_UNITS, B_KG, "000500", "000000", 1);
	n += toledo(buf + n, A_UNITS, B_KG, "000500", "000000", 1);
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, 500.0, 1e-9);
	CHECK(run.st.bytes_dropped >= sizeof junk);

	/* Non-digits in the weight field are a bad frame, not a number. */
	n = toledo(buf, A_UNITS, B_KG, "00X380", "000000", 1);
	run = feed(&scale_proto_toledo, buf, n);
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 1);
}

/* ---- XK3190 ---- */

static void test_xk3190(void)
{
	/* The reference example: +123.4 */
	const uint8_t f0[] = {0x02, 0x2B, 0x30, 0x30, 0x31, 0x32, 0x33, 0x34, 0x31, 0x31, 0x45, 0x03};
	struct run run = feed(&scale_proto_xk3190, f0, sizeof f0);
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, 123.4, 1e-9);
	CHECK_INT(run.last.decimals, 1);
	CHECK_INT(run.last.state, SCALE_UNKNOWN);

	uint8_t bad[sizeof f0];
	memcpy(bad, f0, sizeof f0);
	bad[10] = '0'; /* wrong XOR */
	run = feed(&scale_proto_xk3190, bad, sizeof bad);
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 1);

	/* -50, no decimals: XOR of "-000050" "0" is 0x2D ^ 0x35 = 0x18 */
	const uint8_t neg[] = {0x02, '-', '0', '0', '0', '0', '5', '0', '0', '1', '8', 0x03};
	run = feed(&scale_proto_xk3190, neg, sizeof neg);
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, -50.0, 1e-9);
	CHECK_INT(run.last.state, SCALE_UNDER_ZERO);

	/* Split across two feeds with garbage between frames. */
	struct scale_stream st;
	struct scale_reading r;
	scale_stream_init(&st, &scale_proto_xk3190);
	CHECK_INT(scale_stream_feed(&st, f0, 5, &r), 0);
	CHECK_INT(scale_stream_feed(&st, f0 + 5, sizeof f0 - 5, &r), 1);
	CHECK_INT(scale_stream_feed(&st, (const uint8_t *)"\xff\x13zz", 4, &r), 0);
	CHECK_INT(scale_stream_feed(&st, f0, sizeof f0, &r), 1);

	/* '=' frames, A9/A12: seven characters lowest digit first, then the sign
	 * position: "=000.3000" is 3.000 (the A26 manual's example). */
	run = feed_text(&scale_proto_xk3190, "=000.3000=000.3000=000.3000");
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, 3.0, 1e-9);
	CHECK_INT(run.last.decimals, 3);
	run = feed_text(&scale_proto_xk3190, "=0.052000=0.052000=");
	CHECK_NEAR(run.last.kg, 250.0, 1e-9);
	run = feed_text(&scale_proto_xk3190, "=00.1000-=00.1000-=");
	CHECK_NEAR(run.last.kg, -1.0, 1e-9);
	CHECK_INT(run.last.state, SCALE_UNDER_ZERO);
	run = feed_text(&scale_proto_xk3190, "=52.10001=52.10001="); /* the A22: '1' is its minus sign */
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, -1.25, 1e-9);
	CHECK_INT(run.last.state, SCALE_UNDER_ZERO);
	run = feed_text(&scale_proto_xk3190, "=0A0.3000=");
	CHECK_INT(run.readings, 0);
	run = feed_text(&scale_proto_xk3190, "=0.0003000=0.0003000="); /* nine characters: not a frame */
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 2);
	run = feed_text(&scale_proto_xk3190, "=00-.3000=00-.3000="); /* a sign among the digits */
	CHECK_INT(run.readings, 0);

	/* A26, A23P format 2: the sign position first, digits in order. */
	run = feed_text(&scale_proto_xk3190_forward, "=0003.000=0003.000=");
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, 3.0, 1e-9);
	CHECK_STR(run.last.protocol, "xk3190-forward");
	run = feed_text(&scale_proto_xk3190_forward, "=-0001.00=-0001.00=");
	CHECK_NEAR(run.last.kg, -1.0, 1e-9);
	run = feed_text(&scale_proto_xk3190_forward, "=00013800\r\n=00013800\r\n");
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, 13800.0, 1e-9);
	/* The same frame read the other way round is another weight: a setting decides. */
	run = feed_text(&scale_proto_xk3190, "=00013800=00013800=");
	CHECK_NEAR(run.last.kg, 831000.0, 1e-9);

	/* A12 and A12E lines: the manual's example "WG004.139kg" with XOR 3D. */
	run = feed_text(&scale_proto_xk3190, "WG004.139kg3D\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, 4.139, 1e-9);
	CHECK_INT(run.last.decimals, 3);
	CHECK(!run.last.net);
	CHECK_INT(run.last.state, SCALE_UNKNOWN);
	run = feed_text(&scale_proto_xk3190, "WG004.139kg3E\r\n"); /* wrong XOR */
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 1);
	run = feed_text(&scale_proto_xk3190, "WG004.138kg3D\r\n"); /* a digit changed */
	CHECK_INT(run.readings, 0);
	/* No decimal point: the ninth byte is a blank. XOR of "WG024150 kg" is 0x3E. */
	run = feed_text(&scale_proto_xk3190, "WG024150 kg3E\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, 24150.0, 1e-9);
	CHECK_INT(run.last.decimals, 0);
	/* Net and negative: "WN-0012.5kg" XOR 0x20; a negative gross is under zero. */
	run = feed_text(&scale_proto_xk3190, "WN-0012.5kg20\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, -12.5, 1e-9);
	CHECK(run.last.net);
	CHECK_INT(run.last.state, SCALE_UNKNOWN);
	run = feed_text(&scale_proto_xk3190, "WG-0012.5kg29\r\n");
	CHECK_INT(run.last.state, SCALE_UNDER_ZERO);
	/* Overload and under the range: nine blanks, OL or LO, XOR 23, CR LF. */
	run = feed_text(&scale_proto_xk3190, "         OL23\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_INT(run.last.state, SCALE_OVERLOAD);
	run = feed_text(&scale_proto_xk3190, "         LO23\r\n");
	CHECK_INT(run.last.state, SCALE_UNDER_ZERO);
	run = feed_text(&scale_proto_xk3190, "         OL24\r\n");
	CHECK_INT(run.readings, 0);
	/* Cut off by the next line, then whole. */
	run = feed_text(&scale_proto_xk3190, "WG0241WG024150 kg3E\r\nWG024150 kg3E\r\n");
	CHECK_INT(run.readings, 2);
	/* Lines without a checksum are not A12 lines. */
	run = feed_text(&scale_proto_xk3190, "WG000123.5kg\r\n");
	CHECK_INT(run.readings, 0);

	/* A12+SS: lower case, no checksum; a tare line carries no weight. */
	run = feed_text(&scale_proto_xk3190, "ww02415.0kg\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, 2415.0, 1e-9);
	CHECK(!run.last.net);
	run = feed_text(&scale_proto_xk3190, "wn02265.0kg\r\n");
	CHECK_NEAR(run.last.kg, 2265.0, 1e-9);
	CHECK(run.last.net);
	run = feed_text(&scale_proto_xk3190, "wt00150.0kg\r\n");
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 0);
	run = feed_text(&scale_proto_xk3190, "ww 12.3 furlong\r\nwx02415.0kg\r\n");
	CHECK_INT(run.readings, 0);
}

/* ---- ST,GS ---- */

static void test_stgs(void)
{
	static const struct {
		const char *line;
		int readings;
		enum scale_state state;
		double kg;
		int net;
	} cases[] = {
		{"ST,GS,+0001380kg\r\n", 1, SCALE_STABLE, 1380.0, 0},
		{"US,GS,+0001375kg\r\n", 1, SCALE_MOTION, 1375.0, 0},
		{"OL,GS,+9999999kg\r\n", 1, SCALE_OVERLOAD, 0.0, 0},
		{"OL,GS,        kg\r\n", 1, SCALE_OVERLOAD, 0.0, 0},
		{"ST,NT,-0000012kg\r\n", 1, SCALE_STABLE, -12.0, 1},
		{"ST,GS,-0000012kg\r\n", 1, SCALE_UNDER_ZERO, -12.0, 0},
		{"ST GS  +13.80 kg\r\n", 1, SCALE_STABLE, 13.8, 0},
		{"ST,GS,+0001380\r\n", 1, SCALE_STABLE, 1380.0, 0},
		{"ST,GS,+0001000lb\r\n", 1, SCALE_STABLE, 453.59237, 0},
		{"ST,GS,+1.38 t\n", 1, SCALE_STABLE, 1380.0, 0},
		{"ST,GS,+0001380g\r\n", 1, SCALE_STABLE, 1.38, 0},
		{"ST,TR,+0000100kg\r\n", 0, SCALE_STABLE, 0.0, 0},
		{"ST,GS,+00$1380kg\r\n", 0, SCALE_STABLE, 0.0, 0},
		{"ST,GS,+0001380parsec\r\n", 0, SCALE_STABLE, 0.0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct run run = feed_text(&scale_proto_stgs, cases[i].line);
		CHECK_INT(run.readings, cases[i].readings);
		if (!cases[i].readings)
			continue;
		CHECK_INT(run.last.state, cases[i].state);
		CHECK_NEAR(run.last.kg, cases[i].kg, 1e-6);
		CHECK_INT(run.last.net, cases[i].net);
	}
	/* Noise, a line cut off mid-way, then whole lines. */
	struct run run = feed_text(&scale_proto_stgs, "\x01\xfe garbage ST,GS,+00013ST,GS,+0001380kg\r\nST,GS,+0001380kg\r\n");
	CHECK_INT(run.readings, 2);
	CHECK_NEAR(run.last.kg, 1380.0, 1e-9);
	CHECK_INT(run.last.decimals, 0);
	run = feed_text(&scale_proto_stgs, "ST,GS,+13.805kg\r\n");
	CHECK_INT(run.last.decimals, 3);
}

/* ---- SICS ---- */

static void test_sics(void)
{
	struct run run = feed_text(&scale_proto_sics, "S S     1380 kg\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_NEAR(run.last.kg, 1380.0, 1e-9);
	CHECK_INT(run.last.state, SCALE_STABLE);
	run = feed_text(&scale_proto_sics, "S D     1375 kg\r\n");
	CHECK_INT(run.last.state, SCALE_MOTION);
	run = feed_text(&scale_proto_sics, "S S      100.00 g\r\n");
	CHECK_NEAR(run.last.kg, 0.1, 1e-9);
	CHECK_INT(run.last.decimals, 5);
	run = feed_text(&scale_proto_sics, "S S     -2.5 kg\r\n");
	CHECK_NEAR(run.last.kg, -2.5, 1e-9);
	run = feed_text(&scale_proto_sics, "S +\r\n");
	CHECK_INT(run.last.state, SCALE_OVERLOAD);
	run = feed_text(&scale_proto_sics, "S -\r\n");
	CHECK_INT(run.last.state, SCALE_UNDER_ZERO);
	run = feed_text(&scale_proto_sics, "S I\r\nES\r\nET\r\nEL\r\nZ A\r\n");
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 0); /* busy, errors and acknowledgements are not garbage */
	run = feed_text(&scale_proto_sics, "S S 12 furlong\r\nS X 12 kg\r\nQQ\r\n");
	CHECK_INT(run.readings, 0);
	CHECK_INT(run.st.bad_frames, 3);
	run = feed_text(&scale_proto_sics, "\xff\x02S S     1380 kg\r\n");
	CHECK_INT(run.readings, 1);
	CHECK_STR(scale_proto_sics.request, "SI\r\n");
	CHECK(scale_proto_toledo.request == NULL);
}

/* ---- auto ---- */

static void test_auto(void)
{
	uint8_t buf[512];
	size_t n = 0;
	struct run run;
	for (int i = 0; i < 4; i++)
		n += toledo(buf + n, A_UNITS, B_KG, "002000", "000000", 1);
	run = feed(NULL, buf, n);
	CHECK(run.st.proto == &scale_proto_toledo);
	CHECK(run.readings >= 1);
	CHECK_NEAR(run.last.kg, 2000.0, 1e-9);

	const uint8_t f0[] = {0x02, 0x2B, 0x30, 0x30, 0x31, 0x32, 0x33, 0x34, 0x31, 0x31, 0x45, 0x03};
	n = 0;
	for (int i = 0; i < 4; i++, n += sizeof f0)
		memcpy(buf + n, f0, sizeof f0);
	run = feed(NULL, buf, n);
	CHECK(run.st.proto == &scale_proto_xk3190_auto);
	CHECK_NEAR(run.last.kg, 123.4, 1e-9);

	run = feed_text(NULL, "ST,GS,+0001380kg\r\nST,GS,+0001380kg\r\nST,GS,+0001380kg\r\n");
	CHECK(run.st.proto == &scale_proto_stgs);
	CHECK_STR(run.last.protocol, "stgs");

	run = feed_text(NULL, "S S     1380 kg\r\nS S     1380 kg\r\nS S     1380 kg\r\n");
	CHECK(run.st.proto == &scale_proto_sics);

	/* '=' frames read either way round: auto names the two settings, and reads nothing. */
	run = feed_text(NULL, "=000.3000=000.3000=000.3000=000.3000");
	CHECK(run.st.proto == NULL);
	CHECK_INT(run.readings, 0);
	CHECK(run.st.unsure == &scale_proto_xk3190_auto);
	CHECK(strstr(run.st.unsure->unsure, "xk3190-forward") != NULL);

	/* A12 lines; overload lines (alike in several protocols) are passed on
	 * without settling, and the weight lines that follow decide. */
	run = feed_text(NULL, "         OL23\r\n         OL23\r\n         OL23\r\n");
	CHECK(run.readings >= 1);
	CHECK_INT(run.last.state, SCALE_OVERLOAD);
	CHECK(run.st.proto == NULL);
	run = feed_text(NULL, "         OL23\r\n         OL23\r\nWG024150 kg3E\r\nWG024150 kg3E\r\n");
	CHECK(run.st.proto == &scale_proto_xk3190_auto);
	CHECK_NEAR(run.last.kg, 24150.0, 1e-9);
	CHECK_STR(run.last.protocol, "xk3190");
	run = feed_text(NULL, "ww02415.0kg\r\nww02415.0kg\r\nww02415.0kg\r\n");
	CHECK_STR(run.last.protocol, "xk3190");

	/* Noise alone picks nothing. */
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	run = feed(NULL, buf, sizeof buf);
	CHECK(run.st.proto == NULL);
	CHECK_INT(run.readings, 0);

	int known;
	CHECK(scale_protocol_find("xk3190", &known) == &scale_proto_xk3190 && known);
	CHECK(scale_protocol_find("xk3190-forward", &known) == &scale_proto_xk3190_forward && known);
	CHECK_STR(scale_protocol_names(), "toledo, xk3190, xk3190-forward, stgs, sics");
	CHECK(scale_protocol_find("auto", &known) == NULL && known);
	CHECK(scale_protocol_find(NULL, &known) == NULL && known);
	CHECK(scale_protocol_find("modbus", &known) == NULL && !known);
}

static void test_numbers(void)
{
	double v;
	int d;
	CHECK(scale_parse_number(" +0012.50 ", 10, &v, &d) == 0 && fabs(v - 12.5) < 1e-12 && d == 2);
	CHECK(scale_parse_number("-  3", 4, &v, &d) == 0 && v == -3.0);
	CHECK(scale_parse_number("", 0, &v, &d) != 0);
	CHECK(scale_parse_number("+", 1, &v, &d) != 0);
	CHECK(scale_parse_number("1.2.3", 5, &v, &d) != 0);
	CHECK(scale_parse_number("12 3", 4, &v, &d) != 0);
	CHECK(scale_parse_number("1234567890123", 13, &v, &d) != 0);
	CHECK_NEAR(scale_unit_kg("KG", 2), 1.0, 0);
	CHECK_NEAR(scale_unit_kg("lb", 2), 0.45359237, 1e-12);
	CHECK(scale_unit_kg("st", 2) == 0.0);
}

int main(void)
{
	test_toledo();
	test_xk3190();
	test_stgs();
	test_sics();
	test_auto();
	test_numbers();
	return CHECK_DONE();
}
