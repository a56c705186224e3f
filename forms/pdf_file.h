/* Writing a finished document to disk without ever leaving half a file:
 * the PDF's face of base/outfile.h (a random temporary name created
 * without following links, fsync, rename over the target). */
#ifndef SY_PDF_FILE_H
#define SY_PDF_FILE_H
#include <stddef.h>

#include "base/err.h"
#include "base/outfile.h"

/* Write data to path. On failure the temporary file is removed, path is
 * left as it was, and err says what happened. */
int pdf_file_write(const char *path, const void *data, size_t len, sy_err *err);

/* The same in steps, for data that comes in pieces: open, put..., then
 * commit or abort (either one releases f). */
struct pdf_file {
	struct sy_outfile out;
};
int pdf_file_open(struct pdf_file *f, const char *path, sy_err *err);
int pdf_file_put(struct pdf_file *f, const void *data, size_t len, sy_err *err);
int pdf_file_commit(struct pdf_file *f, sy_err *err);
void pdf_file_abort(struct pdf_file *f);

#endif
