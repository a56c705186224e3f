/* The full-screen program: terminal set-up and restore, the screen stack,
 * the key loop and the dispatch of keys through the key tables.
 *
 * The terminal is restored on every way out: a normal quit, sy_fatal (the
 * fatal hook), SIGTERM/SIGINT/SIGHUP (a flag the loop checks, so the store is
 * closed cleanly) and SIGSEGV/SIGBUS/SIGABRT (only async-signal-safe calls:
 * a reset sequence prepared at start and the saved terminal modes). */
#include "app/tui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/session.h"
#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_core.h"
#include "app/tui_idcard.h"
#include "app/tui_scale.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/user.h"

/* Idle wake-up: the loop notices a stop signal even where the terminal read
 * is restarted after the handler. */
#define TUI_IDLE_MS 500

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t curses_active;
static struct termios saved_modes;
static int have_saved_modes;
static char reset_seq[256];
static size_t reset_len;
static int saved_stderr = -1;

const char *screen_title(const struct screen_ops *ops) { return sy_pick(ops->title_en, ops->title_zh); }

/* ---- terminal ---- */

static void append_cap(const char *cap)
{
	const char *s = tigetstr((char *)cap);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (reset_len + n < sizeof reset_seq) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

/* What a crash handler writes: plain attributes, visible cursor, keypad off,
 * back from the alternate screen. */
static void prepare_reset(void)
{
	reset_len = 0;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmkx");
	append_cap("rmcup");
	if (reset_len + 1 < sizeof reset_seq)
		reset_seq[reset_len++] = '\n';
}

static void restore_stderr(void)
{
	if (saved_stderr >= 0) {
		dup2(saved_stderr, STDERR_FILENO);
		close(saved_stderr);
		saved_stderr = -1;
	}
}

/* The fatal hook: put the terminal back before sy_fatal prints. */
static void tui_restore(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
	restore_stderr();
}

static void on_stop_signal(int sig) { stop_signal = sig; }

static void on_crash(int sig)
{
	if (curses_active) {
		ssize_t ignored = write(STDOUT_FILENO, reset_seq, reset_len);
		(void)ignored;
		if (have_saved_modes)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop_signal; /* no SA_RESTART: the key read returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
}

static void restore_signals(void)
{
	int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
}

/* Key sequences some terminals send that their terminfo entry may not name
 * (Linux console and rxvt Home/End, vt220 F1-F4), so a wrong TERM over ssh
 * still gives working keys. */
static void define_extra_keys(void)
{
	static const struct {
		const char *seq;
		int code;
	} extra[] = {
		{"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
		{"\033[4~", KEY_END},  {"\033[8~", KEY_END},  {"\033[F", KEY_END},  {"\033OF", KEY_END},
		{"\033[Z", KEY_BTAB},  {"\033[[A", KEY_F(1)}, {"\033[[B", KEY_F(2)}, {"\033[[C", KEY_F(3)},
		{"\033[[D", KEY_F(4)}, {"\033[[E", KEY_F(5)}, {"\033[11~", KEY_F(1)}, {"\033[12~", KEY_F(2)},
		{"\033[13~", KEY_F(3)}, {"\033[14~", KEY_F(4)}, {"\033[15~", KEY_F(5)}, {"\033OP", KEY_F(1)},
		{"\033OQ", KEY_F(2)}, {"\033OR", KEY_F(3)}, {"\033OS", KEY_F(4)}, {"\033[21~", KEY_F(10)},
	};
	for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
		if (key_defined(extra[i].seq) == 0)
			define_key(extra[i].seq, extra[i].code);
}

static int term_start(void)
{
	have_saved_modes = tcgetattr(STDIN_FILENO, &saved_modes) == 0;
	install_signals();
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		restore_signals();
		return -1;
	}
	set_term(screen);
	curses_active = 1;
	sy_set_fatal_hook(tui_restore);
	/* Nothing below app/ prints, but a library might: keep it off the screen. */
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDERR_FILENO);
		close(null);
	}
	raw(); /* Ctrl-C and Ctrl-S reach us as keys: no frozen screen, no lost form */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	define_extra_keys();
	tui_styles_init();
	prepare_reset();
	return 0;
}

static void term_stop(void)
{
	tui_restore();
	sy_set_fatal_hook(NULL);
	restore_signals();
}

/* ---- messages and requests from screens ---- */

static void set_msg(struct tui *t, enum tui_msg_kind kind, const char *fmt, va_list ap)
{
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	/* One line: a newline from a lower layer would break the frame. */
	for (char *p = t->msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	t->msg_kind = kind;
}

void tui_info(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_msg(t, TUI_MSG_INFO, fmt, ap);
	va_end(ap);
}

void tui_error(struct tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_msg(t, TUI_MSG_ERROR, fmt, ap);
	va_end(ap);
	beep();
}

void tui_clear_status(struct tui *t)
{
	t->msg_kind = TUI_MSG_NONE;
	t->msg[0] = '\0';
}

int tui_status_is(struct tui *t, const char *text) { return t->msg_kind != TUI_MSG_NONE && strcmp(t->msg, text) == 0; }

db *tui_db(struct tui *t) { return t->db; }
struct session *tui_session(struct tui *t) { return t->session; }
int tui_stopping(const struct tui *t) { return stop_signal != 0 || t->quit; }

void tui_cursor(struct tui *t, int y, int x)
{
	t->cursor_y = y;
	t->cursor_x = x;
}

struct tui_rect tui_body(const struct tui *t)
{
	(void)t;
	return (struct tui_rect){1, 0, LINES - 3, COLS};
}

/* ---- the stack ---- */

static struct tui_frame *top_frame(struct tui *t) { return t->depth ? &t->stack[t->depth - 1] : NULL; }

int tui_push(struct tui *t, const struct screen_ops *ops, const void *arg)
{
	if (t->depth >= TUI_STACK_MAX) {
		tui_error(t, _("Too many screens are open: press Esc to go back first"));
		return -1;
	}
	void *state = NULL;
	if (ops->open && ops->open(t, ops, arg, &state) != 0)
		return -1;
	t->stack[t->depth++] = (struct tui_frame){ops, state, 0, 0};
	return 0;
}

void tui_pop(struct tui *t)
{
	for (int i = t->depth - 1; i >= 0; i--)
		if (!t->stack[i].closing) {
			t->stack[i].closing = 1;
			return;
		}
}

const struct screen_ops *tui_below(struct tui *t)
{
	int below = t->depth - 2;
	while (below >= 0 && t->stack[below].closing)
		below--;
	return below >= 0 ? t->stack[below].ops : NULL;
}

void tui_ticks(struct tui *t, int ms)
{
	struct tui_frame *f = top_frame(t);
	if (f)
		f->tick_ms = ms > 0 ? ms : 0;
}

static void close_frame(struct tui *t, int i)
{
	struct tui_frame f = t->stack[i];
	if (f.ops->close)
		f.ops->close(t, f.state);
	memmove(&t->stack[i], &t->stack[i + 1], (size_t)(t->depth - i - 1) * sizeof t->stack[0]);
	t->depth--;
}

/* Close the screens popped while handling the key (the handler ran on their
 * state until it returned). */
static void close_popped(struct tui *t)
{
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].closing)
			close_frame(t, i);
}

