/* The session's counter and who may choose its devices (app/devices.h). */
#include "app/devices.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/session.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/user.h"
#include "drivers/net.h"
#include "drivers/printer.h"

static int counter_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > DEVICE_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return 0;
	return 1;
}

/* "192.168.1.21 50022 192.168.1.5 22": the client's address. */
static int from_ssh(char *out, size_t size)
{
	const char *conn = getenv("SSH_CONNECTION");
	if (!conn || !*conn)
		conn = getenv("SSH_CLIENT");
	if (!conn || !*conn)
		return 0;
	size_t n = strcspn(conn, " ");
	if (n == 0 || n >= size)
		return 0;
	memcpy(out, conn, n);
	out[n] = '\0';
	return 1;
}

/* A Linux console (/dev/tty1) or a serial terminal (/dev/ttyS0) of the host. */
static int from_console(char *out, size_t size)
{
	const char *tty = isatty(STDIN_FILENO) ? ttyname(STDIN_FILENO) : NULL;
	if (!tty || strncmp(tty, "/dev/tty", 8) != 0 || !tty[8])
		return 0;
	snprintf(out, size, "%s", tty + 5);
	return 1;
}

int devices_counter(char *out, size_t size, enum counter_source *source, sy_err *err)
{
	const char *env = getenv("SCRAPYARD_COUNTER");
	enum counter_source ignored;
	if (!source)
		source = &ignored;
	if (env && *env) {
		*source = COUNTER_ENV;
		if (!counter_name_ok(env) || strlen(env) >= size) {
			snprintf(out, size, "local");
			return sy_fail(err, SY_INVALID, "SCRAPYARD_COUNTER",
				       _("SCRAPYARD_COUNTER must name the counter in 1 to %d bytes without control characters"),
				       DEVICE_NAME_MAX);
		}
		snprintf(out, size, "%s", env);
		return SY_OK;
	}
	if (from_ssh(out, size)) {
		*source = COUNTER_SSH;
		return SY_OK;
	}
	if (from_console(out, size)) {
		*source = COUNTER_CONSOLE;
		return SY_OK;
	}
	*source = COUNTER_LOCAL;
	snprintf(out, size, "local");
	return SY_OK;
}

const char *devices_counter_source(enum counter_source source)
{
	switch (source) {
	case COUNTER_ENV: return "SCRAPYARD_COUNTER";
	case COUNTER_SSH: return _("the ssh connection");
	case COUNTER_CONSOLE: return _("this console");
	default: return _("this computer");
	}
}

int devices_may_choose(struct session *s, int on_screen, enum device_scope scope, const char *name, sy_err *err)
{
	int64_t users = 0;
	db *d = session_db(s);
	if (!d)
		return sy_fail(err, s->err.status, NULL, "%s", s->err.msg);
	if (user_count(d, &users, err) != SY_OK)
		return err->status;
	if (users == 0)
		return SY_OK;
	if (!session_user(s) && on_screen)
		return sy_fail(err, SY_INVALID, "user", "%s",
			       _("choosing devices needs a login: log in, then choose again"));
	if (!session_user(s) && session_login(s) != 0)
		return sy_fail(err, s->err.status, "user", "%s", s->err.msg);
	const char *user = session_user(s);
	int own = (scope == DEVICE_COUNTER && strcmp(name, db_counter(d)) == 0) ||
		  (scope == DEVICE_USER && strcmp(name, user) == 0);
	if (user_require((enum user_role)session_role(s), own ? ROLE_CLERK : ROLE_SUPERVISOR, NULL) == SY_OK)
		return SY_OK;
	return sy_fail(err, SY_INVALID, "user",
		       _("a clerk chooses the devices of their own counter (%s) and their own; the yard's, another "
			 "counter's or another user's need a supervisor or an admin: log in as one with --user NAME"),
		       db_counter(d));
}

int devices_choose(struct session *s, int on_screen, enum device_scope scope, const char *name,
		   const struct device_value *values, int n, sy_err *err)
{
	int rc = devices_may_choose(s, on_screen, scope, name, err);
	if (rc != SY_OK)
		return rc;
	return device_choice_save(s->db, scope, name, values, n, err);
}

int devices_forget(struct session *s, int on_screen, enum device_scope scope, const char *name, enum device_kind kind,
		   sy_err *err)
{
	int rc = devices_may_choose(s, on_screen, scope, name, err);
	if (rc != SY_OK)
		return rc;
	return device_choice_clear(s->db, scope, name, kind, err);
}

