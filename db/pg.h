/* The connection to the group's head office (PostgreSQL, through libpq).
 *
 * Credentials come from a service file or ~/.pgpass, never from the command
 * line: a connection string holding a password is refused. A server that is
 * not on this host (a host name or address other than a Unix socket or the
 * loopback) is reached only with sslmode=verify-full. Failures come back as
 * an sy_err a clerk can act on: the head office unreachable, the login
 * refused, the connection lost midway, a change refused by the server. */
#ifndef SY_PG_H
#define SY_PG_H
#include <libpq-fe.h>
#include <stddef.h>

#include "base/err.h"

typedef struct pg pg;

/* Check url (a libpq connection string or URI, e.g. "service=headoffice")
 * without connecting: SY_INVALID when it holds a password or weakens TLS to
 * a remote server. */
int pg_check_url(const char *url, sy_err *err);
/* Connect; NULL and err filled on failure. */
pg *pg_connect(const char *url, sy_err *err);
void pg_close(pg *p);
PGconn *pg_conn(pg *p);

/* Run SQL without parameters (one or several commands). */
int pg_exec(pg *p, sy_err *err, const char *sql);
/* A query with text parameters; the result (tuples or command) or NULL with
 * err filled. PQclear it. */
PGresult *pg_query(pg *p, sy_err *err, const char *sql, int n, const char *const *params);
/* The single value of a query, malloc'd, or NULL (NULL value: err untouched). */
char *pg_value(pg *p, sy_err *err, const char *sql, int n, const char *const *params);

/* COPY ... FROM STDIN: start it, send bytes, end it (end reports the
 * server's verdict on every row, and how many it took when rows is given). */
int pg_copy_begin(pg *p, sy_err *err, const char *sql);
int pg_copy_send(pg *p, sy_err *err, const char *buf, size_t n);
int pg_copy_end(pg *p, sy_err *err, long long *rows);

/* COPY ... TO STDOUT: each chunk of rows goes to fn. */
typedef void (*pg_copy_fn)(void *ctx, const char *buf, int n);
int pg_copy_out(pg *p, sy_err *err, const char *sql, pg_copy_fn fn, void *ctx);

/* Turn a failed result (or a lost connection when r is NULL) into err. */
int pg_fail(pg *p, sy_err *err, const PGresult *r, const char *doing);

#endif
