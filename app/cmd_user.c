/* scrapyard user add|list|passwd|require-login. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/user.h"
#include "base/util.h"

static int no_users_yet(struct cli *cli)
{
	int64_t users = 0;
	int rc = cli_user_count(cli, &users);
	if (rc)
		return rc;
	if (users == 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("this yard has no users yet: create the first admin with 'scrapyard init --admin NAME'"));
	return 0;
}

/* The options of add and set (set's table has no --role) and the one NAME,
 * with the option the subcommand needs (needed): 0, or the exit status. */
static int parse_user(int argc, char **argv, const struct cli_option *opts, const char **role, const char **full_name,
		      const char *const *needed)
{
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", opts)) != -1) {
		if (c == 'r')
			*role = optarg;
		else if (c == 'f')
			*full_name = optarg;
		else if (c != 'J')
			return cli_usage("user");
	}
	return !*needed || optind + 1 != argc ? cli_usage("user") : 0;
}

static const struct cli_option user_add_opts[] = {CLI_ENUM("role", 'r', "clerk|supervisor|admin"),
				     CLI_ARG("full-name", 'f'), CLI_COMMON_LONGOPTS, {0}};

static int user_add_cmd(struct cli *cli, int argc, char **argv)
{
	const char *role = NULL, *full_name = NULL;
	char pin[64];
	int rc = parse_user(argc, argv, user_add_opts, &role, &full_name, &role);
	if (rc)
		return rc;
	const char *name = argv[optind];
	if (user_role_parse(role) == ROLE_NONE)
		return cli_fail(cli, CLI_EXIT_INVALID, _("'%s' is not a role: use clerk, supervisor or admin"), role);
	if ((rc = no_users_yet(cli)) || (rc = cli_require_role(cli, "admin")))
		return rc;
	if ((rc = cli_new_pin(cli, NULL, name, pin, sizeof pin)))
		return rc;
	rc = user_add_named(cli->session.db, name, full_name, role, pin, &cli->err);
	explicit_bzero(pin, sizeof pin);
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "role", role);
	return cmdutil_changed(cli, o, _("Added %s (%s)\n"), name, role);
}

struct list_ctx {
	cJSON *array;
	char now[20];
};

static int list_row(const struct user *u, void *p)
{
	struct list_ctx *ctx = p;
	int locked = *u->locked_until && strcmp(ctx->now, u->locked_until) < 0;
	if (ctx->array) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", u->name);
		cJSON_AddStringToObject(o, "role", u->role);
		cJSON_AddBoolToObject(o, "active", u->active);
		cJSON_AddBoolToObject(o, "locked", locked);
		if (locked)
			cJSON_AddStringToObject(o, "locked_until", u->locked_until);
		cJSON_AddNumberToObject(o, "failed_logins", u->failed_logins);
		cJSON_AddStringToObject(o, "created_at", u->created_at);
		cJSON_AddStringToObject(o, "full_name", u->full_name);
		cJSON_AddItemToArray(ctx->array, o);
		return 0;
	}
	printf("%-20s %-11s %s%s%s%s%s\n", u->name, u->role, u->active ? "" : _("inactive "),
	       locked ? _("locked until ") : "", locked ? u->locked_until : "", *u->full_name ? "  " : "", u->full_name);
	return 0;
}

static int user_list_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind < argc)
		return cli_usage("user");
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	struct list_ctx ctx = {.array = cli->json ? cJSON_CreateArray() : NULL};
	db_now(ctx.now);
	return cmdutil_json_done(cli, user_each(d, list_row, &ctx, &cli->err), ctx.array);
}

static const struct cli_option user_set_opts[] = {CLI_ARG("full-name", 'f'), CLI_COMMON_LONGOPTS, {0}};
/* Own PIN after logging in with the old one; an admin may set anyone's
 * (which also lifts a lockout). */
