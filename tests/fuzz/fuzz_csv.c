/* Spreadsheet exports are outside bytes: any file must parse to records or a
 * clean refusal. The same bytes read from memory and through a FILE (which
 * pushes characters back) must give the same records; every field handed out
 * is valid UTF-8 and within the limits; and the import path behind the reader
 * (header mapping, form_set, vehicle_validate) must take whatever comes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csv.h"
#include "base/text.h"
#include "db/vehicle.h"
#include "forms/form.h"

#define MAX_RECORDS 256

static int valid_utf8(const char *s)
{
	uint32_t cp;
	int n;
	while ((n = text_utf8_decode(s, &cp)) > 0)
		s += n;
	return n == 0;
}

/* Flatten a record for comparison: fields joined by NUL, with a count. */
static size_t flatten(char **fields, int n, char *out, size_t size)
{
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		size_t fl = strlen(fields[i]) + 1;
		if (len + fl > size)
			abort(); /* more than a record may hold */
		memcpy(out + len, fields[i], fl);
		len += fl;
	}
	return len;
}

static void import_row(const struct form_field **columns, int ncolumns, char **fields, int n)
{
	struct vehicle v;
	sy_err err;
	vehicle_init(&v);
	for (int i = 0; i < n && i < ncolumns; i++)
		if (columns[i] && *fields[i])
			form_set(columns[i], &v, fields[i], &err);
	vehicle_validate(NULL, &v, &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char a[CSV_MAX_RECORD + CSV_MAX_FIELDS + 1], b[CSV_MAX_RECORD + CSV_MAX_FIELDS + 1];
	const struct form_field *columns[CSV_MAX_FIELDS] = {0};
	int ncolumns = 0;
	/* fmemopen refuses an empty buffer: an empty file is /dev/null. */
	FILE *f = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!f)
		return 0;
	struct csv_reader *mem = csv_open_memory((const char *)data, size), *file = csv_open(f);
	sy_err e1, e2;
	long last_line = 0;
	for (int record = 0; record < MAX_RECORDS; record++) {
		char **f1, **f2;
		int n1 = 0, n2 = 0;
		int r1 = csv_next(mem, &f1, &n1, &e1);
		size_t l1 = r1 == 1 ? flatten(f1, n1, a, sizeof a) : 0;
		int r2 = csv_next(file, &f2, &n2, &e2);
		size_t l2 = r2 == 1 ? flatten(f2, n2, b, sizeof b) : 0;
		if (r1 != r2 || n1 != n2 || l1 != l2 || memcmp(a, b, l1) != 0)
			abort(); /* the two readers disagree */
		if (r1 == -1 && (strcmp(e1.msg, e2.msg) != 0 || e1.status != 1))
			abort();
		if (r1 != 1)
			break;
		if (n1 < 1 || n1 > CSV_MAX_FIELDS || csv_line(mem) < last_line || csv_offset(mem) > (long long)size)
			abort();
		last_line = csv_line(mem);
		for (int i = 0; i < n1; i++)
			if (!valid_utf8(f1[i]))
				abort(); /* the reader promises UTF-8 */
		if (record == 0) {
			ncolumns = n1;
			for (int i = 0; i < n1; i++) {
				char name[128];
				snprintf(name, sizeof name, "%s", f1[i]);
				text_trim(name);
				columns[i] = form_find_column(&form_intake, name);
			}
		} else {
			import_row(columns, ncolumns, f1, n1);
		}
	}
	csv_close(mem);
	csv_close(file);
	fclose(f);
	return 0;
}
