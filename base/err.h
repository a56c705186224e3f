/* Status and message passed up from the store, forms and workflows.
 * Layers below app/ never print: they fill an sy_err and return its status. */
#ifndef SY_ERR_H
#define SY_ERR_H
#include <stddef.h>

enum sy_status {
	SY_OK = 0,
	SY_INVALID = 1, /* bad input or a refused operation: the clerk can fix it */
	SY_ENV = 2,     /* the environment: database, disk, device */
};

typedef struct sy_err {
	int status;
	char field[48]; /* the input field at fault, when there is one */
	char msg[512];  /* one line, translated, saying what happened and what to do */
	/* How to do it at the command line ("--state deployed|removed",
	 * "scrapyard ship party add"), when there is a way: printed after msg
	 * by the command line, never shown by the full-screen program, whose
	 * clerks cannot use options (it says what to do in its own terms). */
	char hint[192];
} sy_err;

/* Fill err (which may be NULL) and return status; the hint is emptied. */
int sy_fail(sy_err *err, int status, const char *field, const char *fmt, ...)
	__attribute__((format(__printf__, 4, 5)));
/* Give the command-line way to an error already filled; returns its status. */
int sy_hint(sy_err *err, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
/* The message as the command line says it: "MSG (HINT)", in buf. */
const char *sy_err_line(const sy_err *err, char *buf, size_t size);
void sy_err_clear(sy_err *err);

#endif
