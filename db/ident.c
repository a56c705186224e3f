#include "db/ident.h"
#include "base/date.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Longer input is refused before it is parsed; every identifier is far shorter. */
#define IDENT_MAX_CHARS 256

/* Input after hygiene and normalisation, as code points. */
struct ident_text {
	uint32_t cp[IDENT_MAX_CHARS];
	size_t n;
};

static int is_digit(uint32_t cp) { return cp >= '0' && cp <= '9'; }
static int is_upper(uint32_t cp) { return cp >= 'A' && cp <= 'Z'; }
static int is_alnum(uint32_t cp) { return is_digit(cp) || is_upper(cp); }

/* Trim, check the field, normalise it and split it into code points. White
 * space around the value (a scanner's trailing Tab or Enter) is dropped
 * before the check, which refuses control characters inside it. */
static int ident_prepare(const char *in, const char *field, const char *empty_msg, struct ident_text *t,
			 sy_err *err)
{
	char norm[IDENT_MAX_CHARS * 4 + 1];
	char *trimmed = xstrdup(in ? in : "");
	const char *p = norm;
	uint32_t cp;
	int st, len;

	text_trim(trimmed);
	st = text_check_field(trimmed, IDENT_MAX_CHARS, err, field);
	if (st != SY_OK)
		goto out;
	if (text_normalize_id(trimmed, norm, sizeof norm) != 0) { /* cannot happen after the check */
		st = sy_fail(err, SY_INVALID, field, _("The text is not valid UTF-8: retype it"));
		goto out;
	}
	t->n = 0;
	while (t->n < IDENT_MAX_CHARS && (len = text_utf8_decode(p, &cp)) > 0) {
		t->cp[t->n++] = cp;
		p += len;
	}
	if (t->n == 0)
		st = sy_fail(err, SY_INVALID, field, "%s", _(empty_msg));
out:
	free(trimmed);
	return st;
}

static void drop_char(struct ident_text *t, size_t i)
{
	memmove(t->cp + i, t->cp + i + 1, (t->n - i - 1) * sizeof t->cp[0]);
	t->n--;
}

/* A character for a message: "X" in quotes, or a name when it cannot be seen. */
static const char *char_desc(uint32_t cp, char buf[16])
{
	if (cp == ' ')
		return _("a space");
	if (text_cp_width(cp) == 0 || text_is_space(cp)) {
		snprintf(buf, 16, "U+%04X", (unsigned)cp);
		return buf;
	}
	buf[0] = '"';
	int n = text_utf8_encode(cp, buf + 1);
	buf[1 + n] = '"';
	buf[2 + n] = '\0';
	return buf;
}

/* Write the code points of t as UTF-8 into out (size bytes). */
static void text_out(const struct ident_text *t, char *out, size_t size)
{
	size_t o = 0;
	char enc[4];

	for (size_t i = 0; i < t->n; i++) {
		int n = text_utf8_encode(t->cp[i], enc);
		if (o + (size_t)n >= size)
			break;
		memcpy(out + o, enc, (size_t)n);
		o += (size_t)n;
	}
	out[o] = '\0';
}

/* ---- VIN ---------------------------------------------------------------- */

/* Transliteration of A..Z; -1 for I, O, Q, which a VIN never uses. */
static const signed char vin_letter_value[26] = {
	1, 2, 3, 4, 5, 6, 7, 8, -1, 1, 2, 3, 4, 5, -1, 7, -1, 9, 2, 3, 4, 5, 6, 7, 8, 9,
};
static const int vin_weights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

static int vin_value(uint32_t c)
{
	if (is_digit(c))
		return (int)(c - '0');
	if (is_upper(c))
		return vin_letter_value[c - 'A'];
	return -1;
}

char ident_vin_check_digit(const char *vin17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = vin_value((unsigned char)vin17[i]); /* stops at a NUL too */
		if (v < 0)
			return '\0';
		sum += v * vin_weights[i];
	}
	if (vin17[17] != '\0')
		return '\0';
	sum %= 11;
	return sum == 10 ? 'X' : (char)('0' + sum);
}

/* The model year codes of position 10: 1980 .. 2009, then again; never 0,
 * I, O, Q, U or Z. */
static const char vin_year_codes[] = "ABCDEFGHJKLMNPRSTVWXY123456789";

