/* Forms as data: what the clerk fills in, declared once and used by the
 * screen (labels, order, inline validation), the command line (one --option a
 * field), CSV import (one column a field) and printed documents (labels). */
#ifndef SY_FORM_H
#define SY_FORM_H
#include <stddef.h>

#include "base/err.h"
#include "db/vehicle.h"

enum form_type {
	FORM_TEXT,     /* free text, length-capped, no control characters */
	FORM_UPPER,    /* code-like text stored normalised (engine number) */
	FORM_VIN,      /* VIN with check digit */
	FORM_PLATE,
	FORM_PERSON_ID, /* resident ID number */
	FORM_OWNER_ID,  /* resident ID or credit code, by owner kind */
	FORM_BATTERY,   /* traction battery code */
	FORM_DATE,
	FORM_MASS,   /* kg */
	FORM_COUNT,  /* whole number 0..max */
	FORM_FLAG,   /* yes / no */
	FORM_CHOICE, /* one code of a code_label table */
	FORM_CHOICES /* comma list of codes */
};

enum form_flags {
	FORM_REQUIRED = 1,
	FORM_NEV = 2,     /* shown for new-energy vehicles */
	FORM_COMPANY = 4, /* shown for company owners */
	FORM_SCALE = 8,   /* F5 reads it from the scale */
	FORM_NEEDED = 16, /* required whenever it is shown (a company's agent, an NEV's battery code) */
	FORM_RARE = 32,   /* rarely changed: after the usual fields, shown quieter */
	FORM_ZERO_UNSET = 64, /* a number whose 0 means "not given": shown empty */
};

struct form_field {
	const char *key; /* --key on the command line, CSV column, JSON key */
	enum form_type type;
	const char *label_en;
	const char *label_zh;
	unsigned flags;
	int max; /* characters for text, highest value for counts */
	const struct code_label *choices;
	size_t offset; /* where the value lives in the record */
	size_t size;   /* bytes for text; 0 for numbers */
	size_t set_offset; /* for flags: an int set to 1 when the clerk gives a value (0: none) */
	const char *hint_en;
	const char *hint_zh;
};

struct form {
	const char *name;
	const struct form_field *fields;
	int count;
	/* Sets the fields that follow from others (vehicle missing from the
	 * missing parts) after a change; NULL when none do. */
	void (*derive)(void *record);
};

extern const struct form form_intake;

const char *form_label(const struct form_field *f);
const char *form_hint(const struct form_field *f);
const struct form_field *form_find(const struct form *form, const char *key);
/* Find by key, or by the English or Chinese label (CSV headers). */
const struct form_field *form_find_column(const struct form *form, const char *name);

/* Check one value as the clerk leaves the field; writes the normal form into
 * out. Says precisely what is wrong (e.g. the expected VIN check digit). */
int form_check(const struct form_field *f, const void *record, const char *value, char *out, size_t outsz,
	       sy_err *err);
/* Is the value whole, so that nothing more can follow: a VIN of 17 that
 * passes its check digit, a valid ID number of 18, a real date of 8 digits
 * (or 10 with separators), a valid plate of 8 (a new-energy one; an
 * ordinary plate has 7, which may still be a new-energy one being typed)?
 * The screen moves on by itself when the last character makes it whole. */
int form_complete(const struct form_field *f, const void *record, const char *value);
/* Check and store a value into the record. */
int form_set(const struct form_field *f, void *record, const char *value, sy_err *err);
/* The record's value as text (empty when unset). */
void form_get(const struct form_field *f, const void *record, char *out, size_t outsz);
/* The value as people read it, in the interface language: a choice by its
 * name, several joined as a list is ("发动机、车架"), yes or no. */
void form_show(const struct form_field *f, const void *record, char *out, size_t outsz);
/* The labels of a comma list of vehicle JSON keys ("owner_name, colour"),
 * in the interface language, for a clerk to read. */
void form_labels_of_keys(const struct form *form, const char *keys, char *out, size_t outsz);
/* Is the field shown for this record (NEV-only, company-only)? */
int form_applies(const struct form_field *f, const struct vehicle *v);
/* Must it be filled for this record (always, or whenever it is shown)? */
int form_required(const struct form_field *f, const struct vehicle *v);
#endif
