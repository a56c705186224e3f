/* A scripted fake USB device for the scale tests, for what a recorded
 * umockdev replay cannot do: answers to IN control requests (a report
 * descriptor, a chip version), silence that runs into the reader's timeout,
 * a stall, and a device that vanishes mid-read and comes back.
 *
 *   scale_usbfake DEVICE.umockdev SCRIPT [--log FILE] [--deny] -- COMMAND ARGS...
 *
 * builds a umockdev test bed from DEVICE.umockdev, serves the usbdevfs ioctls
 * of the script's node from an in-process handler, and runs COMMAND with the
 * preload library. Exits with COMMAND's status. --log writes every OUT
 * transfer the program sent ("ctrl 21 09 0302 0000 0201", "out 02 53490d0a").
 * --deny makes the node unreadable and runs COMMAND as nobody.
 *
 * Script, one step a line (# comments):
 *   node /dev/bus/usb/001/005      the device node served (first)
 *   control TT RR VVVV IIII HEX    reply HEX to this IN control request
 *                                  (other IN requests stall, OUT ones are taken)
 *   in EP HEX                      one packet on IN endpoint EP (hex: 82)
 *   repeat N ... end               the enclosed steps N times
 *   silence MS                     nothing on the IN endpoint for MS ms
 *   stall                          the next IN transfer stalls
 *   vanish MS                      unplugged; back after MS ms (-1: never)
 *   ch341-baud N                   a CH340/CH341 whose line runs at N baud: its IN
 *                                  packets arrive garbled unless the program set
 *                                  the chip's divisor for N (request 9a, 1312)
 * When the steps run out the device stays silent. */
#include <errno.h>
#include <grp.h>
#include <linux/usbdevice_fs.h>
#include <signal.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <umockdev.h>

#include "drivers/serial.h"

#define MAX_STEPS 20000
#define MAX_RULES 32
#define MAX_URBS 8
#define MAX_DATA 512
#define RUN_LIMIT_S 60

enum step_kind { STEP_IN, STEP_SILENCE, STEP_STALL, STEP_VANISH };

struct step {
	enum step_kind kind;
	uint8_t ep;
	uint8_t data[MAX_DATA];
	int len, ms;
};

struct rule {
	uint8_t type, request;
	uint16_t value, index;
	uint8_t data[MAX_DATA];
	int len;
};

struct slot {
	UMockdevIoctlData *urb; /* the client's URB, resolved with its buffer */
	int ready;
};

static struct {
	struct step *steps;
	int n, pos;
	long silence_until;
	struct rule rules[MAX_RULES];
	int n_rules;
	struct slot slots[MAX_URBS];
	volatile int gone;
	GAsyncQueue *events; /* vanish requests for the main thread */
	FILE *log;
	char node[128];
	int line_divisor;    /* ch341-baud: the divisor for the line's rate, 0 for any rate */
	int program_divisor; /* the divisor the program last set */
} fake;

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "scale_usbfake: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(99);
}

/* ---- script ---- */

static int parse_hex(const char *s, uint8_t *out, int max)
{
	int n = 0;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			s++;
			continue;
		}
		unsigned v;
		if (n >= max || sscanf(s, "%2x", &v) != 1 || !s[1])
			return -1;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static struct step *add_step(enum step_kind kind)
{
	if (fake.n >= MAX_STEPS)
		die("%s", "script too long");
	struct step *st = &fake.steps[fake.n++];
	memset(st, 0, sizeof *st);
	st->kind = kind;
	return st;
}

