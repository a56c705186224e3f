/* Who is working at the command line: login with --user and a PIN, the
 * require_login setting, and role checks for supervisor-only actions.
 *
 * A yard without users works without logins. Once an admin exists and the
 * setting require_login is 1, anything that writes asks for a login first
 * (the check runs before the first transaction, see db_set_write_check). */
#ifndef SY_CLI_AUTH_H
#define SY_CLI_AUTH_H
#include <stddef.h>
#include <stdint.h>

struct cli;

/* Called by cli_db() after opening: installs the login check on writes. */
void cli_auth_attach(struct cli *cli);

/* Log cli->user in with the PIN from SCRAPYARD_PIN or the terminal (once per
 * process). 0, or the exit status with cli->err filled (nothing printed). */
int cli_login(struct cli *cli);

/* Log in with a PIN already read (for a login screen). Same result as cli_login. */
int cli_login_pin(struct cli *cli, const char *name, const char *pin);

/* End the session: nobody is logged in any more; the next change asks
 * for a login again where the yard requires one. */
void cli_logout(struct cli *cli);

/* Log in first when the yard requires a login (require_login and an admin
 * exist): for what writes outside a transaction (a backup). 0, or the
 * exit status with cli->err filled (nothing printed). */
int cli_login_if_required(struct cli *cli);

/* The logged-in user, or NULL. */
const char *cli_auth_user(void);
/* Their role (enum user_role), 0 while nobody is. */
int cli_auth_role(void);
/* 1 when that user logged in with a PIN shorter than the role needs now
 * (only to set a new one: cli->own_pin_change). */
int cli_auth_short_pin(void);

/* How many users the yard has: 0, or the exit status after printing why. */
int cli_user_count(struct cli *cli, int64_t *users);

/* 0 when the user may do what needs role ("clerk", "supervisor", "admin"):
 * logs in when needed. Otherwise prints why and returns the exit status.
 * A yard without users passes every check. */
int cli_require_role(struct cli *cli, const char *role);

/* Read a PIN from the terminal without echo; -1 when there is no terminal. */
int cli_read_pin(const char *prompt, char *out, size_t size);

/* A new PIN: SCRAPYARD_NEW_PIN (or env_name when given), else asked twice on
 * the terminal. 0, or the exit status after printing why. */
int cli_new_pin(struct cli *cli, const char *env_name, const char *whose, char *out, size_t size);

/* Create the first admin on a database without users. name NULL: ask on the
 * terminal (an empty name skips). 0, or the exit status after printing why. */
int cli_first_admin(struct cli *cli, const char *name);

#endif
