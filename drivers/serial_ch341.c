/* WCH CH340/CH341: vendor requests. Read the version, initialise, write the
 * baud registers 0x12/0x13 and the line control register 0x18, then raise
 * DTR and RTS (the modem control byte is inverted). */
#include "drivers/serial.h"

#define CH341_OUT 0x40
#define CH341_IN 0xC0
#define CH341_READ_VERSION 0x5F
#define CH341_SERIAL_INIT 0xA1
#define CH341_WRITE_REG 0x9A
#define CH341_MODEM_CTRL 0xA4
#define CH341_REG_PRESCALER 0x12
#define CH341_REG_DIVISOR 0x13
#define CH341_REG_LCR 0x18
#define CH341_REG_LCR2 0x25
#define CH341_LCR_RX 0x80
#define CH341_LCR_TX 0x40
#define CH341_LCR_PAR_EVEN 0x10
#define CH341_LCR_PAR 0x08
#define CH341_LCR_STOP2 0x04
#define CH341_DTR 0x20
#define CH341_RTS 0x40
/* A chip with no version answer (or 0) is taken as a current one. */
#define CH341_VERSION_CURRENT 0x31

#define CLOCK 48000000u

static const uint16_t ch341_ids[][2] = {{0x1a86, 0x7523}, {0x1a86, 0x5523}, {0, 0}};

static const struct serial_ctrl ch341_version = {CH341_IN, CH341_READ_VERSION, 0, 0, 2, {0}};

/* The baud clock is 48 MHz divided by a prescaler (ps 0..3, fact 0..1) and
 * an 8-bit divisor; pick the fastest base clock that keeps the divisor
 * under 256, round to the nearer rate, prefer the slower base for even
 * divisors. Encoded as (0x100 - div) << 8 | fact << 2 | ps. */
static unsigned clk_div(int ps, unsigned fact) { return 1u << (12 - 3 * ps - (int)fact); }

int serial_ch341_divisor(int baud, uint16_t *value)
{
	if (baud <= 0)
		return -1;
	unsigned speed = (unsigned)baud, fact = 1;
	int ps;
	for (ps = 3; ps >= 0; ps--)
		if (speed > CLOCK / (clk_div(ps, 1) * 512))
			break;
	if (ps < 0)
		return -1;
	unsigned div_clock = clk_div(ps, fact);
	unsigned div = CLOCK / (div_clock * speed);
	if (div < 9 || div > 255) {
		div /= 2;
		div_clock *= 2;
		fact = 0;
	}
	if (div < 2)
		return -1;
	if (16 * CLOCK / (div_clock * div) - 16 * speed >= 16 * speed - 16 * CLOCK / (div_clock * (div + 1)))
		div++;
	if (fact == 1 && div % 2 == 0) {
		div /= 2;
		fact = 0;
	}
	if (div > 255)
		return -1;
	*value = (uint16_t)((0x100 - div) << 8 | fact << 2 | (unsigned)ps);
	return 0;
}

static uint8_t lcr_of(const struct serial_line *line)
{
	uint8_t lcr = CH341_LCR_RX | CH341_LCR_TX | (uint8_t)(line->data_bits - 5);
	if (line->parity != 'N')
		lcr |= CH341_LCR_PAR | (line->parity == 'E' ? CH341_LCR_PAR_EVEN : 0);
	if (line->stop_bits == 2)
		lcr |= CH341_LCR_STOP2;
	return lcr;
}

static void add(struct serial_setup *s, uint8_t type, uint8_t req, uint16_t value, uint16_t index)
{
	if (s->n < SERIAL_SETUP_MAX)
		s->step[s->n++] = (struct serial_ctrl){type, req, value, index, 0, {0}};
}

static int ch341_setup(const struct serial_line *line, int iface, int version, struct serial_setup *out)
{
	uint16_t divisor;
	(void)iface;
	out->n = 0;
	if (serial_ch341_divisor(line->baud, &divisor) != 0)
		return -1;
	if (version == 0)
		version = CH341_VERSION_CURRENT;
	/* Without bit 7 of the prescaler the chip holds data until a full packet. */
	if (version > 0x27)
		divisor |= 0x80;
	add(out, CH341_OUT, CH341_SERIAL_INIT, 0, 0);
	add(out, CH341_OUT, CH341_WRITE_REG, CH341_REG_DIVISOR << 8 | CH341_REG_PRESCALER, divisor);
	/* Older chips keep 8N1 and have no separate line control register. */
	if (version >= 0x30)
		add(out, CH341_OUT, CH341_WRITE_REG, CH341_REG_LCR2 << 8 | CH341_REG_LCR, lcr_of(line));
	add(out, CH341_OUT, CH341_MODEM_CTRL, (uint16_t)(~(CH341_DTR | CH341_RTS) & 0xff), 0);
	return 0;
}

const struct serial_chip serial_chip_ch341 = {
	.name = "ch341",
	.description = "CH340/CH341 USB-serial bridge",
	.ids = ch341_ids,
	.setup = ch341_setup,
	.version_request = &ch341_version,
};