static void load_script(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int repeat_from[8], repeat_count[8], depth = 0;
	if (!f)
		die("cannot open %s", path);
	fake.steps = calloc(MAX_STEPS, sizeof *fake.steps);
	while (fgets(line, sizeof line, f)) {
		char word[32] = "";
		int off = 0;
		if (sscanf(line, "%31s %n", word, &off) < 1 || word[0] == '#')
			continue;
		char *rest = line + off;
		if (strcmp(word, "node") == 0) {
			sscanf(rest, "%127s", fake.node);
		} else if (strcmp(word, "control") == 0) {
			struct rule *r = &fake.rules[fake.n_rules++];
			unsigned t, q, v, i;
			int used = 0;
			if (fake.n_rules > MAX_RULES || sscanf(rest, "%x %x %x %x %n", &t, &q, &v, &i, &used) < 4)
				die("bad control line: %s", line);
			*r = (struct rule){(uint8_t)t, (uint8_t)q, (uint16_t)v, (uint16_t)i, {0}, 0};
			r->len = parse_hex(rest + used, r->data, MAX_DATA);
			if (r->len < 0)
				die("bad hex: %s", line);
		} else if (strcmp(word, "in") == 0) {
			struct step *st = add_step(STEP_IN);
			unsigned ep;
			int used = 0;
			if (sscanf(rest, "%x %n", &ep, &used) < 1)
				die("bad in line: %s", line);
			st->ep = (uint8_t)ep;
			st->len = parse_hex(rest + used, st->data, MAX_DATA);
			if (st->len < 0)
				die("bad hex: %s", line);
		} else if (strcmp(word, "silence") == 0) {
			add_step(STEP_SILENCE)->ms = atoi(rest);
		} else if (strcmp(word, "stall") == 0) {
			add_step(STEP_STALL);
		} else if (strcmp(word, "vanish") == 0) {
			add_step(STEP_VANISH)->ms = atoi(rest);
		} else if (strcmp(word, "ch341-baud") == 0) {
			uint16_t divisor;
			if (serial_ch341_divisor(atoi(rest), &divisor) != 0)
				die("bad ch341-baud: %s", line);
			fake.line_divisor = divisor;
		} else if (strcmp(word, "repeat") == 0) {
			if (depth >= 8)
				die("%s", "repeat nested too deep");
			repeat_from[depth] = fake.n;
			repeat_count[depth++] = atoi(rest);
		} else if (strcmp(word, "end") == 0) {
			if (depth == 0)
				die("%s", "end without repeat");
			depth--;
			int from = repeat_from[depth], len = fake.n - from;
			for (int k = 1; k < repeat_count[depth]; k++)
				for (int j = 0; j < len; j++)
					*add_step(fake.steps[from + j].kind) = fake.steps[from + j];
		} else {
			die("unknown script word: %s", word);
		}
	}
	fclose(f);
	if (!fake.node[0])
		die("%s", "the script names no node");
}

/* ---- the device ---- */

static void log_out(const char *what, const uint8_t *data, int len)
{
	if (!fake.log)
		return;
	fprintf(fake.log, "%s ", what);
	for (int i = 0; i < len; i++)
		fprintf(fake.log, "%02x", data[i]);
	fprintf(fake.log, "\n");
	fflush(fake.log);
}

static struct usbdevfs_urb *urb_of(struct slot *s) { return (struct usbdevfs_urb *)s->urb->data; }

static void control_urb(struct usbdevfs_urb *u)
{
	uint8_t *b = u->buffer;
	uint16_t value = (uint16_t)(b[2] | b[3] << 8), index = (uint16_t)(b[4] | b[5] << 8);
	uint16_t length = (uint16_t)(b[6] | b[7] << 8);
	u->status = 0;
	if (!(b[0] & 0x80)) { /* OUT: take it, and note it */
		char what[64];
		snprintf(what, sizeof what, "ctrl %02x %02x %04x %04x", b[0], b[1], value, index);
		log_out(what, b + 8, length);
		if (b[0] == 0x40 && b[1] == 0x9a && value == 0x1312)
			fake.program_divisor = index & ~0x80; /* without the send-at-once bit */
		u->actual_length = length;
		return;
	}
	for (int i = 0; i < fake.n_rules; i++) {
		struct rule *r = &fake.rules[i];
		if (r->type == b[0] && r->request == b[1] && r->value == value && r->index == index) {
			int n = r->len < length ? r->len : length;
			memcpy(b + 8, r->data, (size_t)n);
			u->actual_length = n;
			return;
		}
	}
	u->status = -EPIPE; /* a request the device does not know: stall */
	u->actual_length = 0;
}