static int any_unsaved(struct tui *t)
{
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i].ops->unsaved && t->stack[i].ops->unsaved(t->stack[i].state))
			return 1;
	return 0;
}

/* ---- login ---- */

/* Writes go through here while the screen is up: the command line's check
 * would ask for the PIN on the terminal, over the screen. */
static int write_check(void *ctx, db *d, sy_err *err)
{
	struct tui *t = ctx;
	(void)d;
	/* Logging in records failed attempts: that write is the login's own. */
	if (t->depth && t->stack[t->depth - 1].ops == &screen_login)
		return SY_OK;
	if (!tui_login_required(t))
		return SY_OK;
	t->want_login = 1;
	return sy_fail(err, SY_INVALID, NULL, _("This yard requires a login: log in, then save again"));
}

/* The yard has users: someone may log in. */
static int has_users(struct tui *t)
{
	int64_t users = 0;
	return user_count(t->db, &users, NULL) == SY_OK && users > 0;
}

/* Back to the menu, nobody logged in, and the login screen for the next
 * user. What was typed and not saved is dropped: it is the last user's. */
static void log_out(struct tui *t, const char *why)
{
	for (int i = 1; i < t->depth; i++)
		t->stack[i].closing = 1;
	close_popped(t);
	session_logout(t->session);
	t->armed = 0;
	tui_info(t, "%s", why);
	if (has_users(t))
		tui_push(t, &screen_login, TUI_LOGIN_NEXT);
}

