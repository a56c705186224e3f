/* Certificates and documents on paper, through CUPS (app/doc_print.h). */
#include "app/doc_print.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/cli.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/devices.h"

const char doc_printer_help[] = N_("the CUPS printer to print on, as 'lpstat -p' lists it (it prints: --print is implied)");

#define A4_PRINTER_KEY "print.a4_printer"
#define PRINT_COMMAND_FILE SY_SYSCONFDIR "/scrapyard/print-command"

int doc_printer_name_check(const char *name, sy_err *err)
{
	size_t n = strlen(name);
	int ok = n > 0 && n <= 127 && name[0] != '-';
	for (const char *p = name; ok && *p; p++)
		ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		     strchr("._-@", *p);
	return ok ? SY_OK
		  : sy_fail(err, SY_INVALID, "printer",
			    _("'%s' is not a printer name: use the CUPS queue name (letters, digits, . _ - @), as 'lpstat -p' lists it"),
			    name);
}

char *doc_a4_printer(db *d)
{
	char *name = d ? device_setting(d, A4_PRINTER_KEY) : NULL;
	if (name && (!*name || doc_printer_name_check(name, NULL) != SY_OK))
		FREE(&name); /* none, or written by hand into the database: not used */
	return name;
}

void doc_print_json(cJSON *o, const struct doc_print_job *job)
{
	if (!job || !*job->printer)
		return;
	cJSON_AddStringToObject(o, "printer", job->printer);
	if (*job->id)
		cJSON_AddStringToObject(o, "print_job", job->id);
}

/* ---- running lp and lpstat ---- */

/* The environment for CUPS's tools: the caller's, in the C locale, so
 * that what they say can be read (lpstat translates its words). */
static char **c_locale_env(void)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = xcalloc(n + 2, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LANG=", 5) && strncmp(environ[i], "LANGUAGE=", 9) && strncmp(environ[i], "LC_", 3))
			env[k++] = environ[i];
	env[k++] = "LC_ALL=C";
	return env;
}

/* Run argv without a shell, as the user at the keyboard (a program
 * started with more rights gives them up in the child). With out, what
 * it writes to stdout and stderr is kept there (cut at size), in the C
 * locale; without, it writes where this program does. 0, or the errno of
 * starting it. */
static int run_tool(char **argv, char *out, size_t size, int *status)
{
	posix_spawnattr_t attr;
	posix_spawn_file_actions_t acts;
	int pipefd[2] = {-1, -1};
	pid_t pid;
	if (out && pipe2(pipefd, O_CLOEXEC) != 0)
		return errno;
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_RESETIDS);
	posix_spawn_file_actions_init(&acts);
	if (out) {
		posix_spawn_file_actions_adddup2(&acts, pipefd[1], STDOUT_FILENO);
		posix_spawn_file_actions_adddup2(&acts, pipefd[1], STDERR_FILENO);
	}
	char **env = out ? c_locale_env() : environ;
	int rc = posix_spawnp(&pid, argv[0], &acts, &attr, argv, env);
	posix_spawn_file_actions_destroy(&acts);
	posix_spawnattr_destroy(&attr);
	if (out) {
		free(env);
		close(pipefd[1]);
		size_t used = 0;
		ssize_t got;
		char sink[512];
		while (rc == 0 && ((got = read(pipefd[0], used + 1 < size ? out + used : sink,
					       used + 1 < size ? size - 1 - used : sizeof sink)) > 0 ||
				   (got < 0 && errno == EINTR)))
			if (got > 0 && used + 1 < size)
				used += (size_t)got;
		out[used] = '\0';
		close(pipefd[0]);
	}
	if (rc != 0)
		return rc;
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return errno;
	return 0;
}

static int not_found(int rc, int status)
{
	return rc == ENOENT || (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127);
}

/* The first line of text that follows prefix, into out ("" when none). */
static void line_after(const char *text, const char *prefix, char *out, size_t size)
{
	const char *p = strstr(text, prefix);
	*out = '\0';
	if (!p)
		return;
	p += strlen(prefix);
	snprintf(out, size, "%.*s", (int)strcspn(p, "\n"), p);
}

/* The last non-empty line of a tool's words, for a message. */
static void last_line(const char *text, char *out, size_t size)
{
	const char *end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	const char *start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(out, size, "%.*s", (int)(end - start), start);
}

/* ---- the printer's state, before a job ---- */

/* 0 when CUPS runs and the printer (*printer, or the default, whose name
 * goes into printer) takes jobs; else the exit status after saying why. */
static int printer_ready(struct cli *cli, char *printer, size_t size, const char *file)
{
	char text[2048], detail[256];
	int status = 0;
	char *running[] = {"lpstat", "-r", NULL};
	int rc = run_tool(running, text, sizeof text, &status);
	if (not_found(rc, status))
		return cli_fail(cli, CLI_EXIT_ENV, _("no print command '%s': install CUPS (lp), or have the administrator name one in %s; the PDF is %s"),
				"lpstat", PRINT_COMMAND_FILE, file);
	if (rc != 0 || strstr(text, "not running") || !strstr(text, "scheduler is running"))
		return cli_fail(cli, CLI_EXIT_ENV,
				_("the print service (CUPS) is not running: start it (sudo systemctl start cups) or ask the "
				  "administrator, then print again; the PDF is %s"),
				file);
	if (!*printer) {
		char *deflt[] = {"lpstat", "-d", NULL};
		rc = run_tool(deflt, text, sizeof text, &status);
		line_after(text, "system default destination: ", printer, size);
		if (!*printer || doc_printer_name_check(printer, NULL) != SY_OK) {
			*printer = '\0';
			return cli_fail(cli, CLI_EXIT_ENV,
					_("no printer chosen and CUPS has no default printer: choose one with 'scrapyard printer "
					  "a4 NAME --here' (lpstat -p lists them); the PDF is %s"),
					file);
		}
	}
	char *state[] = {"lpstat", "-p", printer, NULL};
	rc = run_tool(state, text, sizeof text, &status);
	char head[160];
	snprintf(head, sizeof head, "printer %s ", printer);
	if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !strstr(text, head))
		return cli_fail(cli, CLI_EXIT_ENV,
				_("CUPS has no printer '%s': choose one that 'lpstat -p' lists with 'scrapyard printer a4 NAME "
				  "--here', or add it to CUPS; the PDF is %s"),
				printer, file);
	char *line = strstr(text, head);
	if (strncmp(line + strlen(head), "disabled", 8) == 0) {
		line_after(line, "\n\t", detail, sizeof detail);
		return cli_fail(cli, CLI_EXIT_ENV,
				_("printer '%s' is stopped (%s): see to it, start it again with 'cupsenable %s', then print "
				  "again; the PDF is %s"),
				printer, *detail ? detail : _("no reason given"), printer, file);
	}
	return 0;
}

