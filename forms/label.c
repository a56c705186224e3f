/* Label layouts as data and the renderer that lays them onto a bitmap.
 *
 * A layout is a list of elements placed on a 24 x 24 grid over the printable
 * area (inside a margin), so one table serves every media of the same shape:
 * each kind has a wide layout (100x50 mm and the like) and a tall one
 * (62x100 mm, 4x6 in). Captions are bilingual and not translated: a label is
 * read on the yard floor and by inspectors, whatever the clerk's language. */
#include "forms/label.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/util.h"
#include "forms/label_code.h"
#include "forms/label_mark.h"
#include "forms/label_text.h"

enum { GRID = 24 };

/* Physical sizes in mm, converted to dots at the media's resolution. */
#define MARGIN_MM 2.0
#define PAD_MM 0.6
#define RULE_MM 0.3
#define MIN_TEXT_MM 2.0  /* values are shrunk down to this before eliding */
#define MIN_CAPTION_MM 1.5
#define BAR_MODULE_MM 0.5 /* widest Code 128 module */

enum elem_type {
	E_FIELD,   /* caption over value */
	E_TEXT,    /* value only */
	E_BANNER,  /* white text on a black bar; caption is a subtitle */
	E_CODE128, /* Code 128 of the value */
	E_QR,      /* QR of the value */
	E_HRULE,   /* line along the top of the cell */
	E_VRULE,   /* line along the left of the cell */
	E_PICTOS,  /* the hazard pictograms of the value (forms/label_mark.h) */
};

enum elem_flags {
	EF_BOLD = 1,
	EF_CENTER = 2,
	EF_RIGHT = 4,
	EF_DASH = 8, /* an empty value shows a dash (the field exists but is blank) */
};

enum field {
	F_NONE,
	F_VEHICLE_TITLE,
	F_STOCK_NO,
	F_VIN,
	F_PLATE,
	F_MAKE_MODEL,
	F_INTAKE_DATE,
	F_POLICE,
	F_PART_TITLE, /* shown when the part is not for reuse */
	F_REUSE,      /* the reuse marking, when it is */
	F_PART_NO,
	F_PART_NAME,
	F_GRADE,
	F_WEIGHT,
	F_LOCATION,
	F_NOTE,
	F_PART_QR,
	F_REMAN,
	F_ASSEMBLY,
	F_YARD,
	F_DATE,
	F_WASTE_TITLE,
	F_WASTE_NAME,
	F_CATEGORY,
	F_CODE,
	F_QUANTITY,
	F_CONTAINER,
	F_HAZARD,
	F_FORM,
	F_COMPONENTS,
	F_HAZARDOUS,
	F_PRECAUTIONS,
	F_CONTACT,
};

struct elem {
	unsigned char type, field;
	unsigned char x, y, w, h; /* grid cells */
	unsigned char lines;      /* most lines of text (0 means 1) */
	unsigned char flags;
	unsigned char size;       /* em height of the value in tenths of a grid row; 0 fills the box */
	const char *caption;
};

struct layout {
	const struct elem *elems;
	size_t n;
	int caption; /* em height of the captions, tenths of a grid row */
};

/* Wide media: a grid row is about 1.9 mm on 100x50; tall: 4 mm on 62x100. */
#define WIDE(a) {a, sizeof a / sizeof a[0], 11}
#define TALL(a) {a, sizeof a / sizeof a[0], 6}

/* ---- Vehicle tag ---- */
static const struct elem vehicle_wide[] = {
	{E_TEXT, F_VEHICLE_TITLE, 0, 0, 15, 3, 1, EF_BOLD, 0, NULL},
	{E_BANNER, F_POLICE, 15, 0, 9, 3, 1, EF_BOLD, 0, "Police supervised"},
	{E_FIELD, F_STOCK_NO, 0, 3, 24, 6, 1, EF_BOLD, 0, "库存号 Stock No."},
	{E_CODE128, F_STOCK_NO, 0, 9, 24, 5, 0, 0, 0, NULL},
	{E_HRULE, F_NONE, 0, 14, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_VIN, 0, 14, 15, 5, 1, EF_BOLD | EF_DASH, 19, "车架号 VIN"},
	{E_VRULE, F_NONE, 15, 14, 0, 10, 0, 0, 0, NULL},
	{E_FIELD, F_PLATE, 15, 14, 9, 5, 1, EF_BOLD | EF_DASH, 19, "号牌 Plate"},
	{E_FIELD, F_MAKE_MODEL, 0, 19, 15, 5, 2, EF_DASH, 19, "品牌型号 Make / model"},
	{E_FIELD, F_INTAKE_DATE, 15, 19, 9, 5, 1, EF_DASH, 19, "接收日期 Intake"},
};

