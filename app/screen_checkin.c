/* Check-in: the intake form (forms/form_intake.c) on screen. Saving runs
 * vehicle_add, one transaction: either the vehicle is in with its stock
 * number, or nothing is and the focus is on the field at fault. F5 takes the
 * weight from the scale into the field marked FORM_SCALE; F6 reads the
 * resident ID card on the counter's reader into the owner's fields (for a
 * company owner, the agent's). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/device_config.h"
#include "app/tui_form.h"
#include "app/tui_idcard.h"
#include "app/tui_scale.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/db.h"
#include "db/site.h"
#include "db/vehicle.h"
#include "db/vehicle_model.h"
#include "forms/form.h"
#include "forms/label.h"

enum { ACT_SHOW_SAVED = ACT_SCREEN, ACT_IDCARD };

/* Milliseconds between looks at the ID card reader. */
#define IDCARD_TICK_MS 100

struct checkin {
	struct vehicle v;
	struct tui_form *form;
	int saved; /* showing the stock number of the vehicle just saved */
	struct vehicle last;
	int asking_statement; /* documents or parts not handed over: has the owner declared it? */
	char not_handed_over[512];
	struct tui_weighing weighing;
	char unusual[512]; /* an unusual mass, asked about before saving */
	int reading;          /* waiting for the ID card on the reader */
	int expired_card;     /* an expired card read: waiting for the clerk's word */
	struct idcard card;   /* the card just read (cleared once used) */
	char card_msg[300];
	char learned_vin[18]; /* the VIN whose model's earlier vehicles filled the form ("" none) */
};

static const struct tui_key checkin_keys[] = {
	{TUI_FN(KEY_F(2)), ACT_SAVE, "Save", "保存", "Save the check-in", "保存登记"},
	{TUI_FN(KEY_F(5)), ACT_SCALE, "Scale", "读磅", "Read the weighed mass from the scale", "从地磅读取过磅重量"},
	{TUI_FN(KEY_F(6)), ACT_IDCARD, "IDCard", "身份证", "Read the owner's ID card (a company's: the agent's) into the form",
	 "读取车主身份证填入表格（单位车主：经办人身份证）"},
	{TUI_FN(KEY_F(3)), ACT_SHOW_SAVED, NULL, NULL, "After saving: show the vehicle just saved",
	 "保存后：查看刚保存的车辆"},
	{'p', ACT_NONE, NULL, NULL, "After saving: print the vehicle tag", "保存后：打印车辆标签"},
	{'t', ACT_NONE, NULL, NULL, "After saving: show the vehicle tag before printing", "保存后：预览车辆标签"},
	{0},
};

/* The plate starts with the yard's province: most vehicles a yard takes in
 * were registered where it is, and a Chinese character costs an input
 * method several keys. */
static void plate_lead(struct tui *t, struct checkin *c)
{
	char province[4];
	site_plate_province(tui_db(t), province);
	if (*province)
		tui_form_lead(c->form, "plate", province);
}

static int checkin_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct checkin *c = xcalloc(1, sizeof *c);
	vehicle_init(&c->v);
	c->form = tui_form_new(&form_intake, &c->v);
	plate_lead(t, c);
	*state = c;
	return 0;
}

static void checkin_close(struct tui *t, void *state)
{
	(void)t;
	struct checkin *c = state;
	if (c->weighing.active)
		tui_scale_release();
	if (c->reading)
		tui_idcard_release();
	memset(&c->card, 0, sizeof c->card);
	tui_form_free(c->form);
	free(c);
}

static int checkin_unsaved(void *state)
{
	struct checkin *c = state;
	return !c->saved && tui_form_dirty(c->form);
}

/* Say what is wrong, naming the field, and put the focus on it. */
static void report(struct tui *t, struct checkin *c, const sy_err *err)
{
	const struct form_field *fld = *err->field ? form_find(&form_intake, err->field) : NULL;
	if (fld)
		tui_form_focus_key(c->form, err->field, err->msg);
	const char *label = fld ? form_label(fld) : NULL;
	if (label && strncasecmp(err->msg, label, strlen(label)) != 0)
		tui_error(t, _("%s: %s"), label, err->msg);
	else
		tui_error(t, "%s", err->msg);
}

static int learn_from_vin(struct tui *t, struct checkin *c, int even);

