/* JPEG and PNG photos: checked by decoding them, shrunk into thumbnails. */
#include "base/image.h"

#include <stdio.h> /* before jpeglib.h, which needs FILE */

#include <jpeglib.h>
#include <jerror.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

const char *image_type_name(enum image_type t)
{
	return t == IMAGE_JPEG ? "jpeg" : t == IMAGE_PNG ? "png" : "";
}

const char *image_extension(enum image_type t)
{
	return t == IMAGE_JPEG ? ".jpg" : t == IMAGE_PNG ? ".png" : "";
}

enum image_type image_type_from_name(const char *name)
{
	return !name ? IMAGE_NONE : strcmp(name, "jpeg") == 0 ? IMAGE_JPEG : strcmp(name, "png") == 0 ? IMAGE_PNG : IMAGE_NONE;
}

enum image_type image_sniff(const unsigned char *data, size_t len)
{
	/* JPEG: the start-of-image marker, then the first marker of a segment */
	if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return IMAGE_JPEG;
	if (len >= 8 && png_sig_cmp(data, 0, 8) == 0)
		return IMAGE_PNG;
	return IMAGE_NONE;
}

/* ---- shrinking: rows in, the average of each output pixel's area out ---- */

struct shrink {
	int src_w, src_h; /* rows as the decoder gives them */
	int dst_w, dst_h;
	uint32_t *sum;    /* dst_w * dst_h * 3 */
	uint32_t *count;  /* dst_w * dst_h */
};

static void shrink_start(struct shrink *s, int src_w, int src_h, int dst_w, int dst_h)
{
	s->src_w = src_w;
	s->src_h = src_h;
	s->dst_w = dst_w < 1 ? 1 : dst_w;
	s->dst_h = dst_h < 1 ? 1 : dst_h;
	s->sum = xcalloc((size_t)s->dst_w * (size_t)s->dst_h * 3, sizeof *s->sum);
	s->count = xcalloc((size_t)s->dst_w * (size_t)s->dst_h, sizeof *s->count);
}

static void shrink_row(struct shrink *s, int y, const unsigned char *rgb)
{
	int dy = (int)((int64_t)y * s->dst_h / s->src_h);
	uint32_t *sum = s->sum + (size_t)dy * (size_t)s->dst_w * 3, *count = s->count + (size_t)dy * (size_t)s->dst_w;
	for (int x = 0; x < s->src_w; x++) {
		int dx = (int)((int64_t)x * s->dst_w / s->src_w);
		sum[dx * 3] += rgb[x * 3];
		sum[dx * 3 + 1] += rgb[x * 3 + 1];
		sum[dx * 3 + 2] += rgb[x * 3 + 2];
		count[dx]++;
	}
}

static unsigned char *shrink_finish(struct shrink *s)
{
	size_t n = (size_t)s->dst_w * (size_t)s->dst_h;
	unsigned char *out = xmalloc(n * 3);
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < 3; c++)
			out[i * 3 + c] = (unsigned char)(s->count[i] ? (s->sum[i * 3 + c] + s->count[i] / 2) / s->count[i] : 255);
	free(s->sum);
	free(s->count);
	s->sum = s->count = NULL;
	return out;
}

/* What a decode is asked for and what it found. With want_w 0 it only
 * checks: every byte is decoded and the pixels thrown away. */
struct decode {
	int want_w, want_h; /* the thumbnail's size before rotation */
	struct image_info info;
	struct shrink shrink;
	char msg[JMSG_LENGTH_MAX > 200 ? JMSG_LENGTH_MAX : 200];
	int warnings;
	int too_big; /* refused on its dimensions, before decoding */
};

static int dimensions_ok(struct decode *dc, long w, long h)
{
	dc->info.width = (int)w;
	dc->info.height = (int)h;
	if (w < IMAGE_MIN_SIDE || h < IMAGE_MIN_SIDE || w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE || w * h > IMAGE_MAX_PIXELS) {
		dc->too_big = 1;
		return 0;
	}
	return 1;
}

/* ---- JPEG through libjpeg ---- */

struct jpeg_failure {
	struct jpeg_error_mgr mgr;
	jmp_buf jump;
	struct decode *dc;
};

static void jpeg_fail_exit(j_common_ptr c)
{
	struct jpeg_failure *f = (struct jpeg_failure *)c->err;
	c->err->format_message(c, f->dc->msg);
	longjmp(f->jump, 1);
}

