/* Shared plumbing of the commands: opening the database, messages, JSON. */
#include "app/cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "app/cli_auth.h"
#include "app/devices.h"
#include "db/db.h"
#include "base/i18n.h"
#include "base/util.h"

/* Messages may quote what was typed or read from a file: control and
 * direction characters are shown as '?' so that input cannot drive the
 * terminal (escape sequences) or reorder the line (bidi overrides). */
static void put_safe(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			fputc('?', f);
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) { /* C1 controls */
			fputc('?', f);
			p++;
		} else if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae) ||
					    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) { /* U+2028-202E, U+2066-2069 */
			fputc('?', f);
			p += 2;
		} else {
			fputc(*p, f);
		}
	}
}

static void print_message(const char *field, const char *msg)
{
	fputs("scrapyard: ", stderr);
	if (field && *field) {
		put_safe(stderr, field);
		fputs(": ", stderr);
	}
	put_safe(stderr, msg);
	fputc('\n', stderr);
}

/* The operating-system account, when no scrapyard user is named. */
static const char *cli_login_name(void)
{
	const char *user = getenv("USER");
	if (user && *user)
		return user;
	struct passwd *pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

struct db *cli_db(struct cli *cli)
{
	if (cli->db)
		return cli->db;
	cli->db = db_open(cli->db_path, DB_OPEN_CREATE, &cli->err);
	if (!cli->db) {
		print_message(NULL, cli->err.msg);
		return NULL;
	}
	db_set_actor(cli->db, cli->user ? cli->user : cli_login_name());
	/* The devices this session uses follow the counter it works at. */
	char counter[DEVICE_NAME_MAX + 1];
	sy_err counter_err = {0};
	if (devices_counter(counter, sizeof counter, NULL, &counter_err) != SY_OK) {
		print_message(counter_err.field, counter_err.msg);
		cli->err = counter_err;
		db_close(cli->db);
		cli->db = NULL;
		return NULL;
	}
	db_set_counter(cli->db, counter);
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
	print_message(NULL, msg);
	if (cli) {
		cli->err.status = status;
		sy_strlcpy(cli->err.msg, msg, sizeof cli->err.msg);
	}
	return status;
}

int cli_report(struct cli *cli, const sy_err *err)
{
	int status = err->status ? err->status : SY_ENV;
	char line[sizeof err->msg + sizeof err->hint + 4];
	sy_err_line(err, line, sizeof line);
	if (cli && cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "error", line);
		if (*err->field)
			cJSON_AddStringToObject(o, "field", err->field);
		cJSON_AddNumberToObject(o, "status", status);
		cli_print_json(o);
	}
	print_message(err->field, line);
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
