/* Vehicles taken in: owner, documents, identifiers, flags and deadlines.
 * Order 715 intake rules live here, not in the screens. */
#ifndef SY_VEHICLE_H
#define SY_VEHICLE_H
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "base/code_label.h"
#include "db/db.h"

/* Codes stored for the choice fields. */
extern const struct code_label vehicle_types[], use_natures[], power_types[], missing_part_codes[];
/* The ministry's registration types (its ELV entry form). */
extern const struct code_label registration_types[];

struct vehicle {
	int64_t id;
	char stock_no[16];
	char vin[18];
	char plate[16];
	char brand_model[128];
	char vehicle_type[24];
	char use_nature[24];
	char power_type[16];
	char colour[32];
	char engine_no[48];
	char first_reg_date[11];
	double curb_mass_kg; /* 0: not given */
	char received_date[11];
	double weighed_kg; /* 0: not weighed */
	char battery_code[25];
	int battery_count;
	char owner_kind[8]; /* person | company */
	char owner_name[128];
	char owner_id[20]; /* resident ID or unified social credit code */
	char owner_phone[32];
	char owner_address[256];
	char agent_name[128];
	char agent_id[20];
	int doc_registration; /* registration certificate taken back */
	int doc_licence;      /* driving licence taken back */
	int plates_returned;  /* 0-2 */
	int police_supervised;
	int police_set; /* the clerk set police_supervised; otherwise derived */
	char missing_parts[160]; /* comma list of missing_part_codes */
	int owner_statement;     /* owner's written statement about missing parts */
	int vehicle_missing;     /* frame or engine absent: no certificate (follows from missing_parts) */
	char vin_override_reason[256];
	char battery_override_reason[256]; /* its battery code is on another vehicle too (supervisor) */
	char status[12]; /* open | closed (its work done) | cancelled (a wrong check-in) */
	char closed_at[20], cancelled_at[20];
	char cancel_reason[256];
	/* Read from the vehicle's filings (db/filing.h), never written here. */
	char battery_report_due[11], battery_reported[11];
	char dereg_due[11], deregistered[11];
	char notes[512];
	/* What the ministry's ELV entry asks beyond the rest; optional. */
	char reg_type[16];      /* registration_types code */
	char postal_code[8];    /* the owner's, 6 digits */
	int displacement_ml;    /* 0: not given (electric, or unknown) */
	int length_mm;          /* 0: not given */
	int passengers;         /* approved seats; 0: not given */
	char created_by[64];
	char created_at[20];
	int weight_confirmed; /* the clerk confirmed an unusual mass (not stored) */
};

/* Fill defaults (received today, person owner, open). */
void vehicle_init(struct vehicle *v);
/* New-energy vehicle (needs a traction battery record)? */
int vehicle_is_nev(const struct vehicle *v);
/* Does it carry a high-voltage traction battery (a new-energy vehicle or a
 * full hybrid)? Its pretreatment makes the high-voltage system safe first. */
int vehicle_has_hv(const struct vehicle *v);

/* Documents: number plates the vehicle carries (a motorcycle one, else two),
 * and whether the owner kept any document or plate. */
int vehicle_plates_expected(const struct vehicle *v);
int vehicle_docs_missing(const struct vehicle *v);
/* What the owner did not hand over (documents, plates, missing parts) in the
 * interface language, "、" or ", " between; "" when nothing. */
void vehicle_not_handed_over(const struct vehicle *v, char *out, size_t size);
/* The same as printed on the certificate and the receipt, in Chinese and
 * English, with the owner's written statement only when it is on file. */
void vehicle_missing_note(const struct vehicle *v, char *out, size_t size);
/* Which of engine and frame/body is missing (interface language), "" when
 * neither: a vehicle missing one of them gets no certificate (Order 715). */
const char *vehicle_missing_what(const struct vehicle *v, char *out, size_t size);
/* SY_INVALID naming the missing part when the vehicle counts as missing:
 * `what` is the document refused ("certificate", "deregistration" ...). */
int vehicle_refuse_missing(const struct vehicle *v, const char *what, sy_err *err);
/* Order 715: large buses, trucks, operating vehicles and school buses. */
int vehicle_needs_police(const struct vehicle *v);

