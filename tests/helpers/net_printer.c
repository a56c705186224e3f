/* A label printer on the network, for the tests: a TCP server on 127.0.0.1
 * at a port the system picks, speaking one printer language as a printer
 * does on port 9100. It reads the stream as the printer would (ZPL text,
 * TSPL command lines with their BITMAP data, Brother raster commands),
 * answers the status requests in it, and keeps the jobs.
 *
 *   net_printer LANG [OPTIONS] -- COMMAND ARGS...
 *                    runs COMMAND with every "@ADDR@" in its arguments
 *                    replaced by tcp://127.0.0.1:PORT and exits with its status
 *   net_printer LANG [OPTIONS]
 *                    prints the address and serves until killed
 *
 * LANG: zpl, tspl or ql; mute (takes everything, answers nothing: a
 * printer whose language cannot be asked); refused (nothing listens at the
 * address: connecting is refused); unanswered (a listening socket that
 * never takes a connection: connecting gets no answer).
 *
 * OPTIONS:
 *   --state ready|paperout|headopen|paused|cover   what the status says (ready)
 *   --state-file FILE  read the state from FILE before each answer, when it exists
 *   --model NAME       ZPL: the model ~HI gives ("ZD421-203dpi"); ql: QL-700,
 *                      QL-820NWB or QL-1110NWB (the model code of the status)
 *   --dpmm N           ZPL: dots per mm ~HI gives (8)
 *   --media W|WxL      ql: the roll loaded (62 continuous tape, 62x100 die-cut)
 *   --save FILE        append every byte received to FILE
 *   --log FILE         one line per status request answered and per job
 *                      printed ("~HI", "~HQES", "~HS", "ESC ! ?", "ESC i S",
 *                      "job 1" ...)
 *   --stall N          stop reading after N bytes of a connection (a printer
 *                      that stopped taking data), keeping it open
 *   --close-after N    close the connection after N bytes (switched off mid-job)
 * Connections are served one after the other. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_LIMIT_S 120

enum lang { L_ZPL, L_TSPL, L_QL, L_MUTE, L_REFUSED, L_UNANSWERED };

static struct {
	enum lang lang;
	char state[16];
	const char *state_file;
	const char *model;
	int dpmm;
	int media_w, media_l;
	FILE *save, *log;
	long stall, close_after;
	int jobs;
} cfg = {.state = "ready", .dpmm = 8, .media_w = 62, .stall = -1, .close_after = -1};

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "net_printer: %s%s\n", what, arg);
	exit(99);
}

static void note(const char *what)
{
	if (cfg.log) {
		fprintf(cfg.log, "%s\n", what);
		fflush(cfg.log);
	}
}

static const char *state(void)
{
	static char buf[16];
	FILE *f = cfg.state_file ? fopen(cfg.state_file, "r") : NULL;
	if (!f)
		return cfg.state;
	if (fscanf(f, "%15s", buf) != 1)
		snprintf(buf, sizeof buf, "%s", cfg.state);
	fclose(f);
	return buf;
}

static int is(const char *s) { return strcmp(state(), s) == 0; }

/* ---- the connection ---- */

struct conn {
	int fd;
	long received;
	int stalled;
	/* the language's reader */
	uint8_t line[512]; /* TSPL: the command line so far */
	size_t line_len;
	long skip;          /* bytes of data to pass over (TSPL BITMAP, QL raster) */
	int esc;            /* ZPL: text kept to find ~ commands */
	char text[8];
	int ql_at;          /* QL: bytes of the command being read */
	uint8_t ql_cmd[4];
};

static void reply(struct conn *c, const void *data, size_t len)
{
	if (c->fd >= 0 && send(c->fd, data, len, MSG_NOSIGNAL) < 0)
		c->fd = -1;
}

/* ---- ZPL ---- */

static void zpl_hi(struct conn *c)
{
	char out[128];
	int n = snprintf(out, sizeof out, "\002%s,V84.20.18Z,%d,8192KB\003\r\n", cfg.model ? cfg.model : "ZD421-203dpi",
			 cfg.dpmm);
	note("~HI");
	reply(c, out, (size_t)n);
}

