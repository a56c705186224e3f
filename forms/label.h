/* Labels: vehicle tags, part labels, remanufacturing core labels and
 * hazardous waste container labels, rendered once to a 1-bit bitmap at the
 * printer's resolution. The same bitmap is the PNG preview, the terminal
 * preview and what every printer language encodes: text never goes to a
 * printer as text.
 *
 * The app fills the plain structs below from the database; NULL strings are
 * empty. Layouts are tables in label.c, one for wide and one for tall media
 * per kind; text that does not fit is shrunk, wrapped, then cut with an
 * ellipsis, never drawn off the label. */
#ifndef SY_LABEL_H
#define SY_LABEL_H
#include <stddef.h>

#include "base/err.h"
#include "base/bitmap.h"

enum label_kind { LABEL_VEHICLE, LABEL_PART, LABEL_CORE, LABEL_WASTE, LABEL_KIND_COUNT };

/* "vehicle", "part", "core", "waste". */
const char *label_kind_name(enum label_kind kind);
int label_kind_parse(const char *name, enum label_kind *out);

struct label_vehicle {
	const char *stock_no; /* required: printed large and as Code 128 */
	const char *vin;
	const char *plate;
	const char *make_model;
	const char *intake_date;
	int police_supervised; /* dismantled under police supervision: marked */
};

struct label_part {
	const char *part_no; /* required: Code 128 and QR */
	const char *name;
	const char *grade;
	const char *source_vin;
	const char *stock_no;
	double weight_kg; /* not shown when not positive */
	const char *location;
	const char *note;
	const char *qr_text; /* QR content; the part number when NULL or empty */
	int for_reuse;       /* sold for reuse: carries 报废机动车回用件 */
};

/* The five major assemblies (五大总成). */
enum label_assembly {
	ASSEMBLY_ENGINE,
	ASSEMBLY_STEERING,
	ASSEMBLY_TRANSMISSION,
	ASSEMBLY_AXLE,
	ASSEMBLY_FRAME,
	ASSEMBLY_COUNT
};

/* "engine", "steering", "transmission", "axle", "frame" (the part kind
 * codes of db/part.h); parsing also takes the Chinese names (发动机, 转向器 or
 * 方向机, 变速器, 前后桥, 车架). */
const char *label_assembly_key(enum label_assembly a);
/* "发动机 Engine" and so on. */
const char *label_assembly_title(enum label_assembly a);
int label_assembly_parse(const char *s, enum label_assembly *out);

struct label_core {
	enum label_assembly assembly;
	const char *part_no;    /* required: Code 128 and QR */
	const char *source_vin; /* the frame keeps the original VIN */
	const char *stock_no;
	const char *yard;
	const char *date;
};

/* What HJ 1276-2022 asks of a hazardous waste label; the hazards are drawn
 * as its pictograms as well. The label is at least 100x100 mm. */
struct label_waste {
	const char *name;           /* waste name, e.g. 废矿物油 */
	const char *category;       /* HW08 */
	const char *code;           /* 900-214-08 */
	double quantity;            /* not shown when not positive */
	const char *unit;           /* kg, L, 个 */
	const char *container_code; /* required: Code 128 and QR */
	const char *hazard;         /* hazard properties, e.g. T,I (optional) */
	const char *date;
	const char *yard;
	const char *form;           /* physical form, as printed: 液态 */
	const char *components;     /* main components */
	const char *hazardous;      /* hazardous components */
	const char *precautions;
	const char *contact;        /* the person */
	const char *phone;
};

/* The smallest hazardous waste label (HJ 1276-2022, for containers up to
 * 50 litres), in mm each way. */
#define LABEL_WASTE_MIN_MM 100

struct label_input {
	enum label_kind kind;
	union {
		struct label_vehicle vehicle;
		struct label_part part;
		struct label_core core;
		struct label_waste waste;
	} u;
};

/* The size of the printable area in dots. */
struct label_media {
	int width, height; /* dots */
	int dpi;
};

/* mm at dpi (rounded to whole dots). */
int label_media_mm(double width_mm, double height_mm, int dpi, struct label_media *out, sy_err *err);
/* "62x100", "100x50mm", "4x6in", "101.6x152.4 mm": width x height, in mm. */
int label_size_parse(const char *spec, double *width_mm, double *height_mm, sy_err *err);
/* The same, converted to dots at dpi. */
int label_media_parse(const char *spec, int dpi, struct label_media *out, sy_err *err);

struct label_options {
	struct label_media media;
	const char *font_path; /* NULL: SCRAPYARD_LABEL_FONT, then the known CJK fonts */
};

/* Render one label; *out is the bitmap (bitmap_free it). SY_INVALID when a
 * required field is missing or a code does not fit the media, SY_ENV when no
 * font can be loaded; err says which and what to do. */
int label_render(const struct label_input *in, const struct label_options *opt, struct bitmap **out,
		 sy_err *err);

/* The PNG preview and the terminal preview are bitmap_write_png() and
 * bitmap_to_blocks() in forms/bitmap.h. */

#endif
