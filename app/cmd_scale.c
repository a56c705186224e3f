/* scrapyard scale list | read | watch | zero | tare */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/device_config.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "app/devices.h"
#include "app/tui_screen.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"
#include "drivers/scale_proto.h"
#include "drivers/scale.h"

#define DEFAULT_TIMEOUT_S 10
#define POLL_SLICE_MS 250
#define WATCH_SLICE_MS 200

struct scale_opts {
	struct scale_config cfg;
	double timeout_s; /* 0: read uses the default, watch runs until a key */
	int timeout_given;
	int baud_given;
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int parse_number(struct cli *cli, const char *opt, const char *value, double min, double max, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(value, &end);
	if (errno || end == value || *end || v < min || v > max)
		return cli_fail(cli, CLI_EXIT_INVALID, _("%s needs a number from %g to %g, not '%s'"), opt, min, max, value);
	*out = v;
	return 0;
}

static const struct cli_option scale_options[] = {
	CLI_ARG("device", 'd'), CLI_ARG("port", 'p'),
	CLI_ARG("protocol", 'P'), CLI_ARG("baud", 'b'),
	CLI_ENUM("parity", 'y', "N|E|O"), CLI_ENUM("data-bits", 'D', "7|8"),
	CLI_ENUM("stop-bits", 'S', "1|2"), CLI_ARG("timeout", 't'),
	CLI_ARG("stable", 's'), CLI_COMMON_LONGOPTS, {0},
};
static int parse_opts(struct cli *cli, int argc, char **argv, struct scale_opts *o)
{
	const char *device = NULL, *port = NULL;
	double v;
	int c;
	scale_config_init(&o->cfg);
	o->timeout_s = 0;
	o->timeout_given = 0;
	o->baud_given = 0;
	cli_getopt_reset();
	opterr = 0;
	while ((c = cli_getopt(argc, argv, "+", scale_options)) != -1) {
		switch (c) {
		case 'd': device = optarg; break;
		case 'p': port = optarg; break;
		case 'P': o->cfg.protocol = optarg; break;
		case 'b':
			o->baud_given = 1;
			if (strcmp(optarg, "auto") == 0) {
				o->cfg.baud = SCALE_BAUD_AUTO;
				break;
			}
			if (parse_number(cli, "--baud", optarg, 1, 4000000, &v))
				return CLI_EXIT_INVALID;
			o->cfg.baud = (int)v;
			break;
		case 'y':
			if (strlen(optarg) != 1 || !strchr("NEOneo", optarg[0]))
				return cli_fail(cli, CLI_EXIT_INVALID, _("--parity takes N, E or O, not '%s'"), optarg);
			o->cfg.parity = (char)(optarg[0] & ~0x20);
			break;
		case 'D':
			if (parse_number(cli, "--data-bits", optarg, 7, 8, &v))
				return CLI_EXIT_INVALID;
			o->cfg.data_bits = (int)v;
			break;
		case 'S':
			if (parse_number(cli, "--stop-bits", optarg, 1, 2, &v))
				return CLI_EXIT_INVALID;
			o->cfg.stop_bits = (int)v;
			break;
		case 't':
			if (parse_number(cli, "--timeout", optarg, 0.1, 3600, &o->timeout_s))
				return CLI_EXIT_INVALID;
			o->timeout_given = 1;
			break;
		case 's':
			if (parse_number(cli, "--stable", optarg, 1, 100, &v))
				return CLI_EXIT_INVALID;
			o->cfg.stable_count = (int)v;
			break;
		case 'J': cli->json = 1; break;
		default: return cli_usage("scale");
		}
	}
	if (optind < argc)
		return cli_usage("scale");
	if (device && port)
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("give either --device or --port, not both"));
	if (!device && !port) {
		/* The configured scale fills what the command line left open. */
		struct scale_config conf = o->cfg;
		conf.baud = 0;
		if (device_scale_configured(&cli->session, &conf)) {
			o->cfg.device = conf.device;
			o->cfg.port = conf.port;
			if (!o->cfg.protocol)
				o->cfg.protocol = conf.protocol;
			if (!o->baud_given && conf.baud)
				o->cfg.baud = conf.baud;
		}
	} else {
		o->cfg.device = device;
		o->cfg.port = port;
	}
	return 0;
}

