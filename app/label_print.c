/* Labels from the database to the printer, through the print queue. */
#include "app/label_print.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"
#include "db/devices.h"

const struct code_label label_kind_words[] = {
	{"vehicle", "vehicle", "车辆"}, {"part", "part", "零部件"}, {"core", "core", "旧件"}, {"waste", "waste", "危废"}, {0},
};
const struct code_label label_kind_titles[] = {
	{"vehicle", "Vehicle tag", "车辆标签"},
	{"part", "Part label", "零部件标签"},
	{"core", "Core label", "再制造旧件标签"},
	{"waste", "Hazardous waste label", "危险废物标签"},
	{0},
};
const struct code_label label_job_states[] = {
	{"queued", "queued", "排队中"},
	{"sent", "sent", "已发送"},
	{"done", "done", "已完成"},
	{"failed", "failed", "失败"},
	{0},
};

/* ---- What goes on the label ---- */

/* A waste's physical form as the label prints it: in Chinese, whatever the
 * clerk's language (a label is read on the floor and by inspectors). */
static const char *form_zh(const char *form)
{
	for (const struct code_label *f = waste_forms; f->code; f++)
		if (strcmp(f->code, form) == 0)
			return f->zh;
	return form;
}

static void date_of(char out[11], const char *timestamp)
{
	sy_strlcpy(out, timestamp, 11);
}

static int load_vehicle(db *d, const char *ref, struct label_source *src, sy_err *err)
{
	struct vehicle *v = &src->vehicle;
	int status = vehicle_find(d, ref, v, err);
	if (status != SY_OK)
		return status;
	src->in.u.vehicle = (struct label_vehicle){
		.stock_no = v->stock_no,
		.vin = v->vin,
		.plate = v->plate,
		.make_model = v->brand_model,
		.intake_date = v->received_date,
		.police_supervised = v->police_supervised,
	};
	return SY_OK;
}

static int load_part(db *d, const char *ref, struct label_source *src, sy_err *err)
{
	struct part *p = &src->part;
	int status = part_find(d, ref, p, err);
	if (status != SY_OK)
		return status;
	snprintf(src->name, sizeof src->name, "%s %s", p->kind.name_zh, p->kind.name_en);
	src->in.u.part = (struct label_part){
		.part_no = p->part_no,
		.name = src->name,
		.grade = p->grade,
		.source_vin = p->vin,
		.stock_no = p->stock_no,
		.weight_kg = p->weight_kg,
		.location = p->location,
		.note = p->notes,
		.for_reuse = strcmp(p->dest, "reuse") == 0,
	};
	return SY_OK;
}

static int load_core(db *d, const char *ref, struct label_source *src, sy_err *err)
{
	struct part *p = &src->part;
	enum label_assembly a;
	int status = part_find(d, ref, p, err);
	if (status != SY_OK)
		return status;
	if (!p->kind.assembly || label_assembly_parse(p->kind.code, &a) != 0)
		return sy_fail(err, SY_INVALID, "kind",
			       _("%s is a %s, not one of the five assemblies: print a part label instead"), p->part_no,
			       part_kind_name(&p->kind));
	if (strcmp(p->dest, "reman") != 0)
		return sy_fail(err, SY_INVALID, "dest",
			       _("%s does not go to remanufacturing (its destination is %s): change the destination "
				 "first, or print a part label"),
			       p->part_no, code_label(part_dests, p->dest));
	site_get(d, &src->site, NULL);
	date_of(src->date, p->created_at);
	src->in.u.core = (struct label_core){
		.assembly = a,
		.part_no = p->part_no,
		.source_vin = p->vin,
		.stock_no = p->stock_no,
		.yard = src->site.name,
		.date = src->date,
	};
	return SY_OK;
}

static int load_waste(db *d, const char *ref, struct label_source *src, sy_err *err)
{
	struct waste *w = &src->waste;
	int status = waste_find(d, ref, w, err);
	if (status != SY_OK)
		return status;
	site_get(d, &src->site, NULL);
	date_of(src->date, w->generated_at);
	/* The code's own entry says what the label states about the waste. */
	struct waste_code *c = &src->waste_code;
	if (waste_code_find(d, w->code, c, err) != SY_OK)
		return err->status;
	src->in.u.waste = (struct label_waste){
		.name = *w->name_zh ? w->name_zh : w->name_en,
		.category = w->category,
		.code = w->code,
		.quantity = w->qty,
		.unit = !strcmp(w->unit, "l") ? "L" : w->unit, /* a lower-case l reads as a 1 */
		.container_code = w->container_code,
		.hazard = c->hazard,
		.date = src->date,
		.yard = src->site.name,
		.form = form_zh(c->form),
		.components = c->components,
		.hazardous = c->hazardous,
		.precautions = c->precautions,
		.contact = src->site.contact,
		.phone = src->site.phone,
	};
	return SY_OK;
}

