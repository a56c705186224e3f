/* HID POS scale reports and report descriptors, as byte vectors. */
#include "tests/check.h"

#include "drivers/scale_hid.h"

static struct scale_reading r;

static enum hid_decode decode(const uint8_t *rep, size_t n)
{
	memset(&r, 0x55, sizeof r);
	return scale_hid_decode(rep, n, -1, &r);
}

#define REPORT(...) ((const uint8_t[]){__VA_ARGS__}), sizeof((const uint8_t[]){__VA_ARGS__})

static void test_units(void)
{
	/* 1000 g stable: a DYMO in metric mode */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x02, 0x00, 0xE8, 0x03)), HID_READING);
	CHECK_INT(r.state, SCALE_STABLE);
	CHECK_NEAR(r.kg, 1.0, 1e-9);
	CHECK_INT(r.decimals, 3);
	CHECK_STR(r.protocol, "hid");
	/* 1.0 oz with exponent -1 */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x0B, 0xFF, 0x0A, 0x00)), HID_READING);
	CHECK_NEAR(r.kg, 0.028350, 1e-6);
	/* 3.00 lb with exponent -2 */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x0C, 0xFE, 0x2C, 0x01)), HID_READING);
	CHECK_NEAR(r.kg, 1.360777, 1e-6);
	/* 12.345 kg: kg with exponent -3, weight little-endian (0x3039) */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x03, 0xFD, 0x39, 0x30)), HID_READING);
	CHECK_NEAR(r.kg, 12.345, 1e-9);
	CHECK_INT(r.decimals, 3);
	/* 250 g as 25 x 10^1 g: the exponent can be positive */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x02, 0x01, 0x19, 0x00)), HID_READING);
	CHECK_NEAR(r.kg, 0.25, 1e-9);
	CHECK_INT(r.decimals, 2);
	/* 2 metric tons */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x08, 0x00, 0x02, 0x00)), HID_READING);
	CHECK_NEAR(r.kg, 2000.0, 1e-9);
	for (int u = 1; u <= 12; u++)
		CHECK_MSG(scale_hid_unit_kg(u) > 0.0, "every HID unit converts to kg");
	CHECK(scale_hid_unit_kg(0) == 0.0);
	CHECK(scale_hid_unit_kg(13) == 0.0);
	CHECK_NEAR(scale_hid_unit_kg(12), 0.45359237, 1e-12);
	CHECK_NEAR(scale_hid_unit_kg(10), 0.0311034768, 1e-12);
}

static void test_states(void)
{
	static const struct {
		uint8_t status;
		enum scale_state state;
	} cases[] = {
		{1, SCALE_FAULT}, {2, SCALE_STABLE}, {3, SCALE_MOTION}, {4, SCALE_STABLE}, {5, SCALE_UNDER_ZERO},
		{6, SCALE_OVERLOAD}, {7, SCALE_NEEDS_CALIBRATION}, {8, SCALE_NEEDS_REZERO},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const uint8_t rep[6] = {0x03, cases[i].status, 0x02, 0x00, 0x10, 0x00};
		CHECK_INT(decode(rep, sizeof rep), HID_READING);
		CHECK_INT(r.state, cases[i].state);
	}
	/* stable at zero is a zero weight whatever the raw field says */
	CHECK_INT(decode(REPORT(0x03, 0x02, 0x02, 0x00, 0x05, 0x00)), HID_READING);
	CHECK_NEAR(r.kg, 0.0, 1e-12);
	/* under zero carries a negative magnitude */
	CHECK_INT(decode(REPORT(0x03, 0x05, 0x02, 0x00, 0x0A, 0x00)), HID_READING);
	CHECK(r.kg < 0);
	CHECK(!scale_state_has_weight(SCALE_UNDER_ZERO));
	CHECK(!scale_state_has_weight(SCALE_OVERLOAD));
	CHECK(scale_state_has_weight(SCALE_MOTION));
	/* a fault may come without a unit */
	CHECK_INT(decode(REPORT(0x03, 0x01, 0x00, 0x00, 0x00, 0x00)), HID_READING);
	CHECK_INT(r.state, SCALE_FAULT);
}

static void test_rejects(void)
{
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x02, 0x00, 0x10)), HID_BAD);                 /* short */
	CHECK_INT(decode(REPORT(0x03, 0x09, 0x02, 0x00, 0x10, 0x00)), HID_BAD);           /* unknown status */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x0D, 0x00, 0x10, 0x00)), HID_BAD);           /* unknown unit */
	/* Unit 0 (the DYMO M5 after a tare) is skipped whatever its status says. */
	CHECK_INT(decode(REPORT(0x03, 0x04, 0x00, 0x00, 0x10, 0x00)), HID_IGNORE);
	CHECK_INT(decode(REPORT(0x03, 0x02, 0x00, 0x00, 0x00, 0x00)), HID_IGNORE);
	CHECK_INT(decode(REPORT(0x03, 0x05, 0x00, 0xFE, 0x00, 0x00)), HID_IGNORE);
	CHECK_INT(decode(REPORT(0x03, 0x06, 0x00, 0x00, 0x00, 0x00)), HID_IGNORE);
	CHECK_INT(decode(REPORT(0x03, 0x07, 0x00, 0x00, 0x00, 0x00)), HID_READING); /* calibration: still counts */
	CHECK_INT(decode(REPORT(0x05, 0x04, 0x02, 0x00, 0x10, 0x00)), HID_IGNORE);        /* another report */
	CHECK_INT(decode(REPORT(0x04, 0x04, 0x02, 0x00, 0x10, 0x00, 0x00, 0x00)), HID_READING); /* id 4, longer */
	CHECK_INT(scale_hid_decode(REPORT(0x05, 0x04, 0x02, 0x00, 0x10, 0x00), 5, &r), HID_READING);
	CHECK_INT(scale_hid_decode(REPORT(0x03, 0x04, 0x02, 0x00, 0x10, 0x00), 5, &r), HID_IGNORE);
}

