/* HID scale input reports and report descriptors from an arbitrary device:
 * decoding never crashes or reads past the report, a reading is a number in
 * kg or a condition, and a Zero Scale report built from any descriptor stays
 * inside its buffer with the bit where the descriptor put it. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/scale_hid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	struct scale_reading r;
	struct hid_report_info info;
	uint8_t report[64];
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	int wanted = size ? (int)copy[0] - 128 : -1; /* some runs ask for one report id */
	if (scale_hid_decode(copy, size, wanted < 0 ? -1 : wanted, &r) == HID_READING) {
		if (!isfinite(r.kg) || fabs(r.kg) > SCALE_MAX_KG || r.decimals < 0 || r.decimals > 6 || (unsigned)r.state > SCALE_UNKNOWN_UNIT)
			abort();
		if (size < 6)
			abort();
	}

	scale_hid_parse_descriptor(copy, size, &info);
	size_t n = scale_hid_zero_report(&info, report, sizeof report);
	if (n > sizeof report)
		abort();
	if (n) {
		size_t head = info.zero_report_id ? 1 : 0;
		if (!info.zero_found || n != head + (size_t)info.zero_report_len)
			abort();
		if (!(report[head + (size_t)info.zero_bit / 8] & (1u << (info.zero_bit % 8))))
			abort();
	}
	free(copy);
	return 0;
}