int label_load(db *d, enum label_kind kind, const char *ref, struct label_source *src, sy_err *err)
{
	memset(src, 0, sizeof *src);
	src->in.kind = kind;
	if (!ref || !*ref)
		return sy_fail(err, SY_INVALID, "ref", _("name the record to label: a stock number, part number or container code"));
	switch (kind) {
	case LABEL_VEHICLE: return load_vehicle(d, ref, src, err);
	case LABEL_PART: return load_part(d, ref, src, err);
	case LABEL_CORE: return load_core(d, ref, src, err);
	case LABEL_WASTE: return load_waste(d, ref, src, err);
	default: return sy_fail(err, SY_INVALID, "kind", _("the label kinds are vehicle, part, core and waste"));
	}
}

/* ---- Settings ---- */

/* As the session sees it: the printer its counter or user chose, with that
 * choice's language, sizes and gap, else the yard's (db/devices.h). */
static void setting(db *d, const char *key, char *out, size_t size)
{
	char *v = device_setting(d, key);
	sy_strlcpy(out, v ? v : "", size);
	free(v);
}

void label_settings_load(db *d, struct label_settings *s)
{
	char buf[32], key[32];
	memset(s, 0, sizeof *s);
	setting(d, "label.printer", s->printer, sizeof s->printer);
	setting(d, "label.language", s->language, sizeof s->language);
	setting(d, "label.dpi", buf, sizeof buf);
	s->dpi = atoi(buf);
	setting(d, "label.font", s->font, sizeof s->font);
	setting(d, "label.gap", buf, sizeof buf);
	s->gap_mm = *buf ? atof(buf) : -1;
	setting(d, "label.wait", buf, sizeof buf);
	s->wait_s = atoi(buf);
	setting(d, "label.size", buf, sizeof buf);
	for (int k = 0; k < LABEL_KIND_COUNT; k++) {
		snprintf(key, sizeof key, "label.size.%s", label_kind_name((enum label_kind)k));
		setting(d, key, s->size[k], sizeof s->size[k]);
		if (!*s->size[k])
			sy_strlcpy(s->size[k], buf, sizeof s->size[k]);
	}
}

const char *label_size_for(const struct label_settings *s, enum label_kind kind, const char *lang, const char *asked)
{
	if (asked && *asked)
		return asked;
	if (s && *s->size[kind])
		return s->size[kind];
	if (kind == LABEL_WASTE)
		return "100x100";
	if (lang && !strcmp(lang, "ql"))
		return "62x100";
	if (lang && !strcmp(lang, "dymo"))
		return "54x101";
	return "100x50";
}

/* ---- Rendering ---- */

static int render(const struct label_source *src, const struct label_settings *s, int width, int height, int dpi,
		  struct bitmap **out, sy_err *err)
{
	struct label_options opt = {.media = {width, height, dpi}, .font_path = *s->font ? s->font : NULL};
	return label_render(&src->in, &opt, out, err);
}

/* ---- Layout: the label on the media ---- */

/* "62x100 mm die-cut labels (DK-11202) or 62 mm continuous tape (DK-22205)":
 * the Brother rolls a label of w x h mm prints on. */
static void rolls_for(double w, double h, char *buf, size_t size)
{
	const struct printer_ql_media *cut = printer_ql_media_find((int)lround(w), (int)lround(h));
	const struct printer_ql_media *tape = printer_ql_media_find((int)lround(w), 0);
	char a[96] = "", b[96] = "";
	if (cut)
		printer_ql_media_describe(cut, a, sizeof a);
	if (tape)
		printer_ql_media_describe(tape, b, sizeof b);
	if (cut && tape)
		snprintf(buf, size, _("%s or %s"), a, b);
	else
		snprintf(buf, size, "%s", cut ? a : tape ? b : _("a roll of that width"));
}

/* The nominal size of a die-cut roll, from its name (102x152 reports 153). */
static void roll_size(const struct printer_ql_media *m, double *w, double *h)
{
	int nw = m->width_mm, nh = m->length_mm;
	sscanf(m->name, "%dx%d", &nw, &nh);
	*w = nw;
	*h = nh;
}

