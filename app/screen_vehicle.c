/* One vehicle: every field of the intake form with its label, the deadlines
 * (late ones highlighted) and who recorded it. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_view.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/form.h"

struct vehicle_screen {
	struct vehicle v;
	struct tui_view view;
};

enum { ACT_DISMANTLING = ACT_SCREEN, ACT_PARTS, ACT_CERT };

static const struct tui_key vehicle_keys[] = {
	{TUI_FN(KEY_F(6)), ACT_DISMANTLING, "Steps", "拆解", "Pretreatment checklist: record the dismantling steps",
	 "预处理清单：记录拆解步骤"},
	{TUI_FN(KEY_F(7)), ACT_PARTS, "Parts", "零部件", "Enter parts taken from this vehicle", "登记本车拆下的零部件"},
	{TUI_FN(KEY_F(8)), ACT_CERT, "Cert.", "证明", "Issue the recycling certificate (shows its fields first)",
	 "出具回收证明（先显示内容）"},
	{0},
};

/* A value as the clerk reads it: labels for codes, yes/no, kilograms. */
static void shown_value(const struct form_field *f, const struct vehicle *v, char *out, size_t outsz)
{
	char text[1024];
	form_show(f, v, text, sizeof text);
	snprintf(out, outsz, f->type == FORM_MASS && *text ? "%s kg" : "%s", text);
}

static void add_deadline(struct tui_view *view, const char *label, const char *due, const char *done)
{
	char today[11], text[128];
	if (!*due && !*done)
		return;
	db_today(today);
	if (*done)
		snprintf(text, sizeof text, _("%s, done on %s"), due, done);
	else if (strcmp(due, today) < 0)
		snprintf(text, sizeof text, _("%s, LATE"), due);
	else
		snprintf(text, sizeof text, _("%s, open"), due);
	int late = !*done && strcmp(due, today) < 0;
	tui_view_add(view, label, text, late ? STYLE_LATE : STYLE_NORMAL);
}

static void build(struct vehicle_screen *s)
{
	const struct vehicle *v = &s->v;
	char text[1024];
	snprintf(text, sizeof text, "%s  %s  %s", v->stock_no, v->vin, v->plate);
	tui_view_heading(&s->view, text);
	tui_view_add(&s->view, _("Stock no."), v->stock_no, STYLE_NORMAL);
	tui_view_add(&s->view, _("Status"), strcmp(v->status, "open") == 0 ? _("open") : v->status, STYLE_NORMAL);
	for (int i = 0; i < form_intake.count; i++) {
		const struct form_field *f = &form_intake.fields[i];
		if (!form_applies(f, v))
			continue;
		shown_value(f, v, text, sizeof text);
		tui_view_add(&s->view, form_label(f), text, STYLE_NORMAL);
	}
	tui_view_heading(&s->view, _("Deadlines"));
	add_deadline(&s->view, _("Deregistration"), v->dereg_due, v->deregistered);
	add_deadline(&s->view, _("Battery report"), v->battery_report_due, v->battery_reported);
	if (!*v->dereg_due && !*v->battery_report_due)
		tui_view_add(&s->view, "", _("none yet (deregistration is due once the certificate is issued)"), STYLE_HINT);
	snprintf(text, sizeof text, _("Recorded by %s at %s"), *v->created_by ? v->created_by : "-", v->created_at);
	tui_view_add(&s->view, "", text, STYLE_HINT);
}

static int vehicle_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct vehicle_screen *s = xcalloc(1, sizeof *s);
	sy_err err = {0};
	if (!arg || vehicle_get(tui_db(t), *(const int64_t *)arg, &s->v, &err) != SY_OK) {
		tui_error(t, "%s", err.msg[0] ? err.msg : _("That vehicle is no longer there"));
		free(s);
		return -1;
	}
	build(s);
	*state = s;
	return 0;
}

static void vehicle_close(struct tui *t, void *state)
{
	(void)t;
	struct vehicle_screen *s = state;
	tui_view_clear(&s->view);
	free(s);
}

static void vehicle_draw(struct tui *t, void *state)
{
	struct vehicle_screen *s = state;
	tui_view_draw(&s->view, tui_body(t));
}

static int vehicle_key(struct tui *t, void *state, int action, int key)
{
	(void)key;
	struct vehicle_screen *s = state;
	if (action == ACT_DISMANTLING)
		return tui_push(t, &screen_dismantling, &s->v.id), TUI_HANDLED;
	if (action == ACT_PARTS)
		return tui_push(t, &screen_part_entry, &s->v.id), TUI_HANDLED;
	if (action == ACT_CERT)
		return tui_push(t, &screen_cert_issue, &s->v.id), TUI_HANDLED;
	return tui_view_key(&s->view, action);
}

const struct screen_ops screen_vehicle = {
	.name = "vehicle",
	.title_en = "Vehicle",
	.title_zh = "车辆详情",
	.keys = vehicle_keys,
	.base = keys_scroll,
	.open = vehicle_open,
	.draw = vehicle_draw,
	.key = vehicle_key,
	.close = vehicle_close,
};
