/* scrapyard idcard list | read: the resident ID card reader at the counter. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cli.h"
#include "app/device_config.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "app/devices.h"
#include "base/i18n.h"
#include "base/util.h"
#include "drivers/net.h"
#include "db/db.h"
#include "db/ident.h"
#include "drivers/scale.h"
#include "drivers/serial.h"

#define DEFAULT_TIMEOUT_S 10
#define POLL_SLICE_MS 250
#define LABEL_CELLS 16

struct idcard_opts {
	struct idcard_config cfg;
	double timeout_s;
};

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---- options ---- */

static const struct cli_option idcard_options[] = {
	CLI_ARG("device", 'd'), CLI_ARG("port", 'p'),
	CLI_ARG("baud", 'b'),   CLI_ARG("timeout", 't'),
	CLI_COMMON_LONGOPTS,                      {0},
};
static int parse_opts(struct cli *cli, int argc, char **argv, struct idcard_opts *o)
{
	const char *device = NULL, *port = NULL;
	int baud = 0, c;
	char *end;
	idcard_config_init(&o->cfg);
	o->timeout_s = DEFAULT_TIMEOUT_S;
	cli_getopt_reset();
	opterr = 0;
	while ((c = cli_getopt(argc, argv, "+", idcard_options)) != -1) {
		switch (c) {
		case 'd': device = optarg; break;
		case 'p': port = optarg; break;
		case 'b':
			errno = 0;
			baud = (int)strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || baud <= 0)
				return cli_fail(cli, CLI_EXIT_INVALID, _("--baud needs a baud rate such as 115200, not '%s'"), optarg);
			break;
		case 't':
			errno = 0;
			o->timeout_s = strtod(optarg, &end);
			if (errno || end == optarg || *end || o->timeout_s < 0.1 || o->timeout_s > 3600)
				return cli_fail(cli, CLI_EXIT_INVALID, _("%s needs a number from %g to %g, not '%s'"), "--timeout", 0.1,
						3600.0, optarg);
			break;
		case 'J': cli->json = 1; break;
		default: return cli_usage("idcard");
		}
	}
	if (optind < argc)
		return cli_usage("idcard");
	if (device && port)
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("give either --device or --port, not both"));
	int configured = device_idcard_configured(&cli->session, &o->cfg);
	if (device || port) {
		o->cfg.device = device;
		o->cfg.port = port;
		if (configured)
			o->cfg.baud = IDCARD_DEFAULT_BAUD; /* the configured rate belongs to the configured reader */
	}
	if (baud)
		o->cfg.baud = baud;
	return 0;
}

/* ---- list ---- */

static int idcard_list_cmd(struct cli *cli)
{
	struct idcard_info *items;
	int n;
	sy_err err = {0};
	if (idcard_list(&items, &n, &err) != SY_OK)
		return cli_report(cli, &err);
	if (cli->json) {
		cJSON *arr = cJSON_CreateArray();
		for (int i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "id", items[i].id);
			cJSON_AddStringToObject(o, "name", items[i].name);
			cmdutil_usb_json(o, items[i].vid, items[i].pid, items[i].tty);
			cJSON_AddItemToArray(arr, o);
		}
		cli_print_json(arr);
	} else if (n == 0) {
		printf("%s\n", _("no USB-serial bridges found (a reader on a built-in serial port is read with --port)"));
	} else {
		for (int i = 0; i < n; i++) {
			printf("%-22s %s", items[i].id, items[i].name);
			cmdutil_tty_end(items[i].tty);
		}
	}
	free(items);
	return 0;
}

/* ---- read ---- */

/* The rows printed for a card, with the words the card itself uses in Chinese. */
static const struct code_label rows[] = {
	{"card", "Card", "证件"},
	{"name", "Name", "姓名"},
	{"sex", "Sex", "性别"},
	{"ethnicity", "Ethnicity", "民族"},
	{"birth", "Date of birth", "出生"},
	{"address", "Address", "住址"},
	{"id", "ID number", "公民身份号码"},
	{"authority", "Issued by", "签发机关"},
	{"valid", "Valid", "有效期限"},
	{0},
};

static void row(const char *key, const char *value)
{
	cmdutil_cell(code_label(rows, key), LABEL_CELLS);
	printf("%s\n", value);
}