static int roll_fits(const struct printer_ql_media *m, double w, double h)
{
	double rw, rh;
	roll_size(m, &rw, &rh);
	return fabs(w - rw) <= 0.5 && (!m->length_mm || fabs(h - rh) <= 1.5);
}

static int roll_mismatch(const struct printer_ql_media *m, int loaded, double w, double h, sy_err *err)
{
	char have[96], need[200];
	printer_ql_media_describe(m, have, sizeof have);
	rolls_for(w, h, need, sizeof need);
	if (loaded)
		return sy_fail(err, SY_ENV, "media",
			       _("The printer has %s loaded, but this label is %gx%g mm and needs %s: load that, or "
				 "set the label size to the loaded roll (`scrapyard printer use ID --size %s`)"),
			       have, w, h, need, m->name);
	return sy_fail(err, SY_INVALID, "media", _("%s do not take a label of %gx%g mm: it needs %s"), have, w, h,
		       need);
}

/* Which Brother roll: the one loaded, else the one named, else the one the
 * size names (a die-cut size is that roll, any other width is tape). */
static int pick_roll(const struct printer_status *loaded, const char *media, double w, double h,
		     const struct printer_ql_media **out, sy_err *err)
{
	char have[96];
	if (loaded && loaded->known && loaded->media_width_mm) {
		*out = printer_ql_media_loaded(loaded);
		printer_ql_loaded_describe(loaded, have, sizeof have);
		if (!*out)
			return sy_fail(err, SY_ENV, "media",
				       _("The printer has %s loaded, which no label here is laid out for: load 62x100 mm "
					 "die-cut labels (DK-11202) or 62 mm continuous tape (DK-22205)"),
				       have);
		return SY_OK;
	}
	if (media && *media) {
		*out = printer_ql_media_parse(media);
		if (!*out)
			return sy_fail(err, SY_INVALID, "media",
				       _("'%s' is not a Brother roll: name die-cut labels by their size (62x100) and "
					 "continuous tape by its width (62)"),
				       media);
		return SY_OK;
	}
	*out = printer_ql_media_find((int)lround(w), (int)lround(h));
	if (!*out || !roll_fits(*out, w, h))
		*out = printer_ql_media_find((int)lround(w), 0);
	if (!*out || !roll_fits(*out, w, h))
		return sy_fail(err, SY_INVALID, "size",
			       _("%g mm is not a tape width this Brother printer takes: use 12, 29, 38, 50, 54 or 62 mm "
				 "(102 mm on the wide models)"),
			       w);
	return SY_OK;
}

static int layout_ql(const struct printer_profile *pf, const char *size, const char *media,
		     const struct printer_status *loaded, struct label_layout *out, sy_err *err)
{
	double w = 62, h = 100;
	const struct printer_ql_media *m;
	int status = size ? label_size_parse(size, &w, &h, err) : SY_OK;
	if (status == SY_OK)
		status = pick_roll(loaded, media, w, h, &m, err);
	if (status != SY_OK)
		return status;
	int from_printer = loaded && loaded->known && loaded->media_width_mm;
	if (size && !roll_fits(m, w, h))
		return roll_mismatch(m, from_printer || !media, w, h, err);
	if (m->length_mm)
		roll_size(m, &w, &h);
	else if (!size)
		w = m->width_mm, h = m->width_mm >= 100 ? 50 : 100; /* tall labels on narrow tape, wide on 102 mm */
	out->width_mm = w;
	out->height_mm = h;
	out->dpi = 300;
	out->roll = m;
	return printer_ql_layout(pf, m, h, &out->width_dots, &out->height_dots, &out->job, err);
}

int label_layout_for(const struct printer_profile *pf, const struct label_settings *s, enum label_kind kind,
		     const char *size, const char *media, const struct printer_status *loaded,
		     struct label_layout *out, sy_err *err)
{
	struct label_media m;
	memset(out, 0, sizeof *out);
	const char *lang = pf->lang ? pf->lang->name : NULL;
	if (pf->lang == &printer_lang_ql) {
		const char *asked = size && *size ? size : s && *s->size[kind] ? s->size[kind] : NULL;
		return layout_ql(pf, asked, media, loaded, out, err);
	}
	int status = label_size_parse(label_size_for(s, kind, lang, media && *media ? media : size), &out->width_mm,
				      &out->height_mm, err);
	if (status == SY_OK && pf->lang)
		status = printer_media(pf, out->width_mm, out->height_mm, &out->width_dots, &out->height_dots, err);
	else if (status == SY_OK) {
		status = label_media_mm(out->width_mm, out->height_mm, pf->dpi, &m, err);
		out->width_dots = m.width;
		out->height_dots = m.height;
	}
	out->dpi = pf->dpi;
	if (status == SY_OK)
		printer_job_defaults(pf, out->width_mm, out->height_mm, &out->job);
	if (status == SY_OK && s && s->gap_mm >= 0 && pf->lang == &printer_lang_tspl)
		out->job.gap_mm = s->gap_mm;
	return status;
}

