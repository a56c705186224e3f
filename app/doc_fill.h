/* Fill the printed documents (forms/doc.h) from the store: a certificate
 * from its snapshot, the intake receipt and dismantling record from a
 * vehicle, the ledgers from a period. Each fill owns the strings its doc
 * points to; free it with doc_fill_free(). Shared by the command line and
 * the screens. */
#ifndef SY_DOC_FILL_H
#define SY_DOC_FILL_H
#include "db/cert.h"
#include "db/db.h"
#include "db/filing.h"
#include "db/vehicle.h"
#include "forms/doc.h"

/* Strings and arrays the documents point into. */
struct doc_fill {
	char **strs;
	size_t nstrs, cap;
	void *rows; /* the ledger's or record's row arrays */
	void *rows2, *rows3, *rows4;
	cJSON *snapshot;
};
void doc_fill_free(struct doc_fill *f);

/* A certificate as issued (from its snapshot), with its VOID stamp when
 * voided and the number it replaces. */
int doc_fill_cert(db *d, const struct cert *c, struct cert_doc *out, struct doc_fill *f, sy_err *err);

int doc_fill_receipt(db *d, const struct vehicle *v, struct receipt_doc *out, struct doc_fill *f, sy_err *err);
/* The EU-style certificate of destruction: numbered like the vehicle's
 * recycling certificate in force, so refused without one (and for a vehicle
 * counted as missing, which never gets one). */
int doc_fill_cod(db *d, const struct vehicle *v, struct cod_doc *out, struct doc_fill *f, sy_err *err);
/* Brand and model of one "品牌型号" text: "大众牌FV7160FBMBG" (the form of the
 * registration certificate) and "Volkswagen Golf" split in two; a single
 * word is the brand. */
void doc_split_brand_model(const char *text, char *brand, size_t brand_size, char *model, size_t model_size);
int doc_fill_dismantling(db *d, const struct vehicle *v, struct dismantling_doc *out, struct doc_fill *f, sy_err *err);
/* The ministry's entry sheet of a vehicle; f is its mofcom_entry filing
 * (due, reference) or NULL. Warns on the sheet when the VIN was filed
 * before under another record. */
int doc_fill_mofcom(db *d, const struct vehicle *v, const struct filing *f, struct mofcom_doc *out, struct doc_fill *fill,
		    sy_err *err);
/* The deregistration cover sheet: refused while no certificate was issued. */
int doc_fill_dereg(db *d, const struct vehicle *v, struct dereg_doc *out, struct doc_fill *fill, sy_err *err);
/* from/to: dates, inclusive ("" or NULL: open ended). */
int doc_fill_ledger(db *d, enum ledger_kind kind, const char *from, const char *to, struct ledger_doc *out,
		    struct doc_fill *f, sy_err *err);

#endif
