#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

int sy_fail(sy_err *err, int status, const char *field, const char *fmt, ...)
{
	if (!err)
		return status;
	err->status = status;
	sy_strlcpy(err->field, field ? field : "", sizeof err->field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return status;
}

void sy_err_clear(sy_err *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}