static const struct elem vehicle_tall[] = {
	{E_TEXT, F_VEHICLE_TITLE, 0, 0, 24, 2, 1, EF_BOLD, 12, NULL},
	{E_FIELD, F_STOCK_NO, 0, 2, 24, 4, 1, EF_BOLD, 0, "库存号 Stock No."},
	{E_CODE128, F_STOCK_NO, 0, 6, 24, 4, 0, EF_CENTER, 0, NULL},
	{E_HRULE, F_NONE, 0, 10, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_VIN, 0, 10, 24, 3, 1, EF_BOLD | EF_DASH, 10, "车架号 VIN"},
	{E_FIELD, F_PLATE, 0, 13, 24, 3, 1, EF_BOLD | EF_DASH, 10, "号牌 Plate"},
	{E_FIELD, F_MAKE_MODEL, 0, 16, 24, 3, 2, EF_DASH, 10, "品牌型号 Make / model"},
	{E_FIELD, F_INTAKE_DATE, 0, 19, 24, 3, 1, EF_DASH, 10, "接收日期 Intake date"},
	{E_BANNER, F_POLICE, 0, 22, 24, 2, 1, EF_BOLD, 0, "Police supervised"},
};

/* ---- Part label ---- */
static const struct elem part_wide[] = {
	{E_BANNER, F_REUSE, 0, 0, 24, 4, 1, EF_BOLD, 0, "Reused part from a scrap motor vehicle"},
	{E_TEXT, F_PART_TITLE, 0, 0, 24, 3, 1, EF_BOLD, 0, NULL},
	{E_FIELD, F_PART_NAME, 0, 4, 17, 5, 2, EF_BOLD | EF_DASH, 21, "配件名称 Part"},
	{E_TEXT, F_PART_NO, 0, 9, 17, 3, 1, EF_BOLD, 0, NULL},
	{E_CODE128, F_PART_NO, 0, 12, 17, 4, 0, 0, 0, NULL},
	{E_QR, F_PART_QR, 17, 4, 7, 12, 0, EF_RIGHT, 0, NULL},
	{E_HRULE, F_NONE, 0, 16, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_GRADE, 0, 16, 4, 4, 1, EF_BOLD | EF_DASH, 17, "等级 Grade"},
	{E_FIELD, F_VIN, 4, 16, 11, 4, 1, EF_BOLD | EF_DASH, 17, "来源车架号 Source VIN"},
	{E_FIELD, F_STOCK_NO, 15, 16, 9, 4, 1, EF_DASH, 17, "库存号 Stock No."},
	{E_FIELD, F_WEIGHT, 0, 20, 6, 4, 1, EF_DASH, 17, "重量 Weight"},
	{E_FIELD, F_LOCATION, 6, 20, 7, 4, 1, EF_DASH, 17, "库位 Location"},
	{E_FIELD, F_NOTE, 13, 20, 11, 4, 1, 0, 17, "备注 Note"},
};

static const struct elem part_tall[] = {
	{E_BANNER, F_REUSE, 0, 0, 24, 3, 1, EF_BOLD, 0, "Reused part from a scrap motor vehicle"},
	{E_TEXT, F_PART_TITLE, 0, 0, 24, 2, 1, EF_BOLD, 12, NULL},
	{E_FIELD, F_PART_NAME, 0, 3, 24, 3, 2, EF_BOLD | EF_DASH, 10, "配件名称 Part"},
	{E_TEXT, F_PART_NO, 0, 6, 24, 2, 1, EF_BOLD | EF_CENTER, 0, NULL},
	{E_CODE128, F_PART_NO, 0, 8, 24, 3, 0, EF_CENTER, 0, NULL},
	{E_QR, F_PART_QR, 0, 11, 11, 5, 0, 0, 0, NULL},
	{E_FIELD, F_GRADE, 11, 11, 13, 3, 1, EF_BOLD | EF_DASH, 10, "等级 Grade"},
	{E_FIELD, F_WEIGHT, 11, 14, 13, 3, 1, EF_DASH, 10, "重量 Weight"},
	{E_HRULE, F_NONE, 0, 17, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_VIN, 0, 17, 24, 3, 1, EF_BOLD | EF_DASH, 10, "来源车架号 Source VIN"},
	{E_FIELD, F_STOCK_NO, 0, 20, 12, 2, 1, EF_DASH, 10, "库存号 Stock No."},
	{E_FIELD, F_LOCATION, 12, 20, 12, 2, 1, EF_DASH, 10, "库位 Location"},
	{E_FIELD, F_NOTE, 0, 22, 24, 2, 1, 0, 10, "备注 Note"},
};

