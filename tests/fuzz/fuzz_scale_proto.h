/* Shared by the indicator protocol fuzz targets: whatever an indicator (or
 * line noise) sends goes through one protocol's framer and decoder, as a
 * stream and as a single frame. Nothing may crash, read past the input, loop,
 * or come out as a reading that makes no sense. */
#ifndef FUZZ_SCALE_PROTO_H
#define FUZZ_SCALE_PROTO_H
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/scale_proto.h"

static void fuzz_check_reading(const struct scale_reading *r)
{
	if (!isfinite(r->kg) || !isfinite(r->tare_kg))
		abort();
	if (r->decimals < 0 || r->decimals > 6)
		abort();
	if ((unsigned)r->state > SCALE_UNKNOWN_UNIT)
		abort();
}

static int fuzz_protocol(const struct scale_protocol *p, const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that ASan sees any read past the input. */
	uint8_t *copy = malloc(size ? size : 1);
	struct scale_reading r;
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	/* The framer's contract: progress within the bytes it was shown. */
	for (size_t n = 1; n <= size && n <= SCALE_FRAME_MAX; n++) {
		size_t len = 0;
		enum proto_scan s = p->scan(copy, n, &len);
		if (s != PROTO_MORE && (len == 0 || len > n))
			abort();
	}
	/* One frame, as the stream would hand it over. */
	if (size && p->decode(copy, size, &r) == PROTO_READING)
		fuzz_check_reading(&r);
	/* What the stream passes on has a weight a scale can have. */

	/* As a stream, through the protocol and through auto. */
	struct scale_stream st;
	for (int pass = 0; pass < 2; pass++) {
		scale_stream_init(&st, pass ? NULL : p);
		for (size_t i = 0; i < size; i++) {
			if (scale_stream_push(&st, copy[i], &r)) {
				fuzz_check_reading(&r);
				if (fabs(r.kg) > SCALE_MAX_KG)
					abort();
				/* Auto passes conditions on before it settles, never a weight. */
				if (!r.protocol || (!st.proto && scale_state_has_weight(r.state)))
					abort();
			}
			for (int c = 0; c < st.n_candidates; c++)
				if (st.track[c].n > sizeof st.track[c].buf)
					abort();
		}
	}
	free(copy);
	return 0;
}

#endif
