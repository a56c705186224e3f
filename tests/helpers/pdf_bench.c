/* Measures PDF rendering in process: certificates one after another, and a
 * long ledger. Prints one "name value" line per figure.
 *   pdf_bench [CERTIFICATES [LEDGER_ROWS [DIR]]]
 * defaults 1000 and 30000 rows (about 1,000 pages); with DIR the ledger and
 * a certificate are also written there as files, as the command line does. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "forms/doc.h"
#include "tests/helpers/pdf_sample.h"

/* CPU time of this process: the machine may be busy with other work, and
 * rendering never waits for anything. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Minor page faults so far: fresh memory costs more than instructions here. */
static long page_faults(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static int count_pages(const struct pdf_buf *b)
{
	/* each page object carries "/Type /Page" followed by a delimiter other than 's' */
	int n = 0;
	for (size_t i = 0; i + 11 < b->len; i++)
		if (memcmp(b->data + i, "/Type /Page", 11) == 0 && b->data[i + 11] != 's')
			n++;
	return n;
}

/* Render the parts ledger of l->nrows rows to path (or memory), print figures. */
static int bench_ledger(struct ledger_doc *l, const char *path, const char *name, double *ms_per_page)
{
	char(*numbers)[16] = NULL;
	struct pdf_buf buf = {0};
	sy_err err = {0};
	l->rows.parts = sample_part_rows(l->nrows, &numbers);
	long f0 = page_faults();
	double t0 = now();
	int rc = doc_ledger_pdf(l, path, path ? NULL : &buf, NULL, &err);
	double lt = now() - t0;
	long faults = page_faults() - f0;
	free((void *)l->rows.parts);
	free(numbers);
	if (rc != SY_OK) {
		fprintf(stderr, "pdf_bench: %s\n", err.msg);
		return 2;
	}
	struct pdf_buf file = {0};
	if (path) { /* count the pages of what was written */
		FILE *f = fopen(path, "rb");
		if (f) {
			fseek(f, 0, SEEK_END);
			file.len = (size_t)ftell(f);
			rewind(f);
			file.data = malloc(file.len ? file.len : 1);
			file.len = fread(file.data, 1, file.len, f);
			fclose(f);
		}
	}
	const struct pdf_buf *b = path ? &file : &buf;
	int pages = count_pages(b);
	*ms_per_page = pages ? lt * 1e3 / pages : 0;
	printf("%s_rows %zu\n%s_pages %d\n%s_ms %.1f\n%s_ms_per_page %.4f\n%s_bytes %zu\n%s_page_faults %ld\n", name,
	       l->nrows, name, pages, name, lt * 1e3, name, pages ? lt * 1e3 / pages : 0, name, b->len, name, faults);
	pdf_buf_free(&buf);
	pdf_buf_free(&file);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	/* the program's own heap tuning (app/main.c), so that the figures are its */
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	int certs = argc > 1 ? atoi(argv[1]) : 1000;
	size_t rows = argc > 2 ? strtoul(argv[2], NULL, 10) : 30000;
	struct cert_doc c = sample_cert();
	struct pdf_buf buf = {0};
	sy_err err = {0};
	/* the first document prepares fonts and encoders once per process */
	double t0 = now();
	if (doc_certificate_pdf(&c, NULL, &buf, NULL, &err) != SY_OK) {
		fprintf(stderr, "pdf_bench: %s\n", err.msg);
		return 2;
	}
	printf("first_cert_ms %.3f\n", (now() - t0) * 1e3);
	size_t cert_bytes = buf.len;
	pdf_buf_free(&buf);
	double best = 1e9;
	t0 = now();
	for (int i = 0; i < certs; i++) {
		double t = now();
		if (doc_certificate_pdf(&c, NULL, &buf, NULL, &err) != SY_OK) {
			fprintf(stderr, "pdf_bench: %s\n", err.msg);
			return 2;
		}
		t = now() - t;
		if (t < best)
			best = t;
		pdf_buf_free(&buf);
	}
	double total = now() - t0;
	printf("certificates %d\ncert_ms_mean %.3f\ncert_ms_best %.3f\ncert_bytes %zu\n", certs,
	       certs ? total / certs * 1e3 : 0, best * 1e3, cert_bytes);

	struct ledger_doc l = {.kind = LEDGER_PARTS, .yard = sample_yard, .from = "2024-01-01", .to = "2024-12-31",
			       .nrows = rows};
	/* to a file first, in a fresh process: nothing warmed up by an earlier ledger */
	char path[4096];
	double per_page[8];
	if (argc > 3) {
		snprintf(path, sizeof path, "%s/bench-ledger.pdf", argv[3]);
		if (bench_ledger(&l, path, "ledger_file", &per_page[0]) != 0)
			return 2;
	}
	/* In memory, several times: the median a page. */
	enum { LEDGER_RUNS = 5 };
	for (int i = 0; i < LEDGER_RUNS; i++)
		if (bench_ledger(&l, NULL, "ledger", &per_page[i]) != 0)
			return 2;
	qsort(per_page, LEDGER_RUNS, sizeof per_page[0], cmp_double);
	printf("ledger_runs %d\nledger_ms_per_page_median %.4f\n", LEDGER_RUNS, per_page[LEDGER_RUNS / 2]);
	if (argc > 3) {
		snprintf(path, sizeof path, "%s/bench-cert.pdf", argv[3]);
		t0 = now();
		for (int i = 0; i < certs; i++)
			if (doc_certificate_pdf(&c, path, NULL, NULL, &err) != SY_OK) {
				fprintf(stderr, "pdf_bench: %s\n", err.msg);
				return 2;
			}
		printf("cert_file_ms_mean %.3f (with fsync)\n", certs ? (now() - t0) / certs * 1e3 : 0);
	}
	struct pdf_stats st;
	pdf_get_stats(&st);
	printf("engine_inits %lu\n", st.engine_inits);
	return 0;
}