int label_render_ref(db *d, enum label_kind kind, const char *ref, const struct printer_profile *pf, const char *size,
		     const char *media, struct bitmap **out, struct label_layout *lay, sy_err *err)
{
	struct label_source *src = xcalloc(1, sizeof *src);
	struct label_settings s;
	struct printer_profile preview;
	*out = NULL;
	label_settings_load(d, &s);
	if (!pf) {
		printer_profile_make(0, 0, NULL, NULL, s.dpi, &preview);
		preview.lang = NULL;
		pf = &preview;
	}
	int status = label_load(d, kind, ref, src, err);
	if (status == SY_OK)
		status = label_layout_for(pf, &s, kind, size, media, NULL, lay, err);
	if (status == SY_OK)
		status = render(src, &s, lay->width_dots, lay->height_dots, lay->dpi, out, err);
	free(src);
	return status;
}

/* ---- The queue and the printer ---- */

/* The job's printer id without the port: the printer may come back in
 * another socket. */
static void printer_model_id(const char *id, char *out, size_t size)
{
	sy_strlcpy(out, id, size);
	char *at = strchr(out, '@');
	if (at)
		*at = '\0';
}

static void job_message(struct label_job *job, const char *msg)
{
	sy_strlcpy(job->message, msg, sizeof job->message);
}

/* The state a job is left in by how far it got. */
static enum label_job_state state_after(int status, const struct label_print_result *res)
{
	if (status == SY_OK)
		return LABEL_JOB_DONE;
	if (status != SY_ENV)
		return LABEL_JOB_FAILED; /* cannot print as set up: retrying will not help until it is fixed */
	if (res->outcome == PRINTER_HELD)
		return LABEL_JOB_SENT; /* the printer keeps it and prints it once the condition is cleared */
	if (res->outcome == PRINTER_TAKEN && !(res->status.flags & PRINTER_ERRORS))
		return LABEL_JOB_SENT; /* taken, never confirmed: the clerk looks */
	return LABEL_JOB_QUEUED;       /* refused, part sent, or an error reported (Brother drops the job) */
}

static void job_printer(const struct label_job *job, const struct label_print_opts *o, const struct label_settings *s,
			char *want, size_t size)
{
	if (o->printer && *o->printer)
		sy_strlcpy(want, o->printer, size);
	else if (*job->printer)
		printer_model_id(job->printer, want, size);
	else
		sy_strlcpy(want, s->printer, size);
}

/* Status first: what is loaded decides the layout on a Brother, and an
 * error stops the job before any byte of it goes out. */
static int check_printer(struct printer *p, struct printer_status *st, sy_err *err)
{
	char text[256];
	int status = printer_get_status(p, st, err);
	if (status != SY_OK || !st->known || !(st->flags & PRINTER_ERRORS))
		return status;
	printer_status_text(st, text, sizeof text);
	return sy_fail(err, SY_ENV, "printer", "%s", text);
}

/* Lay out, render, encode and send to an open printer. */
static int print_on(struct printer *p, struct label_job *job, const struct label_source *src,
		    const struct label_settings *s, const struct label_print_opts *o, struct label_print_result *res,
		    sy_err *err)
{
	const struct printer_profile *pf = printer_profile(p);
	struct label_layout lay;
	struct bitmap *bm = NULL;
	struct printer_buf buf = {0};
	char name[96];
	int status = check_printer(p, &res->status, err);
	if (status == SY_OK)
		status = label_layout_for(pf, s, src->in.kind, o->size, NULL, &res->status, &lay, err);
	if (status == SY_OK)
		status = render(src, s, lay.width_dots, lay.height_dots, lay.dpi, &bm, err);
	if (status == SY_OK) {
		snprintf(name, sizeof name, "%s %s", job->kind, job->ref);
		lay.job.copies = job->copies;
		lay.job.name = name;
		status = printer_encode(pf->lang, bm, &lay.job, &buf, err);
	}
	if (status == SY_OK)
		status = printer_transfer(p, buf.data, buf.len, &res->status, &res->outcome, err);
	printer_buf_free(&buf);
	bitmap_free(bm);
	return status;
}

/* One attempt at a job already recorded: the job's state and message say
 * how it went, and it is saved whatever happens. */
