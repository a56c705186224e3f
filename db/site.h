/* The yard's own record, printed on every document. */
#ifndef SY_SITE_H
#define SY_SITE_H
#include <cjson/cJSON.h>

#include "db/db.h"

struct site {
	char name[256];
	char license_no[64];
	char address[512];
	char phone[64];
	char credit_code[32];
	char permit_authority[128]; /* who issued the yard's permit (certificate of destruction) */
	char waste_facility[32];    /* facility code of the hazardous waste ledger (HJ 1259) */
	char contact[64]; /* who answers for the hazardous waste, named on its labels beside the phone */
};

/* SY_OK and the site, or SY_INVALID when init has not been run. */
int site_get(db *d, struct site *out, sy_err *err);
/* Validate and save (insert or update) in one audited transaction. */
int site_save(db *d, const struct site *in, sy_err *err);
/* The site as the audit trail and `scrapyard site --json` show it. */
cJSON *site_to_json(const struct site *s);
/* The province character the plates of the yard's region start with, for
 * the check-in to put in front of a plate: the setting plate_province when
 * set, else the province of the yard's credit code (its region code,
 * characters 3-8). "" when neither says. */
void site_plate_province(db *d, char out[4]);
#endif
