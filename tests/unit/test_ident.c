/* Identifier rules: VIN, resident ID, credit code, plates, battery codes.
 * Published samples are used where they exist; other valid values are built
 * here and their check characters were worked out by hand as well. */
#include "tests/check.h"

#include <time.h>

#include "db/ident.h"

static const char *shown(const char *s)
{
	static char buf[128];
	size_t i;

	for (i = 0; s[i] && i < sizeof buf - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

/* Accepted, stored as want. */
static void accept(enum ident_kind kind, const char *in, const char *want, int line)
{
	sy_err err;
	char out[IDENT_MAX_SIZE], name[200];
	int st = ident_check(kind, in, out, sizeof out, &err);

	snprintf(name, sizeof name, "%s accepts \"%s\" as %s", ident_kind_name(kind), shown(in), want);
	check_report(st == SY_OK && strcmp(out, want) == 0, __FILE__, line, name, st ? err.msg : out);
}
#define ACCEPT(kind, in, want) accept((kind), (in), (want), __LINE__)

/* Refused with the kind's field name and a message holding fragment. */
static void refuse(enum ident_kind kind, const char *in, const char *fragment, int line)
{
	sy_err err;
	char out[IDENT_MAX_SIZE], name[200];
	int st = ident_check(kind, in, out, sizeof out, &err);

	snprintf(name, sizeof name, "%s refuses \"%s\": %s", ident_kind_name(kind), shown(in), fragment);
	check_report(st == SY_INVALID && out[0] == '\0' && strcmp(err.field, ident_kind_field(kind)) == 0 &&
			     strstr(err.msg, fragment) != NULL,
		     __FILE__, line, name, st ? err.msg : "accepted");
}
#define REFUSE(kind, in, fragment) refuse((kind), (in), (fragment), __LINE__)

/* ---- VIN ---- */

/* A VIN from 17 characters, with its check digit put in position 9. */
static const char *make_vin(const char *vin17)
{
	static char v[4][IDENT_VIN_SIZE];
	static int next;
	char *out = v[next++ % 4];
	memcpy(out, vin17, IDENT_VIN_SIZE);
	out[8] = ident_vin_check_digit(vin17);
	return out;
}

static void test_vin(void)
{
	sy_err err;
	char out[IDENT_VIN_SIZE];

	/* A published example, and values whose check digits were worked out by hand. */
	CHECK(ident_vin_check_digit("1M8GDM9AXKP042788") == 'X');
	CHECK(ident_vin_check_digit("LFV3A23C5H3000001") == '2');
	CHECK(ident_vin_check_digit("LSGPC52U5AF000001") == '3');
	CHECK(ident_vin_check_digit("WVWZZZ1JZXW000001") == '0');
	CHECK(ident_vin_check_digit("lfv3a23c5h3000001") == '\0'); /* expects the normal form */
	CHECK(ident_vin_check_digit("LFV3A23C5H300000") == '\0');
	CHECK(ident_vin_check_digit("LFV3A23C5H30000011") == '\0');
	CHECK(ident_vin_check_digit("LFV3A23C5H30O0001") == '\0');

	ACCEPT(IDENT_VIN, "1M8GDM9AXKP042788", "1M8GDM9AXKP042788");
	ACCEPT(IDENT_VIN, "LFV3A23C2H3000001", "LFV3A23C2H3000001");
	ACCEPT(IDENT_VIN, "LSGPC52U3AF000001", "LSGPC52U3AF000001");
	ACCEPT(IDENT_VIN, "  lsvau218xn2183294\t", "LSVAU218XN2183294");
	ACCEPT(IDENT_VIN, "ｌｓｖａｕ２１８ｘｎ２１８３２９４", "LSVAU218XN2183294");
	ACCEPT(IDENT_VIN, "\xE3\x80\x80" "LSVAU218XN2183294\xE3\x80\x80", "LSVAU218XN2183294");
	ACCEPT(IDENT_VIN, "LSVAU218XN2183294\r\n", "LSVAU218XN2183294"); /* a scanner's Enter */

	REFUSE(IDENT_VIN, "LSVAU2180N2183294", "VIN check digit is 0, expected X (position 9)");
	REFUSE(IDENT_VIN, "1M8GDM9A5KP042788", "VIN check digit is 5, expected X (position 9)");
	REFUSE(IDENT_VIN, "LSVAU218XN218329", "VIN has 16 characters; it must have exactly 17");
	REFUSE(IDENT_VIN, "LSVAU218XN21832944", "VIN has 18 characters");
	REFUSE(IDENT_VIN, "LSVAU218XN2I83294", "VIN character 12 is I: the letters I, O and Q are never used in a VIN (read it as 1)");
	REFUSE(IDENT_VIN, "LSVAU218XNO183294", "VIN character 11 is O");
	REFUSE(IDENT_VIN, "QSVAU218XN2183294", "VIN character 1 is Q");
	REFUSE(IDENT_VIN, "LSVAU218XN-183294", "VIN character 11 is \"-\": a VIN has only letters and digits");
	REFUSE(IDENT_VIN, "LSVAU218X 2183294", "VIN character 10 is a space");
	REFUSE(IDENT_VIN, "LSVAU218X京2183294", "VIN character 10 is \"京\"");
	REFUSE(IDENT_VIN, "LSVAU218XN\t183294", "control character (U+0009)");
	REFUSE(IDENT_VIN, "LSVAU218XN\xE2\x80\xAE" "183294", "U+202E");
	REFUSE(IDENT_VIN, "", "VIN is empty");
	char longest[300];
	memset(longest, 'A', 256);
	longest[256] = '\0';
	REFUSE(IDENT_VIN, longest, "VIN has 256 characters");
	memset(longest, 'A', 257);
	longest[257] = '\0';
	REFUSE(IDENT_VIN, longest, "has 257 characters; at most 256 are allowed");
	REFUSE(IDENT_VIN, "   ", "VIN is empty");

	/* Every single change of a character to another value is caught. */
	int caught = 1;
	const char *valid = "LSVAU218XN2183294";
	for (int pos = 0; pos < 17; pos++) {
		if (pos == 8)
			continue;
		for (const char *c = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"; *c; c++) {
			char v[18];
			memcpy(v, valid, sizeof v);
			if (*c == v[pos])
				continue;
			v[pos] = *c;
			/* a letter with the same value (A and 1, J and 1) keeps the sum */
			if (ident_vin_check_digit(v) == ident_vin_check_digit(valid))
				continue;
			if (ident_vin(v, out, &err) != SY_INVALID)
				caught = 0;
		}
	}
	CHECK_MSG(caught, "every VIN typing error that changes the sum is refused");

	/* A European VIN without a check digit passes the structure check only. */
	CHECK_INT(ident_vin("WVWZZZ1JZXW000001", out, &err), SY_INVALID);
	CHECK(strstr(err.msg, "VIN check digit is Z, expected 0 (position 9)") != NULL);
	CHECK_INT(ident_vin_structure(" wvwzzz1jzxw000001 ", out, &err), SY_OK);
	CHECK_STR(out, "WVWZZZ1JZXW000001");
	CHECK_INT(ident_vin_structure("WVWZZZ1JZXW00000O", out, &err), SY_INVALID);
	CHECK_STR(err.field, "vin");

	/* Position 10 is the model year: never 0, U or Z, even with the right
	 * check digit (a placeholder typed as zeros has one). */
	REFUSE(IDENT_VIN, "00000000000000000", "VIN model year code is 0 (position 10): it is never 0, I, O, Q, U or Z");
	REFUSE(IDENT_VIN, make_vin("LSVAU2180U2183294"), "VIN model year code is U (position 10)");
	REFUSE(IDENT_VIN, make_vin("LFV3A23C0Z3000001"), "VIN model year code is Z (position 10)");
	REFUSE(IDENT_VIN, make_vin("LFV3A23C003000001"), "model year code is 0");
	ACCEPT(IDENT_VIN, make_vin("LFV3A23C093000001"), make_vin("LFV3A23C093000001")); /* 9: 2009 */
	ACCEPT(IDENT_VIN, make_vin("LFV3A23C0Y3000001"), make_vin("LFV3A23C0Y3000001")); /* Y: 2000 */
	/* an old vehicle without a standard VIN still goes in on a supervisor's override */
	CHECK_INT(ident_vin_structure("00000000000000000", out, &err), SY_OK);
	CHECK_INT(ident_vin_structure("WVWZZZ11ZUW000001", out, &err), SY_OK);

	CHECK_INT(ident_vin_model_year("1M8GDM9AXKP042788", 2026), 2019);
	CHECK_INT(ident_vin_model_year("1M8GDM9AXKP042788", 2000), 1989);
	CHECK_INT(ident_vin_model_year("LSVAU218XN2183294", 2026), 2022);
	CHECK_INT(ident_vin_model_year("LSGPC52U3AF000001", 2026), 2010);
	CHECK_INT(ident_vin_model_year("WVWZZZ1JZXW000001", 2026), 1999);
	CHECK_INT(ident_vin_model_year("LFV3A23C2930000X1", 2026), 2009);
	CHECK_INT(ident_vin_model_year("LFV3A23C2030000X1", 2026), 0); /* 0 is no year */
	CHECK_INT(ident_vin_model_year("LFV3A23C2U30000X1", 2026), 0); /* nor is U */
}

/* ---- Resident ID ---- */

/* A valid-looking ID from 17 digits, with its check character appended. */
static const char *make_id(const char *first17)
{
	static char id[IDENT_RESIDENT_ID_SIZE];
	snprintf(id, sizeof id, "%s%c", first17, ident_resident_id_check_char(first17));
	return id;
}

static void test_resident_id(void)
{
	char first17[18], day[16];
	struct tm tm;
	time_t now = time(NULL);

	CHECK(ident_resident_id_check_char("11010519491231002") == 'X');
	CHECK(ident_resident_id_check_char("44030419850615123") == '7');
	CHECK(ident_resident_id_check_char("31010120000229001") == '5');
	CHECK(ident_resident_id_check_char("1101051949123100A") == '\0');
	/* one number for each of the 11 check characters, worked out by hand */
	static const char *const each_check[] = {
		"440106199003070060", "440106199003070001", "440106199003070052", "440106199003070183",
		"440106199003070044", "440106199003070095", "440106199003070036", "440106199003070087",
		"440106199003070028", "440106199003070079", "44010619900307001X",
	};
	for (size_t i = 0; i < sizeof each_check / sizeof each_check[0]; i++)
		ACCEPT(IDENT_RESIDENT_ID, each_check[i], each_check[i]);

	ACCEPT(IDENT_RESIDENT_ID, "11010519491231002X", "11010519491231002X");
	ACCEPT(IDENT_RESIDENT_ID, "11010519491231002x", "11010519491231002X");
	ACCEPT(IDENT_RESIDENT_ID, " 440304198506151237 ", "440304198506151237");
	ACCEPT(IDENT_RESIDENT_ID, "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X");
	ACCEPT(IDENT_RESIDENT_ID, "310101200002290015", "310101200002290015"); /* 2000 is a leap year */
	ACCEPT(IDENT_RESIDENT_ID, make_id("11010519000101001"), make_id("11010519000101001"));

	REFUSE(IDENT_RESIDENT_ID, "110105194912310021", "ID number check character is 1, expected X (position 18)");
	REFUSE(IDENT_RESIDENT_ID, "440304198506151238", "check character is 8, expected 7");
	REFUSE(IDENT_RESIDENT_ID, "11010519491231002", "ID number has 17 characters; a resident ID number has 18");
	REFUSE(IDENT_RESIDENT_ID, "110105491231002", "first-generation ID cards are no longer valid");
	REFUSE(IDENT_RESIDENT_ID, "1101051949A231002X", "ID number character 11 is \"A\": the first 17 characters are digits");
	REFUSE(IDENT_RESIDENT_ID, "11010519491231002Y", "ID number character 18 is \"Y\": the last character is a digit or X");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010520230229001"), "2023-02-29 does not exist: month 02 of 2023 has 28 days");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010519000229001"), "month 02 of 1900 has 28 days");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010520000230001"), "2000-02-30 does not exist: month 02 of 2000 has 29 days");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010519800431001"), "month 04 of 1980 has 30 days");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010519801300001"), "birth month 13 does not exist");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010519800100001"), "1980-01-00 does not exist");
	/* GB 11643 sets no earliest year: its own example was born in 1880 */
	ACCEPT(IDENT_RESIDENT_ID, "440524188001010014", "440524188001010014");
	ACCEPT(IDENT_RESIDENT_ID, make_id("11010518991231001"), make_id("11010518991231001"));
	/* the address code starts with a province of GB/T 2260 */
	REFUSE(IDENT_RESIDENT_ID, make_id("00010519491231002"), "ID number starts with 00, which is no province code");
	REFUSE(IDENT_RESIDENT_ID, make_id("10010519491231002"), "starts with 10, which is no province code");
	REFUSE(IDENT_RESIDENT_ID, make_id("39010519491231002"), "starts with 39");
	REFUSE(IDENT_RESIDENT_ID, make_id("66010519491231002"), "starts with 66");
	ACCEPT(IDENT_RESIDENT_ID, make_id("65010519491231002"), make_id("65010519491231002")); /* Xinjiang */
	ACCEPT(IDENT_RESIDENT_ID, make_id("54010519491231002"), make_id("54010519491231002")); /* Tibet */
	/* residence permits of Hong Kong, Macao and Taiwan residents */
	ACCEPT(IDENT_RESIDENT_ID, make_id("81000019940823002"), make_id("81000019940823002"));
	ACCEPT(IDENT_RESIDENT_ID, make_id("82000019940823002"), make_id("82000019940823002"));
	ACCEPT(IDENT_RESIDENT_ID, make_id("83000019940823002"), make_id("83000019940823002"));
	/* a foreign permanent resident ID (2023): 9, the issuing province, the nationality */
	ACCEPT(IDENT_RESIDENT_ID, make_id("93184019890101001"), make_id("93184019890101001"));
	ACCEPT(IDENT_RESIDENT_ID, make_id("94415619750615002"), make_id("94415619750615002"));
	REFUSE(IDENT_RESIDENT_ID, "990426199112010074",
	       "ID number starts with 990: a foreign permanent resident ID starts with 9 and a province code");
	REFUSE(IDENT_RESIDENT_ID, make_id("91084019890101001"), "starts with 910");
	/* the birth date of a foreigner's ID is checked all the same */
	REFUSE(IDENT_RESIDENT_ID, make_id("93184019890230001"), "1989-02-30 does not exist");
	REFUSE(IDENT_RESIDENT_ID, make_id("11010529990101001"), "2999-01-01 is in the future");
	REFUSE(IDENT_RESIDENT_ID, "", "ID number is empty");

	/* Born today is fine, tomorrow is not. */
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y%m%d", &tm);
	snprintf(first17, sizeof first17, "110105%.8s001", day);
	ACCEPT(IDENT_RESIDENT_ID, make_id(first17), make_id(first17));
	now += 86400;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y%m%d", &tm);
	snprintf(first17, sizeof first17, "110105%.8s001", day);
	REFUSE(IDENT_RESIDENT_ID, make_id(first17), "is in the future");
}

