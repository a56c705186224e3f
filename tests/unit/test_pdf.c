/* The drawing layer and the documents: measuring, wrapping, warnings,
 * errors, atomic writes, determinism. What the pages show is checked with
 * poppler in tests/pdf/. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/doc.h"
#include "forms/pdf.h"
#include "forms/pdf_file.h"
#include "tests/check.h"
#include "tests/helpers/pdf_sample.h"

static char tmpdir[] = "/tmp/sy-test-pdf.XXXXXX";

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static void test_measure(void)
{
	sy_err err = {0};
	struct pdf *pdf = pdf_open(PDF_PORTRAIT, "t", &err);
	CHECK(pdf != NULL);
	if (!pdf)
		return;
	/* Helvetica: V 667, I 278, N 722 per 1000 */
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "VIN"), 16.67, 0.01);
	/* Chinese characters are one em wide, mixed text adds up */
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "张三"), 20, 0.01);
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "京A12345"),
		   10 + pdf_text_width(pdf, PDF_REGULAR, 10, "A12345"), 0.01);
	CHECK(pdf_text_width(pdf, PDF_BOLD, 10, "iii") > pdf_text_width(pdf, PDF_REGULAR, 10, "iii"));
	/* Helvetica-Bold: W 944, 7 556; Latin-1 from Helvetica too: e acute 556 */
	CHECK_NEAR(pdf_text_width(pdf, PDF_BOLD, 10, "W7"), 15.0, 0.01);
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "\u00e9"), 5.56, 0.01);
	/* outside Latin-1, the Chinese font's own widths: its pinyin letters
	 * 1088/2048 em, its symbols a full em */
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "\u01ce\u00fc"), 5.31 + 5.56, 0.01);
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "\u0101"), 5.31, 0.01);
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, "\u2605"), 10, 0.01);
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, ""), 0, 0);
	CHECK_NEAR(pdf_text_width(pdf, PDF_REGULAR, 10, NULL), 0, 0);

	struct pdf_line_span l[8];
	/* Latin breaks at spaces */
	int n = pdf_wrap(pdf, PDF_REGULAR, 10, pdf_text_width(pdf, PDF_REGULAR, 10, "Rear plate") + 1,
			 "Rear plate lost", l, 8);
	CHECK_INT(n, 2);
	CHECK_INT(l[0].len, 10);
	CHECK_INT(l[1].start, 11);
	CHECK_INT(l[1].len, 4);
	/* Chinese breaks between any two characters: 3 per line */
	n = pdf_wrap(pdf, PDF_REGULAR, 10, 30.5f, "北京市朝阳区建国路", l, 8);
	CHECK_INT(n, 3);
	CHECK_INT(l[0].len, 9);
	CHECK_INT(l[2].start, 18);
	/* a forced break, and an empty string is one empty line */
	CHECK_INT(pdf_wrap(pdf, PDF_REGULAR, 10, 500, "a\nb", l, 8), 2);
	CHECK_INT(pdf_wrap(pdf, PDF_REGULAR, 10, 500, "", l, 8), 1);
	/* one word longer than the line is cut */
	CHECK_INT(pdf_wrap(pdf, PDF_REGULAR, 10, 20, "1M8GDM9AXKP042788", NULL, 0) > 1, 1);
	pdf_close(pdf);
}

