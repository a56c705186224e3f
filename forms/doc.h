/* The printed documents of a yard, as PDF: recycling certificate, intake
 * receipt, dismantling record, ledgers and the EU-style certificate of
 * destruction.
 *
 * Each document is described by a plain struct that the caller fills (from the
 * database, in app/); rendering never reads the database. Strings are UTF-8
 * and may be NULL or "" (printed as blank). Dates are "YYYY-MM-DD", times
 * "YYYY-MM-DD HH:MM".
 *
 * Every doc_*_pdf() writes to path (atomically; NULL for none) and/or to out
 * (NULL for none; free with pdf_buf_free()), sets *warnings (may be NULL) to
 * enum pdf_warning flags, and returns SY_OK or fills err. */
#ifndef SY_DOC_H
#define SY_DOC_H
#include <stddef.h>

#include "base/err.h"
#include "db/cert_qr.h"
#include "forms/pdf.h"

struct doc_yard {
	const char *name;             /* 某某再生资源回收有限公司 */
	const char *licence_no;       /* qualification certificate / permit number */
	const char *address;
	const char *phone;
	const char *permit_authority; /* who issued the permit (certificate of destruction) */
	const char *country;          /* nationality mark of the yard's country, e.g. "CN" */
};

struct doc_owner {
	const char *name;
	const char *id_no;       /* resident ID number or unified social credit code */
	const char *phone;
	const char *address;
	const char *nationality; /* certificate of destruction */
	const char *agent_name;  /* someone acting for the owner with a letter of authority */
	const char *agent_id_no;
};

struct doc_vehicle {
	const char *stock_no;           /* the yard's intake number */
	const char *plate;              /* 京A12345 */
	const char *plate_country;      /* nationality mark of the registration, e.g. "CN", "D" */
	const char *vehicle_type;       /* 小型普通客车 */
	const char *vehicle_class;      /* EU class: M1, N1, L3e ... */
	const char *use_nature;         /* 非营运 */
	const char *brand;
	const char *model;
	const char *vin;
	const char *engine_no;
	const char *power_type;         /* 汽油 Petrol, 纯电动 Electric ... */
	const char *battery_code;       /* NEV traction battery code (GB/T 34014); NULL if none */
	const char *first_registration; /* YYYY-MM-DD */
	double curb_mass_kg;            /* 0: unknown */
	double intake_mass_kg;          /* weighed at intake; 0: not weighed */
};

/* Which documents the owner handed over; shared by certificate and receipt. */
struct doc_handover {
	int reg_cert_returned;  /* 机动车登记证书 taken back */
	int licence_returned;   /* 行驶证 taken back */
	int plates_returned;    /* number plates taken back, 0-2 */
	int plates_expected;    /* plates the vehicle carries; 0 means 2 */
	const char *missing_note; /* what is missing, and the owner's written statement */
};

/* ---- recycling certificate (报废机动车回收证明) ---- */

struct cert_doc {
	const char *number;
	const char *issue_date;    /* date of issue, also in the QR code */
	const char *handover_date; /* the vehicle was handed over */
	const char *clerk;         /* handling clerk */
	const char *copy_label;    /* e.g. "第一联 车主联 / Copy 1: owner"; optional */
	struct doc_yard yard;
	struct doc_owner owner;
	struct doc_vehicle vehicle;
	struct doc_handover handover;
	/* reissue: the certificate this one replaces, and why */
	const char *replaces;
	const char *reissue_reason;
	/* a voided certificate printed again carries a VOID stamp */
	int voided;
	const char *void_reason;
	const char *void_date;
	/* the verification code as the store made it (db/cert.h), or NULL to
	 * build it from number, VIN and issue date with qr_key */
	const char *qr_payload;
	/* the yard's verification key (16-64 bytes) or NULL for an unkeyed check */
	const unsigned char *qr_key;
	size_t qr_key_len;
};

/* The QR payload of a certificate (see db/cert_qr.h); out holds CERT_QR_MAX. */
int doc_certificate_qr(const struct cert_doc *c, char *out, size_t size, sy_err *err);
int doc_certificate_pdf(const struct cert_doc *c, const char *path, struct pdf_buf *out, unsigned *warnings,
			sy_err *err);

/* ---- intake receipt for the owner (报废机动车交接回执) ---- */

struct doc_item {
	const char *name;   /* "车钥匙 Keys" */
	int quantity;       /* 0: not handed over */
	const char *note;
};

