#include "base/csv.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

struct csv_reader {
	FILE *in;
	const char *mem;
	size_t mem_len, mem_pos;
	long line, record_line;
	long long offset;
	char *buf; /* the record's field text, NUL-separated */
	size_t len;
	char *fields[CSV_MAX_FIELDS];
	int first;
};

static struct csv_reader *reader_new(void)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->buf = xmalloc(CSV_MAX_RECORD + 1);
	r->line = 1;
	r->first = 1;
	return r;
}

struct csv_reader *csv_open(FILE *in)
{
	struct csv_reader *r = reader_new();
	r->in = in;
	return r;
}

struct csv_reader *csv_open_memory(const char *data, size_t len)
{
	struct csv_reader *r = reader_new();
	r->mem = data;
	r->mem_len = len;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r);
}

long csv_line(const struct csv_reader *r) { return r->record_line; }
long long csv_offset(const struct csv_reader *r) { return r->offset; }

static int get(struct csv_reader *r)
{
	int c;
	if (r->in)
		c = getc_unlocked(r->in);
	else
		c = r->mem_pos < r->mem_len ? (unsigned char)r->mem[r->mem_pos++] : EOF;
	if (c != EOF)
		r->offset++;
	return c;
}

static void unget(struct csv_reader *r, int c)
{
	if (c == EOF)
		return;
	r->offset--;
	if (r->in)
		ungetc(c, r->in);
	else
		r->mem_pos--;
}

static int fail(struct csv_reader *r, sy_err *err, const char *msg)
{
	return sy_fail(err, SY_INVALID, "csv", _("line %ld: %s"), r->record_line, msg), -1;
}

static int put(struct csv_reader *r, int c)
{
	if (r->len >= CSV_MAX_RECORD)
		return -1;
	r->buf[r->len++] = (char)c;
	return 0;
}

/* States of one record. */
enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

static int end_field(struct csv_reader *r, int *count, sy_err *err)
{
	if (*count >= CSV_MAX_FIELDS)
		return fail(r, err, _("too many columns (at most 128)"));
	if (put(r, '\0') != 0)
		return fail(r, err, _("the record is longer than 64 KiB"));
	(*count)++;
	return 0;
}

static int valid_utf8(const char *s)
{
	uint32_t cp;
	int n;
	while ((n = text_utf8_decode(s, &cp)) > 0)
		s += n;
	return n == 0;
}

static int check_fields(struct csv_reader *r, int count, sy_err *err)
{
	char *p = r->buf;
	for (int i = 0; i < count; i++) {
		r->fields[i] = p;
		if (!valid_utf8(p))
			return fail(r, err, _("the text is not UTF-8: save the spreadsheet as \"CSV UTF-8\" and try again"));
		p += strlen(p) + 1;
	}
	return 0;
}

int csv_next(struct csv_reader *r, char ***fields, int *count, sy_err *err)
{
	int state = FIELD_START, c, n = 0;
	size_t field_start = 0;
	r->len = 0;
	r->record_line = r->line;
	if (r->first) {
		r->first = 0;
		int a = get(r), b = a == 0xEF ? get(r) : EOF, d = b == 0xBB ? get(r) : EOF;
		if (!(a == 0xEF && b == 0xBB && d == 0xBF)) {
			unget(r, d);
			unget(r, b);
			if (!(a == 0xEF && b == 0xBB))
				unget(r, a);
		}
	}
	for (;;) {
		c = get(r);
		if (state == QUOTED) {
			if (c == EOF)
				return fail(r, err, _("a quoted field is never closed (missing \")"));
			if (c == '"')
				state = QUOTE_IN_QUOTED;
			else if (c == '\0')
				return fail(r, err, _("the file contains NUL bytes: it is not a text CSV file"));
			else {
				if (c == '\n')
					r->line++;
				if (put(r, c) != 0)
					return fail(r, err, _("the record is longer than 64 KiB"));
			}
			continue;
		}
		if (state == QUOTE_IN_QUOTED) {
			if (c == '"') {
				state = QUOTED;
				if (put(r, '"') != 0)
					return fail(r, err, _("the record is longer than 64 KiB"));
				continue;
			}
			if (c != ',' && c != '\n' && c != '\r' && c != EOF)
				return fail(r, err, _("text after a closing quote: a quote inside a field must be doubled (\"\")"));
			state = UNQUOTED;
		}
		if (c == '\r') {
			int next = get(r);
			if (next != '\n')
				unget(r, next);
			c = '\n';
		}
		if (c == EOF && n == 0 && r->len == 0 && state == FIELD_START)
			return 0;
		if (c == ',' || c == '\n' || c == EOF) {
			if (end_field(r, &n, err) != 0)
				return -1;
			field_start = r->len;
			state = FIELD_START;
			if (c == ',')
				continue;
			if (c == '\n')
				r->line++;
			/* A blank line is no record. */
			if (n == 1 && r->buf[0] == '\0') {
				if (c == EOF)
					return 0;
				n = 0;
				r->len = 0;
				r->record_line = r->line;
				continue;
			}
			if (check_fields(r, n, err) != 0)
				return -1;
			*fields = r->fields;
			*count = n;
			return 1;
		}
		if (c == '\0')
			return fail(r, err, _("the file contains NUL bytes: it is not a text CSV file"));
		if (c == '"') {
			if (state != FIELD_START || r->len != field_start)
				return fail(r, err, _("a quote in the middle of an unquoted field: quote the whole field"));
			state = QUOTED;
			continue;
		}
		state = UNQUOTED;
		if (put(r, c) != 0)
			return fail(r, err, _("the record is longer than 64 KiB"));
	}
}

/* ---- writing ---- */

/* "-12.5", "+3", "1e5": a number, which no spreadsheet runs. */
static int plain_number(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	int digits = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits && (*s == 'e' || *s == 'E')) {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (*s < '0' || *s > '9')
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return digits > 0 && !*s;
}

int csv_looks_like_formula(const char *s)
{
	return s && strchr("=+-@\t\r", *s) && *s && !plain_number(s);
}

void csv_write_field(FILE *f, const char *s)
{
	if (!s)
		s = "";
	int formula = csv_looks_like_formula(s);
	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csv_write_end(FILE *f) { fputs("\r\n", f); }