/* The name documents print for a user: an admin sets anyone's, a user their own. */
static int user_set_cmd(struct cli *cli, int argc, char **argv)
{
	const char *role = NULL, *full_name = NULL;
	int rc = parse_user(argc, argv, user_set_opts, &role, &full_name, &full_name);
	if (rc)
		return rc;
	const char *name = argv[optind];
	if ((rc = no_users_yet(cli)))
		return rc;
	if (session_login(&cli->session) != 0)
		return cli_report(cli, &cli->session.err);
	if (strcmp(name, session_user(&cli->session)) != 0 && (rc = cli_require_role(cli, "admin")))
		return rc;
	if (user_set_full_name(cli->session.db, name, full_name, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "full_name", full_name);
	return cmdutil_changed(cli, o, _("%s: documents name them %s\n"), name, *full_name ? full_name : name);
}

static int user_passwd_cmd(struct cli *cli, int argc, char **argv)
{
	char pin[64];
	int rc;
	if (cli_common_options(argc, argv) != 0 || optind + 1 < argc)
		return cli_usage("user");
	if ((rc = no_users_yet(cli)))
		return rc;
	cli->session.own_pin_change = 1;
	rc = session_login(&cli->session);
	cli->session.own_pin_change = 0;
	if (rc != 0)
		return cli_report(cli, &cli->session.err);
	const char *name = optind < argc ? argv[optind] : session_user(&cli->session);
	if (session_short_pin(&cli->session) && strcmp(name, session_user(&cli->session)) != 0)
		return cli_fail(cli, CLI_EXIT_INVALID, _("set your own new PIN first: yours is shorter than a PIN needs to be now"));
	if (strcmp(name, session_user(&cli->session)) != 0 && (rc = cli_require_role(cli, "admin")))
		return rc;
	if ((rc = cli_new_pin(cli, NULL, name, pin, sizeof pin)))
		return rc;
	rc = user_set_pin(cli->session.db, name, pin, &cli->err);
	explicit_bzero(pin, sizeof pin);
	if (rc != SY_OK)
		return cli_report(cli, &cli->err);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddBoolToObject(o, "pin_changed", 1);
	return cmdutil_changed(cli, o, _("New PIN set for %s\n"), name);
}

static int user_require_login_cmd(struct cli *cli, int argc, char **argv)
{
	int rc;
	if (cli_common_options(argc, argv) != 0 || optind + 1 != argc ||
	    (strcmp(argv[optind], "yes") != 0 && strcmp(argv[optind], "no") != 0))
		return cli_usage("user");
	int on = strcmp(argv[optind], "yes") == 0;
	if ((rc = no_users_yet(cli)) || (rc = cli_require_role(cli, "admin")))
		return rc;
	if (user_set_require_login(cli->session.db, on, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "require_login", on);
		return cli_print_json(o);
	}
	printf("%s\n", on ? _("Changes now need a login with --user NAME and a PIN") : _("Changes no longer need a login"));
	return 0;
}

static const struct subcommand user_subs[] = {
	{"add", user_add_cmd, .options = user_add_opts},
	{"list", user_list_cmd, .options = NULL},
	{"passwd", user_passwd_cmd, .options = NULL},
	{"require-login", user_require_login_cmd, .options = NULL},
	{"set", user_set_cmd, .options = user_set_opts},
	{0},
};

const struct command cmd_user_command = {
	.name = "user",
	.subs = user_subs,
	.summary = N_("Users, roles and PINs"),
	.usage = N_("usage: scrapyard user add NAME --role clerk|supervisor|admin [--full-name TEXT]   (admin; new PIN from SCRAPYARD_NEW_PIN or asked)\n"
	    "       scrapyard user set NAME --full-name TEXT   (the name documents print; admin, or oneself)\n"
	    "       scrapyard user list [--json]\n"
	    "       scrapyard user passwd [NAME]     (own PIN, or an admin sets NAME's and lifts a lockout)\n"
	    "       scrapyard user require-login yes|no   (admin)"),
};
