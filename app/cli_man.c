/* Man pages written by the program itself from its command tables, at build
 * time: what the man page lists is what getopt accepts. Non-ASCII text
 * (the Chinese pages) is written as groff's \[uXXXX] escapes, which every
 * formatter reads whatever the locale. */
#include "app/cli.h"
#include "app/cli_man.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/commands.h"
#include "base/i18n.h"

const struct cli_option cli_global_options[] = {
	{"db", required_argument, NULL, 'd', "PATH", NULL,
	 N_("the database (also SCRAPYARD_DB; default ~/.local/share/scrapyard/yard.db)")},
	{"json", no_argument, NULL, 'J', NULL, NULL, N_("print one JSON document on stdout")},
	{"lang", required_argument, NULL, 'l', NULL, "en|zh", N_("interface language (default: from the locale)")},
	{"user", required_argument, NULL, 'u', "NAME",
	 NULL, N_("who is working (also SCRAPYARD_USER); the PIN comes from SCRAPYARD_PIN or a prompt")},
	{"help", no_argument, NULL, 'h', NULL, NULL, N_("print the usage and stop")},
	{"version", no_argument, NULL, 'V', NULL, NULL, N_("print the version")},
	{0},
};

/* The environment the program reads (grep getenv). */
static const struct {
	const char *name, *help;
} environment[] = {
	{"SCRAPYARD_DB", N_("the database, unless --db is given")},
	{"SCRAPYARD_USER", N_("who is working, unless --user is given")},
	{"SCRAPYARD_PIN", N_("the PIN of the user who is working, instead of a prompt")},
	{"SCRAPYARD_NEW_PIN", N_("a new PIN for user add and user passwd, instead of a prompt")},
	{"SCRAPYARD_LANG", N_("the interface language (en or zh), unless --lang is given")},
	{"SCRAPYARD_COUNTER", N_("the counter this session works at, which chooses its devices")},
	{"SSH_CONNECTION, SSH_CLIENT", N_("without SCRAPYARD_COUNTER, a session over ssh works at the counter named by the address it comes from")},
	{"SCRAPYARD_SCALE", N_("the scale to use: ID, PATH or tcp://HOST:PORT, then [,PROTOCOL][,BAUD|auto]")},
	{"SCRAPYARD_IDCARD", N_("the ID card reader to use: ID, PATH or tcp://HOST:PORT, then [,BAUD]")},
	{"SCRAPYARD_LABEL_FONT", N_("a font file with Chinese characters for labels")},
	{"SCRAPYARD_DATA_DIR", N_("where the data files (emission factors) are, instead of the installed ones")},
	{"SCRAPYARD_BUSY_TIMEOUT_MS", N_("how long to wait for another program writing the database, in milliseconds")},
	{"SCRAPYARD_SYNC_BATCH", N_("how many changes one synchronisation batch sends at most")},
	{"XDG_DATA_HOME", N_("where the default database is: $XDG_DATA_HOME/scrapyard/yard.db")},
	{"XDG_CACHE_HOME", N_("where the font cache of documents is kept")},
	{"LANGUAGE, LC_ALL, LC_MESSAGES, LANG", N_("the interface language when neither --lang nor SCRAPYARD_LANG is given")},
};

static const struct {
	const char *path, *help;
} files[] = {
	{"~/.local/share/scrapyard/yard.db", N_("the yard's database, unless --db or SCRAPYARD_DB says another")},
	{"DATABASE.audit-key", N_("the key of the audit trail's keyed MAC, beside the database (scrapyard audit key)")},
	{"DATABASE.backup-key", N_("the key that encrypts the yard's backups, beside the database (scrapyard backup key --show prints its recovery code)")},
	{SY_SYSCONFDIR "/default/scrapyard", N_("the settings of the nightly tidy-up and the daily backup timers (the backup's folder)")},
	{SY_SYSCONFDIR "/scrapyard/print-command", N_("the command that prints documents, when not CUPS's lp (owned by root)")},
	{"~/.pgpass, ~/.pg_service.conf", N_("the head office's login for scrapyard sync")},
};

/* One line for the options that mean the same in every command that takes
 * them, where the option's table gives none. */
