/* The certificate verification code: build, parse, verify. */
#include <string.h>

#include "db/cert_qr.h"
#include "tests/check.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";

static int verify(const char *p, const unsigned char *k, size_t klen)
{
	struct cert_qr qr;
	return cert_qr_verify(p, strlen(p), k, klen, &qr);
}

static int parse(const char *p)
{
	struct cert_qr qr;
	return cert_qr_parse(p, strlen(p), &qr);
}

/* Replace field i (0-4) of a valid payload. */
static void with_field(char *out, size_t size, const char *payload, int field, const char *value)
{
	char copy[CERT_QR_MAX];
	snprintf(copy, sizeof copy, "%s", payload);
	char *f[5], *save = NULL;
	int n = 0;
	for (char *t = strtok_r(copy, "|", &save); t && n < 5; t = strtok_r(NULL, "|", &save))
		f[n++] = t;
	f[field] = (char *)value;
	snprintf(out, size, "%s|%s|%s|%s|%s", f[0], f[1], f[2], f[3], f[4]);
}

static void test_round_trip(void)
{
	char p[CERT_QR_MAX];
	CHECK_INT(cert_qr_build(p, sizeof p, "SY2024-000123", "1M8GDM9AXKP042788", "2024-05-06", key, sizeof key), CERT_QR_OK);
	CHECK(strncmp(p, "SYC1|SY2024-000123|1M8GDM9AXKP042788|2024-05-06|", 48) == 0);
	CHECK_INT(strlen(p), 48 + 8);
	struct cert_qr qr;
	CHECK_INT(cert_qr_verify(p, strlen(p), key, sizeof key, &qr), CERT_QR_OK);
	CHECK_STR(qr.number, "SY2024-000123");
	CHECK_STR(qr.vin, "1M8GDM9AXKP042788");
	CHECK_STR(qr.date, "2024-05-06");
	CHECK_INT(strlen(qr.check), 8);
	/* the same input always gives the same code */
	char q[CERT_QR_MAX];
	cert_qr_build(q, sizeof q, "SY2024-000123", "1M8GDM9AXKP042788", "2024-05-06", key, sizeof key);
	CHECK_STR(q, p);
}

static void test_keys(void)
{
	char keyed[CERT_QR_MAX], plain[CERT_QR_MAX];
	cert_qr_build(keyed, sizeof keyed, "A1", "1M8GDM9AXKP042788", "2024-01-31", key, sizeof key);
	cert_qr_build(plain, sizeof plain, "A1", "1M8GDM9AXKP042788", "2024-01-31", NULL, 0);
	CHECK(strcmp(keyed, plain) != 0);
	CHECK_INT(verify(plain, NULL, 0), CERT_QR_OK);
	CHECK_INT(verify(keyed, key, sizeof key), CERT_QR_OK);
	CHECK_INT(verify(keyed, NULL, 0), CERT_QR_MISMATCH);
	CHECK_INT(verify(plain, key, sizeof key), CERT_QR_MISMATCH);
	unsigned char other[32];
	memcpy(other, key, sizeof other);
	other[31] ^= 1;
	CHECK_INT(verify(keyed, other, sizeof other), CERT_QR_MISMATCH);
	CHECK_INT(verify(keyed, key, 8), CERT_QR_BAD_KEY);
	CHECK_INT(cert_qr_build(keyed, sizeof keyed, "A1", "1M8GDM9AXKP042788", "2024-01-31", key, 65), CERT_QR_BAD_KEY);
}

static void test_tampering(void)
{
	char p[CERT_QR_MAX], t[CERT_QR_MAX];
	cert_qr_build(p, sizeof p, "SY2024-000123", "1M8GDM9AXKP042788", "2024-05-06", key, sizeof key);
	with_field(t, sizeof t, p, 1, "SY2024-000124");
	CHECK_INT(verify(t, key, sizeof key), CERT_QR_MISMATCH);
	with_field(t, sizeof t, p, 2, "1M8GDM9AXKP042789");
	CHECK_INT(verify(t, key, sizeof key), CERT_QR_MISMATCH);
	with_field(t, sizeof t, p, 3, "2024-05-07");
	CHECK_INT(verify(t, key, sizeof key), CERT_QR_MISMATCH);
	with_field(t, sizeof t, p, 4, "00000000");
	CHECK_INT(verify(t, key, sizeof key), CERT_QR_MISMATCH);
}

