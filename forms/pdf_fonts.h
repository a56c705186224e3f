/* The four fonts of the printed documents, written into a libharu document
 * by hand, and their widths. Internal to forms/pdf*.c. */
#ifndef SY_PDF_FONTS_H
#define SY_PDF_FONTS_H
#include <hpdf.h>
#include <stdint.h>

enum pdf_face { F_LATIN, F_LATIN_BOLD, F_CJK, F_CJK_BOLD, F_COUNT };

/* Helvetica and Helvetica-Bold widths per WinAnsi byte, 1/1000 em. */
extern const uint16_t pdf_latin_widths[2][256];

/* Whether a GBK code is one of the half-width ones (500/1000 em, the rest
 * are 1000): the pinyin letters of row A8 and row AA, which GBK-EUC-H maps to
 * the half-width CIDs of Adobe-GB1. */
static inline int pdf_cjk_half(int code)
{
	return (code >= 0xa8a1 && code <= 0xa8c0 && code != 0xa8bc) || (code >= 0xaaa1 && code <= 0xaafe);
}

/* The font's dictionary, added to doc (which owns it); NULL after an error,
 * which libharu has also passed to doc's error handler. */
HPDF_Dict pdf_font_new(HPDF_Doc doc, enum pdf_face face);

#endif
