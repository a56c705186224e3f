#include "app/cmdutil.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli_auth.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/util.h"

int cmdutil_number(struct cli *cli, const char *text, const char *field, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(text ? text : "", &end);
	while (end && (*end == ' ' || *end == '\t'))
		end++;
	if (!text || !*text || errno || *end || !isfinite(x)) {
		sy_fail(&cli->err, SY_INVALID, field, _("'%s' is not a number"), text ? text : "");
		return cli_report(cli, &cli->err);
	}
	*out = x;
	return 0;
}

int cmdutil_date(struct cli *cli, const char *text, const char *option, const char **out)
{
	/* A command takes two dates at most (from, to): a few slots suffice. */
	static char days[8][11];
	static int next;
	char *day = days[next++ % 8];
	int r = text_date(text, day);
	if (r == TEXT_DATE_SHAPE)
		sy_fail(&cli->err, SY_INVALID, option, _("'%s' is not a date: write YYYY-MM-DD or YYYYMMDD"), text ? text : "");
	else if (r == TEXT_DATE_UNREAL)
		sy_fail(&cli->err, SY_INVALID, option, _("%s is not a real date"), text);
	if (r != 0)
		return cli_report(cli, &cli->err);
	*out = day;
	return 0;
}

int cmdutil_int(struct cli *cli, const char *text, const char *field, int min, int max, int *out)
{
	double x;
	if (cmdutil_number(cli, text, field, &x) != 0)
		return 1;
	if (x != floor(x) || x < min || x > max) {
		sy_fail(&cli->err, SY_INVALID, field, _("%s must be a whole number from %d to %d"), text, min, max);
		return cli_report(cli, &cli->err);
	}
	*out = (int)x;
	return 0;
}

int cmdutil_vehicle(struct cli *cli, db *d, const char *ref, struct vehicle *out)
{
	if (vehicle_find(d, ref ? ref : "", out, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

int cmdutil_vehicle_id(struct cli *cli, db *d, const char *ref, int64_t *id)
{
	struct vehicle v;
	if (!ref)
		return 0;
	if (cmdutil_vehicle(cli, d, ref, &v) != 0)
		return 1;
	*id = v.id;
	return 0;
}

void cmdutil_cell(const char *s, int width)
{
	int used = (int)text_display_width(s);
	if (used >= width) {
		/* Too long: cut it with an ellipsis, keeping a space before the next column. */
		const char *p = s;
		uint32_t cp;
		int n;
		used = 0;
		while (*p && (n = text_utf8_decode(p, &cp)) > 0 && used + text_cp_width(cp) <= width - 2) {
			used += text_cp_width(cp);
			p += n;
		}
		fwrite(s, 1, (size_t)(p - s), stdout);
		fputs("…", stdout);
		used++;
	} else {
		fputs(s, stdout);
	}
	for (int i = used; i < width; i++)
		putchar(' ');
}

const char *cmdutil_num(double x, char buf[32])
{
	snprintf(buf, 32, "%.3f", x);
	char *p = buf + strlen(buf) - 1;
	while (p > buf && *p == '0')
		*p-- = '\0';
	if (*p == '.')
		*p = '\0';
	return buf;
}

int cmdutil_party(struct cli *cli, db *d, const char *name, const char *kind, const char *credit,
		  const char *licence, struct party *out)
{
	sy_err ignored;
	if (party_find(d, name, kind, out, kind ? &ignored : &cli->err) == SY_OK)
		return 0;
	if (!kind)
		return cli_report(cli, &cli->err);
	memset(out, 0, sizeof *out);
	sy_strlcpy(out->name, name ? name : "", sizeof out->name);
	sy_strlcpy(out->kind, kind, sizeof out->kind);
	sy_strlcpy(out->credit_code, credit ? credit : "", sizeof out->credit_code);
	sy_strlcpy(out->licence, licence ? licence : "", sizeof out->licence);
	if (party_save(d, out, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	return 0;
}

int cmdutil_json_done(struct cli *cli, int rc, cJSON *doc)
{
	if (rc != SY_OK) {
		cJSON_Delete(doc);
		return cli_report(cli, &cli->err);
	}
	return doc ? cli_print_json(doc) : 0;
}

db *cmdutil_table_db(struct cli *cli, int argc, int changing, const char *command, int *status)
{
	db *d = NULL;
	*status = 0;
	if (optind != argc)
		*status = cli_usage(command);
	else if (!(d = cli_db(cli)))
		*status = cli->err.status;
	else if (changing && (*status = cli_require_role(cli, "supervisor")) != 0)
		d = NULL;
	return d;
}

int cmdutil_changed(struct cli *cli, cJSON *doc, const char *fmt, ...)
{
	if (cli->json)
		return cli_print_json(doc);
	cJSON_Delete(doc);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	return 0;
}

void cmdutil_usb_json(cJSON *o, unsigned vid, unsigned pid, const char *tty)
{
	char hex[8];
	snprintf(hex, sizeof hex, "%04x", vid);
	cJSON_AddStringToObject(o, "vendor_id", hex);
	snprintf(hex, sizeof hex, "%04x", pid);
	cJSON_AddStringToObject(o, "product_id", hex);
	if (tty[0])
		cJSON_AddStringToObject(o, "tty", tty);
}

void cmdutil_tty_end(const char *tty)
{
	if (tty[0])
		printf(_(" (kernel tty %s)"), tty);
	printf("\n");
}
