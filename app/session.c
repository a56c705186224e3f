/* One person's use of the yard's database (app/session.h): the login is
 * checked once and remembered here, also across a reopened database. */
#include "app/session.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "app/devices.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/db.h"
#include "db/user.h"

/* ---- the database and who writes to it ---- */

/* The operating-system account: from the system, not from $USER, which
 * whoever starts the program sets as they like. */
static void os_user(char *out, size_t size)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		sy_strlcpy(out, pw->pw_name, size);
	else
		snprintf(out, size, "uid %u", (unsigned)getuid());
}

/* A name given with --user and no PIN checked is a claim, and the trail
 * says so: who is really at the keyboard, and what they said. A login
 * replaces it with the verified name. */
static void claimed_actor(void *ctx, char *out, size_t size)
{
	const struct session *s = ctx;
	char os[64];
	os_user(os, sizeof os);
	if (s->user)
		snprintf(out, size, "%s (claimed: %s)", os, s->user);
	else
		sy_strlcpy(out, os, size);
}

/* The actor of changes while nobody is logged in: the OS user, with the
 * name given with --user as a claim. */
static void reset_actor(struct session *s)
{
	db_set_actor_fn(s->db, claimed_actor, s);
	db_set_user_name(s->db, s->user);
}

/* The database's changes are the logged-in user's. */
static void act_as_login(struct session *s)
{
	db_set_actor(s->db, s->login.name);
	db_set_user_name(s->db, s->login.name);
	db_set_role(s->db, s->login.role);
}

static int login_required(struct db *d)
{
	char *required = db_setting(d, "require_login");
	int wanted = required && strcmp(required, "1") == 0;
	free(required);
	int64_t admins = 0;
	return wanted && user_admin_count(d, &admins, NULL) == SY_OK && admins > 0;
}

/* A name given with a PIN in the environment: a login offered, checked
 * like one, so that what is written is the user's and not a claim. */
static int pin_offered(const struct session *s, struct db *d)
{
	const char *pin = getenv("SCRAPYARD_PIN");
	int64_t users = 0;
	return s->user && *s->user && pin && *pin && user_count(d, &users, NULL) == SY_OK && users > 0;
}

/* The login check on writes (db_set_write_check). */
static int write_check(void *ctx, struct db *d, sy_err *err)
{
	struct session *s = ctx;
	if (s->login.ok || (!login_required(d) && !pin_offered(s, d)))
		return SY_OK;
	int rc = session_login(s);
	if (rc && err && err != &s->err)
		*err = s->err;
	return rc;
}

int session_attach_db(struct session *s, struct db *d)
{
	s->db = d;
	reset_actor(s);
	/* The devices this session uses follow the counter it works at. */
	char counter[DEVICE_NAME_MAX + 1];
	if (devices_counter(counter, sizeof counter, NULL, &s->err) != SY_OK) {
		s->db = NULL;
		return s->err.status;
	}
	db_set_counter(d, counter);
	db_set_write_check(d, write_check, s);
	if (s->login.ok) /* the database reopened (after a restore): still the same session */
		act_as_login(s);
	return 0;
}

struct db *session_db(struct session *s)
{
	if (s->db)
		return s->db;
	struct db *d = db_open(s->db_path, DB_OPEN_CREATE, &s->err);
	if (d && session_attach_db(s, d) != 0) {
		db_close(d);
		d = NULL;
	}
	if (!d && s->say_db_error)
		s->say_db_error(&s->err);
	return d;
}

struct db *session_db_if_any(struct session *s)
{
	if (!s->db && (!s->db_path || access(s->db_path, F_OK) != 0))
		return NULL;
	return session_db(s);
}

/* ---- login and roles ---- */

const char *session_user(const struct session *s) { return s->login.ok ? s->login.name : NULL; }
int session_role(const struct session *s) { return s->login.ok ? s->login.role : 0; }
int session_short_pin(const struct session *s) { return s->login.ok && s->login.short_pin; }