static void save(struct tui *t, struct checkin *c)
{
	sy_err err = {0};
	tui_form_commit(NULL, c->form);
	/* A VIN changed and saved at once: what its model fills is shown first,
	 * never saved unseen (and what another model filled is gone). */
	if (learn_from_vin(t, c, 1))
		return;
	if (tui_form_collect(c->form, &err) != SY_OK) {
		report(t, c, &err);
		return;
	}
	/* Accepting what the checks refuse (a VIN check digit, a battery code
	 * already on record) is a supervisor's decision, as on the command line. */
	if ((*c->v.vin_override_reason || *c->v.battery_override_reason) &&
	    tui_supervisor(t, _("An override reason needs a supervisor: log in as one, then save again"), &err) != 0) {
		tui_form_focus_key(c->form, *c->v.vin_override_reason ? "vin-override" : "battery-override", NULL);
		tui_error(t, "%s", err.msg);
		return;
	}
	/* A mass unusual for the vehicle: a slip or a misread scale is asked
	 * about before it goes into every report. */
	if (!c->v.weight_confirmed && vehicle_check_weights(&c->v, &err) != SY_OK) {
		sy_strlcpy(c->unusual, err.msg, sizeof c->unusual);
		tui_form_focus_key(c->form, err.field, NULL);
		return;
	}
	if (vehicle_add(tui_db(t), &c->v, &err) != SY_OK) {
		/* The owner's statement: asked, as the clerk has the paper at hand. */
		if (strcmp(err.field, "owner-statement") == 0 && !c->v.owner_statement) {
			vehicle_not_handed_over(&c->v, c->not_handed_over, sizeof c->not_handed_over);
			c->asking_statement = 1;
			return;
		}
		report(t, c, &err);
		return;
	}
	c->last = c->v;
	c->saved = 1;
	tui_info(t, _("Saved as %s"), c->last.stock_no);
}

static int statement_key(struct tui *t, struct checkin *c, int action, int key)
{
	if (action == ACT_QUIT || action == ACT_HELP)
		return TUI_UNHANDLED;
	c->asking_statement = 0;
	if (key == 'y' || key == 'Y' || key == 0x662F /* 是 */) {
		const struct form_field *at = tui_form_current(c->form);
		tui_form_set(t, c->form, "owner-statement", "yes");
		tui_form_focus_key(c->form, at->key, NULL); /* the clerk stays where they were */
		save(t, c);
		return TUI_HANDLED;
	}
	tui_form_focus_key(c->form, "owner-statement", NULL);
	tui_error(t, _("Not saved: the owner's written statement is needed for what was not handed over"));
	return TUI_HANDLED;
}

static void start_next(struct tui *t, struct checkin *c)
{
	vehicle_init(&c->v);
	tui_form_load(c->form);
	plate_lead(t, c);
	c->learned_vin[0] = '\0';
	c->saved = 0;
}

/* ---- what earlier vehicles of the model say ---- */

/* The fields a model decides, filled from earlier vehicles sharing the VIN's model part. */
static const char *const model_keys[] = {"brand-model", "type", "power", "curb-mass"};

/* The VIN as left by the clerk: valid, else "". */
static void vin_left(const struct checkin *c, char vin[18])
{
	char value[64];
	tui_form_value(c->form, "vin", value, sizeof value);
	if (*tui_form_error(c->form, "vin") || strlen(value) != 17)
		*value = '\0';
	sy_strlcpy(vin, value, 18);
}

/* Fill what the model's earlier vehicles agree on into the fields the clerk
 * has not filled, each marked with where it came from; say which. */
static int fill_from_model(struct tui *t, struct checkin *c, const struct vehicle_model *m)
{
	struct vehicle known;
	char note[160], value[160], names[400] = "";
	memset(&known, 0, sizeof known);
	sy_strlcpy(known.brand_model, m->brand_model, sizeof known.brand_model);
	sy_strlcpy(known.vehicle_type, m->vehicle_type, sizeof known.vehicle_type);
	sy_strlcpy(known.power_type, m->power_type, sizeof known.power_type);
	known.curb_mass_kg = m->curb_mass_kg;
	snprintf(note, sizeof note, _("from %s (earlier vehicles: %d)"), m->prefix, m->vehicles);
	for (size_t i = 0; i < sizeof model_keys / sizeof *model_keys; i++) {
		const struct form_field *fld = form_find(&form_intake, model_keys[i]);
		form_get(fld, &known, value, sizeof value);
		if (!*value || tui_form_learn(c->form, model_keys[i], value, note) != 0)
			continue;
		size_t used = strlen(names);
		snprintf(names + used, sizeof names - used, "%s%s", used ? sy_pick(", ", "、") : "", form_label(fld));
	}
	if (*names)
		tui_info(t, _("Filled %s %s (marked ~; Up or Tab to check them)"), names, note);
	return *names != '\0';
}