static int attempt(db *d, struct label_job *job, const struct label_source *src, const struct label_print_opts *o,
		   struct label_print_result *res, sy_err *err)
{
	struct label_settings s;
	struct printer *p = NULL;
	char want[64];
	label_settings_load(d, &s);
	job_printer(job, o, &s, want, sizeof want);
	/* The settings' language and resolution are those of the settings'
	 * printer: a job retried from another counter, or sent to another
	 * printer, keeps the one its own printer had. */
	int own = strcmp(want, s.printer) == 0;
	const char *lang = o->language && *o->language ? o->language : own ? s.language : job->language;
	int dpi = o->dpi > 0 ? o->dpi : own ? s.dpi : 0;
	job->attempts++;
	res->outcome = PRINTER_NOT_SENT;
	int status = printer_open(want, lang, dpi, &p, err);
	if (status == SY_OK) {
		const struct printer_profile *pf = printer_profile(p);
		if (s.wait_s > 0) {
			struct printer_timeouts t;
			printer_timeouts_default(&t);
			t.finish = s.wait_s * 1000;
			printer_set_timeouts(p, &t);
		}
		sy_strlcpy(job->printer, printer_get_info(p)->id, sizeof job->printer);
		sy_strlcpy(res->printer_name, pf->name, sizeof res->printer_name);
		if (!pf->lang && printer_get_info(p)->problem[0]) /* on the network: asked, and no answer */
			status = sy_fail(err, SY_INVALID, "language", _("the printer at %s %s (`scrapyard printer use %s --format zpl`)"),
					 job->printer, printer_get_info(p)->problem, job->printer);
		else if (!pf->lang)
			status = sy_fail(err, SY_INVALID, "language",
					 _("%s does not say which language it speaks: set it with `scrapyard printer use %s "
					   "--language zpl|tspl|ql|dymo`"),
					 pf->name, job->printer);
		else
			sy_strlcpy(job->language, pf->lang->name, sizeof job->language);
	}
	if (status == SY_OK)
		status = print_on(p, job, src, &s, o, res, err);
	/* No printer or no permission: nothing was sent, the job waits (queued). */
	job->state = state_after(status, res);
	if (status == SY_OK) {
		char text[256];
		printer_status_text(&res->status, text, sizeof text);
		job_message(job, res->outcome == PRINTER_PRINTED ? _("printed") : text);
	} else {
		job_message(job, err->msg);
	}
	sy_err save_err = {0};
	if (label_queue_save(d, job, &save_err) != SY_OK && status == SY_OK)
		status = sy_fail(err, save_err.status, NULL, "%s", save_err.msg);
	res->job = *job;
	printer_close(p);
	return status;
}

int label_print(db *d, enum label_kind kind, const char *ref, const struct label_print_opts *o,
		struct label_print_result *res, sy_err *err)
{
	struct label_source *src = xcalloc(1, sizeof *src);
	struct label_job job;
	memset(res, 0, sizeof *res);
	int status = label_load(d, kind, ref, src, err);
	if (status == SY_OK)
		status = label_queue_add(d, label_kind_name(kind), ref, o->printer, o->copies > 0 ? o->copies : 1, &job, err);
	if (status == SY_OK)
		status = attempt(d, &job, src, o, res, err);
	free(src);
	return status;
}

int label_retry(db *d, int64_t id, const struct label_print_opts *o, struct label_print_result *res, sy_err *err)
{
	struct label_source *src = NULL;
	struct label_job job;
	enum label_kind kind;
	memset(res, 0, sizeof *res);
	int status = label_queue_get(d, id, &job, err);
	if (status != SY_OK)
		return status;
	res->job = job;
	if (job.state == LABEL_JOB_DONE)
		return sy_fail(err, SY_INVALID, "job", _("job %lld was printed already: print the label again instead"),
			       (long long)id);
	if (label_kind_parse(job.kind, &kind) != 0)
		return sy_fail(err, SY_INVALID, "job", _("job %lld has an unknown label kind %s"), (long long)id, job.kind);
	src = xcalloc(1, sizeof *src);
	status = label_load(d, kind, job.ref, src, err);
	if (status != SY_OK) {
		/* The record is gone or no longer fits the label: the job cannot print. */
		job.state = LABEL_JOB_FAILED;
		job.attempts++;
		job_message(&job, err->msg);
		sy_err ignored = {0};
		label_queue_save(d, &job, &ignored);
		res->job = job;
	} else {
		status = attempt(d, &job, src, o, res, err);
	}
	free(src);
	return status;
}
