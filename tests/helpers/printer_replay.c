/* Drive the USB printer code under umockdev replays, without a database:
 *
 *   printer_replay list
 *   printer_replay status [ID]
 *   printer_replay send [ID]      a fixed 16x8-dot test pattern, 62 mm tape on Brother
 *   printer_replay hex VID:PID    the bytes send writes, in hex (to write a replay by hand)
 *
 * Prints one line per result; exits 0 when the job was taken (and, where the
 * printer reports it, printed), 2 on a device problem, 1 on bad input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer.h"

/* A small pattern whose every row differs, so a replay catches any change
 * in line order, mirroring or padding. */
static struct bitmap *test_pattern(int dpi)
{
	struct bitmap *bm = bitmap_new(16, 8, dpi);
	for (int y = 0; y < 8; y++)
		for (int x = 0; x < 16; x++)
			bitmap_set(bm, x, y, x == y || x == 15 - y || y == 0 || x == 0);
	return bm;
}

static void print_status(const struct printer_status *st)
{
	char text[256];
	printer_status_text(st, text, sizeof text);
	printf("status: %s\n", text);
	if (st->known)
		printf("flags: %#x detail: %s\n", st->flags, st->detail);
}

static int list(void)
{
	struct printer_info *items;
	int n;
	sy_err err = {0};
	if (printer_list(&items, &n, &err) != SY_OK) {
		printf("error: %s\n", err.msg);
		return 2;
	}
	printf("printers: %d\n", n);
	for (int i = 0; i < n; i++) {
		const struct printer_info *p = &items[i];
		printf("%s %s %s dpi=%d head=%d bidirectional=%d%s%s%s\n", p->id,
		       p->profile.lang ? p->profile.lang->name : "-", p->profile.name, p->profile.dpi,
		       p->profile.head_dots, p->bidirectional, p->editor_lite ? " editor-lite" : "",
		       p->problem[0] ? " problem: " : "", p->problem);
	}
	free(items);
	return 0;
}

static void job_for(const struct printer_profile *pf, struct printer_job *job)
{
	printer_job_defaults(pf, 62, 10, job);
	job->name = "replay";
}

static int hex(const char *ids)
{
	unsigned vid, pid;
	struct printer_profile pf;
	struct printer_job job;
	struct printer_buf out = {0};
	sy_err err = {0};
	if (sscanf(ids, "%x:%x", &vid, &pid) != 2)
		return 1;
	printer_profile_make((uint16_t)vid, (uint16_t)pid, NULL, getenv("PRINTER_LANGUAGE"), 0, &pf);
	struct bitmap *bm = test_pattern(pf.dpi);
	job_for(&pf, &job);
	if (printer_encode(pf.lang, bm, &job, &out, &err) != SY_OK) {
		printf("error: %s\n", err.msg);
		return 1;
	}
	for (size_t i = 0; i < out.len; i++)
		printf("%02X", out.data[i]);
	printf("\n");
	printer_buf_free(&out);
	bitmap_free(bm);
	return 0;
}

int main(int argc, char **argv)
{
	struct printer *p = NULL;
	struct printer_status st;
	sy_err err = {0};
	int status = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: printer_replay list | status [ID] | send [ID]\n");
		return 1;
	}
	if (!strcmp(argv[1], "list"))
		return list();
	if (!strcmp(argv[1], "hex") && argc > 2)
		return hex(argv[2]);
	if (printer_open(argc > 2 ? argv[2] : NULL, getenv("PRINTER_LANGUAGE"), 0, &p, &err) != SY_OK) {
		printf("error: %s\n", err.msg);
		return err.status;
	}
	const struct printer_profile *pf = printer_profile(p);
	struct printer_timeouts t;
	printer_timeouts_default(&t);
	if (getenv("PRINTER_FINISH_MS"))
		t.finish = atoi(getenv("PRINTER_FINISH_MS"));
	printer_set_timeouts(p, &t);
	printf("printer: %s %s\n", printer_get_info(p)->id, pf->lang ? pf->lang->name : "-");
	if (!strcmp(argv[1], "status")) {
		status = printer_get_status(p, &st, &err);
		if (status == SY_OK)
			print_status(&st);
		else
			printf("error: %s\n", err.msg);
	} else if (!strcmp(argv[1], "send")) {
		struct bitmap *bm = test_pattern(pf->dpi);
		struct printer_job job;
		job_for(pf, &job);
		enum printer_outcome outcome;
		status = printer_print(p, bm, &job, &st, &outcome, &err);
		printf("outcome: %s\n", outcome == PRINTER_PRINTED     ? "printed"
					 : outcome == PRINTER_HELD      ? "held"
					 : outcome == PRINTER_TAKEN     ? "taken"
					 : outcome == PRINTER_PART_SENT ? "part sent"
									: "not sent");
		if (status == SY_OK) {
			printf("job: %s\n", st.flags & PRINTER_DONE ? "printed" : "sent");
			print_status(&st);
		} else {
			printf("error: %s\n", err.msg);
		}
		bitmap_free(bm);
	} else {
		status = 1;
	}
	printer_close(p);
	return status;
}
