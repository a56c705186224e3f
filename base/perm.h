/* The modes of what holds the yard's records: the database and its -wal and
 * -shm, certificates, photos, exports, backups. Owners' names and ID numbers
 * are in all of them, so they are made readable by their owner and the
 * yard's group only (0660 files, 0770 folders; photos 0440, never changed),
 * whatever the umask of the shell that started the program, and given the
 * group "scrapyard" when that group exists and this user may give it. */
#ifndef SY_PERM_H
#define SY_PERM_H
#include <fcntl.h>
#include <sys/types.h>

#define SY_PERM_FILE 0660
#define SY_PERM_DIR 0770
#define SY_PERM_GROUP "scrapyard"

/* A file or folder just made, open as fd: mode exactly (the umask does not
 * take from it) and the yard's group. 0, or -1 with errno when the mode
 * could not be set (the group is best effort). */
int sy_perm_fd(int fd, mode_t mode);
/* mkdir with SY_PERM_DIR, whatever the umask: 0 when made or already a
 * folder there (then left as it is), -1 with errno. dirfd may be AT_FDCWD. */
int sy_perm_mkdirat(int dirfd, const char *path);
static inline int sy_perm_mkdir(const char *path) { return sy_perm_mkdirat(AT_FDCWD, path); }
/* The group id of SY_PERM_GROUP, or (gid_t)-1 when it does not exist. */
gid_t sy_perm_group(void);

#endif
