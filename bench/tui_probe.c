/* Starts the full-screen program in a pseudo-terminal of 80x24 and measures
 * what a clerk feels: cold start to the first full screen, resident memory,
 * and keystroke to redrawn screen in the search view.
 *   tui_probe SCRAPYARD DB RUNS */
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Read until `want` has been seen (or `quiet_ms` of silence after any output
 * when want is NULL); returns the time of the last byte read, or -1. */
static double read_until(int fd, const char *want, int quiet_ms, int timeout_ms)
{
	static char seen[1 << 16];
	size_t len = 0;
	double start = now_ms(), last = -1;
	for (;;) {
		int wait = want ? timeout_ms : (last < 0 ? timeout_ms : quiet_ms);
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, wait) <= 0)
			return want ? -1 : last;
		char buf[4096];
		ssize_t n = read(fd, buf, sizeof buf);
		if (n <= 0)
			return -1;
		last = now_ms();
		if (want) {
			if (len + (size_t)n >= sizeof seen)
				len = 0;
			memcpy(seen + len, buf, (size_t)n);
			len += (size_t)n;
			seen[len] = '\0';
			if (memmem(seen, len, want, strlen(want)))
				return last;
		}
		if (now_ms() - start > timeout_ms)
			return -1;
	}
}

static long rss_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, field, strlen(field)) == 0)
			kb = atol(line + strlen(field) + 1);
	if (f)
		fclose(f);
	return kb;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return fprintf(stderr, "usage: tui_probe SCRAPYARD DB RUNS\n"), 1;
	int runs = atoi(argv[3]);
	double start[64], key[64];
	long rss = 0;
	if (runs > 64)
		runs = 64;
	for (int r = 0; r < runs; r++) {
		struct winsize ws = {.ws_row = 24, .ws_col = 80};
		int fd;
		double t0 = now_ms();
		pid_t pid = forkpty(&fd, NULL, NULL, &ws);
		if (pid == 0) {
			setenv("TERM", "xterm-256color", 1);
			setenv("LANG", "C.UTF-8", 1);
			execl(argv[1], argv[1], "--db", argv[2], "--lang", "en", (char *)NULL);
			_exit(127);
		}
		/* The function-key bar is drawn with the first full screen. */
		double shown = read_until(fd, "F10", 0, 5000);
		start[r] = shown < 0 ? 9999 : shown - t0;
		read_until(fd, NULL, 30, 200);
		if (write(fd, "/", 1) != 1)
			return 2;
		read_until(fd, NULL, 30, 2000);
		/* One keystroke of a search fragment, to the last byte of the redraw. */
		const char *keys = "0427";
		double sum = 0;
		for (const char *k = keys; *k; k++) {
			double t = now_ms();
			if (write(fd, k, 1) != 1)
				return 2;
			double done = read_until(fd, NULL, 25, 2000);
			sum += done < 0 ? 2000 : done - t;
		}
		key[r] = sum / strlen(keys);
		long kb = rss_kb(pid, "VmHWM:");
		if (kb > rss)
			rss = kb;
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		close(fd);
	}
	printf("bench tui_cold_start: %.1f ms (target < 50 ms)\n", median(start, runs));
	printf("bench tui_resident_memory: %.1f MB (peak; target < 16 MB)\n", rss / 1024.0);
	printf("bench tui_keystroke_to_screen: %.2f ms (search view)\n", median(key, runs));
	return 0;
}