static const struct {
	const char *name, *help;
} shared_help[] = {
	{"from", N_("from this date on (YYYY-MM-DD)")},
	{"since", N_("from this date on (YYYY-MM-DD)")},
	{"until", N_("up to this date (YYYY-MM-DD)")},
	{"vehicle", N_("the vehicle: its stock number, VIN or plate")},
	{"output", N_("the file to write")},
	{"print", N_("also print it")},
	{"pdf", N_("write the report as a PDF file")},
	{"csv", N_("write the report as a CSV file")},
	{"limit", N_("at most this many rows")},
	{"search", N_("only what matches this text")},
	{"all-yards", N_("every yard of the group, from the head office")},
	{"notes", N_("free notes")},
	{"reason", N_("why: kept in the audit trail")},
	{"credit-code", N_("the unified social credit code (18 characters)")},
	{"location", N_("the storage place (bin, shelf, area)")},
	{"weight-kg", N_("the weight in kilograms")},
	{"confirm-weight", N_("an unusual weighed or curb mass is right")},
	{"url", N_("the head office database: a PostgreSQL connection string or service=NAME")},
	{"device", N_("a device found on USB: its ID as the list shows it")},
	{"port", N_("a serial port (/dev/ttyUSB0) or a network address tcp://HOST:PORT")},
	{"baud", N_("the serial line's speed, or auto")},
	{"parity", N_("the serial line's parity: none, even, odd")},
	{"data-bits", N_("the serial line's data bits")},
	{"stop-bits", N_("the serial line's stop bits")},
	{"protocol", N_("the scale's protocol; auto tries each")},
	{"stable", N_("how many equal readings make a stable weight")},
	{"timeout", N_("seconds to wait")},
	{"printer", N_("the label printer: its ID or tcp://HOST:PORT")},
	{"format", N_("the label language, or the file's format")},
	{"language", N_("the label printer's language (the same as --format)")},
	{"dpi", N_("the printer's resolution in dots per inch")},
	{"size", N_("the label's size in millimetres, WIDTHxHEIGHT")},
	{"gap", N_("the gap between labels in millimetres")},
	{"copies", N_("how many copies")},
	{"here", N_("for this counter")},
	{"counter", N_("for the counter of this name")},
	{"for-user", N_("for this user, wherever they work")},
	{"yard", N_("for the whole yard")},
};

static const char *help_of(const struct cli_option *o)
{
	if (o->help)
		return o->help;
	for (size_t i = 0; i < sizeof shared_help / sizeof shared_help[0]; i++)
		if (strcmp(shared_help[i].name, o->name) == 0)
			return shared_help[i].help;
	return NULL;
}

/* ---- roff ---- */

/* Text as roff: backslashes and hyphens escaped, a leading dot or quote
 * defused, non-ASCII as \[uXXXX]. */
static void roff(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int line_start = 1;
	while (*p) {
		unsigned c = *p;
		if (c < 0x80) {
			if (line_start && (c == '.' || c == '\''))
				fputs("\\&", stdout);
			if (c == '\\')
				fputs("\\e", stdout);
			else if (c == '-')
				fputs("\\-", stdout);
			else
				putchar((int)c);
			line_start = c == '\n';
			p++;
			continue;
		}
		int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		unsigned cp = c & (len == 4 ? 0x07 : len == 3 ? 0x0f : 0x1f);
		int i = 1;
		for (; i < len && (p[i] & 0xc0) == 0x80; i++)
			cp = cp << 6 | (p[i] & 0x3f);
		/* groff breaks no line inside Chinese text by itself: \: lets it after each character. */
		printf(cp >= 0x2e80 ? "\\[u%04X]\\:" : "\\[u%04X]", cp);
		p += i;
		line_start = 0;
	}
}

static void section(const char *title)
{
	/* Quoted: a translated title may hold spaces. */
	fputs(".SH \"", stdout);
	roff(title);
	fputs("\"\n", stdout);
}

/* One option as a tagged paragraph: --name ARG, its help, its values. */
static void option_item(const struct command *c, const struct cli_option *o)
{
	fputs(".TP\n\\fB\\-\\-", stdout);
	roff(o->name);
	fputs("\\fR", stdout);
	const char *arg = c ? cli_option_arg(c, o) : (o->has_arg ? (o->arg ? o->arg : o->values) : NULL);
	if (arg) {
		fputs(o->has_arg == optional_argument ? "[=\\fI" : " \\fI", stdout);
		roff(arg);
		fputs(o->has_arg == optional_argument ? "\\fR]" : "\\fR", stdout);
	}
	putchar('\n');
	const char *values = c ? cli_option_values(c, o) : o->values;
	int said = 0;
	const char *help = help_of(o);
	if (help) {
		roff(_(help));
		said = 1;
	}
	if (values) {
		if (said)
			fputs("\n.br\n", stdout);
		roff(_("One of:"));
		putchar(' ');
		for (const char *v = values; *v; v++) {
			if (*v == '|')
				fputs(", ", stdout);
			else if (*v == '-')
				fputs("\\-", stdout);
			else
				putchar(*v);
		}
		said = 1;
	}
	if (said) /* else the synopsis says what it is */
		putchar('\n');
}

