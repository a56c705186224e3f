/* A weighbridge indicator on a pseudo-terminal, for the scale tests.
 *
 *   scale_pty SCRIPT [--log FILE] [--link PATH] -- COMMAND ARGS...
 *                                         runs COMMAND with every "@PTY@" in its
 *                                         arguments replaced by the terminal's
 *                                         path, plays SCRIPT into it, and exits
 *                                         with COMMAND's status
 *   scale_pty SCRIPT                      prints the path, plays SCRIPT, and
 *                                         keeps the terminal until killed
 *   scale_pty SCRIPT --tcp [-- COMMAND ...] the same as a serial-device server:
 *                                         a TCP server on 127.0.0.1 at a port
 *                                         the system picks, "@PTY@" becoming
 *                                         tcp://127.0.0.1:PORT; the script
 *                                         starts when the program connects, and
 *                                         a program that connects again is
 *                                         taken again (the script goes on)
 *
 * --log FILE records every line the program wrote to the terminal.
 * --link PATH makes PATH a symbolic link to the terminal and gives the program
 * PATH for @PTY@; "hangup" then removes it, as an unplugged adapter's ttyUSB
 * goes (a freed /dev/pts number may soon belong to someone else's terminal).
 * The script starts once the program has put the terminal in raw mode (or
 * after 5 s), so nothing is lost to its flush. One step a line (# comments);
 * TEXT takes C escapes (\r \n \t \\ \xHH):
 *   text TEXT                 send TEXT
 *   hex HH HH ...             send bytes
 *   toledo A B WEIGHT TARE [C] a Toledo frame (A, B, C status bytes in hex; C
 *                             20 unless given) with its checksum
 *   toledo-nocs A B W T       the same without the checksum
 *   toledo-badcs A B W T      the same with a wrong checksum
 *   xk3190 SIGN DIGITS DEC    an XK3190 format-0 frame ("xk3190 + 001234 1")
 *   xorline TEXT              TEXT ('_' for a blank, C escapes), the XOR of its
 *                             bytes as two upper-case hex digits, CR LF: the
 *                             XK3190-A12 lines ("xorline WG001380_kg",
 *                             "xorline _________OL")
 *   baud N                    from here on the indicator talks at N baud: while the
 *                             program's terminal is set to another speed, what it
 *                             sends arrives garbled, as on a real line
 *   sleep MS                  pause
 *   chunk N                   write at most N bytes at a time (default: whole steps)
 *   repeat N ... end          the enclosed steps N times
 *   loop                      start the script again from the top
 *   reply REQUEST => ANSWER   when a line equal to REQUEST arrives, send ANSWER;
 *                             several for one request are used in turn, the
 *                             last one again and again
 *   hangup                    close the terminal (an unplugged adapter); on TCP
 *                             close the connection and stop listening (the
 *                             server switched off: connecting is refused)
 *   listen                    TCP: listen again on the same port (the server
 *                             back); the program is taken when it connects
 * On TCP the "baud" step changes nothing: the server sets the line.
 * When the script ends the terminal stays open and silent; replies go on. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_STEPS 4096
#define MAX_DATA 256
#define MAX_REPLIES 32
#define RUN_LIMIT_S 60

enum kind { K_SEND, K_SLEEP, K_CHUNK, K_LOOP, K_HANGUP, K_BAUD, K_LISTEN };

struct step {
	enum kind kind;
	unsigned char data[MAX_DATA];
	int len, n;
};

struct reply {
	char request[64];
	unsigned char answer[MAX_DATA];
	int len;
	int used;
};

static struct step steps[MAX_STEPS];
static int n_steps;
static struct reply replies[MAX_REPLIES];
static int n_replies;
static FILE *request_log;
static const char *link_path;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "scale_pty: %s%s\n", what, arg);
	exit(99);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- script ---- */

