/* Prolific PL2303: the vendor initialisation older chips need (reads of
 * 0x8484/0x8383 between writes, as the chip's own driver does), then the
 * CDC class requests SET_LINE_CODING and SET_CONTROL_LINE_STATE, and flow
 * control off. */
#include "drivers/serial.h"

#define PL_VENDOR_OUT 0x40
#define PL_VENDOR_IN 0xC0
#define PL_VENDOR_REQ 0x01
#define PL_CLASS_OUT 0x21
#define PL_SET_LINE_CODING 0x20
#define PL_SET_CONTROL_LINES 0x22
#define PL_DTR_RTS 0x0003

static const uint16_t pl2303_ids[][2] = {{0x067b, 0x2303}, {0x067b, 0x23a3}, {0x067b, 0x23c3}, {0, 0}};

static void add(struct serial_setup *s, uint8_t type, uint8_t req, uint16_t value, uint16_t index,
		const uint8_t *data, uint8_t len)
{
	if (s->n >= SERIAL_SETUP_MAX)
		return;
	struct serial_ctrl *c = &s->step[s->n++];
	*c = (struct serial_ctrl){type, req, value, index, len, {0}};
	for (uint8_t i = 0; data && i < len && i < sizeof c->data; i++)
		c->data[i] = data[i];
}

static void vendor_read(struct serial_setup *s, uint16_t value)
{
	add(s, PL_VENDOR_IN, PL_VENDOR_REQ, value, 0, NULL, 1);
}

static void vendor_write(struct serial_setup *s, uint16_t value, uint16_t index)
{
	add(s, PL_VENDOR_OUT, PL_VENDOR_REQ, value, index, NULL, 0);
}

static int pl2303_setup(const struct serial_line *line, int iface, int version, struct serial_setup *out)
{
	(void)version;
	uint32_t baud = (uint32_t)line->baud;
	/* Line coding: baud LE32, stop bits (0 one, 2 two), parity (0 none, 1 odd, 2 even), data bits. */
	uint8_t coding[7] = {(uint8_t)baud, (uint8_t)(baud >> 8), (uint8_t)(baud >> 16), (uint8_t)(baud >> 24),
			     (uint8_t)(line->stop_bits == 2 ? 2 : 0),
			     (uint8_t)(line->parity == 'O' ? 1 : line->parity == 'E' ? 2 : 0),
			     (uint8_t)line->data_bits};
	out->n = 0;
	vendor_read(out, 0x8484);
	vendor_write(out, 0x0404, 0);
	vendor_read(out, 0x8484);
	vendor_read(out, 0x8383);
	vendor_read(out, 0x8484);
	vendor_write(out, 0x0404, 1);
	vendor_read(out, 0x8484);
	vendor_read(out, 0x8383);
	vendor_write(out, 0, 1);
	vendor_write(out, 1, 0);
	vendor_write(out, 2, 0x44);
	add(out, PL_CLASS_OUT, PL_SET_LINE_CODING, 0, (uint16_t)iface, coding, 7);
	add(out, PL_CLASS_OUT, PL_SET_CONTROL_LINES, PL_DTR_RTS, (uint16_t)iface, NULL, 0);
	vendor_write(out, 0, 0); /* no hardware flow control */
	return 0;
}

const struct serial_chip serial_chip_pl2303 = {
	.name = "pl2303",
	.description = "PL2303 USB-serial bridge",
	.ids = pl2303_ids,
	.setup = pl2303_setup,
};
