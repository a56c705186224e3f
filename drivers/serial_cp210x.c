/* Silicon Labs CP210x: vendor interface requests (0x41). Enable the UART,
 * set the baud rate as a 32-bit value, the line control word, raise DTR and
 * RTS, and purge what the chip buffered before we listened. */
#include "drivers/serial.h"

#define CP210X_OUT 0x41
#define CP210X_IFC_ENABLE 0x00
#define CP210X_SET_LINE_CTL 0x03
#define CP210X_SET_MHS 0x07
#define CP210X_PURGE 0x12
#define CP210X_SET_BAUDRATE 0x1E
#define CP210X_DTR_RTS_ON 0x0303 /* DTR and RTS high, with their mask bits */
#define CP210X_PURGE_ALL 0x000F

static const uint16_t cp210x_ids[][2] = {{0x10c4, 0xea60}, {0x10c4, 0xea70}, {0x10c4, 0xea71}, {0, 0}};

static void add(struct serial_setup *s, uint8_t req, uint16_t value, uint16_t index, const uint8_t *data, uint8_t len)
{
	if (s->n >= SERIAL_SETUP_MAX)
		return;
	struct serial_ctrl *c = &s->step[s->n++];
	*c = (struct serial_ctrl){CP210X_OUT, req, value, index, len, {0}};
	for (uint8_t i = 0; i < len && i < sizeof c->data; i++)
		c->data[i] = data[i];
}

static int cp210x_setup(const struct serial_line *line, int iface, int version, struct serial_setup *out)
{
	(void)version;
	uint32_t baud = (uint32_t)line->baud;
	uint8_t le[4] = {(uint8_t)baud, (uint8_t)(baud >> 8), (uint8_t)(baud >> 16), (uint8_t)(baud >> 24)};
	/* Line control: data bits << 8 | parity << 4 (0 none, 1 odd, 2 even) | stop (0 one, 2 two). */
	uint16_t parity = line->parity == 'O' ? 1 : line->parity == 'E' ? 2 : 0;
	uint16_t ctl = (uint16_t)(line->data_bits << 8 | parity << 4 | (line->stop_bits == 2 ? 2 : 0));
	uint16_t idx = (uint16_t)iface;
	out->n = 0;
	add(out, CP210X_IFC_ENABLE, 1, idx, NULL, 0);
	add(out, CP210X_SET_BAUDRATE, 0, idx, le, 4);
	add(out, CP210X_SET_LINE_CTL, ctl, idx, NULL, 0);
	add(out, CP210X_SET_MHS, CP210X_DTR_RTS_ON, idx, NULL, 0);
	add(out, CP210X_PURGE, CP210X_PURGE_ALL, idx, NULL, 0);
	return 0;
}

const struct serial_chip serial_chip_cp210x = {
	.name = "cp210x",
	.description = "CP210x USB-serial bridge",
	.ids = cp210x_ids,
	.setup = cp210x_setup,
};
