/* ID card reader frames and the card's text block: pure functions over
 * bytes (fuzzed by tests/fuzz/fuzz_idcard_frame.c). Layout and codes:
 * docs/idcard.md. */
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"
#include "drivers/idcard.h"

const uint8_t idcard_preamble[IDCARD_PREAMBLE_LEN] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};

/* ---- frames ---- */

static uint8_t xor_of(const uint8_t *p, size_t n)
{
	uint8_t x = 0;
	while (n--)
		x ^= *p++;
	return x;
}

size_t idcard_encode(enum idcard_command cmd, const uint8_t *data, size_t len, uint8_t *out, size_t size)
{
	size_t body = 2 + len + 1; /* CMD Para data checksum */
	size_t total = IDCARD_HEADER_LEN + body;
	if (total > size || total > IDCARD_FRAME_MAX || (len && !data))
		return 0;
	memcpy(out, idcard_preamble, IDCARD_PREAMBLE_LEN);
	out[5] = (uint8_t)(body >> 8);
	out[6] = (uint8_t)body;
	out[7] = (uint8_t)(cmd >> 8);
	out[8] = (uint8_t)cmd;
	if (len)
		memcpy(out + 9, data, len);
	out[total - 1] = xor_of(out + IDCARD_PREAMBLE_LEN, total - 1 - IDCARD_PREAMBLE_LEN);
	return total;
}

/* Where the first preamble starts, whole (*whole = 1) or cut off by the end
 * of the buffer (*whole = 0); len when there is none. */
static size_t find_preamble(const uint8_t *buf, size_t len, int *whole)
{
	for (size_t i = 0; i < len; i++) {
		size_t n = len - i < IDCARD_PREAMBLE_LEN ? len - i : IDCARD_PREAMBLE_LEN;
		if (memcmp(buf + i, idcard_preamble, n) == 0) {
			*whole = n == IDCARD_PREAMBLE_LEN;
			return i;
		}
	}
	*whole = 0;
	return len;
}

enum idcard_scan idcard_scan(const uint8_t *buf, size_t len, size_t *used, struct idcard_reply *out, sy_err *err)
{
	int whole;
	size_t at = find_preamble(buf, len, &whole);
	*used = at;
	if (!whole || len - at < IDCARD_HEADER_LEN)
		return IDCARD_SCAN_MORE;
	const uint8_t *f = buf + at;
	size_t body = (size_t)f[5] << 8 | f[6];
	if (body < IDCARD_REPLY_MIN || body > IDCARD_FRAME_MAX - IDCARD_HEADER_LEN) {
		/* Not a frame after all: look again one byte on. */
		*used = at + 1;
		sy_fail(err, SY_INVALID, NULL, _("a reply from the ID card reader has an impossible length (%zu bytes)"),
			body);
		return IDCARD_SCAN_BAD;
	}
	size_t total = IDCARD_HEADER_LEN + body;
	if (len - at < total)
		return IDCARD_SCAN_MORE;
	*used = at + total;
	if (xor_of(f + IDCARD_PREAMBLE_LEN, total - 1 - IDCARD_PREAMBLE_LEN) != f[total - 1]) {
		sy_fail(err, SY_INVALID, NULL, "%s",
			_("a reply from the ID card reader failed its checksum: check the cable"));
		return IDCARD_SCAN_BAD;
	}
	out->sw1 = f[7];
	out->sw2 = f[8];
	out->sw3 = f[9];
	out->data = f + 10;
	out->len = body - IDCARD_REPLY_MIN;
	return IDCARD_SCAN_FRAME;
}