/* ---- Remanufacturing core label ---- */
static const struct elem core_wide[] = {
	{E_BANNER, F_REMAN, 0, 0, 24, 4, 1, EF_BOLD, 0, "For remanufacturing"},
	{E_FIELD, F_ASSEMBLY, 0, 4, 17, 5, 1, EF_BOLD, 0, "总成 Assembly"},
	{E_TEXT, F_PART_NO, 0, 9, 17, 3, 1, EF_BOLD, 0, NULL},
	{E_CODE128, F_PART_NO, 0, 12, 17, 4, 0, 0, 0, NULL},
	{E_QR, F_PART_QR, 17, 4, 7, 12, 0, EF_RIGHT, 0, NULL},
	{E_HRULE, F_NONE, 0, 16, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_VIN, 0, 16, 15, 4, 1, EF_BOLD | EF_DASH, 17, "原车架号 Source VIN"},
	{E_FIELD, F_STOCK_NO, 15, 16, 9, 4, 1, EF_DASH, 17, "库存号 Stock No."},
	{E_FIELD, F_YARD, 0, 20, 15, 4, 1, EF_DASH, 17, "回收企业 Yard"},
	{E_FIELD, F_DATE, 15, 20, 9, 4, 1, EF_DASH, 17, "日期 Date"},
};

static const struct elem core_tall[] = {
	{E_BANNER, F_REMAN, 0, 0, 24, 3, 1, EF_BOLD, 0, "For remanufacturing"},
	{E_FIELD, F_ASSEMBLY, 0, 3, 24, 3, 1, EF_BOLD, 0, "总成 Assembly"},
	{E_TEXT, F_PART_NO, 0, 6, 24, 2, 1, EF_BOLD | EF_CENTER, 0, NULL},
	{E_CODE128, F_PART_NO, 0, 8, 24, 3, 0, EF_CENTER, 0, NULL},
	{E_QR, F_PART_QR, 0, 11, 11, 6, 0, 0, 0, NULL},
	{E_FIELD, F_STOCK_NO, 11, 11, 13, 3, 1, EF_DASH, 10, "库存号 Stock No."},
	{E_FIELD, F_DATE, 11, 14, 13, 3, 1, EF_DASH, 10, "日期 Date"},
	{E_HRULE, F_NONE, 0, 17, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_VIN, 0, 17, 24, 3, 1, EF_BOLD | EF_DASH, 10, "原车架号 Source VIN"},
	{E_FIELD, F_YARD, 0, 20, 24, 4, 2, EF_DASH, 10, "回收企业 Yard"},
};

/* ---- Hazardous waste container label (HJ 1276-2022) ----
 * At least 100x100 mm, so one layout for square and tall media alike: the
 * title band; the waste with its category, code, form and hazards beside
 * their pictograms; its components and what to take care of; who produced
 * it and whom to call; the date, quantity and container with its QR code. */