static void test_warnings(void)
{
	sy_err err = {0};
	struct pdf_buf buf = {0};
	unsigned w = 99;
	struct pdf *pdf = pdf_open(PDF_PORTRAIT, "t", &err);
	pdf_new_page(pdf);
	pdf_text(pdf, 50, 700, PDF_REGULAR, 10, PDF_LEFT, "张三 Müller 1M8GDM9AXKP042788");
	CHECK_INT(pdf_save(pdf, NULL, &buf, &w, &err), SY_OK);
	CHECK_INT(w, 0);
	pdf_buf_free(&buf);

	pdf = pdf_open(PDF_PORTRAIT, "t", &err);
	pdf_new_page(pdf);
	pdf_text(pdf, 50, 700, PDF_REGULAR, 10, PDF_LEFT, "张三😀");
	CHECK_INT(pdf_save(pdf, NULL, &buf, &w, &err), SY_OK);
	CHECK_INT(w & PDF_WARN_REPLACED, PDF_WARN_REPLACED);
	CHECK(buf.len > 0);
	pdf_buf_free(&buf);

	pdf = pdf_open(PDF_PORTRAIT, "t", &err);
	pdf_new_page(pdf);
	pdf_text(pdf, 50, 700, PDF_REGULAR, 10, PDF_LEFT, "bad \xff\xfe utf-8 \xe5\xbc");
	CHECK_INT(pdf_save(pdf, NULL, &buf, &w, &err), SY_OK);
	CHECK_INT(w & PDF_WARN_REPLACED, PDF_WARN_REPLACED);
	pdf_buf_free(&buf);

	/* measuring alone warns of nothing */
	pdf = pdf_open(PDF_PORTRAIT, "t", &err);
	pdf_new_page(pdf);
	pdf_text_width(pdf, PDF_REGULAR, 10, "😀");
	CHECK_INT(pdf_save(pdf, NULL, &buf, &w, &err), SY_OK);
	CHECK_INT(w, 0);
	pdf_buf_free(&buf);

	/* a box too small for its text */
	pdf = pdf_open(PDF_PORTRAIT, "t", &err);
	pdf_new_page(pdf);
	struct pdf_box box = {50, 600, 40, 12, PDF_REGULAR, 10, 8, PDF_LEFT, 2};
	pdf_text_box(pdf, &box, "北京市朝阳区建国路88号院3号楼2单元501室");
	CHECK_INT(pdf_save(pdf, NULL, &buf, &w, &err), SY_OK);
	CHECK_INT(w & PDF_WARN_CLIPPED, PDF_WARN_CLIPPED);
	pdf_buf_free(&buf);

	struct cert_doc c = sample_cert();
	c.owner.name = "张三\xf0\x9f\x98\x80";
	CHECK_INT(doc_certificate_pdf(&c, NULL, &buf, &w, &err), SY_OK);
	CHECK_INT(w & PDF_WARN_REPLACED, PDF_WARN_REPLACED);
	pdf_buf_free(&buf);
}

