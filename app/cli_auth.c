/* Login and roles at the command line. One process is one session: the
 * login is checked once and remembered here. */
#include "app/cli_auth.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/cli.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/user.h"
#include "base/util.h"

static struct {
	int ok;
	int short_pin; /* logged in with a PIN shorter than the role needs: only to change it */
	enum user_role role;
	char name[128];
} session;

int cli_auth_short_pin(void) { return session.ok && session.short_pin; }

const char *cli_auth_user(void) { return session.ok ? session.name : NULL; }
int cli_auth_role(void) { return session.ok ? (int)session.role : 0; }

int cli_login_pin(struct cli *cli, const char *name, const char *pin)
{
	enum user_role role;
	int short_pin = 0;
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (user_login(d, name, pin, &role, &short_pin, &cli->err) != SY_OK)
		return cli->err.status;
	/* PINs set before they had to be longer: good for nothing but a new one. */
	if (short_pin && !cli->own_pin_change)
		return sy_fail(&cli->err, SY_INVALID, "pin",
			       _("the PIN of %s is shorter than the %d digits a %s's PIN needs now: set a new one first with 'scrapyard user passwd' (the old PIN in SCRAPYARD_PIN, the new in SCRAPYARD_NEW_PIN)"),
			       name, user_pin_min(role), user_role_name(role));
	session.short_pin = short_pin;
	session.ok = 1;
	session.role = role;
	sy_strlcpy(session.name, name, sizeof session.name);
	db_set_actor(d, name);
	db_set_user_name(d, name);
	db_set_role(d, role);
	return 0;
}

int cli_login(struct cli *cli)
{
	char pin[64];
	if (session.ok)
		return 0;
	if (!cli->user || !*cli->user)
		return sy_fail(&cli->err, SY_INVALID, NULL,
			       _("this yard requires a login: log in with --user NAME and SCRAPYARD_PIN"));
	const char *env = getenv("SCRAPYARD_PIN");
	if (env && *env) {
		sy_strlcpy(pin, env, sizeof pin);
	} else {
		char prompt[200];
		snprintf(prompt, sizeof prompt, _("PIN for %s: "), cli->user);
		if (cli_read_pin(prompt, pin, sizeof pin) != 0)
			return sy_fail(&cli->err, SY_INVALID, NULL,
				       _("no PIN for %s: log in with --user NAME and SCRAPYARD_PIN, or run on a terminal"),
				       cli->user);
	}
	int rc = cli_login_pin(cli, cli->user, pin);
	explicit_bzero(pin, sizeof pin);
	return rc;
}

void cli_logout(struct cli *cli)
{
	explicit_bzero(&session, sizeof session);
	if (cli->db) {
		db_set_role(cli->db, 0);
		cli_reset_actor(cli);
	}
}

static int login_required(struct db *d)
{
	char *required = db_setting(d, "require_login");
	int wanted = required && strcmp(required, "1") == 0;
	free(required);
	int64_t admins = 0;
	return wanted && user_admin_count(d, &admins, NULL) == SY_OK && admins > 0;
}

int cli_login_if_required(struct cli *cli)
{
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	return session.ok || !login_required(d) ? 0 : cli_login(cli);
}

/* A name given with a PIN in the environment: a login offered, checked
 * like one, so that what is written is the user's and not a claim. */
static int pin_offered(struct cli *cli, struct db *d)
{
	const char *pin = getenv("SCRAPYARD_PIN");
	int64_t users = 0;
	return cli->user && *cli->user && pin && *pin && user_count(d, &users, NULL) == SY_OK && users > 0;
}

/* The login check on writes (db_set_write_check). */
static int write_check(void *ctx, struct db *d, sy_err *err)
{
	struct cli *cli = ctx;
	if (session.ok || (!login_required(d) && !pin_offered(cli, d)))
		return SY_OK;
	int rc = cli_login(cli);
	if (rc && err && err != &cli->err)
		*err = cli->err;
	return rc;
}

void cli_auth_attach(struct cli *cli)
{
	if (!cli->db)
		return;
	db_set_write_check(cli->db, write_check, cli);
	if (session.ok) { /* the database reopened (after a restore): still the same session */
		db_set_actor(cli->db, session.name);
		db_set_user_name(cli->db, session.name);
		db_set_role(cli->db, session.role);
	}
}