static int unescape(const char *s, unsigned char *out, int max)
{
	int n = 0;
	while (*s && *s != '\n' && n < max) {
		if (*s != '\\') {
			out[n++] = (unsigned char)*s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'r': out[n++] = '\r'; s++; break;
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case '\\': out[n++] = '\\'; s++; break;
		case 'x': {
			unsigned v;
			if (sscanf(s + 1, "%2x", &v) != 1)
				die("bad \\x escape: ", s);
			out[n++] = (unsigned char)v;
			s += 3;
			break;
		}
		default: die("unknown escape: ", s);
		}
	}
	return n;
}

static struct step *add(enum kind kind)
{
	if (n_steps >= MAX_STEPS)
		die("script too long", "");
	struct step *st = &steps[n_steps++];
	memset(st, 0, sizeof *st);
	st->kind = kind;
	return st;
}

static void toledo(struct step *st, const char *args, int checksum)
{
	unsigned a, b, c = 0x20;
	char w[16], t[16];
	if (sscanf(args, "%x %x %15s %15s %x", &a, &b, w, t, &c) < 4 || strlen(w) != 6 || strlen(t) != 6)
		die("bad toledo step: ", args);
	unsigned char *f = st->data;
	int n = 0;
	f[n++] = 0x02;
	f[n++] = (unsigned char)a;
	f[n++] = (unsigned char)b;
	f[n++] = (unsigned char)c;
	memcpy(f + n, w, 6);
	n += 6;
	memcpy(f + n, t, 6);
	n += 6;
	f[n++] = '\r';
	if (checksum) {
		unsigned sum = 0;
		for (int i = 0; i < n; i++)
			sum += f[i] & 0x7F;
		f[n++] = (unsigned char)((-sum & 0x7F) ^ (checksum < 0 ? 0x01 : 0));
	}
	st->len = n;
}

static void xk3190(struct step *st, const char *args)
{
	char sign, digits[16];
	int dec;
	if (sscanf(args, " %c %15s %d", &sign, digits, &dec) != 3 || strlen(digits) != 6)
		die("bad xk3190 step: ", args);
	unsigned char *f = st->data, x = 0;
	int n = 0;
	f[n++] = 0x02;
	f[n++] = (unsigned char)sign;
	memcpy(f + n, digits, 6);
	n += 6;
	f[n++] = (unsigned char)('0' + dec);
	for (int i = 1; i < n; i++)
		x ^= f[i];
	n += sprintf((char *)f + n, "%02X", x);
	f[n++] = 0x03;
	st->len = n;
}

static void xorline(struct step *st, const char *args)
{
	unsigned char text[MAX_DATA];
	int n = unescape(args, text, MAX_DATA - 4);
	unsigned char x = 0;
	if (n < 0 || n > MAX_DATA - 4)
		die("bad xorline: ", args);
	for (int i = 0; i < n; i++) {
		if (text[i] == '_')
			text[i] = ' ';
		x ^= text[i];
	}
	memcpy(st->data, text, (size_t)n);
	n += sprintf((char *)st->data + n, "%02X", x);
	st->data[n++] = '\r';
	st->data[n++] = '\n';
	st->len = n;
}

static void add_reply(const char *rest)
{
	const char *arrow = strstr(rest, " => ");
	if (!arrow || n_replies >= MAX_REPLIES)
		die("bad reply step: ", rest);
	struct reply *r = &replies[n_replies++];
	unsigned char req[64];
	int n = unescape(rest, req, (int)(arrow - rest) < 63 ? (int)(arrow - rest) : 63);
	memcpy(r->request, req, (size_t)n);
	r->request[n] = '\0';
	r->len = unescape(arrow + 4, r->answer, MAX_DATA);
}