static void print_card(const struct idcard *card, int expired)
{
	char text[300];
	if (card->kind == IDCARD_HMT_RESIDENCE)
		row("card", _("Residence permit for Hong Kong, Macao and Taiwan residents"));
	row("name", card->name);
	snprintf(text, sizeof text, "%s (%s)", code_label(idcard_sexes, card->sex), card->sex);
	row("sex", text);
	if (*card->ethnicity) {
		snprintf(text, sizeof text, "%s (%s)", code_label(idcard_ethnicities, card->ethnicity), card->ethnicity);
		row("ethnicity", text);
	}
	row("birth", card->birth_date);
	row("address", card->address);
	row("id", card->id_number);
	row("authority", card->authority);
	if (card->valid_long_term)
		snprintf(text, sizeof text, _("%s, long-term"), card->valid_from);
	else
		snprintf(text, sizeof text, _("%s to %s"), card->valid_from, card->valid_until);
	if (expired)
		snprintf(text + strlen(text), sizeof text - strlen(text), "  %s", _("EXPIRED"));
	row("valid", text);
}

static void print_card_json(const struct idcard *card, const char *device, int expired, int id_ok)
{
	cJSON *o = cJSON_CreateObject();
	const char *ethnicity = NULL, *ethnicity_zh = NULL;
	for (const struct code_label *c = idcard_ethnicities; c->code; c++)
		if (strcmp(c->code, card->ethnicity) == 0)
			ethnicity = c->en, ethnicity_zh = c->zh;
	cJSON_AddStringToObject(o, "card_type", card->kind == IDCARD_HMT_RESIDENCE ? "hmt_residence" : "resident");
	cJSON_AddStringToObject(o, "name", card->name);
	cJSON_AddStringToObject(o, "sex", idcard_sex_name(card->sex));
	cJSON_AddStringToObject(o, "sex_code", card->sex);
	if (ethnicity) {
		cJSON_AddStringToObject(o, "ethnicity", ethnicity);
		cJSON_AddStringToObject(o, "ethnicity_zh", ethnicity_zh);
		cJSON_AddStringToObject(o, "ethnicity_code", card->ethnicity);
	}
	cJSON_AddStringToObject(o, "birth_date", card->birth_date);
	cJSON_AddStringToObject(o, "address", card->address);
	cJSON_AddStringToObject(o, "id_number", card->id_number);
	cJSON_AddBoolToObject(o, "id_number_valid", id_ok);
	cJSON_AddStringToObject(o, "issuing_authority", card->authority);
	cJSON_AddStringToObject(o, "valid_from", card->valid_from);
	if (card->valid_long_term)
		cJSON_AddNullToObject(o, "valid_until");
	else
		cJSON_AddStringToObject(o, "valid_until", card->valid_until);
	cJSON_AddBoolToObject(o, "long_term", card->valid_long_term);
	cJSON_AddBoolToObject(o, "expired", expired);
	cJSON_AddStringToObject(o, "device", device);
	cli_print_json(o);
}

/* The card is shown whatever its problems; each problem is said and refuses it (exit 1). */
static int report_card(struct cli *cli, const struct idcard *card, const char *device)
{
	char today[11], problems[DEVICE_IDCARD_PROBLEMS_MAX][300], id[IDENT_RESIDENT_ID_SIZE];
	db_today(today);
	int expired = idcard_expired(card, today);
	int id_ok = ident_resident_id(card->id_number, id, NULL) == SY_OK;
	int n = device_idcard_problems(card, today, problems);
	if (cli->json)
		print_card_json(card, device, expired, id_ok);
	else
		print_card(card, expired);
	int status = 0;
	for (int i = 0; i < n; i++)
		status = cli_fail(cli, CLI_EXIT_INVALID, "%s", problems[i]);
	return status;
}

