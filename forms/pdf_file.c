/* Atomic file writes for rendered documents. */
#include "forms/pdf_file.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/util.h"

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Open a new temporary file next to path; returns the descriptor. */
static int open_temp(const char *path, char **tmp_out)
{
	static unsigned counter;
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	char *base_copy = xstrdup(path);
	const char *base = basename(base_copy);
	int fd = -1;
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		char *tmp = xasprintf("%s/.%s.%ld.%u.tmp", dir, base, (long)getpid(), counter++);
		/* O_EXCL: never reuse someone else's file; mode 0666 so the umask applies */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0)
			*tmp_out = tmp;
		else
			free(tmp);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	free(copy);
	free(base_copy);
	return fd;
}

/* Temporary files of this name left by a writer that was killed (power
 * cut, kill -9): removed when their process is gone, so they do not pile
 * up next to the documents. */
static void remove_stale(const char *path)
{
	char *dir_copy = xstrdup(path), *base_copy = xstrdup(path);
	const char *dir = dirname(dir_copy), *base = basename(base_copy);
	char *prefix = xasprintf(".%s.", base);
	size_t plen = strlen(prefix);
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n <= plen + 4 || strncmp(e->d_name, prefix, plen) != 0 || strcmp(e->d_name + n - 4, ".tmp") != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + plen, &end, 10);
		if (pid <= 0 || *end != '.' || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *stale = xasprintf("%s/%s", dir, e->d_name);
		unlink(stale);
		free(stale);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir_copy);
	free(base_copy);
}

int pdf_file_open(struct pdf_file *f, const char *path, sy_err *err)
{
	memset(f, 0, sizeof *f);
	f->fd = -1;
	f->path = path;
	if (!path || !*path)
		return sy_fail(err, SY_INVALID, "output", _("No output file given; name the PDF file to write."));
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sy_fail(err, SY_INVALID, "output", _("Cannot write %s: it is a folder. Give a file name."), path);
	remove_stale(path);
	f->fd = open_temp(path, &f->tmp);
	if (f->fd < 0)
		return sy_fail(err, SY_ENV, "output", _("Cannot create %s: %s. Check the folder exists and is writable."),
			       path, strerror(errno));
	return SY_OK;
}

static int write_failed(struct pdf_file *f, int e, sy_err *err)
{
	f->status = sy_fail(err, SY_ENV, "output", _("Cannot write %s: %s. Free some disk space or choose another place."),
			    f->path, strerror(e));
	return f->status;
}

int pdf_file_put(struct pdf_file *f, const void *data, size_t len, sy_err *err)
{
	if (f->status != SY_OK)
		return f->status;
	if (write_all(f->fd, data, len) < 0)
		return write_failed(f, errno, err);
	return SY_OK;
}

void pdf_file_abort(struct pdf_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp) {
		unlink(f->tmp);
		free(f->tmp);
	}
	f->fd = -1;
	f->tmp = NULL;
}

int pdf_file_commit(struct pdf_file *f, sy_err *err)
{
	int status = f->status;
	if (status == SY_OK && fsync(f->fd) < 0)
		status = write_failed(f, errno, err);
	if (status == SY_OK) {
		int rc = close(f->fd);
		f->fd = -1;
		if (rc < 0)
			status = write_failed(f, errno, err);
	}
	if (status == SY_OK && rename(f->tmp, f->path) < 0)
		status = sy_fail(err, SY_ENV, "output", _("Cannot write %s: %s. Check the folder is writable."), f->path,
				 strerror(errno));
	if (status != SY_OK) {
		pdf_file_abort(f);
		return status;
	}
	/* The folder is not synced after the rename: a crash right then leaves
	 * the previous file (or none), never a partial one, and every document
	 * can be made again from the database, which is the record. */
	free(f->tmp);
	f->tmp = NULL;
	return SY_OK;
}

int pdf_file_write(const char *path, const void *data, size_t len, sy_err *err)
{
	struct pdf_file f;
	int status = pdf_file_open(&f, path, err);
	if (status != SY_OK)
		return status;
	pdf_file_put(&f, data, len, err);
	return pdf_file_commit(&f, err);
}
