/* Any bytes a clerk, a scanner or an import file may deliver go through every
 * identifier check and the text helpers: nothing may crash, and what is
 * accepted must be a fixed point (checking the normal form gives it back). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db/ident.h"
#include "base/text.h"

static const enum ident_kind kinds[] = {IDENT_VIN, IDENT_RESIDENT_ID, IDENT_USCC, IDENT_PLATE, IDENT_BATTERY};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char out[IDENT_MAX_SIZE], again[IDENT_MAX_SIZE], norm[64];
	sy_err err;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (ident_check(kinds[i], s, out, sizeof out, &err) != SY_OK)
			continue;
		if (ident_check(kinds[i], out, again, sizeof again, &err) != SY_OK || strcmp(out, again) != 0)
			abort();
	}
	if (ident_vin_structure(s, out, &err) == SY_OK) {
		ident_vin_check_digit(out);
		ident_vin_model_year(out, 2030);
	}
	ident_vin_check_digit(s);
	ident_resident_id_check_char(s);
	ident_uscc_check_char(s);
	ident_check(IDENT_PLATE, s, out, 3, &err); /* too small: must refuse, not overflow */

	text_normalize_id(s, norm, sizeof norm);
	text_check_field(s, 16, &err, "fuzz");
	text_display_width(s);
	text_utf8_len(s);
	text_trim(s);
	free(s);
	return 0;
}
