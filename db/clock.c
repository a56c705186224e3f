/* The clock of the records: stock numbers, audit times, lockouts and
 * deadlines all come from db_now.
 *
 * The program that make builds and a package installs reads the system
 * clock and nothing else: a clock that the environment could set would let
 * anyone backdate records or step past a PIN lockout. The test build
 * compiles this file once more with SY_TEST_CLOCK (see the Makefile), and
 * only that build lets SCRAPYARD_NOW pin the time. */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef SY_TEST_CLOCK
/* "YYYY-MM-DD" (09:00:00 that day) or "YYYY-MM-DD HH:MM:SS". */
static int pinned_now(char out[20])
{
	const char *pinned = getenv("SCRAPYARD_NOW");
	if (!pinned || strlen(pinned) < 10)
		return 0;
	snprintf(out, 20, "%.10s %s", pinned, strlen(pinned) >= 19 ? pinned + 11 : "09:00:00");
	return 1;
}
#endif

void db_now(char out[20])
{
#ifdef SY_TEST_CLOCK
	if (pinned_now(out))
		return;
#endif
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}
