/* The command table: name, entry point, one-line summary and usage.
 * `scrapyard --help` and `scrapyard COMMAND --help` are printed from it. */
#include "app/cli.h"
#include "app/commands.h"
#include "base/i18n.h"

const struct command commands[] = {
	{"init", cmd_init, N_("Create the database and set up the yard's own details"),
	 N_("usage: scrapyard init --name NAME --license NUMBER --address ADDRESS [--phone P] [--credit-code USCC]\n"
	    "                      [--permit-authority TEXT] [--waste-facility CODE]   (who issued the permit; HJ 1259 facility)\n"
	    "                      [--contact NAME]   (who answers for the hazardous waste: on its labels)\n"
	    "       scrapyard init --if-new      (create the database only)\n"
	    "       scrapyard init --admin NAME  (the first admin; PIN from SCRAPYARD_PIN or asked twice)")},
	{"site", cmd_site, N_("Show the yard's details"), N_("usage: scrapyard site [--json]")},
	{"check", cmd_check, N_("Check and normalise an identifier"),
	 N_("usage: scrapyard check vin|id|uscc|plate|battery VALUE [--json]")},
	{"vehicle", cmd_vehicle, N_("Check vehicles in, show, list, import, correct, cancel, close"),
	 N_("usage: scrapyard vehicle add --vin V --plate P --owner NAME --owner-id ID [OPTIONS] [--confirm-weight] [--json]\n"
	    "       scrapyard vehicle show REF [--masked] [--json]\n"
	    "       scrapyard vehicle list [--search TEXT] [--limit N] [--all-yards] [--json]\n"
	    "       scrapyard vehicle import FILE.csv [--confirm-weight] [--json]\n"
	    "       scrapyard vehicle mark REF --deregistered DATE | --battery-reported DATE\n"
	    "       scrapyard vehicle correct REF --FIELD VALUE ... --reason TEXT [--json]   (the options of vehicle add)\n"
	    "       scrapyard vehicle cancel REF --reason TEXT [--json]   (supervisor: a wrong check-in)\n"
	    "       scrapyard vehicle close REF [--json]   (its work done; closes by itself as a rule)\n"
	    "       scrapyard vehicle add --help   (every intake option)")},
	{"due", cmd_due, N_("What the yard owes the authorities, due within three working days or late"),
	 N_("usage: scrapyard due [--all] [--json]   (--all: everything owed)")},
	{"filing", cmd_filing, N_("Filings owed to the authorities: list, show what to file, mark done, site rules"),
	 N_("usage: scrapyard filing list [--due|--late|--all] [--kind K] [--vehicle REF] [--limit N] [--json]\n"
	    "       scrapyard filing show ID [--json]      (what to file, in the authority's order)\n"
	    "       scrapyard filing done ID --reference REF [--date D] [--json]\n"
	    "       scrapyard filing rules [KIND [--days N] [--photos KINDS|none]] [--json]   (supervisor to change)\n"
	    "   kinds: mofcom_entry battery_report battery_outbound deregistration")},
	{"photo", cmd_photo, N_("Evidence photos of a vehicle: attach, list, the camera folder"),
	 N_("usage: scrapyard photo add REF FILE --what entry|rubbing|cut|battery|other [--step STEP] [--json]\n"
	    "       scrapyard photo add REF --newest --what KIND   (the newest picture in the camera folder)\n"
	    "       scrapyard photo list REF [--json]\n"
	    "       scrapyard photo folder [PATH|-]   (the camera or scanner folder the screens take the newest from)\n"
	    "   JPEG or PNG, at most 20 MB and 50 megapixels")},
	{"scale", cmd_scale, N_("Find and read scales"),
	 N_("usage: scrapyard scale list [--json]\n"
	    "       scrapyard scale read [--device ID | --port PATH|tcp://HOST:PORT] [--protocol toledo|xk3190|xk3190-forward|stgs|sics|auto] [--baud N|auto] [--timeout S] [--json]\n"
	    "       scrapyard scale watch [--device ID | --port PATH|tcp://HOST:PORT] [--timeout S] [--json]\n"
	    "       scrapyard scale zero|tare [--device ID | --port PATH|tcp://HOST:PORT] [--protocol P]\n"
	    "       scrapyard scale use [PORT|ID|tcp://HOST:PORT|-] [--protocol P] [--baud N|auto] [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "   serial line: [--parity N|E|O] [--data-bits 7|8] [--stop-bits 1|2]; [--stable N] equal readings (3)\n"
	    "   without --device or --port: SCRAPYARD_SCALE (ID, PATH or tcp://HOST:PORT, then [,PROTOCOL][,BAUD|auto]),\n"
	    "   else the scale this counter, this user or the yard chose (scale use), else the only scale found")},
	{"idcard", cmd_idcard, N_("Read the owner's resident ID card on the counter's reader"),
	 N_("usage: scrapyard idcard list [--json]\n"
	    "       scrapyard idcard read [--port TTY|tcp://HOST:PORT | --device ID] [--baud N] [--timeout S] [--json]\n"
	    "       scrapyard idcard use [PORT|ID|tcp://HOST:PORT|-] [--baud N] [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "   without --device or --port: SCRAPYARD_IDCARD (ID, PATH or tcp://HOST:PORT, then [,BAUD]), else the reader\n"
	    "   this counter, this user or the yard chose (idcard use), else the only USB-serial bridge found that is\n"
	    "   not the scale's; 115200 baud unless given")},
	{"backup", cmd_backup, N_("Back up the database (to a USB stick), or show when it was last done"),
	 N_("usage: scrapyard backup PATH [--plain] [--json]   (a file, or a folder on the stick; encrypted unless --plain)\n"
	    "       scrapyard backup --status [--json]\n"
	    "       scrapyard backup key --show [--json]      (admin: the recovery code of the backup key, for the safe)")},
	{"restore", cmd_restore, N_("Replace the database with a backup, keeping the current one aside"),
	 N_("usage: scrapyard restore PATH [--key CODE] [--other-yard] [--json]   (admin; --key: the recovery code, on a new machine; --other-yard: a backup of another licence)")},
	{"setting", cmd_setting, N_("The yard's settings: show them, set one (supervisor)"),
	 N_("usage: scrapyard setting [KEY [VALUE|-]] [--json]   (- sets it back to its default)")},
	{"maintain", cmd_maintain, N_("Merge the search indexes and tidy the database (nightly, or after a big import)"),
	 N_("usage: scrapyard maintain [--json]\n"
	    "       scrapyard maintain --purge-personal-data [--dry-run | --yes] [--json]   (erase owners' personal data past its retention; a dry run unless --yes; supervisor)")},
	{"user", cmd_user, N_("Users, roles and PINs"),
	 N_("usage: scrapyard user add NAME --role clerk|supervisor|admin [--full-name TEXT]   (admin; new PIN from SCRAPYARD_NEW_PIN or asked)\n"
	    "       scrapyard user set NAME --full-name TEXT   (the name documents print; admin, or oneself)\n"
	    "       scrapyard user list [--json]\n"
	    "       scrapyard user passwd [NAME]     (own PIN, or an admin sets NAME's and lifts a lockout)\n"
	    "       scrapyard user require-login yes|no   (admin)")},
	{"audit", cmd_audit, N_("Check the audit trail, show a record's history"),
	 N_("usage: scrapyard audit verify [--against EXPORT_DIR|BACKUP|ENTRY:HASH] [--json]\n"
	    "       scrapyard audit show REF|ENTITY ID [--json]\n"
	    "       scrapyard audit key   (as root: the key for a keyed MAC on every entry, kept beside the database)")},
	{"report", cmd_report, N_("Mass balance, recovery rates, CO2 avoided and operations reports"),
	 N_("usage: scrapyard report mass-balance|recovery|carbon|operations [--from DATE] [--to DATE] [--vehicle REF]\n"
	    "                        [--json | --csv FILE | --pdf FILE]\n"
	    "       scrapyard report operations --all-yards [--from DATE] [--to DATE] [--json]   (every yard of the group)")},
	{"factors", cmd_factors, N_("The emission factors of the carbon report, with their sources"),
	 N_("usage: scrapyard factors list [--json]\n"
	    "       scrapyard factors import FILE.csv   (route,key,factor,low,high,quality,source)")},
	{"export", cmd_export, N_("Export new and changed records for upload to the national systems"),
	 N_("usage: scrapyard export --out DIR [--json]   (CSV and JSON files in a new folder under DIR)")},
	{"label", cmd_label, N_("Print vehicle tags, part, core and hazardous waste labels, or write them to a file"),
	 N_("usage: scrapyard label print vehicle|part|core|waste REF [--printer ID|tcp://HOST:PORT [--format zpl|tspl|ql]] [--copies N] [--size WxH]\n"
	    "       scrapyard label print KIND REF --format png|text|zpl|tspl|ql|dymo --output FILE [--size WxH] [--dpi N]\n"
	    "       REF: a stock number, VIN or plate (vehicle), a part number (part, core), a container code (waste)")},
	{"printer", cmd_printer, N_("Label printers: find them, their status, the print queue"),
	 N_("usage: scrapyard printer list [--json]\n"
	    "       scrapyard printer status [ID|tcp://HOST:PORT] [--format zpl|tspl|ql|dymo] [--json]\n"
	    "       scrapyard printer retry [JOB] [--printer ID|tcp://HOST:PORT] [--json]   (every queued job, or job JOB)\n"
	    "       scrapyard printer jobs [--all] [--json]\n"
	    "       scrapyard printer use [ID|tcp://HOST:PORT|-] [--format zpl|tspl|ql|dymo] [--dpi N] [--size WxH] [--gap MM]\n"
	    "                             [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "                             (a clerk: their own and their counter's; the yard's, another's: supervisor)\n"
	    "       scrapyard printer a4 [NAME|-] [--here | --counter NAME | --for-user NAME | --yard] [--json]\n"
	    "                             (the CUPS printer for certificates and documents; the yard's: supervisor)\n"
	    "   --language is the same as --format; a network printer is asked its language when none is given")},
	{"devices", cmd_devices, N_("The counter this session works at and the devices it uses"),
	 N_("usage: scrapyard devices [--json]   (the label printer, scale and ID card reader, and where each choice comes from)\n"
	    "       scrapyard devices --all [--json]   (every counter's and user's choices)")},
	{"cert", cmd_cert, N_("Recycling certificates: issue, void, reissue, print, verify"),
	 N_("usage: scrapyard cert issue REF [--output FILE.pdf] [--print] [--printer NAME] [--json]   (REF: stock number, VIN or plate)\n"
	    "       scrapyard cert void NUMBER --reason TEXT [--json]   (supervisor; then 'cert issue' reissues)\n"
	    "       scrapyard cert show NUMBER [--json]\n"
	    "       scrapyard cert list [--vehicle REF] [--limit N] [--json]\n"
	    "       scrapyard cert pdf NUMBER --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard cert verify PAYLOAD [--json]   (the text of a certificate's QR code)")},
	{"doc", cmd_doc, N_("Print the intake receipt, dismantling record, ledgers, certificate of destruction, filing sheets (PDF)"),
	 N_("usage: scrapyard doc receipt REF --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard doc dismantling REF --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard doc ledger parts|waste|batteries [--from DATE] [--to DATE] --output FILE [--print] [--printer NAME] [--json]\n"
	    "       scrapyard doc cod REF --output FILE [--country MARK] [--class M1] [--nationality TEXT]\n"
	    "       scrapyard doc mofcom REF --output FILE [--print] [--printer NAME] [--json]   (the ministry's ELV entry sheet)\n"
	    "       scrapyard doc dereg REF --output FILE [--print] [--printer NAME] [--json]    (deregistration cover sheet)")},
	{"depollute", cmd_depollute, N_("Pretreatment (depollution) steps of a vehicle: record them, show the checklist"),
	 N_("usage: scrapyard depollute REF [--show] [--json]   (the checklist: done, next, blocked and why)\n"
	    "       scrapyard depollute REF --step STEP [--qty N --unit l|kg] [--container C] [--not-present]\n"
	    "                 [--state S | --type T | --result R] [--code BATTERYCODE] [--by NAME] [--notes T] [--json]\n"
	    "       scrapyard depollute REF --step battery_handover --recipient NAME --recipient-kind oem|echelon|recycler\n"
	    "                 [--credit-code USCC] [--date DATE] [--json]\n"
	    "       scrapyard depollute REF --undo STEP --reason TEXT [--json]\n"
	    "       scrapyard depollute --steps [--json]   (the steps, units and preconditions)")},
	{"part", cmd_part, N_("Parts: harvest, grade, search the inventory, move, sell; part kinds"),
	 N_("usage: scrapyard part add REF --kind KIND --grade A|B|C [--dest reuse|reman|material|hazardous|energy|landfill]\n"
	    "                 [--weight-kg N] [--location BIN] [--price P] [--material M] [--notes T] [--photo FILE]... [--json]\n"
	    "       scrapyard part list [--search TEXT] [--vehicle REF] [--status stock|sold|shipped|scrapped] [--kind KIND] [--limit N] [--json]\n"
	    "       scrapyard part list --all-yards --search TEXT [--status S] [--limit N] [--json]   (every yard of the group)\n"
	    "       scrapyard part show PARTNO [--json]\n"
	    "       scrapyard part move PARTNO --location BIN [--json]\n"
	    "       scrapyard part update PARTNO [--grade G] [--dest D] [--weight-kg N] [--price P] [--notes T] [--photo FILE]... [--json]\n"
	    "       scrapyard part sell PARTNO --to NAME [--party-kind K] [--price P] [--date DATE] [--credit-code C] [--json]\n"
	    "       scrapyard part kinds [--add CODE --en NAME --zh NAME [--material M] [--max N]] [--json]")},
	{"ship", cmd_ship, N_("Outbound: parts, cores and material lots to buyers, remanufacturers, recyclers; the parts ledger"),
	 N_("usage: scrapyard ship parts PARTNO... --to NAME [--party-kind K] [--date DATE] [--price P] [--notes T] [--json]\n"
	    "       scrapyard ship material --material steel|aluminium|copper|plastics|glass|rubber|hulk|mixed --weight-kg N\n"
	    "                 --to NAME [--price P] [--date DATE] [--json]\n"
	    "       scrapyard ship list [--since DATE] [--until DATE] [--to NAME] [--kind parts|material] [--limit N] [--json]\n"
	    "       scrapyard ship ledger [--since DATE] [--until DATE] [--assemblies] [--json]\n"
	    "       scrapyard ship show SHIPNO [--json]\n"
	    "       scrapyard ship party add --name NAME --kind KIND [--licence L] [--credit-code USCC] [--phone P] [--address A]\n"
	    "       scrapyard ship party list [--kind KIND] [--json]\n"
	    "       party kinds: buyer remanufacturer recycler hazardous_handler energy_recovery landfill\n"
	    "                    battery_oem battery_echelon battery_recycler")},
	{"waste", cmd_waste, N_("Hazardous waste ledger (HJ 1259): containers generated, into store, out to a licensed handler"),
	 N_("usage: scrapyard waste add --code CODE --qty N [--unit kg|l|t|pcs] [--container C] [--container-type T]\n"
	    "                 [--containers N] [--vehicle REF] [--facility F] [--destination D] [--notes T] [--json]\n"
	    "       scrapyard waste store CONTAINER [--location L] [--json]\n"
	    "       scrapyard waste ship CONTAINER... --handler NAME [--manifest NO] [--date DATE] [--destination D] [--json]\n"
	    "       scrapyard waste list [--state open|stored|shipped] [--code C] [--since DATE] [--until DATE] [--vehicle REF]\n"
	    "                 [--ledger] [--limit N] [--json]\n"
	    "       scrapyard waste show CONTAINER [--json]\n"
	    "       scrapyard waste stock [--json]\n"
	    "       scrapyard waste codes [--add CODE --category C --en NAME --zh NAME [--unit U] [--site-defined]] [--json]\n"
	    "                 [--form solid|liquid|semi_solid|gas] [--hazard T,C,I,R,In] [--components TEXT]\n"
	    "                 [--hazardous TEXT] [--precautions TEXT]   (what its containers' labels say)")},
	{"sync", cmd_sync, N_("Synchronise with the group's head office: send this yard's changes, receive the shared reference data"),
	 N_("usage: scrapyard sync [--url URL] [--json]   (URL: e.g. service=headoffice; the login in pg_service.conf or ~/.pgpass)\n"
	    "       scrapyard sync --verify [--url URL] [--json]   (row counts and content hashes, here and at the head office)\n"
	    "       scrapyard sync status [--json]   (last success, what is waiting)")},
	{"server", cmd_server, N_("The head office's PostgreSQL database: create, migrate, register yards"),
	 N_("usage: scrapyard server init --url URL [--json]\n"
	    "       scrapyard server migrate --url URL [--json]\n"
	    "       scrapyard server add-yard --url URL --licence NUMBER --name NAME --role LOGIN [--json]")},
	{0},
};
