#include "forms/form.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "db/ident.h"
#include "base/text.h"
#include "base/util.h"

const char *form_label(const struct form_field *f) { return sy_pick(f->label_en, f->label_zh); }
const char *form_hint(const struct form_field *f) { return f->hint_en ? sy_pick(f->hint_en, f->hint_zh) : ""; }

const struct form_field *form_find(const struct form *form, const char *key)
{
	for (int i = 0; i < form->count; i++)
		if (strcmp(form->fields[i].key, key) == 0)
			return &form->fields[i];
	return NULL;
}

const struct form_field *form_find_column(const struct form *form, const char *name)
{
	const struct form_field *f = form_find(form, name);
	for (int i = 0; !f && i < form->count; i++)
		if (strcasecmp(form->fields[i].label_en, name) == 0 || strcmp(form->fields[i].label_zh, name) == 0)
			f = &form->fields[i];
	return f;
}

static int parse_flag(const char *value, int *out)
{
	static const char *const yes[] = {"1", "y", "yes", "true", "是", "有", NULL};
	static const char *const no[] = {"0", "n", "no", "false", "否", "无", "", NULL};
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(value, yes[i]) == 0)
			return *out = 1, 0;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(value, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

static int check_number(const struct form_field *f, const char *value, char *out, size_t outsz, sy_err *err)
{
	char *end;
	errno = 0;
	double x = strtod(value, &end);
	while (*end == ' ')
		end++;
	if (f->type == FORM_MASS && strcasecmp(end, "kg") == 0)
		end += 2;
	if (errno || *end || isnan(x) || isinf(x))
		return sy_fail(err, SY_INVALID, f->key, _("%s: '%s' is not a number"), form_label(f), value);
	if (f->type == FORM_MASS && (x < 0 || x > 100000))
		return sy_fail(err, SY_INVALID, f->key, _("%s must be from 0 to 100000 kg"), form_label(f));
	if (f->type == FORM_COUNT && (x != floor(x) || x < 0 || x > f->max))
		return sy_fail(err, SY_INVALID, f->key, _("%s must be a whole number from 0 to %d"), form_label(f), f->max);
	snprintf(out, outsz, "%g", x);
	return SY_OK;
}

static int check_choices(const struct form_field *f, const char *value, char *out, size_t outsz, sy_err *err)
{
	char copy[256], *save = NULL;
	sy_strlcpy(copy, value, sizeof copy);
	*out = '\0';
	for (char *tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		const struct code_label *hit = NULL;
		for (const struct code_label *c = f->choices; c->code && !hit; c++)
			if (strcasecmp(c->code, tok) == 0 || strcmp(c->zh, tok) == 0 || strcasecmp(c->en, tok) == 0)
				hit = c;
		if (!hit)
			return sy_fail(err, SY_INVALID, f->key, _("%s: '%s' is not one of the listed choices"), form_label(f), tok);
		if (f->type == FORM_CHOICE && *out)
			return sy_fail(err, SY_INVALID, f->key, _("%s takes one choice"), form_label(f));
		if (*out)
			strncat(out, ",", outsz - strlen(out) - 1);
		strncat(out, hit->code, outsz - strlen(out) - 1);
	}
	return SY_OK;
}

static int v_required(const struct form_field *f, const void *record)
{
	return record ? form_required(f, record) : (f->flags & FORM_REQUIRED) != 0;
}

int form_check(const struct form_field *f, const void *record, const char *value, char *out, size_t outsz,
	       sy_err *err)
{
	sy_err local;
	if (!err)
		err = &local;
	char trimmed[2048];
	/* Trim first: a barcode scanner ends what it types with Tab or Enter. */
	if (strlen(value) >= sizeof trimmed)
		return sy_fail(err, SY_INVALID, f->key, _("%s is too long"), form_label(f));
	sy_strlcpy(trimmed, value, sizeof trimmed);
	text_trim(trimmed);
	if (text_check_field(trimmed, f->max > 0 && f->type == FORM_TEXT ? (size_t)f->max : 500, err, f->key) != SY_OK)
		return err->status;
	if (!*trimmed) {
		*out = '\0';
		return v_required(f, record) ? sy_fail(err, SY_INVALID, f->key, _("%s is required"), form_label(f)) : SY_OK;
	}
	const struct vehicle *v = record;
	int rc = SY_OK;
	switch (f->type) {
	case FORM_TEXT: sy_strlcpy(out, trimmed, outsz); break;
	case FORM_UPPER: rc = text_normalize_id(trimmed, out, outsz) == 0 ? SY_OK : sy_fail(err, SY_INVALID, f->key, _("%s is too long"), form_label(f)); break;
	case FORM_VIN:
		rc = v && *v->vin_override_reason ? ident_vin_structure(trimmed, out, err) : ident_vin(trimmed, out, err);
		break;
	case FORM_PLATE: rc = ident_plate(trimmed, out, NULL, err); break;
	case FORM_PERSON_ID: rc = ident_resident_id(trimmed, out, err); break;
	case FORM_OWNER_ID:
		rc = ident_check(v && strcmp(v->owner_kind, "company") == 0 ? IDENT_USCC : IDENT_RESIDENT_ID, trimmed, out,
				 outsz, err);
		break;
	case FORM_BATTERY: rc = ident_battery(trimmed, out, err); break;
	case FORM_DATE: {
		char day[11];
		int r = text_date(trimmed, day);
		if (r == TEXT_DATE_SHAPE)
			rc = sy_fail(err, SY_INVALID, f->key, _("%s: write the date as YYYY-MM-DD or YYYYMMDD"), form_label(f));
		else if (r == TEXT_DATE_UNREAL)
			rc = sy_fail(err, SY_INVALID, f->key, _("%s: %s is not a real date"), form_label(f), trimmed);
		else
			sy_strlcpy(out, day, outsz);
		break;
	}
	case FORM_MASS:
	case FORM_COUNT: rc = check_number(f, trimmed, out, outsz, err); break;
	case FORM_FLAG: {
		int flag;
		if (parse_flag(trimmed, &flag) != 0)
			rc = sy_fail(err, SY_INVALID, f->key, _("%s: answer yes or no"), form_label(f));
		else
			sy_strlcpy(out, flag ? "yes" : "no", outsz);
		break;
	}
	case FORM_CHOICE:
	case FORM_CHOICES: rc = check_choices(f, trimmed, out, outsz, err); break;
	}
	if (rc != SY_OK && err)
		sy_strlcpy(err->field, f->key, sizeof err->field);
	return rc;
}

int form_set(const struct form_field *f, void *record, const char *value, sy_err *err)
{
	char norm[1024];
	sy_err local;
	if (!err)
		err = &local;
	if (form_check(f, record, value, norm, sizeof norm, err) != SY_OK)
		return err->status;
	char *at = (char *)record + f->offset;
	switch (f->type) {
	case FORM_MASS: *(double *)at = *norm ? strtod(norm, NULL) : 0; break;
	case FORM_COUNT: *(int *)at = atoi(norm); break;
	case FORM_FLAG:
		*(int *)at = strcmp(norm, "yes") == 0;
		if (f->set_offset)
			*(int *)((char *)record + f->set_offset) = *norm != '\0';
		break;
	default:
		if (strlen(norm) >= f->size)
			return sy_fail(err, SY_INVALID, f->key, _("%s is too long"), form_label(f));
		memcpy(at, norm, strlen(norm) + 1);
	}
	return SY_OK;
}

void form_get(const struct form_field *f, const void *record, char *out, size_t outsz)
{
	const char *at = (const char *)record + f->offset;
	switch (f->type) {
	case FORM_MASS: {
		double x = *(const double *)at;
		if (x > 0)
			snprintf(out, outsz, "%g", x);
		else
			*out = '\0';
		break;
	}
	case FORM_COUNT:
		if ((f->flags & FORM_ZERO_UNSET) && *(const int *)at == 0)
			*out = '\0';
		else
			snprintf(out, outsz, "%d", *(const int *)at);
		break;
	case FORM_FLAG: sy_strlcpy(out, *(const int *)at ? "yes" : "no", outsz); break;
	default: sy_strlcpy(out, at, outsz);
	}
}

int form_applies(const struct form_field *f, const struct vehicle *v)
{
	if ((f->flags & FORM_NEV) && !vehicle_is_nev(v))
		return 0;
	if ((f->flags & FORM_COMPANY) && strcmp(v->owner_kind, "company") != 0)
		return 0;
	return 1;
}

int form_required(const struct form_field *f, const struct vehicle *v)
{
	return (f->flags & FORM_REQUIRED) || ((f->flags & FORM_NEEDED) && form_applies(f, v));
}

void form_show(const struct form_field *f, const void *record, char *out, size_t outsz)
{
	char raw[1024];
	form_get(f, record, raw, sizeof raw);
	if (f->type == FORM_FLAG) {
		snprintf(out, outsz, "%s", strcmp(raw, "yes") == 0 ? _("yes") : _("no"));
		return;
	}
	if (!f->choices || !*raw) {
		snprintf(out, outsz, "%s", raw);
		return;
	}
	char *save = NULL;
	*out = '\0';
	for (char *tok = strtok_r(raw, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*out)
			strncat(out, sy_list_sep(), outsz - strlen(out) - 1);
		strncat(out, code_label(f->choices, tok), outsz - strlen(out) - 1);
	}
}

void form_labels_of_keys(const struct form *form, const char *keys, char *out, size_t outsz)
{
	char copy[512], *save = NULL;
	const char *sep = sy_list_sep();
	sy_strlcpy(copy, keys, sizeof copy);
	*out = '\0';
	for (char *k = strtok_r(copy, ", ", &save); k; k = strtok_r(NULL, ", ", &save)) {
		long at = vehicle_json_offset(k);
		const char *label = k;
		for (int i = 0; at >= 0 && i < form->count; i++)
			if ((long)form->fields[i].offset == at)
				label = form_label(&form->fields[i]);
		size_t n = strlen(out);
		snprintf(out + n, outsz - n, "%s%s", n ? sep : "", label);
	}
}

/* Characters of a value, counted as typed (a Chinese character is one). */
static size_t chars(const char *s) { return text_utf8_len(s); }

int form_complete(const struct form_field *f, const void *record, const char *value)
{
	char norm[64];
	size_t n = chars(value);
	switch (f->type) {
	case FORM_VIN: if (n != 17) return 0; break;
	case FORM_PERSON_ID:
	case FORM_OWNER_ID: if (n != 18) return 0; break;
	case FORM_DATE: {
		int digits = (int)strspn(value, "0123456789");
		if (!((n == 8 && digits == 8) || n == 10))
			return 0;
		break;
	}
	case FORM_PLATE: if (n != 8) return 0; break;
	default: return 0;
	}
	if (form_check(f, record, value, norm, sizeof norm, NULL) != SY_OK)
		return 0;
	/* A plate of 8 written with a separator is one of 7 that may still grow. */
	return f->type != FORM_PLATE || chars(norm) == 8;
}
