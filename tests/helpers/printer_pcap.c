/* Write a usbmon capture (pcap, DLT_USB_LINUX_MMAPPED) from a readable
 * script, for umockdev-run --pcap: the one replay format of umockdev 0.17
 * that carries the data of control IN transfers (GET_DEVICE_ID,
 * GET_PORT_STATUS). Independent of the printer code on purpose.
 *
 *   printer_pcap BUS DEVICE SCRIPT OUT.pcap
 *
 * Script lines ('#' starts a comment):
 *   control-in REQTYPE REQUEST VALUE INDEX LENGTH REPLYHEX
 *   bulk-out EP HEX
 *   bulk-in EP LENGTH REPLYHEX
 * Numbers in C notation (0xA1, 130). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct usbmon {
	uint64_t id;
	uint8_t type, xfer, epnum, devnum;
	uint16_t busnum;
	int8_t flag_setup, flag_data;
	int64_t ts_sec;
	int32_t ts_usec, status;
	uint32_t length, len_cap;
	uint8_t setup[8];
	int32_t interval, start_frame;
	uint32_t xfer_flags, ndesc;
};

_Static_assert(sizeof(struct usbmon) == 64, "usbmon header is 64 bytes");

static FILE *out;
static unsigned bus, dev, seq;

static void record(uint64_t id, char type, int xfer, int ep, uint32_t length, const uint8_t *setup,
		   const uint8_t *data, uint32_t n)
{
	struct usbmon h;
	memset(&h, 0, sizeof h);
	h.id = id;
	h.type = (uint8_t)type;
	h.xfer = (uint8_t)xfer;
	h.epnum = (uint8_t)ep;
	h.devnum = (uint8_t)dev;
	h.busnum = (uint16_t)bus;
	h.flag_setup = setup ? 0 : '-';
	h.flag_data = n ? 0 : '<';
	h.ts_usec = (int32_t)(seq * 1000);
	h.length = length;
	h.len_cap = n;
	if (setup)
		memcpy(h.setup, setup, 8);
	uint32_t rec[4] = {0, seq * 1000, (uint32_t)sizeof h + n, (uint32_t)sizeof h + n};
	seq++;
	fwrite(rec, sizeof rec, 1, out);
	fwrite(&h, sizeof h, 1, out);
	if (n)
		fwrite(data, 1, n, out);
}

static uint32_t unhex(const char *s, uint8_t *buf, size_t size)
{
	uint32_t n = 0;
	for (; s && s[0] && s[1] && n < size; s += 2) {
		unsigned v;
		if (sscanf(s, "%2x", &v) != 1)
			break;
		buf[n++] = (uint8_t)v;
	}
	return n;
}

int main(int argc, char **argv)
{
	static uint8_t data[1 << 16];
	char line[1 << 17], hex[1 << 17];
	if (argc != 5) {
		fprintf(stderr, "usage: printer_pcap BUS DEVICE SCRIPT OUT.pcap\n");
		return 2;
	}
	bus = (unsigned)strtoul(argv[1], NULL, 0);
	dev = (unsigned)strtoul(argv[2], NULL, 0);
	FILE *in = fopen(argv[3], "r");
	out = fopen(argv[4], "wb");
	if (!in || !out) {
		perror("printer_pcap");
		return 2;
	}
	uint32_t global[6] = {0xa1b2c3d4, 2 | 4u << 16, 0, 0, 65535, 220};
	fwrite(global, sizeof global, 1, out);
	uint64_t id = 0x1000;
	while (fgets(line, sizeof line, in)) {
		unsigned a, b, c, d, e;
		hex[0] = '\0';
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "control-in %i %i %i %i %i %s", &a, &b, &c, &d, &e, hex) >= 5) {
			uint8_t setup[8] = {(uint8_t)a, (uint8_t)b, (uint8_t)c, (uint8_t)(c >> 8),
					    (uint8_t)d, (uint8_t)(d >> 8), (uint8_t)e, (uint8_t)(e >> 8)};
			uint32_t n = unhex(hex, data, sizeof data);
			record(id, 'S', 2, 0, e, setup, NULL, 0);
			record(id, 'C', 2, 0, n, NULL, data, n);
		} else if (sscanf(line, "bulk-out %i %s", &a, hex) == 2) {
			uint32_t n = unhex(hex, data, sizeof data);
			record(id, 'S', 3, (int)a, n, NULL, data, n);
			record(id, 'C', 3, (int)a, n, NULL, NULL, 0);
		} else if (sscanf(line, "bulk-in %i %i %s", &a, &b, hex) >= 2) {
			uint32_t n = unhex(hex, data, sizeof data);
			record(id, 'S', 3, (int)a, b, NULL, NULL, 0);
			record(id, 'C', 3, (int)a, n, NULL, data, n);
		} else {
			fprintf(stderr, "printer_pcap: cannot read: %s", line);
			return 2;
		}
		id += 0x100;
	}
	fclose(in);
	return fclose(out) == 0 ? 0 : 2;
}
