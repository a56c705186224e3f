/* Modes of the yard's files and folders: see base/perm.h. */
#include "base/perm.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

gid_t sy_perm_group(void)
{
	static int looked;
	static gid_t gid = (gid_t)-1;
	if (!looked) {
		struct group *g = getgrnam(SY_PERM_GROUP);
		gid = g ? g->gr_gid : (gid_t)-1;
		looked = 1;
	}
	return gid;
}

int sy_perm_fd(int fd, mode_t mode)
{
	gid_t gid = sy_perm_group();
	/* Only a member of the group (or root) may give it: otherwise the file
	 * keeps this user's group, which the mode still limits to. */
	if (gid != (gid_t)-1) {
		int e = errno;
		if (fchown(fd, (uid_t)-1, gid) != 0)
			errno = e;
	}
	return fchmod(fd, mode);
}

int sy_perm_mkdirat(int dirfd, const char *path)
{
	if (mkdirat(dirfd, path, SY_PERM_DIR) != 0) {
		struct stat st;
		int e = errno;
		if (e == EEXIST && fstatat(dirfd, path, &st, 0) == 0 && S_ISDIR(st.st_mode))
			return 0;
		errno = e; /* EEXIST: something else is there, for the caller to name */
		return -1;
	}
	/* Made now: its mode without the umask. Opened without following a link,
	 * so a name swapped in meanwhile is not changed. */
	int fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = sy_perm_fd(fd, SY_PERM_DIR);
	int e = errno;
	close(fd);
	errno = e;
	return rc;
}
