/* The command line: one struct per invocation, one table of commands.
 * Every command returns an exit status: 0 done, 1 invalid input or refused,
 * 2 environment (database, device). */
#ifndef SY_CLI_H
#define SY_CLI_H
#include <cjson/cJSON.h>
#include <stdio.h>

#include "base/err.h"

struct db;

struct cli {
	const char *db_path; /* --db, SCRAPYARD_DB or the default */
	const char *user;    /* --user or SCRAPYARD_USER */
	int json;            /* --json: one JSON document on stdout */
	int own_pin_change;  /* user passwd: a login with a PIN too short for today is let in, to change it */
	int confirm_other_yard; /* restore --other-yard */
	struct db *db;       /* opened by cli_db() */
	sy_err err;
};

typedef int (*cmd_fn)(struct cli *cli, int argc, char **argv); /* argv[0] is the command */

struct command {
	const char *name;
	cmd_fn run;
	const char *summary; /* one line, for --help (translated at print time) */
	const char *usage;   /* "scrapyard NAME ..." lines */
};

extern const struct command commands[];

/* Open the database (creating and migrating it) once; NULL after printing the
 * error, and cli->err.status tells the exit status. */
struct db *cli_db(struct cli *cli);
/* Make d the session's database (actor, counter and login check), as
 * cli_db does: 0, or the exit status with cli->err filled (nothing printed). */
int cli_attach_db(struct cli *cli, struct db *d);
/* The actor of changes while nobody is logged in: the OS user, with the
 * name given with --user as a claim. */
void cli_reset_actor(struct cli *cli);

/* From here on, what the command prints on stdout passes the filter that
 * messages pass (base/text.h): data read from the database, an owner's
 * name say, never drives the terminal. JSON keeps its strings exact. */
void cli_filter_stdout(int json);
/* stdout as it was, for bytes meant for a printer or a file ("-"). */
FILE *cli_raw_stdout(void);

/* Print "scrapyard: MESSAGE" on stderr and return status; with --json also
 * {"error": MESSAGE, "status": N} on stdout, the command's one document. */
int cli_fail(struct cli *cli, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same on stderr only: for a command whose JSON answer says it already. */
int cli_message(struct cli *cli, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Report an sy_err from a lower layer; returns its status. */
int cli_report(struct cli *cli, const sy_err *err);
/* Print a JSON document on stdout (and free it); returns 0. */
int cli_print_json(cJSON *doc);
/* Usage error for a command: prints its usage on stderr, returns 1. */
int cli_usage(const char *command);
/* True when argv holds --help or -h; prints the command's usage. */
int cli_wants_help(const char *command, int argc, char **argv);

/* Common option handling for getopt_long loops: --json and --help. */
#define CLI_COMMON_LONGOPTS {"json", no_argument, NULL, 'J'}, {"help", no_argument, NULL, 'h'}

/* The options of a (sub)command that takes no options of its own, in any
 * place among its operands: 0 with optind at the first operand, or -1 on an
 * unknown option. */
int cli_common_options(int argc, char **argv);

#endif