struct receipt_doc {
	const char *number;      /* receipt number, usually the stock number */
	const char *intake_time; /* YYYY-MM-DD HH:MM */
	const char *clerk;
	struct doc_yard yard;
	struct doc_owner owner;
	struct doc_vehicle vehicle;
	struct doc_handover handover;
	const struct doc_item *items; /* further things handed over: keys, spare wheel ... */
	size_t nitems;
	const char *notes;
};

int doc_receipt_pdf(const struct receipt_doc *r, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err);

/* ---- dismantling record per vehicle (拆解记录) ---- */

enum dism_step_status { DISM_PENDING, DISM_DONE, DISM_NOT_APPLICABLE };

struct dism_step {
	const char *name;     /* "排放燃油 Drain fuel" */
	enum dism_step_status status;
	double quantity;      /* drained or removed; 0 when not measured */
	const char *unit;     /* "L", "kg", "pcs" */
	const char *container;
	const char *operator_name;
	const char *time;     /* YYYY-MM-DD HH:MM */
	const char *note;
};

struct dism_part {
	const char *part_no;
	const char *name;
	const char *assembly;    /* one of the five major assemblies, or NULL */
	const char *grade;       /* A, B, C */
	double mass_kg;
	const char *destination; /* reuse, remanufacture, recycling, hazardous waste ... */
	const char *recipient;   /* buyer or licensed handler */
};

/* Mass out by destination, for the mass balance table. */
struct dism_mass {
	const char *destination; /* "回用 Reuse" */
	double mass_kg;
};

/* An evidence photo in the record: its thumbnail and what it shows. */
struct dism_photo {
	const char *what;             /* "切割解体后车辆 Vehicle after cutting" */
	const char *step;             /* the pretreatment step, or NULL */
	const char *time;             /* YYYY-MM-DD HH:MM */
	const char *hash;             /* the first characters of its SHA-256 */
	const unsigned char *thumb;   /* JPEG; NULL when the file is missing */
	size_t thumb_len;
	int thumb_w, thumb_h;         /* pixels, for its proportions */
	const char *problem;          /* why there is no thumbnail, or NULL */
};

struct dismantling_doc {
	struct doc_yard yard;
	struct doc_vehicle vehicle;
	const char *intake_date;
	const char *dismantled_date;
	const char *supervisor; /* police supervision for operating vehicles, optional */
	const struct dism_step *steps;
	size_t nsteps;
	const struct dism_part *parts;
	size_t nparts;
	const struct dism_mass *mass;
	size_t nmass;
	const struct dism_photo *photos;
	size_t nphotos;
};

int doc_dismantling_pdf(const struct dismantling_doc *d, const char *path, struct pdf_buf *out, unsigned *warnings,
			sy_err *err);

/* ---- sheets a clerk types from or hands over ---- */

/* One line of a sheet: a heading (section set) or a labelled value. The
 * same lines make the PDF, the screen and `scrapyard filing show`. */
struct doc_sheet_row {
	const char *zh, *en;
	const char *value;
	int section;  /* a heading over the lines below it */
	int required; /* the authority's form requires it: flag it when empty */
};

/* The entry in the ministry's ELV information system (MOFCOM), in the
 * order and the words of its web form: registration type; owner; vehicle. */
struct mofcom_doc {
	struct doc_yard yard;
	const char *stock_no;
	const char *due;             /* the entry is owed by */
	const char *reg_type;        /* "正常 Normal" ... */
	const char *owner_kind;      /* "个人 Person" | "单位 Company" */
	struct doc_owner owner;      /* name, ID number, phone, address, agent and agent's ID */
	const char *postal_code;
	const char *vehicle_type;    /* detailed type */
	const char *use_nature;      /* use character */
	const char *new_energy;      /* "是 Yes" | "否 No" */
	const char *brand_model;
	const char *plate;
	const char *displacement;    /* "1598 ml" */
	const char *fuel_type;
	const char *registration_date;
	const char *engine_no;
	const char *vin;
	const char *mass;            /* the curb mass the yard records, "1320 kg" */
	const char *length;          /* "4650 mm" */
	const char *passengers;
	const char *handover_date;
	const char *reference;       /* the number the system gave, once entered */
	const char *filed_before;    /* the VIN was filed already (when, by which record), or NULL */
};
#define DOC_MOFCOM_ROWS 28
/* The lines of the sheet into rows (at least DOC_MOFCOM_ROWS); returns how many. */
int doc_mofcom_rows(const struct mofcom_doc *m, struct doc_sheet_row *rows);
int doc_mofcom_pdf(const struct mofcom_doc *m, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err);