int session_login_pin(struct session *s, const char *name, const char *pin)
{
	enum user_role role;
	int short_pin = 0;
	struct db *d = session_db(s);
	if (!d)
		return s->err.status;
	if (user_login(d, name, pin, &role, &short_pin, &s->err) != SY_OK)
		return s->err.status;
	/* PINs set before they had to be longer: good for nothing but a new one. */
	if (short_pin && !s->own_pin_change)
		return sy_fail(&s->err, SY_INVALID, "pin",
			       _("the PIN of %s is shorter than the %d digits a %s's PIN needs now: set a new one first with 'scrapyard user passwd' (the old PIN in SCRAPYARD_PIN, the new in SCRAPYARD_NEW_PIN)"),
			       name, user_pin_min(role), user_role_name(role));
	s->login.short_pin = short_pin;
	s->login.ok = 1;
	s->login.role = role;
	sy_strlcpy(s->login.name, name, sizeof s->login.name);
	act_as_login(s);
	return 0;
}

int session_login(struct session *s)
{
	char pin[64];
	if (s->login.ok)
		return 0;
	if (!s->user || !*s->user)
		return sy_fail(&s->err, SY_INVALID, NULL,
			       _("this yard requires a login: log in with --user NAME and SCRAPYARD_PIN"));
	const char *env = getenv("SCRAPYARD_PIN");
	if (env && *env) {
		sy_strlcpy(pin, env, sizeof pin);
	} else {
		char prompt[200];
		snprintf(prompt, sizeof prompt, _("PIN for %s: "), s->user);
		if (session_read_pin(prompt, pin, sizeof pin) != 0)
			return sy_fail(&s->err, SY_INVALID, NULL,
				       _("no PIN for %s: log in with --user NAME and SCRAPYARD_PIN, or run on a terminal"),
				       s->user);
	}
	int rc = session_login_pin(s, s->user, pin);
	explicit_bzero(pin, sizeof pin);
	return rc;
}

void session_logout(struct session *s)
{
	explicit_bzero(&s->login, sizeof s->login);
	if (s->db) {
		db_set_role(s->db, 0);
		reset_actor(s);
	}
}

int session_login_required(struct session *s) { return !s->login.ok && s->db && login_required(s->db); }

int session_login_if_required(struct session *s)
{
	if (!session_db(s))
		return s->err.status;
	return session_login_required(s) ? session_login(s) : 0;
}

int session_require_role(struct session *s, const char *role)
{
	enum user_role need = user_role_parse(role);
	int64_t users = 0;
	if (need == ROLE_NONE)
		sy_fatal("session_require_role: unknown role '%s'", role);
	struct db *d = session_db(s);
	if (!d)
		return s->err.status;
	if (user_count(d, &users, &s->err) != SY_OK)
		return s->err.status ? s->err.status : SY_ENV;
	if (users == 0)
		return 0;
	if (session_login(s) != 0 || user_require(s->login.role, need, &s->err) != SY_OK)
		return s->err.status ? s->err.status : SY_ENV;
	return 0;
}

/* ---- the terminal ---- */

int session_read_line(int fd, char *out, size_t size)
{
	size_t n = 0;
	char c;
	ssize_t got;
	while ((got = read(fd, &c, 1)) == 1 && c != '\n' && c != '\r')
		if (n + 1 < size)
			out[n++] = c;
	out[n] = '\0';
	return got < 0 ? -1 : 0;
}

int session_read_pin(const char *prompt, char *out, size_t size)
{
	struct termios old, quiet;
	/* Only when a person is typing: a script with its input redirected fails at once. */
	int fd = isatty(STDIN_FILENO) ? open("/dev/tty", O_RDWR | O_CLOEXEC) : -1;
	if (fd < 0)
		return -1;
	int rc = -1;
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		quiet.c_lflag |= ICANON;
		if (write(fd, prompt, strlen(prompt)) >= 0 && tcsetattr(fd, TCSAFLUSH, &quiet) == 0) {
			rc = session_read_line(fd, out, size);
			tcsetattr(fd, TCSAFLUSH, &old);
			if (write(fd, "\n", 1) < 0)
				rc = -1;
		}
	}
	close(fd);
	return rc;
}