static void load(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int from[8], count[8], depth = 0;
	if (!f)
		die("cannot open ", path);
	while (fgets(line, sizeof line, f)) {
		char word[32] = "";
		int off = 0;
		if (sscanf(line, "%31s %n", word, &off) < 1 || word[0] == '#')
			continue;
		const char *rest = line + off;
		if (strcmp(word, "text") == 0) {
			struct step *st = add(K_SEND);
			st->len = unescape(rest, st->data, MAX_DATA);
		} else if (strcmp(word, "hex") == 0) {
			struct step *st = add(K_SEND);
			unsigned v;
			int used;
			while (sscanf(rest, "%2x%n", &v, &used) == 1 && st->len < MAX_DATA) {
				st->data[st->len++] = (unsigned char)v;
				rest += used;
				while (*rest == ' ')
					rest++;
			}
		} else if (strcmp(word, "toledo") == 0) {
			toledo(add(K_SEND), rest, 1);
		} else if (strcmp(word, "toledo-nocs") == 0) {
			toledo(add(K_SEND), rest, 0);
		} else if (strcmp(word, "toledo-badcs") == 0) {
			toledo(add(K_SEND), rest, -1);
		} else if (strcmp(word, "xk3190") == 0) {
			xk3190(add(K_SEND), rest);
		} else if (strcmp(word, "xorline") == 0) {
			xorline(add(K_SEND), rest);
		} else if (strcmp(word, "sleep") == 0) {
			add(K_SLEEP)->n = atoi(rest);
		} else if (strcmp(word, "chunk") == 0) {
			add(K_CHUNK)->n = atoi(rest);
		} else if (strcmp(word, "baud") == 0) {
			add(K_BAUD)->n = atoi(rest);
		} else if (strcmp(word, "loop") == 0) {
			add(K_LOOP);
		} else if (strcmp(word, "hangup") == 0) {
			add(K_HANGUP);
		} else if (strcmp(word, "listen") == 0) {
			add(K_LISTEN);
		} else if (strcmp(word, "reply") == 0) {
			add_reply(rest);
		} else if (strcmp(word, "repeat") == 0) {
			if (depth >= 8)
				die("repeat nested too deep", "");
			from[depth] = n_steps;
			count[depth++] = atoi(rest);
		} else if (strcmp(word, "end") == 0) {
			if (!depth)
				die("end without repeat", "");
			depth--;
			int len = n_steps - from[depth];
			for (int k = 1; k < count[depth]; k++)
				for (int j = 0; j < len; j++)
					*add(steps[from[depth] + j].kind) = steps[from[depth] + j];
		} else {
			die("unknown step: ", word);
		}
	}
	fclose(f);
}

/* ---- the terminal ---- */

struct term {
	int master, slave;
	char line[256]; /* what the program wrote, up to the next line end */
	size_t line_len;
	int chunk;
	int baud; /* the indicator's line speed, 0 for any */
	int tcp;  /* a TCP server: master is the connection (-1 while none), */
	int listen_fd; /* taken from this listening socket */
	int port;
};

/* ---- the TCP server ---- */

