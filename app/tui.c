/* Placeholder until the screens land. */
#include "app/tui.h"
#include "app/cli.h"
#include <stdio.h>
int tui_run(struct cli *cli)
{
	(void)cli;
	fprintf(stderr, "scrapyard: the full-screen program is not built yet\n");
	return 1;
}
