/* Compare two label PNGs dot for dot:
 *
 *   label_compare GOT.png WANT.png MAX_PERCENT [DIFF.png]
 *
 * Prints the differing dots; exits 0 when the sizes match and the differing
 * dots are at most MAX_PERCENT of WANT's black dots (glyph edges may move by
 * a dot between FreeType versions), 1 otherwise. DIFF.png shows the dots
 * that differ. */
#include <stdio.h>
#include <stdlib.h>

#include "base/bitmap.h"

int main(int argc, char **argv)
{
	struct bitmap *got = NULL, *want = NULL;
	sy_err err = {0};
	if (argc < 4) {
		fprintf(stderr, "usage: label_compare GOT.png WANT.png MAX_PERCENT [DIFF.png]\n");
		return 2;
	}
	if (bitmap_read_png(argv[1], 0, &got, &err) != SY_OK || bitmap_read_png(argv[2], 0, &want, &err) != SY_OK) {
		fprintf(stderr, "label_compare: %s\n", err.msg);
		return 2;
	}
	long diff = bitmap_diff(got, want), black = bitmap_count(want);
	if (diff < 0) {
		printf("size differs: %dx%d, want %dx%d\n", got->width, got->height, want->width, want->height);
		return 1;
	}
	double percent = black ? 100.0 * (double)diff / (double)black : (diff ? 100.0 : 0.0);
	printf("%ld dots differ (%.3f%% of %ld black dots)\n", diff, percent, black);
	if (argc > 4 && diff > 0) {
		struct bitmap *d = bitmap_new(want->width, want->height, 0);
		for (int y = 0; y < want->height; y++)
			for (int x = 0; x < want->width; x++)
				if (bitmap_get(got, x, y) != bitmap_get(want, x, y))
					bitmap_set(d, x, y, 1);
		bitmap_write_png(d, argv[4], &err);
		bitmap_free(d);
	}
	int ok = percent <= atof(argv[3]);
	bitmap_free(got);
	bitmap_free(want);
	return ok ? 0 : 1;
}
