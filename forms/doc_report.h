/* Report sheets: titled tables of text cells that the circularity and
 * operations reports fill once and print three ways (screen and CSV in
 * app/cmd_report.c, PDF here through the generic table renderer). */
#ifndef SY_DOC_REPORT_H
#define SY_DOC_REPORT_H
#include <stddef.h>

#include "base/err.h"
#include "forms/doc.h"
#include "forms/pdf.h"

struct report_sheet {
	const char *title_zh, *title_en;
	const struct pdf_column *cols;
	int ncols;
	char **cells; /* nrows x ncols, owned */
	size_t nrows, cap;
	int bold_last_row; /* a totals row */
};

void sheet_init(struct report_sheet *s, const char *title_zh, const char *title_en, const struct pdf_column *cols,
		int ncols);
/* Append a row: ncols strings (NULL is empty), copied. */
void sheet_add(struct report_sheet *s, const char *const *cells);
const char *sheet_cell(const struct report_sheet *s, size_t row, int col);
void sheet_free(struct report_sheet *s);

#define REPORT_MAX_SHEETS 8
#define REPORT_MAX_NOTES 16
#define REPORT_MAX_BARS 8

/* A share of 0-100% drawn as a bar, with its target marked (0: none). */
struct report_bar {
	char label_zh[48], label_en[64];
	double pct, target;
};
struct report_doc {
	struct doc_yard yard;
	const char *title_zh, *title_en;
	char subtitle[300];
	struct report_sheet sheets[REPORT_MAX_SHEETS];
	int nsheets;
	char *notes[REPORT_MAX_NOTES]; /* paragraphs under the tables, owned */
	int nnotes;
	const char *bars_title_zh, *bars_title_en;
	struct report_bar bars[REPORT_MAX_BARS]; /* drawn after the tables */
	int nbars;
};
/* A new sheet of the document, initialised. */
struct report_sheet *report_doc_sheet(struct report_doc *r, const char *title_zh, const char *title_en,
				      const struct pdf_column *cols, int ncols);
void report_doc_note(struct report_doc *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_doc_bar(struct report_doc *r, const char *label_zh, const char *label_en, double pct, double target);
void report_doc_free(struct report_doc *r);

/* Landscape A4, a running header, each sheet as a table, the bars, then the notes. */
int doc_report_pdf(const struct report_doc *r, const char *path, unsigned *warnings, sy_err *err);
#endif
