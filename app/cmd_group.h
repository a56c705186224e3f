/* The group-wide questions (--all-yards) of vehicle list, part list and
 * report, answered by the head office while the yard is online. */
#ifndef SY_CMD_GROUP_H
#define SY_CMD_GROUP_H
#include "app/cli.h"

int group_vehicle_list(struct cli *cli, const char *search, int limit);
int group_part_list(struct cli *cli, const char *search, const char *status, int limit);
int group_report_operations(struct cli *cli, const char *from, const char *to);

#endif