static int open_scale(struct cli *cli, const struct scale_opts *o, struct scale **s)
{
	sy_err err = {0};
	if (scale_open(&o->cfg, s, &err) != SY_OK)
		return cli_fail(cli, err.status, "%s", err.msg);
	return 0;
}

/* ---- list ---- */

static const char *kind_name(enum scale_kind kind)
{
	return kind == SCALE_KIND_HID ? "hid" : kind == SCALE_KIND_BRIDGE ? "serial-bridge" : kind == SCALE_KIND_NET ? "tcp" : "tty";
}

static int scale_list_cmd(struct cli *cli)
{
	struct scale_info *items;
	sy_err err = {0};
	int n;
	if (scale_list(&items, &n, &err) != SY_OK)
		return cli_fail(cli, err.status, "%s", err.msg);
	if (cli->json) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", items[i].id);
			cJSON_AddStringToObject(o, "kind", kind_name(items[i].kind));
			cJSON_AddStringToObject(o, "name", items[i].name);
			cmdutil_usb_json(o, items[i].vid, items[i].pid, items[i].tty);
			cJSON_AddItemToArray(arr, o);
		}
		cli_print_json(arr);
	} else if (n == 0) {
		printf("%s\n", _("no scales found (indicators on a built-in serial port are read with --port)"));
	} else {
		for (int i = 0; i < n; i++) {
			printf("%-22s %-13s %s", items[i].id, kind_name(items[i].kind), items[i].name);
			cmdutil_tty_end(items[i].tty);
		}
	}
	free(items);
	return 0;
}

/* ---- read ---- */

static void print_reading(struct cli *cli, struct scale *s, const struct scale_reading *r)
{
	if (!cli->json) {
		printf("%.*f kg\n", r->decimals, r->kg);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "kg", r->kg);
	/* Settled is stable, whether the scale flagged it or repetition showed it. */
	cJSON_AddStringToObject(o, "status", r->settled ? "stable" : scale_state_name(r->state));
	cJSON_AddStringToObject(o, "stable_by", r->state == SCALE_UNKNOWN ? "repetition" : "scale");
	cJSON_AddStringToObject(o, "device", scale_id(s));
	cJSON_AddStringToObject(o, "protocol", scale_protocol(s));
	if (scale_baud(s))
		cJSON_AddNumberToObject(o, "baud", scale_baud(s));
	cJSON_AddBoolToObject(o, "net", r->net);
	if (r->has_tare)
		cJSON_AddNumberToObject(o, "tare_kg", r->tare_kg);
	cJSON_AddNumberToObject(o, "decimals", r->decimals);
	cli_print_json(o);
}

static int read_timed_out(struct cli *cli, struct scale *s, const struct scale_reading *last, int have_last,
			  double timeout_s)
{
	if (scale_away(s))
		return cli_fail(cli, SY_ENV, "%s", scale_message(s));
	if (have_last && !scale_state_has_weight(last->state))
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", scale_state_message(last->state));
	if (have_last)
		return cli_fail(cli, CLI_EXIT_INVALID, _("no stable weight from %s within %g s (last %.*f kg, %s): wait until nothing moves and try again"),
				scale_id(s), timeout_s, last->decimals, last->kg, scale_state_label(last->state));
	const char *why = scale_message(s);
	if (*why)
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", why);
	return cli_fail(cli, CLI_EXIT_INVALID, _("no data from %s within %g s: check the cable, the baud rate and --protocol"), scale_id(s),
			timeout_s);
}

