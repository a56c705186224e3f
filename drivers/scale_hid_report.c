/* HID POS scale reports and report descriptors, decoded without any USB. */
#include "drivers/scale_hid.h"

#include <math.h>
#include <string.h>

/* Scales that are known by id: the descriptor may not be readable while
 * usbhid holds them, and some do not announce page 0x8D at all. */
static const struct scale_hid_quirk hid_quirks[] = {
	{0x0922, 0x8003, "DYMO M10/M25", 0},
	{0x0922, 0x8004, "DYMO M25", 0},
	{0x0922, 0x8009, "DYMO S250/S180/M5", 0},
	{0x6096, 0x0158, "DYMO (Sanford) 10 lb scale", 0},
	{0x0eb8, 0xf000, "Mettler Toledo scale", 0},
	{0x0eb8, 0xf001, "Mettler Toledo scale", 0},
	{0x0eb8, 0x2200, "Mettler Toledo scale", 0},
	{0x1446, 0x6a73, "Stamps.com scale", 0},
	{0x1446, 0x6a78, "Stamps.com scale", 0},
	{0x1446, 0x6a79, "USPS DS25 scale", 0},
	{0x2474, 0x0550, "Stamps.com scale", 0},
	{0x2474, 0x3550, "Stamps.com 35 lb scale", 0},
	{0x7b7c, 0x0100, "USPS PS311 scale", 0},
	{0x0d8f, 0x0200, "Pitney Bowes 10 lb scale", 0},
	{0x0b67, 0x555e, "Fairbanks scale", 0},
};

const struct scale_hid_quirk *scale_hid_quirk(uint16_t vid, uint16_t pid)
{
	for (size_t i = 0; i < sizeof hid_quirks / sizeof *hid_quirks; i++)
		if (hid_quirks[i].vid == vid && hid_quirks[i].pid == pid)
			return &hid_quirks[i];
	return NULL;
}

const struct scale_hid_quirk *scale_hid_quirk_at(size_t i)
{
	return i < sizeof hid_quirks / sizeof *hid_quirks ? &hid_quirks[i] : NULL;
}

/* Unit codes of the HID POS usage tables (Weight Unit 0x51..0x5C). */
double scale_hid_unit_kg(int unit)
{
	static const double kg[] = {
		[1] = 1e-6,            /* milligram */
		[2] = 1e-3,            /* gram */
		[3] = 1.0,             /* kilogram */
		[4] = 0.0002,          /* carat */
		[5] = 0.05,            /* tael: the mainland 市两 of 50 g (unconfirmed which tael scales mean) */
		[6] = 0.00006479891,   /* grain */
		[7] = 0.00155517384,   /* pennyweight */
		[8] = 1000.0,          /* metric ton */
		[9] = 907.18474,       /* avoirdupois (short) ton, 2000 lb */
		[10] = 0.0311034768,   /* troy ounce */
		[11] = 0.028349523125, /* ounce */
		[12] = 0.45359237,     /* pound */
	};
	return unit >= 1 && unit <= 12 ? kg[unit] : 0.0;
}

/* Decimals worth showing in kg for a value of 10^exp units. */
static int kg_decimals(int unit, int exp)
{
	double step = pow(10.0, exp) * scale_hid_unit_kg(unit);
	int d = 0;
	while (d < 6 && step < 0.999 * pow(10.0, -d))
		d++;
	return d;
}

static enum scale_state hid_state(int status, int *ok)
{
	*ok = 1;
	switch (status) {
	case 1: return SCALE_FAULT;
	case 2: return SCALE_STABLE; /* stable at zero */
	case 3: return SCALE_MOTION;
	case 4: return SCALE_STABLE;
	case 5: return SCALE_UNDER_ZERO;
	case 6: return SCALE_OVERLOAD;
	case 7: return SCALE_NEEDS_CALIBRATION;
	case 8: return SCALE_NEEDS_REZERO;
	default: *ok = 0; return SCALE_FAULT;
	}
}