static int idcard_read_cmd(struct cli *cli, const struct idcard_opts *o)
{
	struct idcard_reader *r;
	struct idcard card;
	sy_err err = {0};
	if (idcard_open(&o->cfg, &r, &err) != SY_OK)
		return cli_report(cli, &err);
	long deadline = now_ms() + (long)(o->timeout_s * 1000);
	int status;
	for (;;) {
		long left = deadline - now_ms();
		if (left <= 0) {
			if (*err.msg)
				status = cli_fail(cli, CLI_EXIT_INVALID, "%s", err.msg);
			else
				status = cli_fail(cli, CLI_EXIT_INVALID, _("no answer from the ID card reader %s within %g s: check the cable"),
						  idcard_reader_id(r), o->timeout_s);
			break;
		}
		enum idcard_status st = idcard_poll(r, &card, left < POLL_SLICE_MS ? (int)left : POLL_SLICE_MS, &err);
		if (st == IDCARD_OK) {
			status = report_card(cli, &card, idcard_reader_id(r));
			break;
		}
		if (st == IDCARD_FAILED) {
			status = cli_report(cli, &err);
			break;
		}
	}
	memset(&card, 0, sizeof card);
	idcard_close(r);
	return status;
}

/* ---- use ---- */

static const struct cli_option idcard_use_opts[] = {
	CLI_ARG("baud", 'b'), DEVICES_SCOPE_LONGOPTS, CLI_COMMON_LONGOPTS, {0},
};
/* idcard use [SPEC|-] [--baud N] [--here|--counter N|--for-user N|--yard] */
static int idcard_use_cmd(struct cli *cli, int argc, char **argv)
{
	struct devices_scope_opts scope = {0};
	const char *baud = NULL;
	int c;
	cli_getopt_reset();
	opterr = 0;
	while ((c = cli_getopt(argc, argv, "", idcard_use_opts)) != -1) {
		if (c == 'b')
			baud = optarg;
		else if (c == 'J')
			cli->json = 1;
		else if (!devices_scope_opt(&scope, c, optarg))
			return cli_usage("idcard");
	}
	if (argc - optind > 1)
		return cli_usage("idcard");
	const char *spec = optind < argc ? argv[optind] : NULL;
	if (!spec || !strcmp(spec, "-")) {
		if (baud)
			return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("--baud goes with a reader to choose"));
		return devices_use(cli, DEVICE_IDCARD, &scope, spec);
	}
	char value[320];
	sy_err err = {0};
	if (strchr(spec, ',') && baud)
		return cli_fail(cli, CLI_EXIT_INVALID, "%s", _("give the baud rate either after a comma or with --baud"));
	snprintf(value, sizeof value, "%s%s%s", spec, baud ? "," : "", baud ? baud : "");
	if (device_idcard_spec_check(value, &err) != SY_OK)
		return cli_report(cli, &err);
	return devices_use(cli, DEVICE_IDCARD, &scope, value);
}

/* The subcommands that reach a reader: their options read first. */
#define IDCARD_SUB(name, call)                                                     \
	static int name(struct cli *cli, int argc, char **argv)                   \
	{                                                                          \
		struct idcard_opts o;                                              \
		if (parse_opts(cli, argc, argv, &o))                               \
			return cli->err.status ? cli->err.status : CLI_EXIT_INVALID; \
		return call;                                                       \
	}
IDCARD_SUB(idcard_list_sub, idcard_list_cmd(cli))
IDCARD_SUB(idcard_read_sub, idcard_read_cmd(cli, &o))

static const struct subcommand idcard_subs[] = {
	{"list", idcard_list_sub, .options = idcard_options},
	{"read", idcard_read_sub, .options = idcard_options},
	{"use", idcard_use_cmd, .options = idcard_use_opts},
	{0},
};

const struct command cmd_idcard_command = {
	.name = "idcard",
	.subs = idcard_subs,
	.summary = N_("Read the owner's resident ID card on the counter's reader"),
	.usage = N_("usage: scrapyard idcard list [--json]\n"
	    "       scrapyard idcard read [--port TTY|tcp://HOST:PORT | --device ID] [--baud N] [--timeout S] [--json]\n"
	    "       scrapyard idcard use [PORT|ID|tcp://HOST:PORT|-] [--baud N] [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "   without --device or --port: SCRAPYARD_IDCARD (ID, PATH or tcp://HOST:PORT, then [,BAUD]), else the reader\n"
	    "   this counter, this user or the yard chose (idcard use), else the only USB-serial bridge found that is\n"
	    "   not the scale's; 115200 baud unless given"),
};