static void zpl_hqes(struct conn *c)
{
	char out[256];
	const char *words = is("paperout") ? "1 00000000 00000001" : is("headopen") ? "1 00000000 00000004"
											   : "0 00000000 00000000";
	int n = snprintf(out, sizeof out,
			 "\002\r\n  PRINTER STATUS\r\n   ERRORS:         %s\r\n   WARNINGS:       0 00000000 00000000\r\n"
			 "\003\r\n",
			 words);
	note("~HQES");
	reply(c, out, (size_t)n);
}

static void zpl_hs(struct conn *c)
{
	char out[256];
	int n = snprintf(out, sizeof out,
			 "\002030,%d,%d,1245,000,0,0,0,000,0,0,0\003\r\n\002001,0,%d,0,0,2,6,0,00000000,1,000\003\r\n"
			 "\0021234,0\003\r\n",
			 is("paperout"), is("paused"), is("headopen"));
	note("~HS");
	reply(c, out, (size_t)n);
}

/* Text: the ~ commands answered, ^XZ ends a label format. */
static void zpl_byte(struct conn *c, uint8_t b)
{
	size_t n = strlen(c->text);
	if (n == sizeof c->text - 1)
		memmove(c->text, c->text + 1, n--);
	c->text[n] = (char)b;
	c->text[n + 1] = '\0';
	if (strstr(c->text, "~HQES")) {
		zpl_hqes(c);
		c->text[0] = '\0';
	} else if (strstr(c->text, "~HS") && b != 'S') { /* the byte after it: not the start of another word */
		zpl_hs(c);
		c->text[0] = '\0';
	} else if (strstr(c->text, "~HI")) {
		zpl_hi(c);
		c->text[0] = '\0';
	} else if (strstr(c->text, "^XZ")) {
		char line[32];
		snprintf(line, sizeof line, "job %d", ++cfg.jobs);
		note(line);
		c->text[0] = '\0';
	}
}

/* ---- TSPL ---- */

static void tspl_status(struct conn *c)
{
	uint8_t b = is("paperout") ? 0x04 : is("headopen") ? 0x01 : is("paused") ? 0x10 : is("cover") ? 0x40 : 0x00;
	note("ESC ! ?");
	reply(c, &b, 1);
}

static void tspl_line(struct conn *c)
{
	c->line[c->line_len] = '\0';
	if (!strncmp((char *)c->line, "PRINT ", 6)) {
		char line[32];
		snprintf(line, sizeof line, "job %d", ++cfg.jobs);
		note(line);
	}
	c->line_len = 0;
}

static void tspl_byte(struct conn *c, uint8_t b)
{
	if (c->skip > 0) {
		c->skip--;
		return;
	}
	if (c->line_len == 2 && c->line[0] == 0x1B && c->line[1] == '!' && b == '?') {
		tspl_status(c);
		c->line_len = 0;
		return;
	}
	if (b == '\n' || b == '\r') {
		if (c->line_len)
			tspl_line(c);
		return;
	}
	if (c->line_len < sizeof c->line - 1)
		c->line[c->line_len++] = b;
	/* BITMAP x,y,width_bytes,height,mode,DATA: the data is binary */
	c->line[c->line_len] = '\0';
	int x, y, w, h, mode, used = 0;
	if (b == ',' && sscanf((char *)c->line, "BITMAP %d,%d,%d,%d,%d,%n", &x, &y, &w, &h, &mode, &used) == 5 &&
	    used == (int)c->line_len) {
		c->skip = (long)w * h;
		c->line_len = 0;
	}
}

/* ---- Brother QL raster ---- */

static uint8_t ql_model_code(void)
{
	if (cfg.model && !strcmp(cfg.model, "QL-820NWB"))
		return 0x41;
	if (cfg.model && !strcmp(cfg.model, "QL-1110NWB"))
		return 0x44;
	return 0x35; /* QL-700 */
}

static void ql_status(struct conn *c, int type, int phase)
{
	uint8_t s[32] = {0x80, 0x20, 0x42, 0x34, ql_model_code(), 0x30};
	s[8] = is("paperout") ? 0x01 : 0;
	s[9] = is("cover") ? 0x10 : 0;
	s[10] = (uint8_t)cfg.media_w;
	s[11] = cfg.media_l ? 0x0B : 0x0A;
	s[17] = (uint8_t)cfg.media_l;
	s[18] = (uint8_t)(s[8] || s[9] ? 2 : type);
	s[19] = (uint8_t)phase;
	reply(c, s, sizeof s);
}