const char *idcard_status_text(uint8_t sw3)
{
	switch (sw3) {
	case IDCARD_SW3_NO_CARD:
		return _("no ID card on the reader: put it on, or lift it and put it back");
	case IDCARD_SW3_SELECT_FAILED:
		return _("the reader found a card but could not select it: lift the card and put it back");
	case IDCARD_SW3_READ_FAILED:
		return _("the reader could not read the card: hold it still on the reader and try again");
	case IDCARD_SW3_CHECKSUM:
		return _("the reader received a command with a bad checksum: check the cable");
	case IDCARD_SW3_LENGTH:
		return _("the reader received a command of the wrong length: check the cable and the baud rate");
	case IDCARD_SW3_COMMAND:
		return _("the reader refused the command: is this an ID card reader?");
	case IDCARD_SW3_UNKNOWN:
		return _("the reader reports an unknown error: take the card away and try again");
	case IDCARD_SW3_CARD_AUTH:
	case IDCARD_SW3_READER_AUTH:
		return _("the card and the reader did not authenticate each other: the card may be damaged or not genuine");
	case IDCARD_SW3_VERIFY:
		return _("the card's information did not verify: the card may be damaged or not genuine");
	case IDCARD_SW3_WRONG_CARD:
		return _("this card is not a resident ID card");
	case IDCARD_SW3_RANDOM:
		return _("the card did not answer the reader: take it away and try again");
	case IDCARD_SW3_SELF_TEST:
		return _("the ID card reader failed its self-test: switch it off and on again");
	case IDCARD_SW3_UNAUTHORISED:
		return _("the ID card reader's security module is not authorised: it cannot read cards (ask its supplier)");
	default: return NULL;
	}
}

/* ---- code tables ---- */

/* GB/T 2261.1-2003 */
const struct code_label idcard_sexes[] = {
	{"0", "Unknown", "未知"},
	{"1", "Male", "男"},
	{"2", "Female", "女"},
	{"9", "Unspecified", "未说明"},
	{0},
};

const char *idcard_sex_name(const char *code)
{
	static const char *const names[] = {"unknown", "male", "female", "unspecified"};
	for (int i = 0; idcard_sexes[i].code; i++)
		if (strcmp(idcard_sexes[i].code, code) == 0)
			return names[i];
	return "";
}

/* GB 3304-1991 (romanised names) as printed on the card; 97 and 98 are the
 * codes the card uses beyond the standard's 56. */
const struct code_label idcard_ethnicities[] = {
	{"01", "Han", "汉"},         {"02", "Mongol", "蒙古"},     {"03", "Hui", "回"},
	{"04", "Zang", "藏"},        {"05", "Uygur", "维吾尔"},    {"06", "Miao", "苗"},
	{"07", "Yi", "彝"},          {"08", "Zhuang", "壮"},       {"09", "Buyei", "布依"},
	{"10", "Chosen", "朝鲜"},    {"11", "Man", "满"},          {"12", "Dong", "侗"},
	{"13", "Yao", "瑶"},         {"14", "Bai", "白"},          {"15", "Tujia", "土家"},
	{"16", "Hani", "哈尼"},      {"17", "Kazak", "哈萨克"},    {"18", "Dai", "傣"},
	{"19", "Li", "黎"},          {"20", "Lisu", "傈僳"},       {"21", "Va", "佤"},
	{"22", "She", "畲"},         {"23", "Gaoshan", "高山"},    {"24", "Lahu", "拉祜"},
	{"25", "Shui", "水"},        {"26", "Dongxiang", "东乡"},  {"27", "Naxi", "纳西"},
	{"28", "Jingpo", "景颇"},    {"29", "Kirgiz", "柯尔克孜"}, {"30", "Tu", "土"},
	{"31", "Daur", "达斡尔"},    {"32", "Mulao", "仫佬"},      {"33", "Qiang", "羌"},
	{"34", "Blang", "布朗"},     {"35", "Salar", "撒拉"},      {"36", "Maonan", "毛南"},
	{"37", "Gelao", "仡佬"},     {"38", "Xibe", "锡伯"},       {"39", "Achang", "阿昌"},
	{"40", "Pumi", "普米"},      {"41", "Tajik", "塔吉克"},    {"42", "Nu", "怒"},
	{"43", "Uzbek", "乌孜别克"}, {"44", "Russ", "俄罗斯"},     {"45", "Ewenki", "鄂温克"},
	{"46", "Deang", "德昂"},     {"47", "Bonan", "保安"},      {"48", "Yugur", "裕固"},
	{"49", "Gin", "京"},         {"50", "Tatar", "塔塔尔"},    {"51", "Derung", "独龙"},
	{"52", "Oroqen", "鄂伦春"},  {"53", "Hezhen", "赫哲"},     {"54", "Monba", "门巴"},
	{"55", "Lhoba", "珞巴"},     {"56", "Jino", "基诺"},
	{"97", "Other", "其他"},     {"98", "Foreign origin", "外国血统中国籍人士"},
	{0},
};

/* ---- the text block ---- */

