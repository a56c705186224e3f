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
	err->hint[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return status;
}

int sy_hint(sy_err *err, const char *fmt, ...)
{
	if (!err)
		return SY_INVALID;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->hint, sizeof err->hint, fmt, ap);
	va_end(ap);
	return err->status;
}

const char *sy_err_line(const sy_err *err, char *buf, size_t size)
{
	if (*err->hint)
		snprintf(buf, size, "%s (%s)", err->msg, err->hint);
	else
		snprintf(buf, size, "%s", err->msg);
	return buf;
}

void sy_err_clear(sy_err *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}
