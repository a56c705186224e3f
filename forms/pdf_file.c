/* Atomic file writes for rendered documents, through base/outfile. */
#include "forms/pdf_file.h"

#include <string.h>

#include "base/i18n.h"

int pdf_file_open(struct pdf_file *f, const char *path, sy_err *err)
{
	memset(f, 0, sizeof *f);
	f->out.fd = f->out.dirfd = -1;
	if (!path || !*path)
		return sy_fail(err, SY_INVALID, "output", _("No output file given; name the PDF file to write."));
	return sy_outfile_open(&f->out, path, err);
}

int pdf_file_put(struct pdf_file *f, const void *data, size_t len, sy_err *err)
{
	return sy_outfile_put(&f->out, data, len, err);
}

void pdf_file_abort(struct pdf_file *f) { sy_outfile_abort(&f->out); }

int pdf_file_commit(struct pdf_file *f, sy_err *err) { return sy_outfile_commit(&f->out, err); }

int pdf_file_write(const char *path, const void *data, size_t len, sy_err *err)
{
	struct pdf_file f;
	int status = pdf_file_open(&f, path, err);
	if (status != SY_OK)
		return status;
	pdf_file_put(&f, data, len, err);
	return pdf_file_commit(&f, err);
}
