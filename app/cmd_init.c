/* scrapyard init / site: the database and the yard's own details. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/cli_auth.h"
#include "app/commands.h"
#include "db/backup_crypt.h"
#include "db/db.h"
#include "base/i18n.h"
#include "db/site.h"
#include "base/util.h"

static void print_site(const struct site *s)
{
	printf("%-14s %s\n", _("Name:"), s->name);
	printf("%-14s %s\n", _("Licence:"), s->license_no);
	printf("%-14s %s\n", _("Address:"), s->address);
	printf("%-14s %s\n", _("Phone:"), s->phone);
	printf("%-14s %s\n", _("Credit code:"), s->credit_code);
	printf("%-14s %s\n", _("Permit by:"), s->permit_authority);
	printf("%-14s %s\n", _("Facility:"), s->waste_facility);
	printf("%-14s %s\n", _("Contact:"), s->contact);
}

static const struct cli_option cmd_init_opts[] = {
	CLI_ARG("name", 'n'), CLI_ARG("license", 'l'),
	CLI_ARG("address", 'a'), CLI_ARG("phone", 'p'),
	CLI_ARG("credit-code", 'c'), CLI_FLAG("if-new", 'N'),
	CLI_ARG("admin", 'A'), CLI_ARG("permit-authority", 'P'),
	CLI_ARG("waste-facility", 'W'), CLI_ARG("contact", 'C'),
	CLI_COMMON_LONGOPTS, {0}};

int cmd_init(struct cli *cli, int argc, char **argv)
{
	struct site in = {0}, current;
	int if_new = 0, given = 0, c, rc;
	const char *admin = NULL;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", cmd_init_opts)) != -1) {
		switch (c) {
		case 'n': sy_strlcpy(in.name, optarg, sizeof in.name); given++; break;
		case 'l': sy_strlcpy(in.license_no, optarg, sizeof in.license_no); given++; break;
		case 'a': sy_strlcpy(in.address, optarg, sizeof in.address); given++; break;
		case 'p': sy_strlcpy(in.phone, optarg, sizeof in.phone); given++; break;
		case 'c': sy_strlcpy(in.credit_code, optarg, sizeof in.credit_code); given++; break;
		case 'P': sy_strlcpy(in.permit_authority, optarg, sizeof in.permit_authority); given++; break;
		case 'W': sy_strlcpy(in.waste_facility, optarg, sizeof in.waste_facility); given++; break;
		case 'C': sy_strlcpy(in.contact, optarg, sizeof in.contact); given++; break;
		case 'N': if_new = 1; break;
		case 'A': admin = optarg; break;
		case 'J': break;
		default: return cli_usage("init");
		}
	}
	if (optind < argc)
		return cli_usage("init");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	/* The first admin, named or (on a terminal) asked for. */
	if ((admin || (given && !cli->json)) && (rc = cli_first_admin(cli, admin)))
		return rc;
	if ((if_new || admin) && !given) {
		if (!cli->json)
			return 0;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "database", db_path(d));
		if (admin)
			cJSON_AddStringToObject(o, "admin", admin);
		return cli_print_json(o);
	}
	int exists = site_get(d, &current, NULL) == SY_OK;
	if (exists) {
		/* An update: options not given keep their value. */
		if (!*in.name) sy_strlcpy(in.name, current.name, sizeof in.name);
		if (!*in.license_no) sy_strlcpy(in.license_no, current.license_no, sizeof in.license_no);
		if (!*in.address) sy_strlcpy(in.address, current.address, sizeof in.address);
		if (!*in.phone) sy_strlcpy(in.phone, current.phone, sizeof in.phone);
		if (!*in.credit_code) sy_strlcpy(in.credit_code, current.credit_code, sizeof in.credit_code);
		if (!*in.permit_authority) sy_strlcpy(in.permit_authority, current.permit_authority, sizeof in.permit_authority);
		if (!*in.waste_facility) sy_strlcpy(in.waste_facility, current.waste_facility, sizeof in.waste_facility);
		if (!*in.contact) sy_strlcpy(in.contact, current.contact, sizeof in.contact);
	}
	if ((rc = cli_require_role(cli, "supervisor")))
		return rc;
	if (site_save(d, &in, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	site_get(d, &current, NULL);
	/* A new yard gets its backup key now, so that its first backup is
	 * encrypted and the code can go to the safe from the first day. */
	struct backup_key key;
	int made = 0;
	sy_err kerr = {0};
	if (!exists && backup_key_ensure(db_path(d), &key, &made, &kerr) != SY_OK)
		fprintf(stderr, _("scrapyard: warning: %s (the first backup makes the key)\n"), kerr.msg);
	sodium_memzero(&key, sizeof key);
	if (cli->json)
		return cli_print_json(site_to_json(&current));
	printf(exists ? _("Updated the yard's details in %s\n") : _("Set up the yard in %s\n"), db_path(d));
	if (made)
		printf(_("Backups are encrypted with the yard's backup key: an admin shows its recovery code with 'scrapyard backup key --show' for the safe\n"));
	return 0;
}

int cmd_site(struct cli *cli, int argc, char **argv)
{
	struct site s;
	if (cli_common_options(argc, argv) != 0 || optind < argc)
		return cli_usage("site");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (site_get(d, &s, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(site_to_json(&s));
	print_site(&s);
	return 0;
}

const struct command cmd_init_command = {
	.name = "init",
	.run = cmd_init,
	.options = cmd_init_opts,
	.summary = N_("Create the database and set up the yard's own details"),
	.usage = N_("usage: scrapyard init --name NAME --license NUMBER --address ADDRESS [--phone P] [--credit-code USCC]\n"
	    "                      [--permit-authority TEXT] [--waste-facility CODE]   (who issued the permit; HJ 1259 facility)\n"
	    "                      [--contact NAME]   (who answers for the hazardous waste: on its labels)\n"
	    "       scrapyard init --if-new      (create the database only)\n"
	    "       scrapyard init --admin NAME  (the first admin; PIN from SCRAPYARD_PIN or asked twice)"),
};

const struct command cmd_site_command = {
	.name = "site",
	.run = cmd_site,
	.summary = N_("Show the yard's details"),
	.usage = N_("usage: scrapyard site [--json]"),
};
