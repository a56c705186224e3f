#include "base/text.h"
#include "base/date.h"
#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

struct cp_range {
	uint32_t first, last;
};

/* East Asian Wide (W) and Fullwidth (F) blocks from Unicode's
 * EastAsianWidth.txt, merged into whole blocks: what a terminal draws in two
 * cells. Kept sorted for the binary search. */
static const struct cp_range wide_ranges[] = {
	{0x1100, 0x115F},   /* Hangul Jamo initial consonants */
	{0x231A, 0x231B},   /* watch, hourglass */
	{0x2329, 0x232A},   /* angle brackets */
	{0x23E9, 0x23EC},   {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
	{0x25FD, 0x25FE},   {0x2614, 0x2615}, {0x2648, 0x2653},
	{0x267F, 0x267F},   {0x2693, 0x2693}, {0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
	{0x26CE, 0x26CE},   {0x26D4, 0x26D4}, {0x26EA, 0x26EA},
	{0x26F2, 0x26F3},   {0x26F5, 0x26F5}, {0x26FA, 0x26FA},
	{0x26FD, 0x26FD},   {0x2705, 0x2705}, {0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C}, {0x274E, 0x274E},
	{0x2753, 0x2755},   {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27B0, 0x27B0},   {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C},
	{0x2B50, 0x2B50},   {0x2B55, 0x2B55},
	{0x2E80, 0x303E},   /* CJK radicals, Kangxi, CJK symbols and punctuation */
	{0x3041, 0x33FF},   /* kana, Bopomofo, Hangul compatibility, enclosed CJK */
	{0x3400, 0x4DBF},   /* CJK extension A */
	{0x4E00, 0x9FFF},   /* CJK unified ideographs */
	{0xA000, 0xA4CF},   /* Yi */
	{0xA960, 0xA97F},   /* Hangul Jamo extended A */
	{0xAC00, 0xD7A3},   /* Hangul syllables */
	{0xF900, 0xFAFF},   /* CJK compatibility ideographs */
	{0xFE10, 0xFE19},   /* vertical forms */
	{0xFE30, 0xFE6F},   /* CJK compatibility forms, small form variants */
	{0xFF00, 0xFF60},   /* full-width forms */
	{0xFFE0, 0xFFE6},   /* full-width signs */
	{0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, /* Tangut, Khitan */
	{0x1B000, 0x1B2FF}, /* kana supplement and extensions, Nushu */
	{0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E},
	{0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, /* enclosed ideographic supplement */
	{0x1F300, 0x1F64F}, /* pictographs, emoticons */
	{0x1F680, 0x1F6FF}, /* transport and map symbols */
	{0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
	{0x20000, 0x2FFFD}, /* CJK extensions B to F, compatibility supplement */
	{0x30000, 0x3FFFD}, /* CJK extensions G and H */
};

/* Characters drawn in no cell of their own. */
static const struct cp_range zero_ranges[] = {
	{0x0300, 0x036F},   /* combining diacritical marks */
	{0x0483, 0x0489},   {0x0591, 0x05BD},
	{0x0610, 0x061A},   {0x064B, 0x065F},
	{0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},
	{0x200B, 0x200F},   /* zero-width space, joiners, direction marks */
	{0x2028, 0x202E},   /* separators, direction embeddings */
	{0x2060, 0x206F},   /* word joiner, invisible operators, isolates */
	{0x20D0, 0x20FF},   /* combining marks for symbols */
	{0x302A, 0x302F},   /* ideographic tone marks */
	{0x3099, 0x309A},   /* combining kana voiced marks */
	{0xFE00, 0xFE0F},   /* variation selectors */
	{0xFE20, 0xFE2F},   /* combining half marks */
	{0xFEFF, 0xFEFF},   /* byte order mark */
	{0xE0000, 0xE0FFF}, /* tags, variation selectors supplement */
};

static int in_ranges(uint32_t cp, const struct cp_range *r, size_t n)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int text_utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c = p[0], min;
	int len;

	*cp = c;
	if (c == 0)
		return 0;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return -1; /* continuation byte, 0xC0/0xC1 (always overlong) or 0xF5+ */
	}
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) /* also stops at the NUL */
			return -1;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return len;
}

int text_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

size_t text_utf8_len(const char *s)
{
	size_t n = 0;
	uint32_t cp;
	int len;

	while ((len = text_utf8_decode(s, &cp)) != 0) {
		s += len > 0 ? len : 1;
		n++;
	}
	return n;
}

int text_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000;
}

/* Bytes of leading space at s, and the length of s without trailing space.
 * Invalid bytes are not space, so the trim never cuts a sequence. */
static void space_bounds(const char *s, size_t *lead, size_t *end)
{
	size_t i = 0, last = 0;
	uint32_t cp;
	int len;

	*lead = SIZE_MAX;
	while ((len = text_utf8_decode(s + i, &cp)) != 0) {
		int invalid = len < 0;
		if (invalid)
			len = 1;
		if (invalid || !text_is_space(cp)) {
			if (*lead == SIZE_MAX)
				*lead = i;
			last = i + (size_t)len;
		}
		i += (size_t)len;
	}
	if (*lead == SIZE_MAX)
		*lead = last = i;
	*end = last;
}

int text_trim(char *s)
{
	size_t lead, end;

	space_bounds(s, &lead, &end);
	memmove(s, s + lead, end - lead);
	s[end - lead] = '\0';
	return (int)(end - lead);
}

static uint32_t fold_id_char(uint32_t cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII from an input method */
		cp -= 0xFEE0;
	else if (cp == 0x3000)
		cp = ' ';
	if (cp >= 'a' && cp <= 'z')
		cp -= 'a' - 'A';
	return cp;
}

int text_normalize_id(const char *in, char *out, size_t outsz)
{
	size_t lead, end, o = 0;
	uint32_t cp;
	char enc[4];

	if (outsz == 0)
		return -1;
	out[0] = '\0';
	space_bounds(in, &lead, &end);
	for (size_t i = lead; i < end;) {
		int len = text_utf8_decode(in + i, &cp);
		if (len <= 0)
			goto fail;
		int n = text_utf8_encode(fold_id_char(cp), enc);
		if (o + (size_t)n >= outsz)
			goto fail;
		memcpy(out + o, enc, (size_t)n);
		o += (size_t)n;
		i += (size_t)len;
	}
	out[o] = '\0';
	return 0;
fail:
	out[0] = '\0';
	return -1;
}

/* 0, or why cp may not be in a field: C0, DEL, C1, line and paragraph
 * separators, and the direction overrides and isolates that make stored
 * text display differently from what it holds. */
static const char *refused_char(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)
		return N_("an invisible control character");
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
		return N_("an invisible text direction control");
	return NULL;
}

