/* libharu beyond its public calls, in one place. Internal to forms/pdf*.c.
 *
 * libharu builds the document: pages, resources, cross-references, the
 * file. Its public calls (hpdf.h: HPDF_New, HPDF_AddPage, ...) are used
 * where they are; what they do not offer is here: page content streams the
 * drawing layer fills itself, objects for the embedded fonts, writing the
 * file through a callback. forms/pdf_hpdf.c is the only file that touches
 * libharu's structures or its object functions (tests/code/hpdf.sh checks). */
#ifndef SY_PDF_HPDF_H
#define SY_PDF_HPDF_H
#include <hpdf.h>
#include <stddef.h>

/* ---- page contents ---- */

/* The content stream libharu gave the page. */
HPDF_Dict pdfh_page_contents(HPDF_Page page);
/* Give the page a second content stream after the first and return it. */
HPDF_Dict pdfh_page_add_contents(HPDF_Doc doc, HPDF_Page page);
/* The page's resource name for font (registering it), NULL on failure. */
const char *pdfh_font_name(HPDF_Page page, HPDF_Dict font);
/* The page's resource name for an image (registering it), NULL on failure. */
const char *pdfh_image_name(HPDF_Page page, HPDF_Image image);

/* Whether nothing is in stream yet and libharu will not filter it, so that
 * data compressed here can go in. */
int pdfh_stream_empty(HPDF_Dict stream);
/* Append len bytes to a stream written once: its first block is made to
 * measure instead of libharu's 4 KB. deflated: the bytes are zlib data, and
 * the stream says so (libharu removes a /Filter it did not set itself). */
HPDF_STATUS pdfh_stream_write(HPDF_Dict stream, const void *data, size_t len, int deflated);

/* ---- writing the document ---- */

/* Where the file's bytes go; returns HPDF_OK or an error status. */
typedef HPDF_STATUS (*pdfh_write_fn)(void *ctx, const unsigned char *data, size_t len);
/* Have libharu write the whole document through fn. */
HPDF_STATUS pdfh_save(HPDF_Doc doc, pdfh_write_fn fn, void *ctx);

/* ---- objects, for the fonts ----
 * Each returns NULL, or a status other than HPDF_OK, on failure, which has
 * also reached the document's error handler. */

/* A new indirect dictionary, or stream, of doc. */
HPDF_Dict pdfh_object(HPDF_Doc doc);
HPDF_Dict pdfh_stream_object(HPDF_Doc doc);
/* A new dictionary or array as the value of key in parent, or at the end of
 * an array. */
HPDF_Dict pdfh_dict(HPDF_Dict parent, const char *key);
HPDF_Array pdfh_array(HPDF_Dict parent, const char *key);
HPDF_Array pdfh_array_in(HPDF_Array parent);
HPDF_STATUS pdfh_name(HPDF_Dict d, const char *key, const char *name);
HPDF_STATUS pdfh_int(HPDF_Dict d, const char *key, long value);
HPDF_STATUS pdfh_string(HPDF_Dict d, const char *key, const char *value);
/* An object made by pdfh_object() as the value of key: a reference. */
HPDF_STATUS pdfh_ref(HPDF_Dict d, const char *key, HPDF_Dict object);
HPDF_STATUS pdfh_array_int(HPDF_Array a, long value);
HPDF_STATUS pdfh_array_ref(HPDF_Array a, HPDF_Dict object);

#endif
