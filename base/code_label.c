#include "base/code_label.h"

#include <string.h>

#include "base/i18n.h"

const char *code_label(const struct code_label *table, const char *code)
{
	for (const struct code_label *c = table; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return sy_pick(c->en, c->zh);
	return code;
}

int code_known(const struct code_label *table, const char *code)
{
	for (const struct code_label *c = table; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return 1;
	return 0;
}
