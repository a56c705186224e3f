/* Writing a finished document to disk without ever leaving half a file. */
#ifndef SY_PDF_FILE_H
#define SY_PDF_FILE_H
#include <stddef.h>

#include "db/err.h"

/* Write data to path: a temporary file in the same folder, fsync, rename over
 * path, fsync the folder. On failure the temporary file is removed, path is
 * left as it was, and err says what happened. */
int pdf_file_write(const char *path, const void *data, size_t len, sy_err *err);

#endif