/* Bytes the command after ESC i X takes. */
static int ql_esc_i_len(uint8_t x)
{
	switch (x) {
	case 'z': return 10;
	case 'd': return 2;
	case 'a': case 'M': case 'K': case 'A': return 1;
	default: return 0;
	}
}

static void ql_byte(struct conn *c, uint8_t b)
{
	if (c->skip > 0) {
		c->skip--;
		return;
	}
	if (c->ql_at) { /* inside a command: collect its head */
		c->ql_cmd[c->ql_at++] = b;
		uint8_t *k = c->ql_cmd;
		if (k[0] == 0x1B && c->ql_at == 2 && b != 'i') {
			c->ql_at = 0; /* ESC @ and the like */
		} else if (k[0] == 0x1B && c->ql_at == 3) {
			c->ql_at = 0;
			if (b == 'S') {
				note("ESC i S");
				ql_status(c, 0, 0);
			}
			c->skip = ql_esc_i_len(b);
		} else if ((k[0] == 'g' || k[0] == 'G') && c->ql_at == 3) {
			c->ql_at = 0;
			c->skip = k[0] == 'g' ? k[2] : (k[1] | k[2] << 8);
		} else if (k[0] == 'M' && c->ql_at == 2) {
			c->ql_at = 0;
		}
		return;
	}
	if (b == 0x1B || b == 'g' || b == 'G' || b == 'M') {
		c->ql_cmd[0] = b;
		c->ql_at = 1;
	} else if (b == 0x1A) {
		char line[32];
		snprintf(line, sizeof line, "job %d", ++cfg.jobs);
		note(line);
		ql_status(c, 6, 1); /* phase change: printing */
		if (!is("paperout") && !is("cover"))
			ql_status(c, 1, 0); /* printing completed */
	}
}

/* ---- serving ---- */

static void take(struct conn *c, const uint8_t *buf, size_t n)
{
	if (cfg.save) {
		fwrite(buf, 1, n, cfg.save);
		fflush(cfg.save);
	}
	for (size_t i = 0; i < n && c->fd >= 0; i++) {
		switch (cfg.lang) {
		case L_ZPL: zpl_byte(c, buf[i]); break;
		case L_TSPL: tspl_byte(c, buf[i]); break;
		case L_QL: ql_byte(c, buf[i]); break;
		default: break;
		}
	}
}

/* Serve one connection for at most ms; 0 when it ended. */
static int serve(struct conn *c, int ms)
{
	uint8_t buf[4096];
	struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
	if (c->stalled) {
		usleep((useconds_t)ms * 1000);
		return 1;
	}
	if (poll(&pfd, 1, ms) <= 0)
		return 1;
	size_t want = sizeof buf;
	if (cfg.stall >= 0 && cfg.stall - c->received < (long)want)
		want = (size_t)(cfg.stall - c->received);
	if (cfg.close_after >= 0 && cfg.close_after - c->received < (long)want)
		want = (size_t)(cfg.close_after - c->received);
	ssize_t n = want ? recv(c->fd, buf, want, 0) : 0;
	if (want == 0 && cfg.stall >= 0 && c->received >= cfg.stall) {
		c->stalled = 1;
		note("stalled");
		return 1;
	}
	if (n <= 0 || c->fd < 0)
		return 0;
	c->received += n;
	take(c, buf, (size_t)n);
	if (cfg.close_after >= 0 && c->received >= cfg.close_after) {
		note("closed");
		return 0;
	}
	return c->fd >= 0;
}

static int listener(int backlog, int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (cfg.stall >= 0) { /* a small window, so that a stalled printer stops the sender soon */
		int small = 4096;
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	}
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || (backlog >= 0 && listen(fd, backlog) != 0))
		die("cannot listen on 127.0.0.1: ", strerror(errno));
	getsockname(fd, (struct sockaddr *)&a, &len);
	*port = ntohs(a.sin_port);
	return fd;
}

/* A socket whose queue of connections is full: the kernel drops further
 * connection requests, as a printer that is off the network never answers. */
