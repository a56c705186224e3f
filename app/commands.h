/* Every command: its entry point and its table (name, summary, usage,
 * subcommands, options), beside its code; app/commands.c lists them. */
#ifndef SY_COMMANDS_H
#define SY_COMMANDS_H
struct cli;
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_site(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_due(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_maintain(struct cli *cli, int argc, char **argv);
int cmd_setting(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_devices(struct cli *cli, int argc, char **argv);
int cmd_depollute(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
struct command;
extern const struct command cmd_init_command;
extern const struct command cmd_site_command;
extern const struct command cmd_check_command;
extern const struct command cmd_vehicle_command;
extern const struct command cmd_due_command;
extern const struct command cmd_filing_command;
extern const struct command cmd_photo_command;
extern const struct command cmd_scale_command;
extern const struct command cmd_idcard_command;
extern const struct command cmd_backup_command;
extern const struct command cmd_restore_command;
extern const struct command cmd_setting_command;
extern const struct command cmd_maintain_command;
extern const struct command cmd_user_command;
extern const struct command cmd_audit_command;
extern const struct command cmd_report_command;
extern const struct command cmd_factors_command;
extern const struct command cmd_export_command;
extern const struct command cmd_label_command;
extern const struct command cmd_printer_command;
extern const struct command cmd_devices_command;
extern const struct command cmd_cert_command;
extern const struct command cmd_doc_command;
extern const struct command cmd_depollute_command;
extern const struct command cmd_part_command;
extern const struct command cmd_ship_command;
extern const struct command cmd_waste_command;
extern const struct command cmd_sync_command;
extern const struct command cmd_server_command;
#endif
