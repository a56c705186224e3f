/* Correct a vehicle's record: the intake form filled from the record, F2
 * and a written reason save it through vehicle_correct (audited, the reason
 * kept). A field the certificate in force prints is a supervisor's to
 * correct, and the screen says that the certificate must then be voided and
 * issued again. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_ask.h"
#include "app/tui_form.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle_life.h"
#include "forms/form.h"

enum { ACT_CORRECT = ACT_SCREEN };
/* What the box over the form asks: an unusual mass first, then the reason. */
enum { ASK_REASON, ASK_MASS };

struct correct {
	struct vehicle old, v;
	struct tui_form *form;
	struct tui_ask ask;
	struct vehicle_correction plan;
	char unusual[512]; /* why the mass asked about is unusual */
	char unusual_field[32];
};

static void ask_reason(struct correct *c);

static const struct tui_key correct_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_CORRECT, "Save", "保存", "Save the correction (asks the reason)", "保存更正（须填原因）"},
	{0},
};

static int correct_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct correct *c = xcalloc(1, sizeof *c);
	sy_err err = {0};
	if (!arg || vehicle_get(tui_db(t), *(const int64_t *)arg, &c->old, &err) != SY_OK) {
		tui_error(t, "%s", err.msg[0] ? err.msg : _("That vehicle is no longer there"));
		free(c);
		return -1;
	}
	if (strcmp(c->old.status, "cancelled") == 0) {
		tui_error(t, _("%s was cancelled: a cancelled check-in is not corrected"), c->old.stock_no);
		free(c);
		return -1;
	}
	c->v = c->old;
	c->form = tui_form_new(&form_intake, &c->v);
	*state = c;
	return 0;
}

static void correct_close(struct tui *t, void *state)
{
	(void)t;
	struct correct *c = state;
	tui_form_free(c->form);
	free(c);
}

static int correct_unsaved(void *state)
{
	struct correct *c = state;
	return tui_form_dirty(c->form) || c->ask.active;
}

/* The labels of the fields that differ from the record, comma separated. */
static void changed_labels(const struct correct *c, char *out, size_t size)
{
	char a[1024], b[1024];
	*out = '\0';
	for (int i = 0; i < form_intake.count; i++) {
		const struct form_field *f = &form_intake.fields[i];
		form_get(f, &c->old, a, sizeof a);
		form_get(f, &c->v, b, sizeof b);
		if (strcmp(a, b) != 0) {
			size_t n = strlen(out);
			snprintf(out + n, size - n, "%s%s", n ? (sy_lang_is_zh() ? "、" : ", ") : "", form_label(f));
		}
	}
}

static void report(struct tui *t, struct correct *c, const sy_err *err)
{
	if (*err->field)
		tui_form_focus_key(c->form, err->field, err->msg);
	tui_error(t, "%s", err->msg);
}

/* F2: check the form, say what changes and who may change it, ask the reason. */
static void start(struct tui *t, struct correct *c)
{
	sy_err err = {0};
	char labels[1024], title[160];
	tui_form_commit(NULL, c->form);
	if (tui_form_collect(c->form, &err) != SY_OK || vehicle_validate(tui_db(t), &c->v, &err) != SY_OK) {
		report(t, c, &err);
		return;
	}
	changed_labels(c, labels, sizeof labels);
	if (!*labels) {
		tui_error(t, "%s", _("Nothing changed: the values are those on record"));
		return;
	}
	if (vehicle_correction_plan(tui_db(t), &c->old, &c->v, &c->plan, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	int override = *c->v.battery_override_reason &&
		       strcmp(c->v.battery_override_reason, c->old.battery_override_reason) != 0;
	if ((c->plan.on_certificate || override) &&
	    tui_supervisor(t, _("This correction needs a supervisor: log in as one, then save again"), &err) != 0) {
		tui_error(t, "%s", err.msg);
		return;
	}
	/* A changed mass unusual for the vehicle is asked about, as at check-in. */
	c->v.weight_confirmed = 0;
	if ((c->v.weighed_kg != c->old.weighed_kg || c->v.curb_mass_kg != c->old.curb_mass_kg) &&
	    vehicle_check_weights(&c->v, &err) != SY_OK) {
		snprintf(title, sizeof title, _("Is this mass right? Weighed %g kg, curb mass %g kg"), c->v.weighed_kg,
			 c->v.curb_mass_kg);
		tui_ask_start(&c->ask, ASK_MASS, title);
		tui_ask_note(&c->ask, _("Enter: keep it as typed  Esc: correct it"));
		sy_strlcpy(c->unusual, err.msg, sizeof c->unusual);
		sy_strlcpy(c->unusual_field, err.field, sizeof c->unusual_field);
		return;
	}
	ask_reason(c);
}

static void ask_reason(struct correct *c)
{
	char labels[1024], title[160];
	changed_labels(c, labels, sizeof labels);
	snprintf(title, sizeof title, _("Correct %s: %s"), c->old.stock_no, labels);
	tui_ask_start(&c->ask, ASK_REASON, title);
	tui_ask_add(&c->ask, C_("asked", "Reason"), "", _("Why it is corrected (kept in the record)"), 120);
}

static void save(struct tui *t, struct correct *c)
{
	char reason[512], labels[1024];
	sy_err err = {0};
	tui_ask_text(&c->ask, 0, reason, sizeof reason);
	changed_labels(c, labels, sizeof labels);
	if (vehicle_correct(tui_db(t), &c->v, reason, 1, &c->plan, &err) != SY_OK) {
		if (strcmp(err.field, "reason") == 0) {
			c->ask.active = 1;
			tui_error(t, "%s", err.msg);
		} else {
			report(t, c, &err);
		}
		return;
	}
	if (c->plan.on_certificate)
		tui_error(t, _("%s corrected (%s). Certificate %s still shows the old values: void it under Certificates and issue it again"),
			  c->v.stock_no, labels, c->plan.certificate);
	else
		tui_info(t, _("%s corrected: %s"), c->v.stock_no, labels);
	tui_pop(t);
}

static int correct_key(struct tui *t, void *state, int action, int key)
{
	struct correct *c = state;
	if (c->ask.active) {
		int mass = c->ask.purpose == ASK_MASS;
		switch (tui_ask_key(&c->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE:
			if (mass) {
				c->v.weight_confirmed = 1;
				ask_reason(c);
			} else {
				save(t, c);
			}
			break;
		case ASK_CANCEL:
			if (mass)
				tui_form_focus_key(c->form, c->unusual_field, c->unusual);
			tui_info(t, "%s", mass ? _("Not corrected: correct the mass, then save again") : _("Not corrected"));
			break;
		default: break;
		}
		return TUI_HANDLED;
	}
	if (action == ACT_CORRECT) {
		start(t, c);
		return TUI_HANDLED;
	}
	int r = tui_form_key(t, c->form, action, key);
	if (r == FORM_KEY_SUBMIT)
		start(t, c);
	return r == FORM_KEY_IGNORED ? TUI_UNHANDLED : TUI_HANDLED;
}

static void correct_draw(struct tui *t, void *state)
{
	struct correct *c = state;
	tui_form_draw(t, c->form, tui_body(t));
	if (c->ask.active)
		tui_ask_draw(t, &c->ask);
}

const struct screen_ops screen_vehicle_correct = {
	.name = "correct",
	.title_en = "Correct a vehicle",
	.title_zh = "更正车辆信息",
	.keys = correct_keys,
	.base = keys_form,
	.open = correct_open,
	.draw = correct_draw,
	.key = correct_key,
	.close = correct_close,
	.unsaved = correct_unsaved,
};