int devices_scope_opt(struct devices_scope_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'H': o->here = 1; return 1;
	case 'Y': o->yard = 1; return 1;
	case 'C': o->counter = arg; return 1;
	case 'U': o->user = arg; return 1;
	default: return 0;
	}
}

int devices_scope_from(struct cli *cli, const struct devices_scope_opts *o, enum device_scope *scope, char *name,
		       size_t size)
{
	if (!!o->here + !!o->yard + !!o->counter + !!o->user > 1)
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("choose one of --here, --counter NAME, --for-user NAME and --yard"));
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	*scope = o->here || o->counter ? DEVICE_COUNTER : o->user ? DEVICE_USER : DEVICE_YARD;
	snprintf(name, size, "%s", o->here ? db_counter(d) : o->counter ? o->counter : o->user ? o->user : "");
	if (*scope != DEVICE_YARD && !counter_name_ok(name))
		return cli_fail(cli, CLI_EXIT_INVALID, _("a counter's or user's name must be 1 to %d bytes without control characters"),
				DEVICE_NAME_MAX);
	return 0;
}

int devices_check_target(const char *target, sy_err *err)
{
	struct net_addr a;
	unsigned vid, pid;
	int used = 0;
	if (net_is_address(target))
		return net_addr_parse(target, &a, err);
	if (target[0] == '/')
		return SY_OK;
	if (sscanf(target, "%4x:%4x%n", &vid, &pid, &used) == 2 && (!target[used] || target[used] == '@'))
		return SY_OK;
	return sy_fail(err, SY_INVALID, "device",
		       _("'%s' is not a port, a USB id or a network address: give /dev/ttyUSB0, 1a86:7523 or "
			 "tcp://HOST:PORT"),
		       target);
}

const char *devices_env(enum device_kind kind)
{
	return kind == DEVICE_SCALE ? "SCRAPYARD_SCALE" : kind == DEVICE_IDCARD ? "SCRAPYARD_IDCARD" : NULL;
}

int devices_current(struct session *s, enum device_kind kind, char *value, size_t size, enum device_scope *scope,
		    int *env)
{
	const char *var = devices_env(kind), *set = var ? getenv(var) : NULL;
	*value = '\0';
	*scope = DEVICE_YARD;
	*env = set && *set;
	if (*env) {
		snprintf(value, size, "%s", set);
		return 1;
	}
	db *d = session_db_if_any(s);
	if (!d)
		return 0;
	*scope = device_scope_of(d, kind);
	char *v = device_setting(d, device_naming_key(kind));
	snprintf(value, size, "%s", v ? v : "");
	int chosen = v != NULL && (*v || *scope != DEVICE_YARD);
	free(v);
	return chosen;
}

/* A network printer named without its language: ask it. */
static void probe_language(const char *printer, char *lang, size_t size, int *dpi, char *warn, size_t wsize)
{
	struct printer *p;
	sy_err err = {0};
	if (printer_open(printer, NULL, 0, &p, &err) != SY_OK) {
		snprintf(warn, wsize, _("%s; its language is asked when it prints, or name it with --format"), err.msg);
		return;
	}
	const struct printer_profile *pf = printer_profile(p);
	if (pf->lang) {
		snprintf(lang, size, "%s", pf->lang->name);
		if (pf->lang == &printer_lang_zpl) /* ~HI says it; the others have one resolution or say nothing */
			*dpi = pf->dpi;
	} else {
		snprintf(warn, wsize, _("the printer at %s %s"), printer, printer_get_info(p)->problem);
	}
	printer_close(p);
}

