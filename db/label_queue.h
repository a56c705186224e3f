/* The label print queue (table print_jobs): a job is written before any
 * byte goes to a printer, and its state says how far it got:
 *   queued  not printed yet, or the printer refused it (paper out,
 *           unplugged): `scrapyard printer retry` sends it again;
 *   sent    the printer took the bytes but did not confirm the label;
 *   done    the printer took it (and, where it reports it, printed it);
 *   failed  it cannot print as it is (the record is gone, the label does
 *           not fit): fix the cause, then retry it by its number. */
#ifndef SY_LABEL_QUEUE_H
#define SY_LABEL_QUEUE_H
#include <cjson/cJSON.h>
#include <stdint.h>

#include "db/db.h"

/* How far a job got; stored in print_jobs.state (and shown in JSON) by name. */
enum label_job_state {
	LABEL_JOB_QUEUED, /* "queued" */
	LABEL_JOB_SENT,   /* "sent" */
	LABEL_JOB_DONE,   /* "done" */
	LABEL_JOB_FAILED, /* "failed" */
};
const char *label_job_state_name(enum label_job_state state);
/* 0, or -1 for a name that is none of them. */
int label_job_state_parse(const char *name, enum label_job_state *out);

struct label_job {
	int64_t id;
	char kind[12];     /* vehicle, part, core, waste */
	char ref[64];      /* stock number, part number, container code */
	char printer[64];  /* printer id (vendor:product@port, or tcp://HOST:PORT), "" until one is chosen */
	char language[8];  /* zpl, tspl, ql, dymo, "" until known */
	int copies;
	enum label_job_state state;
	int attempts;
	char message[512]; /* the last attempt's outcome, one line */
	char created_by[64], created_at[20], updated_at[20];
};

/* Record a job (state queued). */
int label_queue_add(db *d, const char *kind, const char *ref, const char *printer, int copies, struct label_job *out,
		    sy_err *err);
/* Save the job's printer, language, state, attempts and message. */
int label_queue_save(db *d, struct label_job *job, sy_err *err);
int label_queue_get(db *d, int64_t id, struct label_job *out, sy_err *err);

/* Which jobs label_queue_list gives. */
enum label_job_filter {
	LABEL_JOBS_WAITING, /* every job not done, oldest first */
	LABEL_JOBS_QUEUED,  /* the queued ones, oldest first: what retry sends */
	LABEL_JOBS_DONE,    /* the done ones, oldest first */
	LABEL_JOBS_ALL,     /* every job, newest first */
};
/* limit 0: 100. */
typedef int (*label_job_cb)(const struct label_job *job, void *ctx); /* non-zero stops */
int label_queue_list(db *d, enum label_job_filter which, int limit, label_job_cb cb, void *ctx, sy_err *err);

cJSON *label_job_to_json(const struct label_job *job);
#endif