/* Once the VIN is left valid, and whenever it changes: what was filled for
 * another VIN goes, and the model's earlier vehicles fill what they agree on.
 * While the VIN is in focus nothing changes, unless saving (even). Returns
 * 1 when fields were filled. */
static int learn_from_vin(struct tui *t, struct checkin *c, int even)
{
	char vin[18];
	sy_err err = {0};
	struct vehicle_model m;
	if (!even && strcmp(tui_form_current(c->form)->key, "vin") == 0)
		return 0; /* being typed, or looked at: what it gave stays until it is left */
	vin_left(c, vin);
	if (strcmp(vin, c->learned_vin) == 0)
		return 0;
	tui_form_unlearn(c->form);
	sy_strlcpy(c->learned_vin, vin, sizeof c->learned_vin);
	if (!*vin)
		return 0;
	if (vehicle_model_learned(tui_db(t), vin, &m, &err) != SY_OK) {
		tui_error(t, "%s", err.msg); /* nothing filled: the clerk types as before */
		return 0;
	}
	return m.vehicles ? fill_from_model(t, c, &m) : 0;
}

/* ---- weighing ---- */

static const struct form_field *scale_field(void)
{
	for (int i = 0; i < form_intake.count; i++)
		if (form_intake.fields[i].flags & FORM_SCALE)
			return &form_intake.fields[i];
	return NULL;
}

static void scale_start(struct tui *t, struct checkin *c)
{
	if (!scale_field())
		return;
	tui_weighing_start(t, &c->weighing);
	c->weighing.saves = 1;
}

/* Enter takes the stable weight; F2 takes it and saves, the weighing being
 * the last thing a check-in waits for (the checks of saving still apply:
 * a mass unusual for the vehicle is asked about). */
static int weighing_key(struct tui *t, struct checkin *c, int action)
{
	char value[32];
	int and_save = action == ACT_SAVE;
	enum tui_weighing_result r = tui_weighing_key(t, &c->weighing, and_save ? ACT_SUBMIT : action, value, sizeof value);
	if (r == WEIGHING_TAKEN) {
		tui_form_set(t, c->form, scale_field()->key, value);
		if (and_save && !*tui_form_error(c->form, scale_field()->key))
			save(t, c);
	}
	return r == WEIGHING_PASS ? TUI_UNHANDLED : TUI_HANDLED;
}

/* ---- the ID card ---- */

/* The owner's part of the form, in order. */
static const char *const owner_keys[] = {"owner-kind", "owner", "owner-id", "owner-phone", "owner-address", "agent",
					 "agent-id"};

static int for_agent(const struct checkin *c)
{
	char kind[16];
	tui_form_value(c->form, "owner-kind", kind, sizeof kind);
	return strcmp(kind, "company") == 0;
}

/* After the card: the field the clerk must look at (one the card's values
 * failed), else the first owner field still empty, else the next part of the form. */
static void focus_after_card(struct checkin *c)
{
	const char *empty = NULL;
	char value[300];
	for (size_t i = 0; i < sizeof owner_keys / sizeof *owner_keys; i++) {
		if (!tui_form_shown(c->form, owner_keys[i]))
			continue;
		if (*tui_form_error(c->form, owner_keys[i])) {
			tui_form_focus_key(c->form, owner_keys[i], NULL);
			return;
		}
		tui_form_value(c->form, owner_keys[i], value, sizeof value);
		if (!*value && !empty)
			empty = owner_keys[i];
	}
	tui_form_focus_key(c->form, empty ? empty : "registration", NULL);
}

/* Put the card's name, ID number and (for a person) address into the form.
 * The ID number is checked like a typed one (GB 11643). */
