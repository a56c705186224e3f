/* Users of the yard's terminals: a name, a role and a PIN.
 *
 * Roles rank clerk < supervisor < admin; a higher role may do what a lower
 * one may. PINs are kept only as Argon2id hashes (libsodium): at least 6
 * digits for a clerk, 8 for a supervisor or an admin. Every attempt is
 * counted before the PIN is checked, in the same transaction that reads
 * the count, so attempts in parallel are all counted. Five wrong PINs in a
 * row lock the user out: 5 minutes, then 10, then 20 (each lock in a row
 * doubles it); after three locks in a row only an admin's new PIN unlocks,
 * except for the last admin, who stays on the doubling, up to a day. Every
 * change to a user is in the audit trail; the PIN hash only by its
 * SHA-256, which shows a hash written behind the program's back. */
#ifndef SY_USER_H
#define SY_USER_H
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

#define USER_NAME_MAX 32       /* characters */
#define USER_PIN_MIN 6         /* digits, a clerk */
#define USER_PIN_MIN_SENIOR 8  /* digits, a supervisor or an admin */
#define USER_PIN_MAX 12
#define USER_MAX_FAILED 5      /* wrong PINs before a lockout */
#define USER_LOCK_SECONDS 300  /* the first lockout; each one in a row doubles it */
#define USER_LOCKS_FOR_ADMIN 3 /* lockouts in a row after which only an admin unlocks */
#define USER_LOCK_MAX_SECONDS 86400

enum user_role { ROLE_NONE = 0, ROLE_CLERK = 1, ROLE_SUPERVISOR = 2, ROLE_ADMIN = 3 };

struct user {
	int64_t id;
	char name[128];
	char full_name[128]; /* as printed on documents; "" when not given */
	char role[16];
	int active;
	int failed_logins;
	int lockouts;          /* in a row, since the last good login */
	char locked_until[20]; /* "" when not locked */
	char created_at[20];
};

/* "clerk", "supervisor", "admin" and back; ROLE_NONE for anything else. */
enum user_role user_role_parse(const char *name);
const char *user_role_name(enum user_role role);

/* SY_OK when name may be a user name: up to 32 characters, no spaces, no
 * control or direction characters, not "system". */
int user_name_check(const char *name, sy_err *err);

/* SY_OK when pin is acceptable as a PIN: 6 to 12 digits. */
int user_pin_check(const char *pin, sy_err *err);
/* The same for a user of that role: 8 digits at least for a supervisor or admin. */
int user_pin_check_role(const char *pin, enum user_role role, sy_err *err);
/* Digits a PIN of that role needs at least. */
int user_pin_min(enum user_role role);

/* Number of active users; 0 means the yard runs without logins. */
int user_count(db *d, int64_t *out, sy_err *err);
/* Number of active admins. */
int user_admin_count(db *d, int64_t *out, sy_err *err);

/* Create a user with a PIN, in one audited transaction; full_name (may be
 * NULL) is the name printed on documents, such as the clerk of a certificate. */
int user_add(db *d, const char *name, const char *role, const char *pin, sy_err *err);
int user_add_named(db *d, const char *name, const char *full_name, const char *role, const char *pin, sy_err *err);
/* Set or clear ("") a user's full name, audited. */
int user_set_full_name(db *d, const char *name, const char *full_name, sy_err *err);
/* The name documents print for a login: the user's full name, else for a
 * yard without users the system account's full name, else the login. */
void user_display_name(db *d, const char *login, char *out, size_t size);

/* Check name and PIN. SY_OK and *role on success; SY_INVALID when the name is
 * unknown, the PIN wrong or the user locked out (err says which, and until
 * which date and time). The attempt is counted before the PIN is checked;
 * the fifth wrong one in a row locks the user. A PIN shorter than the
 * role now needs (set before PINs had to be longer) still logs in, with
 * *short_pin set: the caller allows nothing but a new PIN then. A hash made
 * with weaker parameters than today's is made again. */
int user_login(db *d, const char *name, const char *pin, enum user_role *role, int *short_pin, sy_err *err);

/* SY_OK when role `have` may do what needs role `need`; else SY_INVALID with
 * a message naming the role needed. */
int user_require(enum user_role have, enum user_role need, sy_err *err);

/* SY_OK when the session's user (db_role) may do what needs role need, or
 * when the yard has no users; else SY_INVALID naming the role needed.
 * Operations that change what the yard prints or accepts call it. */
int user_may(db *d, enum user_role need, sy_err *err);

/* Set a new PIN (and clear a lockout, also one only an admin lifts), audited. */
int user_set_pin(db *d, const char *name, const char *pin, sy_err *err);

/* The setting require_login: once an admin exists, 1 makes every change
 * need a login (enforced by the command line). Audited. */
int user_set_require_login(db *d, int on, sy_err *err);

int user_get(db *d, const char *name, struct user *out, sy_err *err);

typedef int (*user_cb)(const struct user *u, void *ctx); /* nonzero stops */
int user_each(db *d, user_cb cb, void *ctx, sy_err *err);

#endif
