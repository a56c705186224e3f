/* FTDI FT232R/FT232BM family: vendor requests (0x40). Reset, purge, baud
 * divisor, data format, no flow control, DTR and RTS up, latency timer.
 * Every bulk IN packet starts with two modem status bytes. */
#include "drivers/serial.h"

#define FTDI_OUT 0x40
#define FTDI_RESET 0
#define FTDI_MODEM_CTRL 1
#define FTDI_SET_FLOW 2
#define FTDI_SET_BAUD 3
#define FTDI_SET_DATA 4
#define FTDI_SET_LATENCY 9
#define FTDI_RESET_SIO 0
#define FTDI_PURGE_RX 1
#define FTDI_PURGE_TX 2
#define FTDI_DTR_RTS_ON 0x0303
#define FTDI_LATENCY_MS 16

static const uint16_t ftdi_ids[][2] = {{0x0403, 0x6001}, {0x0403, 0x6015}, {0, 0}};

/* 48 MHz / 16 with a divisor in eighths: the three fraction bits are sent in
 * the chip's own order; 1 and 1.5 are special codes. */
int serial_ftdi_divisor(int baud, uint16_t *value, uint16_t *index)
{
	static const uint8_t frac_code[8] = {0, 3, 2, 4, 1, 5, 6, 7};
	if (baud <= 0 || baud > 3000000)
		return -1;
	uint32_t div8 = (48000000u + (uint32_t)baud) / (2u * (uint32_t)baud); /* rounded base / (2 * baud) */
	uint32_t divisor = div8 >> 3 | (uint32_t)frac_code[div8 & 7] << 14;
	if (divisor == 1)
		divisor = 0;
	else if (divisor == 0x4001)
		divisor = 1;
	if (div8 >> 3 > 0x3fff)
		return -1;
	*value = (uint16_t)divisor;
	*index = (uint16_t)(divisor >> 16);
	return 0;
}

static void add(struct serial_setup *s, uint8_t req, uint16_t value, uint16_t index)
{
	if (s->n < SERIAL_SETUP_MAX)
		s->step[s->n++] = (struct serial_ctrl){FTDI_OUT, req, value, index, 0, {0}};
}

static int ftdi_setup(const struct serial_line *line, int iface, int version, struct serial_setup *out)
{
	uint16_t value, high;
	(void)version;
	(void)iface; /* single-port chips: the port index is 0 */
	out->n = 0;
	if (serial_ftdi_divisor(line->baud, &value, &high) != 0)
		return -1;
	/* Data format: data bits | parity << 8 (1 odd, 2 even) | stop << 11 (2 = two). */
	uint16_t parity = line->parity == 'O' ? 1 : line->parity == 'E' ? 2 : 0;
	uint16_t format = (uint16_t)(line->data_bits | parity << 8 | (line->stop_bits == 2 ? 2 : 0) << 11);
	add(out, FTDI_RESET, FTDI_RESET_SIO, 0);
	add(out, FTDI_RESET, FTDI_PURGE_RX, 0);
	add(out, FTDI_RESET, FTDI_PURGE_TX, 0);
	add(out, FTDI_SET_BAUD, value, high);
	add(out, FTDI_SET_DATA, format, 0);
	add(out, FTDI_SET_FLOW, 0, 0);
	add(out, FTDI_MODEM_CTRL, FTDI_DTR_RTS_ON, 0);
	add(out, FTDI_SET_LATENCY, FTDI_LATENCY_MS, 0);
	return 0;
}

const struct serial_chip serial_chip_ftdi = {
	.name = "ftdi",
	.description = "FTDI USB-serial bridge",
	.ids = ftdi_ids,
	.setup = ftdi_setup,
	.status_bytes = 2,
};
