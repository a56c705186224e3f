/* Fuzz the certificate verification code parser: any bytes, never a crash,
 * and whatever parses must rebuild to itself (unkeyed and keyed). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/cert_qr.h"

static const unsigned char key[16] = "fuzz-key-0123456";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cert_qr qr;
	const char *p = (const char *)data;
	int rc = cert_qr_parse(p, size, &qr);
	if (rc != CERT_QR_OK) {
		/* a payload that does not parse never verifies */
		if (cert_qr_verify(p, size, NULL, 0, &qr) == CERT_QR_OK)
			abort();
		return 0;
	}
	char again[CERT_QR_MAX];
	const unsigned char *keys[] = {NULL, key};
	const size_t lens[] = {0, sizeof key};
	for (int k = 0; k < 2; k++) {
		if (cert_qr_build(again, sizeof again, qr.number, qr.vin, qr.date, keys[k], lens[k]) != CERT_QR_OK)
			abort();
		/* the fields round-trip; the check matches exactly when verify says so */
		int same = strlen(again) == size && memcmp(again, p, size) == 0;
		int verified = cert_qr_verify(p, size, keys[k], lens[k], &qr) == CERT_QR_OK;
		if (same != verified)
			abort();
		if (cert_qr_verify(again, strlen(again), keys[k], lens[k], &qr) != CERT_QR_OK)
			abort();
		if (memcmp(again, p, size - 8) != 0)
			abort();
	}
	return 0;
}