static void fill_from_card(struct tui *t, struct checkin *c, int expired)
{
	const struct idcard *card = &c->card;
	int agent = for_agent(c);
	const char *id_key = agent ? "agent-id" : "owner-id";
	tui_form_set(t, c->form, agent ? "agent" : "owner", card->name);
	tui_form_set(t, c->form, id_key, card->id_number);
	if (!agent)
		tui_form_set(t, c->form, "owner-address", card->address);
	focus_after_card(c);
	if (*tui_form_error(c->form, id_key))
		tui_error(t, _("The ID number on the card fails the check: %s"), tui_form_error(c->form, id_key));
	else if (expired)
		tui_error(t, _("Filled from an EXPIRED ID card (expired %s): check another identity document"),
			  card->valid_until);
	else if (card->valid_long_term)
		tui_info(t, _("ID card read: %s (valid long-term)"), card->name);
	else
		tui_info(t, _("ID card read: %s (valid until %s)"), card->name, card->valid_until);
	memset(&c->card, 0, sizeof c->card);
}

static void card_read(struct tui *t, struct checkin *c)
{
	char today[11];
	c->reading = 0;
	tui_ticks(t, 0);
	tui_idcard_release();
	db_today(today);
	if (idcard_expired(&c->card, today))
		c->expired_card = 1; /* not taken until the clerk says so */
	else
		fill_from_card(t, c, 0);
}

static void idcard_look(struct tui *t, struct checkin *c)
{
	char msg[300];
	int r = tui_idcard_poll(&c->card, msg, sizeof msg);
	if (r == TUI_IDCARD_READ) {
		card_read(t, c);
	} else if (r == TUI_IDCARD_ERROR) {
		c->reading = 0;
		tui_ticks(t, 0);
		tui_error(t, "%s", msg);
	} else if (*msg) {
		sy_strlcpy(c->card_msg, msg, sizeof c->card_msg);
	}
}

static void idcard_start(struct tui *t, struct checkin *c)
{
	tui_form_commit(NULL, c->form);
	c->reading = 1;
	c->card_msg[0] = '\0';
	idcard_look(t, c);
	if (c->reading)
		tui_ticks(t, IDCARD_TICK_MS);
}

static int reading_key(struct tui *t, struct checkin *c, int action)
{
	if (action == ACT_BACK) {
		c->reading = 0;
		tui_ticks(t, 0);
		tui_idcard_release();
		tui_info(t, _("ID card reading cancelled"));
	} else if (action == ACT_QUIT || action == ACT_HELP) {
		return TUI_UNHANDLED;
	}
	return TUI_HANDLED;
}

static int expired_key(struct tui *t, struct checkin *c, int action, int key)
{
	if (key == 'y' || key == 'Y') {
		c->expired_card = 0;
		fill_from_card(t, c, 1);
	} else if (action == ACT_BACK || key == 'n' || key == 'N') {
		c->expired_card = 0;
		memset(&c->card, 0, sizeof c->card);
		tui_info(t, _("The expired ID card was not used"));
	} else if (action == ACT_QUIT || action == ACT_HELP) {
		return TUI_UNHANDLED;
	}
	return TUI_HANDLED;
}

static void checkin_tick(struct tui *t, void *state)
{
	struct checkin *c = state;
	if (c->weighing.active)
		tui_weighing_look(t, &c->weighing);
	else if (c->reading)
		idcard_look(t, c);
}

/* ---- keys ---- */

static int saved_key(struct tui *t, struct checkin *c, int action, int key)
{
	if (action == ACT_SUBMIT || key == 'n' || key == 'N') {
		start_next(t, c);
		return TUI_HANDLED;
	}
	if (key == 't' || key == 'T') {
		struct label_ref ref = {LABEL_VEHICLE, c->last.stock_no};
		tui_push(t, &screen_label_preview, &ref);
		return TUI_HANDLED;
	}
	if (key == 'p' || key == 'P') {
		tui_label_print(t, LABEL_VEHICLE, c->last.stock_no);
		return TUI_HANDLED;
	}
	if (action == ACT_SHOW_SAVED || key == 'v' || key == 'V') {
		tui_push(t, &screen_vehicle, &c->last.id);
		return TUI_HANDLED;
	}
	return action == ACT_NONE || action == ACT_SAVE || action == ACT_SCALE || action == ACT_IDCARD ? TUI_HANDLED
												     : TUI_UNHANDLED;
}

/* The question about an unusual mass: Enter saves it as it is, any other
 * key goes back to the field to correct it. */
static int unusual_key(struct tui *t, struct checkin *c, int action, int key)
{
	if (action == ACT_QUIT || action == ACT_HELP)
		return TUI_UNHANDLED;
	c->unusual[0] = '\0';
	if (key == TUI_ENTER || action == ACT_SAVE) {
		c->v.weight_confirmed = 1;
		save(t, c);
		c->v.weight_confirmed = 0;
	} else {
		tui_info(t, "%s", _("Not saved: correct the mass, then save again"));
	}
	return TUI_HANDLED;
}

