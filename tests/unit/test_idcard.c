/* ID card reader frames and the card's text block, fed byte vectors: the
 * frames published by others (tests/devices/idcard_replays/published.frames),
 * a card's whole reply built here in the card's layout, noise, cut and broken
 * frames, and text blocks that are not a card's. */
#include "tests/check.h"

#include "base/text.h"
#include "drivers/idcard.h"

#define FRAMES_FILE "tests/devices/idcard_replays/published.frames"

/* ---- the published frames ---- */

struct published {
	char name[48];
	uint8_t bytes[64];
	size_t len;
};

static struct published frames[32];
static int n_frames;

static void load_frames(void)
{
	FILE *f = fopen(FRAMES_FILE, "r");
	char line[512];
	CHECK_MSG(f != NULL, "the published frames are there");
	if (!f)
		return;
	while (fgets(line, sizeof line, f) && n_frames < 32) {
		char name[48], hex[160];
		if (line[0] == '#' || sscanf(line, "%47s %159s", name, hex) != 2)
			continue;
		struct published *p = &frames[n_frames++];
		snprintf(p->name, sizeof p->name, "%s", name);
		for (size_t i = 0; hex[2 * i] && hex[2 * i + 1] && i < sizeof p->bytes; i++) {
			unsigned v;
			sscanf(hex + 2 * i, "%2x", &v);
			p->bytes[p->len++] = (uint8_t)v;
		}
	}
	fclose(f);
}

static const struct published *frame_named(const char *name)
{
	for (int i = 0; i < n_frames; i++)
		if (strcmp(frames[i].name, name) == 0)
			return &frames[i];
	printf("# no published frame %s\n", name);
	return NULL;
}

static void check_command(const char *name, enum idcard_command cmd)
{
	const struct published *p = frame_named(name);
	uint8_t out[16];
	size_t n = idcard_encode(cmd, NULL, 0, out, sizeof out);
	char what[80];
	snprintf(what, sizeof what, "%s is built byte for byte", name);
	CHECK_MSG(p && n == p->len && memcmp(out, p->bytes, n) == 0, what);
}

/* Scan a published reply: one whole frame with this SW3 and data length. */
static void check_reply(const char *name, uint8_t sw3, size_t data_len)
{
	const struct published *p = frame_named(name);
	struct idcard_reply r;
	size_t used = 0;
	char what[80];
	snprintf(what, sizeof what, "%s: a frame, SW3 %02X, %zu bytes of data", name, sw3, data_len);
	CHECK_MSG(p && idcard_scan(p->bytes, p->len, &used, &r, NULL) == IDCARD_SCAN_FRAME && used == p->len &&
			  r.sw1 == 0 && r.sw2 == 0 && r.sw3 == sw3 && r.len == data_len,
		  what);
}

static void test_published(void)
{
	load_frames();
	check_command("find-command", IDCARD_FIND);
	check_command("select-command", IDCARD_SELECT);
	check_command("read-base-command", IDCARD_READ_BASE);
	check_command("sam-status-command", IDCARD_SAM_STATUS);
	check_reply("find-found", IDCARD_SW3_FOUND, 4);
	check_reply("find-no-card", IDCARD_SW3_NO_CARD, 0);
	check_reply("select-ok", IDCARD_SW3_OK, 8);
	check_reply("select-no-card", IDCARD_SW3_SELECT_FAILED, 0);
	check_reply("read-failed", IDCARD_SW3_READ_FAILED, 0);
	check_reply("read-card-not-authenticated", IDCARD_SW3_READER_AUTH, 0);

	/* The start of a card's reply: length 0x0508, so more is to come. */
	const struct published *p = frame_named("read-base-start");
	struct idcard_reply r;
	size_t used = 99;
	CHECK(p && idcard_scan(p->bytes, p->len, &used, &r, NULL) == IDCARD_SCAN_MORE);
	CHECK_INT(used, 0);
}

/* ---- a card's reply, built in the card's layout ---- */

