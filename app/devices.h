/* The devices of this session: the counter it works at, who may choose a
 * counter's, a user's or the yard's devices, and the one way every command
 * and screen writes such a choice (db/devices.h keeps them).
 *
 * The counter is named by SCRAPYARD_COUNTER, else by the address the ssh
 * connection comes from (each counter's PC logs in from its own), else by
 * the console ("tty1"), else it is "local": the yard's host itself.
 *
 * Who may choose: in a yard without users, anyone. With users, a clerk
 * chooses for the counter the session works at and for themselves (the
 * devices at hand; every change is in the audit trail with who made it);
 * the yard's devices, another counter's and another user's need a
 * supervisor or an admin, as the yard's label printer does. */
#ifndef SY_APP_DEVICES_H
#define SY_APP_DEVICES_H
#include <stddef.h>

#include "base/err.h"
#include "db/devices.h"

struct cli;
struct session;

enum counter_source { COUNTER_ENV, COUNTER_SSH, COUNTER_CONSOLE, COUNTER_LOCAL };

/* The counter this session works at. SY_INVALID when SCRAPYARD_COUNTER
 * is set to something that is no counter's name. */
int devices_counter(char *out, size_t size, enum counter_source *source, sy_err *err);
/* Where the name came from, for a clerk ("SCRAPYARD_COUNTER", "the ssh connection" ...). */
const char *devices_counter_source(enum counter_source source);

/* SY_OK when the session may choose devices for scope (name: the counter
 * or user). At the command line a login is asked for when needed; on a
 * screen (on_screen) the clerk is told to log in. */
int devices_may_choose(struct session *s, int on_screen, enum device_scope scope, const char *name, sy_err *err);

/* Check who may, then save (device_choice_save) or forget
 * (device_choice_clear) a choice. */
int devices_choose(struct session *s, int on_screen, enum device_scope scope, const char *name,
		   const struct device_value *values, int n, sy_err *err);
int devices_forget(struct session *s, int on_screen, enum device_scope scope, const char *name, enum device_kind kind,
		   sy_err *err);

/* "counter 2", "user zhang", "the yard": where a choice is, for a clerk. */
void devices_scope_text(enum device_scope scope, const char *name, char *out, size_t size);

/* Where a command's choice goes: --here (this session's counter), --counter
 * NAME, --for-user NAME, --yard; the yard when none is given. */
struct devices_scope_opts {
	int here, yard;
	const char *counter, *user;
};
/* 0 with *scope and name (the counter's or user's, "" for the yard), or
 * the exit status after saying why (two given, a bad name). */
int devices_scope_from(struct cli *cli, const struct devices_scope_opts *o, enum device_scope *scope, char *name,
		       size_t size);
/* Getopt's long options for them, to put in a command's table (letters H C U Y). */
#define DEVICES_SCOPE_LONGOPTS                                                                     \
	CLI_FLAG("here", 'H'), CLI_ARG("counter", 'C'), CLI_ARG("for-user", 'U'), CLI_FLAG("yard", 'Y')
/* Take one of those options: 1 when c was one. */
int devices_scope_opt(struct devices_scope_opts *o, int c, const char *arg);

/* SY_OK when target names a device: a port path (/dev/ttyUSB0), a USB id
 * (1a86:7523, 1a86:7523@1-6) or a network address (tcp://HOST:PORT). */
int devices_check_target(const char *target, sy_err *err);

/* A label printer to choose: its id ("" the first found) or network
 * address, and what is given with it (NULL / 0: not given). */
struct devices_printer_choice {
	const char *printer;
	const char *language;
	int dpi;
	const char *size;
	int gap_set;
	double gap;
};
/* Choose a label printer for scope. A network printer named without its
 * language is asked it now, so that no label after this one waits for the
 * question; when it cannot answer, the choice is kept all the same and
 * *warn says why. *lang is the language kept ("" none). Who may is
 * checked before the printer is asked anything. */
int devices_choose_printer(struct session *s, int on_screen, enum device_scope scope, const char *name,
			   const struct devices_printer_choice *c, char *lang, size_t lsize, char *warn, size_t wsize,
			   sy_err *err);

/* `scale use` and `idcard use`: with spec NULL, show the device of kind
 * the session (or the scope given) uses; "-" forgets a counter's or user's
 * choice (the yard's becomes none); else choose spec (checked by the
 * caller) for the scope. Returns the exit status. */
int devices_use(struct cli *cli, enum device_kind kind, const struct devices_scope_opts *o, const char *spec);

/* The environment variable that overrides kind's choice (SCRAPYARD_SCALE,
 * SCRAPYARD_IDCARD), or NULL (the label printer has none). */
const char *devices_env(enum device_kind kind);

/* The device of kind this session uses: *value its naming setting (or the
 * environment variable's value), from where it comes (*scope; env set when
 * the environment says). 1 when one is chosen, 0 when none is (value ""). */
int devices_current(struct session *s, enum device_kind kind, char *value, size_t size, enum device_scope *scope,
		    int *env);

#endif
