/* The one way the program creates a file for its output: PDFs, labels,
 * CSV reports, export files, backups.
 *
 * The data goes into a new file with a random name in the target's folder,
 * created with O_CREAT | O_EXCL | O_NOFOLLOW (a name planted in advance, a
 * symbolic link above all, is never opened), is flushed to the disk, and
 * is then renamed over the target inside the same open folder. A link at
 * the target's name is replaced, never followed; a failure removes the
 * temporary file and leaves the target as it was. Files made by
 * sy_outfile_open are readable by their owner and group only (0660,
 * whatever the umask: base/perm.h); sy_outfile_temp_beside gives the mode
 * asked less the umask. */
#ifndef SY_OUTFILE_H
#define SY_OUTFILE_H
#include <stdio.h>

#include "base/err.h"

#define SY_OUTFILE_MODE 0666

struct sy_outfile {
	int dirfd;        /* the target's folder, opened once */
	int fd;           /* the temporary file */
	FILE *stream;     /* over fd, once sy_outfile_stream was called */
	char *name;       /* the target's name inside the folder */
	char *tmp;        /* the temporary file's name inside the folder */
	const char *path; /* as given, for messages */
	int status;
};

/* Open a temporary file for path. SY_OK, or err says why (a folder given
 * as the file, a folder that is missing or not writable). */
int sy_outfile_open(struct sy_outfile *f, const char *path, sy_err *err);
/* Append bytes; a failure is kept and reported again by the commit. */
int sy_outfile_put(struct sy_outfile *f, const void *data, size_t len, sy_err *err);
/* A stdio stream over the file, for writers that print (CSV). Do not fclose it. */
FILE *sy_outfile_stream(struct sy_outfile *f);
/* Flush, fsync, close and rename into place; or remove the temporary file
 * when anything failed. Either way f is released. */
int sy_outfile_commit(struct sy_outfile *f, sy_err *err);
/* Give up: the temporary file is removed, the target untouched. */
void sy_outfile_abort(struct sy_outfile *f);
/* All of it at once. */
int sy_outfile_write(const char *path, const void *data, size_t len, sy_err *err);

/* A new file named like target with a random part (".NAME.PID.RANDOM.tmp"
 * beside it), created O_CREAT | O_EXCL | O_NOFOLLOW with mode. Returns the
 * descriptor and *out the malloc'd path; -1 with errno on failure. For
 * files another library then opens by name (SQLite, with its own
 * NOFOLLOW flag). */
int sy_outfile_temp_beside(const char *target, int mode, char **out);

/* The current umask, without changing it. */
unsigned sy_umask(void);

#endif
