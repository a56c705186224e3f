/* USB HID point-of-sale scales (usage page 0x8D): the pure parts. Reports
 * and report descriptors in, structs out; no USB here (see scale_hid.c). */
#ifndef SY_SCALE_HID_H
#define SY_SCALE_HID_H
#include <stddef.h>
#include <stdint.h>

#include "drivers/scale.h"

#define HID_USAGE_PAGE_SCALE 0x8D
#define HID_USAGE_DATA_WEIGHT 0x40
#define HID_USAGE_ZERO_SCALE 0x80

enum hid_decode {
	HID_READING = 0, /* *out holds a reading */
	HID_IGNORE,      /* a report that carries no weight (another report id, unit 0) */
	HID_BAD,         /* too short, unknown status or unit */
};

/* What the report descriptor says: whether it is a scale, which input report
 * carries the weight, and where the Zero Scale control is, if anywhere. */
struct hid_report_info {
	int is_scale;          /* uses usage page 0x8D */
	int weight_report_id;  /* input report with Data Weight, -1 when not found */
	int zero_found;
	int zero_report_type;  /* 2 output, 3 feature (HID SET_REPORT report types) */
	int zero_report_id;    /* 0 when the device uses no report ids */
	int zero_bit;          /* bit offset in the report data (after the id byte) */
	int zero_bits;         /* field size */
	int zero_report_len;   /* bytes of report data (without the id byte) */
};

/* A scale worth knowing by id: one that hides page 0x8D or needs a quirk. */
struct scale_hid_quirk {
	uint16_t vid, pid;
	const char *name;
	int report_id; /* weight report id when not 3 or 4, else 0 */
};

/* Decode one input report (6 bytes or more). weight_report_id < 0 accepts 3 and 4. */
enum hid_decode scale_hid_decode(const uint8_t *report, size_t len, int weight_report_id, struct scale_reading *out);
/* Kilograms per unit for the HID unit codes 1..12, 0 for an unknown code. */
double scale_hid_unit_kg(int unit);
/* Parse a report descriptor; never reads past len. */
void scale_hid_parse_descriptor(const uint8_t *desc, size_t len, struct hid_report_info *out);
/* Build the report that sets Zero Scale: returns its length including the
 * report id byte when there is one, or 0 when the descriptor had none. */
size_t scale_hid_zero_report(const struct hid_report_info *info, uint8_t *buf, size_t size);
/* The quirk entry for vid:pid, or NULL. */
const struct scale_hid_quirk *scale_hid_quirk(uint16_t vid, uint16_t pid);
/* The i-th entry of the quirk table, NULL past its end. */
const struct scale_hid_quirk *scale_hid_quirk_at(size_t i);

#endif
