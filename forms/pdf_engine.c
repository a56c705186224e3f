/* Errors, and the engine documents share: the compressor and the buffers,
 * prepared once per process and reused by every document after the first. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/i18n.h"
#include "base/util.h"
#include "forms/pdf_internal.h"

#define ZLEVEL Z_BEST_SPEED /* level 6 takes twice as long for 5% less */

static struct pdf_engine shared_engine;
static int shared_engine_ready;
struct pdf_stats pdf_stats_now;
static int open_docs; /* documents between pdf_engine_get() and pdf_engine_release() */

/* ---- errors ---- */

static const char *hpdf_error_text(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return _("out of memory");
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return _("file input/output failed");
	case HPDF_INVALID_FONT_NAME:
		return _("a font is missing from the PDF library");
	default:
		return NULL;
	}
}

void pdf_fail(struct pdf *pdf, int status, const char *fmt, ...)
{
	if (!pdf || pdf->status != SY_OK)
		return;
	char msg[sizeof pdf->err.msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pdf->status = status;
	sy_fail(&pdf->err, status, NULL, "%s", msg);
}

int pdf_failed(const struct pdf *pdf) { return pdf->status != SY_OK; }

void pdf_on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *data)
{
	struct pdf_engine *eng = data;
	eng->broken = 1;
	const char *text = hpdf_error_text(code);
	if (text)
		pdf_fail(eng->current, SY_ENV, _("Could not make the PDF: %s. Try again; if it persists, report it."), text);
	else
		pdf_fail(eng->current, SY_ENV,
			 _("Could not make the PDF (PDF library error %04X, detail %u). Report this to support."),
			 (unsigned)code, (unsigned)detail);
}

/* ---- engine ---- */

static int engine_init(struct pdf_engine *eng, sy_err *err)
{
	memset(eng, 0, sizeof *eng);
	/* a 16 KB window and a small hash: resetting the compressor for every
	 * page clears the hash, and pages repeat themselves at short range */
	if (deflateInit2(&eng->z, ZLEVEL, Z_DEFLATED, 14, 6, Z_DEFAULT_STRATEGY) != Z_OK)
		return sy_fail(err, SY_ENV, NULL, _("Could not start the PDF compressor: out of memory."));
	eng->z_ready = 1;
	pdf_stats_now.engine_inits++;
	return SY_OK;
}

static void engine_free(struct pdf_engine *eng)
{
	if (eng->doc)
		HPDF_Free(eng->doc);
	if (eng->z_ready)
		deflateEnd(&eng->z);
	free(eng->ops);
	free(eng->zout);
	memset(eng, 0, sizeof *eng);
}

void pdf_shutdown(void)
{
	if (open_docs)
		return;
	if (shared_engine_ready) {
		engine_free(&shared_engine);
		shared_engine_ready = 0;
	}
	pdf_fonts_shutdown();
}

void pdf_get_stats(struct pdf_stats *out) { *out = pdf_stats_now; }

void pdf_engine_count(int docs, int pages)
{
	pdf_stats_now.docs += (unsigned long)docs;
	pdf_stats_now.pages += (unsigned long)pages;
}

struct pdf_engine *pdf_engine_get(int *own, sy_err *err)
{
	if (shared_engine_ready && shared_engine.broken && !shared_engine.current) {
		engine_free(&shared_engine);
		shared_engine_ready = 0;
	}
	if (!shared_engine_ready) {
		if (engine_init(&shared_engine, err) != SY_OK)
			return NULL;
		shared_engine_ready = 1;
		static int registered;
		if (!registered++)
			atexit(pdf_shutdown);
	}
	if (!shared_engine.current) {
		*own = 0;
		open_docs++;
		return &shared_engine;
	}
	struct pdf_engine *eng = xmalloc(sizeof *eng);
	if (engine_init(eng, err) != SY_OK) {
		free(eng);
		return NULL;
	}
	*own = 1;
	open_docs++;
	return eng;
}

void pdf_engine_release(struct pdf_engine *eng, int own)
{
	open_docs--;
	eng->current = NULL;
	if (own) {
		engine_free(eng);
		free(eng);
	} else if (eng->broken) {
		engine_free(eng);
		shared_engine_ready = 0;
	}
}

int pdf_deflate(struct pdf_engine *eng, const void *in, size_t n, const unsigned char **out, size_t *out_len)
{
	size_t bound = deflateBound(&eng->z, (uLong)n);
	if (bound > eng->zout_cap) {
		eng->zout_cap = bound + 1024;
		eng->zout = xrealloc(eng->zout, eng->zout_cap);
	}
	deflateReset(&eng->z);
	eng->z.next_in = (Bytef *)in;
	eng->z.avail_in = (uInt)n;
	eng->z.next_out = eng->zout;
	eng->z.avail_out = (uInt)eng->zout_cap;
	if (deflate(&eng->z, Z_FINISH) != Z_STREAM_END)
		return -1;
	*out = eng->zout;
	*out_len = eng->z.total_out;
	return 0;
}
