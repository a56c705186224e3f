/* Text hygiene for clerk input: decoding, trimming, identifier folding,
 * field checks and terminal widths. */
#include "tests/check.h"

#include "base/mask.h"
#include "base/text.h"

/* A test name shows control characters as '?' to keep one line per check. */
static const char *shown(const char *s)
{
	static char buf[128];
	size_t i;

	for (i = 0; s[i] && i < sizeof buf - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

static void check_normalize(const char *in, const char *want, int line)
{
	char out[64];
	char name[160];
	int rc = text_normalize_id(in, out, sizeof out);

	snprintf(name, sizeof name, "normalize \"%s\"", shown(in));
	check_report(rc == 0 && strcmp(out, want) == 0, __FILE__, line, name, out);
}
#define NORMALIZE(in, want) check_normalize((in), (want), __LINE__)

static void check_trim(const char *in, const char *want, int line)
{
	char buf[64];
	char name[160];

	snprintf(buf, sizeof buf, "%s", in);
	int len = text_trim(buf);
	snprintf(name, sizeof name, "trim \"%s\"", shown(in));
	check_report(strcmp(buf, want) == 0 && len == (int)strlen(want), __FILE__, line, name, buf);
}
#define TRIM(in, want) check_trim((in), (want), __LINE__)

/* A refused field: status, field name and a message naming the reason. */
static void check_refused(const char *in, size_t max, const char *fragment, int line)
{
	sy_err err;
	char name[160];
	int st = text_check_field(in, max, &err, "note");

	snprintf(name, sizeof name, "field refused, message has \"%s\"", fragment);
	check_report(st == SY_INVALID && err.status == SY_INVALID && strcmp(err.field, "note") == 0 &&
			     strstr(err.msg, fragment) != NULL,
		     __FILE__, line, name, st ? err.msg : "accepted");
}
#define REFUSED(in, max, fragment) check_refused((in), (max), (fragment), __LINE__)

static void test_decode(void)
{
	uint32_t cp;
	char enc[4];

	CHECK_INT(text_utf8_decode("A", &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(text_utf8_decode("\xE4\xBA\xAC", &cp), 3); /* 京 */
	CHECK_INT(cp, 0x4EAC);
	CHECK_INT(text_utf8_decode("\xF0\x9F\x98\x80", &cp), 4); /* emoji */
	CHECK_INT(cp, 0x1F600);
	CHECK_INT(text_utf8_decode("", &cp), 0);
	CHECK_INT(text_utf8_decode("\xC0\xAF", &cp), -1);         /* overlong '/' */
	CHECK_INT(text_utf8_decode("\xE0\x80\xAF", &cp), -1);     /* overlong, 3 bytes */
	CHECK_INT(text_utf8_decode("\xED\xA0\x80", &cp), -1);     /* surrogate */
	CHECK_INT(text_utf8_decode("\xF4\x90\x80\x80", &cp), -1); /* above U+10FFFF */
	CHECK_INT(text_utf8_decode("\xE4\xBA", &cp), -1);         /* truncated at the NUL */
	CHECK_INT(text_utf8_decode("\x80", &cp), -1);             /* lone continuation */
	CHECK_INT(text_utf8_encode(0x7CA4, enc), 3);               /* 粤 */
	CHECK(memcmp(enc, "\xE7\xB2\xA4", 3) == 0);
	CHECK_INT(text_utf8_encode(0xD800, enc), 0);
	CHECK_INT(text_utf8_encode(0x10FFFF, enc), 4);

	CHECK_INT(text_utf8_len(""), 0);
	CHECK_INT(text_utf8_len("京A12345"), 7);
	CHECK_INT(text_utf8_len("a\xFF" "b"), 3);
	CHECK_INT(text_utf8_len("粤B·12345"), 8);
}

static void test_trim(void)
{
	TRIM("  abc \t\n", "abc");
	TRIM("\xE3\x80\x80京A\xE3\x80\x80", "京A"); /* U+3000 on both sides */
	TRIM("\xC2\xA0x\xC2\xA0", "x");            /* no-break spaces */
	TRIM("a b", "a b");
	TRIM("   ", "");
	TRIM("", "");
	TRIM("\xA0x", "\xA0x"); /* a stray byte 0xA0 is not a no-break space */
}

static void test_normalize(void)
{
	char out[8];

	NORMALIZE(" lsvau218xn2183294 ", "LSVAU218XN2183294");
	NORMALIZE("ｌｓｖ", "LSV");
	NORMALIZE("１２３", "123");
	NORMALIZE("\xE3\x80\x80京ａ１２３４５\xE3\x80\x80", "京A12345");
	NORMALIZE("ａ\xE3\x80\x80ｂ", "A B"); /* inner ideographic space becomes a space */
	NORMALIZE("粤b·12345", "粤B·12345");  /* other characters stay */
	NORMALIZE("é", "é");                  /* only ASCII letters change case */
	NORMALIZE("Ｘ－１", "X-1");
	NORMALIZE("", "");

	CHECK_INT(text_normalize_id("ABCDEFG", out, sizeof out), 0); /* 7 + NUL fits exactly */
	CHECK_STR(out, "ABCDEFG");
	CHECK_INT(text_normalize_id("ABCDEFGH", out, sizeof out), -1);
	CHECK_STR(out, "");
	CHECK_INT(text_normalize_id("AB\xFF", out, sizeof out), -1);
	CHECK_INT(text_normalize_id("京京京", out, sizeof out), -1); /* 9 bytes */
}

static void test_check_field(void)
{
	sy_err err;

	CHECK_INT(text_check_field("张三 Zhang San", 64, &err, "owner_name"), SY_OK);
	CHECK_INT(err.status, SY_OK);
	CHECK_INT(text_check_field(NULL, 8, &err, "x"), SY_OK);
	CHECK_INT(text_check_field("一二三四五六七八", 8, &err, "x"), SY_OK); /* 8 characters, 24 bytes */
	CHECK_INT(text_check_field("long enough to pass any limit", 0, &err, "x"), SY_OK);
	CHECK_INT(text_check_field("\xE2\x80\x8E", 8, &err, "x"), SY_OK); /* LRM is not an override */

	REFUSED("一二三四五六七八九", 8, "has 9 characters; at most 8");
	REFUSED("a\tb", 0, "control character (U+0009)");
	REFUSED("line\n", 0, "U+000A");
	REFUSED("del\x7F", 0, "U+007F");
	REFUSED("c1\xC2\x85", 0, "U+0085");
	REFUSED("\xE2\x80\xA8", 0, "U+2028");
	REFUSED("abc\xE2\x80\xAE" "def", 0, "text direction control (U+202E)");
	REFUSED("\xE2\x81\xA6x", 0, "U+2066");
	REFUSED("ok\xFFno", 0, "not valid UTF-8 at character 3");
	REFUSED("\xC0\xAF", 0, "not valid UTF-8");
	REFUSED("x\xE2\x81\xA9", 0, "Character 2 is");
	CHECK_INT(text_check_field("\x01", 0, NULL, "x"), SY_INVALID); /* err may be NULL */
}

static void test_width(void)
{
	CHECK_INT(text_display_width(""), 0);
	CHECK_INT(text_display_width("abc"), 3);
	CHECK_INT(text_display_width("京A12345"), 8);
	CHECK_INT(text_display_width("한글"), 4);
	CHECK_INT(text_display_width("ＡＢ"), 4);
	CHECK_INT(text_display_width("e\xCC\x81"), 1);       /* e + combining acute */
	CHECK_INT(text_display_width("\xF0\x9F\x98\x80"), 2); /* emoji */
	CHECK_INT(text_display_width("a\xFF"), 2);           /* invalid byte: one cell */
	CHECK_INT(text_display_width("\xE3\x80\x80"), 2);    /* ideographic space */
	CHECK_INT(text_display_width("a\xE2\x80\x8B" "b"), 2); /* zero-width space */
	CHECK_INT(text_display_width("𠀀"), 2);              /* CJK extension B */
	CHECK_INT(text_display_width("·"), 1);
	CHECK_INT(text_cp_width(0x303F), 1); /* half-fill space, just past a wide block */
	CHECK_INT(text_cp_width(0x302A), 0); /* tone mark inside a wide block */
	CHECK_INT(text_cp_width(0x1B), 0);
}

static void test_fts_phrase(void)
{
	char out[16];
	text_fts_phrase("LSV", out, sizeof out);
	CHECK_STR(out, "\"LSV\"");
	text_fts_phrase("A\"B", out, sizeof out);
	CHECK_STR(out, "\"A\"\"B\"");
	text_fts_phrase("0123456789ABCDEFGH", out, sizeof out);
	CHECK_INT((int)strlen(out), 14); /* cut, still quoted and terminated */
	CHECK(out[0] == '"' && out[13] == '"');
}

static void test_number_prefixes(void)
{
	char p[8][TEXT_NUMBER_PREFIX_SIZE];
	/* From the letter: the fragment itself. */
	CHECK_INT(text_number_prefixes("V2026-00", 'V', 2000, 2027, p, 8), 1);
	CHECK_STR(p[0], "V2026-00");
	CHECK_INT(text_number_prefixes("P20", 'P', 2000, 2027, p, 8), 1);
	CHECK_STR(p[0], "P20");
	CHECK_INT(text_number_prefixes("P2026-0000001", 'P', 2000, 2027, p, 8), 1);
	/* Across the dash: every year ending so, newest first. */
	CHECK_INT(text_number_prefixes("26-0001", 'V', 2000, 2027, p, 8), 1);
	CHECK_STR(p[0], "V2026-0001");
	CHECK_INT(text_number_prefixes("6-12", 'P', 2000, 2027, p, 8), 3);
	CHECK_STR(p[0], "P2026-12");
	CHECK_STR(p[1], "P2016-12");
	CHECK_STR(p[2], "P2006-12");
	CHECK_INT(text_number_prefixes("2024-", 'V', 2000, 2027, p, 8), 1);
	CHECK_STR(p[0], "V2024-");
	CHECK_INT(text_number_prefixes("0-5", 'V', 2000, 2027, p, 2), 2); /* at most MAX */
	CHECK_STR(p[0], "V2020-5");
	/* Not shaped like a number: left to the trigram index. */
	CHECK_INT(text_number_prefixes("000123", 'V', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("LSVAU", 'V', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("A03-12", 'P', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("P2026-12A", 'P', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("12345-1", 'V', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("V", 'V', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("-12", 'V', 2000, 2027, p, 8), 0);
	CHECK_INT(text_number_prefixes("35-1", 'V', 2000, 2027, p, 8), 0); /* no such year */
}

static void test_date(void)
{
	char out[11];
	static const char *const same[] = {"2015-03-10", "20150310", "2015/3/10", "2015.03.10", " 2015-3-10 ",
					   "２０１５０３１０", "2015年3月10日", "2015年03月10", NULL};
	for (int i = 0; same[i]; i++) {
		strcpy(out, "?");
		CHECK_INT(text_date(same[i], out), 0);
		CHECK_STR(out, "2015-03-10");
	}
	CHECK_INT(text_date("20160229", out), 0);
	CHECK_STR(out, "2016-02-29");
	CHECK_INT(text_date("20150229", out), TEXT_DATE_UNREAL);
	CHECK_INT(text_date("2015-13-01", out), TEXT_DATE_UNREAL);
	CHECK_INT(text_date("18991231", out), TEXT_DATE_UNREAL);
	CHECK_INT(text_date("2015031", out), TEXT_DATE_SHAPE);
	CHECK_INT(text_date("201503100", out), TEXT_DATE_SHAPE);
	CHECK_INT(text_date("2015-03", out), TEXT_DATE_SHAPE);
	CHECK_INT(text_date("10/03/2015", out), TEXT_DATE_SHAPE);
	CHECK_INT(text_date("", out), TEXT_DATE_SHAPE);
	CHECK_INT(text_date(NULL, out), TEXT_DATE_SHAPE);
}

/* Bytes as a test name can show them: printable ASCII as is, others <xx>. */
static void hex_shown(const char *s, size_t n, char *buf, size_t size)
{
	size_t g = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && g + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		g += (size_t)(c < 0x20 || c >= 0x7f ? snprintf(buf + g, 5, "<%02x>", c) : snprintf(buf + g, 2, "%c", c));
	}
}

/* The terminal filter over bytes written in pieces, split at each '|'. */
static void check_safe(int json, const char *in, const char *want, int line)
{
	struct text_safe st = {.json = json};
	char out[512], piece[128], got[512], shown_in[256], name[600];
	size_t n = 0;
	for (const char *p = in;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		memcpy(piece, p, len);
		n += text_safe_filter(&st, piece, len, out + n);
		if (!bar)
			break;
		p = bar + 1;
	}
	n += text_safe_flush(&st, out + n);
	hex_shown(out, n, got, sizeof got);
	hex_shown(in, strlen(in), shown_in, sizeof shown_in);
	snprintf(name, sizeof name, "safe%s \"%s\" -> \"%s\"", json ? " json" : "", shown_in, want);
	check_report(strcmp(got, want) == 0, __FILE__, line, name, got);
}
#define SAFE(in, want) check_safe(0, (in), (want), __LINE__)
#define SAFE_JSON(in, want) check_safe(1, (in), (want), __LINE__)

static void test_safe(void)
{
	SAFE("a\x1b[31mb\tc\n", "a?[31mb<09>c<0a>");
	SAFE("x\xc2\x9b" "1m", "x?1m");			/* C1 CSI */
	SAFE("x\xe2\x80\xae" "y", "x?y");		/* right-to-left override */
	SAFE("x\xe2|\x80|\xa8y", "x?y");		/* line separator in three writes */
	SAFE("\xe4\xb8\xad", "<e4><b8><ad>");		/* a Chinese character passes */
	/* An interrupted lead, then a whole control right after it: the
	 * control is seen, not swallowed into the broken sequence. */
	SAFE("\xe2\x80\xe2\x80\xa8", "<e2><80>?");
	SAFE("\xe2\x80|\xe2\x80\xa8", "<e2><80>?");
	SAFE("\xc2\xe2\x80\xae", "<c2>?");
	/* A character cut off at the end is no character: what comes next
	 * (another write of the program) cannot complete it into a control. */
	SAFE("ab\xc2", "ab?");
	SAFE("ab\xe2\x80", "ab??");
	SAFE_JSON("{\"a\":\"\x1b\xc2\x85\xe2\x81\xa6\"}", "{\"a\":\"\\u001b\\u0085\\u2066\"}");
}

/* The masks lists and labels show instead of ID numbers and phones. */
static void test_mask(void)
{
	char out[64];
	mask_id("11010519491231002X", out, sizeof out);
	CHECK_STR(out, "110105********002X");
	mask_id("91310000MA1FL8XQ30", out, sizeof out);
	CHECK_STR(out, "913100********XQ30");
	mask_phone("13812345678", out, sizeof out);
	CHECK_STR(out, "138****5678");
	mask_phone("5678", out, sizeof out); /* too short for both ends: only the last shows */
	CHECK_STR(out, "***8");
	mask_address("北京市朝阳区建国路88号", out, sizeof out);
	CHECK_STR(out, "北京市朝阳区******");
	mask_id("", out, sizeof out);
	CHECK_STR(out, "");
	mask_id(NULL, out, sizeof out);
	CHECK_STR(out, "");
	mask_id("11010519491231002X", out, 8); /* cut to fit */
	CHECK_STR(out, "110105*");
}

int main(void)
{
	test_mask();
	test_decode();
	test_trim();
	test_normalize();
	test_check_field();
	test_width();
	test_fts_phrase();
	test_number_prefixes();
	test_date();
	test_safe();
	return CHECK_DONE();
}
