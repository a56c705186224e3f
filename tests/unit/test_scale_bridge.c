#include <stdlib.h>
/* USB-serial bridge chips: baud divisors and set-up sequences as byte
 * values, status-byte stripping, the id tables; and the USB permission
 * advice. */
#include "tests/check.h"

#include "drivers/scale_hid.h"
#include "drivers/serial.h"

static struct serial_line line_8n1(int baud)
{
	struct serial_line l;
	serial_line_default(&l);
	l.baud = baud;
	return l;
}

/* Find the step with this request in a set-up sequence. */
static const struct serial_ctrl *step(const struct serial_setup *s, uint8_t type, uint8_t request, int nth)
{
	for (int i = 0; i < s->n; i++)
		if (s->step[i].type == type && s->step[i].request == request && nth-- == 0)
			return &s->step[i];
	return NULL;
}

static void test_ch341(void)
{
	uint16_t v;
	/* Values the chip's documentation and drivers agree on. */
	CHECK(serial_ch341_divisor(9600, &v) == 0 && v == 0xB202);
	CHECK(serial_ch341_divisor(115200, &v) == 0 && v == 0xCC03);
	CHECK(serial_ch341_divisor(4800, &v) == 0 && v == 0x6402);
	CHECK(serial_ch341_divisor(0, &v) != 0);

	struct serial_setup s;
	struct serial_line l = line_8n1(9600);
	CHECK_INT(serial_chip_ch341.setup(&l, 0, 0x31, &s), 0);
	const struct serial_ctrl *c = step(&s, 0x40, 0xA1, 0);
	CHECK_MSG(c && c == &s.step[0], "ch341: serial init first");
	c = step(&s, 0x40, 0x9A, 0);
	CHECK_MSG(c && c->value == 0x1312 && c->index == 0xB282, "ch341: baud registers, bit 7 set on version 0x31");
	c = step(&s, 0x40, 0x9A, 1);
	CHECK_MSG(c && c->value == 0x2518 && c->index == 0xC3, "ch341: line control 8N1 = 0xC3");
	c = step(&s, 0x40, 0xA4, 0);
	CHECK_MSG(c && c->value == 0x9F, "ch341: DTR and RTS raised (inverted bits)");

	/* An old chip: no bit 7, no line control register. */
	CHECK_INT(serial_chip_ch341.setup(&l, 0, 0x20, &s), 0);
	c = step(&s, 0x40, 0x9A, 0);
	CHECK_MSG(c && c->index == 0xB202, "ch341 v0x20: plain divisor");
	CHECK_MSG(step(&s, 0x40, 0x9A, 1) == NULL, "ch341 v0x20: no line control write");

	/* 7E1 and 2 stop bits. */
	l.data_bits = 7;
	l.parity = 'E';
	CHECK_INT(serial_chip_ch341.setup(&l, 0, 0x31, &s), 0);
	c = step(&s, 0x40, 0x9A, 1);
	CHECK_MSG(c && c->index == 0xDA, "ch341: 7E1 = 0xDA");
	l = line_8n1(9600);
	l.stop_bits = 2;
	l.parity = 'O';
	CHECK_INT(serial_chip_ch341.setup(&l, 0, 0x31, &s), 0);
	c = step(&s, 0x40, 0x9A, 1);
	CHECK_MSG(c && c->index == 0xCF, "ch341: 8O2 = 0xCF");
	CHECK(serial_chip_ch341.version_request && serial_chip_ch341.version_request->request == 0x5F);
}

static void test_cp210x(void)
{
	struct serial_setup s;
	struct serial_line l = line_8n1(9600);
	CHECK_INT(serial_chip_cp210x.setup(&l, 0, 0, &s), 0);
	CHECK_INT(s.n, 5);
	CHECK(s.step[0].type == 0x41 && s.step[0].request == 0x00 && s.step[0].value == 1);
	const struct serial_ctrl *c = step(&s, 0x41, 0x1E, 0);
	CHECK_MSG(c && c->len == 4 && c->data[0] == 0x80 && c->data[1] == 0x25 && c->data[2] == 0 && c->data[3] == 0,
		  "cp210x: 9600 as 32-bit little-endian");
	c = step(&s, 0x41, 0x03, 0);
	CHECK_MSG(c && c->value == 0x0800, "cp210x: line control 8N1 = 0x0800");
	l.parity = 'E';
	l.data_bits = 7;
	CHECK_INT(serial_chip_cp210x.setup(&l, 2, 0, &s), 0);
	c = step(&s, 0x41, 0x03, 0);
	CHECK_MSG(c && c->value == 0x0720 && c->index == 2, "cp210x: 7E1 = 0x0720 on interface 2");
	CHECK(step(&s, 0x41, 0x07, 0) && step(&s, 0x41, 0x12, 0));
}

