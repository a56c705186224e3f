/* Certificate verification codes: build, parse, verify. */
#include "db/cert_qr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/date.h"
#include "base/i18n.h"

static int is_number_char(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-' || c == '/'; }
static int is_vin_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'O' && c != 'Q');
}
static int is_hex_upper(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int check_number(const char *s, size_t n)
{
	if (n == 0 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_number_char(s[i]))
			return 0;
	return 1;
}

static int check_vin(const char *s, size_t n)
{
	if (n != 17)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_vin_char(s[i]))
			return 0;
	return 1;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int check_date(const char *s, size_t n)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return 0;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	return y >= 1900 && date_exists(y, m, d);
}

static int compute_check(char out[9], const char *body, size_t len, const unsigned char *key, size_t keylen)
{
	if (keylen && (!key || keylen < CERT_QR_KEY_MIN || keylen > CERT_QR_KEY_MAX))
		return CERT_QR_BAD_KEY;
	if (sodium_init() < 0)
		return CERT_QR_BAD_KEY;
	unsigned char hash[32];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)body, len, keylen ? key : NULL, keylen);
	static const char hex[] = "0123456789ABCDEF";
	for (int i = 0; i < 4; i++) {
		out[2 * i] = hex[hash[i] >> 4];
		out[2 * i + 1] = hex[hash[i] & 15];
	}
	out[8] = '\0';
	return CERT_QR_OK;
}

int cert_qr_build(char *out, size_t size, const char *number, const char *vin, const char *date,
		 const unsigned char *key, size_t keylen)
{
	if (size)
		out[0] = '\0';
	if (!number || !check_number(number, strlen(number)))
		return CERT_QR_BAD_NUMBER;
	if (!vin || !check_vin(vin, strlen(vin)))
		return CERT_QR_BAD_VIN;
	if (!date || !check_date(date, strlen(date)))
		return CERT_QR_BAD_DATE;
	char body[CERT_QR_MAX];
	int n = snprintf(body, sizeof body, CERT_QR_PREFIX "|%s|%s|%s", number, vin, date);
	char check[9];
	int rc = compute_check(check, body, (size_t)n, key, keylen);
	if (rc != CERT_QR_OK)
		return rc;
	if ((size_t)n + 10 > size)
		return CERT_QR_BAD_FORMAT;
	snprintf(out, size, "%s|%s", body, check);
	return CERT_QR_OK;
}

int cert_qr_parse(const char *p, size_t len, struct cert_qr *out)
{
	const char *field[5];
	size_t flen[5];
	int nf = 0;
	size_t start = 0;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i <= len; i++) {
		if (i < len && p[i] != '|')
			continue;
		if (nf == 5)
			return CERT_QR_BAD_FORMAT;
		field[nf] = p + start;
		flen[nf++] = i - start;
		start = i + 1;
	}
	if (nf != 5 || flen[0] != strlen(CERT_QR_PREFIX) || memcmp(field[0], CERT_QR_PREFIX, flen[0]) != 0)
		return CERT_QR_BAD_FORMAT;
	if (!check_number(field[1], flen[1]))
		return CERT_QR_BAD_NUMBER;
	if (!check_vin(field[2], flen[2]))
		return CERT_QR_BAD_VIN;
	if (!check_date(field[3], flen[3]))
		return CERT_QR_BAD_DATE;
	if (flen[4] != 8)
		return CERT_QR_BAD_CHECK;
	for (int i = 0; i < 8; i++)
		if (!is_hex_upper(field[4][i]))
			return CERT_QR_BAD_CHECK;
	memcpy(out->number, field[1], flen[1]);
	memcpy(out->vin, field[2], flen[2]);
	memcpy(out->date, field[3], flen[3]);
	memcpy(out->check, field[4], 8);
	return CERT_QR_OK;
}

int cert_qr_verify(const char *payload, size_t len, const unsigned char *key, size_t keylen, struct cert_qr *out)
{
	int rc = cert_qr_parse(payload, len, out);
	if (rc != CERT_QR_OK)
		return rc;
	char check[9];
	/* the body is everything before the last '|' */
	rc = compute_check(check, payload, len - 9, key, keylen);
	if (rc != CERT_QR_OK)
		return rc;
	return sodium_memcmp(check, out->check, 8) == 0 ? CERT_QR_OK : CERT_QR_MISMATCH;
}

const char *cert_qr_strerror(int status)
{
	switch (status) {
	case CERT_QR_OK:
		return _("The verification code is valid.");
	case CERT_QR_BAD_FORMAT:
		return _("This is not a scrapyard certificate code (expected SYC1 and five fields).");
	case CERT_QR_BAD_NUMBER:
		return _("The certificate number in the code is malformed.");
	case CERT_QR_BAD_VIN:
		return _("The VIN in the code is malformed (17 characters, no I, O or Q).");
	case CERT_QR_BAD_DATE:
		return _("The date in the code is not a real date (YYYY-MM-DD).");
	case CERT_QR_BAD_CHECK:
		return _("The check field of the code is malformed (8 hex digits).");
	case CERT_QR_MISMATCH:
		return _("The check does not match: the code was altered or was not issued by this yard.");
	case CERT_QR_BAD_KEY:
		return _("The verification key must be 16 to 64 bytes; check the yard settings.");
	default:
		return _("Unknown verification status.");
	}
}
