/* The command line: one struct per invocation, which owns the session it
 * works in (app/session.h), one table of commands, and beside each
 * command's code the table of its subcommands and options.
 * --help, the man pages and the shell completion are all read from them. */
#ifndef SY_CLI_H
#define SY_CLI_H
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>

#include "app/session.h"
#include "base/err.h"
#include "base/i18n.h"

/* Every command's exit status. Scripts rely on these values: a usage error
 * is invalid input too (1). */
enum cli_exit {
	CLI_EXIT_OK = SY_OK,           /* done */
	CLI_EXIT_INVALID = SY_INVALID, /* invalid input, a usage error, or refused */
	CLI_EXIT_ENV = SY_ENV,         /* the environment: database, disk, device */
};

struct db;

struct cli {
	struct session session; /* the database, who asked to log in and who is */
	int json;            /* --json: one JSON document on stdout */
	int confirm_other_yard; /* restore --other-yard */
	sy_err err;          /* why the command failed */
};

typedef int (*cmd_fn)(struct cli *cli, int argc, char **argv); /* argv[0] is the command */

/* One option of a (sub)command. The first four fields are getopt_long's
 * struct option; the rest are for the man pages and the completion. */
struct cli_option {
	const char *name;
	int has_arg;
	int *flag;
	int val;
	const char *arg;    /* the argument's name ("DATE"); NULL: as the usage writes it */
	const char *values; /* the values it takes, "a|b|c"; NULL: as the usage lists them, or any */
	const char *help;   /* one line, N_() marked; NULL: the usage says it */
};

/* Entries of those tables: a flag, an option with an argument, one with an
 * optional argument, one whose argument is one of values ("a|b|c"). */
#define CLI_FLAG(name, val) {name, no_argument, NULL, val, NULL, NULL, NULL}
#define CLI_ARG(name, val) {name, required_argument, NULL, val, NULL, NULL, NULL}
#define CLI_OPTARG(name, val) {name, optional_argument, NULL, val, NULL, NULL, NULL}
#define CLI_ENUM(name, val, values) {name, required_argument, NULL, val, NULL, values, NULL}

/* What a subcommand's operands (or an option's argument) name, for the completion. */
enum cli_operand {
	CLI_OPERAND_NONE,
	CLI_OPERAND_VEHICLE, /* a stock number (or VIN, plate) */
	CLI_OPERAND_CERT,    /* a certificate number */
	CLI_OPERAND_FILE,    /* a file or folder */
};

struct subcommand {
	const char *name;
	cmd_fn run; /* given argv from the subcommand's name on */
	const struct cli_option *options; /* NULL: only --json and --help */
	enum cli_operand operand;
	/* Options made at run time (vehicle add's, from the intake form), made
	 * once and kept; used instead of options when set. */
	const struct cli_option *(*make_options)(void);
};

struct command {
	const char *name;
	cmd_fn run; /* a command without subcommands; with them, cli_dispatch runs the one named */
	const char *summary; /* one line, for --help (translated at print time) */
	const char *usage;   /* "scrapyard NAME ..." lines */
	const struct subcommand *subs; /* NULL-named entry last; NULL: no subcommands */
	const struct cli_option *options; /* a command without subcommands: its options */
	enum cli_operand operand;
};

extern const struct command *const commands[];
const struct command *cli_find_command(const char *name);
const struct subcommand *cli_find_subcommand(const struct command *c, const char *name);

/* Run the subcommand named by argv[1] with argv from it on; the command's
 * usage (exit status 1) when none is given or the name is unknown. */
int cli_dispatch(struct cli *cli, const struct command *c, int argc, char **argv);

/* The options a subcommand (s), or a command without subcommands (s NULL), takes. */
const struct cli_option *cli_options_of(const struct command *c, const struct subcommand *s);
/* The argument's name and its values, from the option or else from the
 * command's usage text ("--protocol toledo|xk3190" gives "toledo|xk3190");
 * NULL when it takes none. Points into a static buffer. */
const char *cli_option_arg(const struct command *c, const struct cli_option *o);
const char *cli_option_values(const struct command *c, const struct cli_option *o);

/* Before a getopt loop: getopt starts afresh (its state and the table). */
void cli_getopt_reset(void);
/* getopt_long over a table of cli_option. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct cli_option *opts);

/* The session's database (session_db), opened once; NULL after printing the
 * error, and cli->err.status tells the exit status. */
struct db *cli_db(struct cli *cli);
/* The session's say_db_error: "scrapyard: FIELD: MESSAGE" on stderr. */
void cli_say_db_error(const sy_err *err);

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

/* The options every (sub)command takes: --json and --help. */
#define CLI_COMMON_LONGOPTS                                                                      \
	{"json", no_argument, NULL, 'J', NULL, NULL, N_("print one JSON document on stdout")},   \
		{"help", no_argument, NULL, 'h', NULL, NULL, N_("print the usage and stop")}
extern const struct cli_option cli_common_longopts[];

/* The options of a (sub)command that takes no options of its own, in any
 * place among its operands: 0 with optind at the first operand, or -1 on an
 * unknown option. */
int cli_common_options(int argc, char **argv);

#endif