/* Advance the script for a pending IN URB; 1 when it is complete. */
static int feed_in(struct usbdevfs_urb *u)
{
	while (fake.pos < fake.n) {
		struct step *st = &fake.steps[fake.pos];
		switch (st->kind) {
		case STEP_SILENCE:
			if (!fake.silence_until)
				fake.silence_until = now_ms() + st->ms;
			if (now_ms() < fake.silence_until)
				return 0;
			fake.silence_until = 0;
			fake.pos++;
			continue;
		case STEP_IN: {
			if (st->ep != u->endpoint)
				return 0;
			int n = st->len < u->buffer_length ? st->len : u->buffer_length;
			memcpy(u->buffer, st->data, (size_t)n);
			/* At a wrong rate the bytes come out as framing errors leave them. */
			if (fake.line_divisor && fake.program_divisor != fake.line_divisor)
				for (int k = 0; k < n; k++)
					((uint8_t *)u->buffer)[k] = (uint8_t)(0xE0 | (((uint8_t *)u->buffer)[k] & 0x0F));
			u->actual_length = n;
			u->status = 0;
			fake.pos++;
			return 1;
		}
		case STEP_STALL:
			u->status = -EPIPE;
			u->actual_length = 0;
			fake.pos++;
			return 1;
		case STEP_VANISH:
			fake.gone = 1;
			g_async_queue_push(fake.events, GINT_TO_POINTER(st->ms + 2)); /* never 0: that is "empty" */
			fake.pos++;
			return 0;
		}
	}
	return 0;
}

static void settle_slots(void)
{
	for (int i = 0; i < MAX_URBS; i++) {
		struct slot *s = &fake.slots[i];
		if (!s->urb || s->ready)
			continue;
		struct usbdevfs_urb *u = urb_of(s);
		if (fake.gone) {
			u->status = -ENODEV;
			u->actual_length = 0;
			s->ready = 1;
		} else if (u->endpoint & 0x80) {
			s->ready = feed_in(u);
			if (fake.gone) {
				u->status = -ENODEV;
				s->ready = 1;
			}
		}
	}
}

static gboolean complete_later(gpointer data)
{
	UMockdevIoctlClient *c = data;
	umockdev_ioctl_client_complete(c, -1, EAGAIN);
	g_object_unref(c);
	return G_SOURCE_REMOVE;
}

static void submit(UMockdevIoctlClient *c, UMockdevIoctlData *arg)
{
	GError *err = NULL;
	UMockdevIoctlData *ud = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), &err);
	struct usbdevfs_urb *u = (struct usbdevfs_urb *)ud->data;
	umockdev_ioctl_data_resolve(ud, offsetof(struct usbdevfs_urb, buffer), (gsize)u->buffer_length, &err);
	u = (struct usbdevfs_urb *)ud->data;
	if (fake.gone) {
		umockdev_ioctl_client_complete(c, -1, ENODEV);
		return;
	}
	int free_slot = -1;
	for (int i = 0; i < MAX_URBS && free_slot < 0; i++)
		if (!fake.slots[i].urb)
			free_slot = i;
	if (free_slot < 0) {
		umockdev_ioctl_client_complete(c, -1, ENOMEM);
		return;
	}
	struct slot *s = &fake.slots[free_slot];
	s->urb = g_object_ref(ud);
	s->ready = 0;
	if (u->type == USBDEVFS_URB_TYPE_CONTROL) {
		control_urb(u);
		s->ready = 1;
	} else if (!(u->endpoint & 0x80)) {
		char what[16];
		snprintf(what, sizeof what, "out %02x", u->endpoint);
		log_out(what, u->buffer, u->buffer_length);
		u->actual_length = u->buffer_length;
		u->status = 0;
		s->ready = 1;
	}
	umockdev_ioctl_client_complete(c, 0, 0);
}

