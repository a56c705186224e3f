/* Shared plumbing of the commands: opening the database, messages, JSON. */
#include "app/cli.h"

#include <getopt.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

/* Messages may quote what was typed or read from a file: control and
 * direction characters are shown as '?' so that input cannot drive the
 * terminal (escape sequences) or reorder the line (bidi overrides). A
 * message is one line: its newlines too. */
static void put_safe(FILE *f, const char *s)
{
	struct text_safe st = {0};
	size_t n = strlen(s);
	char *out = xmalloc(6 * (n + 3) + 1);
	size_t m = text_safe_filter(&st, s, n, out);
	m += text_safe_flush(&st, out + m);
	for (size_t i = 0; i < m; i++)
		if (out[i] == '\n' || out[i] == '\t')
			out[i] = '?';
	fwrite(out, 1, m, f);
	free(out);
}

/* ---- the data a command prints: through the same filter ---- */

static struct text_safe stdout_state;
static FILE *raw_stdout;

static ssize_t safe_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	char *out = xmalloc(6 * (size + 3));
	size_t n = text_safe_filter(&stdout_state, buf, size, out), done = 0;
	while (done < n) {
		ssize_t w = write(STDOUT_FILENO, out + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			free(out);
			return -1;
		}
		done += (size_t)w;
	}
	free(out);
	return (ssize_t)size;
}

void cli_filter_stdout(int json)
{
	static const cookie_io_functions_t io = {.write = safe_write};
	fflush(stdout);
	stdout_state.json = json;
	FILE *f = fopencookie(NULL, "w", io);
	if (!f)
		return;
	setvbuf(f, NULL, isatty(STDOUT_FILENO) ? _IOLBF : _IOFBF, 0);
	raw_stdout = stdout;
	stdout = f;
}

FILE *cli_raw_stdout(void)
{
	fflush(stdout);
	return raw_stdout ? raw_stdout : stdout;
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

void cli_say_db_error(const sy_err *err) { print_message(err->field, err->msg); }

struct db *cli_db(struct cli *cli)
{
	struct db *d = session_db(&cli->session);
	if (!d)
		cli->err = cli->session.err;
	return d;
}

int cli_fail(struct cli *cli, int status, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* With --json the answer is a JSON document, a refusal too (as cli_report). */
	if (cli && cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "error", msg);
		cJSON_AddNumberToObject(o, "status", status);
		cli_print_json(o);
	}
	print_message(NULL, msg);
	if (cli) {
		cli->err.status = status;
		sy_strlcpy(cli->err.msg, msg, sizeof cli->err.msg);
	}
	return status;
}

int cli_message(struct cli *cli, int status, const char *fmt, ...)
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

/* ---- the tables of commands, subcommands and options ---- */

const struct cli_option cli_common_longopts[] = {CLI_COMMON_LONGOPTS, {0}};

const struct command *cli_find_command(const char *name)
{
	for (const struct command *const *c = commands; *c; c++)
		if (strcmp((*c)->name, name) == 0)
			return *c;
	return NULL;
}

const struct subcommand *cli_find_subcommand(const struct command *c, const char *name)
{
	for (const struct subcommand *s = c->subs; s && s->name; s++)
		if (strcmp(s->name, name) == 0)
			return s;
	return NULL;
}

/* Does option word w (--name, --name=value) take the next word as its argument? */
static int takes_next(const struct command *c, const char *w)
{
	if (strncmp(w, "--", 2) != 0 || strchr(w, '='))
		return 0;
	for (const struct subcommand *s = c->subs; s->name; s++)
		for (const struct cli_option *o = cli_options_of(c, s); o->name; o++)
			if (strcmp(o->name, w + 2) == 0 && o->has_arg == required_argument)
				return 1;
	return 0;
}