static int unanswered(int *port)
{
	int fd = listener(0, port);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)*port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < 2; i++) {
		int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		connect(s, (struct sockaddr *)&a, sizeof a); /* kept open: it holds its place */
	}
	usleep(100000);
	return fd;
}

static int child_running(pid_t child, int *status) { return child <= 0 || waitpid(child, status, WNOHANG) == 0; }

static int run(int lfd, pid_t child)
{
	int status = 0;
	struct conn c = {.fd = -1};
	time_t give_up = time(NULL) + RUN_LIMIT_S;
	while (child_running(child, &status)) {
		if (child > 0 && time(NULL) > give_up) {
			kill(child, SIGKILL);
			fprintf(stderr, "net_printer: the program ran over %d s\n", RUN_LIMIT_S);
		}
		if (cfg.lang == L_REFUSED || cfg.lang == L_UNANSWERED) {
			usleep(20000);
			continue;
		}
		if (c.fd < 0) {
			struct pollfd pfd = {.fd = lfd, .events = POLLIN};
			if (poll(&pfd, 1, 20) > 0) {
				memset(&c, 0, sizeof c);
				c.fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
			}
			continue;
		}
		if (!serve(&c, 20)) {
			if (c.fd >= 0)
				close(c.fd);
			c.fd = -1;
		}
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void parse_media(const char *s)
{
	if (sscanf(s, "%dx%d", &cfg.media_w, &cfg.media_l) < 1)
		die("bad --media: ", s);
}

int main(int argc, char **argv)
{
	static const char *const langs[] = {"zpl", "tspl", "ql", "mute", "refused", "unanswered", NULL};
	int i = 2, port = 0, lfd;
	if (argc < 2)
		die("usage: net_printer LANG [OPTIONS] [-- COMMAND ARGS...]", "");
	for (cfg.lang = 0; langs[cfg.lang] && strcmp(langs[cfg.lang], argv[1]); cfg.lang++)
		;
	if (!langs[cfg.lang])
		die("unknown language: ", argv[1]);
	for (; i < argc && strcmp(argv[i], "--"); i += 2) {
		if (i + 1 >= argc)
			die("missing value for ", argv[i]);
		const char *o = argv[i], *v = argv[i + 1];
		if (!strcmp(o, "--state"))
			snprintf(cfg.state, sizeof cfg.state, "%s", v);
		else if (!strcmp(o, "--state-file"))
			cfg.state_file = v;
		else if (!strcmp(o, "--model"))
			cfg.model = v;
		else if (!strcmp(o, "--dpmm"))
			cfg.dpmm = atoi(v);
		else if (!strcmp(o, "--media"))
			parse_media(v);
		else if (!strcmp(o, "--save") && !(cfg.save = fopen(v, "ab")))
			die("cannot write ", v);
		else if (!strcmp(o, "--log") && !(cfg.log = fopen(v, "a")))
			die("cannot write ", v);
		else if (!strcmp(o, "--stall"))
			cfg.stall = atol(v);
		else if (!strcmp(o, "--close-after"))
			cfg.close_after = atol(v);
		else if (strcmp(o, "--save") && strcmp(o, "--log"))
			die("unknown option ", o);
	}
	signal(SIGPIPE, SIG_IGN);
	if (cfg.lang == L_REFUSED) {
		lfd = listener(-1, &port); /* bound, never listening: connections are refused */
	} else if (cfg.lang == L_UNANSWERED) {
		lfd = unanswered(&port);
	} else {
		lfd = listener(4, &port);
	}
	char addr[64];
	snprintf(addr, sizeof addr, "tcp://127.0.0.1:%d", port);
	if (i >= argc) {
		printf("%s\n", addr);
		fflush(stdout);
		return run(lfd, 0);
	}
	char **args = argv + i + 1;
	if (!args[0])
		die("no command after --", "");
	for (int k = 0; args[k]; k++)
		if (!strcmp(args[k], "@ADDR@"))
			args[k] = addr;
	pid_t child = fork();
	if (child < 0)
		die("fork failed: ", strerror(errno));
	if (child == 0) {
		close(lfd);
		execvp(args[0], args);
		_exit(127);
	}
	return run(lfd, child);
}