static void reap(UMockdevIoctlClient *c, UMockdevIoctlData *arg)
{
	GError *err = NULL;
	settle_slots();
	for (int i = 0; i < MAX_URBS; i++) {
		struct slot *s = &fake.slots[i];
		if (!s->urb || !s->ready)
			continue;
		UMockdevIoctlData *ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), &err);
		umockdev_ioctl_data_set_ptr(ptr, 0, s->urb);
		g_object_unref(s->urb);
		s->urb = NULL;
		umockdev_ioctl_client_complete(c, 0, 0);
		return;
	}
	/* Nothing yet. The program polls a node that always looks ready, so
	 * answer "try again" after a moment rather than spin it. */
	GSource *src = g_timeout_source_new(3);
	g_source_set_callback(src, complete_later, g_object_ref(c), NULL);
	g_source_attach(src, g_main_context_get_thread_default());
	g_source_unref(src);
}

static void discard(UMockdevIoctlClient *c, UMockdevIoctlData *arg)
{
	gulong addr = *(gulong *)arg->data;
	for (int i = 0; i < MAX_URBS; i++) {
		struct slot *s = &fake.slots[i];
		if (s->urb && s->urb->client_addr == addr && !s->ready) {
			urb_of(s)->status = -ENOENT;
			urb_of(s)->actual_length = 0;
			s->ready = 1;
			umockdev_ioctl_client_complete(c, 0, 0);
			return;
		}
	}
	umockdev_ioctl_client_complete(c, -1, EINVAL);
}

static gboolean on_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *c, gpointer user)
{
	(void)handler;
	(void)user;
	gulong request = umockdev_ioctl_client_get_request(c);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
	switch (request) {
	case USBDEVFS_SUBMITURB: submit(c, arg); return TRUE;
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY: reap(c, arg); return TRUE;
	case USBDEVFS_DISCARDURB: discard(c, arg); return TRUE;
	default:
		if (fake.gone) {
			umockdev_ioctl_client_complete(c, -1, ENODEV);
			return TRUE;
		}
		return FALSE; /* claim, release and the like: umockdev's defaults */
	}
}

static void forget_urbs(void)
{
	for (int i = 0; i < MAX_URBS; i++)
		if (fake.slots[i].urb) {
			g_object_unref(fake.slots[i].urb);
			fake.slots[i].urb = NULL;
		}
}

/* ---- the test bed ---- */

