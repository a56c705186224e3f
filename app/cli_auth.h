/* Users at the command line: role checks that say why they refuse, new
 * PINs asked on the terminal, the first admin. The login itself is the
 * session's (app/session.h). */
#ifndef SY_CLI_AUTH_H
#define SY_CLI_AUTH_H
#include <stddef.h>
#include <stdint.h>

struct cli;

/* How many users the yard has: 0, or the exit status after printing why. */
int cli_user_count(struct cli *cli, int64_t *users);

/* session_require_role, saying why it refuses: 0, or the exit status. */
int cli_require_role(struct cli *cli, const char *role);

/* A new PIN: SCRAPYARD_NEW_PIN (or env_name when given), else asked twice on
 * the terminal. 0, or the exit status after printing why. */
int cli_new_pin(struct cli *cli, const char *env_name, const char *whose, char *out, size_t size);

/* Create the first admin on a database without users. name NULL: ask on the
 * terminal (an empty name skips). 0, or the exit status after printing why. */
int cli_first_admin(struct cli *cli, const char *name);

#endif