/* Warnings about the picture data (a file cut short, a bad code) count as
 * damage: evidence must decode cleanly. Others are common in photos from
 * phones and cameras and harmless (a few extra bytes before a marker, an
 * odd ICC profile or JFIF version), and trace messages (level > 0) are
 * nothing. */
static void jpeg_message(j_common_ptr c, int level)
{
	static const int damage[] = {JWRN_JPEG_EOF, JWRN_HIT_MARKER, JWRN_HUFF_BAD_CODE, JWRN_ARITH_BAD_CODE,
				     JWRN_MUST_RESYNC, JWRN_NOT_SEQUENTIAL, JWRN_BOGUS_PROGRESSION};
	struct jpeg_failure *f = (struct jpeg_failure *)c->err;
	if (level >= 0)
		return;
	for (size_t i = 0; i < sizeof damage / sizeof damage[0]; i++)
		if (c->err->msg_code == damage[i] && !f->dc->warnings++)
			c->err->format_message(c, f->dc->msg);
}

/* The largest 1/N (N = 8, 4, 2) at which the decoded image still covers the thumbnail. */
static unsigned jpeg_scale(const struct decode *dc, unsigned w, unsigned h)
{
	if (!dc->want_w)
		return 8; /* a check decodes every block, but needs no full-size pixels */
	for (unsigned d = 8; d > 1; d /= 2)
		if ((w + d - 1) / d >= (unsigned)dc->want_w && (h + d - 1) / d >= (unsigned)dc->want_h)
			return d;
	return 1;
}

static void jpeg_rgb_row(const struct jpeg_decompress_struct *j, const unsigned char *in, unsigned char *out)
{
	for (unsigned x = 0; x < j->output_width; x++) {
		if (j->out_color_space == JCS_CMYK) { /* Adobe stores CMYK inverted */
			unsigned k = in[x * 4 + 3];
			for (int c = 0; c < 3; c++)
				out[x * 3 + c] = (unsigned char)(in[x * 4 + c] * k / 255);
		} else {
			memcpy(out + x * 3, in + x * 3, 3);
		}
	}
}

/* The libjpeg part, alone so that nothing local changes between setjmp and longjmp. */
static int jpeg_run(struct jpeg_decompress_struct *j, struct jpeg_failure *f, const unsigned char *data, size_t len,
		    unsigned char **row, unsigned char **rgb)
{
	struct decode *dc = f->dc;
	if (setjmp(f->jump))
		return -1;
	jpeg_create_decompress(j);
	jpeg_mem_src(j, data, (unsigned long)len);
	jpeg_read_header(j, TRUE);
	if (!dimensions_ok(dc, (long)j->image_width, (long)j->image_height))
		return -1;
	j->out_color_space = j->jpeg_color_space == JCS_CMYK || j->jpeg_color_space == JCS_YCCK ? JCS_CMYK : JCS_RGB;
	j->scale_num = 1;
	j->scale_denom = jpeg_scale(dc, j->image_width, j->image_height);
	jpeg_start_decompress(j);
	*row = xmalloc((size_t)j->output_width * (size_t)j->output_components);
	*rgb = xmalloc((size_t)j->output_width * 3);
	if (dc->want_w)
		shrink_start(&dc->shrink, (int)j->output_width, (int)j->output_height, dc->want_w, dc->want_h);
	while (j->output_scanline < j->output_height) {
		int y = (int)j->output_scanline;
		JSAMPROW rows[1] = {*row};
		jpeg_read_scanlines(j, rows, 1);
		if (dc->want_w) {
			jpeg_rgb_row(j, *row, *rgb);
			shrink_row(&dc->shrink, y, *rgb);
		}
	}
	jpeg_finish_decompress(j);
	return 0;
}

static int jpeg_decode(const unsigned char *data, size_t len, struct decode *dc)
{
	struct jpeg_decompress_struct j;
	struct jpeg_failure f;
	unsigned char *row = NULL, *rgb = NULL;
	memset(&j, 0, sizeof j);
	j.err = jpeg_std_error(&f.mgr);
	f.mgr.error_exit = jpeg_fail_exit;
	f.mgr.emit_message = jpeg_message;
	f.dc = dc;
	int rc = jpeg_run(&j, &f, data, len, &row, &rgb);
	jpeg_destroy_decompress(&j);
	free(row);
	free(rgb);
	return rc == 0 && !dc->warnings ? 0 : -1;
}

/* ---- PNG through libpng ---- */

struct png_source {
	const unsigned char *data;
	size_t len, pos;
	struct decode *dc;
};