static const struct elem waste_square[] = {
	{E_BANNER, F_WASTE_TITLE, 0, 0, 24, 3, 1, EF_BOLD, 0, "Hazardous waste"},
	{E_FIELD, F_WASTE_NAME, 0, 3, 16, 3, 2, EF_BOLD | EF_DASH, 9, "废物名称 Waste"},
	{E_PICTOS, F_HAZARD, 16, 3, 8, 8, 0, 0, 0, NULL},
	{E_FIELD, F_CATEGORY, 0, 6, 5, 2, 1, EF_BOLD | EF_DASH, 9, "废物类别 Category"},
	{E_FIELD, F_CODE, 5, 6, 6, 2, 1, EF_BOLD | EF_DASH, 9, "废物代码 Code"},
	{E_FIELD, F_FORM, 11, 6, 5, 2, 1, EF_BOLD | EF_DASH, 9, "废物形态 Form"},
	{E_FIELD, F_HAZARD, 0, 8, 16, 3, 1, EF_BOLD | EF_DASH, 9, "危险特性 Hazard"},
	{E_HRULE, F_NONE, 0, 11, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_COMPONENTS, 0, 11, 24, 2, 1, EF_DASH, 8, "主要成分 Main components"},
	{E_FIELD, F_HAZARDOUS, 0, 13, 24, 2, 1, EF_DASH, 8, "有害成分 Hazardous components"},
	{E_FIELD, F_PRECAUTIONS, 0, 15, 24, 3, 2, EF_DASH, 8, "注意事项 Precautions"},
	{E_HRULE, F_NONE, 0, 18, 24, 0, 0, 0, 0, NULL},
	{E_FIELD, F_YARD, 0, 18, 17, 2, 1, EF_DASH, 8, "产生单位 Producer"},
	{E_FIELD, F_CONTACT, 0, 20, 17, 2, 1, EF_DASH, 8, "联系人及电话 Contact, phone"},
	{E_FIELD, F_DATE, 0, 22, 6, 2, 1, EF_DASH, 8, "产生日期 Date"},
	{E_FIELD, F_QUANTITY, 6, 22, 5, 2, 1, EF_BOLD | EF_DASH, 8, "数量 Quantity"},
	{E_FIELD, F_CONTAINER, 11, 22, 6, 2, 1, EF_BOLD, 8, "容器编码 Container"},
	{E_QR, F_CONTAINER, 17, 18, 7, 6, 0, EF_RIGHT, 0, NULL},
};

/* [kind][0 wide, 1 tall] */
static const struct layout layouts[LABEL_KIND_COUNT][2] = {
	[LABEL_VEHICLE] = {WIDE(vehicle_wide), TALL(vehicle_tall)},
	[LABEL_PART] = {WIDE(part_wide), TALL(part_tall)},
	[LABEL_CORE] = {WIDE(core_wide), TALL(core_tall)},
	[LABEL_WASTE] = {TALL(waste_square), TALL(waste_square)},
};

/* ---- Names ---- */
static const char *const kind_names[LABEL_KIND_COUNT] = {"vehicle", "part", "core", "waste"};

const char *label_kind_name(enum label_kind kind)
{
	return (unsigned)kind < LABEL_KIND_COUNT ? kind_names[kind] : "?";
}

int label_kind_parse(const char *name, enum label_kind *out)
{
	for (int k = 0; k < LABEL_KIND_COUNT; k++)
		if (name && strcasecmp(name, kind_names[k]) == 0) {
			*out = (enum label_kind)k;
			return 0;
		}
	return -1;
}

static const struct {
	const char *key, *zh, *title;
} assemblies[ASSEMBLY_COUNT] = {
	[ASSEMBLY_ENGINE] = {"engine", "发动机", "发动机 Engine"},
	[ASSEMBLY_STEERING] = {"steering", "转向器", "转向器 Steering gear"},
	[ASSEMBLY_TRANSMISSION] = {"transmission", "变速器", "变速器 Transmission"},
	[ASSEMBLY_AXLE] = {"axle", "前后桥", "前后桥 Front / rear axle"},
	[ASSEMBLY_FRAME] = {"frame", "车架", "车架 Frame"},
};

const char *label_assembly_key(enum label_assembly a)
{
	return (unsigned)a < ASSEMBLY_COUNT ? assemblies[a].key : "?";
}

const char *label_assembly_title(enum label_assembly a)
{
	return (unsigned)a < ASSEMBLY_COUNT ? assemblies[a].title : "?";
}

int label_assembly_parse(const char *s, enum label_assembly *out)
{
	for (int a = 0; s && a < ASSEMBLY_COUNT; a++)
		if (strcasecmp(s, assemblies[a].key) == 0 || strcmp(s, assemblies[a].zh) == 0 ||
		    (a == ASSEMBLY_STEERING && strcmp(s, "方向机") == 0)) {
			*out = (enum label_assembly)a;
			return 0;
		}
	return -1;
}

