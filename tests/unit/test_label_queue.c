/* The label print queue and the label data taken from the database: jobs
 * recorded before sending and kept queued when no printer takes them, and
 * what each kind of label shows for a vehicle, a part, a core and a waste
 * container. */
#include "tests/check.h"

#include "app/label_print.h"
#include "db/label_queue.h"
#include "tests/unit/yard_fixture.h"

static int count_job(const struct label_job *j, void *ctx)
{
	int *n = ctx;
	n[0]++;
	n[1] = (int)j->id;
	return 0;
}

static void test_queue(db *d)
{
	struct label_job j, back;
	sy_err err = {0};
	CHECK_INT(label_queue_add(d, "part", "P2026-0000001", "0a5f", 2, &j, &err), SY_OK);
	CHECK_INT(j.state, LABEL_JOB_QUEUED);
	CHECK_INT(j.copies, 2);
	CHECK_INT(j.attempts, 0);
	CHECK_STR(j.printer, "0a5f");
	CHECK_STR(j.created_by, "tester");
	CHECK_INT(label_queue_add(d, "part", "P1", NULL, 0, &back, &err), SY_INVALID);
	CHECK_STR(err.field, "copies");

	j.state = LABEL_JOB_DONE;
	strcpy(j.message, "printed");
	strcpy(j.language, "zpl");
	j.attempts = 1;
	CHECK_INT(label_queue_save(d, &j, &err), SY_OK);
	CHECK_INT(label_queue_get(d, j.id, &back, &err), SY_OK);
	CHECK_INT(back.state, LABEL_JOB_DONE);
	CHECK(strcmp(back.message, "printed") == 0);
	/* The enum is stored by the names the table always had. */
	char *stored = db_text(d, &err, "SELECT state FROM print_jobs WHERE id = ?", "I", j.id);
	CHECK_STR(stored ? stored : "", "done");
	free(stored);
	for (int st = LABEL_JOB_QUEUED; st <= LABEL_JOB_FAILED; st++) {
		enum label_job_state back_state;
		CHECK_INT(label_job_state_parse(label_job_state_name((enum label_job_state)st), &back_state), 0);
		CHECK_INT(back_state, st);
	}
	enum label_job_state unknown;
	CHECK_INT(label_job_state_parse("printing", &unknown), -1);
	CHECK_STR(back.language, "zpl");
	CHECK_INT(back.attempts, 1);

	struct label_job k;
	label_queue_add(d, "waste", "HW08-2026-0001", NULL, 1, &k, &err);
	int n[2] = {0, 0};
	CHECK_INT(label_queue_list(d, LABEL_JOBS_WAITING, 0, count_job, n, &err), SY_OK);
	CHECK_INT(n[0], 1); /* the done one is not waiting */
	CHECK_INT(n[1], k.id);
	n[0] = 0;
	label_queue_list(d, LABEL_JOBS_ALL, 0, count_job, n, &err);
	CHECK_INT(n[0], 2);
	CHECK_INT(n[1], j.id); /* newest first: the last seen is the oldest */
	n[0] = 0;
	label_queue_list(d, LABEL_JOBS_DONE, 0, count_job, n, &err);
	CHECK_INT(n[0], 1);
	CHECK_INT(label_queue_get(d, 999, &back, &err), SY_INVALID);
	CHECK(strstr(err.msg, "999") != NULL);
	cJSON *o = label_job_to_json(&j);
	CHECK(o && cJSON_IsString(cJSON_GetObjectItem(o, "state")));
	CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), "done");
	cJSON_Delete(o);
}

static void add_part(db *d, const char *no, const char *kind, const char *dest)
{
	sy_err err = {0};
	if (db_exec(d, &err,
		    "INSERT INTO parts(part_no, vehicle_id, kind, grade, dest, weight_kg, location, notes, created_by,"
		    " created_at, updated_at) VALUES(?, 1, ?, 'A', ?, 23.5, 'B-12-3', 'note', 't', '2026-03-02 10:00:00',"
		    " '2026-03-02 10:00:00')",
		    "ttt", no, kind, dest) != SY_OK)
		printf("# add part: %s\n", err.msg);
}