int ident_vin_model_year(const char *vin17, int latest)
{
	const char *c;

	if (strlen(vin17) != 17 || !vin17[9] || !(c = strchr(vin_year_codes, vin17[9])))
		return 0;
	int year = 1980 + (int)(c - vin_year_codes);
	while (year + 30 <= latest)
		year += 30;
	return year;
}

static int vin_structure_text(const struct ident_text *t, sy_err *err)
{
	char buf[16];

	if (t->n != 17)
		return sy_fail(err, SY_INVALID, "vin", _("VIN has %zu characters; it must have exactly 17"), t->n);
	for (size_t i = 0; i < 17; i++) {
		uint32_t c = t->cp[i];
		if (c == 'I' || c == 'O' || c == 'Q')
			return sy_fail(err, SY_INVALID, "vin",
				       _("VIN character %zu is %c: the letters I, O and Q are never used in a VIN (read it as %c)"),
				       i + 1, (char)c, c == 'I' ? '1' : '0');
		if (!is_alnum(c))
			return sy_fail(err, SY_INVALID, "vin",
				       _("VIN character %zu is %s: a VIN has only letters and digits"), i + 1,
				       char_desc(c, buf));
	}
	return SY_OK;
}

static const char vin_empty[] = N_("VIN is empty: type the 17 characters from the registration certificate");

int ident_vin_structure(const char *in, char out[IDENT_VIN_SIZE], sy_err *err)
{
	struct ident_text t;
	int st;

	out[0] = '\0';
	st = ident_prepare(in, "vin", vin_empty, &t, err);
	if (st == SY_OK)
		st = vin_structure_text(&t, err);
	if (st != SY_OK)
		return st;
	text_out(&t, out, IDENT_VIN_SIZE);
	return SY_OK;
}

int ident_vin(const char *in, char out[IDENT_VIN_SIZE], sy_err *err)
{
	char vin[IDENT_VIN_SIZE];
	int st = ident_vin_structure(in, vin, err);

	out[0] = '\0';
	if (st != SY_OK)
		return st;
	if (!strchr(vin_year_codes, vin[9]))
		return sy_fail(err, SY_INVALID, "vin",
			       _("VIN model year code is %c (position 10): it is never 0, I, O, Q, U or Z; compare every character with the document"),
			       vin[9]);
	char want = ident_vin_check_digit(vin);
	if (vin[8] != want)
		return sy_fail(err, SY_INVALID, "vin",
			       _("VIN check digit is %c, expected %c (position 9): compare every character with the document"),
			       vin[8], want);
	memcpy(out, vin, IDENT_VIN_SIZE);
	return SY_OK;
}

/* ---- Resident ID number ------------------------------------------------- */

static const int rid_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

char ident_resident_id_check_char(const char *id17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		if (!is_digit((unsigned char)id17[i]))
			return '\0';
		sum += (id17[i] - '0') * rid_weights[i];
	}
	return "10X98765432"[sum % 11];
}

static int digits_value(const uint32_t *cp, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (int)(cp[i] - '0');
	return v;
}

static int today_ymd(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Province-level codes of GB/T 2260, which open the address code. 83 is
 * not in its list but opens the residence permits of Taiwan residents
 * (830000), numbered as resident IDs since 2018 and valid for a vehicle's
 * owner, as 81 and 82 are for Hong Kong and Macao. */
static const unsigned char rid_provinces[] = {
	11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
	44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
};

static int rid_province(int code)
{
	for (size_t i = 0; i < sizeof rid_provinces; i++)
		if (rid_provinces[i] == code)
			return 1;
	return 0;
}

/* The address code starts with a province; a foreign permanent resident
 * ID (2023) starts with 9 and then the province that issued it. */
static int rid_region(const struct ident_text *t, sy_err *err)
{
	int first = digits_value(t->cp, 2);
	if (rid_province(first))
		return SY_OK;
	if (t->cp[0] == '9' && rid_province(digits_value(t->cp + 1, 2)))
		return SY_OK;
	if (t->cp[0] == '9')
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number starts with %03d: a foreign permanent resident ID starts with 9 and a province code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81-83); check characters 1 to 3"),
			       digits_value(t->cp, 3));
	return sy_fail(err, SY_INVALID, "owner_id",
		       _("ID number starts with %02d, which is no province code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81-83): check characters 1 and 2"),
		       first);
}