/* ---- Media ---- */
int label_media_mm(double width_mm, double height_mm, int dpi, struct label_media *out, sy_err *err)
{
	if (dpi < 100 || dpi > 1200)
		return sy_fail(err, SY_INVALID, "dpi", _("a label printer resolution of %d dpi is not supported: use 203 or 300"),
			       dpi);
	if (!(width_mm >= 10 && width_mm <= 300 && height_mm >= 10 && height_mm <= 600))
		return sy_fail(err, SY_INVALID, "size",
			       _("a label of %gx%g mm is not supported: use 10 to 300 mm wide and 10 to 600 mm long"),
			       width_mm, height_mm);
	out->dpi = dpi;
	out->width = (int)lround(width_mm / 25.4 * dpi);
	out->height = (int)lround(height_mm / 25.4 * dpi);
	return SY_OK;
}

int label_size_parse(const char *spec, double *width_mm, double *height_mm, sy_err *err)
{
	double w, h;
	char unit[8] = "";
	int n = 0;
	if (!spec || sscanf(spec, " %lf x %lf %n", &w, &h, &n) < 2)
		goto bad;
	if (sscanf(spec + n, "%7s", unit) == 1) {
		if (strcasecmp(unit, "in") == 0) {
			w *= 25.4;
			h *= 25.4;
		} else if (strcasecmp(unit, "mm") != 0) {
			goto bad;
		}
	}
	if (!(w >= 10 && w <= 300 && h >= 10 && h <= 600))
		return sy_fail(err, SY_INVALID, "size",
			       _("a label of %gx%g mm is not supported: use 10 to 300 mm wide and 10 to 600 mm long"), w, h);
	*width_mm = w;
	*height_mm = h;
	return SY_OK;
bad:
	return sy_fail(err, SY_INVALID, "size",
		       _("label size \"%s\" not understood: write WIDTHxHEIGHT in mm (62x100) or inches (4x6in)"),
		       spec ? spec : "");
}

int label_media_parse(const char *spec, int dpi, struct label_media *out, sy_err *err)
{
	double w, h;
	int status = label_size_parse(spec, &w, &h, err);
	return status == SY_OK ? label_media_mm(w, h, dpi, out, err) : status;
}

/* ---- Field values ---- */
static const char *or_empty(const char *s) { return s ? s : ""; }

static const char *amount(double value, const char *unit, char *buf, size_t n)
{
	if (!(value > 0))
		return "";
	/* Two decimals at most, no trailing zeros: 23.5 kg, 180 kg, 0.25 L. */
	char num[32];
	snprintf(num, sizeof num, "%.2f", value);
	char *end = num + strlen(num);
	while (end[-1] == '0')
		*--end = '\0';
	if (end[-1] == '.')
		end[-1] = '\0';
	snprintf(buf, n, "%s %s", num, or_empty(unit));
	return buf;
}

static const char *vehicle_field(const struct label_vehicle *v, int field)
{
	switch (field) {
	case F_VEHICLE_TITLE: return "报废机动车 ELV tag";
	case F_STOCK_NO: return or_empty(v->stock_no);
	case F_VIN: return or_empty(v->vin);
	case F_PLATE: return or_empty(v->plate);
	case F_MAKE_MODEL: return or_empty(v->make_model);
	case F_INTAKE_DATE: return or_empty(v->intake_date);
	case F_POLICE: return v->police_supervised ? "公安监督拆解" : "";
	}
	return "";
}

static const char *part_field(const struct label_part *p, int field, char *buf, size_t n)
{
	switch (field) {
	case F_REUSE: return p->for_reuse ? "报废机动车回用件" : "";
	case F_PART_TITLE: return p->for_reuse ? "" : "配件 Part";
	case F_PART_NO: return or_empty(p->part_no);
	case F_PART_NAME: return or_empty(p->name);
	case F_GRADE: return or_empty(p->grade);
	case F_VIN: return or_empty(p->source_vin);
	case F_STOCK_NO: return or_empty(p->stock_no);
	case F_WEIGHT: return amount(p->weight_kg, "kg", buf, n);
	case F_LOCATION: return or_empty(p->location);
	case F_NOTE: return or_empty(p->note);
	case F_PART_QR: return p->qr_text && *p->qr_text ? p->qr_text : or_empty(p->part_no);
	}
	return "";
}

