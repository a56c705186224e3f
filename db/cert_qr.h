/* The verification code printed as a QR code on a recycling certificate.
 *
 * Payload: "SYC1|<number>|<vin>|<date>|<check>", ASCII, for example
 *   SYC1|SY2024-000123|1M8GDM9AXKP042788|2024-05-06|3F0A9C21
 * number  the certificate number: 1-32 of 0-9 A-Z '-' '/'
 * vin     17 characters of 0-9 A-Z without I, O, Q
 * date    the date of issue, YYYY-MM-DD, a real date
 * check   8 upper-case hex digits: the first 4 bytes of BLAKE2b-256
 *         (libsodium crypto_generichash) over "SYC1|<number>|<vin>|<date>",
 *         keyed with the yard's verification key when it has one (16-64
 *         bytes), unkeyed otherwise.
 * Unkeyed, the check catches misreadings and retyped codes; keyed, only the
 * yard can make a valid code, so a forged certificate is caught when the yard
 * verifies it. Either way the yard compares number, VIN and date with its
 * record. Parsing and verifying are pure functions. */
#ifndef SY_CERT_QR_H
#define SY_CERT_QR_H
#include <stddef.h>

#define CERT_QR_PREFIX "SYC1"
#define CERT_QR_MAX 96 /* longest payload, with its terminating NUL */
#define CERT_QR_KEY_MIN 16
#define CERT_QR_KEY_MAX 64

enum cert_qr_status {
	CERT_QR_OK = 0,
	CERT_QR_BAD_FORMAT,   /* not SYC1 with five fields */
	CERT_QR_BAD_NUMBER,
	CERT_QR_BAD_VIN,
	CERT_QR_BAD_DATE,
	CERT_QR_BAD_CHECK,    /* check field is not 8 hex digits */
	CERT_QR_MISMATCH,     /* well formed, but the check does not match */
	CERT_QR_BAD_KEY,      /* key length outside 16-64 bytes */
};

struct cert_qr {
	char number[33];
	char vin[18];
	char date[11];
	char check[9];
};

/* Build the payload into out (at least CERT_QR_MAX bytes); key may be NULL
 * (keylen 0). Returns CERT_QR_OK or the first field at fault. */
int cert_qr_build(char *out, size_t size, const char *number, const char *vin, const char *date,
		 const unsigned char *key, size_t keylen);
/* Split and check the syntax of a payload of len bytes (no NUL needed). */
int cert_qr_parse(const char *payload, size_t len, struct cert_qr *out);
/* Parse, then recompute the check with key. */
int cert_qr_verify(const char *payload, size_t len, const unsigned char *key, size_t keylen, struct cert_qr *out);
/* A one-line description of a status, translated. */
const char *cert_qr_strerror(int status);

#endif