/* GB 11643 sets no earliest birth year: its own example was born in 1880. */
static int rid_birth_date(const struct ident_text *t, sy_err *err)
{
	int y = digits_value(t->cp + 6, 4), m = digits_value(t->cp + 10, 2), d = digits_value(t->cp + 12, 2);

	if (m < 1 || m > 12)
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number birth month %02d does not exist: check characters 11 and 12"), m);
	if (d < 1 || d > date_days_in_month(y, m))
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number birth date %04d-%02d-%02d does not exist: month %02d of %04d has %d days"), y, m,
			       d, m, y, date_days_in_month(y, m));
	if (y * 10000 + m * 100 + d > today_ymd())
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number birth date %04d-%02d-%02d is in the future: check characters 7 to 14"), y, m, d);
	return SY_OK;
}

static int rid_text(const struct ident_text *t, sy_err *err)
{
	char buf[16];

	if (t->n == 15)
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number has 15 characters: first-generation ID cards are no longer valid; ask for the 18-character card"));
	if (t->n != 18)
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number has %zu characters; a resident ID number has 18"), t->n);
	for (size_t i = 0; i < 17; i++)
		if (!is_digit(t->cp[i]))
			return sy_fail(err, SY_INVALID, "owner_id",
				       _("ID number character %zu is %s: the first 17 characters are digits"), i + 1,
				       char_desc(t->cp[i], buf));
	if (!is_digit(t->cp[17]) && t->cp[17] != 'X')
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number character 18 is %s: the last character is a digit or X"),
			       char_desc(t->cp[17], buf));
	if (rid_region(t, err) != SY_OK)
		return SY_INVALID;
	return rid_birth_date(t, err);
}

int ident_resident_id(const char *in, char out[IDENT_RESIDENT_ID_SIZE], sy_err *err)
{
	static const char empty[] = N_("ID number is empty: type the 18 characters from the resident ID card");
	struct ident_text t;
	char id[IDENT_RESIDENT_ID_SIZE];
	int st;

	out[0] = '\0';
	st = ident_prepare(in, "owner_id", empty, &t, err);
	if (st == SY_OK)
		st = rid_text(&t, err);
	if (st != SY_OK)
		return st;
	text_out(&t, id, sizeof id);
	char want = ident_resident_id_check_char(id);
	if (id[17] != want)
		return sy_fail(err, SY_INVALID, "owner_id",
			       _("ID number check character is %c, expected %c (position 18): compare every character with the card"),
			       id[17], want);
	memcpy(out, id, sizeof id);
	return SY_OK;
}

/* ---- Unified social credit code ----------------------------------------- */

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 31 characters */
static const int uscc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

static int uscc_value(uint32_t c)
{
	const char *p = c && c < 0x80 ? strchr(uscc_alphabet, (int)c) : NULL;
	return p ? (int)(p - uscc_alphabet) : -1;
}