static const char *core_field(const struct label_core *c, int field)
{
	switch (field) {
	case F_REMAN: return "再制造用旧件";
	case F_ASSEMBLY: return label_assembly_title(c->assembly);
	case F_PART_NO: return or_empty(c->part_no);
	case F_PART_QR: return or_empty(c->part_no);
	case F_VIN: return or_empty(c->source_vin);
	case F_STOCK_NO: return or_empty(c->stock_no);
	case F_YARD: return or_empty(c->yard);
	case F_DATE: return or_empty(c->date);
	}
	return "";
}

/* "毒性、易燃性 (T, I)": the hazards named, and their letters. */
static const char *hazard_text(const char *hazard, char *buf, size_t n)
{
	enum label_hazard list[HAZARD_COUNT];
	int count = label_hazards_parse(hazard, list);
	if (!count)
		return or_empty(hazard);
	/* " (T, C)": a letter a hazard is one character, so all of them fit. */
	char letters[64] = " (";
	buf[0] = '\0';
	for (int i = 0; i < count; i++) {
		snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", i ? "、" : "", label_hazard_name(list[i]));
		snprintf(letters + strlen(letters), sizeof letters - strlen(letters), "%s%s", i ? ", " : "",
			 label_hazard_letter(list[i]));
	}
	snprintf(letters + strlen(letters), sizeof letters - strlen(letters), ")");
	size_t used = strlen(buf);
	sy_strlcpy(buf + used, letters, n - used);
	return buf;
}

static const char *waste_field(const struct label_waste *w, int field, char *buf, size_t n)
{
	switch (field) {
	case F_WASTE_TITLE: return "危险废物";
	case F_WASTE_NAME: return or_empty(w->name);
	case F_CATEGORY: return or_empty(w->category);
	case F_CODE: return or_empty(w->code);
	case F_QUANTITY: return amount(w->quantity, w->unit, buf, n);
	case F_CONTAINER: return or_empty(w->container_code);
	case F_HAZARD: return hazard_text(w->hazard, buf, n);
	case F_DATE: return or_empty(w->date);
	case F_YARD: return or_empty(w->yard);
	case F_FORM: return or_empty(w->form);
	case F_COMPONENTS: return or_empty(w->components);
	case F_HAZARDOUS: return or_empty(w->hazardous);
	case F_PRECAUTIONS: return or_empty(w->precautions);
	case F_CONTACT:
		snprintf(buf, n, "%s%s%s", or_empty(w->contact), w->contact && *w->contact && w->phone && *w->phone ? "  " : "",
			 or_empty(w->phone));
		return buf;
	}
	return "";
}

static const char *field_value(const struct label_input *in, int field, char *buf, size_t n)
{
	switch (in->kind) {
	case LABEL_VEHICLE: return vehicle_field(&in->u.vehicle, field);
	case LABEL_PART: return part_field(&in->u.part, field, buf, n);
	case LABEL_CORE: return core_field(&in->u.core, field);
	case LABEL_WASTE: return waste_field(&in->u.waste, field, buf, n);
	default: return "";
	}
}

/* The field that names the label; it must not be empty. */
static int check_required(const struct label_input *in, sy_err *err)
{
	switch (in->kind) {
	case LABEL_VEHICLE:
		if (!in->u.vehicle.stock_no || !*in->u.vehicle.stock_no)
			return sy_fail(err, SY_INVALID, "stock_no", _("the vehicle tag needs the stock number"));
		break;
	case LABEL_PART:
		if (!in->u.part.part_no || !*in->u.part.part_no)
			return sy_fail(err, SY_INVALID, "part_no", _("the part label needs the part number"));
		break;
	case LABEL_CORE:
		if (!in->u.core.part_no || !*in->u.core.part_no)
			return sy_fail(err, SY_INVALID, "part_no", _("the core label needs the part number"));
		if ((unsigned)in->u.core.assembly >= ASSEMBLY_COUNT)
			return sy_fail(err, SY_INVALID, "assembly",
				       _("the core label needs one of the five assemblies: engine, steering, "
					 "transmission, axle, frame"));
		break;
	case LABEL_WASTE:
		if (!in->u.waste.container_code || !*in->u.waste.container_code)
			return sy_fail(err, SY_INVALID, "container_code",
				       _("the hazardous waste label needs the container code"));
		break;
	default:
		return sy_fail(err, SY_INVALID, "kind", _("unknown label kind"));
	}
	return SY_OK;
}