static char *sysfs_path_of(const char *device_file)
{
	FILE *f = fopen(device_file, "r");
	char line[512];
	char *path = NULL;
	while (f && !path && fgets(line, sizeof line, f))
		if (strncmp(line, "P: ", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			path = g_strdup_printf("/sys%s", line + 3);
		}
	if (f)
		fclose(f);
	if (!path)
		die("no P: line in %s", device_file);
	return path;
}

static void plug_in(UMockdevTestbed *tb, const char *device_file, UMockdevIoctlBase *handler)
{
	GError *err = NULL;
	if (!umockdev_testbed_add_from_file(tb, device_file, &err))
		die("cannot load the device: %s", err->message);
	if (!umockdev_testbed_attach_ioctl(tb, fake.node, handler, &err))
		die("cannot serve the node: %s", err->message);
}

static void drop_to_nobody(void)
{
	if (getuid() != 0)
		return;
	if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
		_exit(98);
}

static void deny(UMockdevTestbed *tb)
{
	char *root = umockdev_testbed_get_root_dir(tb);
	char *node = g_strdup_printf("%s%s", root, fake.node);
	chmod(root, 01777); /* nobody must still use the test bed (its uevent socket too), just not open the node */
	if (chmod(node, 0) != 0)
		die("cannot chmod %s", node);
	/* The preload library connects to the node's ioctl socket on open. */
	char *sock = g_strdup_printf("%s/ioctl%s", root, fake.node);
	chmod(sock, 0777);
	g_free(sock);
	g_free(node);
	g_free(root);
}

/* remove_device leaves /sys/bus/usb/devices/NAME and NAME:1.N behind, and
 * adding the device again would trip over them. */
static void unlink_bus_links(UMockdevTestbed *tb, const char *sysfs)
{
	char *root = umockdev_testbed_get_root_dir(tb);
	const char *name = strrchr(sysfs, '/') + 1;
	for (int iface = -1; iface < 4; iface++) {
		char *link = iface < 0 ? g_strdup_printf("%s/sys/bus/usb/devices/%s", root, name)
				       : g_strdup_printf("%s/sys/bus/usb/devices/%s:1.%d", root, name, iface);
		unlink(link);
		g_free(link);
	}
	g_free(root);
}

/* Wait for the child; meanwhile unplug and plug back what the handler asks for. */
static int supervise(pid_t child, UMockdevTestbed *tb, const char *device_file, const char *sysfs)
{
	long give_up = now_ms() + RUN_LIMIT_S * 1000L;
	long back_at = -1;
	int status;
	for (;;) {
		pid_t w = waitpid(child, &status, WNOHANG);
		if (w == child)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		if (now_ms() > give_up) {
			kill(child, SIGKILL);
			fprintf(stderr, "scale_usbfake: the program ran over %d s\n", RUN_LIMIT_S);
		}
		gpointer ev = g_async_queue_timeout_pop(fake.events, 20000);
		GError *err = NULL;
		if (ev) {
			int ms = GPOINTER_TO_INT(ev) - 2;
			/* The handler stays attached: a program still holding the node
			 * keeps getting ENODEV from it, as from the kernel. */
			umockdev_testbed_uevent(tb, sysfs, "remove"); /* libusb's hotplug list hears of it */
			umockdev_testbed_remove_device(tb, sysfs);
			unlink_bus_links(tb, sysfs);
			back_at = ms >= 0 ? now_ms() + ms : -1;
		}
		if (back_at >= 0 && now_ms() >= back_at) {
			back_at = -1;
			forget_urbs();
			if (!umockdev_testbed_add_from_file(tb, device_file, &err))
				die("cannot load the device again: %s", err->message);
			fake.gone = 0;
			umockdev_testbed_uevent(tb, sysfs, "add");
		}
	}
}

int main(int argc, char **argv)
{
	const char *log_path = NULL;
	int deny_access = 0, cmd = 0;
	if (argc < 5)
		die("%s", "usage: scale_usbfake DEVICE.umockdev SCRIPT [--log FILE] [--deny] -- COMMAND ARGS...");
	for (int i = 3; i < argc && !cmd; i++) {
		if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
			log_path = argv[++i];
		else if (strcmp(argv[i], "--deny") == 0)
			deny_access = 1;
		else if (strcmp(argv[i], "--") == 0)
			cmd = i + 1;
		else
			die("unknown option %s", argv[i]);
	}
	if (!cmd || cmd >= argc)
		die("%s", "no command after --");
	/* Sending uevents reads the test bed's sysfs: this process needs the preload too. */
	if (!getenv("SCALE_USBFAKE_PRELOADED")) {
		const char *old = getenv("LD_PRELOAD");
		setenv("SCALE_USBFAKE_PRELOADED", "1", 1); /* once: never loop */
		char *preload = g_strdup_printf("libumockdev-preload.so.0%s%s", old && *old ? ":" : "", old ? old : "");
		setenv("LD_PRELOAD", preload, 1);
		execv("/proc/self/exe", argv);
		die("%s", "cannot run itself with the umockdev preload library");
	}
	load_script(argv[2]);
	if (log_path && !(fake.log = fopen(log_path, "w")))
		die("cannot write %s", log_path);
	fake.events = g_async_queue_new();

	UMockdevTestbed *tb = umockdev_testbed_new();
	UMockdevIoctlBase *handler = g_object_new(UMOCKDEV_TYPE_IOCTL_BASE, NULL);
	g_signal_connect(handler, "handle-ioctl", G_CALLBACK(on_ioctl), NULL);
	plug_in(tb, argv[1], handler);
	if (deny_access)
		deny(tb);
	char *sysfs = sysfs_path_of(argv[1]);

	fflush(NULL);
	pid_t child = fork();
	if (child == 0) {
		if (deny_access)
			drop_to_nobody();
		execvp(argv[cmd], argv + cmd);
		_exit(127);
	}
	int status = supervise(child, tb, argv[1], sysfs);
	g_free(sysfs);
	if (fake.log)
		fclose(fake.log);
	return status;
}
