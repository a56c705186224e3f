/* Certificates (报废机动车回收证明) on screen. From a vehicle: the fields the
 * certificate will carry, then F2 and a confirmation issue it (cert_issue
 * keeps the rules) and its PDF is written beside the database, in
 * "certificates/", as the command line does. The list: newest first; F6
 * voids the one under the cursor (supervisors only, a reason asked), F7
 * writes its PDF again and says where. */
#include <curses.h>
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/doc_fill.h"
#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_ask.h"
#include "app/tui_list.h"
#include "app/tui_view.h"
#include "db/cert.h"
#include "base/i18n.h"
#include "db/user.h"
#include "base/util.h"
#include "db/vehicle.h"
#include "forms/doc.h"
#include "forms/form.h"

enum { ACT_ISSUE = ACT_SCREEN, ACT_VOID, ACT_REPRINT };

/* ---- the PDF, where the command line puts it ---- */

static char *cert_file(db *d, const struct cert *c, sy_err *err)
{
	char *dir = db_yard_folder(d, "certificates", err);
	if (!dir)
		return NULL;
	char *file = xasprintf("%s/%s.pdf", dir, c->number);
	free(dir);
	return file;
}

/* Write the PDF of c; its path (to free) or NULL with err filled. */
static char *write_pdf(db *d, const struct cert *c, sy_err *err)
{
	struct cert_doc doc;
	struct doc_fill fill = {0};
	unsigned warnings = 0;
	char *file = cert_file(d, c, err);
	if (!file)
		return NULL;
	int rc = doc_fill_cert(d, c, &doc, &fill, err);
	if (rc == SY_OK)
		rc = doc_certificate_pdf(&doc, file, NULL, &warnings, err);
	doc_fill_free(&fill);
	if (rc != SY_OK)
		FREE(&file);
	return file;
}

/* ---- issue, from the vehicle ---- */

struct cert_issue_screen {
	struct vehicle v;
	struct tui_view view;
	int confirming;
	int issued;
};

static const struct tui_key issue_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_ISSUE, "Issue", "出具", "Issue the certificate (asks first)", "出具回收证明（先确认）"},
	{0},
};

static void field_line(struct tui_view *view, const struct vehicle *v, const char *key)
{
	const struct form_field *f = form_find(&form_intake, key);
	char raw[512];
	if (!f)
		return;
	form_get(f, v, raw, sizeof raw);
	if (f->type == FORM_CHOICE && *raw)
		tui_view_add(view, form_label(f), code_label(f->choices, raw), STYLE_NORMAL);
	else
		tui_view_add(view, form_label(f), *raw ? raw : "-", STYLE_NORMAL);
}

/* The documents handed over and the missing-items line, as printed. */
static void handover_lines(struct tui_view *view, const struct vehicle *v)
{
	char text[1024];
	tui_view_add(view, _("Registration certificate"),
		     v->doc_registration ? _("returned") : _("not returned"),
		     v->doc_registration ? STYLE_NORMAL : STYLE_LATE);
	tui_view_add(view, _("Driving licence"),
		     v->doc_licence ? _("returned") : _("not returned"),
		     v->doc_licence ? STYLE_NORMAL : STYLE_LATE);
	snprintf(text, sizeof text, _("%d of %d returned"), v->plates_returned,
		 vehicle_plates_expected(v));
	tui_view_add(view, _("Number plates"), text,
		     v->plates_returned < vehicle_plates_expected(v) ? STYLE_LATE : STYLE_NORMAL);
	vehicle_missing_note(v, text, sizeof text);
	tui_view_add(view, _("Missing items"), *text ? text : _("none"), STYLE_NORMAL);
}

static void issue_build(struct tui *t, struct cert_issue_screen *s)
{
	static const char *const keys[] = {"owner", "owner-id", "vin", "plate", "brand-model", "type",
					   "use", "power", "engine-no", "first-reg", "curb-mass", NULL};
	char text[600], part[96];
	tui_view_clear(&s->view);
	snprintf(text, sizeof text, "%s",
		 _("The certificate will show (check against the documents):"));
	tui_view_heading(&s->view, text);
	tui_view_add(&s->view, _("Stock no."), s->v.stock_no, STYLE_NORMAL);
	for (int i = 0; keys[i]; i++)
		field_line(&s->view, &s->v, keys[i]);
	if (vehicle_is_nev(&s->v) || *s->v.battery_code)
		field_line(&s->view, &s->v, "battery-code");
	tui_view_add(&s->view, C_("certificate", "Received"), s->v.received_date, STYLE_NORMAL);
	handover_lines(&s->view, &s->v);
	user_display_name(tui_db(t), db_actor(tui_db(t)), text, sizeof text);
	tui_view_add(&s->view, _("Clerk"), text, STYLE_NORMAL);
	/* what will refuse it, said before F2 */
	if (s->v.vehicle_missing) {
		snprintf(text, sizeof text,
			 _("Came without %s: a missing vehicle gets no certificate (Order 715)"),
			 vehicle_missing_what(&s->v, part, sizeof part));
		tui_view_add(&s->view, "", text, STYLE_LATE);
	}
	tui_view_add(&s->view, "",
		     _("F2: issue. The rules (missing parts, police supervision, one per vehicle) are checked then."),
		     STYLE_HINT);
}