/* ---- Rendering ---- */
struct render {
	struct bitmap *bm;
	struct label_font *font;
	double dpmm; /* dots per mm */
	int x0, y0, w, h; /* printable area inside the margin */
	const struct layout *layout;
};

static int mm(const struct render *r, double v) { return (int)lround(v * r->dpmm); }

static int grid_x(const struct render *r, int gx) { return r->x0 + (int)((long)gx * r->w / GRID); }
static int grid_y(const struct render *r, int gy) { return r->y0 + (int)((long)gy * r->h / GRID); }

/* The element's cell in dots, padded, so that neighbours never touch. */
static struct text_box cell(const struct render *r, const struct elem *e)
{
	int pad = mm(r, PAD_MM);
	int x = grid_x(r, e->x), y = grid_y(r, e->y);
	struct text_box b = {x + pad, y + pad, grid_x(r, e->x + e->w) - x - 2 * pad,
			     grid_y(r, e->y + e->h) - y - 2 * pad};
	return b;
}

static enum text_align align_of(const struct elem *e)
{
	return e->flags & EF_CENTER ? TEXT_CENTER : e->flags & EF_RIGHT ? TEXT_RIGHT : TEXT_LEFT;
}

/* Tenths of a grid row in dots. */
static int rows10(const struct render *r, int tenths) { return (int)((long)tenths * r->h / (GRID * 10)); }

static void draw_text(struct render *r, const char *text, struct text_box b, int size, int bold, int lines,
		      enum text_align align)
{
	struct text_style st = {.size = size && size < b.h ? size : b.h, .min_size = mm(r, MIN_TEXT_MM), .max_lines = lines ? lines : 1,
				.bold = bold, .align = align, .middle = 1};
	label_text_draw(r->font, r->bm, text, b, &st, NULL);
}

static void draw_field(struct render *r, const struct elem *e, const char *value)
{
	struct text_box b = cell(r, e);
	int em = rows10(r, r->layout->caption);
	int cap = em * 6 / 5 + 1; /* the face's line height is 1.18 em */
	if (cap > b.h * 2 / 5) {
		cap = b.h * 2 / 5;
		em = cap * 5 / 6;
	}
	struct text_box cb = {b.x, b.y, b.w, cap};
	struct text_style cs = {.size = em, .min_size = mm(r, MIN_CAPTION_MM), .max_lines = 1};
	label_text_draw(r->font, r->bm, e->caption, cb, &cs, NULL);
	struct text_box vb = {b.x, b.y + cap, b.w, b.h - cap};
	if (!*value && (e->flags & EF_DASH))
		value = "—";
	draw_text(r, value, vb, rows10(r, e->size), e->flags & EF_BOLD, e->lines, align_of(e));
}

/* White text on black: the text is drawn on a scratch bitmap the size of
 * the bar and punched out. */
static void draw_banner(struct render *r, const struct elem *e, const char *value)
{
	struct text_box b = cell(r, e);
	bitmap_fill(r->bm, b.x, b.y, b.w, b.h, 1);
	struct bitmap *scratch = bitmap_new(b.w, b.h, r->bm->dpi);
	if (!scratch)
		return;
	int inset = mm(r, 0.8);
	/* Boxes on the scratch bitmap, whose origin is the bar's corner. */
	struct text_box in = {inset, inset / 2, b.w - 2 * inset, b.h - inset};
	struct text_box main = in, sub = in;
	if (e->caption && in.h > mm(r, 6)) {
		main.h = in.h * 62 / 100;
		sub.y = in.y + main.h;
		sub.h = in.h - main.h;
		struct text_style ss = {.size = sub.h, .min_size = mm(r, MIN_CAPTION_MM), .max_lines = 1,
					.align = TEXT_CENTER, .middle = 1};
		label_text_draw(r->font, scratch, e->caption, sub, &ss, NULL);
	} else if (e->caption) {
		/* Too low for two lines: the subtitle follows on the same line. */
		char both[256];
		snprintf(both, sizeof both, "%s %s", value, e->caption);
		struct text_style st = {.size = in.h, .min_size = mm(r, MIN_CAPTION_MM), .max_lines = 1,
					.bold = e->flags & EF_BOLD, .align = TEXT_CENTER, .middle = 1};
		label_text_draw(r->font, scratch, both, in, &st, NULL);
		value = NULL;
	}
	if (value) {
		struct text_style st = {.size = main.h, .min_size = mm(r, MIN_CAPTION_MM), .max_lines = 1,
					.bold = e->flags & EF_BOLD, .align = TEXT_CENTER, .middle = 1};
		label_text_draw(r->font, scratch, value, main, &st, NULL);
	}
	bitmap_put_bits(r->bm, b.x, b.y, scratch->bits, scratch->stride, b.w, b.h, b.x, b.y, b.w, b.h, 0);
	bitmap_free(scratch);
}

