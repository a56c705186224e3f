/* The ID card reader's frame parser and the card's text decoder under
 * arbitrary bytes: whatever comes down the line (a reader, line noise, a
 * hostile device) goes through idcard_scan as a stream, each frame found
 * through idcard_decode_base, and the input itself through idcard_decode_text.
 * Nothing may crash, read past the input, loop, or come out as a card whose
 * strings are not terminated within their fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/idcard.h"

static void check_string(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

static void check_card(const struct idcard *c)
{
	check_string(c->name, sizeof c->name);
	check_string(c->sex, sizeof c->sex);
	check_string(c->ethnicity, sizeof c->ethnicity);
	check_string(c->birth_date, sizeof c->birth_date);
	check_string(c->address, sizeof c->address);
	check_string(c->id_number, sizeof c->id_number);
	check_string(c->authority, sizeof c->authority);
	check_string(c->valid_from, sizeof c->valid_from);
	check_string(c->valid_until, sizeof c->valid_until);
	if (strlen(c->id_number) != 18 || strlen(c->birth_date) != 10 || !*c->name)
		abort();
	if (!c->valid_long_term && strcmp(c->valid_until, c->valid_from) < 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that ASan sees any read past the input. */
	uint8_t *copy = malloc(size ? size : 1);
	struct idcard card;
	sy_err err;
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	/* As a stream: every call makes progress within the bytes it was shown. */
	size_t at = 0;
	while (at < size) {
		struct idcard_reply r;
		size_t used = 0;
		enum idcard_scan sc = idcard_scan(copy + at, size - at, &used, &r, &err);
		if (used > size - at)
			abort();
		if (sc == IDCARD_SCAN_MORE) {
			if (used == 0)
				break; /* a frame's start: the rest has not come */
		} else if (used == 0) {
			abort();
		}
		if (sc == IDCARD_SCAN_FRAME) {
			if (r.data < copy + at || r.data + r.len > copy + at + used)
				abort();
			if (idcard_decode_base(&r, &card, &err) == SY_OK)
				check_card(&card);
		}
		at += used;
	}
	/* The input as a card's text block. */
	if (idcard_decode_text(copy, size, &card, &err) == SY_OK)
		check_card(&card);
	free(copy);
	return 0;
}
