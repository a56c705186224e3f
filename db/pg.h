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

/* libpq is loaded when the head office is first reached (pg_check_url,
 * pg_connect), not at every start: with the Kerberos, LDAP and TLS
 * libraries it brings, linking it cost each run of the program about as
 * much start-up as a whole certificate's work (make bench). Every libpq
 * function used goes through this table; add a new one to the list. */
#define SY_PQ_FUNCTIONS(X)                                                                                            \
	X(PQclear) X(PQcmdTuples) X(PQconnectdbParams) X(PQconninfo) X(PQconninfoFree) X(PQconninfoParse)              \
	X(PQerrorMessage) X(PQexec) X(PQexecParams) X(PQfinish) X(PQfreemem) X(PQgetCopyData) X(PQgetResult)           \
	X(PQgetisnull) X(PQgetvalue) X(PQhost) X(PQnfields) X(PQntuples) X(PQputCopyData) X(PQputCopyEnd)             \
	X(PQresultErrorField) X(PQresultStatus) X(PQsslInUse) X(PQstatus)
struct pg_lib {
#define SY_PQ_POINTER(f) __typeof__(f) *f_##f;
	SY_PQ_FUNCTIONS(SY_PQ_POINTER)
#undef SY_PQ_POINTER
};
extern struct pg_lib pg_lib;
#define PQclear (*pg_lib.f_PQclear)
#define PQcmdTuples (*pg_lib.f_PQcmdTuples)
#define PQconnectdbParams (*pg_lib.f_PQconnectdbParams)
#define PQconninfo (*pg_lib.f_PQconninfo)
#define PQconninfoFree (*pg_lib.f_PQconninfoFree)
#define PQconninfoParse (*pg_lib.f_PQconninfoParse)
#define PQerrorMessage (*pg_lib.f_PQerrorMessage)
#define PQexec (*pg_lib.f_PQexec)
#define PQexecParams (*pg_lib.f_PQexecParams)
#define PQfinish (*pg_lib.f_PQfinish)
#define PQfreemem (*pg_lib.f_PQfreemem)
#define PQgetCopyData (*pg_lib.f_PQgetCopyData)
#define PQgetResult (*pg_lib.f_PQgetResult)
#define PQgetisnull (*pg_lib.f_PQgetisnull)
#define PQgetvalue (*pg_lib.f_PQgetvalue)
#define PQhost (*pg_lib.f_PQhost)
#define PQnfields (*pg_lib.f_PQnfields)
#define PQntuples (*pg_lib.f_PQntuples)
#define PQputCopyData (*pg_lib.f_PQputCopyData)
#define PQputCopyEnd (*pg_lib.f_PQputCopyEnd)
#define PQresultErrorField (*pg_lib.f_PQresultErrorField)
#define PQresultStatus (*pg_lib.f_PQresultStatus)
#define PQsslInUse (*pg_lib.f_PQsslInUse)
#define PQstatus (*pg_lib.f_PQstatus)
/* Load libpq once; SY_ENV when it is missing. */
int pg_load(sy_err *err);

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
