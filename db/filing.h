/* Filings: what the yard owes to an authority about one vehicle, and by
 * when. A filing is one thing owed to one authority about one record: its
 * kind, what it covers (the vehicle, and for a battery leaving the yard the
 * pack), the date the clock started, the due date on the working-day
 * calendar (db_add_working_days: weekends and the holidays table), its state
 * (owed, done, withdrawn; an owed one past its due date is late), when and by
 * whom it was done and the reference number the authority gave.
 *
 * Filings are made by the event that starts their clock, in that event's
 * transaction:
 * - check-in: the entry into the ministry's ELV system (MOFCOM), and for a
 *   new-energy vehicle the battery report "vehicle scrapped" (15 working
 *   days, 2018 provisional traceability rules art. 13);
 * - the first certificate: the police deregistration (7 working days);
 * - a traction battery removed from a vehicle that had no battery report
 *   owed: that report; the pack handed over: the report "battery out of the
 *   yard" (15 working days).
 * They are never deleted. A filing whose event is taken back (a battery
 * hand-over undone) is withdrawn while it is still owed; the event made
 * again owes it again. Every change is audited (entity "filing").
 *
 * Site rules (settings, changed with filing_rule_set): the working days of
 * the ministry entry, which no regulation fixes (filing.mofcom_entry.days,
 * default FILING_MOFCOM_DAYS), and the photo kinds a filing needs before it
 * counts as done (filing.KIND.photos, e.g. "cut,battery"). */
#ifndef SY_FILING_H
#define SY_FILING_H
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define FILING_MOFCOM_DAYS 5 /* unconfirmed: a site setting, not law */
#define FILING_DUE_HORIZON 3 /* "due" means within this many working days, or late */

struct filing_kind {
	const char *code;                   /* "mofcom_entry", "battery_report", "battery_outbound", "deregistration" */
	const char *en, *zh;                /* what is filed */
	const char *short_en, *short_zh;    /* the same in a list's column */
	const char *authority_en, *authority_zh;
	const char *to_en, *to_zh;          /* the authority in a list's column */
	const char *event_en, *event_zh;    /* what starts the clock */
	int days;                           /* working days from the event */
	int site_days;                      /* the days are a site setting, not set by law */
};
/* The kinds in the order of a vehicle's life; ends with a zeroed entry. */
extern const struct filing_kind filing_kinds[];
/* By code; "battery-outbound" and upper case are accepted. NULL when unknown. */
const struct filing_kind *filing_kind_find(const char *code);
/* "mofcom_entry, battery_report, ..." for messages. */
const char *filing_kind_codes(void);
/* Labels in the interface language. */
const char *filing_kind_label(const struct filing_kind *k);
const char *filing_kind_short(const struct filing_kind *k);
const char *filing_kind_authority(const struct filing_kind *k);
const char *filing_kind_to(const struct filing_kind *k);

struct filing {
	int64_t id, vehicle_id;
	const struct filing_kind *kind;
	char subject[32];      /* what it covers besides the vehicle (a pack code), or "" */
	char stock_no[16], vin[18], plate[16];
	char event_on[11], due[11];
	char state[12];        /* as stored: owed | done | withdrawn */
	int late;              /* owed and past due, or done after its due date */
	char done_on[11], done_by[64], reference[64], note[200];
	char created_by[64], created_at[20], updated_at[20];
};
/* What the clerk is told: "owed", "late", "done" or "withdrawn". */
const char *filing_state(const struct filing *f);
const char *filing_state_label(const struct filing *f); /* the same, translated */

/* Owe KIND about a vehicle from event_on (a date), inside the caller's
 * transaction. A filing already owed or done stays as it is (its clock ran
 * from the first event); a withdrawn one is owed again from event_on. */
int filing_open(db *d, int64_t vehicle_id, const char *kind, const char *subject, const char *event_on, sy_err *err);
/* The same for a vehicle just added in this transaction, which owes
 * nothing yet: no lookup first (check-in and import make these by the
 * thousand). */
int filing_open_new(db *d, int64_t vehicle_id, const char *kind, const char *event_on, sy_err *err);
/* Withdraw a filing still owed, inside the caller's transaction, saying why;
 * a done or missing one is left alone. */
int filing_withdraw(db *d, int64_t vehicle_id, const char *kind, const char *subject, const char *why, sy_err *err);
/* The same for every filing the vehicle still owes (its check-in was
 * cancelled): they are kept, withdrawn with the reason, each audited. */
int filing_withdraw_vehicle(db *d, int64_t vehicle_id, const char *why, sy_err *err);
/* Its event corrected to event_on: a filing still owed runs its clock from
 * there (audited); a done, withdrawn or missing one is left alone. */
int filing_move(db *d, int64_t vehicle_id, const char *kind, const char *subject, const char *event_on, sy_err *err);

int filing_get(db *d, int64_t id, struct filing *out, sy_err *err);
/* The filing of KIND about a vehicle; SY_INVALID when there is none. */
int filing_of(db *d, int64_t vehicle_id, const char *kind, const char *subject, struct filing *out, sy_err *err);

/* Mark a filing done on date (NULL: today) with the authority's reference.
 * A reference is required unless legacy is set (the old `vehicle mark`,
 * which had none). Refused: not owed (done already, or withdrawn), a date
 * in the future or before the event, a photo the site requires missing.
 * One audited transaction; fills out. */
int filing_done(db *d, int64_t id, const char *reference, const char *date, int legacy, struct filing *out,
		sy_err *err);
/* The same for the filing of KIND about a vehicle; when there is none
 * (a vehicle checked in before filings existed), it is made from date and
 * marked done at once. */
int filing_done_kind(db *d, int64_t vehicle_id, const char *kind, const char *date, struct filing *out, sy_err *err);

/* Another record of the same VIN whose ministry entry is done: the
 * ministry's system rejects a VIN filed twice. 1 and other filled when
 * there is one, 0 when none, -1 on error. */
int filing_vin_filed(db *d, const struct filing *f, struct filing *other, sy_err *err);

enum filing_view {
	FILING_OWED,   /* every owed filing (late ones too) */
	FILING_DUE,    /* owed, due within FILING_DUE_HORIZON working days or late */
	FILING_LATE,   /* owed and past due */
	FILING_ALL,    /* done and withdrawn too */
};
struct filing_query {
	enum filing_view view;
	const char *kind;   /* NULL: every kind */
	int64_t vehicle_id; /* 0: every vehicle */
	int offset, limit;  /* limit 0: no limit */
};
/* Oldest due date first; filings of cancelled vehicles are not owed. */
typedef int (*filing_cb)(const struct filing *f, void *ctx); /* non-zero stops */
int filing_list(db *d, const struct filing_query *q, filing_cb cb, void *ctx, sy_err *err);

/* A site's rules for a kind: its working days, and the photo kinds
 * (comma list, "" none) needed before one counts as done. */
struct filing_rule {
	const struct filing_kind *kind;
	int days;
	char photos[64];
};
int filing_rule_get(db *d, const char *kind, struct filing_rule *out, sy_err *err);
/* days < 0 and photos NULL leave that rule as it is; photos "" requires
 * none. Days can be changed only where no regulation sets them. Audited. */
int filing_rule_set(db *d, const char *kind, int days, const char *photos, sy_err *err);

/* The platform's words for the battery type coded by character 5 of a
 * GB/T 34014 code ("磷酸铁锂电池"), "" when the code says nothing. */
const char *filing_battery_type(const char *battery_code);

cJSON *filing_to_json(const struct filing *f);
#endif
