/* The fonts of the printed documents, as libharu would write them.
 *
 * All four are fonts every PDF reader has (Helvetica) or maps to an
 * installed Chinese font (SimSun, SimHei through Adobe-GB1), so nothing is
 * embedded. They are written here rather than asked of libharu because
 * libharu would first build its GBK-EUC-H encoder tables (several
 * milliseconds, most of a one-certificate process) and its base-14 font
 * metrics, only to measure widths, which the tables below give directly.
 * The widths are libharu's own, byte for byte. */
#include "forms/pdf_fonts.h"

const uint16_t pdf_latin_widths[2][256] = {
	{ /* Helvetica */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
		1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
		333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
		556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 278,
		556, 278, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
		278, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 278, 500, 667,
		278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 278, 737, 333,
		400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
		667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
		722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
		556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
	},
	{ /* Helvetica-Bold */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
		975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
		333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
		611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 278,
		556, 278, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
		278, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 278, 500, 667,
		278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 278, 737, 333,
		400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
		722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
		722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
		556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
		611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
	},
};

struct cjk_face {
	const char *name;
	int cap_height, flags;
};

/* The half-width CIDs of Adobe-GB1 that libharu lists for SimSun and SimHei. */
static const struct {
	int cid, count;
} cjk_half_cids[] = {{668, 27}, {696, 4}, {814, 94}, {7716, 1}};

static HPDF_Array dict_array(HPDF_Dict dict, const char *key)
{
	HPDF_Array a = HPDF_Array_New(dict->mmgr);
	return a && HPDF_Dict_Add(dict, key, a) == HPDF_OK ? a : NULL;
}

static HPDF_Dict indirect_dict(HPDF_Doc doc)
{
	HPDF_Dict d = HPDF_Dict_New(doc->mmgr);
	return d && HPDF_Xref_Add(doc->xref, d) == HPDF_OK ? d : NULL; /* the xref owns it now */
}

static HPDF_STATUS add_numbers(HPDF_Array a, int n, const int *v)
{
	HPDF_STATUS rc = HPDF_OK;
	for (int i = 0; i < n && rc == HPDF_OK; i++)
		rc = HPDF_Array_AddNumber(a, v[i]);
	return rc;
}

/* Each returns HPDF_OK or not; a failure has also reached on_hpdf_error(). */
static HPDF_STATUS cjk_type0(HPDF_Dict font, const struct cjk_face *face, HPDF_Dict cid)
{
	HPDF_STATUS rc = HPDF_Dict_AddName(font, "Type", "Font") | HPDF_Dict_AddName(font, "BaseFont", face->name) |
			 HPDF_Dict_AddName(font, "Subtype", "Type0") | HPDF_Dict_AddName(font, "Encoding", "GBK-EUC-H");
	HPDF_Array descendants = dict_array(font, "DescendantFonts");
	return rc != HPDF_OK || !descendants ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_Array_Add(descendants, cid);
}

static HPDF_STATUS cjk_cidfont(HPDF_Dict cid, const struct cjk_face *face, HPDF_Dict desc)
{
	HPDF_STATUS rc = HPDF_Dict_AddName(cid, "Type", "Font") | HPDF_Dict_AddName(cid, "Subtype", "CIDFontType0") |
			 HPDF_Dict_AddNumber(cid, "DW", 1000) | HPDF_Dict_AddName(cid, "BaseFont", face->name);
	HPDF_Array dw2 = dict_array(cid, "DW2"), w = dict_array(cid, "W");
	if (rc != HPDF_OK || !dw2 || !w || add_numbers(dw2, 2, (const int[]){880, -1000}) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	for (size_t i = 0; i < sizeof cjk_half_cids / sizeof *cjk_half_cids && rc == HPDF_OK; i++) {
		HPDF_Array run = HPDF_Array_New(cid->mmgr);
		if (!run)
			return HPDF_FAILD_TO_ALLOC_MEM;
		rc = HPDF_Array_AddNumber(w, cjk_half_cids[i].cid);
		if (rc != HPDF_OK)
			HPDF_Obj_Free(cid->mmgr, run);
		else
			rc = HPDF_Array_Add(w, run); /* which frees run if it fails */
		for (int k = 0; k < cjk_half_cids[i].count && rc == HPDF_OK; k++)
			rc = HPDF_Array_AddNumber(run, 500);
	}
	if (rc != HPDF_OK || HPDF_Dict_Add(cid, "FontDescriptor", desc) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_Dict info = HPDF_Dict_New(cid->mmgr);
	if (!info || HPDF_Dict_Add(cid, "CIDSystemInfo", info) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	return HPDF_Dict_Add(info, "Registry", HPDF_String_New(cid->mmgr, "Adobe", NULL)) |
	       HPDF_Dict_Add(info, "Ordering", HPDF_String_New(cid->mmgr, "GB1", NULL)) |
	       HPDF_Dict_AddNumber(info, "Supplement", 2);
}

static HPDF_STATUS cjk_descriptor(HPDF_Dict desc, const struct cjk_face *face)
{
	HPDF_STATUS rc = HPDF_Dict_AddName(desc, "Type", "FontDescriptor") | HPDF_Dict_AddName(desc, "FontName", face->name) |
			 HPDF_Dict_AddNumber(desc, "Ascent", 859) | HPDF_Dict_AddNumber(desc, "Descent", -140) |
			 HPDF_Dict_AddNumber(desc, "CapHeight", face->cap_height) |
			 HPDF_Dict_AddNumber(desc, "MissingWidth", 500) | HPDF_Dict_AddNumber(desc, "Flags", face->flags);
	HPDF_Array bbox = dict_array(desc, "FontBBox");
	if (rc != HPDF_OK || !bbox || add_numbers(bbox, 4, (const int[]){0, -140, 996, 855}) != HPDF_OK)
		return HPDF_FAILD_TO_ALLOC_MEM;
	return HPDF_Dict_AddNumber(desc, "ItalicAngle", 0) | HPDF_Dict_AddNumber(desc, "StemV", 78);
}

/* Type0 font, its CIDFontType0 and font descriptor, numbered in libharu's order. */
static HPDF_Dict cjk_font_new(HPDF_Doc doc, const struct cjk_face *face)
{
	HPDF_Dict font = indirect_dict(doc), cid = indirect_dict(doc), desc = indirect_dict(doc);
	if (!font || !cid || !desc || cjk_type0(font, face, cid) != HPDF_OK || cjk_cidfont(cid, face, desc) != HPDF_OK ||
	    cjk_descriptor(desc, face) != HPDF_OK)
		return NULL;
	return font;
}

static HPDF_Dict latin_font_new(HPDF_Doc doc, const char *name)
{
	HPDF_Dict font = indirect_dict(doc);
	if (!font || (HPDF_Dict_AddName(font, "Type", "Font") | HPDF_Dict_AddName(font, "BaseFont", name) |
		      HPDF_Dict_AddName(font, "Subtype", "Type1") |
		      HPDF_Dict_AddName(font, "Encoding", "WinAnsiEncoding")) != HPDF_OK)
		return NULL;
	return font;
}

HPDF_Dict pdf_font_new(HPDF_Doc doc, enum pdf_face face)
{
	static const struct cjk_face cjk[2] = {{"SimSun", 683, 7}, {"SimHei", 769, 5}};
	switch (face) {
	case F_LATIN:
		return latin_font_new(doc, "Helvetica");
	case F_LATIN_BOLD:
		return latin_font_new(doc, "Helvetica-Bold");
	case F_CJK:
	case F_CJK_BOLD:
		return cjk_font_new(doc, &cjk[face - F_CJK]);
	default:
		return NULL;
	}
}