char ident_uscc_check_char(const char *code17)
{
	int sum = 0;

	for (int i = 0; i < 17; i++) {
		int v = uscc_value((unsigned char)code17[i]);
		if (v < 0)
			return '\0';
		sum += v * uscc_weights[i];
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

static int uscc_text(const struct ident_text *t, sy_err *err)
{
	char buf[16];

	if (t->n != 18)
		return sy_fail(err, SY_INVALID, "uscc",
			       _("Credit code has %zu characters; a unified social credit code has 18"), t->n);
	for (size_t i = 0; i < 18; i++) {
		uint32_t c = t->cp[i];
		if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z')
			return sy_fail(err, SY_INVALID, "uscc",
				       _("Credit code character %zu is %c: the letters I, O, S, V and Z are not used in the code"),
				       i + 1, (char)c);
		if (uscc_value(c) < 0)
			return sy_fail(err, SY_INVALID, "uscc",
				       _("Credit code character %zu is %s: the code has only digits and capital letters"),
				       i + 1, char_desc(c, buf));
	}
	for (size_t i = 2; i < 8; i++)
		if (!is_digit(t->cp[i]))
			return sy_fail(err, SY_INVALID, "uscc",
				       _("Credit code character %zu is %c: characters 3 to 8 are the region code, all digits"),
				       i + 1, (char)t->cp[i]);
	return SY_OK;
}

int ident_uscc(const char *in, char out[IDENT_USCC_SIZE], sy_err *err)
{
	static const char empty[] = N_("Credit code is empty: type the 18 characters from the business licence");
	struct ident_text t;
	char code[IDENT_USCC_SIZE];
	int st;

	out[0] = '\0';
	st = ident_prepare(in, "uscc", empty, &t, err);
	/* licences print the code in groups: 91 110000 600037341L */
	for (size_t i = t.n; st == SY_OK && i-- > 0;)
		if (t.cp[i] == ' ')
			drop_char(&t, i);
	if (st == SY_OK)
		st = uscc_text(&t, err);
	if (st != SY_OK)
		return st;
	text_out(&t, code, sizeof code);
	char want = ident_uscc_check_char(code);
	if (code[17] != want)
		return sy_fail(err, SY_INVALID, "uscc",
			       _("Credit code check character is %c, expected %c (position 18): compare every character with the licence"),
			       code[17], want);
	memcpy(out, code, sizeof code);
	return SY_OK;
}

/* ---- Plates ------------------------------------------------------------- */

#define CP_SHI 0x4F7F /* 使, embassy vehicles */

/* The 31 provincial abbreviations that open a plate. */
static const uint32_t plate_provinces[] = {
	0x4EAC, 0x6D25, 0x6CAA, 0x6E1D, 0x5180, 0x8C6B, 0x4E91, 0x8FBD, /* 京津沪渝冀豫云辽 */
	0x9ED1, 0x6E58, 0x7696, 0x9C81, 0x65B0, 0x82CF, 0x6D59, 0x8D63, /* 黑湘皖鲁新苏浙赣 */
	0x9102, 0x6842, 0x7518, 0x664B, 0x8499, 0x9655, 0x5409, 0x95FD, /* 鄂桂甘晋蒙陕吉闽 */
	0x8D35, 0x7CA4, 0x9752, 0x85CF, 0x5DDD, 0x5B81, 0x743C,         /* 贵粤青藏川宁琼 */
};
/* What may stand last on an ordinary plate: 学警挂港澳使领. */
static const uint32_t plate_suffixes[] = {0x5B66, 0x8B66, 0x6302, 0x6E2F, 0x6FB3, 0x4F7F, 0x9886};
/* How the dot printed after the office letter arrives: ·, •, ・, ･, ‧, ∙, ⋅ and
 * plain '.', '-' or a space (full-width forms are already folded). */
static const uint32_t plate_separators[] = {0xB7, 0x2022, 0x30FB, 0xFF65, 0x2027, 0x2219, 0x22C5, '.', '-', ' '};

static int in_list(uint32_t cp, const uint32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == cp)
			return 1;
	return 0;
}
#define IN_LIST(cp, list) in_list((cp), (list), sizeof(list) / sizeof((list)[0]))

/* A letter or digit of a plate's serial part; a suffix only where allowed. */
static int plate_serial_char(const struct ident_text *t, size_t i, int suffix_ok, sy_err *err)
{
	uint32_t c = t->cp[i];
	char buf[16];

	if (c == 'I' || c == 'O')
		return sy_fail(err, SY_INVALID, "plate",
			       _("Plate character %zu is %c: the letters I and O are not used on plates (read it as %c)"),
			       i + 1, (char)c, c == 'I' ? '1' : '0');
	if (is_alnum(c) || (suffix_ok && IN_LIST(c, plate_suffixes)))
		return SY_OK;
	if (IN_LIST(c, plate_suffixes))
		return sy_fail(err, SY_INVALID, "plate",
			       _("Plate character %zu is %s: 学, 警, 挂, 港, 澳, 使 and 领 may only be the last character"),
			       i + 1, char_desc(c, buf));
	return sy_fail(err, SY_INVALID, "plate", _("Plate character %zu is %s: only letters and digits are allowed here"),
		       i + 1, char_desc(c, buf));
}

/* A digit where the rule (a translatable sentence) wants one. */
static int plate_digit(const struct ident_text *t, size_t i, const char *rule, sy_err *err)
{
	char buf[16];

	if (is_digit(t->cp[i]))
		return SY_OK;
	return sy_fail(err, SY_INVALID, "plate", _("Plate character %zu is %s: %s"), i + 1, char_desc(t->cp[i], buf),
		       _(rule));
}

static int plate_embassy(const struct ident_text *t, sy_err *err)
{
	static const char digit_msg[] = N_("an embassy plate has 6 digits after 使");

	if (t->n != 7)
		return sy_fail(err, SY_INVALID, "plate",
			       _("Plate has %zu characters; an embassy plate has 7 (使 and 6 digits)"), t->n);
	for (size_t i = 1; i < 7; i++)
		if (plate_digit(t, i, digit_msg, err) != SY_OK)
			return SY_INVALID;
	return SY_OK;
}

static int plate_nev(const struct ident_text *t, enum ident_plate_kind *kind, sy_err *err)
{
	static const char small_msg[] = N_("on a small new-energy plate characters 5 to 8 are digits");
	static const char large_msg[] = N_("on a large new-energy plate characters 3 to 7 are digits");
	const uint32_t *c = t->cp;

	if (c[2] == 'I' || c[2] == 'O')
		return plate_serial_char(t, 2, 0, err);
	/* small: A-E pure electric (D first), F-K others (F first), no I */
	if (c[2] >= 'A' && c[2] <= 'K') {
		if (plate_serial_char(t, 3, 0, err) != SY_OK)
			return SY_INVALID;
		for (size_t i = 4; i < 8; i++)
			if (plate_digit(t, i, small_msg, err) != SY_OK)
				return SY_INVALID;
		*kind = PLATE_NEV_SMALL;
		return SY_OK;
	}
	if (c[7] == 'D' || c[7] == 'F') {
		for (size_t i = 2; i < 7; i++)
			if (plate_digit(t, i, large_msg, err) != SY_OK)
				return SY_INVALID;
		*kind = PLATE_NEV_LARGE;
		return SY_OK;
	}
	return sy_fail(err, SY_INVALID, "plate",
		       _("Plate has 8 characters, so it is a new-energy plate: character 3 (small vehicles) must be a letter from A to K, or character 8 (large vehicles) D or F"));
}

static int plate_text(struct ident_text *t, enum ident_plate_kind *kind, sy_err *err)
{
	char buf[16];

	/* One separator as printed on the plate: after the office letter, or in
	 * the middle of an embassy plate's digits. */
	if (t->n >= 3 && t->cp[0] != CP_SHI && IN_LIST(t->cp[2], plate_separators))
		drop_char(t, 2);
	else if (t->n == 8 && t->cp[0] == CP_SHI && IN_LIST(t->cp[4], plate_separators))
		drop_char(t, 4);

	if (t->cp[0] == CP_SHI) {
		*kind = PLATE_EMBASSY;
		return plate_embassy(t, err);
	}
	if (!IN_LIST(t->cp[0], plate_provinces))
		return sy_fail(err, SY_INVALID, "plate",
			       _("Plate character 1 is %s: a plate starts with a province character such as 京, 沪 or 粤"),
			       char_desc(t->cp[0], buf));
	/* A stray character says more than the length it causes. */
	for (size_t i = 1; i < t->n; i++)
		if (!is_alnum(t->cp[i]) && !IN_LIST(t->cp[i], plate_suffixes))
			return sy_fail(err, SY_INVALID, "plate",
				       _("Plate character %zu is %s: only letters and digits are allowed here"), i + 1,
				       char_desc(t->cp[i], buf));
	if (t->n != 7 && t->n != 8)
		return sy_fail(err, SY_INVALID, "plate",
			       _("Plate has %zu characters; an ordinary plate has 7 and a new-energy plate 8"), t->n);
	if (!is_upper(t->cp[1]))
		return sy_fail(err, SY_INVALID, "plate",
			       _("Plate character 2 is %s: it must be the letter of the issuing office"),
			       char_desc(t->cp[1], buf));
	if (t->n == 8)
		return plate_nev(t, kind, err);
	for (size_t i = 2; i < 7; i++)
		if (plate_serial_char(t, i, i == 6, err) != SY_OK)
			return SY_INVALID;
	*kind = PLATE_ORDINARY;
	return SY_OK;
}

int ident_plate(const char *in, char out[IDENT_PLATE_SIZE], enum ident_plate_kind *kind, sy_err *err)
{
	static const char empty[] = N_("Plate is empty: type it as on the plate, for example 京A12345");
	struct ident_text t;
	enum ident_plate_kind k = PLATE_ORDINARY;
	int st;

	out[0] = '\0';
	st = ident_prepare(in, "plate", empty, &t, err);
	if (st == SY_OK)
		st = plate_text(&t, &k, err);
	if (st != SY_OK)
		return st;
	text_out(&t, out, IDENT_PLATE_SIZE);
	if (kind)
		*kind = k;
	return SY_OK;
}

const char *ident_plate_kind_name(enum ident_plate_kind kind)
{
	static const char *const names[] = {
		[PLATE_ORDINARY] = "ordinary",
		[PLATE_NEV_SMALL] = "nev_small",
		[PLATE_NEV_LARGE] = "nev_large",
		[PLATE_EMBASSY] = "embassy",
	};
	return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "unknown";
}

/* ---- Traction battery code ---------------------------------------------- */

/* Date codes of GB/T 34014: digits from 1, then letters without I, O, Q and
 * Z. A day is 1 to 31 (1-9, A-H, J-N, P, R-Y): there is no day 0. */
static const char battery_years[] = "123456789ABCDEFGHJKLMNPRSTUVWXY";
static const char battery_months[] = "123456789ABC";
static const char battery_days[] = "123456789ABCDEFGHJKLMNPRSTUVWXY";

static int battery_text(const struct ident_text *t, sy_err *err)
{
	const uint32_t *c = t->cp;
	char buf[16];

	if (t->n != 24)
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code has %zu characters; a traction battery code (GB/T 34014) has 24"), t->n);
	for (size_t i = 0; i < 24; i++)
		if (!is_alnum(c[i]))
			return sy_fail(err, SY_INVALID, "battery_code",
				       _("Battery code character %zu is %s: the code has only letters and digits"), i + 1,
				       char_desc(c[i], buf));
	if (!strchr("PMC", (int)c[3]))
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code character 4 is %c: the product type is P (pack), M (module) or C (cell)"),
			       (char)c[3]);
	if (!strchr("ABCDEFGZ", (int)c[4]))
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code character 5 is %c: the battery type is a letter from A to G, or Z"), (char)c[4]);
	if (!strchr(battery_years, (int)c[14]))
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code character 15 is %c: not a year code (1-9, A-H, J-N, P, R-Y)"), (char)c[14]);
	if (!strchr(battery_months, (int)c[15]))
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code character 16 is %c: not a month code (1-9, A-C)"), (char)c[15]);
	if (!c[16] || !strchr(battery_days, (int)c[16]))
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code character 17 is %c: not a day code (1-9 for days 1 to 9, then A-H, J-N, P, R-Y for 10 to 31)"),
			       (char)c[16]);
	static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int month = (int)(strchr(battery_months, (int)c[15]) - battery_months) + 1;
	int day = (int)(strchr(battery_days, (int)c[16]) - battery_days) + 1;
	if (day > month_days[month - 1])
		return sy_fail(err, SY_INVALID, "battery_code",
			       _("Battery code characters 16-17 are %c%c: month %d has no day %d"), (char)c[15], (char)c[16], month,
			       day);
	for (size_t i = 17; i < 24; i++)
		if (!is_digit(c[i]))
			return sy_fail(err, SY_INVALID, "battery_code",
				       _("Battery code character %zu is %c: the last 7 characters are a serial number of digits"),
				       i + 1, (char)c[i]);
	return SY_OK;
}