static int checkin_key(struct tui *t, void *state, int action, int key)
{
	struct checkin *c = state;
	if (c->weighing.active)
		return weighing_key(t, c, action);
	if (c->reading)
		return reading_key(t, c, action);
	if (c->expired_card)
		return expired_key(t, c, action, key);
	if (c->asking_statement)
		return statement_key(t, c, action, key);
	if (c->unusual[0])
		return unusual_key(t, c, action, key);
	if (c->saved)
		return saved_key(t, c, action, key);
	switch (action) {
	case ACT_SAVE: save(t, c); return TUI_HANDLED;
	case ACT_SCALE: scale_start(t, c); return TUI_HANDLED;
	case ACT_IDCARD: idcard_start(t, c); return TUI_HANDLED;
	case ACT_SHOW_SAVED: return TUI_HANDLED;
	default: break;
	}
	int r = tui_form_key(t, c->form, action, key);
	if (r == FORM_KEY_SUBMIT)
		save(t, c);
	else if (!c->saved)
		learn_from_vin(t, c, 0);
	return r == FORM_KEY_IGNORED ? TUI_UNHANDLED : TUI_HANDLED;
}

/* ---- drawing ---- */

static void draw_saved(struct tui_rect r, const struct checkin *c)
{
	char head[128], what[256], missing[256] = "", part[96];
	snprintf(head, sizeof head, _("Saved as %s"), c->last.stock_no);
	if (*c->last.plate)
		snprintf(what, sizeof what, "%s  %s  %s", c->last.vin, c->last.plate, c->last.owner_name);
	else
		snprintf(what, sizeof what, "%s  %s", c->last.vin, c->last.owner_name);
	/* what the record means for the certificate, said now */
	if (c->last.vehicle_missing)
		snprintf(missing, sizeof missing, _("Came without %s: a missing vehicle, no certificate (Order 715)"),
			 vehicle_missing_what(&c->last, part, sizeof part));
	const char *lines[] = {head, what, missing, _("Enter: check in the next vehicle"),
			       _("V or F3: show this vehicle    Esc: back to the menu"),
			       _("P: print the vehicle tag    T: show the tag first")};
	const int attrs[] = {tui_style(STYLE_INFO) | A_BOLD, A_NORMAL, tui_style(STYLE_LATE) | A_BOLD, A_NORMAL, A_NORMAL,
			     A_NORMAL};
	tui_box_lines(r, lines, attrs, 6);
}

/* Break text into lines of at most w cells after its separators (", ",
 * "、", "; "); up to max lines, the last one cut. Returns the count. */