static void test_certificate(void)
{
	struct cert_doc c = sample_cert();
	struct pdf_buf a = {0}, b = {0};
	sy_err err = {0};
	unsigned w = 1;
	CHECK_INT(doc_certificate_pdf(&c, NULL, &a, &w, &err), SY_OK);
	CHECK_INT(w, 0);
	CHECK(a.len > 1000 && a.len <= 60 * 1024); /* fonts embedded */
	CHECK(a.len > 5 && memcmp(a.data, "%PDF-", 5) == 0);
	/* the same certificate twice gives the same bytes, also after another
	 * kind of document in between (the prepared fonts are reused) */
	struct receipt_doc r = sample_receipt();
	struct pdf_buf tmp = {0};
	CHECK_INT(doc_receipt_pdf(&r, NULL, &tmp, NULL, &err), SY_OK);
	pdf_buf_free(&tmp);
	CHECK_INT(doc_certificate_pdf(&c, NULL, &b, NULL, &err), SY_OK);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	pdf_buf_free(&b);
	/* a voided one differs */
	c.voided = 1;
	c.void_reason = "wrong owner";
	CHECK_INT(doc_certificate_pdf(&c, NULL, &b, NULL, &err), SY_OK);
	CHECK(a.len != b.len || memcmp(a.data, b.data, a.len) != 0);
	pdf_buf_free(&a);
	pdf_buf_free(&b);

	/* a bad VIN cannot go into the verification code */
	c = sample_cert();
	c.vehicle.vin = "1M8GDM9AXKP04278O";
	CHECK_INT(doc_certificate_pdf(&c, NULL, &a, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "vin");
	CHECK(strstr(err.msg, "VIN") != NULL);
	CHECK(a.data == NULL);
	c = sample_cert();
	c.issue_date = "2024-02-30";
	CHECK_INT(doc_certificate_pdf(&c, NULL, &a, NULL, &err), SY_INVALID);
	CHECK_STR(err.field, "issue_date");
	/* a short key is refused rather than silently weakening the check */
	c = sample_cert();
	c.qr_key_len = 4;
	CHECK_INT(doc_certificate_pdf(&c, NULL, &a, NULL, &err), SY_INVALID);

	char payload[CERT_QR_MAX];
	c = sample_cert();
	CHECK_INT(doc_certificate_qr(&c, payload, sizeof payload, &err), SY_OK);
	CHECK(strncmp(payload, "SYC1|SY2024-000123|1M8GDM9AXKP042788|2024-05-06|", 48) == 0);
}

static void test_documents(void)
{
	sy_err err = {0};
	struct pdf_buf buf = {0};
	struct receipt_doc r = sample_receipt();
	CHECK_INT(doc_receipt_pdf(&r, NULL, &buf, NULL, &err), SY_OK);
	pdf_buf_free(&buf);
	struct dismantling_doc d = sample_dismantling();
	CHECK_INT(doc_dismantling_pdf(&d, NULL, &buf, NULL, &err), SY_OK);
	pdf_buf_free(&buf);
	struct cod_doc cod = sample_cod();
	CHECK_INT(doc_cod_pdf(&cod, NULL, &buf, NULL, &err), SY_OK);
	pdf_buf_free(&buf);
	/* empty structs render blank forms, they do not crash */
	struct receipt_doc er = {0};
	CHECK_INT(doc_receipt_pdf(&er, NULL, &buf, NULL, &err), SY_OK);
	pdf_buf_free(&buf);
	struct dismantling_doc ed = {0};
	CHECK_INT(doc_dismantling_pdf(&ed, NULL, &buf, NULL, &err), SY_OK);
	pdf_buf_free(&buf);
	struct cod_doc ec = {0};
	CHECK_INT(doc_cod_pdf(&ec, NULL, &buf, NULL, &err), SY_OK);
	pdf_buf_free(&buf);
	for (int k = LEDGER_PARTS; k <= LEDGER_BATTERIES; k++) {
		struct ledger_doc l = {.kind = k, .yard = sample_yard, .from = "2024-01-01", .to = "2024-01-31"};
		CHECK_INT(doc_ledger_pdf(&l, NULL, &buf, NULL, &err), SY_OK);
		pdf_buf_free(&buf);
	}
	struct ledger_doc bad = {.kind = (enum ledger_kind)7};
	CHECK_INT(doc_ledger_pdf(&bad, NULL, &buf, NULL, &err), SY_INVALID);
}

static void test_nested(void)
{
	/* a second document while one is open: works, on its own engine */
	sy_err err = {0};
	struct pdf_buf a = {0}, b = {0};
	struct pdf *outer = pdf_open(PDF_PORTRAIT, "outer", &err);
	pdf_new_page(outer);
	pdf_text(outer, 50, 700, PDF_REGULAR, 12, PDF_LEFT, "外层 outer");
	struct cert_doc c = sample_cert();
	CHECK_INT(doc_certificate_pdf(&c, NULL, &b, NULL, &err), SY_OK);
	pdf_text(outer, 50, 680, PDF_BOLD, 12, PDF_LEFT, "still here 仍在");
	CHECK_INT(pdf_save(outer, NULL, &a, NULL, &err), SY_OK);
	CHECK(a.len > 0 && b.len > 0);
	pdf_buf_free(&a);
	pdf_buf_free(&b);
}

static void test_files(void)
{
	char path[512], missing[512];
	sy_err err = {0};
	struct cert_doc c = sample_cert();
	snprintf(path, sizeof path, "%s/cert.pdf", tmpdir);
	CHECK_INT(doc_certificate_pdf(&c, path, NULL, NULL, &err), SY_OK);
	struct stat st;
	CHECK(stat(path, &st) == 0 && st.st_size > 1000);
	CHECK_INT(count_entries(tmpdir), 1);

	/* into a folder that does not exist: an error naming the file */
	snprintf(missing, sizeof missing, "%s/no/such/dir/cert.pdf", tmpdir);
	CHECK_INT(doc_certificate_pdf(&c, missing, NULL, NULL, &err), SY_ENV);
	CHECK(strstr(err.msg, missing) != NULL);
	CHECK_STR(err.field, "output");

	/* onto a folder: refused, nothing left behind */
	CHECK_INT(doc_certificate_pdf(&c, tmpdir, NULL, NULL, &err), SY_INVALID);
	CHECK_INT(count_entries(tmpdir), 1);

	/* a failed write (the file system full: /dev/full) leaves no file */
	CHECK_INT(pdf_file_write("/dev/full/x.pdf", "abc", 3, &err), SY_ENV);

	/* replacing a file is all or nothing: the old one stays until the new one is complete */
	CHECK_INT(pdf_file_write(path, "new", 3, &err), SY_OK);
	FILE *f = fopen(path, "rb");
	char got[8] = {0};
	CHECK(f && fread(got, 1, sizeof got, f) == 3);
	if (f)
		fclose(f);
	CHECK_STR(got, "new");
	CHECK_INT(count_entries(tmpdir), 1);
	/* a temporary file left by a killed writer goes; one of a live writer stays */
	char stale[600], live[600];
	snprintf(stale, sizeof stale, "%s/.cert.pdf.999999999.0.tmp", tmpdir);
	snprintf(live, sizeof live, "%s/.cert.pdf.%ld.7.tmp", tmpdir, (long)getppid());
	FILE *s1 = fopen(stale, "w"), *s2 = fopen(live, "w");
	if (s1)
		fclose(s1);
	if (s2)
		fclose(s2);
	CHECK_INT(count_entries(tmpdir), 3);
	CHECK_INT(pdf_file_write(path, "new", 3, &err), SY_OK);
	CHECK(access(stale, F_OK) != 0);
	CHECK(access(live, F_OK) == 0);
	unlink(live);
	CHECK_INT(count_entries(tmpdir), 1);
	/* owners' data: the owner and the yard's group only, whatever the umask */
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0660);
	unlink(path);
}