int ident_battery(const char *in, char out[IDENT_BATTERY_SIZE], sy_err *err)
{
	static const char empty[] = N_("Battery code is empty: type the 24 characters from the battery label");
	struct ident_text t;
	int st;

	out[0] = '\0';
	st = ident_prepare(in, "battery_code", empty, &t, err);
	if (st == SY_OK)
		st = battery_text(&t, err);
	if (st != SY_OK)
		return st;
	text_out(&t, out, IDENT_BATTERY_SIZE);
	return SY_OK;
}

/* ---- Dispatch ----------------------------------------------------------- */

static const struct ident_kind_info {
	const char *name;  /* on the command line */
	const char *field; /* in forms and records */
} ident_kinds[] = {
	[IDENT_VIN] = {"vin", "vin"},
	[IDENT_RESIDENT_ID] = {"id", "owner_id"},
	[IDENT_USCC] = {"uscc", "uscc"},
	[IDENT_PLATE] = {"plate", "plate"},
	[IDENT_BATTERY] = {"battery", "battery_code"},
};
#define IDENT_KIND_COUNT (sizeof ident_kinds / sizeof ident_kinds[0])

int ident_parse_kind(const char *name)
{
	for (size_t i = 0; name && i < IDENT_KIND_COUNT; i++)
		if (strcmp(name, ident_kinds[i].name) == 0)
			return (int)i;
	return -1;
}