static int seen_before(const struct cli_option *list, const struct cli_option *o)
{
	for (const struct cli_option *p = list; p != o; p++)
		if (strcmp(p->name, o->name) == 0)
			return 1;
	return 0;
}

static void options_of_all(const struct command *c, const struct subcommand *s);

/* The options of a subcommand, or (s NULL) of every subcommand once each:
 * a list without space between the items (the usage explains most). */
static void options_of(const struct command *c, const struct subcommand *s)
{
	fputs(".PD 0\n", stdout);
	options_of_all(c, s);
	fputs(".PD\n", stdout);
}

static void options_of_all(const struct command *c, const struct subcommand *s)
{
	if (s || !c->subs) {
		for (const struct cli_option *o = cli_options_of(c, s); o->name; o++)
			if (!seen_before(cli_options_of(c, s), o))
				option_item(c, o);
		return;
	}
	/* Every subcommand's, each option once, in the order met. */
	const char *done[256];
	int n = 0;
	for (const struct subcommand *t = c->subs; t->name; t++)
		for (const struct cli_option *o = cli_options_of(c, t); o->name; o++) {
			int k = 0;
			while (k < n && strcmp(done[k], o->name) != 0)
				k++;
			if (k < n || n == (int)(sizeof done / sizeof done[0]))
				continue;
			done[n++] = o->name;
			option_item(c, o);
		}
}

/* The usage text kept as written (no filling), without its "usage:" word. */
static void synopsis(const char *usage)
{
	const char *u = _(usage), *start = strstr(u, "scrapyard");
	fputs(".nf\n", stdout);
	for (const char *line = start ? start : u; *line;) {
		/* The continuation lines keep their indent past "usage: "'s width. */
		for (int k = 0; k < 7 && *line == ' '; k++)
			line++;
		size_t n = strcspn(line, "\n");
		char *text = strndup(line, n);
		roff(text);
		putchar('\n');
		free(text);
		line += n + (line[n] == '\n');
	}
	fputs(".fi\n", stdout);
}

/* The lines of the usage that show subcommand s ("scrapyard cert issue ..."). */
static void sub_synopsis(const struct command *c, const struct subcommand *s)
{
	char want[96];
	int shown = 0;
	snprintf(want, sizeof want, "scrapyard %s %s", c->name, s->name);
	size_t n = strlen(want);
	for (const char *line = _(c->usage); *line;) {
		size_t len = strcspn(line, "\n");
		const char *at = strstr(line, want);
		if (at && at < line + len && (at[n] == ' ' || at[n] == '\n' || at[n] == '\0' || at[n] == '|')) {
			char *text = strndup(at, (size_t)(line + len - at));
			fputs(shown++ ? "" : ".nf\n", stdout);
			roff(text);
			putchar('\n');
			free(text);
		}
		line += len + (line[len] == '\n');
	}
	if (shown)
		fputs(".fi\n.sp\n", stdout);
}

static void header(const char *page, const char *upper_name)
{
	printf(".\\\" Written by scrapyard --man %s from its command tables: do not edit.\n", page);
	printf(".TH %s 1 \"\" \"scrapyard %s\" \"", upper_name, SY_VERSION);
	roff(_("Scrapyard manual"));
	/* Ragged right, no hyphens: long option names, variable names and
	 * Chinese text leave lines that justification cannot fill. */
	fputs("\"\n.ad l\n.nh\n", stdout);
}

static void exit_status(void)
{
	section(_("EXIT STATUS"));
	static const struct {
		int code;
		const char *help;
	} codes[] = {
		{CLI_EXIT_OK, N_("success: the command did what was asked")},
		{CLI_EXIT_INVALID, N_("invalid input, a usage error, or refused (a missing right, a rule of the yard)")},
		{CLI_EXIT_ENV, N_("the environment: the database, the disk, a device")},
	};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		printf(".TP\n.B %d\n", codes[i].code);
		roff(_(codes[i].help));
		putchar('\n');
	}
}

