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
#endif
