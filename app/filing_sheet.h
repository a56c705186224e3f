/* What to file for a filing, as the lines of a sheet: the ministry's entry
 * fields in its order, the deregistration papers, or the traceability
 * platform's report. Shared by `scrapyard filing show` and the screens. */
#ifndef SY_FILING_SHEET_H
#define SY_FILING_SHEET_H
#include "app/doc_fill.h"
#include "db/db.h"
#include "db/filing.h"
#include "db/vehicle.h"
#include "forms/doc.h"

#define FILING_SHEET_ROWS 32

struct filing_sheet {
	struct doc_sheet_row rows[FILING_SHEET_ROWS];
	int n;
	char warning[512]; /* said before the lines (a VIN filed before), or "" */
	struct doc_fill fill;
	struct mofcom_doc mofcom;
	struct dereg_doc dereg;
	struct doc_dereg_text dereg_text;
};

/* Fill s for f; free it with filing_sheet_free() whatever the result. */
int filing_sheet_make(db *d, const struct filing *f, struct filing_sheet *s, sy_err *err);
void filing_sheet_free(struct filing_sheet *s);

/* Does the filing have a sheet to print (the ministry entry, the
 * deregistration papers)? */
int filing_sheet_printable(const struct filing *f);
/* Write the PDF of a vehicle's ministry entry sheet or deregistration cover
 * sheet (kind "mofcom_entry" or "deregistration") to path; NULL path: into
 * the "sheets" folder beside the database. Returns the path written
 * (malloc'd) or NULL with err filled. */
char *filing_sheet_pdf(db *d, const struct vehicle *v, const char *kind, const char *path, unsigned *warnings,
		       sy_err *err);
#endif
