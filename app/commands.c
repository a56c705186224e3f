/* The command table: name, entry point, one-line summary and usage.
 * `scrapyard --help` and `scrapyard COMMAND --help` are printed from it. */
#include "app/cli.h"
#include "app/commands.h"
#include "db/i18n.h"

const struct command commands[] = {
	{"init", cmd_init, N_("Create the database and set up the yard's own details"),
	 N_("usage: scrapyard init --name NAME --license NUMBER --address ADDRESS [--phone P] [--credit-code USCC]\n"
	    "       scrapyard init --if-new      (create the database only)")},
	{"site", cmd_site, N_("Show the yard's details"), N_("usage: scrapyard site [--json]")},
	{"check", cmd_check, N_("Check and normalise an identifier"),
	 N_("usage: scrapyard check vin|id|uscc|plate|battery VALUE [--json]")},
	{"vehicle", cmd_vehicle, N_("Check vehicles in, show, list, import"),
	 N_("usage: scrapyard vehicle add --vin V --plate P --owner NAME --owner-id ID [OPTIONS] [--json]\n"
	    "       scrapyard vehicle show REF [--json]\n"
	    "       scrapyard vehicle list [--search TEXT] [--limit N] [--json]\n"
	    "       scrapyard vehicle import FILE.csv [--json]\n"
	    "       scrapyard vehicle mark REF --deregistered DATE | --battery-reported DATE\n"
	    "       scrapyard vehicle add --help   (every intake option)")},
	{"due", cmd_due, N_("Deadlines due or late"), N_("usage: scrapyard due [--all] [--json]")},
	{"scale", cmd_scale, N_("Find and read scales"),
	 N_("usage: scrapyard scale list [--json]\n"
	    "       scrapyard scale read [--device ID | --port PATH] [--protocol toledo|xk3190|stgs|sics|auto] [--baud N] [--timeout S] [--json]\n"
	    "       scrapyard scale watch [--device ID | --port PATH]")},
	{0},
};
