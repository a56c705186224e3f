/* Small helpers shared by the commands: numbers from options, the vehicle a
 * REF names, aligned columns, the lines of a device listing. */
#ifndef SY_CMDUTIL_H
#define SY_CMDUTIL_H
#include <stdint.h>

#include "app/cli.h"
#include "db/db.h"
#include "db/party.h"
#include "db/vehicle.h"

/* Parse a decimal number given to option --field; on error reports it
 * (exit status 1, field named) and returns non-zero. */
int cmdutil_number(struct cli *cli, const char *text, const char *field, double *out);
int cmdutil_int(struct cli *cli, const char *text, const char *field, int min, int max, int *out);
/* A date option as the clerk types it (2015-03-10, 20150310, 2015/3/10):
 * *out points at it as YYYY-MM-DD, valid for the rest of the command.
 * Reports (exit status 1, the option named) and returns non-zero when it
 * is not a real date. */
int cmdutil_date(struct cli *cli, const char *text, const char *option, const char **out);
/* The vehicle REF names (stock number, VIN or plate); reports on error. */
int cmdutil_vehicle(struct cli *cli, db *d, const char *ref, struct vehicle *out);
/* The id of that vehicle into *id, for an optional --vehicle REF: ref NULL
 * leaves *id as it is. Reports on error. */
int cmdutil_vehicle_id(struct cli *cli, db *d, const char *ref, int64_t *id);
/* The party NAME (of KIND when given); when none exists and KIND is given,
 * it is added with the credit code and licence (validated). Reports on error. */
int cmdutil_party(struct cli *cli, db *d, const char *name, const char *kind, const char *credit,
		  const char *licence, struct party *out);
/* Print s left-aligned in width terminal cells (Chinese counts two). */
void cmdutil_cell(const char *s, int width);
/* "12.5" without trailing zeros, into buf. */
const char *cmdutil_num(double x, char buf[32]);
/* The end of a command whose JSON answer is doc (NULL without --json), a
 * listing's array say: when the work failed (status rc), doc freed and the
 * error reported; else doc printed. Returns the exit status. */
int cmdutil_json_done(struct cli *cli, int rc, cJSON *doc);
/* The database of a command over a reference table (part kinds, waste
 * codes) once its operands are checked: it takes none. A change to the
 * table (changing) is a supervisor's. NULL with *status the exit status
 * when the usage, the database or the role refuses. */
db *cmdutil_table_db(struct cli *cli, int argc, int changing, const char *command, int *status);
/* The answer to a change: doc printed with --json, else doc freed and the
 * line fmt makes printed. Returns the exit status. */
int cmdutil_changed(struct cli *cli, cJSON *doc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A USB device's ids ("0403") and its kernel tty when bound, into a
 * listing's JSON entry. */
void cmdutil_usb_json(cJSON *o, unsigned vid, unsigned pid, const char *tty);
/* The end of a listing's text line: the kernel tty when bound, the newline. */
void cmdutil_tty_end(const char *tty);
#endif