static void see_also(const struct command *except)
{
	section(_("SEE ALSO"));
	int first = 1;
	if (except) {
		fputs(".BR scrapyard (1)", stdout);
		first = 0;
	}
	for (const struct command *const *c = commands; *c; c++) {
		if (!(*c)->subs || *c == except)
			continue;
		printf("%s\n.BR scrapyard\\-%s (1)", first ? "" : ",", (*c)->name);
		first = 0;
	}
	putchar('\n');
}

static void main_page(void)
{
	header("scrapyard", "SCRAPYARD");
	section(_("NAME"));
	fputs("scrapyard \\- ", stdout);
	roff(_("the counter system of a vehicle recycling yard"));
	putchar('\n');
	section(_("SYNOPSIS"));
	synopsis(N_("usage: scrapyard [--db PATH] [--json] [--lang en|zh] [--user NAME] [COMMAND ...]"));
	section(_("DESCRIPTION"));
	roff(_("With no command on a terminal, the full-screen program starts."));
	putchar('\n');
	section(_("OPTIONS"));
	for (const struct cli_option *o = cli_global_options; o->name; o++)
		option_item(NULL, o);
	section(_("COMMANDS"));
	for (const struct command *const *c = commands; *c; c++) {
		printf(".SS %s\n", (*c)->name);
		roff(_((*c)->summary));
		fputs("\n.PP\n", stdout);
		synopsis((*c)->usage);
		fputs(".sp\n", stdout);
		options_of(*c, NULL);
	}
	exit_status();
	section(_("ENVIRONMENT"));
	for (size_t i = 0; i < sizeof environment / sizeof environment[0]; i++) {
		fputs(".TP\n.B ", stdout);
		roff(environment[i].name);
		putchar('\n');
		roff(_(environment[i].help));
		putchar('\n');
	}
	section(_("FILES"));
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		fputs(".TP\n.I ", stdout);
		roff(files[i].path);
		putchar('\n');
		roff(_(files[i].help));
		putchar('\n');
	}
	see_also(NULL);
}

static void command_page(const struct command *c)
{
	char page[64], upper[64];
	snprintf(page, sizeof page, "scrapyard-%s", c->name);
	for (size_t i = 0; i <= strlen(page); i++)
		upper[i] = (char)(page[i] >= 'a' && page[i] <= 'z' ? page[i] - 32 : page[i]);
	header(page, upper);
	section(_("NAME"));
	printf("scrapyard\\-%s \\- ", c->name);
	roff(_(c->summary));
	putchar('\n');
	section(_("SYNOPSIS"));
	synopsis(c->usage);
	section(_("SUBCOMMANDS"));
	for (const struct subcommand *s = c->subs; s->name; s++) {
		printf(".SS \"scrapyard %s %s\"\n", c->name, s->name);
		sub_synopsis(c, s);
		options_of(c, s);
	}
	exit_status();
	see_also(c);
}

void cli_man_pages(void)
{
	puts("scrapyard");
	for (const struct command *const *c = commands; *c; c++)
		if ((*c)->subs)
			printf("scrapyard-%s\n", (*c)->name);
}

int cli_man(const char *page)
{
	if (!page || strcmp(page, "scrapyard") == 0) {
		main_page();
		return CLI_EXIT_OK;
	}
	if (strncmp(page, "scrapyard-", 10) == 0)
		page += 10;
	const struct command *c = cli_find_command(page);
	if (!c || !c->subs) {
		fprintf(stderr, _("scrapyard: there is no man page %s (see scrapyard --man-pages)\n"), page);
		return CLI_EXIT_INVALID;
	}
	command_page(c);
	return CLI_EXIT_OK;
}

static void list(const struct cli_option *opts)
{
	for (const struct cli_option *o = opts; o->name; o++)
		if (!seen_before(opts, o))
			printf("--%s\n", o->name);
}

int cli_list_options(const char *command, const char *sub)
{
	if (!command) {
		list(cli_global_options);
		return CLI_EXIT_OK;
	}
	const struct command *c = cli_find_command(command);
	const struct subcommand *s = c && sub ? cli_find_subcommand(c, sub) : NULL;
	if (!c || (sub && !s))
		return CLI_EXIT_INVALID;
	if (s || !c->subs) {
		list(cli_options_of(c, s));
		return CLI_EXIT_OK;
	}
	for (const struct subcommand *t = c->subs; t->name; t++)
		list(cli_options_of(c, t));
	return CLI_EXIT_OK;
}