/* ---- Unified social credit code ---- */

static const char *make_uscc(const char *first17)
{
	static char code[IDENT_USCC_SIZE];
	snprintf(code, sizeof code, "%s%c", first17, ident_uscc_check_char(first17));
	return code;
}

static void test_uscc(void)
{
	sy_err err;
	char out[IDENT_USCC_SIZE];

	CHECK(ident_uscc_check_char("91350100M000100Y4") == '3');
	CHECK(ident_uscc_check_char("91440300MA5ABCDE1") == 'H');
	CHECK(ident_uscc_check_char("9144030071526701X") == '0'); /* sum divisible by 31: 31 becomes 0 */
	CHECK(ident_uscc_check_char("91350100M000100S4") == '\0');

	ACCEPT(IDENT_USCC, "91350100M000100Y43", "91350100M000100Y43");
	ACCEPT(IDENT_USCC, " 91350100m000100y43 ", "91350100M000100Y43");
	ACCEPT(IDENT_USCC, "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43");
	ACCEPT(IDENT_USCC, "91440300MA5ABCDE1H", "91440300MA5ABCDE1H");
	ACCEPT(IDENT_USCC, "9144030071526701X0", "9144030071526701X0");
	/* as a business licence prints it, in groups, or pasted from one */
	ACCEPT(IDENT_USCC, "91 110000 600037341L", "91110000600037341L");
	ACCEPT(IDENT_USCC, "91　350100　M000100Y4 3", "91350100M000100Y43");
	ACCEPT(IDENT_USCC, " 91 440300 MA5ABCDE1H ", "91440300MA5ABCDE1H");
	REFUSE(IDENT_USCC, "91 110000 600037341M", "Credit code check character is M, expected L (position 18)");
	REFUSE(IDENT_USCC, "91 110000 60003734", "Credit code has 16 characters");
	REFUSE(IDENT_USCC, "91 110000 -00037341L", "Credit code character 9 is \"-\"");

	REFUSE(IDENT_USCC, "91350100M000100Y44", "Credit code check character is 4, expected 3 (position 18)");
	REFUSE(IDENT_USCC, "9144030071526701X1", "expected 0");
	REFUSE(IDENT_USCC, "91350100M0001I0Y43", "character 14 is I: the letters I, O, S, V and Z are not used");
	REFUSE(IDENT_USCC, "91350100M000100S43", "character 16 is S");
	REFUSE(IDENT_USCC, "91350100M000100Y4", "Credit code has 17 characters; a unified social credit code has 18");
	REFUSE(IDENT_USCC, "91350100-000100Y43", "Credit code character 9 is \"-\"");
	REFUSE(IDENT_USCC, make_uscc("91A50100M000100Y4"), "character 3 is A: characters 3 to 8 are the region code");
	REFUSE(IDENT_USCC, "", "Credit code is empty");

	int caught = 1;
	for (int pos = 0; pos < 17; pos++)
		for (const char *c = "0123456789ABCDEFGHJKLMNPQRTUWXY"; *c; c++) {
			char v[19];
			memcpy(v, "91440300MA5ABCDE1H", sizeof v);
			if (v[pos] == *c)
				continue;
			v[pos] = *c;
			if (ident_uscc(v, out, &err) != SY_INVALID)
				caught = 0;
		}
	CHECK_MSG(caught, "every single changed credit code character is refused");
}

