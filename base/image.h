/* Photos as bytes: is this a whole JPEG or PNG image within the caps, and a
 * small JPEG thumbnail of it for the printed records. The image is decoded
 * through libjpeg and libpng, so a renamed text file, a cut-off transfer or
 * a damaged file is refused rather than kept as evidence nobody can open.
 *
 * Caps (why): a camera or phone photo is 2-12 MB and a flatbed scan of an A4
 * page at 300 dpi a PNG of 5-25 MB; IMAGE_MAX_BYTES leaves room for those
 * and keeps a yard's photo folder and its backups on one USB stick. The
 * pixel cap stops an image that is small on disk but huge once decoded (a
 * "decompression bomb"), and IMAGE_MIN_SIDE refuses icons and blank
 * placeholders that show nothing. */
#ifndef SY_IMAGE_H
#define SY_IMAGE_H
#include <stddef.h>

#include "base/err.h"

#define IMAGE_MAX_BYTES (20u * 1024u * 1024u) /* 20 MiB */
#define IMAGE_MAX_PIXELS 50000000L             /* 50 megapixels */
#define IMAGE_MAX_SIDE 20000
#define IMAGE_MIN_SIDE 32

enum image_type { IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG };

struct image_info {
	enum image_type type;
	int width, height; /* as stored, before any EXIF rotation */
	int orientation;   /* EXIF orientation 1-8 (1: as stored) */
};

/* "jpeg" / "png", and the file extension ".jpg" / ".png". */
const char *image_type_name(enum image_type t);
const char *image_extension(enum image_type t);
/* The type named "jpeg" or "png"; IMAGE_NONE for anything else. */
enum image_type image_type_from_name(const char *name);

/* What the first bytes say (JPEG SOI marker, PNG signature), IMAGE_NONE
 * otherwise; nothing decoded. */
enum image_type image_sniff(const unsigned char *data, size_t len);

/* Check that data is one whole JPEG or PNG image within the caps: its
 * signature, its size on disk, its dimensions, and every byte of it decoded.
 * SY_INVALID with a message saying what is wrong (field "file"). */
int image_check(const unsigned char *data, size_t len, struct image_info *out, sy_err *err);

/* A JPEG thumbnail fitting max_w x max_h, turned upright by its EXIF
 * orientation; *out is malloc'd (free it), its size in *out_len and its
 * dimensions in *w and *h. */
int image_thumbnail(const unsigned char *data, size_t len, int max_w, int max_h, unsigned char **out, size_t *out_len,
		    int *w, int *h, sy_err *err);

#endif
