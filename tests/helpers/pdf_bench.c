/* Measures PDF rendering in process: certificates one after another, and a
 * long ledger. Prints one "name value" line per figure.
 *   pdf_bench [CERTIFICATES [LEDGER_ROWS]]   defaults 1000 and 30000 (about 1,000 pages) */
#include <stdio.h>
#include <stdlib.h>
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

static int count_pages(const struct pdf_buf *b)
{
	/* each page object carries "/Type /Page" followed by a delimiter other than 's' */
	int n = 0;
	for (size_t i = 0; i + 11 < b->len; i++)
		if (memcmp(b->data + i, "/Type /Page", 11) == 0 && b->data[i + 11] != 's')
			n++;
	return n;
}

int main(int argc, char **argv)
{
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

	char(*numbers)[16] = NULL;
	struct ledger_doc l = {.kind = LEDGER_PARTS, .yard = sample_yard, .from = "2024-01-01", .to = "2024-12-31",
			       .nrows = rows};
	l.rows.parts = sample_part_rows(rows, &numbers);
	t0 = now();
	int rc = doc_ledger_pdf(&l, NULL, &buf, NULL, &err);
	double lt = now() - t0;
	free((void *)l.rows.parts);
	free(numbers);
	if (rc != SY_OK) {
		fprintf(stderr, "pdf_bench: %s\n", err.msg);
		return 2;
	}
	int pages = count_pages(&buf);
	printf("ledger_rows %zu\nledger_pages %d\nledger_ms %.1f\nledger_ms_per_page %.4f\nledger_bytes %zu\n", rows, pages,
	       lt * 1e3, pages ? lt * 1e3 / pages : 0, buf.len);
	pdf_buf_free(&buf);
	struct pdf_stats st;
	pdf_get_stats(&st);
	printf("engine_inits %lu\n", st.engine_inits);
	return 0;
}
