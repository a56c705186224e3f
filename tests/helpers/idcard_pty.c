/* A resident ID card reader on a pseudo-terminal, for the ID card tests: it
 * takes command frames (AA AA AA 96 69, length, CMD, Para, checksum) and
 * answers them as a reader with its SAM module does (docs/idcard.md).
 *
 *   idcard_pty SCRIPT [--log FILE] [--link PATH] -- COMMAND ARGS...
 *                          runs COMMAND with every "@PTY@" in its arguments
 *                          replaced by the terminal's path, answers it, and
 *                          exits with COMMAND's status
 *   idcard_pty SCRIPT [--log FILE]
 *                          prints the path and answers until killed
 *   idcard_pty SCRIPT --tcp [-- COMMAND ARGS...]
 *                          the same behind a serial-device server: a TCP
 *                          server on 127.0.0.1 at a port the system picks,
 *                          "@PTY@" becoming tcp://127.0.0.1:PORT; a cut
 *                          answer closes the connection and stops listening
 *   idcard_pty SCRIPT --dump find|select|read|sam
 *                          prints the first answer to that command in hex
 *
 * --log FILE records each command received ("20 01"; "bad checksum").
 * --link PATH makes PATH a symbolic link to the terminal and gives the
 * program PATH; a cut answer removes it, as an unplugged adapter's tty goes.
 *
 * The script, one line each (# comments). The card, as printed on it:
 *   name 张三 | sex 1 | ethnicity 01 | birth 19491231 | address TEXT |
 *   id 11010519491231002X | authority TEXT | from 20110501 | until 20310501 (or 长期)
 *   kind J|I                  the marker of a residence permit or a foreigner's card
 * The answers to each command, used in turn, the last one again and again:
 *   find ANSWER...  select ANSWER...  read ANSWER...  sam ANSWER...
 * where ANSWER is
 *   ok                        success (find: card found, SW3 9F)
 *   nocard | fail             SW3 80 | 81 for select, 41 for read
 *   sw:XX                     that SW3, no data
 *   badsum                    the success answer with a wrong checksum
 *   noise                     junk bytes, then the success answer
 *   garbage                   junk bytes only
 *   chunked                   the success answer in 64-byte pieces, 5 ms apart
 *   silent                    nothing
 *   cut:N                     the first N bytes of the success answer, then the
 *                             terminal closes (the reader unplugged mid-read)
 * A command frame with a bad checksum is answered with SW3 10. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/text.h"

#define MAX_ANSWERS 32
#define FRAME_MAX 4096
#define RUN_LIMIT_S 60

enum cmd { C_FIND, C_SELECT, C_READ, C_SAM, C_COUNT };
static const char *const cmd_names[C_COUNT] = {"find", "select", "read", "sam"};
static const uint8_t cmd_codes[C_COUNT][2] = {{0x20, 0x01}, {0x20, 0x02}, {0x30, 0x01}, {0x11, 0xFF}};

static struct {
	char answer[MAX_ANSWERS][16];
	int n, used;
} answers[C_COUNT];

static struct {
	char name[64], sex[8], ethnicity[8], birth[16], address[128], id[40], authority[64], from[16], until[32];
	char kind;
} card;

static FILE *request_log;
static const char *link_path;
static uint8_t text_block[256], photo[1024];

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "idcard_pty: %s%s\n", what, arg);
	exit(99);
}

/* ---- the script ---- */

static void set_answers(int c, char *rest)
{
	for (char *save = NULL, *tok = strtok_r(rest, " \t\r\n", &save); tok; tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (answers[c].n >= MAX_ANSWERS)
			die("too many answers for ", cmd_names[c]);
		snprintf(answers[c].answer[answers[c].n++], sizeof answers[c].answer[0], "%s", tok);
	}
}

static void set_field(char *dst, size_t size, const char *value)
{
	size_t n = strcspn(value, "\r\n");
	if (n >= size)
		die("value too long: ", value);
	memcpy(dst, value, n);
	dst[n] = '\0';
}