static void tcp_listen(struct term *t)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)t->port)};
	int on = 1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(t->listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (t->listen_fd < 0 || bind(t->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(t->listen_fd, 4) != 0)
		die("cannot listen on 127.0.0.1: ", strerror(errno));
	socklen_t len = sizeof a;
	getsockname(t->listen_fd, (struct sockaddr *)&a, &len);
	t->port = ntohs(a.sin_port);
}

/* Take a program that connects within wait_ms; 1 when one is there. */
static int tcp_accept(struct term *t, int wait_ms)
{
	struct pollfd pfd = {.fd = t->listen_fd, .events = POLLIN};
	if (t->master >= 0)
		return 1;
	if (t->listen_fd < 0 || poll(&pfd, 1, wait_ms) <= 0)
		return 0;
	t->master = accept4(t->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	t->line_len = 0;
	return t->master >= 0;
}

static void tcp_drop(struct term *t)
{
	if (t->master >= 0)
		close(t->master);
	t->master = -1;
}

static const struct {
	int baud;
	speed_t speed;
} speeds[] = {{1200, B1200}, {2400, B2400}, {4800, B4800}, {9600, B9600}, {19200, B19200}, {38400, B38400},
	      {57600, B57600}, {115200, B115200}};

/* The speed the program set on its end (the master reports the slave's). */
static int program_baud(const struct term *t)
{
	struct termios tio;
	if (tcgetattr(t->master, &tio) != 0)
		return 0;
	for (size_t i = 0; i < sizeof speeds / sizeof *speeds; i++)
		if (speeds[i].speed == cfgetispeed(&tio))
			return speeds[i].baud;
	return 0;
}

static void send_all(struct term *t, const unsigned char *data, int len)
{
	unsigned char garbled[MAX_DATA];
	if (t->tcp && !tcp_accept(t, 0))
		return; /* nobody connected: what the indicator sends is lost */
	if (t->baud && !t->tcp && program_baud(t) != t->baud && len <= MAX_DATA) {
		/* At a wrong speed every byte comes out as a framing error would
		 * leave it: high bits set, never the start of a frame. */
		for (int i = 0; i < len; i++)
			garbled[i] = (unsigned char)(0xE0 | (data[i] & 0x0F));
		data = garbled;
	}
	int done = 0;
	while (done < len) {
		int n = len - done;
		if (t->chunk > 0 && n > t->chunk)
			n = t->chunk;
		ssize_t w = t->tcp ? send(t->master, data + done, (size_t)n, MSG_NOSIGNAL)
				   : write(t->master, data + done, (size_t)n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && t->tcp) {
			tcp_drop(t); /* the program went: take the next one */
			return;
		}
		if (w < 0)
			return; /* the program closed the terminal: nothing more to say */
		done += (int)w;
		if (t->chunk > 0)
			usleep(2000); /* let the pieces arrive as separate reads */
	}
}

static void answer(struct term *t, const char *request)
{
	struct reply *last = NULL;
	for (int i = 0; i < n_replies; i++) {
		if (strcmp(replies[i].request, request) != 0)
			continue;
		last = &replies[i];
		if (!replies[i].used) {
			replies[i].used = 1;
			send_all(t, replies[i].answer, replies[i].len);
			return;
		}
	}
	if (last)
		send_all(t, last->answer, last->len);
}

/* Read what the program wrote and answer complete request lines. */
static void serve(struct term *t, int wait_ms)
{
	if (t->tcp && t->master < 0 && !tcp_accept(t, wait_ms))
		return;
	struct pollfd pfd = {.fd = t->master, .events = POLLIN};
	if (t->master < 0) {
		usleep((useconds_t)wait_ms * 1000);
		return;
	}
	if (poll(&pfd, 1, wait_ms) <= 0 || !(pfd.revents & (POLLIN | POLLHUP)))
		return;
	unsigned char buf[256];
	ssize_t n = read(t->master, buf, sizeof buf);
	if (t->tcp && n <= 0) {
		tcp_drop(t);
		return;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == '\n' || buf[i] == '\r') {
			if (t->line_len) {
				t->line[t->line_len] = '\0';
				if (request_log) {
					fprintf(request_log, "%s\n", t->line);
					fflush(request_log);
				}
				answer(t, t->line);
			}
			t->line_len = 0;
		} else if (t->line_len < sizeof t->line - 1) {
			t->line[t->line_len++] = (char)buf[i];
		}
	}
}

static int child_exited(pid_t child)
{
	siginfo_t info = {0};
	/* WNOWAIT: play() still collects the status. */
	return child > 0 && waitid(P_PID, (id_t)child, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid;
}

static int child_running(pid_t child, int *status)
{
	if (child <= 0)
		return 1;
	return waitpid(child, status, WNOHANG) == 0;
}

/* Sleep while still answering requests; stop early when the program ends. */
static void pause_serving(struct term *t, int ms, pid_t child)
{
	long until = now_ms() + ms;
	for (long left = ms; left > 0 && !child_exited(child); left = until - now_ms())
		serve(t, left < 20 ? (int)left : 20);
}

static void wait_raw(struct term *t, pid_t child)
{
	long until = now_ms() + 5000;
	struct termios tio;
	if (t->tcp) { /* until the program connects */
		while (now_ms() < until && !child_exited(child) && !tcp_accept(t, 20))
			;
		return;
	}
	while (now_ms() < until && !child_exited(child)) {
		if (tcgetattr(t->slave, &tio) == 0 && !(tio.c_lflag & ICANON))
			break;
		usleep(5000);
	}
	usleep(20000); /* its flush of the input comes right after */
}

static int play(struct term *t, pid_t child)
{
	int status = 0;
	long give_up = now_ms() + RUN_LIMIT_S * 1000L;
	int pc = 0;
	wait_raw(t, child);
	while (child_running(child, &status)) {
		if (child > 0 && now_ms() > give_up) {
			kill(child, SIGKILL);
			fprintf(stderr, "scale_pty: the program ran over %d s\n", RUN_LIMIT_S);
		}
		if (pc >= n_steps) {
			serve(t, 20);
			continue;
		}
		struct step *st = &steps[pc++];
		switch (st->kind) {
		case K_SEND: send_all(t, st->data, st->len); serve(t, 0); break;
		case K_SLEEP: pause_serving(t, st->n, child); break;
		case K_CHUNK: t->chunk = st->n; break;
		case K_BAUD: t->baud = st->n; break;
		case K_LOOP: pc = 0; serve(t, 1); break;
		case K_HANGUP:
			if (t->tcp) {
				tcp_drop(t);
				close(t->listen_fd);
				t->listen_fd = -1;
				break;
			}
			if (link_path)
				unlink(link_path);
			close(t->master);
			close(t->slave);
			t->master = t->slave = -1;
			break;
		case K_LISTEN:
			if (t->tcp && t->listen_fd < 0)
				tcp_listen(t);
			break;
		}
	}
	/* What the program wrote just before it ended (a zero, a last request)
	 * may still be waiting here: log it too. */
	if (t->tcp && t->master >= 0)
		serve(t, 50);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	struct term t = {.master = -1, .slave = -1, .listen_fd = -1};
	char path[128];
	if (argc < 2)
		die("usage: scale_pty SCRIPT [--log FILE] [-- COMMAND ARGS...]", "");
	load(argv[1]);
	for (;;) {
		if (argc > 3 && strcmp(argv[2], "--log") == 0) {
			if (!(request_log = fopen(argv[3], "w")))
				die("cannot write ", argv[3]);
		} else if (argc > 3 && strcmp(argv[2], "--link") == 0) {
			link_path = argv[3];
		} else if (argc > 2 && strcmp(argv[2], "--tcp") == 0) {
			t.tcp = 1;
			argv++;
			argc--;
			continue;
		} else {
			break;
		}
		argv += 2;
		argc -= 2;
	}
	if (t.tcp) {
		tcp_listen(&t);
		snprintf(path, sizeof path, "tcp://127.0.0.1:%d", t.port);
	} else {
		if (openpty(&t.master, &t.slave, path, NULL, NULL) != 0)
			die("openpty failed: ", strerror(errno));
		fcntl(t.master, F_SETFD, FD_CLOEXEC);
		fcntl(t.slave, F_SETFD, FD_CLOEXEC); /* kept open here so the terminal never hangs up by itself */
	}
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		printf("%s\n", path);
		fflush(stdout);
		return play(&t, 0);
	}
	char **args = argv + 3;
	if (link_path) {
		unlink(link_path);
		if (symlink(path, link_path) != 0)
			die("cannot link ", link_path);
	}
	for (int i = 0; args[i]; i++)
		if (strcmp(args[i], "@PTY@") == 0)
			args[i] = link_path ? (char *)link_path : path;
	pid_t child = fork();
	if (child < 0)
		die("fork failed: ", strerror(errno));
	if (child == 0) {
		execvp(args[0], args);
		_exit(127);
	}
	int status = play(&t, child);
	if (link_path)
		unlink(link_path);
	return status;
}