static void test_syntax(void)
{
	const char *vin = "1M8GDM9AXKP042788";
	char p[CERT_QR_MAX];
	CHECK_INT(cert_qr_build(p, sizeof p, "", vin, "2024-05-06", NULL, 0), CERT_QR_BAD_NUMBER);
	CHECK_INT(cert_qr_build(p, sizeof p, "sy-1", vin, "2024-05-06", NULL, 0), CERT_QR_BAD_NUMBER);
	CHECK_INT(cert_qr_build(p, sizeof p, "A|B", vin, "2024-05-06", NULL, 0), CERT_QR_BAD_NUMBER);
	CHECK_INT(cert_qr_build(p, sizeof p, "123456789012345678901234567890123", vin, "2024-05-06", NULL, 0),
		  CERT_QR_BAD_NUMBER);
	CHECK_INT(cert_qr_build(p, sizeof p, "12345678901234567890123456789012", vin, "2024-05-06", NULL, 0), CERT_QR_OK);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", "1M8GDM9AXKP04278", "2024-05-06", NULL, 0), CERT_QR_BAD_VIN);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", "1M8GDM9AXKPO42788", "2024-05-06", NULL, 0), CERT_QR_BAD_VIN);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", "1m8gdm9axkp042788", "2024-05-06", NULL, 0), CERT_QR_BAD_VIN);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "2023-02-29", NULL, 0), CERT_QR_BAD_DATE);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "2024-02-29", NULL, 0), CERT_QR_OK);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "1900-02-29", NULL, 0), CERT_QR_BAD_DATE);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "2000-02-29", NULL, 0), CERT_QR_OK);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "2024-13-01", NULL, 0), CERT_QR_BAD_DATE);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "2024-4-01", NULL, 0), CERT_QR_BAD_DATE);
	CHECK_INT(cert_qr_build(p, sizeof p, "N1", vin, "2024-04-31", NULL, 0), CERT_QR_BAD_DATE);
	CHECK_INT(cert_qr_build(p, 20, "N1", vin, "2024-04-30", NULL, 0), CERT_QR_BAD_FORMAT);

	CHECK_INT(parse(""), CERT_QR_BAD_FORMAT);
	CHECK_INT(parse("SYC1"), CERT_QR_BAD_FORMAT);
	CHECK_INT(parse("SYC2|N1|1M8GDM9AXKP042788|2024-05-06|0123ABCD"), CERT_QR_BAD_FORMAT);
	CHECK_INT(parse("SYC1|N1|1M8GDM9AXKP042788|2024-05-06|0123ABCD|"), CERT_QR_BAD_FORMAT);
	CHECK_INT(parse("SYC1|N1|1M8GDM9AXKP042788|2024-05-06"), CERT_QR_BAD_FORMAT);
	CHECK_INT(parse("SYC1|N1|1M8GDM9AXKP042788|2024-05-06|0123ABCD"), CERT_QR_OK);
	CHECK_INT(parse("SYC1|N1|1M8GDM9AXKP042788|2024-05-06|0123abcd"), CERT_QR_BAD_CHECK);
	CHECK_INT(parse("SYC1|N1|1M8GDM9AXKP042788|2024-05-06|0123ABC"), CERT_QR_BAD_CHECK);
	CHECK_INT(parse("SYC1||1M8GDM9AXKP042788|2024-05-06|0123ABCD"), CERT_QR_BAD_NUMBER);
	/* parse takes a length: no terminating NUL needed, bytes after it ignored */
	struct cert_qr qr;
	const char *longer = "SYC1|N1|1M8GDM9AXKP042788|2024-05-06|0123ABCDjunk";
	CHECK_INT(cert_qr_parse(longer, strlen(longer) - 4, &qr), CERT_QR_OK);
	CHECK_STR(qr.check, "0123ABCD");
	const char with_nul[] = "SYC1|N1|1M8GDM9AXKP042788|2024-05-06|0123\0BCD";
	CHECK_INT(cert_qr_parse(with_nul, sizeof with_nul - 1, &qr), CERT_QR_BAD_CHECK);
	for (int s = CERT_QR_OK; s <= CERT_QR_BAD_KEY; s++)
		CHECK(cert_qr_strerror(s) && *cert_qr_strerror(s));
}

int main(void)
{
	test_round_trip();
	test_keys();
	test_tampering();
	test_syntax();
	return CHECK_DONE();
}
