/* scrapyard: the counter system of a vehicle recycling yard.
 * With a command it runs that command; with none on a terminal, the TUI. */
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/cli_complete.h"
#include "app/cli_man.h"
#include "app/tui.h"
#include "db/db.h"
#include "db/user.h"
#include "base/i18n.h"
#include "base/util.h"

static void print_help(void)
{
	printf(_("scrapyard %s: the counter system of a vehicle recycling yard\n\n"), SY_VERSION);
	printf("%s\n\n", _("usage: scrapyard [--db PATH] [--json] [--lang en|zh] [--user NAME] [COMMAND ...]"));
	printf("%s\n", _("With no command on a terminal, the full-screen program starts."));
	printf("\n%s\n", _("Commands:"));
	for (const struct command *const *c = commands; *c; c++)
		printf("  %-10s %s\n", (*c)->name, _((*c)->summary));
	printf("\n%s\n", _("Options:"));
	for (const struct cli_option *o = cli_global_options; o->name; o++) {
		char opt[32];
		if (strcmp(o->name, "help") == 0)
			continue;
		snprintf(opt, sizeof opt, "--%s%s%s", o->name, o->has_arg ? " " : "", o->has_arg ? (o->arg ? o->arg : o->values) : "");
		printf("  %-13s %s\n", opt, _(o->help));
	}
	printf("\n%s\n", _("Exit status: 0 done, 1 invalid input or refused, 2 database or device problem."));
}

/* The hidden commands the build and the shell use: --man [PAGE],
 * --man-pages, --list-options [COMMAND [SUB]], __complete CWORD WORD...
 * -1 when argv[i] is none of them, else the exit status. */
static int hidden_command(const char *db_path, int i, int argc, char **argv)
{
	const char *a = argv[i];
	if (strcmp(a, "--man") == 0)
		return cli_man(i + 1 < argc ? argv[i + 1] : NULL);
	if (strcmp(a, "--man-pages") == 0) {
		cli_man_pages();
		return CLI_EXIT_OK;
	}
	if (strcmp(a, "--list-options") == 0)
		return cli_list_options(i + 1 < argc ? argv[i + 1] : NULL, i + 2 < argc ? argv[i + 2] : NULL);
	if (strcmp(a, "__complete") == 0)
		return i + 1 < argc ? cli_complete(db_path, atoi(argv[i + 1]), argc - i - 2, argv + i + 2) : CLI_EXIT_OK;
	return -1;
}

static int dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Translations: next to a binary run from the source tree, else installed. */
static void setup_translations(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *localedir = SY_LOCALEDIR;
	if (n > 0) {
		exe[n] = '\0';
		char *base = dirname(exe);
		snprintf(dir, sizeof dir, "%s/build/locale", base);
		if (!dir_exists(dir))
			snprintf(dir, sizeof dir, "%s/locale", base);
		if (dir_exists(dir))
			localedir = dir;
	}
	bindtextdomain("scrapyard", localedir);
	bind_textdomain_codeset("scrapyard", "UTF-8");
	textdomain("scrapyard");
}

static int lang_wants_zh(const char *lang)
{
	return lang && (strncmp(lang, "zh", 2) == 0);
}

/* UTF-8 always (the TUI draws Chinese); language from --lang, SCRAPYARD_LANG or the locale.
 * Only the two categories the program uses are taken from the environment:
 * each one costs file reads at every start (a certificate is one process),
 * and numbers keep the C decimal point that PDF, CSV and JSON need. */
static void setup_locale(const char *lang)
{
	if (!setlocale(LC_CTYPE, "") || !strstr(setlocale(LC_CTYPE, NULL), "UTF-8") || !setlocale(LC_MESSAGES, "")) {
		setlocale(LC_CTYPE, "C.UTF-8");
		setlocale(LC_MESSAGES, "C.UTF-8");
	}
	if (!lang)
		lang = getenv("SCRAPYARD_LANG");
	if (!lang) {
		const char *msgs = setlocale(LC_MESSAGES, NULL);
		const char *language = getenv("LANGUAGE");
		lang = language && *language ? language : msgs;
	}
	int zh = lang_wants_zh(lang);
	sy_lang_set_zh(zh);
	/* gettext reads LANGUAGE whenever the locale is not plain "C". */
	setenv("LANGUAGE", zh ? "zh_CN" : "en", 1);
	if (strcmp(setlocale(LC_MESSAGES, NULL), "C") == 0)
		setlocale(LC_MESSAGES, "C.UTF-8");
	setup_translations();
}