static void ucs2(uint8_t *p, size_t size, const char *utf8)
{
	size_t n = 0;
	for (const char *s = utf8; *s && n + 2 <= size;) {
		uint32_t cp;
		int k = text_utf8_decode(s, &cp);
		p[n++] = (uint8_t)cp;
		p[n++] = (uint8_t)(cp >> 8);
		s += k;
	}
	for (; n + 2 <= size; n += 2)
		p[n] = ' ', p[n + 1] = 0;
}

struct card_text {
	const char *name, *sex, *ethnicity, *birth, *address, *id, *authority, *from, *until;
};

static const struct card_text zhang = {"张三", "1", "01", "19491231", "北京市东城区景山前街4号",
				       "11010519491231002X", "北京市公安局东城分局", "20160501", "20360501"};

static void build_text(uint8_t text[256], const struct card_text *c)
{
	ucs2(text, 30, c->name);
	ucs2(text + 30, 2, c->sex);
	ucs2(text + 32, 4, c->ethnicity);
	ucs2(text + 36, 16, c->birth);
	ucs2(text + 52, 70, c->address);
	ucs2(text + 122, 36, c->id);
	ucs2(text + 158, 30, c->authority);
	ucs2(text + 188, 16, c->from);
	ucs2(text + 204, 16, c->until);
	ucs2(text + 220, 36, "");
}

/* The whole reply to read base information: header, lengths, text, photo, checksum. */
static size_t build_reply(uint8_t *out, const uint8_t text[256])
{
	size_t body = 3 + 4 + 256 + 1024 + 1, n = 0;
	memcpy(out, idcard_preamble, 5);
	out[5] = (uint8_t)(body >> 8), out[6] = (uint8_t)body;
	out[7] = 0, out[8] = 0, out[9] = 0x90;
	out[10] = 0x01, out[11] = 0x00, out[12] = 0x04, out[13] = 0x00;
	memcpy(out + 14, text, 256);
	for (size_t i = 0; i < 1024; i++)
		out[270 + i] = (uint8_t)(i * 37 + 11);
	memcpy(out + 270 + 500, idcard_preamble, 5); /* the photo may hold anything */
	n = 7 + body;
	uint8_t x = 0;
	for (size_t i = 5; i < n - 1; i++)
		x ^= out[i];
	out[n - 1] = x;
	return n;
}

static void test_card_reply(void)
{
	uint8_t text[256], buf[2 * IDCARD_FRAME_MAX];
	struct idcard_reply r;
	struct idcard card;
	size_t used;
	sy_err err = {0};
	build_text(text, &zhang);
	size_t n = build_reply(buf, text);
	CHECK_INT(n, 1295);
	const struct published *start = frame_named("read-base-start");
	CHECK_MSG(start && memcmp(buf, start->bytes, start->len) == 0, "our card reply starts as the published one");
	CHECK(idcard_scan(buf, n, &used, &r, NULL) == IDCARD_SCAN_FRAME);
	CHECK_INT(used, 1295);
	CHECK_INT(idcard_decode_base(&r, &card, &err), SY_OK);
	CHECK_STR(card.name, "张三");
	CHECK_STR(card.sex, "1");
	CHECK_STR(card.ethnicity, "01");
	CHECK_STR(card.birth_date, "1949-12-31");
	CHECK_STR(card.address, "北京市东城区景山前街4号");
	CHECK_STR(card.id_number, "11010519491231002X");
	CHECK_STR(card.authority, "北京市公安局东城分局");
	CHECK_STR(card.valid_from, "2016-05-01");
	CHECK_STR(card.valid_until, "2036-05-01");
	CHECK(!card.valid_long_term);
	CHECK(card.kind == IDCARD_RESIDENT);

	/* Byte by byte, as a slow line brings it: one frame, at the end. */
	uint8_t acc[2 * IDCARD_FRAME_MAX];
	size_t have = 0, frames_seen = 0, at_byte = 0;
	for (size_t i = 0; i < n; i++) {
		acc[have++] = buf[i];
		enum idcard_scan sc = idcard_scan(acc, have, &used, &r, NULL);
		if (sc == IDCARD_SCAN_FRAME)
			frames_seen++, at_byte = i + 1;
		memmove(acc, acc + used, have - used);
		have -= used;
	}
	CHECK_INT(frames_seen, 1);
	CHECK_INT(at_byte, 1295);

	/* The text and photo lengths must fit the frame. */
	buf[11] = 0x80; /* text length 0x0180 */
	r.data = buf + 10;
	r.len = 1288 - 4;
	r.sw3 = 0x90;
	CHECK_INT(idcard_decode_base(&r, &card, &err), SY_INVALID);
	CHECK(strstr(err.msg, "announces") != NULL);
	buf[10] = 0x00, buf[11] = 0xF0; /* 240 bytes: less than a card's text */
	CHECK_INT(idcard_decode_base(&r, &card, NULL), SY_INVALID);
	r.sw3 = IDCARD_SW3_READ_FAILED;
	CHECK_INT(idcard_decode_base(&r, &card, &err), SY_INVALID);
	CHECK(strstr(err.msg, "could not read the card") != NULL);
}

