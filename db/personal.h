/* Personal data of owners and agents (PIPL): who may see it in full, the
 * trail of full views, the salted commitments the audit trail holds in its
 * place, and its erasure once the yard's retention period has passed.
 *
 * A vehicle's personal fields are the names, ID numbers, phone, address and
 * postal code of its owner and agent. Lists, search results, labels and
 * reports show them masked (base/mask.h); the vehicle's own screen and
 * `vehicle show` show them in full to the roles the setting full_id_role
 * allows, and each such view leaves an audit entry. The documents that
 * carry them (certificate, receipt, ministry sheet, deregistration, the
 * export for the authorities) print them in full: that is their purpose. */
#ifndef SY_PERSONAL_H
#define SY_PERSONAL_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"
#include "db/vehicle.h"

/* The vehicle's personal fields, as their JSON keys (struct vehicle's members). */
extern const char *const personal_fields[];

/* Mask the ID numbers, phone and address of v in place, for a list. */
void personal_mask(struct vehicle *v);

/* The least role that sees full values (setting full_id_role; clerk when
 * unset: the clerk hands the certificate over). */
int personal_full_role(db *d);
/* SY_OK when this session may see full values; else SY_INVALID, err saying
 * which role may. A yard without users, and any session when the role is
 * clerk, may. */
int personal_may_see(db *d, sy_err *err);
/* Record that the full personal data of v was shown (where: "cli",
 * "screen"), in its own transaction or the caller's. A view that cannot
 * be recorded is not to be shown. */
int personal_note_view(db *d, const struct vehicle *v, const char *where, sy_err *err);

/* In an audit payload o of vehicle id: each personal field replaced by its
 * salted commitment "c1:HEX" (SHA-256 of salt, field and value), the
 * vehicle's salt made when it has none. Inside the caller's transaction. */
int personal_commit(db *d, int64_t id, cJSON *o, sy_err *err);
/* The commitment of value under salt for field, as personal_commit writes it. */
void personal_commitment(const char *salt, const char *field, const char *value, char out[68]);
#define PERSONAL_COMMIT_PREFIX "c1:"

/* When the personal data of vehicle id was erased (malloc'd), or NULL. */
char *personal_erased_at(db *d, int64_t id);

/* ---- retention ---- */

/* Years after the certificate that personal data is kept (setting
 * personal_data_years). The default is the legal minimum the program knows. */
#define PERSONAL_YEARS_DEFAULT 3
int personal_retention_years(db *d);

/* One vehicle whose personal data is due for erasure. */
struct personal_due {
	int64_t id;
	char stock_no[16];
	char certificate[32];  /* its certificate's number */
	char issued[11];       /* and the day it was issued */
	char fields[160];      /* the personal fields that hold a value, comma-separated */
	int certificates;      /* certificate snapshots that hold the values */
	int old_entries;       /* audit entries written before schema step 17 that name the values */
};
typedef int (*personal_due_cb)(const struct personal_due *p, void *ctx);

/* The vehicles closed, with a certificate issued more than `years` years
 * before today, whose personal data is still there. cb returns nonzero to stop. */
int personal_due_list(db *d, int years, personal_due_cb cb, void *ctx, sy_err *err);

struct personal_purge_info {
	int vehicles;     /* erased */
	int certificates; /* snapshots emptied */
	int old_entries;  /* audit entries from before step 17 that still hold values */
};
/* Erase the personal data of every vehicle personal_due_list gives (a
 * supervisor's or admin's), with an audit entry each, then rebuild the
 * search index, vacuum and truncate the write-ahead log so that no erased
 * value stays in the file's free pages or the log. Refused while changes
 * wait for the head office (they hold the values). */
int personal_purge(db *d, int years, struct personal_purge_info *out, sy_err *err);

#endif
