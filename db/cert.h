/* Recycling certificates (报废机动车回收证明): numbering, issue, void and
 * reissue, and the verification code.
 *
 * Rules kept here (Order 715 and its implementing rules):
 * - no certificate for a vehicle counted as missing (frame/body or engine
 *   absent), nor for a cancelled intake;
 * - missing parts need the owner's written statement on file;
 * - a police-supervised vehicle (large bus, truck, operating vehicle, school
 *   bus) gets its certificate only after dismantling (its frame recorded);
 * - one valid certificate per vehicle: to reissue, the issued one is voided
 *   first, with a written reason, and the new one names the one it replaces;
 * - the deregistration deadline (7 working days) starts with the first one.
 *
 * Numbers are C<year>-<6 digits> (the prefix "C" is the setting
 * cert_prefix), gapless per year. What the certificate shows is frozen at
 * issue as a JSON snapshot, so a copy printed later is the same document
 * even if the vehicle record was corrected since. The verification code
 * (db/cert_qr.h) is keyed with the yard's secret (setting cert_key, made on
 * first use), so only this yard can make a valid one. */
#ifndef SY_CERT_H
#define SY_CERT_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"
#include "db/vehicle.h"

struct cert {
	int64_t id;
	char number[24];
	int64_t vehicle_id;
	char stock_no[16], vin[18], plate[16];
	char owner_name[128];
	char issued_at[20], issued_by[64];
	char status[8]; /* issued | void */
	char void_reason[256], voided_at[20], voided_by[64];
	char replaces[24];    /* the voided certificate this one replaces, or "" */
	char replaced_by[24]; /* the certificate that replaced this one, or "" */
	char checksum[9];     /* check field of the verification code */
	char *snapshot;       /* JSON of the printed fields; cert_clear() frees it */
};
void cert_clear(struct cert *c);

/* Issue a certificate for vehicle v (see the rules above), as the session's
 * user, dated today; one audited transaction. Fills out. A reissue (the
 * vehicle had one voided) needs a supervisor, as the void did. */
int cert_issue(db *d, const struct vehicle *v, struct cert *out, sy_err *err);
/* 1 when a certificate for the vehicle would be a reissue. */
int cert_is_reissue(db *d, int64_t vehicle_id);

/* Does the certificate print something different for b than for a (owner,
 * vehicle, documents handed over, the missing-items line)? */
int cert_prints_change(const struct vehicle *a, const struct vehicle *b);
/* The number of the vehicle's certificate in force, or "" when none. */
int cert_in_force(db *d, int64_t vehicle_id, char number[24], sy_err *err);

/* Void an issued certificate; reason is required. Audited. */
int cert_void(db *d, const char *number, const char *reason, struct cert *out, sy_err *err);

/* By number (any case, full-width folded). SY_INVALID when there is none. */
int cert_get(db *d, const char *number, struct cert *out, sy_err *err);

/* Newest first; vehicle_id 0: every vehicle; limit 0: 100. The callback's
 * struct has no snapshot. */
/* A certificate's status as people read it: issued (valid), void. */
extern const struct code_label cert_statuses[];
typedef int (*cert_cb)(const struct cert *c, void *ctx); /* non-zero stops */
int cert_list(db *d, int64_t vehicle_id, int limit, cert_cb cb, void *ctx, sy_err *err);

/* The QR payload of a certificate (db/cert_qr.h), out of CERT_QR_MAX bytes. */
int cert_payload(db *d, const struct cert *c, char *out, size_t size, sy_err *err);

/* Check a payload read from a certificate: its check against the yard's
 * key, then number, VIN and date against the record, and the record's
 * status against the newest audit entry (the trail, not a record edited
 * behind the program's back, says whether it was voided). */
enum cert_check {
	CERT_VALID,        /* matches a certificate in force */
	CERT_VOIDED,       /* matches, but the certificate was voided */
	CERT_FORGED,       /* well formed, but the check fails: not made by this yard */
	CERT_UNKNOWN,      /* the check is right but there is no such number */
	CERT_MISMATCH,     /* the number exists with another VIN or date */
	CERT_MALFORMED,    /* not a certificate code */
	CERT_TAMPERED,     /* the record does not agree with its audit trail */
};
struct cert_verdict {
	enum cert_check result;
	char number[33], vin[18], date[11]; /* as read from the payload */
	struct cert cert;                   /* the record, when found */
	char detail[256];                   /* one line for the clerk */
};
int cert_verify(db *d, const char *payload, struct cert_verdict *out, sy_err *err);
const char *cert_check_name(enum cert_check c); /* "valid", "voided", ... */

cJSON *cert_to_json(const struct cert *c);
#endif