/* F12: log out (asking first over unsaved input), or log in when nobody is. */
static void logout_key(struct tui *t, int was_armed)
{
	if (!session_user(t->session)) {
		if (top_frame(t)->ops == &screen_login)
			return; /* it is open already */
		if (has_users(t))
			tui_push(t, &screen_login, TUI_LOGIN_NEXT);
		else
			tui_info(t, "%s", _("This yard has no users: nobody logs in or out"));
		return;
	}
	if (any_unsaved(t) && was_armed != ACT_LOGOUT) {
		t->armed = ACT_LOGOUT;
		tui_error(t, "%s", _("There is unsaved input: press F12 again to log out without saving it"));
		return;
	}
	char why[160];
	snprintf(why, sizeof why, _("%s logged out"), session_user(t->session));
	log_out(t, why);
}

/* Seconds without a key after which a logged-in user is logged out
 * (setting idle_logout_seconds, 600 unless set; 0: never). */
static int idle_limit(struct tui *t)
{
	char *v = db_setting(t->db, "idle_logout_seconds");
	char *end = NULL;
	long secs = v ? strtol(v, &end, 10) : 600;
	if (v && (end == v || *end || secs < 0 || secs > 86400))
		secs = 600;
	free(v);
	return (int)secs;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void start_login(struct tui *t)
{
	struct session *s = t->session;
	const char *pin = getenv("SCRAPYARD_PIN");
	if (!tui_login_required(t))
		return;
	if (s->user && *s->user && pin && *pin && session_login(s) == 0)
		return;
	tui_push(t, &screen_login, NULL);
}

/* ---- keys ---- */

static int read_key(int *key)
{
	wint_t ch;
	int r = get_wch(&ch);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		/* vt220 terminfo names the Home and End keys Find and Select. */
		if (ch == KEY_FIND)
			ch = KEY_HOME;
		else if (ch == KEY_SELECT)
			ch = KEY_END;
		*key = ch == KEY_ENTER ? TUI_ENTER : TUI_FN((int)ch);
		return 0;
	}
	if (ch == '\r')
		*key = TUI_ENTER;
	else if (ch == 127 || ch == 8)
		*key = TUI_FN(KEY_BACKSPACE);
	else
		*key = (int)ch;
	return 0;
}

static void go_back(struct tui *t, int was_armed)
{
	struct tui_frame *f = top_frame(t);
	if (t->depth <= 1) {
		tui_info(t, _("This is the main menu: press F10 to quit"));
		return;
	}
	if (f->ops->unsaved && f->ops->unsaved(f->state) && was_armed != ACT_BACK) {
		t->armed = ACT_BACK;
		tui_error(t, _("What you typed here is not saved: press Esc again to discard it, or F2 to save"));
		return;
	}
	tui_pop(t);
}

/* The second press of the key the clerk used (F10 or Ctrl-C) quits. */
static void quit(struct tui *t, int was_armed, int key)
{
	if (any_unsaved(t) && was_armed != ACT_QUIT) {
		t->armed = ACT_QUIT;
		tui_error(t, "%s", key == TUI_CTRL('c') ? _("There is unsaved input: press Ctrl-C again to quit without saving it")
							: _("There is unsaved input: press F10 again to quit without saving it"));
		return;
	}
	t->quit = 1;
}