int text_check_field(const char *in, size_t max_chars, sy_err *err, const char *field)
{
	size_t n = 0;
	uint32_t cp;
	int len;

	if (!in)
		in = "";
	while ((len = text_utf8_decode(in, &cp)) != 0) {
		if (len < 0)
			return sy_fail(err, SY_INVALID, field,
				       _("The text is not valid UTF-8 at character %zu: retype it"), n + 1);
		const char *why = refused_char(cp);
		if (why)
			return sy_fail(err, SY_INVALID, field,
				       _("Character %zu is %s (U+%04X): retype the text without it"), n + 1,
				       _(why), (unsigned)cp);
		in += len;
		n++;
	}
	if (max_chars && n > max_chars)
		return sy_fail(err, SY_INVALID, field, _("The text has %zu characters; at most %zu are allowed"), n,
			       max_chars);
	sy_err_clear(err);
	return SY_OK;
}

int text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_ranges, sizeof zero_ranges / sizeof zero_ranges[0]))
		return 0;
	if (in_ranges(cp, wide_ranges, sizeof wide_ranges / sizeof wide_ranges[0]))
		return 2;
	return 1;
}

size_t text_display_width(const char *utf8)
{
	size_t w = 0;
	uint32_t cp;
	int len;

	while ((len = text_utf8_decode(utf8, &cp)) != 0) {
		if (len < 0) {
			w++;
			len = 1;
		} else {
			w += (size_t)text_cp_width(cp);
		}
		utf8 += len;
	}
	return w;
}

void text_fts_phrase(const char *frag, char *out, size_t size)
{
	char *m = out, *end = out + size - 2;
	*m++ = '"';
	for (const char *s = frag; *s && m < end - 1; s++) {
		if (*s == '"')
			*m++ = '"';
		*m++ = *s;
	}
	*m++ = '"';
	*m = '\0';
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int text_number_prefixes(const char *frag, char letter, int first_year, int last_year,
			 char out[][TEXT_NUMBER_PREFIX_SIZE], int max)
{
	size_t len = strlen(frag);
	const char *dash = strchr(frag, '-');
	size_t head = dash ? (size_t)(dash - frag) : len;
	const char *serial = dash ? dash + 1 : "";
	if (max < 1 || len >= TEXT_NUMBER_PREFIX_SIZE || !all_digits(serial, strlen(serial)))
		return 0;
	/* From the letter: the number's own prefix. */
	if (frag[0] == letter && head <= 5 && all_digits(frag + 1, head - 1) && (dash || head >= 2)) {
		memcpy(out[0], frag, len + 1);
		return 1;
	}
	/* Across the dash: the end of a year, then the start of the serial. */
	if (!dash || head < 1 || head > 4 || !all_digits(frag, head))
		return 0;
	int n = 0;
	for (int year = last_year; year >= first_year && n < max; year--) {
		char start[8];
		snprintf(start, sizeof start, "%04d", year % 10000);
		if (memcmp(start + 4 - head, frag, head) == 0)
			snprintf(out[n++], TEXT_NUMBER_PREFIX_SIZE, "%c%s-%s", letter, start, serial);
	}
	return n;
}

/* Up to `max` digits at *p into *out; how many were read. */
static int digits(const char **p, int max, int *out)
{
	int n = 0;
	*out = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		*out = *out * 10 + (**p - '0');
		(*p)++, n++;
	}
	return n;
}

