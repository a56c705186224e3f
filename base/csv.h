/* A streaming RFC 4180 CSV reader for spreadsheet exports: quoted fields,
 * doubled quotes, CRLF or LF, a UTF-8 byte order mark. Refuses broken
 * quoting, text that is not UTF-8, over-long records and huge files, each
 * with the line number. */
#ifndef SY_CSV_H
#define SY_CSV_H
#include <stdio.h>

#include "base/err.h"

#define CSV_MAX_RECORD (64 * 1024)
#define CSV_MAX_FIELDS 128

struct csv_reader;

struct csv_reader *csv_open(FILE *in);
/* Read from memory (tests, fuzzing). The buffer must outlive the reader. */
struct csv_reader *csv_open_memory(const char *data, size_t len);
void csv_close(struct csv_reader *r);

/* Next record: 1 and its fields (valid until the next call), 0 at the end,
 * -1 on an error (err has the line). */
int csv_next(struct csv_reader *r, char ***fields, int *count, sy_err *err);
/* Line on which the last record started (1-based). */
long csv_line(const struct csv_reader *r);
/* Bytes consumed so far (for progress). */
long long csv_offset(const struct csv_reader *r);

/* ---- writing: every CSV the program writes goes through here ---- */

/* One field, quoted when it holds a comma, quote or line break. A field a
 * spreadsheet would take for a formula (one starting with =, +, -, @, a
 * tab or a carriage return, other than a plain number) is written with an
 * apostrophe in front, so that opening the file never runs it. */
void csv_write_field(FILE *f, const char *s);
/* The end of a record (CRLF, as RFC 4180 and spreadsheets expect). */
void csv_write_end(FILE *f);
/* 1 when s would be neutralised by csv_write_field. */
int csv_looks_like_formula(const char *s);
#endif
