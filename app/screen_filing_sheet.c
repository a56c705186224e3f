/* One filing and what to file for it, line by line in the authority's
 * order (app/filing_sheet.h), so the clerk types straight from the screen.
 * A VIN the ministry's system has seen before is said first, in red. F2
 * marks it done, F6 writes the sheet as PDF beside the database. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/filing_sheet.h"
#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_filing.h"
#include "app/tui_view.h"
#include "base/i18n.h"
#include "base/util.h"

enum { ACT_DONE = ACT_SCREEN, ACT_PDF, ACT_VEHICLE };

struct sheet_screen {
	struct filing f;
	struct tui_view view;
	struct tui_ask ask;
	int64_t target;
};

static const struct tui_key sheet_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_DONE, "Done", "已办", "Mark this filing done (asks the reference)", "本事项已办结（输入受理编号）"},
	{TUI_FN(KEY_F(6)), ACT_PDF, "PDF", "PDF", "Write the sheet as a one-page PDF beside the database",
	 "生成单页 PDF（存于数据库旁）"},
	{TUI_FN(KEY_F(7)), ACT_VEHICLE, "Vehicle", "车辆", "Open the vehicle", "打开车辆"},
	{0},
};

static void build(struct tui *t, struct sheet_screen *s)
{
	const struct filing *f = &s->f;
	struct filing_sheet sheet;
	sy_err err = {0};
	char text[512];
	tui_view_clear(&s->view);
	snprintf(text, sizeof text, "%s  %s  %s", filing_kind_label(f->kind), f->stock_no, f->plate);
	tui_view_heading(&s->view, text);
	tui_view_add(&s->view, _("To"), filing_kind_authority(f->kind), STYLE_NORMAL);
	snprintf(text, sizeof text, "%s (%s)", f->event_on, sy_pick(f->kind->event_en, f->kind->event_zh));
	tui_view_add(&s->view, _("Owed since"), text, STYLE_NORMAL);
	tui_view_add(&s->view, _("Due"), f->due, f->late && strcmp(f->state, "owed") == 0 ? STYLE_LATE : STYLE_NORMAL);
	if (strcmp(f->state, "done") == 0)
		snprintf(text, sizeof text, _("done on %s by %s, reference %s"), f->done_on, f->done_by,
			 *f->reference ? f->reference : "-");
	else
		snprintf(text, sizeof text, "%s%s%s", filing_state_label(f), *f->note ? ": " : "", f->note);
	tui_view_add(&s->view, _("State"), text, f->late && strcmp(f->state, "owed") == 0 ? STYLE_LATE : STYLE_NORMAL);
	if (filing_sheet_make(tui_db(t), f, &sheet, &err) != SY_OK) {
		tui_view_add(&s->view, "", err.msg, STYLE_LATE);
		filing_sheet_free(&sheet);
		return;
	}
	if (*sheet.warning)
		tui_view_add(&s->view, _("Warning"), sheet.warning, STYLE_LATE);
	for (int i = 0; i < sheet.n; i++) {
		const struct doc_sheet_row *r = &sheet.rows[i];
		/* the authorities' forms are in Chinese: their words stay beside ours */
		char label[160];
		if (sy_lang_is_zh())
			snprintf(label, sizeof label, "%s", r->zh);
		else
			snprintf(label, sizeof label, "%s %s", r->en, r->zh);
		if (r->section) {
			tui_view_heading(&s->view, label);
			continue;
		}
		int missing = r->required && (!r->value || !*r->value);
		tui_view_add(&s->view, label, missing ? _("(not recorded: ask the owner)") : r->value,
			     missing ? STYLE_LATE : STYLE_NORMAL);
	}
	filing_sheet_free(&sheet);
}

static int sheet_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct sheet_screen *s = xcalloc(1, sizeof *s);
	sy_err err = {0};
	if (!arg || filing_get(tui_db(t), *(const int64_t *)arg, &s->f, &err) != SY_OK) {
		tui_error(t, "%s", err.msg[0] ? err.msg : _("That filing is no longer there"));
		free(s);
		return -1;
	}
	build(t, s);
	*state = s;
	return 0;
}

static void sheet_close(struct tui *t, void *state)
{
	(void)t;
	struct sheet_screen *s = state;
	tui_view_clear(&s->view);
	free(s);
}

static void sheet_draw(struct tui *t, void *state)
{
	struct sheet_screen *s = state;
	tui_view_draw(&s->view, tui_body(t));
	if (s->ask.active)
		tui_ask_draw(t, &s->ask);
}

static int sheet_key(struct tui *t, void *state, int action, int key)
{
	struct sheet_screen *s = state;
	sy_err err = {0};
	if (s->ask.active) {
		switch (tui_ask_key(&s->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE:
			if (tui_filing_done(t, &s->ask, s->target) == 0 && filing_get(tui_db(t), s->f.id, &s->f, &err) == SY_OK)
				build(t, s);
			break;
		case ASK_CANCEL: tui_info(t, "%s", _("Nothing changed")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	switch (action) {
	case ACT_DONE: tui_filing_ask_done(t, &s->ask, &s->f, &s->target); return TUI_HANDLED;
	case ACT_PDF: tui_filing_pdf(t, &s->f); return TUI_HANDLED;
	case ACT_VEHICLE: tui_push(t, &screen_vehicle, &s->f.vehicle_id); return TUI_HANDLED;
	default: return tui_view_key(&s->view, action);
	}
}

static int sheet_unsaved(void *state)
{
	const struct sheet_screen *s = state;
	return s->ask.active;
}

const struct screen_ops screen_filing_sheet = {
	.name = "filing",
	.title_en = "What to file",
	.title_zh = "填报内容",
	.keys = sheet_keys,
	.base = keys_scroll,
	.open = sheet_open,
	.draw = sheet_draw,
	.key = sheet_key,
	.close = sheet_close,
	.unsaved = sheet_unsaved,
};
