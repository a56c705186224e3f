/* Shared plumbing of the commands: opening the database, messages, JSON. */
#include "app/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli_auth.h"
#include "db/db.h"
#include "db/i18n.h"
#include "db/util.h"

struct db *cli_db(struct cli *cli)
{
	if (cli->db)
		return cli->db;
	cli->db = db_open(cli->db_path, DB_OPEN_CREATE, &cli->err);
	if (!cli->db) {
		fprintf(stderr, "scrapyard: %s\n", cli->err.msg);
		return NULL;
	}
	db_set_actor(cli->db, cli->user ? cli->user : getenv("USER"));
	cli_auth_attach(cli);
	return cli->db;
}

int cli_fail(struct cli *cli, int status, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "scrapyard: %s\n", msg);
	if (cli) {
		cli->err.status = status;
		sy_strlcpy(cli->err.msg, msg, sizeof cli->err.msg);
	}
	return status;
}

int cli_report(struct cli *cli, const sy_err *err)
{
	int status = err->status ? err->status : SY_ENV;
	if (cli && cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "error", err->msg);
		if (*err->field)
			cJSON_AddStringToObject(o, "field", err->field);
		cJSON_AddNumberToObject(o, "status", status);
		cli_print_json(o);
	}
	if (*err->field)
		fprintf(stderr, "scrapyard: %s: %s\n", err->field, err->msg);
	else
		fprintf(stderr, "scrapyard: %s\n", err->msg);
	return status;
}

int cli_print_json(cJSON *doc)
{
	char *text = cJSON_PrintUnformatted(doc);
	if (!text)
		sy_fatal("out of memory printing JSON");
	puts(text);
	free(text);
	cJSON_Delete(doc);
	return 0;
}

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int cli_usage(const char *command)
{
	const struct command *c = find_command(command);
	if (c)
		fprintf(stderr, "%s\n", _(c->usage));
	return 1;
}

int cli_wants_help(const char *command, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			const struct command *c = find_command(command);
			if (c)
				printf("%s\n\n%s\n", _(c->summary), _(c->usage));
			return 1;
		}
	}
	return 0;
}