/* ---- Plates ---- */

static void check_plate_kind(const char *in, enum ident_plate_kind want, int line)
{
	sy_err err;
	char out[IDENT_PLATE_SIZE], name[160];
	enum ident_plate_kind kind = PLATE_EMBASSY + 1;
	int st = ident_plate(in, out, &kind, &err);

	snprintf(name, sizeof name, "plate \"%s\" is %s", in, ident_plate_kind_name(want));
	check_report(st == SY_OK && kind == want, __FILE__, line, name, st ? err.msg : ident_plate_kind_name(kind));
}
#define PLATE_KIND(in, want) check_plate_kind((in), (want), __LINE__)

static void test_plate(void)
{
	ACCEPT(IDENT_PLATE, "京A12345", "京A12345");
	ACCEPT(IDENT_PLATE, "京a12345", "京A12345");
	ACCEPT(IDENT_PLATE, "  沪b3x7k9 ", "沪B3X7K9");
	ACCEPT(IDENT_PLATE, "京Ａ１２３４５", "京A12345");
	/* The dot printed after the office letter is dropped, however it was typed. */
	ACCEPT(IDENT_PLATE, "粤B·12345", "粤B12345");
	ACCEPT(IDENT_PLATE, "粤B 12345", "粤B12345");
	ACCEPT(IDENT_PLATE, "粤B-12345", "粤B12345");
	ACCEPT(IDENT_PLATE, "粤B・12345", "粤B12345");
	ACCEPT(IDENT_PLATE, "粤B．12345", "粤B12345");
	ACCEPT(IDENT_PLATE, "粤B\xE3\x80\x80" "12345", "粤B12345");
	ACCEPT(IDENT_PLATE, "沪AD12345", "沪AD12345");
	ACCEPT(IDENT_PLATE, "沪a·fa2345", "沪AFA2345");
	ACCEPT(IDENT_PLATE, "粤B12345D", "粤B12345D");
	ACCEPT(IDENT_PLATE, "粤Z1234港", "粤Z1234港");
	ACCEPT(IDENT_PLATE, "京A1234学", "京A1234学");
	ACCEPT(IDENT_PLATE, "沪A1234领", "沪A1234领");
	ACCEPT(IDENT_PLATE, "使014578", "使014578");
	ACCEPT(IDENT_PLATE, "使014·578", "使014578");
	ACCEPT(IDENT_PLATE, "琼E12345", "琼E12345");
	/* small new-energy plates: A-E pure electric, F-K not, as issued today */
	ACCEPT(IDENT_PLATE, "粤BA03205", "粤BA03205");
	ACCEPT(IDENT_PLATE, "京AA92035", "京AA92035");
	ACCEPT(IDENT_PLATE, "沪A·B12345", "沪AB12345");
	ACCEPT(IDENT_PLATE, "浙AC88888", "浙AC88888");
	ACCEPT(IDENT_PLATE, "川AEQ1234", "川AEQ1234");
	ACCEPT(IDENT_PLATE, "苏EG12345", "苏EG12345");
	ACCEPT(IDENT_PLATE, "鲁BH00001", "鲁BH00001");
	ACCEPT(IDENT_PLATE, "渝AJB5678", "渝AJB5678");
	ACCEPT(IDENT_PLATE, "豫AK20240", "豫AK20240");

	PLATE_KIND("京A12345", PLATE_ORDINARY);
	PLATE_KIND("沪AD12345", PLATE_NEV_SMALL);
	PLATE_KIND("沪AFA2345", PLATE_NEV_SMALL);
	PLATE_KIND("粤BA03205", PLATE_NEV_SMALL);
	PLATE_KIND("京AA92035", PLATE_NEV_SMALL);
	PLATE_KIND("豫AK20240", PLATE_NEV_SMALL);
	PLATE_KIND("粤B12345D", PLATE_NEV_LARGE);
	PLATE_KIND("粤B·12345F", PLATE_NEV_LARGE);
	PLATE_KIND("使014578", PLATE_EMBASSY);

	REFUSE(IDENT_PLATE, "京A1234I", "Plate character 7 is I: the letters I and O are not used on plates (read it as 1)");
	REFUSE(IDENT_PLATE, "京AO1234", "Plate character 3 is O");
	REFUSE(IDENT_PLATE, "沪ADO2345", "Plate character 4 is O");
	REFUSE(IDENT_PLATE, "京A1234", "Plate has 6 characters; an ordinary plate has 7 and a new-energy plate 8");
	REFUSE(IDENT_PLATE, "京A1234567", "Plate has 9 characters");
	REFUSE(IDENT_PLATE, "AB12345", "Plate character 1 is \"A\": a plate starts with a province character");
	REFUSE(IDENT_PLATE, "港A12345", "Plate character 1 is \"港\"");
	REFUSE(IDENT_PLATE, "京112345", "Plate character 2 is \"1\": it must be the letter of the issuing office");
	REFUSE(IDENT_PLATE, "京A12学34", "Plate character 5 is \"学\": 学, 警, 挂, 港, 澳, 使 and 领 may only be the last character");
	REFUSE(IDENT_PLATE, "京A12 345", "Plate character 5 is a space");
	REFUSE(IDENT_PLATE, "京A··12345", "Plate character 3 is \"·\"");
	REFUSE(IDENT_PLATE, "沪AD1234X", "Plate character 8 is \"X\": on a small new-energy plate characters 5 to 8 are digits");
	REFUSE(IDENT_PLATE, "粤B1234AD", "Plate character 7 is \"A\": on a large new-energy plate characters 3 to 7 are digits");
	REFUSE(IDENT_PLATE, "粤B123456",
	       "character 3 (small vehicles) must be a letter from A to K, or character 8 (large vehicles) D or F");
	REFUSE(IDENT_PLATE, "沪AL12345", "character 3 (small vehicles) must be a letter from A to K");
	REFUSE(IDENT_PLATE, "沪AI12345", "Plate character 3 is I: the letters I and O are not used on plates (read it as 1)");
	REFUSE(IDENT_PLATE, "沪AO12345", "Plate character 3 is O");
	REFUSE(IDENT_PLATE, "粤BA0320X", "Plate character 8 is \"X\": on a small new-energy plate characters 5 to 8 are digits");
	REFUSE(IDENT_PLATE, "粤B12345A", "character 8 (large vehicles) D or F");
	REFUSE(IDENT_PLATE, "使01457", "an embassy plate has 7");
	REFUSE(IDENT_PLATE, "使01457A", "Plate character 7 is \"A\": an embassy plate has 6 digits");
	REFUSE(IDENT_PLATE, "京A\xE2\x80\xAE" "12345", "U+202E");
	REFUSE(IDENT_PLATE, "", "Plate is empty");

	CHECK_STR(ident_plate_kind_name(PLATE_NEV_LARGE), "nev_large");
}

