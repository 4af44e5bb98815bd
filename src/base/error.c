/* error.c — filling a struct error (see error.h). */
#include "base/error.h"

#include "base/messages.h"

#include <stdarg.h>
#include <stdio.h>

int error_set(struct error *err, enum error_kind kind, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof err->text, _(fmt), ap);
	va_end(ap);
	err->kind = kind;
	return -1;
}
