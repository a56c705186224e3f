/* Bitmaps as PNG files: the preview a clerk opens and the golden images the
 * tests compare against. */
#include "base/bitmap.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/outfile.h"
#include "base/util.h"

/* libpng reports errors by longjmp; the handlers keep its text for the message. */
struct png_failure {
	char msg[200];
};

static void png_error_fn(png_structp png, png_const_charp msg)
{
	struct png_failure *f = png_get_error_ptr(png);
	sy_strlcpy(f->msg, msg, sizeof f->msg);
	png_longjmp(png, 1);
}

static void png_warning_fn(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* The libpng part, alone so that no local changes between setjmp and
 * longjmp. Returns 0, or -1 with failure filled. */
static int write_rows(png_structp png, png_infop info, FILE *f, const struct bitmap *bm, unsigned char *row)
{
	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)bm->width, (png_uint_32)bm->height, 1, PNG_COLOR_TYPE_GRAY,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (bm->dpi > 0) {
		png_uint_32 ppm = (png_uint_32)(bm->dpi / 0.0254 + 0.5);
		png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
	}
	png_write_info(png, info);
	/* In a grey PNG a set bit is white: invert. */
	for (int y = 0; y < bm->height; y++) {
		const unsigned char *src = bm->bits + (size_t)y * bm->stride;
		for (int i = 0; i < bm->stride; i++)
			row[i] = (unsigned char)~src[i];
		png_write_row(png, row);
	}
	png_write_end(png, info);
	return 0;
}

int bitmap_write_png(const struct bitmap *bm, const char *path, sy_err *err)
{
	struct png_failure failure = {""};
	struct sy_outfile out;
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *row = NULL;
	int status = sy_outfile_open(&out, path, err);
	if (status != SY_OK)
		return status;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &failure, png_error_fn, png_warning_fn);
	info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		status = sy_fail(err, SY_ENV, NULL, _("cannot write %s: out of memory"), path);
		goto out;
	}
	row = xmalloc((size_t)bm->stride);
	if (write_rows(png, info, sy_outfile_stream(&out), bm, row) < 0)
		status = sy_fail(err, SY_ENV, NULL, _("cannot write %s: %s"), path, failure.msg);
out:
	png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
	free(row);
	/* Written whole or not at all: a full disk leaves the old file, or none. */
	if (status != SY_OK)
		sy_outfile_abort(&out);
	else
		status = sy_outfile_commit(&out, err);
	return status;
}

int bitmap_read_png(const char *path, int dpi, struct bitmap **out, sy_err *err)
{
	png_image image;
	unsigned char *grey = NULL;
	int status = SY_OK;
	*out = NULL;
	memset(&image, 0, sizeof image);
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&image, path)) {
		status = sy_fail(err, SY_ENV, NULL, _("cannot read %s: %s"), path, image.message);
		goto out;
	}
	image.format = PNG_FORMAT_GRAY;
	grey = xmalloc(PNG_IMAGE_SIZE(image));
	if (!png_image_finish_read(&image, NULL, grey, 0, NULL)) {
		status = sy_fail(err, SY_ENV, NULL, _("cannot read %s: %s"), path, image.message);
		goto out;
	}
	*out = bitmap_new((int)image.width, (int)image.height, dpi);
	if (!*out) {
		status = sy_fail(err, SY_INVALID, NULL, _("%s is too large for a label"), path);
		goto out;
	}
	for (png_uint_32 y = 0; y < image.height; y++)
		for (png_uint_32 x = 0; x < image.width; x++)
			if (grey[y * image.width + x] < 128)
				bitmap_set(*out, (int)x, (int)y, 1);
out:
	png_image_free(&image);
	free(grey);
	return status;
}