static const char *option_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "scrapyard: %s needs a value\n", argv[*i]);
		exit(1);
	}
	return argv[++*i];
}

/* Each transaction frees a few hundred KiB at the top of the heap; glibc would
 * hand that back to the kernel every time and pay a TLB flush for it. Big
 * blocks (the PDF compressor's window, page and font buffers) would
 * otherwise be mapped and unmapped for every document; kept in the heap,
 * a certificate renders several times faster. */
static void tune_malloc(void)
{
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
}

int main(int argc, char **argv)
{
	/* The command line owns the session: the TUI works in it too. */
	struct cli cli = {.session = {.say_db_error = cli_say_db_error}};
	struct session *s = &cli.session;
	tune_malloc();
	const char *lang = NULL;
	int i = 1, want_help = 0, want_version = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--db") == 0)
			s->db_path = option_value(argc, argv, &i);
		else if (strncmp(a, "--db=", 5) == 0)
			s->db_path = a + 5;
		else if (strcmp(a, "--json") == 0)
			cli.json = 1;
		else if (strcmp(a, "--lang") == 0)
			lang = option_value(argc, argv, &i);
		else if (strcmp(a, "--user") == 0)
			s->user = option_value(argc, argv, &i);
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			want_help = 1;
		else if (strcmp(a, "--version") == 0)
			want_version = 1;
		else if (strcmp(a, "--man") == 0 || strcmp(a, "--man-pages") == 0 || strcmp(a, "--list-options") == 0) {
			setup_locale(lang);
			return hidden_command(s->db_path, i, argc, argv);
		} else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else {
			setup_locale(lang);
			fprintf(stderr, _("scrapyard: unknown option %s (see scrapyard --help)\n"), a);
			return 1;
		}
	}
	setup_locale(lang);
	if (want_version) {
		printf("scrapyard %s\n", SY_VERSION);
		return 0;
	}
	if (want_help) {
		print_help();
		return 0;
	}
	if (!s->user)
		s->user = getenv("SCRAPYARD_USER");
	/* Checked like any field: it goes into the records and onto terminals. */
	sy_err name_err = {0};
	if (s->user && user_name_check(s->user, &name_err) != SY_OK)
		return cli_fail(&cli, CLI_EXIT_INVALID, _("the user name given with --user or SCRAPYARD_USER is not valid: %s"), name_err.msg);
	char *default_path = NULL;
	if (!s->db_path)
		s->db_path = getenv("SCRAPYARD_DB");
	if (!s->db_path || !*s->db_path)
		s->db_path = default_path = db_default_path();

	int status;
	if (i < argc && strcmp(argv[i], "__complete") == 0) {
		status = hidden_command(s->db_path, i, argc, argv);
	} else if (i >= argc) {
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
			status = tui_run(s);
		} else {
			print_help();
			status = 1;
		}
	} else {
		const struct command *c = cli_find_command(argv[i]);
		if (!c) {
			fprintf(stderr, _("scrapyard: unknown command '%s' (see scrapyard --help)\n"), argv[i]);
			status = 1;
		} else if (!(strcmp(c->name, "vehicle") == 0 && i + 1 < argc &&
			     (strcmp(argv[i + 1], "add") == 0 || strcmp(argv[i + 1], "correct") == 0)) &&
			   cli_wants_help(c->name, argc - i, argv + i)) {
			/* (vehicle add and correct --help list every intake field themselves) */
			status = 0;
		} else {
			/* Commands also take --json after their name, like their own options. */
			for (int k = i + 1; k < argc; k++)
				if (strcmp(argv[k], "--json") == 0)
					cli.json = 1;
			cli_filter_stdout(cli.json);
			status = c->subs ? cli_dispatch(&cli, c, argc - i, argv + i) : c->run(&cli, argc - i, argv + i);
		}
	}
	db_close(s->db);
	free(default_path);
	return status;
}
