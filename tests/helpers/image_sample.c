/* Pictures for the photo tests: a JPEG or PNG of a given size showing a
 * dark arrow pointing up on a light background (so a thumbnail turned the
 * wrong way shows), optionally with an EXIF orientation, optionally seeded
 * so that two pictures of one size differ.
 * Usage: image_sample png|jpeg WIDTH HEIGHT OUT [ORIENTATION [SEED]] */
#include <stdio.h> /* before jpeglib.h */

#include <jpeglib.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

/* Grey level of pixel (x, y): an arrow pointing up, centred. */
static unsigned char pixel(int x, int y, int w, int h, int seed)
{
	int cx = w / 2, top = h / 8, head = h * 3 / 8, bottom = h * 7 / 8;
	int half = (y - top) * (w / 3) / (head - top + 1);
	int in_head = y >= top && y < head && abs(x - cx) <= half;
	int in_shaft = y >= head && y < bottom && abs(x - cx) <= w / 12;
	if (in_head || in_shaft)
		return 30;
	return (unsigned char)(200 + ((x * 7 + y * 3 + seed * 13) % 40));
}

static int write_png(const char *path, int w, int h, int seed)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 1;
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png)))
		return 1;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	unsigned char *row = malloc((size_t)w * 3);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			unsigned char g = pixel(x, y, w, h, seed);
			row[x * 3] = g;
			row[x * 3 + 1] = g;
			row[x * 3 + 2] = (unsigned char)(g < 100 ? 120 : g);
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	return fclose(f) != 0;
}

/* A minimal big-endian EXIF block holding only the orientation. */
static void exif_orientation(j_compress_ptr c, int orientation)
{
	unsigned char app1[] = {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, /* TIFF header */
				0, 1,                                                   /* one entry */
				0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (unsigned char)orientation, 0, 0, /* orientation, SHORT */
				0, 0, 0, 0};                                            /* no next IFD */
	jpeg_write_marker(c, JPEG_APP0 + 1, app1, sizeof app1);
}

static int write_jpeg(const char *path, int w, int h, int orientation, int seed)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return 1;
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 85, TRUE);
	jpeg_start_compress(&c, TRUE);
	if (orientation > 1)
		exif_orientation(&c, orientation);
	unsigned char *row = malloc((size_t)w * 3);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			unsigned char g = pixel(x, y, w, h, seed);
			row[x * 3] = (unsigned char)(g < 100 ? 140 : g);
			row[x * 3 + 1] = g;
			row[x * 3 + 2] = g;
		}
		JSAMPROW rows[1] = {row};
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: image_sample png|jpeg WIDTH HEIGHT OUT [ORIENTATION [SEED]]\n");
		return 2;
	}
	int w = atoi(argv[2]), h = atoi(argv[3]), orientation = argc > 5 ? atoi(argv[5]) : 1, seed = argc > 6 ? atoi(argv[6]) : 0;
	if (w <= 0 || h <= 0)
		return 2;
	if (strcmp(argv[1], "png") == 0)
		return write_png(argv[4], w, h, seed);
	return write_jpeg(argv[4], w, h, orientation, seed);
}
