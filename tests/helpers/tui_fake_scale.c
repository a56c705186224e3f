/* A weighbridge indicator on a pseudo-terminal, for the weigh-in tests of
 * the full-screen program: writes the slave's path to PATHFILE, then streams
 * "ST,GS" lines (the common continuous output) ten times a second: moving
 * ("US", a changing weight) until the file STABLEFILE exists, then stable at
 * KG. Stops after 120 seconds or when killed.
 * usage: tui_fake_scale PATHFILE STABLEFILE KG */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: tui_fake_scale PATHFILE STABLEFILE KG\n");
		return 2;
	}
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
		perror("tui_fake_scale: pty");
		return 2;
	}
	const char *slave = ptsname(master);
	/* Hold the slave open: the reader's close must not hang the line up. */
	int hold = open(slave, O_RDWR | O_NOCTTY);
	FILE *f = fopen(argv[1], "w");
	if (!slave || hold < 0 || !f) {
		perror("tui_fake_scale: slave");
		return 2;
	}
	fprintf(f, "%s\n", slave);
	fclose(f);
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	long kg = atol(argv[3]);
	char line[64], drain[256];
	for (int i = 0; i < 1200; i++) {
		int stable = access(argv[2], F_OK) == 0;
		long shown = stable ? kg : kg - 300 + (i * 37) % 250;
		snprintf(line, sizeof line, "%s,GS,+%07ldkg\r\n", stable ? "ST" : "US", shown);
		if (write(master, line, strlen(line)) < 0) {
			/* full while nobody reads: drop, as a real line would */
		}
		while (read(master, drain, sizeof drain) > 0) {
			/* echo from the slave before the reader set raw mode */
		}
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return 0;
}
