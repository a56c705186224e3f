/* Every command's entry point; the table that names them is app/commands.c. */
#ifndef SY_COMMANDS_H
#define SY_COMMANDS_H
struct cli;
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_site(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_vehicle(struct cli *cli, int argc, char **argv);
int cmd_due(struct cli *cli, int argc, char **argv);
int cmd_scale(struct cli *cli, int argc, char **argv);
int cmd_idcard(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);
int cmd_maintain(struct cli *cli, int argc, char **argv);
int cmd_setting(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_factors(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_label(struct cli *cli, int argc, char **argv);
int cmd_printer(struct cli *cli, int argc, char **argv);
int cmd_devices(struct cli *cli, int argc, char **argv);
int cmd_cert(struct cli *cli, int argc, char **argv);
int cmd_doc(struct cli *cli, int argc, char **argv);
int cmd_depollute(struct cli *cli, int argc, char **argv);
int cmd_part(struct cli *cli, int argc, char **argv);
int cmd_ship(struct cli *cli, int argc, char **argv);
int cmd_waste(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_server(struct cli *cli, int argc, char **argv);
int cmd_filing(struct cli *cli, int argc, char **argv);
int cmd_photo(struct cli *cli, int argc, char **argv);
#endif