static int wrap_list(const char *text, int w, char lines[][256], int max)
{
	int n = 0;
	const char *p = text;
	while (*p && n < max) {
		const char *cut = NULL, *q = p;
		char line[256];
		while (*q) {
			size_t len = strcspn(q + 1, ",、;；") + 1;
			const char *next = q + len;
			if (*next)
				next += (unsigned char)*next < 0x80 ? 1 : 3; /* the separator itself */
			snprintf(line, sizeof line, "%.*s", (int)(next - p), p);
			if (cut && tui_width(line) > w)
				break;
			cut = next;
			q = next;
		}
		snprintf(lines[n++], 256, "%.*s", (int)(cut - p), p);
		p = cut;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void draw_statement(struct tui_rect r, const struct checkin *c)
{
	char what[600], list[3][256];
	snprintf(what, sizeof what, _("Not handed over: %s"), c->not_handed_over);
	int n = wrap_list(what, r.w - 10, list, 3);
	const char *lines[7];
	int attrs[7], k = 0;
	for (int i = 0; i < n; i++)
		lines[k] = list[i], attrs[k++] = tui_style(STYLE_LATE) | A_BOLD;
	lines[k] = _("Has the owner signed a written statement declaring it (Order 715)?"), attrs[k++] = A_BOLD;
	lines[k] = "", attrs[k++] = A_NORMAL;
	lines[k] = _("Y: yes, it is on file: save    any other key: back to the form"), attrs[k++] = A_NORMAL;
	tui_box_lines(r, lines, attrs, k);
}

/* Cut s into two lines of at most width cells, at a space when there is one. */
static void split_line(const char *s, int width, char *first, char *second, size_t size)
{
	size_t n = tui_fit(s, width), len = strlen(s);
	if (n < len) {
		size_t k = n;
		while (k > n / 2 && s[k] != ' ')
			k--;
		if (s[k] == ' ')
			n = k;
	}
	snprintf(first, size, "%.*s", (int)n, s);
	snprintf(second, size, "%s", s[n] == ' ' ? s + n + 1 : s + n);
}

static void draw_reading(struct tui_rect r, const struct checkin *c)
{
	char where[300], msg1[300], msg2[300];
	snprintf(where, sizeof where, _("Reader: %s"), *tui_idcard_where() ? tui_idcard_where() : "-");
	split_line(*c->card_msg ? c->card_msg : _("Place the ID card on the reader"), r.w - 8, msg1, msg2, sizeof msg1);
	const char *lines[] = {for_agent(c) ? _("Reading the agent's ID card") : _("Reading the owner's ID card"),
			       msg1, msg2, where, "", _("Esc: cancel")};
	int msg_attr = *c->card_msg ? tui_style(STYLE_MARK) : (int)A_NORMAL;
	const int attrs[] = {A_BOLD, msg_attr, msg_attr, tui_style(STYLE_HINT), A_NORMAL, A_NORMAL};
	tui_box_lines(r, lines, attrs, 6);
}

static void draw_expired(struct tui_rect r, const struct checkin *c)
{
	char who[200], valid[200];
	snprintf(who, sizeof who, "%s  %s", c->card.name, c->card.id_number);
	snprintf(valid, sizeof valid, _("Valid %s to %s: expired"), c->card.valid_from, c->card.valid_until);
	const char *lines[] = {_("This ID card has EXPIRED"), who, valid, "",
			       _("An expired card is not a valid identity document: ask for a valid one."),
			       _("Y: fill in its details anyway    Esc: leave the form as it was")};
	const int attrs[] = {tui_style(STYLE_LATE) | A_BOLD, A_NORMAL, tui_style(STYLE_LATE), A_NORMAL, A_NORMAL, A_NORMAL};
	tui_box_lines(r, lines, attrs, 6);
}

/* The message broken into lines that fit the box. */
static void draw_unusual(struct tui_rect r, const struct checkin *c)
{
	char parts[4][512];
	const char *lines[7];
	int attrs[7], n = 0, width = r.w - 10 < 64 ? r.w - 10 : 64;
	const char *s = c->unusual;
	lines[n] = _("Is this mass right?"), attrs[n++] = tui_style(STYLE_LATE) | A_BOLD;
	for (int i = 0; i < 4 && *s; i++) {
		size_t fit = tui_fit(s, width), cut = fit;
		if (s[fit])
			while (cut > 0 && s[cut] != ' ')
				cut--;
		if (cut == 0)
			cut = fit;
		snprintf(parts[i], sizeof parts[i], "%.*s", (int)cut, s);
		lines[n] = parts[i], attrs[n++] = A_NORMAL;
		s += cut;
		while (*s == ' ')
			s++;
	}
	lines[n] = "", attrs[n++] = A_NORMAL;
	lines[n] = _("Enter: save it as it is    any other key: correct it"), attrs[n++] = A_NORMAL;
	tui_box_lines(r, lines, attrs, n);
}

static void checkin_draw(struct tui *t, void *state)
{
	struct checkin *c = state;
	struct tui_rect r = tui_body(t);
	tui_form_draw(t, c->form, r);
	if (c->saved) {
		tui_cursor(t, -1, -1);
		draw_saved(r, c);
	} else if (c->asking_statement) {
		tui_cursor(t, -1, -1);
		draw_statement(r, c);
	} else if (c->weighing.active) {
		tui_cursor(t, -1, -1);
		tui_weighing_draw(r, &c->weighing);
	} else if (c->reading) {
		tui_cursor(t, -1, -1);
		draw_reading(r, c);
	} else if (c->expired_card) {
		tui_cursor(t, -1, -1);
		draw_expired(r, c);
	} else if (c->unusual[0]) {
		tui_cursor(t, -1, -1);
		draw_unusual(r, c);
	}
}

const struct screen_ops screen_checkin = {
	.name = "checkin",
	.title_en = "Check-in",
	.title_zh = "车辆登记",
	.keys = checkin_keys,
	.base = keys_form,
	.open = checkin_open,
	.draw = checkin_draw,
	.key = checkin_key,
	.close = checkin_close,
	.unsaved = checkin_unsaved,
	.tick = checkin_tick,
};
