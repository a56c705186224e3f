/* A vehicle's record after check-in: corrected, cancelled or closed.
 *
 * - Correct: fields of the intake form change, with a written reason kept
 *   in vehicle_corrections and the audit trail. When a field the
 *   certificate in force prints changes, a supervisor corrects it and the
 *   certificate must then be voided and issued again (it keeps what it
 *   printed: its snapshot is frozen at issue).
 * - Cancel: a wrong check-in (a duplicate, the wrong vehicle) leaves every
 *   list of work, report, ledger and deadline, and frees its VIN and plate;
 *   the filings it owed are withdrawn with the reason (kept, audited).
 *   It keeps its stock number (numbers are gapless) and stays findable,
 *   marked cancelled. A supervisor's decision, with a reason; refused once
 *   anything was recorded on the vehicle (pretreatment, parts, a
 *   certificate in force).
 * - Close: the vehicle's work is done: a certificate in force, dismantled
 *   (its frame/body recorded as a part), deregistration filed and, if it had
 *   a traction battery, the pack handed over. It closes by itself when the
 *   last of these is recorded, which frees its plate for a new check-in (a
 *   plate is reissued); its VIN never comes back. A vehicle counted as
 *   missing (no engine or frame/body) gets neither certificate nor
 *   deregistration: it is closed by hand once its pretreatment is done.
 *   A closed vehicle takes no more parts or pretreatment; its deadlines and
 *   its figures in reports and ledgers stay. */
#ifndef SY_VEHICLE_LIFE_H
#define SY_VEHICLE_LIFE_H
#include <stddef.h>

#include "db/db.h"
#include "db/vehicle.h"

/* What the vehicle still needs before it closes, in the interface language,
 * comma separated; "" when its work is done. */
int vehicle_close_needs(db *d, const struct vehicle *v, char *out, size_t size, sy_err *err);
/* Inside the caller's transaction: close v when its work is done (v is read
 * again and updated); nothing when it is not, or not open. */
int vehicle_close_if_done(db *d, struct vehicle *v, sy_err *err);
/* Close on the clerk's word: refused, naming what is left to do. Audited. */
int vehicle_close(db *d, struct vehicle *v, sy_err *err);

/* Cancel a wrong check-in (the caller checks the role). Audited. */
int vehicle_cancel(db *d, struct vehicle *v, const char *reason, sy_err *err);

struct vehicle_correction {
	char fields[400];      /* the record's fields that change, comma separated (JSON names) */
	int on_certificate;    /* one of them is printed on the certificate in force */
	char certificate[24];  /* that certificate's number, or "" */
};
/* What correcting `old` into `corrected` changes, without saving. */
int vehicle_correction_plan(db *d, const struct vehicle *old, const struct vehicle *corrected,
			    struct vehicle_correction *out, sy_err *err);
/* Save the corrected record (its id names the vehicle), validated as at
 * check-in, with the reason; audited. A change to what the certificate in
 * force prints needs may_change_certificate (a supervisor): otherwise
 * SY_INVALID, field "role". Nothing changed is refused too. */
int vehicle_correct(db *d, struct vehicle *corrected, const char *reason, int may_change_certificate,
		    struct vehicle_correction *out, sy_err *err);

/* The corrections of a vehicle, oldest first. */
struct vehicle_correction_row {
	char fields[400], reason[256], certificate[24], at[20], by[64];
};
typedef int (*vehicle_correction_cb)(const struct vehicle_correction_row *r, void *ctx);
int vehicle_corrections(db *d, int64_t vehicle_id, vehicle_correction_cb cb, void *ctx, sy_err *err);
#endif
