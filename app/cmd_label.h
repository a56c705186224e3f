/* What scrapyard label and scrapyard printer share: reporting a print. */
#ifndef SY_CMD_LABEL_H
#define SY_CMD_LABEL_H
#include <cjson/cJSON.h>

#include "app/cli.h"
#include "app/label_print.h"

cJSON *label_result_json(const struct label_print_result *r);
/* Print the outcome of a print or retry (a line, or JSON with --json) and
 * the next step for a job left queued, sent or failed; returns status. */
int label_report_result(struct cli *cli, int status, const struct label_print_result *r, const sy_err *err);
#endif
