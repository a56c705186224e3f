/* Synchronising a yard with the group's head office (docs/sync.md).
 *
 * Up: every committed change to a table the yard owns sits in sync_outbox
 * (db/db.c captures it); a push sends the entries after the last one the
 * head office has, in order, a batch per PostgreSQL transaction that also
 * moves the yard's mark there: a batch is applied whole and once, whatever
 * is cut or killed. A yard's first push sends all its records.
 * Down: the reference data the head office owns (part kinds and list
 * prices, buyers and their licences, emission factors, waste codes, and
 * users when the group keeps one login) newer than the last version seen. */
#ifndef SY_SYNC_H
#define SY_SYNC_H
#include <stdint.h>

#include "db/db.h"
#include "db/pg.h"

enum sync_ref { SYNC_REF_PART_KINDS, SYNC_REF_BUYERS, SYNC_REF_FACTORS, SYNC_REF_WASTE_CODES, SYNC_REF_USERS, SYNC_REF_COUNT };
extern const char *const sync_ref_names[SYNC_REF_COUNT];

/* Called as a push goes: changes sent so far out of those waiting. */
typedef void (*sync_progress_fn)(void *ctx, int64_t done, int64_t total);

struct sync_result {
	int yard_id;
	char yard_name[160];
	int first_push;    /* the whole yard was sent: it had never pushed */
	int64_t changes;   /* outbox entries sent */
	int64_t rows;      /* rows written at the head office */
	int batches;
	int64_t pushed_seq; /* the head office has the yard's changes up to this one */
	int pulled[SYNC_REF_COUNT];
	int pulled_total;
	int64_t pulled_version;
	char at[20];
};

/* The head office address: url, else the one the last sync used. NULL with
 * err filled when neither is known. malloc'd. */
char *sync_url(db *d, const char *url, sy_err *err);

/* Push, then pull. On failure the error is also kept for sync status. */
int sync_run(db *d, const char *url, sync_progress_fn progress, void *ctx, struct sync_result *out, sy_err *err);

/* What this yard knows without asking the head office. */
struct sync_status {
	int enabled; /* the yard has synchronised at least once: changes are recorded */
	char url[512];
	int yard_id;
	char yard_name[160];
	char last_success[20];
	char last_attempt[20];
	char last_error[512];
	int64_t pushed_seq;
	int64_t waiting;  /* changes not yet at the head office */
	char waiting_since[20];
	int64_t pulled_version;
};
int sync_status_get(db *d, struct sync_status *out, sy_err *err);

/* Row counts and content hashes of every owned table, here and at the head
 * office. *equal is 1 when every table matches. */
struct sync_check {
	char table[32];
	int64_t local_rows, server_rows;
	char local_hash[65], server_hash[65];
};
int sync_verify(db *d, const char *url, struct sync_check *out, int max, int *n, int64_t *waiting, int *equal,
		sy_err *err);

/* Connect to the head office as this yard (for the group-wide questions). */
pg *sync_connect(db *d, const char *url, sy_err *err);

#endif
