/* One vehicle: every field of the intake form with its label, what is owed
 * to the authorities about it (late ones highlighted), its evidence photos
 * and who recorded it. F3 attaches the newest picture of the camera folder
 * (`scrapyard photo folder`). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_ask.h"
#include "app/tui_view.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/filing.h"
#include "db/personal.h"
#include "db/photo.h"
#include "db/vehicle.h"
#include "db/vehicle_life.h"
#include "forms/form.h"

struct vehicle_screen {
	struct vehicle v;
	struct tui_view view;
	struct tui_ask ask; /* a photo to attach, the camera folder, the reason of a cancellation */
	db *d;
	int stale; /* a screen opened from here may have changed the record */
	int full;  /* its personal data shown in full (the view is in the audit trail) */
	char masked_why[512];
};

enum { ACT_DISMANTLING = ACT_SCREEN, ACT_PARTS, ACT_CERT, ACT_CORRECT, ACT_CLOSE, ACT_CANCEL, ACT_PHOTO };
enum { ASK_PHOTO = 1, ASK_FOLDER, ASK_CANCEL_REASON };

static const struct tui_key vehicle_keys[] = {
	{TUI_FN(KEY_F(3)), ACT_PHOTO, "Photo", "照片", "Attach the newest picture of the camera folder (asks what it shows)",
	 "添加相机文件夹中最新的照片（询问拍摄内容）"},
	{TUI_FN(KEY_F(4)), ACT_CORRECT, "Correct", "更正", "Correct the record (a reason is asked; kept in the record)",
	 "更正记录（须填原因，记入档案）"},
	{TUI_FN(KEY_F(5)), ACT_CLOSE, "Close", "结案", "Close the record once its work is done (as a rule it closes by itself)",
	 "工作完成后结案（通常自动结案）"},
	{TUI_FN(KEY_F(9)), ACT_CANCEL, "Cancel", "注销", "Cancel a wrong check-in (supervisor; asks the reason)",
	 "注销错误登记（主管；须填原因）"},
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

static int add_filing(const struct filing *f, void *ctx)
{
	struct tui_view *view = ctx;
	char text[256];
	int late = f->late && strcmp(f->state, "owed") == 0;
	if (strcmp(f->state, "done") == 0)
		snprintf(text, sizeof text, _("%s, done on %s%s%s"), f->due, f->done_on, *f->reference ? _(", reference ") : "",
			 f->reference);
	else
		snprintf(text, sizeof text, "%s, %s (%s)", f->due, late ? _("LATE") : filing_state_label(f), filing_kind_to(f->kind));
	tui_view_add(view, filing_kind_short(f->kind), text, late ? STYLE_LATE : STYLE_NORMAL);
	return 0;
}

static int add_photo(const struct photo *p, void *ctx)
{
	struct vehicle_screen *s = ctx;
	char text[sizeof((sy_err *)0)->msg + 128];
	sy_err why = {0};
	int ok = photo_file_ok(s->d, p, &why) == 0;
	snprintf(text, sizeof text, "%.16s  %dx%d  %.12s  %s", p->added_at, p->width, p->height, p->sha256,
		 ok ? p->original_name : why.msg);
	tui_view_add(&s->view, code_label(photo_kinds, p->what), text, ok ? STYLE_NORMAL : STYLE_LATE);
	return 0;
}

static int add_correction(const struct vehicle_correction_row *r, void *ctx)
{
	char text[1200], labels[600];
	struct tui_view *view = ctx;
	if (!view->n || strcmp(view->lines[view->n - 1].label ? view->lines[view->n - 1].label : "", _("Corrected")) != 0)
		tui_view_heading(view, _("Corrections"));
	form_labels_of_keys(&form_intake, r->fields, labels, sizeof labels);
	snprintf(text, sizeof text, "%.16s %s: %s (%s)", r->at, r->by, labels, r->reason);
	tui_view_add(ctx, _("Corrected"), text, STYLE_NORMAL);
	return 0;
}

/* Open, closed or cancelled, and what that means. */
static void add_status(struct tui *t, struct vehicle_screen *s)
{
	const struct vehicle *v = &s->v;
	char text[600], needs[400];
	sy_err ignored = {0};
	if (strcmp(v->status, "closed") == 0) {
		snprintf(text, sizeof text, _("closed on %.10s: its work is done"), v->closed_at);
		tui_view_add(&s->view, _("Status"), text, STYLE_NORMAL);
	} else if (strcmp(v->status, "cancelled") == 0) {
		snprintf(text, sizeof text, _("cancelled on %.10s (a wrong check-in): %s"), v->cancelled_at, v->cancel_reason);
		tui_view_add(&s->view, _("Status"), text, STYLE_LATE);
	} else {
		tui_view_add(&s->view, _("Status"), _("open"), STYLE_NORMAL);
		if (vehicle_close_needs(tui_db(t), v, needs, sizeof needs, &ignored) == SY_OK && *needs)
			tui_view_add(&s->view, _("Closes after"), needs, STYLE_HINT);
	}
}

/* Decided once as the screen opens: the full personal data to those the
 * yard lets see it, with one entry in the audit trail; else masked, saying
 * why. The record itself stays whole for what this screen does with it. */
static void decide_full(struct vehicle_screen *s)
{
	sy_err why = {0};
	s->full = personal_may_see(s->d, &why) == SY_OK && personal_note_view(s->d, &s->v, "screen", &why) == SY_OK;
	sy_strlcpy(s->masked_why, s->full ? "" : why.msg, sizeof s->masked_why);
}

static void add_personal_note(struct vehicle_screen *s)
{
	char *erased = personal_erased_at(s->d, s->v.id), text[300];
	if (erased) {
		snprintf(text, sizeof text, _("erased on %s, its retention period over"), erased);
		tui_view_add(&s->view, _("Personal data"), text, STYLE_HINT);
	} else if (!s->full) {
		tui_view_add(&s->view, _("Personal data"), s->masked_why, STYLE_HINT);
	}
	free(erased);
}

static void build(struct tui *t, struct vehicle_screen *s)
{
	struct vehicle shown = s->v;
	const struct vehicle *v = &shown;
	char text[1024];
	sy_err err = {0};
	if (!s->full)
		personal_mask(&shown);
	tui_view_clear(&s->view);
	snprintf(text, sizeof text, "%.15s  %.17s  %.15s", v->stock_no, v->vin, v->plate);
	tui_view_heading(&s->view, text);
	tui_view_add(&s->view, _("Stock no."), v->stock_no, STYLE_NORMAL);
	add_status(t, s);
	add_personal_note(s);
	for (int i = 0; i < form_intake.count; i++) {
		const struct form_field *f = &form_intake.fields[i];
		if (!form_applies(f, v))
			continue;
		shown_value(f, v, text, sizeof text);
		tui_view_add(&s->view, form_label(f), text, STYLE_NORMAL);
	}
	tui_view_heading(&s->view, _("Owed to the authorities"));
	struct filing_query q = {.view = FILING_ALL, .vehicle_id = v->id};
	int before = s->view.n;
	if (filing_list(s->d, &q, add_filing, &s->view, &err) != SY_OK)
		tui_view_add(&s->view, "", err.msg, STYLE_LATE);
	if (s->view.n == before)
		tui_view_add(&s->view, "", _("nothing yet"), STYLE_HINT);
	tui_view_heading(&s->view, _("Photos (F3 attaches the newest from the camera folder)"));
	before = s->view.n;
	if (photo_list(s->d, v->id, add_photo, s, &err) != SY_OK)
		tui_view_add(&s->view, "", err.msg, STYLE_LATE);
	if (s->view.n == before)
		tui_view_add(&s->view, "", _("none yet"), STYLE_HINT);
	sy_err ignored = {0};
	vehicle_corrections(tui_db(t), v->id, add_correction, &s->view, &ignored);
	snprintf(text, sizeof text, _("Recorded by %s at %s"), *v->created_by ? v->created_by : "-", v->created_at);
	tui_view_add(&s->view, "", text, STYLE_HINT);
}

/* The kind a clerk most likely takes next: the entry photo first. */
static const char *next_photo_kind(struct vehicle_screen *s)
{
	return photo_count(s->d, s->v.id, "entry") ? "other" : "entry";
}

static void ask_photo(struct tui *t, struct vehicle_screen *s)
{
	char *folder = db_setting(s->d, "photo.folder");
	char newest[4096], title[200];
	sy_err err = {0};
	if (!folder || !*folder) {
		/* the first time: which folder the camera or scanner saves into */
		tui_ask_start(&s->ask, ASK_FOLDER, _("No camera folder is set yet"));
		tui_ask_add(&s->ask, _("Folder"), "", _("The folder the camera or scanner saves into, e.g. /media/camera/DCIM"),
			    200);
		free(folder);
		return;
	}
	int rc = photo_newest_file(folder, newest, sizeof newest, &err);
	free(folder);
	if (rc != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	const char *base = strrchr(newest, '/');
	snprintf(title, sizeof title, _("Attach %s to %s"), base ? base + 1 : newest, s->v.stock_no);
	tui_ask_start(&s->ask, ASK_PHOTO, title);
	tui_ask_add(&s->ask, _("It shows"), next_photo_kind(s), _("entry, rubbing, cut, battery or other"), 10);
	tui_ask_add(&s->ask, _("Step"), "", _("A pretreatment step it belongs to, e.g. traction_battery (optional)"), 20);
}

static void set_folder(struct tui *t, struct vehicle_screen *s)
{
	char folder[256];
	struct stat st;
	sy_err err = {0};
	tui_ask_text(&s->ask, 0, folder, sizeof folder);
	if (!*folder || stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
		tui_error(t, _("%s is not a folder: give the folder the camera or scanner saves into"), folder);
		s->ask.active = 1;
		return;
	}
	if (db_set_setting(s->d, &err, "photo.folder", folder) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	ask_photo(t, s);
}

static void attach_photo(struct tui *t, struct vehicle_screen *s)
{
	char *folder = db_setting(s->d, "photo.folder");
	char newest[4096] = "", what[16], step[32];
	struct photo p;
	sy_err err = {0};
	tui_ask_text(&s->ask, 0, what, sizeof what);
	tui_ask_text(&s->ask, 1, step, sizeof step);
	struct photo_input in = {newest, what, *step ? step : NULL};
	int rc = folder ? photo_newest_file(folder, newest, sizeof newest, &err) : SY_INVALID;
	free(folder);
	if (rc == SY_OK)
		rc = photo_add(s->d, &s->v, &in, &p, &err);
	if (rc != SY_OK) {
		tui_error(t, "%s", err.msg);
		if (strcmp(err.field, "what") == 0 || strcmp(err.field, "step") == 0) {
			s->ask.active = 1;
			tui_ask_focus(&s->ask, strcmp(err.field, "step") == 0);
		}
		return;
	}
	tui_info(t, _("Photo %lld attached: %s, %s"), (long long)p.id, code_label(photo_kinds, p.what), p.original_name);
	s->stale = 1;
}

/* Read the record again after a screen opened from here, keeping the scroll. */
static void reload(struct tui *t, struct vehicle_screen *s)
{
	int top = s->view.top;
	sy_err err = {0};
	s->stale = 0;
	if (vehicle_get(tui_db(t), s->v.id, &s->v, &err) != SY_OK)
		return;
	tui_view_clear(&s->view);
	build(t, s);
	s->view.top = top;
}

static int vehicle_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct vehicle_screen *s = xcalloc(1, sizeof *s);
	sy_err err = {0};
	s->d = tui_db(t);
	if (!arg || vehicle_get(tui_db(t), *(const int64_t *)arg, &s->v, &err) != SY_OK) {
		tui_error(t, "%s", err.msg[0] ? err.msg : _("That vehicle is no longer there"));
		free(s);
		return -1;
	}
	decide_full(s);
	build(t, s);
	*state = s;
	return 0;
}

static void vehicle_screen_close(struct tui *t, void *state)
{
	(void)t;
	struct vehicle_screen *s = state;
	tui_view_clear(&s->view);
	free(s);
}

static void vehicle_draw(struct tui *t, void *state)
{
	struct vehicle_screen *s = state;
	if (s->stale)
		reload(t, s);
	tui_view_draw(&s->view, tui_body(t));
	if (s->ask.active)
		tui_ask_draw(t, &s->ask);
}

static void close_now(struct tui *t, struct vehicle_screen *s)
{
	sy_err err = {0};
	if (vehicle_close(tui_db(t), &s->v, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	tui_info(t, _("%s closed: its work is done"), s->v.stock_no);
	s->stale = 1;
}

static void ask_cancel(struct tui *t, struct vehicle_screen *s)
{
	char title[160];
	sy_err err = {0};
	if (tui_supervisor(t, _("Cancelling a check-in needs a supervisor: log in as one, then try again"), &err) !=
	    0) {
		tui_error(t, "%s", err.msg);
		return;
	}
	snprintf(title, sizeof title, _("Cancel %s (%s): a wrong check-in"), s->v.stock_no, s->v.vin);
	tui_ask_start(&s->ask, ASK_CANCEL_REASON, title);
	tui_ask_add(&s->ask, C_("asked", "Reason"), "", _("Why the check-in is cancelled (kept in the record)"), 120);
}

static void cancel_now(struct tui *t, struct vehicle_screen *s)
{
	char reason[512];
	sy_err err = {0};
	tui_ask_text(&s->ask, 0, reason, sizeof reason);
	if (vehicle_cancel(tui_db(t), &s->v, reason, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		if (strcmp(err.field, "reason") == 0)
			s->ask.active = 1;
		return;
	}
	tui_info(t, _("%s cancelled: it keeps its number and leaves the reports, ledgers and deadlines"), s->v.stock_no);
	s->stale = 1;
}

static int vehicle_key(struct tui *t, void *state, int action, int key)
{
	struct vehicle_screen *s = state;
	if (s->ask.active) {
		switch (tui_ask_key(&s->ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE:
			if (s->ask.purpose == ASK_FOLDER)
				set_folder(t, s);
			else if (s->ask.purpose == ASK_PHOTO)
				attach_photo(t, s);
			else
				cancel_now(t, s);
			break;
		case ASK_CANCEL:
			tui_info(t, "%s", s->ask.purpose == ASK_CANCEL_REASON ? _("Not cancelled") : _("Nothing changed"));
			break;
		default: break;
		}
		return TUI_HANDLED;
	}
	if (action == ACT_PHOTO)
		return ask_photo(t, s), TUI_HANDLED;
	/* the correction form shows every field as it is */
	if (action == ACT_CORRECT && !s->full)
		return tui_error(t, "%s", s->masked_why), TUI_HANDLED;
	const struct screen_ops *next = action == ACT_DISMANTLING ? &screen_dismantling
					: action == ACT_PARTS	 ? &screen_part_entry
					: action == ACT_CERT	 ? &screen_cert_issue
					: action == ACT_CORRECT	 ? &screen_vehicle_correct
								 : NULL;
	if (next) {
		s->stale = 1; /* what is done there may change the record (corrected, closed) */
		tui_push(t, next, &s->v.id);
		return TUI_HANDLED;
	}
	if (action == ACT_CLOSE)
		return close_now(t, s), TUI_HANDLED;
	if (action == ACT_CANCEL)
		return ask_cancel(t, s), TUI_HANDLED;
	return tui_view_key(&s->view, action);
}

static int vehicle_unsaved(void *state)
{
	const struct vehicle_screen *s = state;
	return s->ask.active;
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
	.close = vehicle_screen_close,
	.unsaved = vehicle_unsaved,
};