/* A separator between the parts of a date: - / . or 年 月 (UTF-8). */
static int date_separator(const char **p)
{
	if (**p == '-' || **p == '/' || **p == '.') {
		(*p)++;
		return 1;
	}
	if (strncmp(*p, "年", 3) == 0 || strncmp(*p, "月", 3) == 0) {
		*p += 3;
		return 1;
	}
	return 0;
}

int text_date(const char *in, char out[11])
{
	char norm[64];
	int y, m, d;
	if (text_normalize_id(in ? in : "", norm, sizeof norm) != 0)
		return TEXT_DATE_SHAPE;
	const char *p = norm;
	if (digits(&p, 4, &y) != 4)
		return TEXT_DATE_SHAPE;
	if (date_separator(&p)) {
		if (digits(&p, 2, &m) < 1 || !date_separator(&p) || digits(&p, 2, &d) < 1)
			return TEXT_DATE_SHAPE;
		if (strcmp(p, "日") == 0)
			p += 3;
	} else if (digits(&p, 2, &m) != 2 || digits(&p, 2, &d) != 2) {
		return TEXT_DATE_SHAPE;
	}
	if (*p)
		return TEXT_DATE_SHAPE;
	if (y < 1900 || !date_exists(y, m, d))
		return TEXT_DATE_UNREAL;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u); /* four, two, two digits */
	return 0;
}

int text_has_wide(const char *s)
{
	while (s && *s) {
		uint32_t cp;
		int n = text_utf8_decode(s, &cp);
		if (n <= 0)
			return 0;
		if (text_cp_width(cp) == 2)
			return 1;
		s += n;
	}
	return 0;
}

/* ---- terminal-safe output ---- */

static size_t put_escaped(const struct text_safe *s, uint32_t cp, char *out)
{
	if (!s->json) {
		*out = '?';
		return 1;
	}
	return (size_t)sprintf(out, "\\u%04x", (unsigned)cp);
}

/* The length of a sequence to look at starting with byte c: 1, or 2 for
 * C2 (C1 controls), 3 for E2 (the separators and direction marks). */
static int lead_len(unsigned char c) { return c == 0xc2 ? 2 : c == 0xe2 ? 3 : 1; }

static size_t filter_one(const struct text_safe *s, const unsigned char *p, int len, char *out)
{
	if (len == 1) {
		unsigned char c = p[0];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return put_escaped(s, c, out);
		*out = (char)c;
		return 1;
	}
	if (len == 2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return put_escaped(s, 0x80 + (uint32_t)(p[1] - 0x80), out);
	if (len == 3 && ((p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
		return put_escaped(s, 0x2000 + (uint32_t)((p[1] - 0x80) << 6) + (uint32_t)(p[2] - 0x80), out);
	memcpy(out, p, (size_t)len);
	return (size_t)len;
}

size_t text_safe_filter(struct text_safe *s, const char *in, size_t n, char *out)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t used = 0, i = 0;
	while (i < n || s->nheld) {
		unsigned char seq[3];
		int have = 0;
		if (s->nheld) {
			memcpy(seq, s->held, (size_t)s->nheld);
			have = s->nheld;
			s->nheld = 0;
		} else {
			seq[have++] = p[i++];
		}
		int want = lead_len(seq[0]);
		while (have < want && i < n)
			seq[have++] = p[i++];
		int whole = 1; /* the bytes so far continue the lead */
		for (int k = 1; k < have && k < want; k++)
			whole &= (seq[k] & 0xc0) == 0x80;
		if (whole && have < want) { /* the rest comes with the next write */
			memcpy(s->held, seq, (size_t)have);
			s->nheld = have;
			return used;
		}
		/* not the sequence it began: the lead alone, the rest looked at again */
		int len = whole ? want : 1;
		used += filter_one(s, seq, len, out + used);
		if (len < have) {
			memcpy(s->held, seq + len, (size_t)(have - len));
			s->nheld = have - len;
		}
	}
	return used;
}

size_t text_safe_flush(struct text_safe *s, char *out)
{
	/* A character cut off at the end is no character: shown as '?', so
	 * that what is printed next cannot complete it into a control. */
	size_t n = (size_t)s->nheld;
	memset(out, '?', n);
	s->nheld = 0;
	return n;
}
