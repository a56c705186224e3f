/* Marking filings done from the screens: see app/tui_filing.h. */
#include "app/tui_filing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/filing_sheet.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle.h"

void tui_filing_ask_done(struct tui *t, struct tui_ask *a, const struct filing *f, int64_t *target)
{
	char title[160], today[11];
	if (strcmp(f->state, "owed") != 0) {
		tui_error(t, _("Filing %lld is %s: nothing to mark"), (long long)f->id, filing_state_label(f));
		return;
	}
	db_today(today);
	snprintf(title, sizeof title, _("Done: %s of %s (due %s)"), filing_kind_short(f->kind), f->stock_no, f->due);
	tui_ask_start(a, TUI_ASK_FILING_DONE, title);
	tui_ask_add(a, _("Reference"), "", _("The number the authority gave for it"), 60);
	tui_ask_add(a, _("Date"), today, _("The day it was filed or handed over (YYYY-MM-DD)"), 10);
	*target = f->id;
}

int tui_filing_done(struct tui *t, struct tui_ask *a, int64_t id)
{
	char reference[64], date[16];
	struct filing f;
	sy_err err = {0};
	tui_ask_text(a, 0, reference, sizeof reference);
	tui_ask_text(a, 1, date, sizeof date);
	if (filing_done(tui_db(t), id, reference, date, 0, &f, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		a->active = 1;
		tui_ask_focus(a, strcmp(err.field, "date") == 0 ? 1 : 0);
		return -1;
	}
	tui_info(t, _("%s of %s done on %s, reference %s"), filing_kind_short(f.kind), f.stock_no, f.done_on, f.reference);
	return 0;
}

void tui_filing_pdf(struct tui *t, const struct filing *f)
{
	struct vehicle v;
	sy_err err = {0};
	unsigned warnings = 0;
	if (!filing_sheet_printable(f)) {
		tui_error(t, "%s", _("This report is typed into the platform from the screen: it has no sheet to print"));
		return;
	}
	char *file = vehicle_get(tui_db(t), f->vehicle_id, &v, &err) == SY_OK
			     ? filing_sheet_pdf(tui_db(t), &v, f->kind->code, NULL, &warnings, &err)
			     : NULL;
	if (file)
		tui_info(t, _("Sheet written: %s"), file);
	else
		tui_error(t, "%s", err.msg);
	free(file);
}