/* The cover sheet of what goes to the vehicle administration office for the
 * deregistration: the certificate copy, registration certificate, plates
 * and driving licence, what is missing and the owner's statement. */
struct dereg_doc {
	struct doc_yard yard;
	const char *cert_number;
	const char *cert_date;
	const char *due;
	const char *handed_over;     /* date handed to the office, once done */
	const char *reference;       /* the office's receipt number, once done */
	const char *clerk;
	struct doc_owner owner;
	struct doc_vehicle vehicle;
	struct doc_handover handover;
};
#define DOC_DEREG_ROWS 24
/* Text the rows point into; keep it as long as the rows. */
struct doc_dereg_text {
	char cert[120], plates[128], brand[200];
	const char *doc_zh[4], *doc_en[4], *doc_value[4];
	int doc_checked[4];
};
int doc_dereg_rows(const struct dereg_doc *r, struct doc_dereg_text *text, struct doc_sheet_row *rows);
int doc_dereg_pdf(const struct dereg_doc *r, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err);

/* ---- ledgers for a date range ---- */

enum ledger_kind { LEDGER_PARTS, LEDGER_HAZARDOUS, LEDGER_BATTERIES };

/* Parts flow: five major assemblies and other main parts (配件销售台账). */
struct ledger_part_row {
	const char *date;
	const char *part_no;
	const char *name;
	const char *assembly; /* five major assembly, or NULL */
	const char *source_vin;
	const char *model;
	int quantity;
	double mass_kg;
	const char *destination;
	const char *recipient;
};

/* Hazardous waste, one record per container and movement (HJ 1259-2022). */
struct ledger_waste_row {
	const char *movement;   /* "产生 Generated", "入库 Stored", "出库 Shipped" */
	const char *batch;
	const char *time;
	const char *name;
	const char *category;   /* HW08 */
	const char *code;       /* 900-214-08 */
	double quantity;
	const char *unit;
	const char *container_code;
	const char *container_type;
	int containers;
	const char *facility_code; /* producing facility; for entry into store and exit, the store */
	const char *clerk;
	const char *destination; /* exit: licensed handler and its permit number; else blank */
};

/* The waste ledger's totals, one row per unit (kg and litres never add). */
struct ledger_waste_total {
	const char *unit;
	double generated, stored, shipped; /* movements in the period */
	double in_store;                   /* in store at the period's end */
	int containers_in_store;
};

/* Traction batteries: VIN, code, model, where the pack went. */
struct ledger_battery_row {
	const char *date;
	const char *vin;
	const char *battery_code;
	const char *model;
	int quantity;
	double mass_kg;
	const char *destination; /* OEM take-back point, echelon use, recycler */
	const char *recipient;
	const char *reported;    /* date reported to the traceability platform */
};

struct ledger_doc {
	enum ledger_kind kind;
	struct doc_yard yard;
	const char *from, *to;   /* the period, dates */
	const char *printed;     /* when printed, shown in the header */
	const char *anchor;      /* the audit trail's head then ("entry N, hash H"), or NULL */
	size_t nrows;
	union {
		const struct ledger_part_row *parts;
		const struct ledger_waste_row *waste;
		const struct ledger_battery_row *batteries;
	} rows;
	const struct ledger_waste_total *waste_totals; /* hazardous waste */
	size_t nwaste_totals;
};

int doc_ledger_pdf(const struct ledger_doc *l, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err);

/* ---- EU certificate of destruction (Decision 2002/151/EC) ---- */

enum cod_reg_doc { COD_REG_ATTACHED, COD_REG_DESTROYED, COD_REG_NOT_AVAILABLE };

struct cod_doc {
	const char *number;
	const char *issue_date;
	const char *takeover_date;    /* the vehicle was taken over */
	const char *issuer_signatory; /* who signs for the issuer */
	struct doc_yard issuer;       /* name, address, permit number, permit authority */
	struct doc_owner holder;      /* name, address, nationality */
	struct doc_vehicle vehicle;   /* plate_country + plate, class, brand, model, VIN,
	                               * empty mass, first registration */
	enum cod_reg_doc reg_doc;
};

int doc_cod_pdf(const struct cod_doc *c, const char *path, struct pdf_buf *out, unsigned *warnings, sy_err *err);

#endif