/* ---- Traction battery code ---- */

static void test_battery(void)
{
	/* manufacturer ABC, pack, lithium iron phosphate, spec 1A, traceability
	 * 0000001, made 2021 (L) December (C) 27th (V), serial 0000123 */
	const char *valid = "ABCPB1A0000001LCV0000123";

	CHECK_INT(strlen(valid), 24);
	ACCEPT(IDENT_BATTERY, valid, valid);
	ACCEPT(IDENT_BATTERY, " abcpb1a0000001lcv0000123 ", valid);
	ACCEPT(IDENT_BATTERY, "ＡＢＣＰＢ１Ａ００００００１ＬＣＶ００００１２３", valid);
	ACCEPT(IDENT_BATTERY, "05YCE2B1234XYZ91P0000001", "05YCE2B1234XYZ91P0000001"); /* cell, ternary */
	ACCEPT(IDENT_BATTERY, "05YMZ2B1234XYZ9A10000001", "05YMZ2B1234XYZ9A10000001"); /* module, other type */

	REFUSE(IDENT_BATTERY, "ABCPB1A0000001LCV000012", "Battery code has 23 characters; a traction battery code (GB/T 34014) has 24");
	REFUSE(IDENT_BATTERY, "ABCXB1A0000001LCV0000123", "Battery code character 4 is X: the product type is P (pack), M (module) or C (cell)");
	REFUSE(IDENT_BATTERY, "ABCPH1A0000001LCV0000123", "Battery code character 5 is H: the battery type");
	REFUSE(IDENT_BATTERY, "ABCPB1A0000001ICV0000123", "Battery code character 15 is I: not a year code");
	REFUSE(IDENT_BATTERY, "ABCPB1A00000010CV0000123", "character 15 is 0: not a year code");
	REFUSE(IDENT_BATTERY, "ABCPB1A0000001LDV0000123", "Battery code character 16 is D: not a month code");
	REFUSE(IDENT_BATTERY, "ABCPB1A0000001LCZ0000123", "Battery code character 17 is Z: not a day code");
	REFUSE(IDENT_BATTERY, "ABCPB1A0000001LCV00001A3", "Battery code character 23 is A: the last 7 characters are a serial number");
	REFUSE(IDENT_BATTERY, "ABC-B1A0000001LCV0000123", "Battery code character 4 is \"-\"");
	REFUSE(IDENT_BATTERY, "", "Battery code is empty");
}