/* The flags that follow from other fields: vehicle missing from the missing parts. */
void vehicle_derive(struct vehicle *v);
/* The stock number (malloc'd) of another vehicle, not cancelled, that
 * carries or gave up the traction battery `code`; NULL when none. */
char *vehicle_battery_holder(db *d, const char *code, int64_t except_id, sy_err *err);

/* Normalise and check every field; derived flags are set. SY_INVALID names the field. */
int vehicle_validate(db *d, struct vehicle *v, sy_err *err);
/* Is what the scale and the documents say plausible: the weighed mass and
 * the curb mass for the vehicle type (12 kg is no car), and against each
 * other (120 kg weighed for a 1,200 kg curb mass)? SY_INVALID names the
 * field and says what is unusual: a typing slip or a misread scale, or a
 * true but odd case the clerk confirms (v->weight_confirmed). */
int vehicle_check_weights(const struct vehicle *v, sy_err *err);
/* Check in: validate, check the weights (unless confirmed), refuse a VIN or
 * plate already open, number, save, audit. Fills v->id, v->stock_no. One
 * transaction. */
int vehicle_add(db *d, struct vehicle *v, sy_err *err);
/* The same inside the caller's transaction: already validated. */
int vehicle_add_in_transaction(db *d, struct vehicle *v, sy_err *err);

/* The newest vehicles wait to be entered into the search index a few dozen
 * at a time (schema step 12): the ids above this mark are not in it yet, and
 * a search scans them. vehicle_search_catch_up enters them all now (inside
 * the caller's transaction), as `scrapyard maintain` does before merging. */
#define VEHICLE_SEARCH_MARK "(SELECT upto FROM search_indexed WHERE name = 'vehicles')"
int vehicle_search_catch_up(db *d, sy_err *err);

/* A bulk import inside the caller's transaction: each vehicle is checked
 * for an open duplicate, numbered, saved and audited as by
 * vehicle_add_in_transaction, and the whole batch is entered into the search
 * index at once by vehicle_batch_finish, which must run before the commit.
 * Nothing else may add vehicles between the first add and the finish. */
struct vehicle_batch {
	int64_t first_id, last_id;
	long rows;
};
int vehicle_batch_add(db *d, struct vehicle_batch *b, struct vehicle *v, sy_err *err);
int vehicle_batch_finish(db *d, struct vehicle_batch *b, sy_err *err);
/* Save edits of an existing vehicle (audited, old and new values). */
int vehicle_update(db *d, struct vehicle *v, sy_err *err);
/* The same inside the caller's transaction, audited as `action`; *old is
 * the record before (read here). */
int vehicle_update_in_transaction(db *d, struct vehicle *v, const char *action, struct vehicle *old, sy_err *err);

int vehicle_get(db *d, int64_t id, struct vehicle *out, sy_err *err);
/* REF is a stock number, a VIN or a plate (any case or width); an open record wins. */
int vehicle_find(db *d, const char *ref, struct vehicle *out, sy_err *err);

/* Search by any fragment of stock number, VIN, plate or owner name.
 * Fragments of 3+ characters use the trigram index; 1-2 characters match
 * prefixes through the B-tree indexes; empty lists the newest. */
typedef int (*vehicle_cb)(const struct vehicle *v, void *ctx); /* non-zero stops */
int vehicle_search(db *d, const char *text, int limit, vehicle_cb cb, void *ctx, sy_err *err);

/* Record a deadline met: "deregistered" or "battery_reported" on DATE. The
 * vehicle's filing of that kind is marked done (db/filing.h); v is read again.
 * Deregistration is filed with the certificate: refused without one in
 * force, or for a vehicle counted as missing. A cancelled record is refused. */
int vehicle_mark(db *d, struct vehicle *v, const char *what, const char *date, sy_err *err);

cJSON *vehicle_to_json(const struct vehicle *v);
/* The record as the audit trail keeps it (malloc'd JSON text): the
 * vehicle's own columns, without the deadlines its filings hold, and its
 * personal fields as salted commitments (db/personal.h). Inside the
 * caller's transaction; NULL with err filled when the salt cannot be had. */
char *vehicle_audit_text(db *d, const struct vehicle *v, sy_err *err);
/* Where the member a JSON key names lives in struct vehicle; -1 when none. */
long vehicle_json_offset(const char *key);
#endif
