/* The fonts of the printed documents, embedded. Internal to forms/pdf*.c.
 *
 * Latin text (WinAnsi: ASCII, Latin-1 and a few signs) is drawn with
 * Liberation Sans, whose widths are Helvetica's, as simple TrueType fonts:
 * one byte a character, as before. Everything else is drawn with
 * WenQuanYi Micro Hei as a CID font: two bytes a character, the document's
 * own numbering (1, 2, ... in order of first use), so that the embedded
 * font holds just the glyphs used, numbered the same. Bold Chinese is the
 * same font filled and stroked: the font has one weight.
 *
 * Every font gets a ToUnicode map, so a reader needs no data of its own to
 * copy or search the text. */
#ifndef SY_PDF_FONTS_H
#define SY_PDF_FONTS_H
#include <hpdf.h>
#include <stdint.h>

#include "base/err.h"

enum pdf_face { F_LATIN, F_LATIN_BOLD, F_CJK, F_CJK_BOLD, F_COUNT };

/* Helvetica and Helvetica-Bold widths per WinAnsi byte, 1/1000 em; the
 * Liberation Sans glyphs drawn have the same. */
extern const uint16_t pdf_latin_widths[2][256];

/* A character of the Chinese font: whether the font has it, and its
 * advance, 1/1000 em. */
struct pdf_cjk_glyph {
	uint16_t found, width;
};

/* What one document draws with the fonts, and their objects in it. */
struct pdf_font_use {
	uint32_t serial;          /* the document's number in this process */
	HPDF_Dict dict[F_COUNT];  /* the Type0 or TrueType font, made at first use */
	uint64_t latin[2][4];     /* WinAnsi codes drawn, per Latin face */
	/* Chinese: CID i (from 1) shows code point cid_cp[i] */
	uint32_t *cid_cp;
	struct pdf_cjk_glyph *cid_glyph;
	unsigned ncids, cids_cap;
	uint64_t *slots; /* code point -> CID, open addressing: cp << 16 | cid */
	unsigned nslots;
};

/* Start a document's record (numbering it). */
void pdf_font_use_init(struct pdf_font_use *u);

/* The glyph of cp in the Chinese font, opening the font at first use.
 * Fails (SY_ENV, err says which package to install) when the font cannot
 * be read. */
int pdf_cjk_glyph(uint32_t cp, struct pdf_cjk_glyph *out, sy_err *err);

/* The CID of code point cp in this document, numbered at first use; 0 when
 * a document has used all 65535. */
unsigned pdf_font_cid(struct pdf_font_use *u, uint32_t cp, struct pdf_cjk_glyph g);

/* Characters looked up lately, and their CID in the document that last
 * drew them: a ledger draws the same few hundred thousands of times, and
 * this is one look where the above are a search each. */
#define PDF_GLYPH_SLOTS 2048 /* a power of two */
struct pdf_glyph_slot {
	uint32_t cp; /* 0: empty (U+0000 is never looked up) */
	struct pdf_cjk_glyph g;
	uint32_t serial; /* of the document cid belongs to */
	uint16_t cid;
};
extern struct pdf_glyph_slot pdf_glyph_slots[PDF_GLYPH_SLOTS];

static inline int pdf_cjk_glyph_fast(uint32_t cp, struct pdf_cjk_glyph *out, sy_err *err)
{
	const struct pdf_glyph_slot *s = &pdf_glyph_slots[cp & (PDF_GLYPH_SLOTS - 1)];
	if (s->cp == cp && cp) {
		*out = s->g;
		return SY_OK;
	}
	return pdf_cjk_glyph(cp, out, err);
}

static inline unsigned pdf_font_cid_fast(struct pdf_font_use *u, uint32_t cp, struct pdf_cjk_glyph g)
{
	struct pdf_glyph_slot *s = &pdf_glyph_slots[cp & (PDF_GLYPH_SLOTS - 1)];
	if (s->cp == cp && s->serial == u->serial)
		return s->cid;
	unsigned cid = pdf_font_cid(u, cp, g);
	if (s->cp == cp) {
		s->serial = u->serial;
		s->cid = (uint16_t)cid;
	}
	return cid;
}

/* Mark WinAnsi codes as drawn in a Latin face (0 regular, 1 bold). */
static inline void pdf_font_mark(struct pdf_font_use *u, int bold, unsigned char code)
{
	u->latin[bold][code >> 6] |= (uint64_t)1 << (code & 63);
}

/* The font object of a face, for a page's resources (bold Chinese shares
 * the regular one's); NULL after an error, which libharu has reported. */
HPDF_Dict pdf_font_dict(HPDF_Doc doc, struct pdf_font_use *u, enum pdf_face face);

void pdf_font_use_free(struct pdf_font_use *u);

/* A document starts: a font file that could not be read is tried again. */
void pdf_fonts_new_document(void);
/* Close the font files. */
void pdf_fonts_shutdown(void);

#endif
