#include "db/pg.h"

#include <dlfcn.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

struct pg {
	PGconn *conn;
};

PGconn *pg_conn(pg *p) { return p->conn; }

/* The first line of a libpq message, without its trailing newline. */
static void first_line(char *out, size_t size, const char *msg)
{
	sy_strlcpy(out, msg ? msg : "", size);
	out[strcspn(out, "\n")] = '\0';
}

/* A Unix socket (the default when no host is given) or the loopback. */
static int host_is_local(const char *hosts)
{
	if (!hosts || !*hosts)
		return 1;
	char *copy = xstrdup(hosts), *save = NULL;
	int local = 1;
	for (char *h = strtok_r(copy, ",", &save); h && local; h = strtok_r(NULL, ",", &save))
		local = *h == '/' || *h == '@' || strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 ||
			strcmp(h, "::1") == 0;
	free(copy);
	return local;
}

struct pg_lib pg_lib;

int pg_load(sy_err *err)
{
	static void *lib;
	if (lib)
		return SY_OK;
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	const char *missing = NULL;
#define SY_PQ_LOAD(f)                                                                                                 \
	if (h && !missing && !(pg_lib.f_##f = (__typeof__(pg_lib.f_##f))dlsym(h, #f)))                                  \
		missing = #f;
	SY_PQ_FUNCTIONS(SY_PQ_LOAD)
#undef SY_PQ_LOAD
	if (!h || missing) {
		char why[256];
		snprintf(why, sizeof why, "%s", h ? missing : dlerror());
		if (h)
			dlclose(h);
		return sy_fail(err, SY_ENV, NULL,
			       _("reaching the head office needs the PostgreSQL client library (Debian package libpq5): %s"), why);
	}
	lib = h;
	return SY_OK;
}

int pg_check_url(const char *url, sy_err *err)
{
	if (pg_load(err) != SY_OK)
		return SY_ENV;
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &msg);
	if (!opts) {
		char line[256];
		first_line(line, sizeof line, msg);
		PQfreemem(msg);
		return sy_fail(err, SY_INVALID, "url", _("the head office address '%s' is not understood: %s"), url, line);
	}
	const char *host = NULL, *hostaddr = NULL, *sslmode = NULL;
	char weak_mode[32] = ""; /* sslmode outlives the options it points into */
	int password = 0;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val)
			continue;
		if (strcmp(o->keyword, "password") == 0 && *o->val)
			password = 1;
		else if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "hostaddr") == 0)
			hostaddr = o->val;
		else if (strcmp(o->keyword, "sslmode") == 0)
			sslmode = o->val;
	}
	int remote = !host_is_local(host) || !host_is_local(hostaddr);
	int weak = remote && sslmode && strcmp(sslmode, "verify-full") != 0;
	if (weak)
		sy_strlcpy(weak_mode, sslmode, sizeof weak_mode);
	PQconninfoFree(opts);
	if (password)
		return sy_fail(err, SY_INVALID, "url",
			       _("the head office address holds a password: put it in ~/.pgpass or a service file (pg_service.conf), never on the command line"));
	if (weak)
		return sy_fail(err, SY_INVALID, "url",
			       _("the head office is on another host: its connection must use sslmode=verify-full, not %s"), weak_mode);
	return SY_OK;
}

/* After connecting through a service file, the host is known only now. */
static int check_tls(pg *p, sy_err *err)
{
	if (host_is_local(PQhost(p->conn)))
		return SY_OK;
	const char *mode = NULL;
	PQconninfoOption *info = PQconninfo(p->conn);
	for (PQconninfoOption *o = info; o && o->keyword; o++)
		if (strcmp(o->keyword, "sslmode") == 0)
			mode = o->val;
	int ok = mode && strcmp(mode, "verify-full") == 0 && PQsslInUse(p->conn);
	if (!ok)
		sy_fail(err, SY_INVALID, "url",
			_("the head office %s is on another host: add sslmode=verify-full (and its root certificate) to the service"),
			PQhost(p->conn));
	PQconninfoFree(info);
	return ok ? SY_OK : SY_INVALID;
}