static void load(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	if (!f)
		die("cannot open ", path);
	while (fgets(line, sizeof line, f)) {
		char word[32] = "";
		int off = 0;
		if (sscanf(line, "%31s %n", word, &off) < 1 || word[0] == '#')
			continue;
		char *rest = line + off;
		int c;
		for (c = 0; c < C_COUNT && strcmp(word, cmd_names[c]) != 0; c++)
			;
		if (c < C_COUNT) { set_answers(c, rest); continue; }
#define FIELD(key, member) else if (strcmp(word, key) == 0) set_field(card.member, sizeof card.member, rest)
		if (0) {}
		FIELD("name", name); FIELD("sex", sex); FIELD("ethnicity", ethnicity); FIELD("birth", birth);
		FIELD("address", address); FIELD("id", id); FIELD("authority", authority); FIELD("from", from);
		FIELD("until", until);
#undef FIELD
		else if (strcmp(word, "kind") == 0)
			card.kind = rest[0];
		else
			die("unknown step: ", word);
	}
	fclose(f);
}

/* UTF-8 into UCS-2 little-endian at p, padded with spaces to size bytes. */
static void ucs2(uint8_t *p, size_t size, const char *utf8)
{
	size_t n = 0;
	for (const char *s = utf8; *s && n + 2 <= size;) {
		uint32_t cp;
		int k = text_utf8_decode(s, &cp);
		if (k <= 0 || cp > 0xFFFF)
			die("not UCS-2: ", utf8);
		p[n++] = (uint8_t)cp;
		p[n++] = (uint8_t)(cp >> 8);
		s += k;
	}
	for (; n + 2 <= size; n += 2)
		p[n] = ' ', p[n + 1] = 0;
}

static void make_card(void)
{
	static const struct { size_t off, len; } at[] = {
		{0, 30}, {30, 2}, {32, 4}, {36, 16}, {52, 70}, {122, 36}, {158, 30}, {188, 16}, {204, 16}, {220, 36},
	};
	const char *values[] = {card.name, card.sex, card.ethnicity, card.birth, card.address, card.id, card.authority,
				card.from, card.until, ""};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
		ucs2(text_block + at[i].off, at[i].len, values[i]);
	if (card.kind)
		text_block[248] = (uint8_t)card.kind, text_block[249] = 0;
	/* A stand-in for the wlt photo: "WL", bytes of a simple generator, and
	 * once the reader's preamble, which must not confuse a frame reader. */
	uint32_t x = 12345;
	photo[0] = 'W', photo[1] = 'L';
	for (size_t i = 2; i < sizeof photo; i++)
		photo[i] = (uint8_t)((x = x * 1103515245u + 12345u) >> 16);
	memcpy(photo + 100, "\xAA\xAA\xAA\x96\x69", 5);
}

/* ---- answers ---- */

static size_t frame(uint8_t *out, uint8_t sw3, const uint8_t *data, size_t len)
{
	size_t body = 3 + len + 1;
	memcpy(out, "\xAA\xAA\xAA\x96\x69", 5);
	out[5] = (uint8_t)(body >> 8), out[6] = (uint8_t)body;
	out[7] = 0, out[8] = 0, out[9] = sw3;
	if (len)
		memcpy(out + 10, data, len);
	uint8_t x = 0;
	for (size_t i = 5; i < 10 + len; i++)
		x ^= out[i];
	out[10 + len] = x;
	return 11 + len;
}

static size_t success(int c, uint8_t *out)
{
	static const uint8_t zeros[8] = {0};
	uint8_t data[4 + 256 + 1024];
	switch (c) {
	case C_FIND: return frame(out, 0x9F, zeros, 4);
	case C_SELECT: return frame(out, 0x90, zeros, 8);
	case C_READ:
		data[0] = 0x01, data[1] = 0x00, data[2] = 0x04, data[3] = 0x00;
		memcpy(data + 4, text_block, sizeof text_block);
		memcpy(data + 4 + sizeof text_block, photo, sizeof photo);
		return frame(out, 0x90, data, sizeof data);
	default: return frame(out, 0x90, NULL, 0);
	}
}

static size_t junk(uint8_t *out)
{
	static const char noise[] = "\x00\x13\xFE\xAA\xAA\x96\x41\x42\x0D\x0A\xAA\x55\x96\x69\x00\x03ST,GS,+0001380kg\r\n";
	memcpy(out, noise, sizeof noise - 1);
	return sizeof noise - 1;
}

