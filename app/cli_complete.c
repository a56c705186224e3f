/* Completion from the same tables as --help and the man pages: commands,
 * subcommands, options and their values; stock and certificate numbers
 * from the database, a few of them, newest first. */
#include "app/cli.h"
#include "app/cli_complete.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli_man.h"
#include "app/commands.h"
#include "db/complete.h"

#define COMPLETE_LIMIT 50 /* numbers from the database: enough to choose from, quick to list */

struct line {
	const char *db_path;
	const struct command *c;
	const struct subcommand *s;
	const char *cur; /* the word being completed */
};

static int starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static void offer(const char *word, const char *cur)
{
	if (starts(word, cur))
		puts(word);
}

static void offer_number(const char *number, void *ctx)
{
	(void)ctx;
	puts(number);
}

static void offer_values(const char *values, const char *cur)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", values);
	for (char *save = NULL, *v = strtok_r(buf, "|", &save); v; v = strtok_r(NULL, "|", &save))
		offer(v, cur);
}

static void offer_options(const struct cli_option *opts, const char *cur)
{
	char word[80];
	for (const struct cli_option *o = opts; o->name; o++) {
		snprintf(word, sizeof word, "--%s", o->name);
		offer(word, cur);
	}
}

static void offer_operand(const struct line *l, enum cli_operand what)
{
	switch (what) {
	case CLI_OPERAND_VEHICLE:
		db_complete(l->db_path, DB_COMPLETE_VEHICLE, l->cur, COMPLETE_LIMIT, offer_number, NULL);
		break;
	case CLI_OPERAND_CERT:
		db_complete(l->db_path, DB_COMPLETE_CERT, l->cur, COMPLETE_LIMIT, offer_number, NULL);
		break;
	case CLI_OPERAND_FILE: puts("@files"); break;
	case CLI_OPERAND_NONE: break;
	}
}

/* What an option's argument names, from its name in the usage ("REF", "FILE"). */
static enum cli_operand argument_kind(const char *arg)
{
	if (!arg)
		return CLI_OPERAND_NONE;
	if (strcmp(arg, "REF") == 0)
		return CLI_OPERAND_VEHICLE;
	if (starts(arg, "FILE") || starts(arg, "PATH") || strstr(arg, "DIR"))
		return CLI_OPERAND_FILE;
	return CLI_OPERAND_NONE;
}

static const struct cli_option *find_option(const struct cli_option *opts, const char *word)
{
	if (!starts(word, "--"))
		return NULL;
	for (const struct cli_option *o = opts; o && o->name; o++)
		if (strcmp(o->name, word + 2) == 0)
			return o;
	return NULL;
}

/* The argument of option o: its values, a number from the database, a file. */
static void offer_argument(const struct line *l, const struct cli_option *o)
{
	const char *values = l->c ? cli_option_values(l->c, o) : o->values;
	if (values) {
		offer_values(values, l->cur);
		return;
	}
	offer_operand(l, argument_kind(l->c ? cli_option_arg(l->c, o) : o->arg));
}

int cli_complete(const char *db_path, int cword, int nwords, char **words)
{
	struct line l = {db_path, NULL, NULL, cword < nwords ? words[cword] : ""};
	const struct cli_option *opts = cli_global_options;
	int operands = 0;
	if (cword < 1 || cword > nwords)
		return 0;
	/* Walk the words before the one being completed. */
	for (int i = 1; i < cword; i++) {
		const char *w = words[i];
		const struct cli_option *o = find_option(opts, w);
		if (o) {
			if (o->has_arg == required_argument && i + 1 < cword) {
				if (!l.c && strcmp(o->name, "db") == 0)
					l.db_path = words[i + 1];
				i++;
			}
			continue;
		}
		if (w[0] == '-')
			continue;
		if (!l.c) {
			if (!(l.c = cli_find_command(w)))
				return 0;
			opts = l.c->subs ? NULL : cli_options_of(l.c, NULL);
		} else if (l.c->subs && !l.s) {
			if (!(l.s = cli_find_subcommand(l.c, w)))
				return 0;
			opts = cli_options_of(l.c, l.s);
		} else {
			operands++;
		}
	}
	/* The argument of the option before it. */
	const struct cli_option *prev = cword > 1 ? find_option(opts, words[cword - 1]) : NULL;
	if (prev && prev->has_arg == required_argument) {
		if (!l.c && strcmp(prev->name, "lang") == 0)
			offer_values("en|zh", l.cur);
		else if (!l.c && strcmp(prev->name, "db") == 0)
			puts("@files");
		else if (l.c)
			offer_argument(&l, prev);
		return 0;
	}
	if (!l.c) {
		if (l.cur[0] == '-')
			offer_options(cli_global_options, l.cur);
		else
			for (const struct command *const *c = commands; *c; c++)
				offer((*c)->name, l.cur);
		return 0;
	}
	if (l.c->subs && !l.s) {
		for (const struct subcommand *s = l.c->subs; s->name; s++)
			offer(s->name, l.cur);
		return 0;
	}
	if (l.cur[0] == '-') {
		offer_options(opts, l.cur);
		return 0;
	}
	if (operands == 0)
		offer_operand(&l, l.s ? l.s->operand : l.c->operand);
	return 0;
}