enum hid_decode scale_hid_decode(const uint8_t *r, size_t len, int weight_report_id, struct scale_reading *out)
{
	if (len < 6)
		return HID_BAD;
	int accepted = weight_report_id >= 0 ? r[0] == weight_report_id : (r[0] == 3 || r[0] == 4);
	if (!accepted)
		return HID_IGNORE;
	int ok;
	enum scale_state state = hid_state(r[1], &ok);
	double per_unit = scale_hid_unit_kg(r[2]);
	if (!ok)
		return HID_BAD;
	/* Unit 0 is no unit at all: the DYMO M5 sends it in its first report
	 * after a tare, whatever it says about the weight. Skipped, like the
	 * stale first report; a fault or a need for calibration or zeroing
	 * does not depend on a unit and still counts. */
	if (r[2] == 0 && (scale_state_has_weight(state) || state == SCALE_UNDER_ZERO || state == SCALE_OVERLOAD))
		return HID_IGNORE;
	if (per_unit == 0.0 && scale_state_has_weight(state))
		return HID_BAD;
	int exp = (int8_t)r[3];
	unsigned raw = (unsigned)r[4] | (unsigned)r[5] << 8;
	memset(out, 0, sizeof *out);
	out->state = state;
	out->protocol = "hid";
	double kg = raw * pow(10.0, exp) * per_unit;
	if (r[1] == 2)
		kg = 0.0;
	if (state == SCALE_UNDER_ZERO)
		kg = -kg;
	if (!(fabs(kg) <= SCALE_MAX_KG))
		return HID_BAD; /* an exponent no scale uses */
	out->kg = round(kg * 1e6) / 1e6;
	out->decimals = per_unit > 0.0 ? kg_decimals(r[2], exp) : 0;
	return HID_READING;
}

/* ---- report descriptor ---- */

#define HID_MAX_IDS 256
#define HID_MAX_USAGES 32

struct hid_globals {
	unsigned page, size, count, id;
};

struct hid_parser {
	struct hid_globals g;
	struct hid_globals stack[4];
	int depth;
	uint32_t usages[HID_MAX_USAGES];
	int n_usages;
	uint32_t usage_min, usage_max;
	int has_range;
	uint32_t offset[3][HID_MAX_IDS]; /* bits so far per report type (input, output, feature) and id */
};