int cli_user_count(struct cli *cli, int64_t *users)
{
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	return user_count(d, users, &cli->err) == SY_OK ? 0 : cli_report(cli, &cli->err);
}

int cli_require_role(struct cli *cli, const char *role)
{
	enum user_role need = user_role_parse(role);
	int64_t users = 0;
	if (need == ROLE_NONE)
		sy_fatal("cli_require_role: unknown role '%s'", role);
	int rc = cli_user_count(cli, &users);
	if (rc || users == 0)
		return rc;
	if (cli_login(cli) != 0 || user_require(session.role, need, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

static int read_line_tty(int fd, char *out, size_t size)
{
	size_t n = 0;
	char c;
	ssize_t got;
	while ((got = read(fd, &c, 1)) == 1 && c != '\n' && c != '\r')
		if (n + 1 < size)
			out[n++] = c;
	out[n] = '\0';
	return got < 0 ? -1 : 0;
}

int cli_read_pin(const char *prompt, char *out, size_t size)
{
	struct termios old, quiet;
	/* Only when a person is typing: a script with its input redirected fails at once. */
	int fd = isatty(STDIN_FILENO) ? open("/dev/tty", O_RDWR | O_CLOEXEC) : -1;
	if (fd < 0)
		return -1;
	int rc = -1;
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		if (write(fd, prompt, strlen(prompt)) >= 0 && tcsetattr(fd, TCSAFLUSH, &quiet) == 0) {
			rc = read_line_tty(fd, out, size);
			tcsetattr(fd, TCSAFLUSH, &old);
			if (write(fd, "\n", 1) < 0)
				rc = -1;
		}
	}
	close(fd);
	return rc;
}

int cli_new_pin(struct cli *cli, const char *env_name, const char *whose, char *out, size_t size)
{
	char again[64], prompt[200];
	const char *env = getenv(env_name ? env_name : "SCRAPYARD_NEW_PIN");
	if (env && *env) {
		sy_strlcpy(out, env, size);
	} else {
		snprintf(prompt, sizeof prompt, _("New PIN for %s: "), whose);
		if (cli_read_pin(prompt, out, size) != 0)
			return cli_fail(cli, CLI_EXIT_INVALID, _("no new PIN: set %s or run on a terminal"),
					env_name ? env_name : "SCRAPYARD_NEW_PIN");
		if (user_pin_check(out, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		snprintf(prompt, sizeof prompt, _("The same PIN again: "));
		if (cli_read_pin(prompt, again, sizeof again) != 0 || strcmp(out, again) != 0) {
			explicit_bzero(again, sizeof again);
			return cli_fail(cli, CLI_EXIT_INVALID, _("the two PINs differ: nothing was changed"));
		}
		explicit_bzero(again, sizeof again);
	}
	if (user_pin_check(out, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

int cli_first_admin(struct cli *cli, const char *name)
{
	char asked[128], pin[64];
	int64_t users = 0;
	int rc = cli_user_count(cli, &users);
	if (rc)
		return rc;
	if (users > 0)
		return name ? cli_fail(cli, CLI_EXIT_INVALID, _("this yard already has users: add more with 'scrapyard user add NAME --role ROLE'"))
			    : 0;
	if (!name) {
		int fd = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) ? open("/dev/tty", O_RDWR | O_CLOEXEC) : -1;
		if (fd < 0)
			return 0;
		const char *prompt = _("User name of the first admin (Enter to skip): ");
		int got = write(fd, prompt, strlen(prompt)) < 0 ? -1 : read_line_tty(fd, asked, sizeof asked);
		close(fd);
		if (got != 0 || !*asked)
			return 0;
		name = asked;
	}
	rc = cli_new_pin(cli, "SCRAPYARD_PIN", name, pin, sizeof pin);
	if (rc == 0 && user_add(cli->db, name, "admin", pin, &cli->err) != SY_OK)
		rc = cli_report(cli, &cli->err);
	/* The rest of the command (the yard's details) is the new admin's. */
	if (rc == 0 && !session.ok && cli_login_pin(cli, name, pin) != 0)
		rc = cli_report(cli, &cli->err);
	explicit_bzero(pin, sizeof pin);
	if (rc == 0 && !cli->json)
		printf(_("Added %s as the first admin\n"), name);
	return rc;
}
