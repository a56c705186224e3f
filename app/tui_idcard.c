#include "app/tui_idcard.h"

#include <stdio.h>
#include <string.h>

#include "app/device_config.h"
#include "base/i18n.h"
#include "base/util.h"

/* A tick may wait this long for the reader's next bytes. */
#define POLL_MS 30

static struct {
	struct session *session;
	struct idcard_reader *reader;
	sy_err err;
} reading;

void tui_idcard_setup(struct session *s) { reading.session = s; }

static int open_reader(char *msg, size_t msgsz)
{
	struct idcard_config cfg;
	sy_err err = {0};
	idcard_config_init(&cfg);
	int configured = reading.session && device_idcard_configured(reading.session, &cfg);
	if (idcard_open(&cfg, &reading.reader, &err) == SY_OK)
		return 0;
	reading.reader = NULL;
	if (configured)
		snprintf(msg, msgsz, "%s", err.msg);
	else
		snprintf(msg, msgsz, _("%s (or set the reader with SCRAPYARD_IDCARD)"), err.msg);
	return -1;
}

int tui_idcard_poll(struct idcard *card, char *msg, size_t msgsz)
{
	*msg = '\0';
	if (!reading.reader) {
		sy_err_clear(&reading.err);
		if (open_reader(msg, msgsz) != 0)
			return TUI_IDCARD_ERROR;
	}
	switch (idcard_poll(reading.reader, card, POLL_MS, &reading.err)) {
	case IDCARD_OK: return TUI_IDCARD_READ;
	case IDCARD_WAITING:
		snprintf(msg, msgsz, "%s", reading.err.msg);
		return TUI_IDCARD_WAITING;
	default:
		snprintf(msg, msgsz, "%s", reading.err.msg);
		tui_idcard_release();
		return TUI_IDCARD_ERROR;
	}
}

const char *tui_idcard_where(void) { return reading.reader ? idcard_reader_id(reading.reader) : ""; }

void tui_idcard_release(void)
{
	idcard_close(reading.reader);
	reading.reader = NULL;
	sy_err_clear(&reading.err);
}