static void png_fail(png_structp png, png_const_charp msg)
{
	struct png_source *src = png_get_error_ptr(png);
	sy_strlcpy(src->dc->msg, msg, sizeof src->dc->msg);
	png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp msg)
{
	(void)png, (void)msg; /* ancillary trouble (a bad text chunk) leaves the pixels intact */
}

static void png_read_mem(png_structp png, png_bytep out, png_size_t n)
{
	struct png_source *src = png_get_io_ptr(png);
	if (n > src->len - src->pos)
		png_error(png, "the file ends in the middle of the image");
	memcpy(out, src->data + src->pos, n);
	src->pos += n;
}

static void png_transforms(png_structp png, png_infop info)
{
	png_set_expand(png);
	png_set_strip_16(png);
	png_set_strip_alpha(png);
	png_set_gray_to_rgb(png);
	(void)info;
}

static int png_run(png_structp png, png_infop info, struct png_source *src, unsigned char **image)
{
	struct decode *dc = src->dc;
	if (setjmp(png_jmpbuf(png)))
		return -1;
	png_set_read_fn(png, src, png_read_mem);
	png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_read_info(png, info);
	if (!dimensions_ok(dc, (long)png_get_image_width(png, info), (long)png_get_image_height(png, info)))
		return -1;
	png_transforms(png, info);
	int passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	int w = dc->info.width, h = dc->info.height;
	size_t rowbytes = png_get_rowbytes(png, info);
	if (dc->want_w)
		shrink_start(&dc->shrink, w, h, dc->want_w, dc->want_h);
	if (passes > 1) {
		/* interlaced: each pass fills in more of every row, so all rows at once */
		*image = xmalloc(rowbytes * (size_t)h);
		png_bytep *rows = xmalloc((size_t)h * sizeof *rows);
		for (int y = 0; y < h; y++)
			rows[y] = *image + rowbytes * (size_t)y;
		png_read_image(png, rows);
		free(rows);
		for (int y = 0; y < h && dc->want_w; y++)
			shrink_row(&dc->shrink, y, *image + rowbytes * (size_t)y);
	} else {
		*image = xmalloc(rowbytes);
		for (int y = 0; y < h; y++) {
			png_read_row(png, *image, NULL);
			if (dc->want_w)
				shrink_row(&dc->shrink, y, *image);
		}
	}
	png_read_end(png, NULL); /* the chunks after the pixels, up to IEND, with their checksums */
	return 0;
}

static int png_decode(const unsigned char *data, size_t len, struct decode *dc)
{
	struct png_source src = {data, len, 0, dc};
	unsigned char *image = NULL;
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_fail, png_warn);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_read_struct(&png, NULL, NULL);
		sy_strlcpy(dc->msg, "out of memory", sizeof dc->msg);
		return -1;
	}
	int rc = png_run(png, info, &src, &image);
	png_destroy_read_struct(&png, &info, NULL);
	free(image);
	return rc;
}

/* ---- checks ---- */

static int exif_orientation(const unsigned char *data, size_t len)
{
	ExifData *ed = exif_data_new_from_data(data, (unsigned int)len);
	int o = 1;
	if (ed) {
		ExifEntry *e = exif_data_get_entry(ed, EXIF_TAG_ORIENTATION);
		if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1)
			o = exif_get_short(e->data, exif_data_get_byte_order(ed));
		exif_data_unref(ed);
	}
	return o >= 1 && o <= 8 ? o : 1;
}

static int decode(const unsigned char *data, size_t len, struct decode *dc, sy_err *err)
{
	if (len > IMAGE_MAX_BYTES)
		return sy_fail(err, SY_INVALID, "file", _("the file is %.1f MB: a photo may be at most %u MB (save it smaller)"),
			       (double)len / (1024.0 * 1024.0), IMAGE_MAX_BYTES / (1024u * 1024u));
	dc->info.type = image_sniff(data, len);
	if (dc->info.type == IMAGE_NONE)
		return sy_fail(err, SY_INVALID, "file", _("the file is not a JPEG or PNG image"));
	int rc = dc->info.type == IMAGE_JPEG ? jpeg_decode(data, len, dc) : png_decode(data, len, dc);
	if (dc->too_big && (dc->info.width < IMAGE_MIN_SIDE || dc->info.height < IMAGE_MIN_SIDE))
		return sy_fail(err, SY_INVALID, "file", _("the image is only %d x %d pixels: that is no photo"), dc->info.width,
			       dc->info.height);
	if (dc->too_big)
		return sy_fail(err, SY_INVALID, "file",
			       _("the image is %d x %d pixels: at most %d pixels a side and %ld megapixels are kept (save it smaller)"),
			       dc->info.width, dc->info.height, IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS / 1000000);
	if (rc != 0)
		return sy_fail(err, SY_INVALID, "file", _("the %s image is damaged or cut short (%s)"),
			       dc->info.type == IMAGE_JPEG ? "JPEG" : "PNG", dc->msg);
	dc->info.orientation = dc->info.type == IMAGE_JPEG ? exif_orientation(data, len) : 1;
	return SY_OK;
}