const char *ident_kind_name(enum ident_kind kind)
{
	return (unsigned)kind < IDENT_KIND_COUNT ? ident_kinds[kind].name : "unknown";
}

const char *ident_kind_field(enum ident_kind kind)
{
	return (unsigned)kind < IDENT_KIND_COUNT ? ident_kinds[kind].field : "";
}

int ident_check(enum ident_kind kind, const char *in, char *out, size_t outsz, sy_err *err)
{
	char buf[IDENT_MAX_SIZE];
	int st;

	if (outsz)
		out[0] = '\0';
	switch (kind) {
	case IDENT_VIN: st = ident_vin(in, buf, err); break;
	case IDENT_RESIDENT_ID: st = ident_resident_id(in, buf, err); break;
	case IDENT_USCC: st = ident_uscc(in, buf, err); break;
	case IDENT_PLATE: st = ident_plate(in, buf, NULL, err); break;
	case IDENT_BATTERY: st = ident_battery(in, buf, err); break;
	default: return sy_fail(err, SY_INVALID, "", _("Unknown kind of identifier"));
	}
	if (st != SY_OK)
		return st;
	if (sy_strlcpy(out, buf, outsz) >= outsz) {
		if (outsz)
			out[0] = '\0';
		return sy_fail(err, SY_ENV, ident_kinds[kind].field,
			       _("No room to store the %s: this is a program error, please report it"),
			       ident_kinds[kind].name);
	}
	sy_err_clear(err);
	return SY_OK;
}

