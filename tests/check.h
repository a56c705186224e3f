/* A tiny unit-test harness: each tests/unit/test_*.c is its own program.
 * It prints one TAP-like line per check ("ok N - name" / "not ok N - name")
 * and tests/run adds them up. */
#ifndef SY_CHECK_H
#define SY_CHECK_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_count, check_failed;

static inline int check_report(int ok, const char *file, int line, const char *what, const char *detail)
{
	check_count++;
	if (ok) {
		printf("ok %d - %s\n", check_count, what);
	} else {
		check_failed++;
		printf("not ok %d - %s (%s:%d)%s%s\n", check_count, what, file, line, detail ? ": " : "", detail ? detail : "");
	}
	fflush(stdout);
	return ok;
}

#define CHECK(cond) check_report(!!(cond), __FILE__, __LINE__, #cond, NULL)
#define CHECK_MSG(cond, name) check_report(!!(cond), __FILE__, __LINE__, name, NULL)

#define CHECK_STR(got, want)                                                              \
	do {                                                                              \
		const char *got_ = (got), *want_ = (want);                                \
		char detail_[512];                                                        \
		snprintf(detail_, sizeof detail_, "got \"%s\", want \"%s\"", got_ ? got_ : "(null)", \
			 want_ ? want_ : "(null)");                                       \
		check_report(got_ && want_ && strcmp(got_, want_) == 0, __FILE__, __LINE__,    \
			     #got " == " #want, detail_);                                 \
	} while (0)

#define CHECK_INT(got, want)                                                              \
	do {                                                                              \
		long long got_ = (long long)(got), want_ = (long long)(want);             \
		char detail_[128];                                                        \
		snprintf(detail_, sizeof detail_, "got %lld, want %lld", got_, want_);    \
		check_report(got_ == want_, __FILE__, __LINE__, #got " == " #want, detail_); \
	} while (0)

#define CHECK_NEAR(got, want, tol)                                                        \
	do {                                                                              \
		double got_ = (got), want_ = (want);                                      \
		char detail_[128];                                                        \
		snprintf(detail_, sizeof detail_, "got %.9g, want %.9g", got_, want_);    \
		check_report(fabs(got_ - want_) <= (tol), __FILE__, __LINE__, #got " ~ " #want, detail_); \
	} while (0)

/* End of main: exit status says whether every check passed. */
#define CHECK_DONE() (check_count == 0 ? (printf("not ok 1 - no checks ran\n"), 1) : check_failed != 0)

#endif