/* ---- the configured command ---- */

/* The command from root-owned configuration: its words (no shell), or NULL
 * when there is none. A file that someone other than root could have
 * written is refused, not used. */
static char **configured_command(sy_err *err, int *refused)
{
	struct stat fst, dst;
	*refused = 0;
	int fd = open(PRINT_COMMAND_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "r");
	char line[1024] = "";
	int safe = fstat(fd, &fst) == 0 && stat(SY_SYSCONFDIR "/scrapyard", &dst) == 0 && fst.st_uid == 0 &&
		   dst.st_uid == 0 && !(fst.st_mode & 022) && !(dst.st_mode & 022) && S_ISREG(fst.st_mode);
	if (!f || !safe || !fgets(line, sizeof line, f)) {
		if (f)
			fclose(f);
		else
			close(fd);
		*refused = 1;
		sy_fail(err, SY_ENV, NULL,
			_("%s is not used: it must be a file owned by root, in a folder owned by root, both writable only by root"),
			PRINT_COMMAND_FILE);
		return NULL;
	}
	fclose(f);
	char **words = xcalloc(sizeof line / 2 + 3, sizeof *words);
	int n = 0;
	for (char *save = NULL, *w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save))
		words[n++] = xstrdup(w);
	if (!n) {
		free(words);
		return NULL;
	}
	return words;
}

static int print_configured(struct cli *cli, char **words, char *path, const char *file)
{
	int n = 0, status = 0;
	while (words[n])
		n++;
	words[n] = path; /* words has room for it */
	int rc = run_tool(words, NULL, 0, &status), ret = 0;
	if (not_found(rc, status))
		ret = cli_fail(cli, CLI_EXIT_ENV, _("no print command '%s': install CUPS (lp), or have the administrator name one in %s; the PDF is %s"),
			       words[0], PRINT_COMMAND_FILE, file);
	else if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		ret = cli_fail(cli, CLI_EXIT_ENV, _("printing failed ('%s' exited with %d); the PDF is %s"), words[0],
			       rc == 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, file);
	words[n] = NULL;
	for (char **w = words; *w; w++)
		free(*w);
	free(words);
	return ret;
}

/* ---- CUPS ---- */

static int print_cups(struct cli *cli, db *d, const char *given, char *path, const char *file,
		      struct doc_print_job *job)
{
	char printer[128] = "", text[2048], why[256];
	char *chosen = given ? NULL : doc_a4_printer(d);
	snprintf(printer, sizeof printer, "%s", given ? given : chosen ? chosen : "");
	free(chosen);
	int named = *printer != '\0';
	int ret = printer_ready(cli, printer, sizeof printer, file);
	if (ret)
		return ret;
	/* None chosen: CUPS's default, as lpstat named it, is CUPS's to pick. */
	char *lp[] = {"lp", named ? "-d" : "--", named ? printer : path, named ? "--" : NULL, named ? path : NULL, NULL};
	int status = 0, rc = run_tool(lp, text, sizeof text, &status);
	if (not_found(rc, status))
		return cli_fail(cli, CLI_EXIT_ENV, _("no print command '%s': install CUPS (lp), or have the administrator name one in %s; the PDF is %s"),
				"lp", PRINT_COMMAND_FILE, file);
	if (rc != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		last_line(text, why, sizeof why);
		if (*why)
			fprintf(stderr, "%s\n", why);
		return cli_fail(cli, CLI_EXIT_ENV, _("printing failed ('%s' exited with %d); the PDF is %s"), "lp",
				rc == 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, file);
	}
	snprintf(job->printer, sizeof job->printer, "%s", printer);
	char id[160];
	line_after(text, "request id is ", id, sizeof id);
	snprintf(job->id, sizeof job->id, "%.*s", (int)strcspn(id, " "), id);
	if (!cli->json)
		fprintf(stderr, _("sent to printer %s as job %s\n"), printer, *job->id ? job->id : "?");
	return 0;
}

int doc_print(struct cli *cli, db *d, const char *file, const char *printer, struct doc_print_job *job)
{
	sy_err err = {0};
	struct doc_print_job ignored;
	int refused = 0;
	if (!job)
		job = &ignored;
	memset(job, 0, sizeof *job);
	if (printer && doc_printer_name_check(printer, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	char **words = configured_command(&err, &refused);
	if (refused)
		return cli_report(cli, &err);
	/* A file named like an option ("-dOTHER.pdf") is never taken for one. */
	char *path = file[0] == '-' ? xasprintf("./%s", file) : xstrdup(file);
	int ret = words ? print_configured(cli, words, path, file) : print_cups(cli, d, printer, path, file, job);
	free(path);
	return ret;
}