static void test_load(db *d, const struct vehicle *v)
{
	struct label_source *src = calloc(1, sizeof *src);
	sy_err err = {0};
	CHECK_INT(label_load(d, LABEL_VEHICLE, v->vin, src, &err), SY_OK);
	CHECK_STR(src->in.u.vehicle.stock_no, v->stock_no);
	CHECK_STR(src->in.u.vehicle.make_model, "Test Sedan");
	CHECK_INT(label_load(d, LABEL_VEHICLE, v->stock_no, src, &err), SY_OK);
	CHECK_INT(label_load(d, LABEL_VEHICLE, "V1999-999999", src, &err), SY_INVALID);
	CHECK_INT(label_load(d, LABEL_VEHICLE, "", src, &err), SY_INVALID);

	add_part(d, "P2026-0000001", "door", "reuse");
	add_part(d, "P2026-0000002", "engine", "reman");
	add_part(d, "P2026-0000003", "transmission", "material");
	add_part(d, "P2026-0000004", "wing", "material");
	CHECK_INT(label_load(d, LABEL_PART, "p2026-0000001", src, &err), SY_OK);
	CHECK_STR(src->in.u.part.name, "车门 Door");
	CHECK(src->in.u.part.for_reuse);
	CHECK_STR(src->in.u.part.source_vin, v->vin);
	CHECK_NEAR(src->in.u.part.weight_kg, 23.5, 1e-9);
	CHECK_INT(label_load(d, LABEL_PART, "P2026-0000004", src, &err), SY_OK);
	CHECK(!src->in.u.part.for_reuse); /* a part going to scrap carries no reuse marking */

	CHECK_INT(label_load(d, LABEL_CORE, "P2026-0000002", src, &err), SY_OK);
	CHECK_INT(src->in.u.core.assembly, ASSEMBLY_ENGINE);
	CHECK_STR(src->in.u.core.yard, "Test Yard");
	CHECK_STR(src->in.u.core.date, "2026-03-02");
	CHECK_INT(label_load(d, LABEL_CORE, "P2026-0000001", src, &err), SY_INVALID);
	CHECK(msg_has(&err, "five assemblies"));
	CHECK_INT(label_load(d, LABEL_CORE, "P2026-0000003", src, &err), SY_INVALID);
	CHECK(strstr(err.msg, "remanufacturing") != NULL);

	db_exec(d, &err,
		"INSERT INTO waste(container_code, batch_code, code, source, qty, unit, generated_at, generated_by) VALUES"
		" ('HW08-2026-0001', 'B1', '900-214-08', 'manual', 180, 'kg', '2026-03-02 11:00:00', 't'),"
		" ('COOL-1', 'B2', 'SITE-COOLANT', 'manual', 20.5, 'l', '2026-03-03 11:00:00', 't')",
		NULL);
	CHECK_INT(label_load(d, LABEL_WASTE, "HW08-2026-0001", src, &err), SY_OK);
	CHECK_STR(src->in.u.waste.category, "HW08");
	CHECK_STR(src->in.u.waste.hazard, "T, I");
	CHECK_STR(src->in.u.waste.date, "2026-03-02");
	CHECK_STR(src->in.u.waste.name, "废机油、齿轮油、制动液等废润滑油");
	CHECK_INT(label_load(d, LABEL_WASTE, "COOL-1", src, &err), SY_OK);
	CHECK_STR(src->in.u.waste.unit, "L");
	CHECK_STR(src->in.u.waste.hazard, "T"); /* the yard's table: ethylene glycol is toxic */
	CHECK_INT(label_load(d, LABEL_WASTE, "NONE-1", src, &err), SY_INVALID);

	/* Rendering from the database, as --format does. */
	struct bitmap *bm = NULL;
	struct label_layout lay;
	struct printer_profile pf;
	printer_profile_make(0x04f9, 0x2042, NULL, NULL, 0, &pf);
	/* The Brother default is the DK-11202 roll: 62x100 mm die-cut labels. */
	CHECK_INT(label_render_ref(d, LABEL_CORE, "P2026-0000002", &pf, NULL, NULL, &bm, &lay, &err), SY_OK);
	CHECK(bm && bm->width == 696 && bm->height == 1109 && bm->dpi == 300);
	CHECK_NEAR(lay.width_mm, 62, 1e-9);
	CHECK(lay.job.die_cut && lay.job.media_width_mm == 62 && lay.job.media_length_mm == 100);
	bitmap_free(bm);
	printer_profile_make(0x0a5f, 0x0001, NULL, NULL, 0, &pf);
	CHECK_INT(label_render_ref(d, LABEL_WASTE, "COOL-1", &pf, "4x6in", NULL, &bm, &lay, &err), SY_OK);
	CHECK(bm && bm->width == 812 && bm->height == 1218);
	bitmap_free(bm);
	free(src);
}