static void test_pl2303(void)
{
	struct serial_setup s;
	struct serial_line l = line_8n1(19200);
	CHECK_INT(serial_chip_pl2303.setup(&l, 0, 0, &s), 0);
	CHECK(s.step[0].type == 0xC0 && s.step[0].request == 0x01 && s.step[0].value == 0x8484);
	const struct serial_ctrl *c = step(&s, 0x21, 0x20, 0);
	static const uint8_t coding[7] = {0x00, 0x4B, 0x00, 0x00, 0, 0, 8};
	CHECK_MSG(c && c->len == 7 && memcmp(c->data, coding, 7) == 0, "pl2303: line coding 19200 8N1");
	c = step(&s, 0x21, 0x22, 0);
	CHECK_MSG(c && c->value == 0x03, "pl2303: DTR and RTS");
	CHECK_MSG(step(&s, 0x40, 0x01, 0) != NULL, "pl2303: vendor writes of the init sequence");
}

static void test_ftdi(void)
{
	uint16_t v, idx;
	CHECK(serial_ftdi_divisor(9600, &v, &idx) == 0 && v == 0x4138 && idx == 0);
	CHECK(serial_ftdi_divisor(19200, &v, &idx) == 0 && v == 0x809C && idx == 0);
	CHECK(serial_ftdi_divisor(115200, &v, &idx) == 0 && v == 0x001A && idx == 0);
	CHECK(serial_ftdi_divisor(0, &v, &idx) != 0);

	struct serial_setup s;
	struct serial_line l = line_8n1(9600);
	CHECK_INT(serial_chip_ftdi.setup(&l, 0, 0, &s), 0);
	CHECK(s.step[0].type == 0x40 && s.step[0].request == 0 && s.step[0].value == 0);
	const struct serial_ctrl *c = step(&s, 0x40, 3, 0);
	CHECK_MSG(c && c->value == 0x4138, "ftdi: baud divisor request");
	c = step(&s, 0x40, 4, 0);
	CHECK_MSG(c && c->value == 0x0008, "ftdi: data format 8N1");
	l.parity = 'E';
	l.data_bits = 7;
	l.stop_bits = 2;
	CHECK_INT(serial_chip_ftdi.setup(&l, 0, 0, &s), 0);
	c = step(&s, 0x40, 4, 0);
	CHECK_MSG(c && c->value == 0x1207, "ftdi: data format 7E2");
	CHECK_INT(serial_chip_ftdi.status_bytes, 2);

	/* Two status bytes at the start of every packet go. */
	uint8_t buf[] = {0x01, 0x60, 'S', 'T', 0x01, 0x60, ',', 'G'};
	CHECK_INT(serial_strip_status(buf, sizeof buf, 4, 2), 4);
	CHECK(memcmp(buf, "ST,G", 4) == 0);
	uint8_t only_status[] = {0x01, 0x60};
	CHECK_INT(serial_strip_status(only_status, 2, 64, 2), 0);
	uint8_t plain[] = {'a', 'b'};
	CHECK_INT(serial_strip_status(plain, 2, 64, 0), 2);
}

static void test_ids(void)
{
	CHECK(serial_chip_find(0x1a86, 0x7523) == &serial_chip_ch341);
	CHECK(serial_chip_find(0x1a86, 0x5523) == &serial_chip_ch341);
	CHECK(serial_chip_find(0x10c4, 0xea60) == &serial_chip_cp210x);
	CHECK(serial_chip_find(0x067b, 0x2303) == &serial_chip_pl2303);
	CHECK(serial_chip_find(0x0403, 0x6001) == &serial_chip_ftdi);
	CHECK(serial_chip_find(0x0922, 0x8003) == NULL);
	struct serial_line l = line_8n1(9600);
	sy_err err = {0};
	CHECK_INT(serial_line_check(&l, &err), SY_OK);
	l.baud = 7777;
	CHECK_INT(serial_line_check(&l, &err), SY_INVALID);
	CHECK(strstr(err.msg, "7777") != NULL);
	l.baud = 9600;
	l.parity = 'M';
	CHECK_INT(serial_line_check(&l, &err), SY_INVALID);
}

static void test_access_advice(void)
{
	struct usb_access_facts f = {0};
	sy_err err = {0};
	const char *msg = err.msg;
	CHECK_INT(usb_access_advice(0x0922, 0x8003, &f, &err), SY_ENV);
	CHECK(strcmp(msg, "permission denied on USB device 0922:8003: install udev/60-scrapyard.rules (make install) "
			  "and add your user to group scrapyard") == 0);
	f.user_in_group = 1;
	f.group_exists = 1;
	usb_access_advice(0x0922, 0x8003, &f, &err);
	CHECK(strstr(msg, "install udev/60-scrapyard.rules (make install), then plug") != NULL);
	f = (struct usb_access_facts){.rules_installed = 1, .group_exists = 1, .user_in_group = 1};
	snprintf(f.rules_path, sizeof f.rules_path, "/lib/udev/rules.d/60-scrapyard.rules");
	usb_access_advice(0x1234, 0x5678, &f, &err);
	CHECK(strstr(msg, "/lib/udev/rules.d/60-scrapyard.rules has no line for 1234:5678") != NULL);
	f.rules_list_device = 1;
	f.group_exists = 0;
	f.user_in_group = 0;
	usb_access_advice(0x1234, 0x5678, &f, &err);
	CHECK(strstr(msg, "create group scrapyard") != NULL);
	f.group_exists = 1;
	usb_access_advice(0x1234, 0x5678, &f, &err);
	CHECK(strstr(msg, "add your user to group scrapyard (usermod") != NULL);
	f.user_in_group = 1;
	usb_access_advice(0x1234, 0x5678, &f, &err);
	CHECK(strstr(msg, "udevadm trigger") != NULL);

	struct usb_info info = {.vid = 0x1a86, .pid = 0x7523};
	CHECK_INT(usb_fail(LIBUSB_ERROR_NO_DEVICE, &info, &err), SY_ENV);
	CHECK(strstr(msg, "1a86:7523 was unplugged") != NULL);
	usb_fail(LIBUSB_ERROR_BUSY, &info, &err);
	CHECK(strstr(msg, "in use by another program") != NULL);
	usb_fail(LIBUSB_ERROR_PIPE, &info, &err);
	CHECK(strstr(msg, "endpoint stalled") != NULL);
	usb_fail(LIBUSB_ERROR_OTHER, &info, &err);
	CHECK(strstr(msg, "failed to communicate") != NULL);
}

