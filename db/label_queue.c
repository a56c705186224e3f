/* The print_jobs table: the label print queue. */
#include "db/label_queue.h"

#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

static const char job_columns[] = "id, kind, ref, COALESCE(printer, ''), COALESCE(language, ''), copies, state, attempts,"
				  " COALESCE(message, ''), created_by, created_at, updated_at";

/* The one table between the states and the text stored in print_jobs.state. */
static const char *const state_names[] = {
	[LABEL_JOB_QUEUED] = "queued",
	[LABEL_JOB_SENT] = "sent",
	[LABEL_JOB_DONE] = "done",
	[LABEL_JOB_FAILED] = "failed",
};
_Static_assert(sizeof state_names / sizeof state_names[0] == LABEL_JOB_FAILED + 1, "a name for every job state");

const char *label_job_state_name(enum label_job_state state)
{
	return (unsigned)state < sizeof state_names / sizeof state_names[0] ? state_names[state] : "queued";
}

int label_job_state_parse(const char *name, enum label_job_state *out)
{
	for (size_t i = 0; name && i < sizeof state_names / sizeof state_names[0]; i++)
		if (!strcmp(name, state_names[i])) {
			*out = (enum label_job_state)i;
			return 0;
		}
	return -1;
}

static void read_job(sqlite3_stmt *st, struct label_job *j)
{
	memset(j, 0, sizeof *j);
	j->id = sqlite3_column_int64(st, 0);
	db_column_copy(j->kind, sizeof j->kind, st, 1);
	db_column_copy(j->ref, sizeof j->ref, st, 2);
	db_column_copy(j->printer, sizeof j->printer, st, 3);
	db_column_copy(j->language, sizeof j->language, st, 4);
	j->copies = sqlite3_column_int(st, 5);
	/* A state this version does not know reads as queued: shown, and retried by number. */
	if (label_job_state_parse((const char *)sqlite3_column_text(st, 6), &j->state) != 0)
		j->state = LABEL_JOB_QUEUED;
	j->attempts = sqlite3_column_int(st, 7);
	db_column_copy(j->message, sizeof j->message, st, 8);
	db_column_copy(j->created_by, sizeof j->created_by, st, 9);
	db_column_copy(j->created_at, sizeof j->created_at, st, 10);
	db_column_copy(j->updated_at, sizeof j->updated_at, st, 11);
}

int label_queue_add(db *d, const char *kind, const char *ref, const char *printer, int copies, struct label_job *out,
		    sy_err *err)
{
	char now[20];
	const char *actor = db_actor(d);
	db_now(now);
	if (copies < 1 || copies > 999)
		return sy_fail(err, SY_INVALID, "copies", _("copies must be 1 to 999"));
	int status = db_exec(d, err,
			     "INSERT INTO print_jobs(kind, ref, printer, copies, state, created_by, created_at, updated_at)"
			     " VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
			     "tttittt" "t", kind, ref, printer && *printer ? printer : NULL, copies,
			     label_job_state_name(LABEL_JOB_QUEUED),
			     actor && *actor ? actor : "?", now, now);
	if (status != SY_OK)
		return status;
	return label_queue_get(d, db_last_id(d), out, err);
}

int label_queue_save(db *d, struct label_job *job, sy_err *err)
{
	db_now(job->updated_at);
	return db_exec(d, err,
		       "UPDATE print_jobs SET printer = ?, language = ?, state = ?, attempts = ?, message = ?, updated_at = ?"
		       " WHERE id = ?",
		       "tttitt" "I", *job->printer ? job->printer : NULL, *job->language ? job->language : NULL,
		       label_job_state_name(job->state),
		       job->attempts, *job->message ? job->message : NULL, job->updated_at, job->id);
}

int label_queue_get(db *d, int64_t id, struct label_job *out, sy_err *err)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT %s FROM print_jobs WHERE id = ?", job_columns);
	sqlite3_stmt *st = db_query(d, err, sql, "I", id);
	if (!st)
		return err->status;
	int rc = db_step(d, err, st);
	if (rc == SQLITE_ROW)
		read_job(st, out);
	db_done(d, st);
	if (rc == SQLITE_DONE)
		return sy_fail(err, SY_INVALID, "job", _("there is no print job %lld: `scrapyard printer jobs` lists them"),
			       (long long)id);
	return rc == SQLITE_ROW ? SY_OK : err->status;
}

int label_queue_list(db *d, enum label_job_filter which, int limit, label_job_cb cb, void *ctx, sy_err *err)
{
	char sql[512];
	sqlite3_stmt *st;
	if (limit <= 0)
		limit = 100;
	switch (which) {
	case LABEL_JOBS_ALL:
		snprintf(sql, sizeof sql, "SELECT %s FROM print_jobs ORDER BY id DESC LIMIT ?", job_columns);
		st = db_query(d, err, sql, "i", limit);
		break;
	case LABEL_JOBS_QUEUED:
	case LABEL_JOBS_DONE:
		snprintf(sql, sizeof sql, "SELECT %s FROM print_jobs WHERE state = ? ORDER BY id LIMIT ?", job_columns);
		st = db_query(d, err, sql, "ti",
			      label_job_state_name(which == LABEL_JOBS_DONE ? LABEL_JOB_DONE : LABEL_JOB_QUEUED), limit);
		break;
	default:
		/* Literally 'done', as the partial index print_jobs_pending says it. */
		snprintf(sql, sizeof sql, "SELECT %s FROM print_jobs WHERE state <> 'done' ORDER BY id LIMIT ?",
			 job_columns);
		st = db_query(d, err, sql, "i", limit);
		break;
	}
	if (!st)
		return err->status;
	int rc;
	while ((rc = db_step(d, err, st)) == SQLITE_ROW) {
		struct label_job j;
		read_job(st, &j);
		if (cb(&j, ctx))
			break;
	}
	db_done(d, st);
	return rc < 0 ? err->status : SY_OK;
}

cJSON *label_job_to_json(const struct label_job *j)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)j->id);
	cJSON_AddStringToObject(o, "kind", j->kind);
	cJSON_AddStringToObject(o, "ref", j->ref);
	cJSON_AddStringToObject(o, "printer", j->printer);
	cJSON_AddStringToObject(o, "language", j->language);
	cJSON_AddNumberToObject(o, "copies", j->copies);
	cJSON_AddStringToObject(o, "state", label_job_state_name(j->state));
	cJSON_AddNumberToObject(o, "attempts", j->attempts);
	cJSON_AddStringToObject(o, "message", j->message);
	cJSON_AddStringToObject(o, "created_by", j->created_by);
	cJSON_AddStringToObject(o, "created_at", j->created_at);
	cJSON_AddStringToObject(o, "updated_at", j->updated_at);
	return o;
}
