/* Small helpers shared by the dismantling commands (depollute, part, ship,
 * waste): numbers from options, the vehicle a REF names, aligned columns. */
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
/* The party NAME (of KIND when given); when none exists and KIND is given,
 * it is added with the credit code and licence (validated). Reports on error. */
int cmdutil_party(struct cli *cli, db *d, const char *name, const char *kind, const char *credit,
		  const char *licence, struct party *out);
/* Print s left-aligned in width terminal cells (Chinese counts two). */
void cmdutil_cell(const char *s, int width);
/* "12.5" without trailing zeros, into buf. */
const char *cmdutil_num(double x, char buf[32]);
#endif
