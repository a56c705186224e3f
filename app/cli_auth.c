/* Users at the command line (app/cli_auth.h). */
#include "app/cli_auth.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/user.h"
#include "base/util.h"

int cli_user_count(struct cli *cli, int64_t *users)
{
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	return user_count(d, users, &cli->err) == SY_OK ? 0 : cli_report(cli, &cli->err);
}

int cli_require_role(struct cli *cli, const char *role)
{
	if (!cli_db(cli))
		return cli->err.status;
	return session_require_role(&cli->session, role) ? cli_report(cli, &cli->session.err) : 0;
}

int cli_new_pin(struct cli *cli, const char *env_name, const char *whose, char *out, size_t size)
{
	char again[64], prompt[200];
	const char *env = getenv(env_name ? env_name : "SCRAPYARD_NEW_PIN");
	if (env && *env) {
		sy_strlcpy(out, env, size);
	} else {
		snprintf(prompt, sizeof prompt, _("New PIN for %s: "), whose);
		if (session_read_pin(prompt, out, size) != 0)
			return cli_fail(cli, CLI_EXIT_INVALID, _("no new PIN: set %s or run on a terminal"),
					env_name ? env_name : "SCRAPYARD_NEW_PIN");
		if (user_pin_check(out, &cli->err) != SY_OK)
			return cli_report(cli, &cli->err);
		snprintf(prompt, sizeof prompt, _("The same PIN again: "));
		if (session_read_pin(prompt, again, sizeof again) != 0 || strcmp(out, again) != 0) {
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
		int got = write(fd, prompt, strlen(prompt)) < 0 ? -1 : session_read_line(fd, asked, sizeof asked);
		close(fd);
		if (got != 0 || !*asked)
			return 0;
		name = asked;
	}
	rc = cli_new_pin(cli, "SCRAPYARD_PIN", name, pin, sizeof pin);
	if (rc == 0 && user_add(cli->session.db, name, "admin", pin, &cli->err) != SY_OK)
		rc = cli_report(cli, &cli->err);
	/* The rest of the command (the yard's details) is the new admin's. */
	if (rc == 0 && !session_user(&cli->session) && session_login_pin(&cli->session, name, pin) != 0)
		rc = cli_report(cli, &cli->session.err);
	explicit_bzero(pin, sizeof pin);
	if (rc == 0 && !cli->json)
		printf(_("Added %s as the first admin\n"), name);
	return rc;
}