int ident_plate_undotted(const char *in, char *out, size_t outsz)
{
	/* The dot-like separators only: '-' and '.' belong to other numbers. */
	static const uint32_t dots[] = {0xB7, 0x2022, 0x30FB, 0xFF65, 0x2027, 0x2219, 0x22C5};
	size_t o = 0;
	int dropped = 0;
	if (!outsz)
		return 0;
	while (*in) {
		uint32_t cp;
		int n = text_utf8_decode(in, &cp);
		if (n <= 0)
			break;
		if (IN_LIST(cp, dots)) {
			dropped = 1;
		} else if (o + (size_t)n < outsz) {
			memcpy(out + o, in, (size_t)n);
			o += (size_t)n;
		}
		in += n;
	}
	out[o] = '\0';
	return dropped;
}

/* The plate's province character of each province code (GB/T 2260): the
 * 31 of the mainland; Taiwan, Hong Kong and Macao issue no such plates. */
static const struct {
	int code;
	const char *abbrev;
} province_plates[] = {
	{11, "京"}, {12, "津"}, {13, "冀"}, {14, "晋"}, {15, "蒙"}, {21, "辽"}, {22, "吉"}, {23, "黑"},
	{31, "沪"}, {32, "苏"}, {33, "浙"}, {34, "皖"}, {35, "闽"}, {36, "赣"}, {37, "鲁"}, {41, "豫"},
	{42, "鄂"}, {43, "湘"}, {44, "粤"}, {45, "桂"}, {46, "琼"}, {50, "渝"}, {51, "川"}, {52, "贵"},
	{53, "云"}, {54, "藏"}, {61, "陕"}, {62, "甘"}, {63, "青"}, {64, "宁"}, {65, "新"},
};

const char *ident_plate_province_of(int province_code)
{
	for (size_t i = 0; i < sizeof province_plates / sizeof *province_plates; i++)
		if (province_plates[i].code == province_code)
			return province_plates[i].abbrev;
	return NULL;
}

int ident_plate_province(const char *s)
{
	for (size_t i = 0; i < sizeof province_plates / sizeof *province_plates; i++)
		if (strcmp(province_plates[i].abbrev, s) == 0)
			return 1;
	return 0;
}
