#include "db/input.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "base/date.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

int input_date(const char *s, const char *field, int required, sy_err *err)
{
	int y, m, dd;
	char extra;
	if (!s || !*s)
		return required ? sy_fail(err, SY_INVALID, field, _("a date is required (YYYY-MM-DD)")) : SY_OK;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &extra) != 3)
		return sy_fail(err, SY_INVALID, field, _("'%s' is not a date: write YYYY-MM-DD"), s);
	if (y < 1900 || !date_exists(y, m, dd))
		return sy_fail(err, SY_INVALID, field, _("%s is not a real date"), s);
	char today[11];
	db_today(today);
	if (strcmp(s, today) > 0)
		return sy_fail(err, SY_INVALID, field, _("%s is in the future"), s);
	return SY_OK;
}

int input_amount(double x, double min, double max, const char *field, const char *what, sy_err *err)
{
	if (!isfinite(x) || x < min || x > max)
		return sy_fail(err, SY_INVALID, field, _("the %s must be from %g to %g"), what, min, max);
	return SY_OK;
}

int input_text(const char *in, size_t max_chars, char *out, size_t outsz, const char *field, sy_err *err)
{
	if (text_check_field(in, max_chars, err, field) != SY_OK)
		return err->status;
	char *copy = xstrdup(in ? in : "");
	text_trim(copy);
	int fits = strlen(copy) < outsz;
	if (fits)
		memcpy(out, copy, strlen(copy) + 1);
	free(copy);
	if (!fits)
		return sy_fail(err, SY_INVALID, field, _("the %s is too long"), field);
	return SY_OK;
}

int input_code(const char *in, size_t max_chars, char *out, size_t outsz, const char *field, sy_err *err)
{
	char norm[256];
	if (text_check_field(in, max_chars, err, field) != SY_OK)
		return err->status;
	if (text_normalize_id(in ? in : "", norm, sizeof norm) != 0 || strlen(norm) >= outsz)
		return sy_fail(err, SY_INVALID, field, _("the %s is too long"), field);
	memcpy(out, norm, strlen(norm) + 1);
	return SY_OK;
}

int input_choice(const char *word, const char *const *choices, const char *field, sy_err *err)
{
	char list[512] = "";
	for (int i = 0; choices[i]; i++) {
		if (word && strcmp(word, choices[i]) == 0)
			return i;
		if (i)
			strncat(list, ", ", sizeof list - strlen(list) - 1);
		strncat(list, choices[i], sizeof list - strlen(list) - 1);
	}
	sy_fail(err, SY_INVALID, field, _("'%s' is not one of: %s"), word ? word : "", list);
	return -1;
}

void input_json_str(cJSON *o, const char *key, const char *value)
{
	if (value && *value)
		cJSON_AddStringToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

void input_json_num(cJSON *o, const char *key, double value)
{
	if (value > 0)
		cJSON_AddNumberToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

char *input_json_text(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!s)
		sy_fatal("out of memory printing JSON");
	return s;
}