static int scale_read_cmd(struct cli *cli, struct scale_opts *o)
{
	struct scale *s;
	struct scale_reading r, last = {0};
	int have_last = 0, status, got;
	sy_err err = {0};
	double timeout_s = o->timeout_given ? o->timeout_s : DEFAULT_TIMEOUT_S;
	/* Silence is named before the deadline, so the final message says which kind. */
	if (o->cfg.no_data_ms > timeout_s * 750)
		o->cfg.no_data_ms = (int)(timeout_s * 750);
	if (open_scale(cli, o, &s))
		return cli->err.status;
	long deadline = now_ms() + (long)(timeout_s * 1000);
	for (;;) {
		long left = deadline - now_ms();
		if (left <= 0) {
			status = read_timed_out(cli, s, &last, have_last, timeout_s);
			break;
		}
		if (scale_poll(s, &r, &got, left < POLL_SLICE_MS ? (int)left : POLL_SLICE_MS, &err) != SY_OK) {
			status = cli_fail(cli, err.status, "%s", err.msg);
			break;
		}
		if (got) {
			last = r;
			have_last = 1;
			/* A condition seen stable_count times in a row is the answer, not a glitch. */
			if (!scale_state_has_weight(r.state) && r.repeat >= o->cfg.stable_count) {
				status = cli_fail(cli, CLI_EXIT_INVALID, "%s", scale_state_message(r.state));
				break;
			}
			if (r.settled) {
				print_reading(cli, s, &r);
				status = 0;
				break;
			}
		}
	}
	scale_close(s);
	return status;
}

/* ---- watch ---- */

struct raw_stdin {
	int active;
	struct termios saved;
};

static void stdin_raw(struct raw_stdin *raw)
{
	struct termios t;
	raw->active = 0;
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &raw->saved) != 0)
		return;
	t = raw->saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	raw->active = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
}

static void stdin_restore(struct raw_stdin *raw)
{
	if (raw->active)
		tcsetattr(STDIN_FILENO, TCSANOW, &raw->saved);
}

/* A key ends the watch; the end of a non-terminal stdin does not. */
static int key_pressed(int *stdin_open)
{
	struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
	char c;
	if (!*stdin_open || poll(&pfd, 1, 0) <= 0)
		return 0;
	ssize_t n = read(STDIN_FILENO, &c, 1);
	if (n <= 0) {
		*stdin_open = 0;
		return 0;
	}
	return 1;
}

static void format_reading(const struct scale_reading *r, char *line, size_t size)
{
	if (!scale_state_has_weight(r->state))
		snprintf(line, size, "%s", scale_state_message(r->state));
	else
		snprintf(line, size, "%12.*f kg  %s%s", r->decimals, r->kg,
			 r->settled ? _("stable") : r->state == SCALE_MOTION ? _("in motion") : _("settling"),
			 r->net ? _(" (net)") : "");
}

static void show_line(struct cli *cli, const char *line, const struct scale_reading *r, char *shown, size_t size)
{
	int tty = isatty(STDOUT_FILENO);
	if (!tty && strcmp(line, shown) == 0)
		return; /* a log or pipe gets a line per change, a terminal a live line */
	sy_strlcpy(shown, line, size);
	if (cli->json && r) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "kg", r->kg);
		cJSON_AddStringToObject(o, "status", scale_state_name(r->state));
		cJSON_AddBoolToObject(o, "settled", r->settled);
		cli_print_json(o);
	} else if (tty) {
		/* One row: a longer line would wrap, and the next \r return only to its last row. */
		struct winsize ws;
		int cols = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 ? ws.ws_col - 1 : 79;
		printf("\r%.*s\033[K", (int)tui_fit(line, cols), line);
	} else {
		printf("%s\n", line);
	}
	fflush(stdout);
}

