/* Saving: the fonts are cut to what was drawn, then libharu writes the
 * document straight into the caller's buffer, or through a small buffer
 * into the file. libharu's own way keeps a whole copy in its memory first,
 * and fresh memory costs more than anything else in a long document. */
#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "forms/pdf_file.h"
#include "forms/pdf_hpdf.h"
#include "forms/pdf_internal.h"

struct sink {
	unsigned char *buf;
	size_t len, cap;
	struct pdf_file *file; /* NULL: buf is the document */
	int failed;            /* writing the file failed, err says why */
	sy_err err;
};

static HPDF_STATUS sink_put_file(struct sink *k, const void *data, size_t n)
{
	if (pdf_file_put(k->file, data, n, &k->err) != SY_OK)
		k->failed = 1;
	return k->failed ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

static HPDF_STATUS sink_flush(struct sink *k)
{
	HPDF_STATUS rc = k->len ? sink_put_file(k, k->buf, k->len) : HPDF_OK;
	k->len = 0;
	return rc;
}

static HPDF_STATUS sink_write(void *ctx, const unsigned char *ptr, size_t n)
{
	struct sink *k = ctx;
	if (k->failed)
		return HPDF_FILE_IO_ERROR;
	if (k->len + n > k->cap) {
		if (!k->file) {
			k->cap = (k->len + n) * 2;
			k->buf = xrealloc(k->buf, k->cap);
		} else if (sink_flush(k) != HPDF_OK || n > k->cap) { /* too big to stage */
			return k->failed ? HPDF_FILE_IO_ERROR : sink_put_file(k, ptr, n);
		}
	}
	memcpy(k->buf + k->len, ptr, n);
	k->len += n;
	return HPDF_OK;
}

/* Have libharu write the document into k. */
static int save_to(struct pdf *pdf, struct sink *k)
{
	HPDF_STATUS rc = pdfh_save(pdf->doc, sink_write, k);
	if (rc == HPDF_OK && k->file)
		rc = sink_flush(k);
	if (k->failed && pdf->status == SY_OK) { /* the file's own message: disk full, ... */
		pdf->status = k->err.status;
		pdf->err = k->err;
	} else if (rc != HPDF_OK) {
		pdf_fail(pdf, SY_ENV, _("Could not make the PDF: the PDF library failed to write it."));
	}
	return pdf->status;
}

static int to_memory(struct pdf *pdf, struct pdf_buf *out)
{
	/* room for what is known to come: page contents, fonts and some
	 * objects; the part never written is never touched */
	struct sink k = {.cap = pdf->stream_bytes + (size_t)pdf->npages * 1024 + (64 << 10)};
	k.buf = xmalloc(k.cap);
	if (save_to(pdf, &k) != SY_OK) {
		free(k.buf);
		return pdf->status;
	}
	out->data = k.len < k.cap / 2 ? xrealloc(k.buf, k.len ? k.len : 1) : k.buf;
	out->len = k.len;
	return SY_OK;
}

static int to_file(struct pdf *pdf, const char *path)
{
	struct pdf_file f;
	if (pdf_file_open(&f, path, &pdf->err) != SY_OK)
		return pdf->status = pdf->err.status;
	static unsigned char chunk[64 << 10];
	struct sink k = {.buf = chunk, .cap = sizeof chunk, .file = &f};
	if (save_to(pdf, &k) != SY_OK) {
		pdf_file_abort(&f);
		return pdf->status;
	}
	if (pdf_file_commit(&f, &pdf->err) != SY_OK)
		pdf->status = pdf->err.status;
	return pdf->status;
}

int pdf_save(struct pdf *pdf, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err)
{
	struct pdf_buf mem = {0};
	if (warnings)
		*warnings = 0;
	if (!pdf)
		return sy_fail(err, SY_ENV, NULL, _("No PDF document to save."));
	if (pdf->status == SY_OK && pdf->npages == 0)
		pdf_new_page(pdf);
	if (pdf->page) {
		pdf_graphics_mode(pdf);
		pdf_flush_ops(pdf);
	}
	if (pdf->status == SY_OK && pdf->defer_numbers)
		pdf_add_page_numbers(pdf);
	if (pdf->status == SY_OK)
		pdf_fonts_embed(pdf);
	if (pdf->status == SY_OK && !out && path)
		to_file(pdf, path);
	if (pdf->status == SY_OK && out)
		to_memory(pdf, &mem);
	if (pdf->status == SY_OK && out && path && pdf_file_write(path, mem.data, mem.len, &pdf->err) != SY_OK)
		pdf->status = pdf->err.status;
	int status = pdf->status;
	if (status != SY_OK) {
		if (err)
			*err = pdf->err;
		pdf_buf_free(&mem);
	} else if (out) {
		*out = mem;
	} else {
		pdf_buf_free(&mem);
	}
	if (warnings)
		*warnings = pdf->warnings;
	pdf_close(pdf);
	return status;
}

void pdf_buf_free(struct pdf_buf *buf)
{
	if (!buf)
		return;
	FREE(&buf->data);
	buf->len = 0;
}
