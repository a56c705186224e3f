/* Labels from the database to the printer, through the print queue. */
#include "app/label_print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

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

static void setting(db *d, const char *key, char *out, size_t size)
{
	char *v = db_setting(d, key);
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

int label_render_ref(db *d, enum label_kind kind, const char *ref, const char *lang, int dpi, const char *size,
		     struct bitmap **out, double *width_mm, double *height_mm, sy_err *err)
{
	struct label_source *src = xcalloc(1, sizeof *src);
	struct label_settings s;
	struct label_media m;
	*out = NULL;
	label_settings_load(d, &s);
	const struct printer_lang_ops *ops = lang ? printer_lang_find(lang) : NULL;
	if (dpi <= 0)
		dpi = s.dpi > 0 ? s.dpi : ops ? ops->default_dpi : 203;
	int status = label_load(d, kind, ref, src, err);
	if (status == SY_OK)
		status = label_size_parse(label_size_for(&s, kind, lang, size), width_mm, height_mm, err);
	if (status == SY_OK && ops == &printer_lang_ql) {
		/* The tape decides the width in dots, as on the printer. */
		struct printer_profile pf;
		printer_profile_make(0x04f9, 0x2042, NULL, "ql", dpi, &pf);
		status = printer_media(&pf, *width_mm, *height_mm, &m.width, &m.height, err);
		m.dpi = dpi;
	} else if (status == SY_OK) {
		status = label_media_mm(*width_mm, *height_mm, dpi, &m, err);
	}
	if (status == SY_OK)
		status = render(src, &s, m.width, m.height, m.dpi, out, err);
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

/* One attempt at a job already recorded: the job's state and message say
 * how it went, and it is saved whatever happens. */
static int attempt(db *d, struct label_job *job, const struct label_source *src, const struct label_print_opts *o,
		   struct label_print_result *res, sy_err *err)
{
	struct label_settings s;
	struct printer *p = NULL;
	struct bitmap *bm = NULL;
	struct printer_job pj;
	double w_mm, h_mm;
	int width, height;
	char want[64];
	enum label_kind kind = src->in.kind;
	label_settings_load(d, &s);
	if (o->printer && *o->printer)
		sy_strlcpy(want, o->printer, sizeof want);
	else if (*job->printer)
		printer_model_id(job->printer, want, sizeof want);
	else
		sy_strlcpy(want, s.printer, sizeof want);
	const char *lang = o->language && *o->language ? o->language : s.language;
	int dpi = o->dpi > 0 ? o->dpi : s.dpi;
	job->attempts++;
	int status = printer_open(want, lang, dpi, &p, err);
	if (status != SY_OK) {
		/* No printer, no permission: nothing was sent, the job waits. */
		sy_strlcpy(job->state, status == SY_ENV ? "queued" : "failed", sizeof job->state);
		goto out;
	}
	const struct printer_profile *pf = printer_profile(p);
	if (s.wait_s > 0) {
		struct printer_timeouts t;
		printer_timeouts_default(&t);
		t.finish = s.wait_s * 1000;
		printer_set_timeouts(p, &t);
	}
	sy_strlcpy(job->printer, printer_get_info(p)->id, sizeof job->printer);
	sy_strlcpy(res->printer_name, pf->name, sizeof res->printer_name);
	if (!pf->lang) {
		status = sy_fail(err, SY_INVALID, "language",
				 _("%s does not say which language it speaks: set it with `scrapyard printer use %s "
				   "--language zpl|tspl|ql|dymo`"),
				 pf->name, job->printer);
		sy_strlcpy(job->state, "failed", sizeof job->state);
		goto out;
	}
	sy_strlcpy(job->language, pf->lang->name, sizeof job->language);
	status = label_size_parse(label_size_for(&s, kind, pf->lang->name, o->size), &w_mm, &h_mm, err);
	if (status == SY_OK)
		status = printer_media(pf, w_mm, h_mm, &width, &height, err);
	if (status == SY_OK)
		status = render(src, &s, width, height, pf->dpi, &bm, err);
	if (status != SY_OK) {
		/* The label cannot print as set up: retrying will not help until it is fixed. */
		sy_strlcpy(job->state, "failed", sizeof job->state);
		goto out;
	}
	char name[96];
	snprintf(name, sizeof name, "%s %s", job->kind, job->ref);
	printer_job_defaults(pf, w_mm, h_mm, &pj);
	pj.copies = job->copies;
	pj.name = name;
	if (s.gap_mm >= 0 && pf->lang == &printer_lang_tspl)
		pj.gap_mm = s.gap_mm;
	status = printer_print(p, bm, &pj, &res->status, &res->outcome, err);
	if (status == SY_OK)
		sy_strlcpy(job->state, "done", sizeof job->state);
	else if (res->outcome == PRINTER_TAKEN && !(res->status.flags & PRINTER_ERRORS))
		sy_strlcpy(job->state, "sent", sizeof job->state); /* taken, never confirmed: the clerk looks */
	else
		sy_strlcpy(job->state, "queued", sizeof job->state);
out:
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
	bitmap_free(bm);
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
	if (!strcmp(job.state, "done"))
		return sy_fail(err, SY_INVALID, "job", _("job %lld was printed already: print the label again instead"),
			       (long long)id);
	if (label_kind_parse(job.kind, &kind) != 0)
		return sy_fail(err, SY_INVALID, "job", _("job %lld has an unknown label kind %s"), (long long)id, job.kind);
	src = xcalloc(1, sizeof *src);
	status = label_load(d, kind, job.ref, src, err);
	if (status != SY_OK) {
		/* The record is gone or no longer fits the label: the job cannot print. */
		sy_strlcpy(job.state, "failed", sizeof job.state);
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
