/* libharu's private parts, used here and nowhere else (see forms/pdf_hpdf.h). */
#include "forms/pdf_hpdf.h"

#include <hpdf_pages.h>
#include <string.h>

HPDF_Dict pdfh_page_contents(HPDF_Page page) { return ((HPDF_PageAttr)page->attr)->contents; }

HPDF_Dict pdfh_page_add_contents(HPDF_Doc doc, HPDF_Page page)
{
	HPDF_Dict drawn = HPDF_Dict_GetItem(page, "Contents", HPDF_OCLASS_DICT);
	HPDF_Dict extra = drawn ? HPDF_DictStream_New(page->mmgr, doc->xref) : NULL;
	HPDF_Array both = extra ? HPDF_Array_New(page->mmgr) : NULL;
	if (!both || HPDF_Array_Add(both, drawn) != HPDF_OK || HPDF_Array_Add(both, extra) != HPDF_OK ||
	    HPDF_Dict_Add(page, "Contents", both) != HPDF_OK)
		return NULL;
	return extra;
}

const char *pdfh_font_name(HPDF_Page page, HPDF_Dict font) { return HPDF_Page_GetLocalFontName(page, font); }

const char *pdfh_image_name(HPDF_Page page, HPDF_Image image) { return HPDF_Page_GetXObjectName(page, image); }

static HPDF_STATUS write_flate_filter(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

int pdfh_stream_empty(HPDF_Dict stream)
{
	return !stream->write_fn && stream->filter == HPDF_STREAM_FILTER_NONE && stream->stream &&
	       stream->stream->size == 0;
}

/* Fresh memory is the dearest thing a long document uses (a page fault
 * costs more than compressing a kilobyte): a stream written once gets a
 * first block of its size. */
static void fit_first_block(HPDF_Stream stream, size_t len)
{
	if (stream->type != HPDF_STREAM_MEMORY || stream->size != 0)
		return;
	HPDF_MemStreamAttr attr = stream->attr;
	attr->buf_siz = attr->w_pos = (HPDF_UINT)len;
}

HPDF_STATUS pdfh_stream_write(HPDF_Dict stream, const void *data, size_t len, int deflated)
{
	if (deflated)
		stream->write_fn = write_flate_filter;
	fit_first_block(stream->stream, len);
	return HPDF_Stream_Write(stream->stream, data, (HPDF_UINT)len);
}

struct save_ctx {
	pdfh_write_fn fn;
	void *ctx;
};

static HPDF_STATUS save_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT n)
{
	struct save_ctx *s = stream->attr;
	return s->fn(s->ctx, ptr, n);
}

/* libharu's own way keeps a whole copy of the file in its memory first;
 * a callback stream hands each piece on as it is made. */
HPDF_STATUS pdfh_save(HPDF_Doc doc, pdfh_write_fn fn, void *ctx)
{
	struct save_ctx s = {fn, ctx};
	HPDF_Stream st = HPDF_GetMem(doc->mmgr, sizeof *st); /* libharu frees it with doc */
	if (!st)
		return HPDF_FAILD_TO_ALLOC_MEM;
	memset(st, 0, sizeof *st);
	st->sig_bytes = HPDF_STREAM_SIG_BYTES;
	st->type = HPDF_STREAM_CALLBACK;
	st->mmgr = doc->mmgr;
	st->error = &doc->error;
	st->write_fn = save_write;
	st->attr = &s;
	if (doc->stream)
		HPDF_Stream_Free(doc->stream);
	doc->stream = st;
	HPDF_STATUS rc = HPDF_SaveToStream(doc);
	st->attr = NULL; /* s is gone after this */
	return rc;
}

HPDF_Dict pdfh_object(HPDF_Doc doc)
{
	HPDF_Dict d = HPDF_Dict_New(doc->mmgr);
	return d && HPDF_Xref_Add(doc->xref, d) == HPDF_OK ? d : NULL; /* the xref owns it now */
}

HPDF_Dict pdfh_stream_object(HPDF_Doc doc) { return HPDF_DictStream_New(doc->mmgr, doc->xref); }

HPDF_Dict pdfh_dict(HPDF_Dict parent, const char *key)
{
	HPDF_Dict d = HPDF_Dict_New(parent->mmgr);
	return d && HPDF_Dict_Add(parent, key, d) == HPDF_OK ? d : NULL; /* which frees d if it fails */
}

HPDF_Array pdfh_array(HPDF_Dict parent, const char *key)
{
	HPDF_Array a = HPDF_Array_New(parent->mmgr);
	return a && HPDF_Dict_Add(parent, key, a) == HPDF_OK ? a : NULL;
}

HPDF_Array pdfh_array_in(HPDF_Array parent)
{
	HPDF_Array a = HPDF_Array_New(parent->mmgr);
	return a && HPDF_Array_Add(parent, a) == HPDF_OK ? a : NULL;
}

HPDF_STATUS pdfh_name(HPDF_Dict d, const char *key, const char *name) { return HPDF_Dict_AddName(d, key, name); }

HPDF_STATUS pdfh_int(HPDF_Dict d, const char *key, long value)
{
	return HPDF_Dict_AddNumber(d, key, (HPDF_INT32)value);
}

HPDF_STATUS pdfh_string(HPDF_Dict d, const char *key, const char *value)
{
	HPDF_String s = HPDF_String_New(d->mmgr, value, NULL);
	return s ? HPDF_Dict_Add(d, key, s) : HPDF_FAILD_TO_ALLOC_MEM;
}

HPDF_STATUS pdfh_ref(HPDF_Dict d, const char *key, HPDF_Dict object) { return HPDF_Dict_Add(d, key, object); }

HPDF_STATUS pdfh_array_int(HPDF_Array a, long value) { return HPDF_Array_AddNumber(a, (HPDF_INT32)value); }

HPDF_STATUS pdfh_array_ref(HPDF_Array a, HPDF_Dict object) { return HPDF_Array_Add(a, object); }
