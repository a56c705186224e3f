/* Weighing latency counted in reports: an indicator on a pseudo-terminal
 * sends readings in motion, then stable ones; the reader must show the
 * value after exactly the stability window of equal stable reports.
 *   scale_bench [WINDOW] */
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drivers/scale.h"

int main(int argc, char **argv)
{
	int window = argc > 1 ? atoi(argv[1]) : 3;
	int master, slave;
	char path[64];
	if (openpty(&master, &slave, path, NULL, NULL) != 0)
		return perror("openpty"), 2;
	struct scale_config cfg;
	scale_config_init(&cfg);
	cfg.port = path;
	cfg.protocol = "stgs";
	cfg.stable_count = window;
	struct scale *s = NULL;
	sy_err err = {0};
	int got = 0;
	if (scale_open(&cfg, &s, &err) != SY_OK)
		return fprintf(stderr, "scale_bench: %s\n", err.msg), 2;
	/* A first stale line, then the vehicle rolling on, then the settled weight. */
	const char *moving[] = {"US,GS,+0000870kg\r\n", "US,GS,+0001210kg\r\n", "US,GS,+0001376kg\r\n"};
	struct scale_reading r;
	for (size_t i = 0; i < sizeof moving / sizeof moving[0]; i++) {
		if (write(master, moving[i], strlen(moving[i])) < 0)
			return 2;
		scale_poll(s, &r, &got, 200, &err);
	}
	int reports = 0, shown = 0;
	while (!shown && reports < 50) {
		const char *line = "ST,GS,+0001380kg\r\n";
		if (write(master, line, strlen(line)) < 0)
			return 2;
		reports++;
		/* Read everything that arrived for this report. */
		while (scale_poll(s, &r, &got, 100, &err) == SY_OK && got)
			if (r.settled) {
				shown = 1;
				break;
			}
	}
	printf("bench scale_stable_reports_to_value: %d reports (window %d; %.1f kg)\n", reports, window, r.kg);
	printf("ratio scale_reports_vs_window: %.2f (ours / window; target 1.00)\n", (double)reports / window);
	scale_close(s);
	close(master);
	close(slave);
	return reports == window ? 0 : 1;
}
