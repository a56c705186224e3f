/* The command table: name, entry point, one-line summary and usage.
 * `scrapyard --help` and `scrapyard COMMAND --help` are printed from it. */
#include "app/cli.h"
#include "app/commands.h"
#include "db/i18n.h"

const struct command commands[] = {
	{"init", cmd_init, N_("Create the database and set up the yard's own details"),
	 N_("usage: scrapyard init --name NAME --license NUMBER --address ADDRESS [--phone P] [--credit-code USCC]\n"
	    "       scrapyard init --if-new      (create the database only)\n"
	    "       scrapyard init --admin NAME  (the first admin; PIN from SCRAPYARD_PIN or asked twice)")},
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
	{"backup", cmd_backup, N_("Back up the database (to a USB stick), or show when it was last done"),
	 N_("usage: scrapyard backup PATH [--json]      (a file, or a folder on the stick)\n"
	    "       scrapyard backup --status [--json]")},
	{"restore", cmd_restore, N_("Replace the database with a backup, keeping the current one aside"),
	 N_("usage: scrapyard restore PATH [--json]")},
	{"user", cmd_user, N_("Users, roles and PINs"),
	 N_("usage: scrapyard user add NAME --role clerk|supervisor|admin   (admin; new PIN from SCRAPYARD_NEW_PIN or asked)\n"
	    "       scrapyard user list [--json]\n"
	    "       scrapyard user passwd [NAME]     (own PIN, or an admin sets NAME's and lifts a lockout)\n"
	    "       scrapyard user require-login yes|no   (admin)")},
	{"audit", cmd_audit, N_("Check the audit trail, show a record's history"),
	 N_("usage: scrapyard audit verify [--json]\n"
	    "       scrapyard audit show REF|ENTITY ID [--json]")},
	{"report", cmd_report, N_("Mass balance, recovery rates, CO2 avoided and operations reports"),
	 N_("usage: scrapyard report mass-balance|recovery|carbon|operations [--from DATE] [--to DATE] [--vehicle REF]\n"
	    "                        [--json | --csv FILE | --pdf FILE]")},
	{"factors", cmd_factors, N_("The emission factors of the carbon report, with their sources"),
	 N_("usage: scrapyard factors list [--json]\n"
	    "       scrapyard factors import FILE.csv   (route,key,factor,low,high,quality,source)")},
	{"export", cmd_export, N_("Export new and changed records for upload to the national systems"),
	 N_("usage: scrapyard export --out DIR [--json]   (CSV and JSON files in a new folder under DIR)")},
	{"label", cmd_label, N_("Print vehicle tags, part, core and hazardous waste labels, or write them to a file"),
	 N_("usage: scrapyard label print vehicle|part|core|waste REF [--printer ID] [--copies N] [--size WxH]\n"
	    "       scrapyard label print KIND REF --format png|text|zpl|tspl|ql|dymo --output FILE [--size WxH] [--dpi N]\n"
	    "       REF: a stock number, VIN or plate (vehicle), a part number (part, core), a container code (waste)")},
	{"printer", cmd_printer, N_("Label printers: find them, their status, the print queue"),
	 N_("usage: scrapyard printer list [--json]\n"
	    "       scrapyard printer status [ID] [--json]\n"
	    "       scrapyard printer retry [JOB] [--printer ID] [--json]   (every queued job, or job JOB)\n"
	    "       scrapyard printer jobs [--all] [--json]\n"
	    "       scrapyard printer use ID|- [--language zpl|tspl|ql|dymo] [--dpi N] [--size WxH] [--gap MM]")},
	{0},
};
