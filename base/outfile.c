/* Output files that never follow a planted link: see base/outfile.h. */
#include "base/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/perm.h"
#include "base/util.h"

unsigned sy_umask(void)
{
	mode_t m = umask(077);
	umask(m);
	return (unsigned)m;
}

/* path split into its folder and its last name ("." when there is no slash). */
static void split_path(const char *path, char **dir, char **name)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		*dir = xstrdup(".");
		*name = xstrdup(path);
	} else {
		*dir = slash == path ? xstrdup("/") : xasprintf("%.*s", (int)(slash - path), path);
		*name = xstrdup(slash + 1);
	}
}

static char *temp_name(const char *name)
{
	unsigned char rnd[6];
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) /* never blocks once the system is up */
		sy_fatal("no random numbers from the kernel");
	return xasprintf(".%s.%ld.%02x%02x%02x%02x%02x%02x.tmp", name, (long)getpid(), rnd[0], rnd[1], rnd[2], rnd[3],
			 rnd[4], rnd[5]);
}

static int create_in(int dirfd, const char *name, int mode, char **tmp_out)
{
	for (int attempt = 0; attempt < 20; attempt++) {
		char *tmp = temp_name(name);
		int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd >= 0) {
			*tmp_out = tmp;
			return fd;
		}
		free(tmp);
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/* Temporary files of this name left by a writer that was killed (power cut,
 * kill -9): removed when their process is gone, so they do not pile up. */
static void remove_stale(int dirfd, const char *name)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	rewinddir(d);
	char *prefix = xasprintf(".%s.", name);
	size_t plen = strlen(prefix);
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n <= plen + 4 || strncmp(e->d_name, prefix, plen) != 0 || strcmp(e->d_name + n - 4, ".tmp") != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + plen, &end, 10);
		if (pid <= 0 || *end != '.' || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		unlinkat(dirfd, e->d_name, 0);
	}
	free(prefix);
	closedir(d);
}

int sy_outfile_open(struct sy_outfile *f, const char *path, sy_err *err)
{
	memset(f, 0, sizeof *f);
	f->fd = f->dirfd = -1;
	f->path = path;
	char *dir;
	split_path(path, &dir, &f->name);
	struct stat st;
	int is_dir = !*f->name || strcmp(f->name, ".") == 0 || strcmp(f->name, "..") == 0 ||
		     (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	if (is_dir) {
		free(dir);
		FREE(&f->name);
		return f->status = sy_fail(err, SY_INVALID, "output", _("Cannot write %s: it is a folder. Give a file name."),
					   path);
	}
	f->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (f->dirfd >= 0) {
		remove_stale(f->dirfd, f->name);
		f->fd = create_in(f->dirfd, f->name, SY_OUTFILE_MODE, &f->tmp);
		if (f->fd >= 0)
			sy_perm_fd(f->fd, SY_PERM_FILE); /* owners' data: the owner and the yard's group only */
	}
	if (f->fd < 0) {
		int e = errno;
		sy_outfile_abort(f);
		return f->status = sy_fail(err, SY_ENV, "output",
					   _("Cannot create %s: %s. Check the folder exists and is writable."), path, strerror(e));
	}
	return SY_OK;
}

static int write_failed(struct sy_outfile *f, int e, sy_err *err)
{
	f->status = sy_fail(err, SY_ENV, "output", _("Cannot write %s: %s. Free some disk space or choose another place."),
			    f->path, strerror(e));
	return f->status;
}

int sy_outfile_put(struct sy_outfile *f, const void *data, size_t len, sy_err *err)
{
	const unsigned char *p = data;
	if (f->status != SY_OK)
		return f->status;
	if (f->stream)
		return fwrite(data, 1, len, f->stream) == len ? SY_OK : write_failed(f, errno ? errno : EIO, err);
	while (len) {
		ssize_t n = write(f->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return write_failed(f, errno, err);
		p += n;
		len -= (size_t)n;
	}
	return SY_OK;
}

FILE *sy_outfile_stream(struct sy_outfile *f)
{
	if (!f->stream && f->fd >= 0 && !(f->stream = fdopen(f->fd, "w")))
		sy_fatal("out of memory");
	return f->stream;
}

void sy_outfile_abort(struct sy_outfile *f)
{
	if (f->stream)
		fclose(f->stream);
	else if (f->fd >= 0)
		close(f->fd);
	if (f->tmp && f->dirfd >= 0)
		unlinkat(f->dirfd, f->tmp, 0);
	if (f->dirfd >= 0)
		close(f->dirfd);
	FREE(&f->tmp);
	FREE(&f->name);
	f->stream = NULL;
	f->fd = f->dirfd = -1;
}

/* Flush and close the file; SY_OK or the first failure. */
static int close_file(struct sy_outfile *f, sy_err *err)
{
	int status = f->status;
	if (status == SY_OK && f->stream && (fflush(f->stream) != 0 || ferror(f->stream)))
		status = write_failed(f, errno ? errno : EIO, err);
	if (status == SY_OK && fsync(f->fd) < 0)
		status = write_failed(f, errno, err);
	int rc = f->stream ? fclose(f->stream) : close(f->fd);
	int e = errno;
	f->stream = NULL;
	f->fd = -1;
	if (status == SY_OK && rc != 0)
		status = write_failed(f, e, err);
	return status;
}

int sy_outfile_commit(struct sy_outfile *f, sy_err *err)
{
	int status = close_file(f, err);
	if (status == SY_OK && renameat(f->dirfd, f->tmp, f->dirfd, f->name) < 0)
		status = sy_fail(err, SY_ENV, "output", _("Cannot write %s: %s. Check the folder is writable."), f->path,
				 strerror(errno));
	if (status == SY_OK)
		FREE(&f->tmp); /* in place: nothing to remove */
	/* The folder is not synced after the rename: a crash right then leaves
	 * the previous file (or none), never a partial one. */
	sy_outfile_abort(f);
	return status;
}

int sy_outfile_write(const char *path, const void *data, size_t len, sy_err *err)
{
	struct sy_outfile f;
	int status = sy_outfile_open(&f, path, err);
	if (status != SY_OK)
		return status;
	sy_outfile_put(&f, data, len, err);
	return sy_outfile_commit(&f, err);
}

int sy_outfile_temp_beside(const char *target, int mode, char **out)
{
	char *dir, *name;
	split_path(target, &dir, &name);
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1;
	char *tmp = NULL;
	if (dirfd >= 0) {
		remove_stale(dirfd, name);
		fd = create_in(dirfd, name, mode, &tmp);
	}
	int e = errno;
	if (fd >= 0)
		*out = strcmp(dir, ".") == 0 ? xstrdup(tmp) : xasprintf("%s%s%s", dir, strcmp(dir, "/") ? "/" : "", tmp);
	if (dirfd >= 0)
		close(dirfd);
	free(tmp);
	free(dir);
	free(name);
	errno = e;
	return fd;
}
