/* A backup comes back on a stick, and a recovery code is typed by a person:
 * both are outside bytes. Any file must be refused cleanly by the unsealing
 * (only the key's own seal opens), any bytes sealed must open to the same
 * bytes, and any text as a recovery code must give a refusal or a key whose
 * own code gives it again. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "db/backup_crypt.h"

static int file_of(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) || lseek(fd, 0, SEEK_SET) != 0)
		abort();
	return fd;
}

static void check_refused(const uint8_t *data, size_t size, const struct backup_key *k)
{
	int in = file_of(data, size), write_errno = 0;
	sy_err err = {0};
	if (backup_unseal(in, -1, k, "fuzz", &write_errno, &err) == SY_OK)
		abort(); /* bytes nobody sealed taken as a backup */
	close(in);
}

static void check_round_trip(const uint8_t *data, size_t size, const struct backup_key *k)
{
	int in = file_of(data, size), sealed = memfd_create("sealed", 0), back = memfd_create("back", 0), write_errno = 0;
	sy_err err = {0};
	if (sealed < 0 || back < 0 || backup_seal(in, (int64_t)size, sealed, k) != 0 || lseek(sealed, 0, SEEK_SET) != 0)
		abort();
	if (backup_unseal(sealed, back, k, "fuzz", &write_errno, &err) != SY_OK)
		abort();
	uint8_t *got = malloc(size + 1);
	if (!got || lseek(back, 0, SEEK_SET) != 0 || read(back, got, size + 1) != (ssize_t)size ||
	    memcmp(got, data, size) != 0)
		abort();
	free(got);
	close(in);
	close(sealed);
	close(back);
}

static void check_code(const uint8_t *data, size_t size)
{
	char text[160], again[BACKUP_CODE_SIZE];
	size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
	memcpy(text, data, n);
	text[n] = '\0';
	struct backup_key k, k2;
	sy_err err = {0};
	if (backup_key_from_code(text, &k, &err) != SY_OK)
		return;
	backup_key_code(&k, again);
	if (backup_key_from_code(again, &k2, &err) != SY_OK || memcmp(k.key, k2.key, sizeof k.key) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct backup_key k;
	memset(&k, 0, sizeof k);
	memset(k.key, 0x5a, sizeof k.key);
	strcpy(k.id, "5a5a5a5a5a5a5a5a");
	check_refused(data, size, &k);
	if (size <= 4096)
		check_round_trip(data, size, &k);
	check_code(data, size);
	return 0;
}