pg *pg_connect(const char *url, sy_err *err)
{
	if (pg_check_url(url, err) != SY_OK)
		return NULL;
	char *msg = NULL, *host = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &msg);
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if ((strcmp(o->keyword, "host") == 0 || strcmp(o->keyword, "hostaddr") == 0) && o->val && !host_is_local(o->val))
			host = o->val;
	/* Later entries override earlier ones: defaults first, the address, then TLS. */
	const char *keys[] = {"application_name", "connect_timeout", "dbname", host ? "sslmode" : NULL, NULL};
	const char *vals[] = {"scrapyard", "10", url, "verify-full", NULL};
	pg *p = xcalloc(1, sizeof *p);
	p->conn = PQconnectdbParams(keys, vals, 1);
	PQconninfoFree(opts);
	PQfreemem(msg);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		char line[384];
		first_line(line, sizeof line, PQerrorMessage(p->conn));
		int refused = strstr(line, "authentication") || strstr(line, "password") || strstr(line, "role");
		if (refused)
			sy_fail(err, SY_ENV, NULL,
				_("the head office refused this yard's login (%s): check the service file or ~/.pgpass"), line);
		else
			sy_fail(err, SY_ENV, NULL,
				_("cannot reach the head office (%s): the yard keeps working; synchronise when the network is back"),
				line);
		pg_close(p);
		return NULL;
	}
	if (check_tls(p, err) != SY_OK) {
		pg_close(p);
		return NULL;
	}
	PGresult *r = PQexec(p->conn, "SET client_encoding = 'UTF8'; SET search_path = sy, public; SET client_min_messages = warning");
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		pg_fail(p, err, r, _("starting"));
	PQclear(r);
	if (!ok) {
		pg_close(p);
		return NULL;
	}
	return p;
}

void pg_close(pg *p)
{
	if (!p)
		return;
	PQfinish(p->conn);
	free(p);
}

int pg_fail(pg *p, sy_err *err, const PGresult *r, const char *doing)
{
	char line[384];
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (PQstatus(p->conn) != CONNECTION_OK || (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0))) {
		first_line(line, sizeof line, PQerrorMessage(p->conn));
		return sy_fail(err, SY_ENV, NULL,
			       _("the connection to the head office was lost while %s (%s): nothing of it was kept there; run 'scrapyard sync' again"),
			       doing, line);
	}
	first_line(line, sizeof line, r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(p->conn));
	if (state && (strcmp(state, "42501") == 0 || strcmp(state, "P0001") == 0))
		return sy_fail(err, SY_INVALID, NULL, _("the head office refused %s: %s"), doing, line);
	if (state && strcmp(state, "3F000") == 0)
		return sy_fail(err, SY_ENV, NULL,
			       _("the head office has no scrapyard schema: run 'scrapyard server init --url URL' there first"));
	return sy_fail(err, SY_ENV, NULL, _("the head office failed while %s: %s"), doing, line);
}

static int result_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

int pg_exec(pg *p, sy_err *err, const char *sql)
{
	PGresult *r = PQexec(p->conn, sql);
	int status = result_ok(r) ? SY_OK : pg_fail(p, err, r, _("synchronising"));
	PQclear(r);
	return status;
}

PGresult *pg_query(pg *p, sy_err *err, const char *sql, int n, const char *const *params)
{
	PGresult *r = PQexecParams(p->conn, sql, n, NULL, params, NULL, NULL, 0);
	if (result_ok(r))
		return r;
	pg_fail(p, err, r, _("synchronising"));
	PQclear(r);
	return NULL;
}

char *pg_value(pg *p, sy_err *err, const char *sql, int n, const char *const *params)
{
	PGresult *r = pg_query(p, err, sql, n, params);
	if (!r)
		return NULL;
	char *v = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	return v;
}

int pg_copy_begin(pg *p, sy_err *err, const char *sql)
{
	PGresult *r = PQexec(p->conn, sql);
	int status = PQresultStatus(r) == PGRES_COPY_IN ? SY_OK : pg_fail(p, err, r, _("sending changes"));
	PQclear(r);
	return status;
}

int pg_copy_send(pg *p, sy_err *err, const char *buf, size_t n)
{
	if (n == 0)
		return SY_OK;
	return PQputCopyData(p->conn, buf, (int)n) == 1 ? SY_OK : pg_fail(p, err, NULL, _("sending changes"));
}

int pg_copy_end(pg *p, sy_err *err, long long *rows)
{
	if (PQputCopyEnd(p->conn, NULL) != 1)
		return pg_fail(p, err, NULL, _("sending changes"));
	int status = SY_OK;
	PGresult *r;
	while ((r = PQgetResult(p->conn))) {
		if (status == SY_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
			status = pg_fail(p, err, r, _("sending changes"));
		else if (rows)
			*rows = atoll(PQcmdTuples(r));
		PQclear(r);
	}
	return status;
}

int pg_copy_out(pg *p, sy_err *err, const char *sql, pg_copy_fn fn, void *ctx)
{
	PGresult *r = PQexec(p->conn, sql);
	int status = PQresultStatus(r) == PGRES_COPY_OUT ? SY_OK : pg_fail(p, err, r, _("reading the head office's copy"));
	PQclear(r);
	if (status != SY_OK)
		return status;
	char *buf;
	int n;
	while ((n = PQgetCopyData(p->conn, &buf, 0)) > 0) {
		fn(ctx, buf, n);
		PQfreemem(buf);
	}
	while ((r = PQgetResult(p->conn))) {
		if (status == SY_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
			status = pg_fail(p, err, r, _("reading the head office's copy"));
		PQclear(r);
	}
	if (status == SY_OK && n == -2)
		status = pg_fail(p, err, NULL, _("reading the head office's copy"));
	return status;
}
