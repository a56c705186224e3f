/* The documentation printed from the command tables: man pages in roff and
 * the options each (sub)command takes, so that neither drifts from getopt. */
#ifndef SY_CLI_MAN_H
#define SY_CLI_MAN_H

/* The options the program takes before a command (--db, --lang ...). */
extern const struct cli_option cli_global_options[];

/* The names of the man pages, one a line: scrapyard, scrapyard-COMMAND ... */
void cli_man_pages(void);
/* Write man page PAGE (scrapyard, scrapyard-cert, or just cert) in roff on
 * stdout, in the interface language: 0, or 1 for a page that is not. */
int cli_man(const char *page);
/* The options (--name, one a line) of COMMAND's subcommand SUB, of all its
 * subcommands when SUB is NULL, the global ones when COMMAND is NULL: 0, or
 * 1 when there is no such command. */
int cli_list_options(const char *command, const char *sub);

#endif
