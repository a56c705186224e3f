/* The encryption of a backup by itself: a database file sealed into a new
 * file (the same writes as a backup's), then read back and authenticated,
 * as backup_write does. Prints MB/s of each, median of ROUNDS.
 * usage: seal_bench DB SCRATCH_DIR ROUNDS */
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/backup_crypt.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 4 || sodium_init() < 0) {
		fprintf(stderr, "usage: seal_bench DB SCRATCH_DIR ROUNDS\n");
		return 2;
	}
	int rounds = atoi(argv[3]);
	if (rounds < 1 || rounds > 50)
		rounds = 3;
	struct backup_key k;
	randombytes_buf(k.key, sizeof k.key);
	snprintf(k.id, sizeof k.id, "%s", "0000000000000000");
	char out_path[4096];
	snprintf(out_path, sizeof out_path, "%s/seal_bench.out", argv[2]);
	double seal[50], open_[50];
	struct stat st;
	if (stat(argv[1], &st) != 0) {
		perror(argv[1]);
		return 1;
	}
	double mb = (double)st.st_size / 1e6;
	for (int r = 0; r < rounds; r++) {
		int in = open(argv[1], O_RDONLY), out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		double t0 = now();
		if (in < 0 || out < 0 || backup_seal(in, st.st_size, out, &k) != 0 || fsync(out) != 0) {
			perror("seal");
			return 1;
		}
		double t1 = now();
		close(in);
		close(out);
		int back = open(out_path, O_RDONLY), werr = 0;
		sy_err err = {0};
		if (back < 0 || backup_unseal(back, -1, &k, out_path, &werr, &err) != SY_OK) {
			fprintf(stderr, "unseal: %s\n", err.msg);
			return 1;
		}
		double t2 = now();
		close(back);
		seal[r] = mb / (t1 - t0);
		open_[r] = mb / (t2 - t1);
	}
	unlink(out_path);
	qsort(seal, (size_t)rounds, sizeof seal[0], by_value);
	qsort(open_, (size_t)rounds, sizeof open_[0], by_value);
	printf("bench backup_seal_MBps: %.0f MB/s (median of %d, %.0f MB, sealed and fsynced)\n", seal[rounds / 2], rounds, mb);
	printf("bench backup_readback_MBps: %.0f MB/s (median of %d, every chunk authenticated)\n", open_[rounds / 2], rounds);
	return 0;
}