/* ---- noise, cut and broken frames ---- */

static void test_noise(void)
{
	const struct published *found = frame_named("find-found");
	uint8_t buf[128];
	struct idcard_reply r;
	size_t used;
	sy_err err = {0};
	if (!found)
		return;
	/* Noise, then the frame. */
	memcpy(buf, "\x13\xFE\xAA\xAA\x96\x00", 6);
	memcpy(buf + 6, found->bytes, found->len);
	CHECK(idcard_scan(buf, 6 + found->len, &used, &r, NULL) == IDCARD_SCAN_FRAME);
	CHECK_INT(used, 6 + found->len);
	CHECK_INT(r.sw3, 0x9F);
	/* Noise alone is all dropped; a preamble cut by the end is kept. */
	CHECK(idcard_scan(buf, 2, &used, &r, NULL) == IDCARD_SCAN_MORE);
	CHECK_INT(used, 2);
	memcpy(buf, "\x41\x42\xAA\xAA\xAA\x96", 6);
	CHECK(idcard_scan(buf, 6, &used, &r, NULL) == IDCARD_SCAN_MORE);
	CHECK_INT(used, 2);
	/* A whole header but not the rest. */
	CHECK(idcard_scan(found->bytes, found->len - 1, &used, &r, NULL) == IDCARD_SCAN_MORE);
	CHECK_INT(used, 0);

	/* A wrong checksum: the frame is dropped whole, the next one read. */
	memcpy(buf, found->bytes, found->len);
	buf[found->len - 1] ^= 0x01;
	memcpy(buf + found->len, found->bytes, found->len);
	CHECK(idcard_scan(buf, 2 * found->len, &used, &r, &err) == IDCARD_SCAN_BAD);
	CHECK_INT(used, found->len);
	CHECK(strstr(err.msg, "checksum") != NULL);
	CHECK(idcard_scan(buf + used, found->len, &used, &r, NULL) == IDCARD_SCAN_FRAME);

	/* Impossible lengths: not a frame, look again one byte on. */
	memcpy(buf, idcard_preamble, 5);
	buf[5] = 0x00, buf[6] = 0x02;
	CHECK(idcard_scan(buf, 7, &used, &r, &err) == IDCARD_SCAN_BAD);
	CHECK_INT(used, 1);
	CHECK(strstr(err.msg, "impossible length") != NULL);
	buf[5] = 0xF0, buf[6] = 0x00;
	CHECK(idcard_scan(buf, 7, &used, &r, NULL) == IDCARD_SCAN_BAD);
	CHECK_INT(used, 1);

	/* Encoding refuses what does not fit. */
	uint8_t small[9];
	CHECK_INT(idcard_encode(IDCARD_FIND, NULL, 0, small, sizeof small), 0);
}

/* ---- text blocks ---- */

static int decode(const struct card_text *c, char kind, struct idcard *card, sy_err *err)
{
	uint8_t text[256];
	build_text(text, c);
	if (kind)
		text[248] = (uint8_t)kind, text[249] = 0;
	return idcard_decode_text(text, sizeof text, card, err);
}

