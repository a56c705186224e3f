/* A session: one person's use of one yard database, from the command line
 * or the full-screen program. It opens the database (actor, counter and
 * the login check on writes), logs a user in and out, and checks roles.
 * Nothing here prints: an operation that fails fills s->err and returns
 * its status, and the caller says it in its own way; only a database that
 * does not open is told at once, by the owner's say_db_error.
 *
 * A yard without users works without logins. Once an admin exists and the
 * setting require_login is 1, anything that writes asks for a login first
 * (the check runs before the first transaction, see db_set_write_check). */
#ifndef SY_SESSION_H
#define SY_SESSION_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

struct db;

struct session {
	const char *db_path; /* --db, SCRAPYARD_DB or the default */
	const char *user;    /* --user or SCRAPYARD_USER: who asked to log in (a claim until a PIN checks it) */
	int own_pin_change;  /* user passwd: a login with a PIN too short for today is let in, to change it */
	struct db *db;       /* opened by session_db() */
	struct {
		int ok;
		int short_pin; /* logged in with a PIN shorter than the role needs: only to change it */
		int role;      /* enum user_role */
		char name[128];
	} login;             /* who is logged in */
	sy_err err;          /* why the last operation that failed did */
	/* How the owner tells that the database did not open, wherever the
	 * session opened it (the command line: on stderr); NULL: not told. */
	void (*say_db_error)(const sy_err *err);
};

/* Open the database (creating and migrating it) once: NULL with s->err filled. */
struct db *session_db(struct session *s);
/* The same when the database file exists already; NULL otherwise: settings
 * are read from it, but what needs none (scale read) does not create it. */
struct db *session_db_if_any(struct session *s);
/* Make d the session's database (actor, counter and login check), as
 * session_db does: 0, or the status with s->err filled and s->db NULL
 * (d is the caller's to close). */
int session_attach_db(struct session *s, struct db *d);

/* Log s->user in with the PIN from SCRAPYARD_PIN or the terminal (once per
 * session). 0, or the status with s->err filled. */
int session_login(struct session *s);
/* Log in with a PIN already read (for a login screen). Same result as session_login. */
int session_login_pin(struct session *s, const char *name, const char *pin);
/* Nobody is logged in any more; the next change asks for a login again
 * where the yard requires one. */
void session_logout(struct session *s);
/* 1 when nobody is logged in and the yard requires a login (require_login
 * and an admin exist) in the open database. */
int session_login_required(struct session *s);
/* Log in first when the yard requires a login (require_login and an admin
 * exist): for what writes outside a transaction (a backup). 0, or the
 * status with s->err filled. */
int session_login_if_required(struct session *s);

/* The logged-in user, or NULL. */
const char *session_user(const struct session *s);
/* Their role (enum user_role), 0 while nobody is. */
int session_role(const struct session *s);
/* 1 when that user logged in with a PIN shorter than the role needs now
 * (only to set a new one: s->own_pin_change). */
int session_short_pin(const struct session *s);

/* 0 when the session may do what needs role ("clerk", "supervisor",
 * "admin"): logs in when needed. Otherwise the status with s->err filled.
 * A yard without users passes every check. */
int session_require_role(struct session *s, const char *role);

/* Read a PIN from the terminal without echo; -1 when there is no terminal. */
int session_read_pin(const char *prompt, char *out, size_t size);
/* Read a line from the terminal fd (a name), without its newline. */
int session_read_line(int fd, char *out, size_t size);

#endif