static int scale_watch_cmd(struct cli *cli, struct scale_opts *o)
{
	struct scale *s;
	struct raw_stdin raw;
	char line[300], shown[300] = "";
	int stdin_open = 1, status = 0;
	if (open_scale(cli, o, &s))
		return cli->err.status;
	long deadline = o->timeout_given ? now_ms() + (long)(o->timeout_s * 1000) : 0;
	stdin_raw(&raw);
	if (isatty(STDOUT_FILENO) && !cli->json)
		printf(_("%s: press any key to stop\n"), scale_id(s));
	while (!key_pressed(&stdin_open) && (!deadline || now_ms() < deadline)) {
		struct scale_reading r;
		sy_err err = {0};
		int got;
		if (scale_poll(s, &r, &got, WATCH_SLICE_MS, &err) != SY_OK) {
			status = cli_fail(cli, err.status, "%s", err.msg);
			break;
		}
		if (got) {
			format_reading(&r, line, sizeof line);
			show_line(cli, line, &r, shown, sizeof shown);
		} else if (*scale_message(s)) {
			show_line(cli, scale_message(s), NULL, shown, sizeof shown);
		}
	}
	stdin_restore(&raw);
	if (isatty(STDOUT_FILENO) && !cli->json)
		printf("\n");
	scale_close(s);
	return status;
}

/* ---- zero and tare ---- */

static int scale_command(struct cli *cli, struct scale_opts *o, int tare)
{
	struct scale *s;
	struct scale_reading r;
	sy_err err = {0};
	int got = 0;
	if (open_scale(cli, o, &s))
		return cli->err.status;
	/* One reading first: it names the protocol of an auto-detected indicator. */
	long deadline = now_ms() + (long)((o->timeout_given ? o->timeout_s : 3) * 1000);
	while (now_ms() < deadline && !got && scale_poll(s, &r, &got, POLL_SLICE_MS, &err) == SY_OK)
		;
	sy_err_clear(&err);
	int status = 0;
	if ((tare ? scale_tare(s, &err) : scale_zero(s, &err)) != SY_OK)
		status = cli_fail(cli, err.status, "%s", err.msg);
	else
		printf(tare ? _("tare sent to %s\n") : _("zero sent to %s\n"), scale_id(s));
	scale_close(s);
	return status;
}

/* ---- use ---- */

static const struct cli_option scale_use_opts[] = {
	CLI_ARG("protocol", 'P'), CLI_ARG("baud", 'b'),
	DEVICES_SCOPE_LONGOPTS, CLI_COMMON_LONGOPTS, {0},
};
/* scale use [SPEC|-] [--protocol P] [--baud N|auto] [--here|--counter N|--for-user N|--yard] */
static int scale_use_cmd(struct cli *cli, int argc, char **argv)
{
	struct devices_scope_opts scope = {0};
	const char *protocol = NULL, *baud = NULL;
	int c;
	cli_getopt_reset();
	opterr = 0;
	while ((c = cli_getopt(argc, argv, "", scale_use_opts)) != -1) {
		if (c == 'P')
			protocol = optarg;
		else if (c == 'b')
			baud = optarg;
		else if (c == 'J')
			cli->json = 1;
		else if (!devices_scope_opt(&scope, c, optarg))
			return cli_usage("scale");
	}
	if (argc - optind > 1)
		return cli_usage("scale");
	const char *spec = optind < argc ? argv[optind] : NULL;
	char value[320];
	if (!spec || !strcmp(spec, "-")) {
		if (protocol || baud)
			return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("--protocol and --baud go with a scale to choose"));
		return devices_use(cli, DEVICE_SCALE, &scope, spec);
	}
	if (strchr(spec, ',') && (protocol || baud))
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("give the protocol and baud rate either after commas or with --protocol and --baud"));
	snprintf(value, sizeof value, "%s%s%s%s%s", spec, protocol || baud ? "," : "", protocol ? protocol : baud ? "auto" : "",
		 baud ? "," : "", baud ? baud : "");
	sy_err err = {0};
	if (baud && strcmp(baud, "auto") && (strspn(baud, "0123456789") != strlen(baud) || !*baud))
		return cli_fail(cli, CLI_EXIT_INVALID, _("--baud needs a baud rate such as 9600, or auto, not '%s'"), baud);
	if (device_scale_spec_check(value, &err) != SY_OK)
		return cli_report(cli, &err);
	return devices_use(cli, DEVICE_SCALE, &scope, value);
}

