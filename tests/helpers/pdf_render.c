/* Test helper: renders the sample documents and checks QR payloads.
 *
 *   pdf_render cert|cert-void|cert-reissue|cert-nev|cert-odd|receipt|dismantling|cod OUT.pdf
 *   pdf_render ledger-parts|ledger-waste|ledger-batteries ROWS OUT.pdf
 *   pdf_render payload          print the sample certificate's QR payload
 *   pdf_render verify PAYLOAD   verify with the sample key; exit 0 when valid
 *   pdf_render all DIR          every document into DIR
 *   pdf_render dump FILE.pdf    print the page contents, decompressed
 *
 * Prints "warnings N" for the rendered document; exit 0 ok, 1 invalid, 2 env. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "forms/doc.h"
#include "db/cert_qr.h"
#include "tests/helpers/pdf_sample.h"

static int report(int rc, unsigned warnings, const sy_err *err)
{
	if (rc != SY_OK) {
		fprintf(stderr, "pdf_render: %s\n", err->msg);
		return rc;
	}
	printf("warnings %u\n", warnings);
	return 0;
}

static int render_ledger(enum ledger_kind kind, size_t n, const char *path)
{
	struct ledger_doc l = {.kind = kind, .yard = sample_yard, .from = "2024-04-01", .to = "2024-06-30",
			       .printed = "2024-07-01 10:00", .nrows = n};
	char(*numbers)[16] = NULL;
	void *rows = NULL;
	if (kind == LEDGER_PARTS)
		l.rows.parts = rows = sample_part_rows(n, &numbers);
	else if (kind == LEDGER_HAZARDOUS) {
		static const struct ledger_waste_total totals[] = {{"kg", 105.5, 84.0, 56.0, 28.0, 2},
								   {"l", 12.5, 10.0, 0, 10.0, 1}};
		l.rows.waste = rows = sample_waste_rows(n);
		l.waste_totals = totals;
		l.nwaste_totals = 2;
	}
	else
		l.rows.batteries = rows = sample_battery_rows(n);
	sy_err err = {0};
	unsigned w = 0;
	int rc = doc_ledger_pdf(&l, path, NULL, &w, &err);
	free(rows);
	free(numbers);
	return report(rc, w, &err);
}

static int render(const char *kind, const char *path)
{
	sy_err err = {0};
	unsigned w = 0;
	int rc;
	if (strncmp(kind, "cert", 4) == 0) {
		struct cert_doc c = sample_cert();
		if (strcmp(kind, "cert-void") == 0) {
			c.voided = 1;
			c.void_reason = "车主姓名录入错误 Owner name entered wrongly";
			c.void_date = "2024-05-07";
		} else if (strcmp(kind, "cert-reissue") == 0) {
			c.number = "SY2024-000124";
			c.replaces = "SY2024-000123";
			c.reissue_reason = "原证明作废 Original voided";
		} else if (strcmp(kind, "cert-nev") == 0) {
			c.vehicle.power_type = "纯电动 Electric";
			c.vehicle.battery_code = "03HPB0DM0000011B1AC0000001";
			c.vehicle.plate = "京AD12345";
		} else if (strcmp(kind, "cert-odd") == 0) {
			c.owner.name = "张三😀"; /* outside GBK */
			c.owner.address = "北京市朝阳区\xff建国路"; /* not UTF-8 */
		} else if (strcmp(kind, "cert") != 0) {
			fprintf(stderr, "pdf_render: unknown document %s\n", kind);
			return 1;
		}
		rc = doc_certificate_pdf(&c, path, NULL, &w, &err);
	} else if (strcmp(kind, "receipt") == 0) {
		struct receipt_doc r = sample_receipt();
		rc = doc_receipt_pdf(&r, path, NULL, &w, &err);
	} else if (strcmp(kind, "dismantling") == 0) {
		struct dismantling_doc d = sample_dismantling();
		rc = doc_dismantling_pdf(&d, path, NULL, &w, &err);
	} else if (strcmp(kind, "cod") == 0) {
		struct cod_doc c = sample_cod();
		rc = doc_cod_pdf(&c, path, NULL, &w, &err);
	} else {
		fprintf(stderr, "pdf_render: unknown document %s\n", kind);
		return 1;
	}
	return report(rc, w, &err);
}

static int render_all(const char *dir)
{
	static const char *const kinds[] = {"cert", "cert-void", "cert-reissue", "cert-nev", "receipt", "dismantling", "cod"};
	char path[4096];
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		snprintf(path, sizeof path, "%s/%s.pdf", dir, kinds[i]);
		if (render(kinds[i], path) != 0)
			return 1;
	}
	static const char *const ledgers[] = {"ledger-parts", "ledger-waste", "ledger-batteries"};
	for (int k = 0; k < 3; k++) {
		snprintf(path, sizeof path, "%s/%s.pdf", dir, ledgers[k]);
		if (render_ledger((enum ledger_kind)k, 120, path) != 0)
			return 1;
	}
	return 0;
}

/* Inflate every "stream ... endstream" of a PDF to stdout. */
static int dump(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	static unsigned char pdf[8 << 20], out[16 << 20];
	size_t n = fread(pdf, 1, sizeof pdf, f);
	fclose(f);
	for (size_t i = 0; i + 8 < n; i++) {
		if (memcmp(pdf + i, "stream\r\n", 8) != 0)
			continue;
		size_t start = i + 8, end = start;
		while (end + 9 < n && memcmp(pdf + end, "endstream", 9) != 0)
			end++;
		uLongf len = sizeof out;
		if (uncompress(out, &len, pdf + start, (uLong)(end - start)) == Z_OK)
			fwrite(out, 1, len, stdout);
		else
			fwrite(pdf + start, 1, end - start, stdout);
		i = end;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2]);
	if (argc == 2 && strcmp(argv[1], "payload") == 0) {
		struct cert_doc c = sample_cert();
		char payload[CERT_QR_MAX];
		sy_err err = {0};
		if (doc_certificate_qr(&c, payload, sizeof payload, &err) != SY_OK) {
			fprintf(stderr, "pdf_render: %s\n", err.msg);
			return 1;
		}
		puts(payload);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "verify") == 0) {
		struct cert_qr qr;
		int rc = cert_qr_verify(argv[2], strlen(argv[2]), sample_key, sizeof sample_key, &qr);
		printf("%s\n", cert_qr_strerror(rc));
		if (rc == CERT_QR_OK)
			printf("number %s\nvin %s\ndate %s\n", qr.number, qr.vin, qr.date);
		return rc == CERT_QR_OK ? 0 : 1;
	}
	if (argc == 3 && strcmp(argv[1], "all") == 0)
		return render_all(argv[2]);
	if (argc == 4 && strncmp(argv[1], "ledger-", 7) == 0) {
		enum ledger_kind kind = strcmp(argv[1], "ledger-parts") == 0   ? LEDGER_PARTS
					: strcmp(argv[1], "ledger-waste") == 0 ? LEDGER_HAZARDOUS
									       : LEDGER_BATTERIES;
		return render_ledger(kind, (size_t)strtoul(argv[2], NULL, 10), argv[3]);
	}
	if (argc == 3)
		return render(argv[1], argv[2]);
	fprintf(stderr, "usage: pdf_render KIND OUT.pdf | ledger-KIND ROWS OUT.pdf | payload | verify PAYLOAD | all DIR\n");
	return 1;
}