static void dispatch(struct tui *t, int key)
{
	struct tui_frame *f = top_frame(t);
	const struct tui_key *k = keys_lookup(f->ops->keys, f->ops->base, key);
	int action = k ? k->action : ACT_NONE;
	int was_armed = t->armed;
	t->armed = 0;
	if (action != ACT_REDRAW)
		tui_clear_status(t);
	if (f->ops->key && f->ops->key(t, f->state, action, key) == TUI_HANDLED)
		return;
	switch (action) {
	case ACT_HELP: tui_push(t, &screen_help, f->ops); break;
	case ACT_BACK: go_back(t, was_armed); break;
	case ACT_QUIT: quit(t, was_armed, key); break;
	case ACT_LOGOUT: logout_key(t, was_armed); break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	default: break;
	}
}

/* ---- drawing ---- */

static void draw_too_small(void)
{
	const char *msg = _("Make the window larger: at least 60 columns and 16 rows");
	for (int y = 0; y < LINES; y++)
		move(y, 0), clrtoeol();
	int w = tui_width(msg);
	tui_put(LINES / 2, w < COLS ? (COLS - w) / 2 : 0, w < COLS ? w : COLS, msg, A_BOLD);
}

static void draw(struct tui *t)
{
	erase();
	t->cursor_y = -1;
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS) {
		draw_too_small();
	} else {
		tui_chrome_title(t);
		struct tui_frame *f = top_frame(t);
		if (f && f->ops->draw)
			f->ops->draw(t, f->state);
		tui_chrome_status(t);
		tui_chrome_bar(t);
	}
	if (t->cursor_y >= 0 && t->cursor_y < LINES && t->cursor_x < COLS) {
		curs_set(1);
		move(t->cursor_y, t->cursor_x);
	} else {
		curs_set(0);
		move(LINES - 1, COLS - 1);
	}
	refresh();
}

static void run_loop(struct tui *t)
{
	int redraw = 1, idle = idle_limit(t);
	double last_key = seconds_now();
	while (t->depth > 0 && !t->quit && !stop_signal) {
		if (redraw)
			draw(t);
		struct tui_frame *f = top_frame(t);
		timeout(f->tick_ms > 0 ? f->tick_ms : TUI_IDLE_MS);
		int key;
		/* A counter left alone: the next person does not work as this one. */
		if (idle > 0 && session_user(t->session) && seconds_now() - last_key >= idle) {
			char why[160];
			snprintf(why, sizeof why, _("%s was logged out after %d s without a key"), session_user(t->session), idle);
			log_out(t, why);
			redraw = 1;
			continue;
		}
		if (read_key(&key) != 0) {
			redraw = 0;
			if (f->tick_ms > 0 && f->ops->tick && !stop_signal) {
				f->ops->tick(t, f->state);
				close_popped(t);
				redraw = 1;
			}
			continue;
		}
		redraw = 1;
		last_key = seconds_now();
		if (key == TUI_FN(KEY_RESIZE)) {
			clearok(curscr, TRUE);
			continue;
		}
		dispatch(t, key);
		close_popped(t);
		if (t->want_login) {
			t->want_login = 0;
			tui_push(t, &screen_login, NULL);
		}
	}
}

int tui_run(struct session *s)
{
	db *d = session_db(s);
	if (!d)
		return s->err.status ? s->err.status : SY_ENV;
	struct tui *t = xcalloc(1, sizeof *t);
	t->session = s;
	t->db = d;
	t->has_site = site_get(d, &t->site, NULL) == SY_OK;
	tui_scale_setup(s);
	tui_idcard_setup(s);
	if (term_start() != 0) {
		fprintf(stderr, _("scrapyard: cannot start the full-screen program on this terminal (TERM=%s)\n"),
			getenv("TERM") ? getenv("TERM") : "");
		free(t);
		return SY_ENV;
	}
	db_set_write_check(d, write_check, t);
	tui_push(t, &screen_main, NULL);
	start_login(t);
	if (!t->has_site)
		tui_error(t, _("The yard is not set up: its name, licence and address are entered by the administrator first"));
	run_loop(t);
	while (t->depth > 0)
		close_frame(t, t->depth - 1);
	tui_scale_release();
	tui_idcard_release();
	term_stop();
	int sig = stop_signal;
	free(t);
	return sig ? 128 + sig : 0;
}