/* Byte offsets and sizes of the fields in the 256-byte text block. */
enum {
	OFF_NAME = 0, LEN_NAME = 30,
	OFF_SEX = 30, LEN_SEX = 2,
	OFF_ETHNICITY = 32, LEN_ETHNICITY = 4,
	OFF_BIRTH = 36, LEN_BIRTH = 16,
	OFF_ADDRESS = 52, LEN_ADDRESS = 70,
	OFF_ID = 122, LEN_ID = 36,
	OFF_AUTHORITY = 158, LEN_AUTHORITY = 30,
	OFF_FROM = 188, LEN_FROM = 16,
	OFF_UNTIL = 204, LEN_UNTIL = 16,
	OFF_KIND = 248, /* 'J' or 'I' on cards that are not resident ID cards */
};

/* A field of UCS-2 little-endian (surrogate pairs taken as UTF-16) into
 * UTF-8, up to the first NUL, trailing blanks dropped. -1 for a control
 * character, a lone surrogate or too little room. */
static int ucs2_field(const uint8_t *p, size_t bytes, char *out, size_t size)
{
	size_t n = 0, keep = 0;
	for (size_t i = 0; i + 1 < bytes; i += 2) {
		uint32_t cp = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;
		if (cp == 0)
			break;
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < bytes) {
			uint32_t lo = (uint32_t)p[i + 2] | (uint32_t)p[i + 3] << 8;
			if (lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		} else if (cp >= 0xD800 && cp <= 0xDFFF) {
			return -1;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return -1;
		char utf8[4];
		int k = text_utf8_encode(cp, utf8);
		if (k == 0 || n + (size_t)k >= size)
			return -1;
		memcpy(out + n, utf8, (size_t)k);
		n += (size_t)k;
		if (!text_is_space(cp))
			keep = n;
	}
	out[keep] = '\0';
	return 0;
}

static int all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "YYYYMMDD" into "YYYY-MM-DD"; -1 unless it is a date. */
static int card_date(const char *in, char out[11])
{
	if (!all_digits(in, 8))
		return -1;
	int y = (in[0] - '0') * 1000 + (in[1] - '0') * 100 + (in[2] - '0') * 10 + (in[3] - '0');
	int m = (in[4] - '0') * 10 + (in[5] - '0'), d = (in[6] - '0') * 10 + (in[7] - '0');
	if (y < 1800 || !date_exists(y, m, d))
		return -1;
	snprintf(out, 11, "%.4s-%.2s-%.2s", in, in + 4, in + 6);
	return 0;
}

/* The fields of the card, for messages. */
enum card_field { F_NAME, F_SEX, F_ETHNICITY, F_BIRTH, F_ADDRESS, F_ID, F_AUTHORITY, F_FROM, F_UNTIL };
static const struct code_label field_names[] = {
	[F_NAME] = {"name", "name", "姓名"},
	[F_SEX] = {"sex", "sex", "性别"},
	[F_ETHNICITY] = {"ethnicity", "ethnicity", "民族"},
	[F_BIRTH] = {"birth", "date of birth", "出生日期"},
	[F_ADDRESS] = {"address", "address", "住址"},
	[F_ID] = {"id", "ID number", "公民身份号码"},
	[F_AUTHORITY] = {"authority", "issuing authority", "签发机关"},
	[F_FROM] = {"from", "start of validity", "有效期起始日期"},
	[F_UNTIL] = {"until", "end of validity", "有效期截止日期"},
};

static int unreadable(sy_err *err, enum card_field f)
{
	return sy_fail(err, SY_INVALID, NULL, _("the card's %s could not be read: lift the card and put it back"),
		       sy_pick(field_names[f].en, field_names[f].zh));
}

static int decode_dates(const uint8_t *text, struct idcard *out, sy_err *err)
{
	char raw[64];
	if (ucs2_field(text + OFF_BIRTH, LEN_BIRTH, raw, sizeof raw) || card_date(raw, out->birth_date))
		return unreadable(err, F_BIRTH);
	if (ucs2_field(text + OFF_FROM, LEN_FROM, raw, sizeof raw) || card_date(raw, out->valid_from))
		return unreadable(err, F_FROM);
	if (ucs2_field(text + OFF_UNTIL, LEN_UNTIL, raw, sizeof raw))
		return unreadable(err, F_UNTIL);
	if (strcmp(raw, "长期") == 0)
		out->valid_long_term = 1;
	else if (card_date(raw, out->valid_until) || strcmp(out->valid_until, out->valid_from) < 0)
		return unreadable(err, F_UNTIL);
	return SY_OK;
}

static int decode_codes(const uint8_t *text, struct idcard *out, sy_err *err)
{
	char raw[32];
	if (ucs2_field(text + OFF_SEX, LEN_SEX, raw, sizeof raw) || !code_known(idcard_sexes, raw))
		return unreadable(err, F_SEX);
	sy_strlcpy(out->sex, raw, sizeof out->sex);
	if (ucs2_field(text + OFF_ETHNICITY, LEN_ETHNICITY, raw, sizeof raw))
		return unreadable(err, F_ETHNICITY);
	/* A residence permit has no ethnicity; a resident card always has one. */
	if (out->kind == IDCARD_RESIDENT ? !code_known(idcard_ethnicities, raw) : *raw != '\0')
		return unreadable(err, F_ETHNICITY);
	sy_strlcpy(out->ethnicity, raw, sizeof out->ethnicity);
	return SY_OK;
}

static int id_number_shape(const char *id)
{
	if (strlen(id) != 18)
		return 0;
	for (int i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	return (id[17] >= '0' && id[17] <= '9') || id[17] == 'X';
}

int idcard_decode_text(const uint8_t *text, size_t len, struct idcard *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (len < IDCARD_TEXT_LEN)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the card's text is %zu bytes, not %d: lift the card and put it back"), len,
			       IDCARD_TEXT_LEN);
	if (text[OFF_KIND] == 'I' && text[OFF_KIND + 1] == 0)
		return sy_fail(err, SY_INVALID, NULL, "%s",
			       _("this is a foreign permanent resident ID card: it is not read here; type its details"));
	out->kind = text[OFF_KIND] == 'J' && text[OFF_KIND + 1] == 0 ? IDCARD_HMT_RESIDENCE : IDCARD_RESIDENT;
	if (ucs2_field(text + OFF_NAME, LEN_NAME, out->name, sizeof out->name) || !*out->name)
		return unreadable(err, F_NAME);
	int st = decode_codes(text, out, err);
	if (st == SY_OK)
		st = decode_dates(text, out, err);
	if (st != SY_OK)
		return st;
	if (ucs2_field(text + OFF_ADDRESS, LEN_ADDRESS, out->address, sizeof out->address))
		return unreadable(err, F_ADDRESS);
	if (ucs2_field(text + OFF_ID, LEN_ID, out->id_number, sizeof out->id_number) || !id_number_shape(out->id_number))
		return unreadable(err, F_ID);
	if (ucs2_field(text + OFF_AUTHORITY, LEN_AUTHORITY, out->authority, sizeof out->authority))
		return unreadable(err, F_AUTHORITY);
	return SY_OK;
}

int idcard_decode_base(const struct idcard_reply *reply, struct idcard *out, sy_err *err)
{
	memset(out, 0, sizeof *out);
	if (reply->sw3 != IDCARD_SW3_OK) {
		const char *why = idcard_status_text(reply->sw3);
		if (why)
			return sy_fail(err, SY_INVALID, NULL, "%s", why);
		return sy_fail(err, SY_INVALID, NULL, _("the ID card reader answered with status %02X"), reply->sw3);
	}
	if (reply->len < 4)
		return sy_fail(err, SY_INVALID, NULL, "%s",
			       _("the reader's answer holds no card text: lift the card and put it back"));
	size_t text_len = (size_t)reply->data[0] << 8 | reply->data[1];
	size_t photo_len = (size_t)reply->data[2] << 8 | reply->data[3];
	if (text_len < IDCARD_TEXT_LEN || 4 + text_len + photo_len > reply->len)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the reader's answer announces %zu bytes of text and %zu of photo in %zu: lift the card and put it back"),
			       text_len, photo_len, reply->len);
	/* The photo (data + 4 + text_len) is left where it is: never decoded, never copied. */
	return idcard_decode_text(reply->data + 4, text_len, out, err);
}

int idcard_expired(const struct idcard *card, const char *today)
{
	return !card->valid_long_term && *card->valid_until && strcmp(card->valid_until, today) < 0;
}