/* A scale descriptor in the shape of the HID POS usage tables: a data
 * report (id 3) and a control report (id 2) with Zero Scale in bit 0. */
static const uint8_t scale_desc[] = {
	0x05, 0x8D, 0x09, 0x20, 0xA1, 0x01,             /* page Scale, Scale Class, Collection (Application) */
	0x85, 0x03, 0x09, 0x32, 0xA1, 0x02,             /* Report ID 3, Scale Data Report, Collection (Logical) */
	0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x01,
	0x09, 0x70, 0x81, 0x02,                         /* Scale Status: Input */
	0x09, 0x50, 0x81, 0x02,                         /* Weight Unit: Input */
	0x09, 0x41, 0x81, 0x02,                         /* Data Scaling: Input */
	0x75, 0x10, 0x09, 0x40, 0x81, 0x02,             /* Data Weight, 16 bits: Input */
	0xC0,
	0x85, 0x02, 0x09, 0x31, 0xA1, 0x02,             /* Report ID 2, Scale Control Report */
	0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01,
	0x09, 0x80, 0x91, 0x02,                         /* Zero Scale: Output */
	0x09, 0x81, 0x91, 0x02,                         /* Enforced Zero Return: Output */
	0x75, 0x06, 0x91, 0x03,                         /* padding */
	0xC0, 0xC0,
};

static void test_descriptor(void)
{
	struct hid_report_info info;
	uint8_t buf[16];
	scale_hid_parse_descriptor(scale_desc, sizeof scale_desc, &info);
	CHECK(info.is_scale);
	CHECK_INT(info.weight_report_id, 3);
	CHECK(info.zero_found);
	CHECK_INT(info.zero_report_type, 2);
	CHECK_INT(info.zero_report_id, 2);
	CHECK_INT(info.zero_bit, 0);
	CHECK_INT(info.zero_report_len, 1);
	CHECK_INT(scale_hid_zero_report(&info, buf, sizeof buf), 2);
	CHECK(buf[0] == 0x02 && buf[1] == 0x01);
	CHECK_INT(scale_hid_zero_report(&info, buf, 1), 0); /* buffer too small */

	/* The same control as a Feature report, after a byte of other bits. */
	uint8_t feature[sizeof scale_desc + 8];
	size_t n = 0;
	const uint8_t head[] = {0x05, 0x8D, 0xA1, 0x01, 0x85, 0x07, 0x75, 0x08, 0x95, 0x01, 0x09, 0x99, 0xB1, 0x02,
				0x75, 0x01, 0x0B, 0x80, 0x00, 0x8D, 0x00, 0xB1, 0x02, 0x75, 0x07, 0xB1, 0x03, 0xC0};
	memcpy(feature, head, sizeof head);
	n = sizeof head;
	scale_hid_parse_descriptor(feature, n, &info);
	CHECK(info.zero_found);
	CHECK_INT(info.zero_report_type, 3);
	CHECK_INT(info.zero_report_id, 7);
	CHECK_INT(info.zero_bit, 8);
	CHECK_INT(info.zero_report_len, 2);
	CHECK_INT(scale_hid_zero_report(&info, buf, sizeof buf), 3);
	CHECK(buf[0] == 0x07 && buf[1] == 0x00 && buf[2] == 0x01);

	/* A keyboard is not a scale and has no zero. */
	const uint8_t keyboard[] = {0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7,
				    0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0};
	scale_hid_parse_descriptor(keyboard, sizeof keyboard, &info);
	CHECK(!info.is_scale);
	CHECK(!info.zero_found);
	CHECK_INT(info.weight_report_id, -1);
	CHECK_INT(scale_hid_zero_report(&info, buf, sizeof buf), 0);

	/* Every truncation parses without reading past the end. */
	int scale_seen = 0;
	for (size_t len = 0; len <= sizeof scale_desc; len++) {
		scale_hid_parse_descriptor(scale_desc, len, &info);
		scale_seen += info.is_scale;
	}
	CHECK_INT(scale_seen, (int)sizeof scale_desc - 1);
}

static void test_quirks(void)
{
	const struct scale_hid_quirk *q = scale_hid_quirk(0x0922, 0x8003);
	CHECK(q != NULL);
	CHECK_STR(q ? q->name : NULL, "DYMO M10/M25");
	q = scale_hid_quirk(0x0922, 0x8009);
	CHECK_STR(q ? q->name : NULL, "DYMO S250/S180/M5");
	/* Scales known by id whose descriptor may hide page 0x8D. */
	static const uint16_t ids[][2] = {{0x2474, 0x3550}, {0x1446, 0x6a78}, {0x1446, 0x6a79}, {0x7b7c, 0x0100},
					  {0x6096, 0x0158}, {0x0d8f, 0x0200}, {0x0eb8, 0x2200}};
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		char name[48];
		snprintf(name, sizeof name, "quirk table knows %04x:%04x", ids[i][0], ids[i][1]);
		CHECK_MSG(scale_hid_quirk(ids[i][0], ids[i][1]) != NULL, name);
	}
	CHECK(scale_hid_quirk(0x0eb8, 0xf000) != NULL);
	CHECK(scale_hid_quirk(0x0b67, 0x555e) != NULL);
	CHECK(scale_hid_quirk(0x1234, 0x5678) == NULL);
}

int main(void)
{
	test_units();
	test_states();
	test_rejects();
	test_descriptor();
	test_quirks();
	return CHECK_DONE();
}
