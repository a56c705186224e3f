/* Pieces the documents share: field grids, headers, signature boxes, the
 * VOID stamp and number formatting. Internal to forms/doc_*.c. */
#ifndef SY_DOC_COMMON_H
#define SY_DOC_COMMON_H
#include <stddef.h>

#include "forms/doc.h"
#include "forms/pdf.h"

enum doc_field_flags {
	DOC_WIDE = 1,  /* the value spans the whole row */
	DOC_BOLD = 2,  /* the value in bold (VIN, plate, number) */
	DOC_CHECK = 4, /* a tick box before the value, ticked when .checked */
	DOC_TALL = 8,  /* a wide value of several lines: the row is taller */
};

struct doc_field {
	const char *zh, *en; /* label */
	const char *value;
	unsigned flags;
	int checked;
};

/* Label/value cells, two pairs a row unless DOC_WIDE; starts at the cursor. */
void doc_fields(struct pdf *pdf, const struct doc_field *fields, int n, float label_w, float row_h);

/* Title centred at y: Chinese line, English line below; returns the y under it. */
float doc_title(struct pdf *pdf, float y, const char *zh, const char *en, float zh_size);

/* Running header of multi-page documents: title left, yard right, a subtitle
 * line and a rule. Returns the y under it. */
float doc_running_header(struct pdf *pdf, const struct doc_yard *yard, const char *zh, const char *en,
			 const char *subtitle);

/* Boxes for signatures and seals in one row at the cursor; name, if given, is
 * printed in the box (the clerk), date on its bottom line. */
struct doc_sign {
	const char *zh, *en;
	const char *name;
	const char *date;
};
void doc_signatures(struct pdf *pdf, const struct doc_sign *boxes, int n, float height);

/* A paragraph across the body width at the cursor. */
void doc_paragraph(struct pdf *pdf, enum pdf_font font, float size, const char *utf8);

/* The large diagonal 作废 VOID stamp across the page, drawn last. */
void doc_void_stamp(struct pdf *pdf);
/* A framed band at the cursor saying when and why the document was voided. */
void doc_void_band(struct pdf *pdf, const char *reason, const char *date);

/* The three documents the owner hands over, as fields. */
int doc_handover_fields(const struct doc_handover *h, struct doc_field *out, char *plates, size_t plates_size);

const char *doc_s(const char *s);
/* "1320 kg" (no decimals when whole), "" when kg <= 0 */
const char *doc_fmt_kg(char *buf, size_t size, double kg);
/* An integer, without printf. */
const char *doc_fmt_int(char *buf, size_t size, long v);
/* Mass in a table column: one decimal always, so the column lines up; "" when 0. */
const char *doc_fmt_mass(char *buf, size_t size, double kg);
/* A number with up to 'decimals' decimals, trailing zeros cut; "" when 0 and blank_zero. */
const char *doc_fmt_num(char *buf, size_t size, double v, int decimals, int blank_zero);
/* "a b" when both are set, else the one that is. */
const char *doc_join(char *buf, size_t size, const char *a, const char *sep, const char *b);

#endif