int cli_dispatch(struct cli *cli, const struct command *c, int argc, char **argv)
{
	/* The subcommand is its first word, or the first after options given
	 * ahead of it ("factors --json list"): moved to the front, as getopt
	 * takes the options wherever they are. */
	int k = 1;
	while (k < argc && argv[k][0] == '-' && strcmp(argv[k], "--") != 0)
		k += takes_next(c, argv[k]) ? 2 : 1;
	const struct subcommand *s = k < argc ? cli_find_subcommand(c, argv[k]) : NULL;
	if (!s)
		return cli_usage(c->name);
	char *sub = argv[k];
	memmove(argv + 2, argv + 1, (size_t)(k - 1) * sizeof *argv);
	argv[1] = sub;
	return s->run(cli, argc - 1, argv + 1);
}

const struct cli_option *cli_options_of(const struct command *c, const struct subcommand *s)
{
	if (s && s->make_options)
		return s->make_options();
	const struct cli_option *o = s ? s->options : c->options;
	return o ? o : cli_common_longopts;
}

/* The word after "--NAME " in the usage text, where the usage writes it. */
static const char *usage_word(const struct command *c, const struct cli_option *o, char *out, size_t size)
{
	size_t n = strlen(o->name);
	for (const char *p = strstr(c->usage, "--"); p; p = strstr(p + 2, "--")) {
		if (strncmp(p + 2, o->name, n) != 0 || p[2 + n] != ' ')
			continue;
		const char *w = p + 3 + n;
		size_t len = strcspn(w, " ]\n");
		if (len == 0 || *w == '-' || *w == '(' || *w == '|' || len >= size)
			return NULL;
		memcpy(out, w, len);
		out[len] = '\0';
		return out;
	}
	return NULL;
}

/* Values are lower-case words ("zpl|tspl"); an argument's name is upper case ("DATE"). */
static int is_values(const char *w)
{
	if (!strchr(w, '|'))
		return 0;
	for (const char *p = w; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			return 0;
	return 1;
}

const char *cli_option_arg(const struct command *c, const struct cli_option *o)
{
	static char buf[256];
	if (o->has_arg == no_argument)
		return NULL;
	if (o->arg)
		return o->arg;
	const char *w = usage_word(c, o, buf, sizeof buf);
	if (w && !is_values(w))
		return w;
	const char *values = cli_option_values(c, o);
	return values && strlen(values) <= 16 ? values : "VALUE"; /* a few values: shown as they are */
}

const char *cli_option_values(const struct command *c, const struct cli_option *o)
{
	static char buf[256];
	if (o->has_arg == no_argument)
		return NULL;
	if (o->values)
		return o->values;
	const char *w = usage_word(c, o, buf, sizeof buf);
	return w && is_values(w) ? w : NULL;
}

/* ---- getopt over those tables ---- */

static const struct cli_option *getopt_made_for;
static struct option *getopt_table;

void cli_getopt_reset(void)
{
	optind = 0; /* glibc: start afresh, its state and the '+' of the option string too */
	getopt_made_for = NULL;
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct cli_option *opts)
{
	if (opts != getopt_made_for) {
		size_t n = 0;
		while (opts[n].name)
			n++;
		free(getopt_table);
		getopt_table = xcalloc(n + 1, sizeof *getopt_table);
		for (size_t i = 0; i < n; i++)
			getopt_table[i] = (struct option){opts[i].name, opts[i].has_arg, opts[i].flag, opts[i].val};
		getopt_made_for = opts;
	}
	return getopt_long(argc, argv, shortopts, getopt_table, NULL);
}

int cli_common_options(int argc, char **argv)
{
	int c;
	cli_getopt_reset();
	/* To the end: getopt permutes the operands ahead only once it is done. */
	while ((c = cli_getopt(argc, argv, "", cli_common_longopts)) != -1)
		if (c != 'J' && c != 'h')
			return -1;
	return 0;
}

int cli_usage(const char *command)
{
	const struct command *c = cli_find_command(command);
	if (c)
		fprintf(stderr, "%s\n", _(c->usage));
	return CLI_EXIT_INVALID;
}

int cli_wants_help(const char *command, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			const struct command *c = cli_find_command(command);
			if (c)
				printf("%s\n\n%s\n", _(c->summary), _(c->usage));
			return 1;
		}
	}
	return 0;
}
