/* Log in, for a yard that requires a login before anything is written
 * (the require_login setting, see app/session.h). The full-screen program
 * never lets the command line's PIN prompt write over the screen: its own
 * write check refuses and opens this screen instead. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app/session.h"
#include "app/screens.h"
#include "app/tui_edit.h"
#include "base/i18n.h"
#include "db/user.h"
#include "base/util.h"

struct login {
	struct tui_edit name, pin;
	int on_pin;
};

static const struct tui_key login_keys[] = {
	{TUI_ENTER, ACT_SUBMIT, NULL, NULL, "Next field; on the PIN: log in", "下一栏；在密码栏：登录"},
	{TUI_TAB, ACT_NEXT_FIELD, NULL, NULL, "Other field", "切换输入栏"},
	{TUI_FN(KEY_DOWN), ACT_NEXT_FIELD, NULL, NULL, "Other field", "切换输入栏"},
	{TUI_FN(KEY_UP), ACT_NEXT_FIELD, NULL, NULL, "Other field", "切换输入栏"},
	{TUI_FN(KEY_BTAB), ACT_NEXT_FIELD, NULL, NULL, "Other field", "切换输入栏"},
	{0},
};

int tui_login_required(struct tui *t) { return session_login_required(tui_session(t)); }

int tui_supervisor(struct tui *t, const char *nobody, sy_err *err)
{
	int64_t users = 0;
	struct user u;
	if (user_count(tui_db(t), &users, err) != SY_OK)
		return -1;
	if (users == 0)
		return 0;
	struct session *s = tui_session(t);
	const char *name = session_user(s);
	/* Started with --user and the PIN in the environment: log in as the
	 * command line does; otherwise on the login screen, then again. */
	const char *pin = getenv("SCRAPYARD_PIN");
	if (!name && s->user && *s->user && pin && *pin && session_login(s) == 0)
		name = session_user(s);
	if (!name) {
		sy_fail(err, SY_INVALID, NULL, "%s", nobody);
		tui_push(t, &screen_login, NULL);
		return -1;
	}
	if (user_get(tui_db(t), name, &u, err) != SY_OK)
		return -1;
	return user_require(user_role_parse(u.role), ROLE_SUPERVISOR, err) == SY_OK ? 0 : -1;
}

static int login_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct login *l = xcalloc(1, sizeof *l);
	/* After a log-out the next user types their own name (arg TUI_LOGIN_NEXT). */
	const char *user = arg ? NULL : tui_session(t)->user;
	tui_edit_set(&l->name, user ? user : "", 60);
	tui_edit_set(&l->pin, "", 60);
	l->on_pin = user && *user;
	if (!l->on_pin)
		tui_edit_select(&l->name);
	*state = l;
	return 0;
}

static void login_close(struct tui *t, void *state)
{
	(void)t;
	struct login *l = state;
	explicit_bzero(l, sizeof *l);
	free(l);
}

static void attempt(struct tui *t, struct login *l)
{
	char name[256], pin[256];
	struct session *s = tui_session(t);
	tui_edit_text(&l->name, name, sizeof name);
	tui_edit_text(&l->pin, pin, sizeof pin);
	if (!*name) {
		l->on_pin = 0;
		tui_error(t, _("Type your user name"));
		return;
	}
	int rc = session_login_pin(s, name, pin);
	explicit_bzero(pin, sizeof pin);
	tui_edit_set(&l->pin, "", 60);
	if (rc != 0) {
		tui_error(t, "%s", s->err.msg);
		return;
	}
	tui_info(t, _("Logged in as %s"), name);
	tui_pop(t);
}

/* Between the two fields; the name comes back selected, so that another
 * user's name replaces it. */
static void other_field(struct login *l)
{
	l->on_pin = !l->on_pin;
	if (!l->on_pin)
		tui_edit_select(&l->name);
}

static int login_key(struct tui *t, void *state, int action, int key)
{
	struct login *l = state;
	switch (action) {
	case ACT_NEXT_FIELD: other_field(l); return TUI_HANDLED;
	case ACT_SUBMIT:
		if (l->on_pin)
			attempt(t, l);
		else
			l->on_pin = 1;
		return TUI_HANDLED;
	case ACT_NONE: return tui_edit_key(l->on_pin ? &l->pin : &l->name, key) == EDIT_IGNORED ? TUI_UNHANDLED : TUI_HANDLED;
	default: return TUI_UNHANDLED;
	}
}

static void login_draw(struct tui *t, void *state)
{
	struct login *l = state;
	struct tui_rect r = tui_body(t);
	const char *name_label = _("User name:"), *pin_label = _("PIN:");
	int lw = tui_width(name_label) > tui_width(pin_label) ? tui_width(name_label) : tui_width(pin_label);
	int x = r.x + 4, vx = x + lw + 2, y = r.y + 2;
	tui_put(y, x, r.w - 8, _("This yard requires a login before anything is saved."), A_BOLD);
	tui_put(y + 2, x, lw, name_label, A_NORMAL);
	int name_cursor = tui_edit_draw(&l->name, y + 2, vx, 30, tui_style(l->on_pin ? STYLE_FIELD : STYLE_FIELD_FOCUS));
	tui_put(y + 3, x, lw, pin_label, A_NORMAL);
	char stars[64];
	int n = l->pin.len < 60 ? l->pin.len : 60;
	memset(stars, '*', (size_t)n);
	stars[n] = '\0';
	tui_put(y + 3, vx, 30, stars, tui_style(l->on_pin ? STYLE_FIELD_FOCUS : STYLE_FIELD));
	tui_put(y + 5, x, r.w - 8, _("Enter: log in    Esc: look around without saving    F10: quit"), tui_style(STYLE_HINT));
	if (l->on_pin)
		tui_cursor(t, y + 3, vx + (n < 29 ? n : 29));
	else
		tui_cursor(t, y + 2, name_cursor);
}

const struct screen_ops screen_login = {
	.name = "login",
	.title_en = "Log in",
	.title_zh = "登录",
	.keys = login_keys,
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.close = login_close,
};
