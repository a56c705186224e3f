/* The command table: every command in the order --help lists them. Each
 * command's name, summary, usage, subcommands and options are beside its
 * code (app/cmd_*.c); `scrapyard --help`, `scrapyard COMMAND --help`, the
 * man pages and the shell completion are all printed from them. */
#include "app/cli.h"
#include "app/commands.h"

const struct command *const commands[] = {
	&cmd_init_command,
	&cmd_site_command,
	&cmd_check_command,
	&cmd_vehicle_command,
	&cmd_due_command,
	&cmd_filing_command,
	&cmd_photo_command,
	&cmd_scale_command,
	&cmd_idcard_command,
	&cmd_backup_command,
	&cmd_restore_command,
	&cmd_setting_command,
	&cmd_maintain_command,
	&cmd_user_command,
	&cmd_audit_command,
	&cmd_report_command,
	&cmd_factors_command,
	&cmd_export_command,
	&cmd_label_command,
	&cmd_printer_command,
	&cmd_devices_command,
	&cmd_cert_command,
	&cmd_doc_command,
	&cmd_depollute_command,
	&cmd_part_command,
	&cmd_ship_command,
	&cmd_waste_command,
	&cmd_sync_command,
	&cmd_server_command,
	NULL,
};
