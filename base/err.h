/* Status and message passed up from the store, forms and workflows.
 * Layers below app/ never print: they fill an sy_err and return its status. */
#ifndef SY_ERR_H
#define SY_ERR_H

enum sy_status {
	SY_OK = 0,
	SY_INVALID = 1, /* bad input or a refused operation: the clerk can fix it */
	SY_ENV = 2,     /* the environment: database, disk, device */
};

typedef struct sy_err {
	int status;
	char field[48]; /* the input field at fault, when there is one */
	char msg[512];  /* one line, translated, saying what happened and what to do */
} sy_err;

/* Fill err (which may be NULL) and return status. */
int sy_fail(sy_err *err, int status, const char *field, const char *fmt, ...)
	__attribute__((format(__printf__, 4, 5)));
void sy_err_clear(sy_err *err);

#endif
