/* Compare a rendered page with its reference picture:
 *
 *   page_compare GOT.png WANT.png MAX_PIXELS [DIFF.png]
 *
 * Both are read as grey. A pixel matches when the other picture has a
 * pixel within 16 grey levels of it at the same place or one pixel away
 * (anti-aliasing and rounding move edges by a pixel between renderer
 * versions). Prints the pixels that match neither way; exits 0 when the
 * sizes agree and at most MAX_PIXELS do not match, 1 otherwise, 2 when a
 * picture cannot be read. DIFF.png shows the pixels that do not match, in
 * black. A wrong glyph, a moved line or a missing word is hundreds. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOLERANCE 16

struct grey {
	unsigned w, h;
	unsigned char *px;
};

static int read_grey(const char *path, struct grey *g)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&im, path)) {
		fprintf(stderr, "page_compare: %s: %s\n", path, im.message);
		return -1;
	}
	im.format = PNG_FORMAT_GRAY;
	g->w = im.width;
	g->h = im.height;
	g->px = malloc(PNG_IMAGE_SIZE(im));
	if (!g->px || !png_image_finish_read(&im, NULL, g->px, 0, NULL)) {
		fprintf(stderr, "page_compare: %s: %s\n", path, im.message);
		png_image_free(&im);
		free(g->px);
		return -1;
	}
	return 0;
}

/* Whether pixel (x, y) of a has a near match in b. */
static int near_match(const struct grey *a, const struct grey *b, unsigned x, unsigned y)
{
	int v = a->px[(size_t)y * a->w + x];
	for (int dy = -1; dy <= 1; dy++)
		for (int dx = -1; dx <= 1; dx++) {
			long nx = (long)x + dx, ny = (long)y + dy;
			if (nx < 0 || ny < 0 || nx >= (long)b->w || ny >= (long)b->h)
				continue;
			if (abs(b->px[(size_t)ny * b->w + (size_t)nx] - v) <= TOLERANCE)
				return 1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: page_compare GOT.png WANT.png MAX_PIXELS [DIFF.png]\n");
		return 2;
	}
	struct grey got, want;
	if (read_grey(argv[1], &got) != 0 || read_grey(argv[2], &want) != 0)
		return 2;
	if (got.w != want.w || got.h != want.h) {
		printf("size differs: %ux%u, want %ux%u\n", got.w, got.h, want.w, want.h);
		free(got.px);
		free(want.px);
		return 1;
	}
	unsigned char *diff = malloc((size_t)got.w * got.h);
	long bad = 0;
	for (unsigned y = 0; y < got.h; y++)
		for (unsigned x = 0; x < got.w; x++) {
			int ok = near_match(&got, &want, x, y) && near_match(&want, &got, x, y);
			diff[(size_t)y * got.w + x] = ok ? 255 : 0;
			bad += !ok;
		}
	printf("%ld pixels differ\n", bad);
	if (argc > 4 && bad > 0) {
		png_image im;
		memset(&im, 0, sizeof im);
		im.version = PNG_IMAGE_VERSION;
		im.width = got.w;
		im.height = got.h;
		im.format = PNG_FORMAT_GRAY;
		png_image_write_to_file(&im, argv[4], 0, diff, 0, NULL);
	}
	free(diff);
	free(got.px);
	free(want.px);
	return bad <= atol(argv[3]) ? 0 : 1;
}