/* The tables with --protocol's values from the drivers' own list (and
 * auto), for the man page and the completion; made once and kept. */
static const struct cli_option *with_protocols(const struct cli_option *opts, struct cli_option **made)
{
	if (*made)
		return *made;
	size_t n = 0, len = 8;
	while (opts[n].name)
		n++;
	for (int i = 0; scale_protocols[i]; i++)
		len += strlen(scale_protocols[i]->name) + 1;
	char *values = xcalloc(len, 1);
	for (int i = 0; scale_protocols[i]; i++)
		strcat(strcat(values, scale_protocols[i]->name), "|");
	strcat(values, "auto");
	*made = xcalloc(n + 1, sizeof **made);
	memcpy(*made, opts, (n + 1) * sizeof **made);
	for (size_t i = 0; i < n; i++)
		if (strcmp(opts[i].name, "protocol") == 0)
			(*made)[i].values = values;
	return *made;
}

static const struct cli_option *scale_options_made(void)
{
	static struct cli_option *made;
	return with_protocols(scale_options, &made);
}

static const struct cli_option *scale_use_options_made(void)
{
	static struct cli_option *made;
	return with_protocols(scale_use_opts, &made);
}

/* The subcommands that reach a scale: their options read first. */
#define SCALE_SUB(name, call)                                                      \
	static int name(struct cli *cli, int argc, char **argv)                   \
	{                                                                          \
		struct scale_opts o;                                               \
		if (parse_opts(cli, argc, argv, &o))                               \
			return cli->err.status ? cli->err.status : CLI_EXIT_INVALID; \
		return call;                                                       \
	}
SCALE_SUB(scale_list_sub, scale_list_cmd(cli))
SCALE_SUB(scale_read_sub, scale_read_cmd(cli, &o))
SCALE_SUB(scale_watch_sub, scale_watch_cmd(cli, &o))
SCALE_SUB(scale_zero_sub, scale_command(cli, &o, 0))
SCALE_SUB(scale_tare_sub, scale_command(cli, &o, 1))

static const struct subcommand scale_subs[] = {
	{"list", scale_list_sub, .make_options = scale_options_made},
	{"read", scale_read_sub, .make_options = scale_options_made},
	{"watch", scale_watch_sub, .make_options = scale_options_made},
	{"zero", scale_zero_sub, .make_options = scale_options_made},
	{"tare", scale_tare_sub, .make_options = scale_options_made},
	{"use", scale_use_cmd, .make_options = scale_use_options_made},
	{0},
};

const struct command cmd_scale_command = {
	.name = "scale",
	.subs = scale_subs,
	.summary = N_("Find and read scales"),
	.usage = N_("usage: scrapyard scale list [--json]\n"
	    "       scrapyard scale read [--device ID | --port PATH|tcp://HOST:PORT] [--protocol toledo|xk3190|xk3190-forward|stgs|sics|auto] [--baud N|auto] [--timeout S] [--json]\n"
	    "       scrapyard scale watch [--device ID | --port PATH|tcp://HOST:PORT] [--timeout S] [--json]\n"
	    "       scrapyard scale zero|tare [--device ID | --port PATH|tcp://HOST:PORT] [--protocol P]\n"
	    "       scrapyard scale use [PORT|ID|tcp://HOST:PORT|-] [--protocol P] [--baud N|auto] [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "   serial line: [--parity N|E|O] [--data-bits 7|8] [--stop-bits 1|2]; [--stable N] equal readings (3)\n"
	    "   without --device or --port: SCRAPYARD_SCALE (ID, PATH or tcp://HOST:PORT, then [,PROTOCOL][,BAUD|auto]),\n"
	    "   else the scale this counter, this user or the yard chose (scale use), else the only scale found"),
};