static void test_settings(db *d)
{
	struct label_settings s;
	sy_err err = {0};
	label_settings_load(d, &s);
	CHECK_STR(label_size_for(&s, LABEL_PART, "zpl", NULL), "100x50");
	CHECK_STR(label_size_for(&s, LABEL_PART, "ql", NULL), "62x100");
	CHECK_STR(label_size_for(&s, LABEL_PART, "dymo", NULL), "54x101");
	CHECK_STR(label_size_for(&s, LABEL_PART, "zpl", "4x6in"), "4x6in");
	CHECK(s.gap_mm < 0 && s.wait_s == 0);
	db_set_setting(d, &err, "label.size", "60x40");
	db_set_setting(d, &err, "label.size.vehicle", "4x6in");
	db_set_setting(d, &err, "label.gap", "0");
	db_set_setting(d, &err, "label.printer", "04f9:2042");
	label_settings_load(d, &s);
	CHECK_STR(label_size_for(&s, LABEL_PART, "ql", NULL), "60x40");
	CHECK_STR(label_size_for(&s, LABEL_VEHICLE, "zpl", NULL), "4x6in");
	CHECK_NEAR(s.gap_mm, 0, 1e-9);
	CHECK_STR(s.printer, "04f9:2042");
	db_set_setting(d, &err, "label.size", "");
	db_set_setting(d, &err, "label.size.vehicle", "");
	db_set_setting(d, &err, "label.printer", "ffff:0001"); /* no such printer here */
}

/* Without a printer the job is recorded and waits; a done job is not
 * printed twice by retry; a job whose record is gone fails. */
static void test_print_without_printer(db *d)
{
	struct label_print_result r;
	struct label_print_opts o = {.copies = 1};
	sy_err err = {0};
	int status = label_print(d, LABEL_PART, "P2026-0000001", &o, &r, &err);
	CHECK_INT(status, SY_ENV);
	CHECK(r.job.id > 0);
	CHECK_INT(r.job.state, LABEL_JOB_QUEUED);
	CHECK_INT(r.job.attempts, 1);
	CHECK(*r.job.message != '\0');
	CHECK_INT(label_print(d, LABEL_PART, "P2026-0009999", &o, &r, &err), SY_INVALID);
	CHECK_INT(r.job.id, 0);

	struct label_job gone;
	label_queue_add(d, "part", "P2026-0008888", NULL, 1, &gone, &err);
	CHECK_INT(label_retry(d, gone.id, &o, &r, &err), SY_INVALID);
	CHECK_INT(r.job.state, LABEL_JOB_FAILED);
	struct label_job done;
	label_queue_add(d, "part", "P2026-0000001", NULL, 1, &done, &err);
	done.state = LABEL_JOB_DONE;
	label_queue_save(d, &done, &err);
	CHECK_INT(label_retry(d, done.id, &o, &r, &err), SY_INVALID);
	CHECK(strstr(err.msg, "printed already") != NULL);
}

int main(void)
{
	unsetenv("SCRAPYARD_LABEL_FONT");
	db *d = fixture_open("2026-03-05 09:00:00");
	struct vehicle v = fixture_vehicle(d, 1, "petrol");
	test_queue(d);
	test_load(d, &v);
	test_settings(d);
	test_print_without_printer(d);
	db_close(d);
	return CHECK_DONE();
}