static void test_table_pages(void)
{
	/* 400 rows need several pages, each numbered once the total is known */
	struct ledger_doc l = {.kind = LEDGER_BATTERIES, .yard = sample_yard, .from = "2024-01-01", .to = "2024-12-31",
			       .nrows = 400};
	struct ledger_battery_row *rows = sample_battery_rows(400);
	l.rows.batteries = rows;
	struct pdf_buf buf = {0};
	sy_err err = {0};
	CHECK_INT(doc_ledger_pdf(&l, NULL, &buf, NULL, &err), SY_OK);
	/* count page objects: "/Type /Page" not followed by 's' */
	int pages = 0;
	for (size_t i = 0; i + 11 < buf.len; i++)
		if (memcmp(buf.data + i, "/Type /Page", 11) == 0 && buf.data[i + 11] != 's')
			pages++;
	CHECK(pages >= 10 && pages <= 20);
	struct pdf_stats st;
	pdf_get_stats(&st);
	CHECK(st.docs > 0 && st.pages >= (unsigned long)pages);
	pdf_buf_free(&buf);
	free(rows);
}

int main(void)
{
	umask(022);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_measure();
	test_warnings();
	test_certificate();
	test_documents();
	test_nested();
	test_files();
	test_table_pages();
	rmdir(tmpdir);
	pdf_shutdown();
	return CHECK_DONE();
}