int devices_choose_printer(struct session *s, int on_screen, enum device_scope scope, const char *name,
			   const struct devices_printer_choice *c, char *lang, size_t lsize, char *warn, size_t wsize,
			   sy_err *err)
{
	char gap[32], dpi_text[32];
	struct net_addr addr;
	const char *printer = c->printer;
	*lang = '\0';
	*warn = '\0';
	if (net_is_address(printer)) {
		if (net_addr_parse(printer, &addr, err) != SY_OK)
			return err->status;
		printer = addr.text;
		if (c->language && !strcmp(c->language, "dymo"))
			return sy_fail(err, SY_INVALID, "language", "%s",
				       _("on the network the label languages are zpl, tspl and ql: a DYMO LabelWriter is "
					 "driven over USB"));
	}
	if (c->language && *c->language && !printer_lang_find(c->language))
		return sy_fail(err, SY_INVALID, "language", _("unknown printer language '%s': use zpl, tspl, ql or dymo"),
			       c->language);
	int rc = devices_may_choose(s, on_screen, scope, name, err);
	if (rc != SY_OK)
		return rc;
	int probed_dpi = 0;
	if (c->language && *c->language)
		snprintf(lang, lsize, "%s", c->language);
	else if (net_is_address(printer))
		probe_language(printer, lang, lsize, &probed_dpi, warn, wsize);
	db *d = s->db;
	char *old = device_setting_in(d, scope, name, "label.printer");
	int changed = !old || strcmp(old, printer) != 0;
	free(old);
	struct device_value v[6];
	int n = 0;
	v[n++] = (struct device_value){"label.printer", printer};
	if (*lang)
		v[n++] = (struct device_value){"label.language", lang};
	else if (changed) /* another printer: the old one's language would be wrong */
		v[n++] = (struct device_value){"label.language", NULL};
	snprintf(dpi_text, sizeof dpi_text, "%d", c->dpi ? c->dpi : probed_dpi);
	if (c->dpi || probed_dpi)
		v[n++] = (struct device_value){"label.dpi", dpi_text};
	if (c->size)
		v[n++] = (struct device_value){"label.size", c->size};
	snprintf(gap, sizeof gap, "%g", c->gap);
	if (c->gap_set)
		v[n++] = (struct device_value){"label.gap", gap};
	return device_choice_save(d, scope, name, v, n, err);
}

static int scope_given(const struct devices_scope_opts *o)
{
	return o->here || o->yard || o->counter || o->user;
}

static void say_choice(enum device_kind kind, enum device_scope scope, const char *where, const char *value)
{
	if ((!value || !*value) && scope == DEVICE_YARD)
		printf("%s\n", kind == DEVICE_SCALE ? _("no scale chosen for the yard: the only scale plugged in is read")
						     : _("no ID card reader chosen for the yard: the only USB-serial bridge that "
							 "is not the scale's is read"));
	else if (!value || !*value)
		printf(kind == DEVICE_SCALE ? _("%s has no scale of its own\n") : _("%s has no ID card reader of its own\n"),
		       where);
	else
		printf(kind == DEVICE_SCALE ? _("the scale of %s: %s\n") : _("the ID card reader of %s: %s\n"), where, value);
}

static int use_json(db *d, enum device_kind kind, enum device_scope scope, const char *name)
{
	char *v = device_setting_in(d, scope, name, device_naming_key(kind));
	const char *env = getenv(devices_env(kind));
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "device", device_kind_name(kind));
	cJSON_AddStringToObject(j, "scope", device_scope_name(scope));
	if (scope != DEVICE_YARD)
		cJSON_AddStringToObject(j, "name", name);
	cJSON_AddStringToObject(j, "value", v ? v : "");
	cJSON_AddBoolToObject(j, "chosen", v && *v);
	cJSON_AddStringToObject(j, "counter", db_counter(d));
	if (env && *env)
		cJSON_AddStringToObject(j, "environment", env);
	free(v);
	return cli_print_json(j);
}

int devices_use(struct cli *cli, enum device_kind kind, const struct devices_scope_opts *o, const char *spec)
{
	char name[DEVICE_NAME_MAX + 1], where[160];
	enum device_scope scope;
	sy_err err = {0};
	int status = devices_scope_from(cli, o, &scope, name, sizeof name);
	if (status)
		return status;
	db *d = cli->session.db;
	if (!spec && !scope_given(o)) { /* the session's own */
		scope = device_scope_of(d, kind);
		snprintf(name, sizeof name, "%s", device_scope_who(d, scope));
	}
	devices_scope_text(scope, name, where, sizeof where);
	const char *env = getenv(devices_env(kind));
	if (spec && strcmp(spec, "-") == 0 && scope != DEVICE_YARD)
		status = devices_forget(&cli->session, 0, scope, name, kind, &err);
	else if (spec) {
		struct device_value v = {device_naming_key(kind), strcmp(spec, "-") ? spec : ""};
		status = devices_choose(&cli->session, 0, scope, name, &v, 1, &err);
	}
	if (status != SY_OK)
		return cli_report(cli, &err);
	if (cli->json)
		return use_json(d, kind, scope, name);
	char *v = device_setting_in(d, scope, name, device_naming_key(kind));
	say_choice(kind, scope, where, v);
	free(v);
	if (env && *env)
		printf(_("(%s=%s overrides it in this session)\n"), devices_env(kind), env);
	return 0;
}

void devices_scope_text(enum device_scope scope, const char *name, char *out, size_t size)
{
	if (scope == DEVICE_COUNTER)
		snprintf(out, size, _("counter %s"), name);
	else if (scope == DEVICE_USER)
		snprintf(out, size, _("user %s"), name);
	else
		snprintf(out, size, "%s", _("the yard"));
}
