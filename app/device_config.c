#include "app/device_config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/devices.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/ident.h"
#include "drivers/net.h"
#include "drivers/serial.h"

/* ---- the scale ---- */

/* "PORT|ID[,PROTOCOL][,BAUD|auto]" into cfg, pointing into target and protocol. */
static int spec_to_config(const char *spec, struct scale_config *cfg, char *target, size_t tsize, char *protocol,
			  size_t psize)
{
	char copy[320];
	sy_strlcpy(copy, spec, sizeof copy);
	char *save = NULL, *tok = strtok_r(copy, ",", &save);
	if (!tok)
		return 0;
	sy_strlcpy(target, tok, tsize);
	if (target[0] == '/' || net_is_address(target))
		cfg->port = target;
	else
		cfg->device = target;
	/* PATH,PROTOCOL,BAUD: a number is a baud rate; "auto" after a protocol is --baud auto. */
	int fields = 0;
	while ((tok = strtok_r(NULL, ",", &save))) {
		if (tok[0] >= '0' && tok[0] <= '9') {
			cfg->baud = atoi(tok);
		} else if (fields == 1 && strcmp(tok, "auto") == 0) {
			cfg->baud = SCALE_BAUD_AUTO;
		} else {
			sy_strlcpy(protocol, tok, psize);
			cfg->protocol = protocol;
		}
		fields++;
	}
	return 1;
}

int device_scale_spec_check(const char *spec, sy_err *err)
{
	char target[256], protocol[16];
	struct scale_config cfg;
	scale_config_init(&cfg);
	if (!spec_to_config(spec, &cfg, target, sizeof target, protocol, sizeof protocol))
		return devices_check_target(spec, err);
	int st = devices_check_target(target, err);
	return st != SY_OK ? st : scale_config_check(&cfg, err);
}

int device_scale_configured(struct session *s, struct scale_config *cfg)
{
	static char target[256], protocol[16];
	char spec[320];
	enum device_scope scope;
	int env;
	/* SCRAPYARD_SCALE, else the scale this counter, this user or the yard chose */
	if (!devices_current(s, DEVICE_SCALE, spec, sizeof spec, &scope, &env) || !*spec)
		return 0;
	return spec_to_config(spec, cfg, target, sizeof target, protocol, sizeof protocol);
}

/* ---- the ID card reader ---- */

/* The configured scale, as a string the reader's chooser can skip. */
static void avoid_scale(struct session *s, struct idcard_config *cfg)
{
	static char avoid[256];
	struct scale_config scale;
	scale_config_init(&scale);
	cfg->avoid = NULL;
	if (!device_scale_configured(s, &scale))
		return;
	sy_strlcpy(avoid, scale.port ? scale.port : scale.device ? scale.device : "", sizeof avoid);
	cfg->avoid = avoid;
}

int device_idcard_spec_check(const char *spec, sy_err *err)
{
	char target[256];
	struct serial_line line;
	serial_line_default(&line);
	line.baud = IDCARD_DEFAULT_BAUD;
	sy_strlcpy(target, spec, sizeof target);
	char *comma = strchr(target, ',');
	if (comma) {
		*comma = '\0';
		if (!comma[1] || strspn(comma + 1, "0123456789") != strlen(comma + 1))
			return sy_fail(err, SY_INVALID, "baud", _("the baud rate must be a number such as 115200, not '%s'"),
				       comma + 1);
		line.baud = atoi(comma + 1);
	}
	int st = devices_check_target(target, err);
	return st != SY_OK ? st : serial_line_check(&line, err);
}

int device_idcard_configured(struct session *s, struct idcard_config *cfg)
{
	static char target[256];
	char copy[320];
	enum device_scope scope;
	int env;
	avoid_scale(s, cfg);
	/* SCRAPYARD_IDCARD, else the reader this counter, this user or the yard chose */
	if (!devices_current(s, DEVICE_IDCARD, copy, sizeof copy, &scope, &env) || !*copy)
		return 0;
	char *save = NULL, *tok = strtok_r(copy, ",", &save);
	if (!tok)
		return 0;
	sy_strlcpy(target, tok, sizeof target);
	if (target[0] == '/' || net_is_address(target))
		cfg->port = target;
	else
		cfg->device = target;
	if ((tok = strtok_r(NULL, ",", &save)))
		cfg->baud = atoi(tok);
	return 1;
}

int device_idcard_problems(const struct idcard *card, const char *today, char msg[][300])
{
	int n = 0;
	char id[IDENT_RESIDENT_ID_SIZE];
	sy_err e = {0};
	if (ident_resident_id(card->id_number, id, &e) != SY_OK)
		snprintf(msg[n++], 300, _("the ID number on the card fails the check (%s): the card may be damaged or forged"),
			 e.msg);
	if (idcard_expired(card, today))
		snprintf(msg[n++], 300, _("the ID card expired on %s: it is not a valid identity document; ask for a valid one"),
			 card->valid_until);
	return n;
}