/* Every id the drivers know has its line in the udev rules, and nothing else does. */
static void test_rules(void)
{
	const char *rules = "udev/60-scrapyard.rules";
	char name[64];
	int ids = 0;
	for (int c = 0; serial_chips[c]; c++)
		for (int i = 0; serial_chips[c]->ids[i][0]; i++, ids++) {
			snprintf(name, sizeof name, "rules give access to bridge %04x:%04x", serial_chips[c]->ids[i][0],
				 serial_chips[c]->ids[i][1]);
			CHECK_MSG(usb_rules_list_device(rules, serial_chips[c]->ids[i][0], serial_chips[c]->ids[i][1]), name);
		}
	const struct scale_hid_quirk *q;
	for (size_t i = 0; (q = scale_hid_quirk_at(i)); i++, ids++) {
		snprintf(name, sizeof name, "rules give access to scale %04x:%04x", q->vid, q->pid);
		CHECK_MSG(usb_rules_list_device(rules, q->vid, q->pid), name);
	}
	CHECK(ids >= 25);
	/* Scales whose access was denied for want of a line. */
	static const uint16_t scales[][2] = {{0x2474, 0x3550}, {0x1446, 0x6a78}, {0x1446, 0x6a79}, {0x7b7c, 0x0100},
					     {0x6096, 0x0158}, {0x0d8f, 0x0200}, {0x0eb8, 0x2200}};
	for (size_t i = 0; i < sizeof scales / sizeof *scales; i++) {
		snprintf(name, sizeof name, "rules give access to scale %04x:%04x", scales[i][0], scales[i][1]);
		CHECK_MSG(usb_rules_list_device(rules, scales[i][0], scales[i][1]), name);
	}
	CHECK(!usb_rules_list_device(rules, 0x1234, 0x5678));
	/* The forms a rule takes: alternatives, a whole vendor, upper case, comments. */
	char tmp[] = "/tmp/sy-test-rules.XXXXXX";
	int fd = mkstemp(tmp);
	FILE *w = fd >= 0 ? fdopen(fd, "w") : NULL;
	CHECK(w != NULL);
	if (w) {
		fputs("# ATTR{idVendor}==\"abcd\", ATTR{idProduct}==\"0001\"\n"
		      "SUBSYSTEM==\"tty\", ATTRS{idVendor}==\"1A86\", ATTRS{idProduct}==\"7523|5523\", TAG+=\"uaccess\"\n"
		      "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"0a5f\", TAG+=\"uaccess\"\n"
		      "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"04f9\", ATTR{idProduct}==\"20*\", TAG+=\"uaccess\"\n", w);
		fclose(w);
	}
	CHECK(usb_rules_list_device(tmp, 0x1a86, 0x5523));
	CHECK(!usb_rules_list_device(tmp, 0x1a86, 0x5524));
	CHECK(usb_rules_list_device(tmp, 0x0a5f, 0x0164));
	CHECK(usb_rules_list_device(tmp, 0x04f9, 0x2042));
	CHECK(!usb_rules_list_device(tmp, 0x04f9, 0x3042));
	CHECK(!usb_rules_list_device(tmp, 0xabcd, 0x0001));
	remove(tmp);
	CHECK(!usb_rules_list_device("/nonexistent/60-scrapyard.rules", 0x0922, 0x8003));
	FILE *f = fopen(rules, "r");
	char line[512];
	int uaccess = 0, group = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		uaccess += strstr(line, "TAG+=\"uaccess\"") != NULL;
		group += strstr(line, "GROUP=\"scrapyard\"") != NULL;
	}
	if (f)
		fclose(f);
	CHECK(uaccess >= ids);
	CHECK(group >= ids);
}

int main(void)
{
	test_ch341();
	test_cp210x();
	test_pl2303();
	test_ftdi();
	test_ids();
	test_access_advice();
	test_rules();
	return CHECK_DONE();
}