static int issue_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	struct cert_issue_screen *s = xcalloc(1, sizeof *s);
	sy_err err = {0};
	if (!arg || vehicle_get(tui_db(t), *(const int64_t *)arg, &s->v, &err) != SY_OK) {
		tui_error(t, "%s", err.msg[0] ? err.msg : _("That vehicle is no longer there"));
		free(s);
		return -1;
	}
	issue_build(t, s);
	*state = s;
	return 0;
}

static void issue_close(struct tui *t, void *state)
{
	(void)t;
	struct cert_issue_screen *s = state;
	tui_view_clear(&s->view);
	free(s);
}

static void issue_now(struct tui *t, struct cert_issue_screen *s)
{
	struct cert c;
	sy_err err = {0};
	if (cert_issue(tui_db(t), &s->v, &c, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	s->issued = 1;
	char *file = write_pdf(tui_db(t), &c, &err);
	char text[1024];
	if (file)
		snprintf(text, sizeof text, _("Certificate %s issued; PDF: %s"), c.number,
			 file);
	else
		snprintf(text, sizeof text,
			 _("Certificate %s issued, but its PDF failed (%s): F7 in the certificate list writes it again"),
			 c.number, err.msg);
	tui_view_heading(&s->view, text);
	s->view.top = s->view.n;
	if (file)
		tui_info(t, "%s", text);
	else
		tui_error(t, "%s", text);
	free(file);
	cert_clear(&c);
}

static int issue_key(struct tui *t, void *state, int action, int key)
{
	struct cert_issue_screen *s = state;
	if (s->confirming) {
		if (action == ACT_QUIT || action == ACT_HELP)
			return TUI_UNHANDLED;
		s->confirming = 0;
		if (key == TUI_ENTER || key == 'y' || key == 'Y')
			issue_now(t, s);
		else
			tui_info(t, "%s", _("Not issued"));
		return TUI_HANDLED;
	}
	if (action == ACT_ISSUE) {
		if (s->issued)
			tui_error(t, "%s", _("Already issued from this screen: see the certificate list"));
		else
			s->confirming = 1;
		return TUI_HANDLED;
	}
	return tui_view_key(&s->view, action);
}

static void issue_draw(struct tui *t, void *state)
{
	struct cert_issue_screen *s = state;
	struct tui_rect r = tui_body(t);
	tui_view_draw(&s->view, r);
	if (!s->confirming)
		return;
	int w = r.w - 8 < 66 ? r.w - 8 : 66, h = 6;
	int y = r.y + (r.h - h) / 2, x = r.x + (r.w - w) / 2;
	char text[300];
	tui_box(y, x, h, w, tui_style(STYLE_BOX));
	snprintf(text, sizeof text, _("Issue the certificate for %s (%s)?"),
		 s->v.stock_no, s->v.vin);
	tui_put(y + 1, x + 2, w - 4, text, tui_style(STYLE_BOX) | A_BOLD);
	tui_put(y + 2, x + 2, w - 4, _("It is numbered and can then only be voided."),
		tui_style(STYLE_BOX));
	tui_put(y + 4, x + 2, w - 4, _("Enter or Y: issue   any other key: no"),
		tui_style(STYLE_BOX));
}

const struct screen_ops screen_cert_issue = {
	.name = "cert-issue",
	.title_en = "Certificate",
	.title_zh = "出具回收证明",
	.keys = issue_keys,
	.base = keys_scroll,
	.open = issue_open,
	.draw = issue_draw,
	.key = issue_key,
	.close = issue_close,
};

/* ---- the list ---- */

struct cert_list_screen {
	struct tui_list_screen base;
	char target[24];
};

static const struct tui_key list_keys[] = {
	{TUI_FN(KEY_F(6)), ACT_VOID, "Void", "作废", "Void the certificate under the cursor (supervisor; asks the reason)",
	 "作废所选证明（主管；须填原因）"},
	{TUI_FN(KEY_F(7)), ACT_REPRINT, "PDF", "重新生成", "Write the PDF of the certificate under the cursor again",
	 "重新生成所选证明的 PDF"},
	{0},
};

static int keep_cert(const struct cert *c, void *ctx) { return tui_list_take(ctx, c); }

static int query(void *ctx, int want, sy_err *err)
{
	struct cert_list_screen *s = ctx;
	return cert_list(tui_db(s->base.t), 0, want, keep_cert, &s->base.list, err);
}

/* The snapshot belongs to the store's row: the list keeps the rest. */
static void copy_cert(void *to, const void *from)
{
	memcpy(to, from, sizeof(struct cert));
	((struct cert *)to)->snapshot = NULL;
}

static const struct tui_list_screen_def cert_list_def = {
	sizeof(struct cert_list_screen), {sizeof(struct cert), query, copy_cert, offsetof(struct cert, id)}, 0, NULL};

/* Supervisors only, when the yard has users (as `cert void` at the command
 * line); with no one logged in, the login is offered. */
static int may_void(struct tui *t, sy_err *err)
{
	return tui_supervisor(t, _("Voiding needs a supervisor: log in as one, then F6 again"), err);
}

static void void_now(struct tui *t, struct cert_list_screen *s)
{
	char reason[512];
	struct cert c;
	sy_err err = {0};
	tui_ask_text(&s->base.ask, 0, reason, sizeof reason);
	if (cert_void(tui_db(t), s->target, reason, &c, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		s->base.ask.active = 1;
		return;
	}
	tui_info(t, _("Certificate %s voided"), c.number);
	cert_clear(&c);
	tui_list_keep(&s->base.list, NULL);
}

static void reprint(struct tui *t, const char *number)
{
	struct cert c;
	sy_err err = {0};
	if (cert_get(tui_db(t), number, &c, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return;
	}
	char *file = write_pdf(tui_db(t), &c, &err);
	if (file)
		tui_info(t, _("PDF of %s written: %s"), c.number, file);
	else
		tui_error(t, "%s", err.msg);
	free(file);
	cert_clear(&c);
}

static int list_key(struct tui *t, void *state, int action, int key)
{
	struct cert_list_screen *s = state;
	if (s->base.ask.active) {
		switch (tui_ask_key(&s->base.ask, action, key)) {
		case ASK_PASS: return TUI_UNHANDLED;
		case ASK_DONE: void_now(t, s); break;
		case ASK_CANCEL: tui_info(t, "%s", _("Not voided")); break;
		default: break;
		}
		return TUI_HANDLED;
	}
	const struct cert *c = tui_list_selected(&s->base.list);
	if (action == ACT_VOID || action == ACT_REPRINT) {
		sy_err err = {0};
		if (!c)
			tui_error(t, "%s", _("No certificate chosen"));
		else if (action == ACT_REPRINT)
			reprint(t, c->number);
		else if (strcmp(c->status, "void") == 0)
			tui_error(t, _("%s is already void"), c->number);
		else if (may_void(t, &err) != 0)
			tui_error(t, "%s", err.msg);
		else {
			char title[160];
			sy_strlcpy(s->target, c->number, sizeof s->target);
			snprintf(title, sizeof title, _("Void certificate %s (%s)"), c->number,
				 c->vin);
			tui_ask_start(&s->base.ask, 0, title);
			tui_ask_add(&s->base.ask, C_("asked", "Reason"), "",
				    _("Why it is voided (kept in the record)"), 120);
		}
		return TUI_HANDLED;
	}
	return tui_list_key(&s->base.list, action);
}

static const struct tui_column columns[] = {{12, 0}, {17, 0}, {9, 0}, {0, 0}, {10, 0}, {8, 0}};

static void list_draw(struct tui *t, void *state)
{
	struct cert_list_screen *s = state;
	struct tui_rect r = tui_body(t);
	tui_list_refresh(&s->base.list, r.h - 2);
	const char *head[] = {_("Number"), _("VIN"), C_("column", "Plate"), _("Owner"),
			      C_("column", "Issued"), _("Status")};
	tui_list_draw_head(&s->base.list, r.y, r.x, r.w,
			   _("Newest first. F6: void (supervisor)  F7: write the PDF again"),
			   tui_style(STYLE_HINT), columns, 6, head);
	for (int i = 0; i < s->base.list.count; i++) {
		const struct cert *c = tui_list_row(&s->base.list, i);
		int isvoid = strcmp(c->status, "void") == 0;
		int attr = tui_list_is_selected(&s->base.list, i) ? tui_style(STYLE_SELECTED)
			   : isvoid			   ? (int)A_DIM
							   : (int)A_NORMAL;
		char issued[11];
		snprintf(issued, sizeof issued, "%.10s", c->issued_at);
		const char *v[] = {c->number, c->vin, c->plate, c->owner_name, issued, code_label(cert_statuses, c->status)};
		tui_list_draw_row(r.y + 2 + i, r.x, r.w, columns, 6, v, attr);
	}
	tui_list_screen_draw_end(t, &s->base, r.y + 3, r.x, r.w, _("No certificate yet."));
}

const struct screen_ops screen_cert_list = {
	.name = "certificates",
	.title_en = "Certificates",
	.title_zh = "回收证明",
	.keys = list_keys,
	.base = keys_list,
	.data = &cert_list_def,
	.open = tui_list_screen_open,
	.draw = list_draw,
	.key = list_key,
	.close = tui_list_screen_close,
	.unsaved = tui_list_screen_unsaved,
};