static void draw_rule(struct render *r, const struct elem *e)
{
	int t = mm(r, RULE_MM);
	if (t < 1)
		t = 1;
	int x = grid_x(r, e->x), y = grid_y(r, e->y);
	if (e->type == E_HRULE)
		bitmap_fill(r->bm, x, y - t / 2, grid_x(r, e->x + e->w) - x, t, 1);
	else
		bitmap_fill(r->bm, x - t / 2, y + mm(r, PAD_MM), t, grid_y(r, e->y + e->h) - y - 2 * mm(r, PAD_MM), 1);
}

static int draw_elem(struct render *r, const struct label_input *in, const struct elem *e, sy_err *err)
{
	char buf[64];
	const char *value = field_value(in, e->field, buf, sizeof buf);
	switch (e->type) {
	case E_FIELD:
		draw_field(r, e, value);
		break;
	case E_TEXT:
		if (*value)
			draw_text(r, value, cell(r, e), rows10(r, e->size), e->flags & EF_BOLD, e->lines, align_of(e));
		break;
	case E_BANNER:
		if (*value)
			draw_banner(r, e, value);
		break;
	case E_CODE128:
		return label_code128(r->bm, value, cell(r, e), mm(r, BAR_MODULE_MM), e->flags & EF_CENTER, NULL, err);
	case E_QR:
		return label_qr(r->bm, value, cell(r, e), align_of(e), NULL, err);
	case E_PICTOS:
		/* The pictograms of the hazards themselves, not the text shown for them. */
		label_hazards_draw(r->bm, r->font, in->kind == LABEL_WASTE ? in->u.waste.hazard : value, cell(r, e));
		break;
	case E_HRULE:
	case E_VRULE:
		draw_rule(r, e);
		break;
	}
	return SY_OK;
}

int label_render(const struct label_input *in, const struct label_options *opt, struct bitmap **out,
		 sy_err *err)
{
	struct render r = {0};
	int status;
	*out = NULL;
	const struct label_media *m = &opt->media;
	if (m->dpi < 100 || m->width < 80 || m->height < 80)
		return sy_fail(err, SY_INVALID, "size", _("the label is too small to print on: use at least 10x10 mm"));
	status = check_required(in, err);
	if (status != SY_OK)
		return status;
	if (in->kind == LABEL_WASTE && (m->width * 25.4 / m->dpi < LABEL_WASTE_MIN_MM - 1 ||
					m->height * 25.4 / m->dpi < LABEL_WASTE_MIN_MM - 1)) {
		sy_fail(err, SY_INVALID, "size",
			_("a hazardous waste label (HJ 1276-2022) is at least %dx%d mm: load labels that large"),
			LABEL_WASTE_MIN_MM, LABEL_WASTE_MIN_MM);
		return sy_hint(err, "--size %dx%d", LABEL_WASTE_MIN_MM, LABEL_WASTE_MIN_MM);
	}
	status = label_font_open(opt->font_path, &r.font, err);
	if (status != SY_OK)
		return status;
	r.bm = bitmap_new(m->width, m->height, m->dpi);
	if (!r.bm) {
		status = sy_fail(err, SY_INVALID, "size", _("the label is too large: use at most 300x600 mm"));
		goto out;
	}
	r.dpmm = m->dpi / 25.4;
	int margin = mm(&r, MARGIN_MM);
	r.x0 = margin, r.y0 = margin, r.w = m->width - 2 * margin, r.h = m->height - 2 * margin;
	r.layout = &layouts[in->kind][m->height > m->width];
	for (size_t i = 0; i < r.layout->n && status == SY_OK; i++)
		status = draw_elem(&r, in, &r.layout->elems[i], err);
out:
	label_font_close(r.font);
	if (status != SY_OK)
		bitmap_free(r.bm);
	else
		*out = r.bm;
	return status;
}
