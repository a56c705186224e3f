/* scrapyard setting [KEY [VALUE|-]]: the yard's settings, shown and set
 * through the program (a supervisor's; every change audited), so that no
 * one needs the sqlite3 shell for them, which the audit trail would
 * rightly report as a change made behind the program's back. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"
#include "db/db.h"
#include "db/ident.h"
#include "db/user.h"

enum setting_kind { SET_INT, SET_PCT, SET_CODE, SET_TEXT, SET_ROLE, SET_PROVINCE };

/* The settings a yard sets this way, each with its range. The others have
 * their own command: require_login (user require-login), the printers
 * (printer use, printer a4); the certificates' key is never shown or set. */
static const struct setting_def {
	const char *key;
	enum setting_kind kind;
	int min, max; /* SET_INT: the range; SET_CODE, SET_TEXT: max characters */
	const char *what_en, *what_zh;
} settings[] = {
	{"backup_reminder_days", SET_INT, 1, 365, "Days after which the program reminds of a backup (7)", "多少天未备份时提醒（默认 7）"},
	{"idle_logout_seconds", SET_INT, 0, 86400, "Seconds without a key before the full-screen program logs a user out (600; 0 never)", "全屏程序无操作多少秒后注销用户（默认 600；0 为从不）"},
	{"mass_balance_threshold_pct", SET_PCT, 0, 100, "Unaccounted mass, % of mass in, flagged CHECK (5)", "未计质量占进场质量的百分比超过此值时标记（默认 5）"},
	{"hulk_recycled_pct", SET_PCT, 0, 100, "% of the hulk counted as recycled (75)", "车身残骸计为再生利用的百分比（默认 75）"},
	{"hulk_energy_pct", SET_PCT, 0, 100, "% of the hulk counted as energy recovery (0)", "车身残骸计为能量回收的百分比（默认 0）"},
	{"cert_prefix", SET_CODE, 0, 8, "Letters before the certificate numbers (C)", "回收证明编号前缀（默认 C）"},
	{"permit_authority", SET_TEXT, 0, 120, "The authority that issued the yard's permit (certificate of destruction)", "颁发资质的机关（销毁证明用）"},
	{"waste.facility_code", SET_CODE, 0, 20, "The yard's code in the hazardous waste system", "本场危险废物系统代码"},
	{"label.wait", SET_INT, 0, 60, "Seconds to wait for a busy label printer", "等待忙碌标签打印机的秒数"},
	{"full_id_role", SET_ROLE, 0, 0, "Least role shown ID numbers and phones in full: clerk, supervisor or admin (clerk)", "可查看完整证件号码和电话的最低角色：clerk、supervisor 或 admin（默认 clerk）"},
	{"personal_data_years", SET_INT, 3, 30, "Years after the certificate that owners' personal data is kept (3, the legal minimum)", "车主个人信息在回收证明出具后保存的年数（默认 3，法定最低）"},
	{"plate_province", SET_PROVINCE, 0, 0, "The province character the check-in puts in front of a plate, e.g. 京 (from the yard's credit code when not set)", "登记时号牌号码前预填的省份简称，如 京（未设置时取本场信用代码所在省份）"},
	{0},
};

static const struct setting_def *find(const char *key)
{
	for (const struct setting_def *s = settings; s->key; s++)
		if (strcmp(s->key, key) == 0)
			return s;
	return NULL;
}

static int valid(struct cli *cli, const struct setting_def *s, const char *value)
{
	char *end = NULL;
	switch (s->kind) {
	case SET_INT: {
		long n = strtol(value, &end, 10);
		if (!*value || *end || n < s->min || n > s->max)
			return cli_fail(cli, CLI_EXIT_INVALID, _("%s must be a whole number from %d to %d"), s->key, s->min, s->max);
		return 0;
	}
	case SET_PCT: {
		double x = strtod(value, &end);
		if (!*value || *end || !(x >= s->min && x <= s->max))
			return cli_fail(cli, CLI_EXIT_INVALID, _("%s must be a number from %d to %d"), s->key, s->min, s->max);
		return 0;
	}
	case SET_CODE:
		for (const char *p = value; *p; p++)
			if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
				return cli_fail(cli, CLI_EXIT_INVALID, _("%s is letters A-Z, digits and '-' only"), s->key);
		if ((int)strlen(value) > s->max)
			return cli_fail(cli, CLI_EXIT_INVALID, _("%s has at most %d characters"), s->key, s->max);
		return 0;
	case SET_ROLE:
		if (user_role_parse(value) == ROLE_NONE)
			return cli_fail(cli, CLI_EXIT_INVALID, _("%s is clerk, supervisor or admin"), s->key);
		return 0;
	case SET_PROVINCE:
		if (!ident_plate_province(value))
			return cli_fail(cli, 1, _("%s is one province character of a plate, such as 京, 沪 or 粤"), s->key);
		return 0;
	case SET_TEXT:
		if (text_check_field(value, (size_t)s->max, &cli->err, s->key) != SY_OK)
			return cli_report(cli, &cli->err);
		return 0;
	}
	return CLI_EXIT_INVALID;
}

static void show_one(db *d, const struct setting_def *s, cJSON *list)
{
	char *v = db_setting(d, s->key);
	if (list) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", s->key);
		if (v)
			cJSON_AddStringToObject(o, "value", v);
		else
			cJSON_AddNullToObject(o, "value");
		cJSON_AddStringToObject(o, "what", sy_pick(s->what_en, s->what_zh));
		cJSON_AddItemToArray(list, o);
	} else {
		printf("%-28s %-12s %s\n", s->key, v ? v : "-", sy_pick(s->what_en, s->what_zh));
	}
	free(v);
}

int cmd_setting(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || argc - optind > 2)
		return cli_usage("setting");
	const char *key = optind < argc ? argv[optind] : NULL, *value = optind + 1 < argc ? argv[optind + 1] : NULL;
	const struct setting_def *s = key ? find(key) : NULL;
	if (key && !s)
		return cli_fail(cli, CLI_EXIT_INVALID, _("'%s' is no setting set this way: 'scrapyard setting' lists them"), key);
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (!value) {
		cJSON *list = cli->json ? cJSON_CreateArray() : NULL;
		for (const struct setting_def *x = settings; x->key; x++)
			if (!s || x == s)
				show_one(d, x, list);
		if (list && s) { /* one setting: the object itself */
			cJSON *one = cJSON_DetachItemFromArray(list, 0);
			cJSON_Delete(list);
			return cli_print_json(one);
		}
		return list ? cli_print_json(list) : 0;
	}
	int rc, unset = strcmp(value, "-") == 0; /* "-": back to the default */
	if (unset)
		value = "";
	else if ((rc = valid(cli, s, value)))
		return rc;
	if ((rc = cli_require_role(cli, "supervisor")))
		return rc;
	if ((unset ? db_unset_setting(d, &cli->err, s->key) : db_set_setting(d, &cli->err, s->key, value)) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", s->key);
		cJSON_AddStringToObject(o, "value", value);
		return cli_print_json(o);
	}
	printf(_("%s set to %s\n"), s->key, *value ? value : _("its default"));
	return 0;
}

const struct command cmd_setting_command = {
	.name = "setting",
	.run = cmd_setting,
	.summary = N_("The yard's settings: show them, set one (supervisor)"),
	.usage = N_("usage: scrapyard setting [KEY [VALUE|-]] [--json]   (- sets it back to its default)"),
};
