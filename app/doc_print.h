/* Certificates and documents on paper, through CUPS.
 *
 * The A4 printer is a CUPS queue, chosen like the other devices
 * (db/devices.h: DEVICE_A4): the counter's, else the user's, else the
 * yard's, else CUPS's default; `--printer NAME` on a command overrides it.
 * Before a job is sent, lpstat says whether CUPS runs, knows the printer
 * and has it started: when not, the clerk is told what to do and where
 * the PDF is, which stays written either way. */
#ifndef SY_DOC_PRINT_H
#define SY_DOC_PRINT_H
#include "base/err.h"
#include "db/db.h"

struct cli;

/* The --printer NAME of the commands that print on A4, as an entry of
 * their option tables (struct cli_option, app/cli.h). */
#define DOC_PRINTER_OPTION(val) {"printer", required_argument, NULL, val, "NAME", NULL, doc_printer_help}
extern const char doc_printer_help[];

/* What was printed: the queue and CUPS's job ("" when a configured
 * command printed, which says neither). */
struct doc_print_job {
	char printer[128];
	char id[160];
};

/* Send a PDF to the A4 printer: `lp -d PRINTER -- FILE` without a shell,
 * PRINTER the one given (NULL: the session's choice, else CUPS's default).
 * Another command only from root-owned configuration:
 * SYSCONFDIR/scrapyard/print-command, one line of words, the file added
 * at the end; never from the database or the environment; it is run as
 * it is, without asking CUPS anything first.
 * 0 with *job filled (job may be NULL), or the exit status after saying
 * what failed, what to do and where the PDF is. */
int doc_print(struct cli *cli, db *d, const char *file, const char *printer, struct doc_print_job *job);

/* The A4 printer the session uses (malloc'd), or NULL for CUPS's default. */
char *doc_a4_printer(db *d);
/* SY_OK when name may be a CUPS queue name (never taken for an option). */
int doc_printer_name_check(const char *name, sy_err *err);
/* Adds "printer" and "print_job" to a command's JSON when it printed. */
struct cJSON;
void doc_print_json(struct cJSON *o, const struct doc_print_job *job);
#endif