struct term {
	int master, slave;
	int listen_fd; /* --tcp: the server; master is the connection, -1 while none */
	uint8_t in[FRAME_MAX];
	size_t in_len;
};

static void tcp_listen(struct term *t, char *path, size_t size)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof a;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	t->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (t->listen_fd < 0 || bind(t->listen_fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(t->listen_fd, 4) != 0)
		die("cannot listen on 127.0.0.1: ", strerror(errno));
	getsockname(t->listen_fd, (struct sockaddr *)&a, &len);
	snprintf(path, size, "tcp://127.0.0.1:%d", ntohs(a.sin_port));
	signal(SIGPIPE, SIG_IGN);
}

static void send_all(struct term *t, const uint8_t *data, size_t len, size_t piece)
{
	size_t done = 0;
	while (done < len && t->master >= 0) {
		size_t n = piece && len - done > piece ? piece : len - done;
		ssize_t w = write(t->master, data + done, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return; /* the program closed the terminal */
		done += (size_t)w;
		if (piece)
			usleep(5000);
	}
}

static void hang_up(struct term *t)
{
	if (link_path)
		unlink(link_path);
	close(t->master);
	if (t->slave >= 0)
		close(t->slave);
	if (t->listen_fd >= 0) /* the server switched off */
		close(t->listen_fd);
	t->master = t->slave = t->listen_fd = -1;
}

static const char *next_answer(int c)
{
	if (!answers[c].n)
		return "ok";
	int i = answers[c].used < answers[c].n ? answers[c].used++ : answers[c].n - 1;
	return answers[c].answer[i];
}

static void answer(struct term *t, int c, const char *how)
{
	uint8_t out[FRAME_MAX + 64];
	size_t n;
	unsigned sw3, cut;
	if (strcmp(how, "ok") == 0 || strcmp(how, "found") == 0) {
		n = success(c, out);
	} else if (strcmp(how, "nocard") == 0) {
		n = frame(out, 0x80, NULL, 0);
	} else if (strcmp(how, "fail") == 0) {
		n = frame(out, c == C_READ ? 0x41 : c == C_SELECT ? 0x81 : 0x80, NULL, 0);
	} else if (sscanf(how, "sw:%x", &sw3) == 1) {
		n = frame(out, (uint8_t)sw3, NULL, 0);
	} else if (strcmp(how, "badsum") == 0) {
		n = success(c, out);
		out[n - 1] ^= 0x5A;
	} else if (strcmp(how, "noise") == 0) {
		n = junk(out);
		n += success(c, out + n);
	} else if (strcmp(how, "garbage") == 0) {
		n = junk(out);
	} else if (strcmp(how, "chunked") == 0) {
		n = success(c, out);
		send_all(t, out, n, 64);
		return;
	} else if (strcmp(how, "silent") == 0) {
		return;
	} else if (sscanf(how, "cut:%u", &cut) == 1) {
		n = success(c, out);
		send_all(t, out, cut < n ? cut : n, 0);
		usleep(20000);
		hang_up(t);
		return;
	} else {
		die("unknown answer: ", how);
	}
	send_all(t, out, n, 0);
}

static void log_line(const char *line)
{
	if (request_log) {
		fprintf(request_log, "%s\n", line);
		fflush(request_log);
	}
}

/* Answer the whole command frames received so far. */
static void take_commands(struct term *t)
{
	for (;;) {
		size_t at = 0;
		while (at + 5 <= t->in_len && memcmp(t->in + at, "\xAA\xAA\xAA\x96\x69", 5) != 0)
			at++;
		memmove(t->in, t->in + at, t->in_len - at);
		t->in_len -= at;
		if (t->in_len < 7)
			return;
		size_t body = (size_t)t->in[5] << 8 | t->in[6];
		if (body < 3 || body > FRAME_MAX - 7) {
			memmove(t->in, t->in + 1, --t->in_len);
			continue;
		}
		if (t->in_len < 7 + body)
			return;
		uint8_t x = 0, *f = t->in;
		for (size_t i = 5; i < 7 + body - 1; i++)
			x ^= f[i];
		int c;
		for (c = 0; c < C_COUNT && !(f[7] == cmd_codes[c][0] && f[8] == cmd_codes[c][1]); c++)
			;
		char line[32];
		uint8_t out[16];
		if (x != f[6 + body]) {
			log_line("bad checksum");
			send_all(t, out, frame(out, 0x10, NULL, 0), 0);
		} else if (c == C_COUNT) {
			snprintf(line, sizeof line, "%02X %02X", f[7], f[8]);
			log_line(line);
			send_all(t, out, frame(out, 0x21, NULL, 0), 0);
		} else {
			snprintf(line, sizeof line, "%02X %02X", f[7], f[8]);
			log_line(line);
			answer(t, c, next_answer(c));
		}
		if (t->master < 0)
			return;
		memmove(t->in, t->in + 7 + body, t->in_len - 7 - body);
		t->in_len -= 7 + body;
	}
}

static void serve(struct term *t, int wait_ms)
{
	if (t->master < 0 && t->listen_fd >= 0) {
		struct pollfd lp = {.fd = t->listen_fd, .events = POLLIN};
		if (poll(&lp, 1, wait_ms) > 0)
			t->master = accept4(t->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		t->in_len = 0;
		return;
	}
	struct pollfd pfd = {.fd = t->master, .events = POLLIN};
	if (t->master < 0) {
		usleep((useconds_t)wait_ms * 1000);
		return;
	}
	if (poll(&pfd, 1, wait_ms) <= 0 || !(pfd.revents & POLLIN))
		return;
	ssize_t n = read(t->master, t->in + t->in_len, sizeof t->in - t->in_len);
	if (n <= 0 && t->listen_fd >= 0) { /* the program went: take the next one */
		close(t->master);
		t->master = -1;
		return;
	}
	if (n > 0) {
		t->in_len += (size_t)n;
		take_commands(t);
		if (t->in_len == sizeof t->in)
			t->in_len = 0;
	}
}

static long now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int run(struct term *t, pid_t child)
{
	int status = 0;
	long give_up = now_s() + RUN_LIMIT_S;
	while (child <= 0 || waitpid(child, &status, WNOHANG) == 0) {
		if (child > 0 && now_s() > give_up) {
			kill(child, SIGKILL);
			fprintf(stderr, "idcard_pty: the program ran over %d s\n", RUN_LIMIT_S);
		}
		serve(t, 20);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int dump(const char *what)
{
	uint8_t out[FRAME_MAX + 64];
	int c;
	for (c = 0; c < C_COUNT && strcmp(what, cmd_names[c]) != 0; c++)
		;
	if (c == C_COUNT)
		die("--dump takes find, select, read or sam, not ", what);
	size_t n = success(c, out);
	for (size_t i = 0; i < n; i++)
		printf("%02x", out[i]);
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	struct term t = {.master = -1, .slave = -1, .listen_fd = -1};
	int tcp = 0;
	char path[128];
	if (argc < 2)
		die("usage: idcard_pty SCRIPT [--log FILE] [--link PATH] [-- COMMAND ARGS...]", "");
	load(argv[1]);
	make_card();
	for (;;) {
		if (argc > 3 && strcmp(argv[2], "--log") == 0) {
			if (!(request_log = fopen(argv[3], "w")))
				die("cannot write ", argv[3]);
		} else if (argc > 3 && strcmp(argv[2], "--link") == 0) {
			link_path = argv[3];
		} else if (argc > 3 && strcmp(argv[2], "--dump") == 0) {
			return dump(argv[3]);
		} else if (argc > 2 && strcmp(argv[2], "--tcp") == 0) {
			tcp = 1;
			argv++;
			argc--;
			continue;
		} else {
			break;
		}
		argv += 2;
		argc -= 2;
	}
	if (tcp) {
		tcp_listen(&t, path, sizeof path);
	} else {
		if (openpty(&t.master, &t.slave, path, NULL, NULL) != 0)
			die("openpty failed: ", strerror(errno));
		fcntl(t.master, F_SETFD, FD_CLOEXEC);
		fcntl(t.slave, F_SETFD, FD_CLOEXEC); /* kept open here so the terminal never hangs up by itself */
	}
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		printf("%s\n", path);
		fflush(stdout);
		return run(&t, 0);
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
	int status = run(&t, child);
	if (link_path)
		unlink(link_path);
	return status;
}