static void test_dispatch(void)
{
	sy_err err;
	char small[10];

	CHECK_INT(ident_parse_kind("vin"), IDENT_VIN);
	CHECK_INT(ident_parse_kind("id"), IDENT_RESIDENT_ID);
	CHECK_INT(ident_parse_kind("uscc"), IDENT_USCC);
	CHECK_INT(ident_parse_kind("plate"), IDENT_PLATE);
	CHECK_INT(ident_parse_kind("battery"), IDENT_BATTERY);
	CHECK_INT(ident_parse_kind("VIN"), -1);
	CHECK_INT(ident_parse_kind(""), -1);
	CHECK_INT(ident_parse_kind(NULL), -1);
	CHECK_STR(ident_kind_field(IDENT_RESIDENT_ID), "owner_id");
	CHECK_STR(ident_kind_field(IDENT_BATTERY), "battery_code");

	CHECK_INT(ident_check(IDENT_VIN, "1M8GDM9AXKP042788", small, sizeof small, &err), SY_ENV);
	CHECK_STR(small, "");
	CHECK_INT(ident_check(IDENT_PLATE, "京A12345", small, sizeof small, &err), SY_OK);
	CHECK_INT(ident_check((enum ident_kind)42, "x", small, sizeof small, &err), SY_INVALID);
	CHECK_INT(ident_check(IDENT_VIN, "bad", small, sizeof small, NULL), SY_INVALID);
}