int image_check(const unsigned char *data, size_t len, struct image_info *out, sy_err *err)
{
	struct decode dc;
	memset(&dc, 0, sizeof dc);
	int rc = decode(data, len, &dc, err);
	if (out)
		*out = dc.info;
	return rc;
}

/* ---- thumbnails ---- */

/* The pixel of the upright image at (x, y), read from the stored one (w x h). */
static const unsigned char *stored_pixel(const unsigned char *px, int w, int h, int orientation, int x, int y)
{
	int sx = x, sy = y;
	switch (orientation) {
	case 2: sx = w - 1 - x; break;
	case 3: sx = w - 1 - x; sy = h - 1 - y; break;
	case 4: sy = h - 1 - y; break;
	case 5: sx = y; sy = x; break;
	case 6: sx = y; sy = h - 1 - x; break;
	case 7: sx = w - 1 - y; sy = h - 1 - x; break;
	case 8: sx = w - 1 - y; sy = x; break;
	default: break;
	}
	return px + ((size_t)sy * (size_t)w + (size_t)sx) * 3;
}

static int encode_jpeg(const unsigned char *px, int w, int h, int orientation, unsigned char **out, size_t *out_len,
		       int *ow, int *oh)
{
	struct jpeg_compress_struct j;
	struct jpeg_error_mgr mgr;
	unsigned long size = 0;
	int swap = orientation >= 5;
	*ow = swap ? h : w;
	*oh = swap ? w : h;
	unsigned char *row = xmalloc((size_t)*ow * 3);
	j.err = jpeg_std_error(&mgr); /* from memory to memory: only out of memory fails, which exits */
	jpeg_create_compress(&j);
	*out = NULL;
	jpeg_mem_dest(&j, out, &size);
	j.image_width = (JDIMENSION)*ow;
	j.image_height = (JDIMENSION)*oh;
	j.input_components = 3;
	j.in_color_space = JCS_RGB;
	jpeg_set_defaults(&j);
	jpeg_set_quality(&j, 80, TRUE);
	jpeg_start_compress(&j, TRUE);
	for (int y = 0; y < *oh; y++) {
		for (int x = 0; x < *ow; x++)
			memcpy(row + x * 3, stored_pixel(px, w, h, orientation, x, y), 3);
		JSAMPROW rows[1] = {row};
		jpeg_write_scanlines(&j, rows, 1);
	}
	jpeg_finish_compress(&j);
	jpeg_destroy_compress(&j);
	free(row);
	*out_len = size;
	return 0;
}

int image_thumbnail(const unsigned char *data, size_t len, int max_w, int max_h, unsigned char **out, size_t *out_len,
		    int *w, int *h, sy_err *err)
{
	struct image_info info;
	struct decode dc;
	*out = NULL;
	*out_len = 0;
	if (image_check(data, len, &info, err) != SY_OK)
		return err ? err->status : SY_INVALID;
	/* the upright size fitted into the box, never enlarged, then back to the stored orientation */
	int swap = info.orientation >= 5;
	double uw = swap ? info.height : info.width, uh = swap ? info.width : info.height;
	double scale = (double)max_w / uw < (double)max_h / uh ? (double)max_w / uw : (double)max_h / uh;
	if (scale > 1)
		scale = 1;
	int tw = (int)(uw * scale + 0.5), th = (int)(uh * scale + 0.5);
	memset(&dc, 0, sizeof dc);
	dc.want_w = swap ? th : tw;
	dc.want_h = swap ? tw : th;
	if (dc.want_w < 1)
		dc.want_w = 1;
	if (dc.want_h < 1)
		dc.want_h = 1;
	int rc = decode(data, len, &dc, err);
	if (rc != SY_OK) {
		free(dc.shrink.sum);
		free(dc.shrink.count);
		return rc;
	}
	unsigned char *px = shrink_finish(&dc.shrink);
	encode_jpeg(px, dc.shrink.dst_w, dc.shrink.dst_h, info.orientation, out, out_len, w, h);
	free(px);
	return SY_OK;
}