static uint32_t item_value(const uint8_t *p, int size)
{
	uint32_t v = 0;
	for (int i = 0; i < size; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static uint32_t full_usage(const struct hid_parser *ps, uint32_t usage, int size)
{
	/* A 4-byte usage carries its own page in the upper half. */
	return size == 4 ? usage : (ps->g.page << 16 | (usage & 0xffff));
}

static uint32_t field_usage(const struct hid_parser *ps, unsigned i)
{
	if (ps->n_usages > 0)
		return ps->usages[i < (unsigned)ps->n_usages ? i : (unsigned)ps->n_usages - 1];
	if (ps->has_range) {
		uint32_t u = ps->usage_min + i;
		return u <= ps->usage_max ? u : ps->usage_max;
	}
	return 0;
}

static void main_item(struct hid_parser *ps, int tag, struct hid_report_info *out)
{
	int type = tag == 0x8 ? 0 : tag == 0x9 ? 1 : tag == 0xB ? 2 : -1;
	if (type < 0)
		return;
	unsigned id = ps->g.id < HID_MAX_IDS ? ps->g.id : 0;
	uint32_t start = ps->offset[type][id];
	unsigned count = ps->g.count > 4096 ? 4096 : ps->g.count;
	for (unsigned i = 0; i < count && i < 64; i++) {
		uint32_t u = field_usage(ps, i);
		uint32_t page = u >> 16, usage = u & 0xffff;
		if (page != HID_USAGE_PAGE_SCALE)
			continue;
		if (type == 0 && usage == HID_USAGE_DATA_WEIGHT && out->weight_report_id < 0)
			out->weight_report_id = (int)id;
		if (type != 0 && usage == HID_USAGE_ZERO_SCALE && !out->zero_found) {
			out->zero_found = 1;
			out->zero_report_type = type == 1 ? 2 : 3;
			out->zero_report_id = (int)id;
			out->zero_bit = (int)(start + i * ps->g.size);
			out->zero_bits = (int)(ps->g.size ? ps->g.size : 1);
		}
	}
	uint64_t end = (uint64_t)start + (uint64_t)ps->g.size * ps->g.count;
	ps->offset[type][id] = end > 0xffffff ? 0xffffff : (uint32_t)end;
}

static void global_item(struct hid_parser *ps, int tag, uint32_t v, struct hid_report_info *out)
{
	switch (tag) {
	case 0x0:
		ps->g.page = v & 0xffff;
		if (ps->g.page == HID_USAGE_PAGE_SCALE)
			out->is_scale = 1;
		break;
	case 0x7: ps->g.size = v > 64 ? 64 : v; break;
	case 0x8: ps->g.id = v; break;
	case 0x9: ps->g.count = v; break;
	case 0xA:
		if (ps->depth < 4)
			ps->stack[ps->depth++] = ps->g;
		break;
	case 0xB:
		if (ps->depth > 0)
			ps->g = ps->stack[--ps->depth];
		break;
	}
}

static void local_item(struct hid_parser *ps, int tag, uint32_t v, int size, struct hid_report_info *out)
{
	uint32_t u = full_usage(ps, v, size);
	if ((u >> 16) == HID_USAGE_PAGE_SCALE)
		out->is_scale = 1;
	switch (tag) {
	case 0x0:
		if (ps->n_usages < HID_MAX_USAGES)
			ps->usages[ps->n_usages++] = u;
		break;
	case 0x1: ps->usage_min = u; ps->has_range = 1; break;
	case 0x2: ps->usage_max = u; ps->has_range = 1; break;
	}
}

void scale_hid_parse_descriptor(const uint8_t *desc, size_t len, struct hid_report_info *out)
{
	struct hid_parser ps; /* 3 KB of offsets: fine on the stack */
	memset(out, 0, sizeof *out);
	memset(&ps, 0, sizeof ps);
	out->weight_report_id = -1;
	size_t i = 0;
	while (i < len) {
		uint8_t b = desc[i];
		if (b == 0xFE) { /* long item: 0xFE size tag data */
			if (i + 1 >= len)
				break;
			i += 3 + (size_t)desc[i + 1];
			continue;
		}
		int size = (b & 3) == 3 ? 4 : (b & 3);
		int type = (b >> 2) & 3, tag = b >> 4;
		if (i + 1 + (size_t)size > len)
			break;
		uint32_t v = item_value(desc + i + 1, size);
		if (type == 0) {
			main_item(&ps, tag, out);
			ps.n_usages = 0;
			ps.has_range = 0;
		} else if (type == 1) {
			global_item(&ps, tag, v, out);
		} else if (type == 2) {
			local_item(&ps, tag, v, size, out);
		}
		i += 1 + (size_t)size;
	}
	if (out->zero_found) {
		unsigned id = (unsigned)out->zero_report_id;
		int type = out->zero_report_type == 2 ? 1 : 2;
		out->zero_report_len = (int)((ps.offset[type][id] + 7) / 8);
	}
}

size_t scale_hid_zero_report(const struct hid_report_info *info, uint8_t *buf, size_t size)
{
	if (!info->zero_found)
		return 0;
	size_t head = info->zero_report_id ? 1 : 0;
	size_t len = head + (size_t)info->zero_report_len;
	if (len > size || info->zero_bit < 0 || (size_t)info->zero_bit / 8 >= (size_t)info->zero_report_len)
		return 0;
	memset(buf, 0, len);
	if (head)
		buf[0] = (uint8_t)info->zero_report_id;
	/* Value 1 in the Zero Scale field: its lowest bit. */
	buf[head + (size_t)info->zero_bit / 8] |= (uint8_t)(1u << (info->zero_bit % 8));
	return len;
}