/* The province a plate starts with, from a region code's first two digits;
 * each of the 31 is a plate's first character. */
static void test_plate_province(void)
{
	CHECK_STR(ident_plate_province_of(11), "京");
	CHECK_STR(ident_plate_province_of(44), "粤");
	CHECK_STR(ident_plate_province_of(65), "新");
	CHECK(ident_plate_province_of(71) == NULL); /* Taiwan: no such plates */
	CHECK(ident_plate_province_of(10) == NULL);
	CHECK(ident_plate_province("沪"));
	CHECK(!ident_plate_province("使"));
	CHECK(!ident_plate_province("京A"));
	CHECK(!ident_plate_province(""));
	int provinces = 0;
	for (int code = 0; code < 100; code++) {
		const char *p = ident_plate_province_of(code);
		char plate[32], out[IDENT_PLATE_SIZE];
		sy_err err = {0};
		if (!p)
			continue;
		provinces++;
		snprintf(plate, sizeof plate, "%sA12345", p);
		CHECK_INT(ident_plate(plate, out, NULL, &err), SY_OK);
	}
	CHECK_INT(provinces, 31);
}

int main(void)
{
	test_vin();
	test_resident_id();
	test_uscc();
	test_plate();
	test_plate_province();
	test_battery();
	test_dispatch();
	return CHECK_DONE();
}