static void test_text(void)
{
	struct idcard card;
	sy_err err = {0};
	struct card_text c = zhang;

	c.until = "长期";
	CHECK_INT(decode(&c, 0, &card, &err), SY_OK);
	CHECK(card.valid_long_term);
	CHECK_STR(card.valid_until, "");
	CHECK(!idcard_expired(&card, "2099-01-01"));

	/* A residence permit for Hong Kong, Macao and Taiwan residents: no ethnicity. */
	c = zhang;
	c.ethnicity = "";
	c.id = "810000199408230021";
	CHECK_INT(decode(&c, 'J', &card, &err), SY_OK);
	CHECK(card.kind == IDCARD_HMT_RESIDENCE);
	CHECK_STR(card.ethnicity, "");
	CHECK_INT(decode(&c, 0, &card, &err), SY_INVALID); /* a resident card must have one */
	CHECK(strstr(err.msg, "ethnicity") != NULL);

	/* A foreigner's card has another layout: refused, not misread. */
	CHECK_INT(decode(&zhang, 'I', &card, &err), SY_INVALID);
	CHECK(strstr(err.msg, "foreign permanent resident") != NULL);

	struct {
		const char *what;
		struct card_text c;
	} bad[] = {
		{"sex", zhang}, {"ethnicity", zhang}, {"date of birth", zhang}, {"end of validity", zhang},
		{"end of validity", zhang}, {"ID number", zhang}, {"name", zhang}, {"start of validity", zhang},
	};
	bad[0].c.sex = "3";
	bad[1].c.ethnicity = "57";
	bad[2].c.birth = "19490230";
	bad[3].c.until = "20360500";
	bad[4].c.until = "20100101"; /* before its start */
	bad[5].c.id = "1101051949123100ZX";
	bad[6].c.name = "";
	bad[7].c.from = "2016 501";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char what[80];
		snprintf(what, sizeof what, "a card with a bad %s is refused, naming it", bad[i].what);
		CHECK_MSG(decode(&bad[i].c, 0, &card, &err) == SY_INVALID && strstr(err.msg, bad[i].what), what);
	}

	/* Control characters and lone surrogates are not text. */
	uint8_t text[256];
	build_text(text, &zhang);
	text[2] = 0x07, text[3] = 0x00;
	CHECK_INT(idcard_decode_text(text, sizeof text, &card, &err), SY_INVALID);
	build_text(text, &zhang);
	text[2] = 0x00, text[3] = 0xD8;
	CHECK_INT(idcard_decode_text(text, sizeof text, &card, &err), SY_INVALID);
	CHECK_INT(idcard_decode_text(text, 255, &card, &err), SY_INVALID);

	/* Expiry: the last valid day is still valid. */
	CHECK_INT(decode(&zhang, 0, &card, &err), SY_OK);
	CHECK(!idcard_expired(&card, "2036-05-01"));
	CHECK(idcard_expired(&card, "2036-05-02"));
}

static void test_tables(void)
{
	int n = 0, ascending = 1;
	for (const struct code_label *c = idcard_ethnicities; c->code; c++, n++)
		if (n && strcmp(c[-1].code, c->code) >= 0)
			ascending = 0;
	CHECK_INT(n, 58);
	CHECK(ascending);
	CHECK_STR(idcard_ethnicities[45].zh, "德昂");
	CHECK_STR(idcard_ethnicities[35].zh, "毛南");
	CHECK_STR(idcard_sex_name("2"), "female");
	CHECK_STR(idcard_sex_name("9"), "unspecified");
	CHECK(idcard_status_text(IDCARD_SW3_NO_CARD) && strstr(idcard_status_text(IDCARD_SW3_NO_CARD), "no ID card"));
	CHECK(idcard_status_text(0x91) == NULL);
}

int main(void)
{
	test_published();
	test_card_reply();
	test_noise();
	test_text();
	test_tables();
	return CHECK_DONE();
}
