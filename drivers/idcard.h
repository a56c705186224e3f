/* Second-generation resident ID card readers (GA 450 reader with its SAM
 * module) on a serial line: a tty, or a USB-serial bridge driven through
 * libusb, at 115200 baud 8N1 unless the reader was set otherwise.
 *
 * The frame protocol (docs/idcard.md has the sources):
 *	command: AA AA AA 96 69, length (2 bytes, high first), CMD, Para, data, checksum
 *	reply:   AA AA AA 96 69, length, SW1, SW2, SW3, data, checksum
 * The length counts what follows it, checksum included; the checksum is the
 * XOR of every byte between the preamble and itself. A card is read with
 * find (20 01, SW3 9F when found), select (20 02, SW3 90) and read base
 * information (30 01, SW3 90): 2-byte text length, 2-byte photo length
 * (high first), 256 bytes of text in UCS-2 little-endian, 1024 bytes of
 * photo. The photo is skipped: never decoded, never kept.
 *
 * Two halves: the pure frame code (bytes in, struct out; fuzzed), and the
 * reader, which never waits longer than its caller allows, so a screen can
 * keep drawing while the clerk finds the card:
 *
 *	struct idcard_config cfg;
 *	struct idcard_reader *r;
 *	struct idcard card;
 *	sy_err err = {0};
 *	idcard_config_init(&cfg);
 *	cfg.port = "/dev/ttyUSB0";            // or cfg.device = "1a86:7523", or neither
 *	if (idcard_open(&cfg, &r, &err) != SY_OK)
 *		show(err.msg);                 // no reader, permission, busy ...
 *	for (;;) {
 *		enum idcard_status st = idcard_poll(r, &card, 100, &err);
 *		if (st == IDCARD_OK) break;    // card holds the text of the card
 *		if (st == IDCARD_FAILED) { show(err.msg); break; }   // unplugged ...
 *		if (*err.msg) show(err.msg);   // waiting: no card yet, a retry ...
 *	}
 *	idcard_close(r);
 *
 * Nothing here prints; messages are one line, translated, and say what to do. */
#ifndef SY_IDCARD_H
#define SY_IDCARD_H
#include <stddef.h>
#include <stdint.h>

#include "base/code_label.h"
#include "base/err.h"

struct serial_port;

/* ---- frames ---- */

#define IDCARD_PREAMBLE_LEN 5
#define IDCARD_HEADER_LEN 7    /* preamble and length */
#define IDCARD_COMMAND_LEN 10  /* a command without data */
#define IDCARD_REPLY_MIN 4     /* SW1 SW2 SW3 checksum */
#define IDCARD_FRAME_MAX 4096  /* a base-information reply with fingerprints is 2321 */
#define IDCARD_TEXT_LEN 256
#define IDCARD_PHOTO_LEN 1024

extern const uint8_t idcard_preamble[IDCARD_PREAMBLE_LEN];

/* Commands as CMD << 8 | Para. */
enum idcard_command {
	IDCARD_SAM_STATUS = 0x11FF,
	IDCARD_FIND = 0x2001,
	IDCARD_SELECT = 0x2002,
	IDCARD_READ_BASE = 0x3001,
};

/* SW3, the reader's own status. */
enum idcard_sw3 {
	IDCARD_SW3_OK = 0x90,
	IDCARD_SW3_FOUND = 0x9F,         /* find: a card is there (data: its IIN) */
	IDCARD_SW3_NO_CARD = 0x80,       /* find: no card */
	IDCARD_SW3_SELECT_FAILED = 0x81,
	IDCARD_SW3_READ_FAILED = 0x41,
	IDCARD_SW3_CHECKSUM = 0x10,      /* our command arrived with a bad checksum */
	IDCARD_SW3_LENGTH = 0x11,
	IDCARD_SW3_COMMAND = 0x21,
	IDCARD_SW3_UNKNOWN = 0x24,
	IDCARD_SW3_CARD_AUTH = 0x31,     /* the card did not accept the reader */
	IDCARD_SW3_READER_AUTH = 0x32,   /* the reader did not accept the card */
	IDCARD_SW3_VERIFY = 0x33,
	IDCARD_SW3_WRONG_CARD = 0x40,
	IDCARD_SW3_RANDOM = 0x47,
	IDCARD_SW3_SELF_TEST = 0x60,
	IDCARD_SW3_UNAUTHORISED = 0x66,
};

/* Write the command frame into out; returns its length, or 0 when it does
 * not fit size (or data is longer than a frame may be). */
size_t idcard_encode(enum idcard_command cmd, const uint8_t *data, size_t len, uint8_t *out, size_t size);

/* One reply frame. data points into the scanned buffer. */
struct idcard_reply {
	uint8_t sw1, sw2, sw3;
	const uint8_t *data;
	size_t len;
};

enum idcard_scan {
	IDCARD_SCAN_MORE,  /* no whole frame yet; *used bytes before it are noise */
	IDCARD_SCAN_FRAME, /* a frame: *out, and *used bytes to drop after it */
	IDCARD_SCAN_BAD,   /* a broken frame (length, checksum): err says what; drop *used */
};

/* Look for the next reply frame at the start of buf[0..len), skipping noise.
 * *used is what the caller drops from the front: never more than len, and
 * more than 0 for FRAME and BAD. */
enum idcard_scan idcard_scan(const uint8_t *buf, size_t len, size_t *used, struct idcard_reply *out, sy_err *err);

/* What an SW3 other than success means, with what to do (translated). */
const char *idcard_status_text(uint8_t sw3);

/* ---- the card ---- */

enum idcard_kind {
	IDCARD_RESIDENT,      /* resident identity card */
	IDCARD_HMT_RESIDENCE, /* residence permit for Hong Kong, Macao and Taiwan residents ('J') */
};

struct idcard {
	enum idcard_kind kind;
	char name[48];        /* 15 characters at most */
	char sex[2];          /* GB/T 2261.1 code: "1" male, "2" female, "0" unknown, "9" unspecified */
	char ethnicity[3];    /* GB 3304 code "01".."56" (97 other, 98 foreign-born); "" on a permit */
	char birth_date[11];  /* YYYY-MM-DD */
	char address[112];    /* 35 characters at most */
	char id_number[19];   /* 17 digits and a check character, as on the card (not checked here) */
	char authority[48];   /* issuing authority */
	char valid_from[11];  /* YYYY-MM-DD */
	char valid_until[11]; /* YYYY-MM-DD; "" when valid_long_term */
	int valid_long_term;  /* the card says 长期 */
};

/* The reply to read base information: the text block decoded, the photo
 * skipped. SY_INVALID when the block is not a card's text. */
int idcard_decode_base(const struct idcard_reply *reply, struct idcard *out, sy_err *err);
/* The 256-byte text block alone. */
int idcard_decode_text(const uint8_t *text, size_t len, struct idcard *out, sy_err *err);

/* True when the card's validity ended before today (YYYY-MM-DD). */
int idcard_expired(const struct idcard *card, const char *today);

/* GB/T 2261.1 sex codes and GB 3304 ethnicity codes (the romanised name of
 * GB 3304 in en, the name printed on the card in zh). */
extern const struct code_label idcard_sexes[];
extern const struct code_label idcard_ethnicities[];
/* Untranslated names of the sex codes for JSON: "male", "female", "unknown", "unspecified". */
const char *idcard_sex_name(const char *code);

/* ---- the reader ---- */

#define IDCARD_DEFAULT_BAUD 115200

struct idcard_config {
	const char *device; /* a bridge's id from idcard_list ("1a86:7523@1-6" or "1a86:7523"), a path, or NULL */
	const char *port;   /* a tty (/dev/ttyUSB0, /dev/ttyS0, a pty), or NULL */
	const char *avoid;  /* choosing on its own: a bridge not to take (its id or kernel tty), or NULL */
	int baud;           /* 115200 */
};

struct idcard_info {
	char id[48];   /* "1a86:7523@1-6" */
	char name[64]; /* the bridge chip */
	char tty[32];  /* the kernel's tty for it, when bound */
	unsigned vid, pid;
};

enum idcard_status {
	IDCARD_OK = 0,  /* *out holds the card just read */
	IDCARD_WAITING, /* nothing yet: poll again. err says why when there is a reason
			   (no card on the reader, a card that could not be read, a bad
			   or missing reply); the reader tries again by itself */
	IDCARD_FAILED,  /* the reader went away or cannot be used: err says what */
};

struct idcard_reader;

void idcard_config_init(struct idcard_config *cfg);

/* Every USB-serial bridge a reader may sit behind. *out is malloc'd (free it). */
int idcard_list(struct idcard_info **out, int *n, sy_err *err);

/* Open the configured reader: cfg->port, else cfg->device, else the only
 * bridge found (other than cfg->avoid). */
int idcard_open(const struct idcard_config *cfg, struct idcard_reader **out, sy_err *err);
/* A reader on a transport the caller made (a test's fake); it owns port. */
struct idcard_reader *idcard_open_transport(struct serial_port *port, const char *id);

/* Go on with the read for at most timeout_ms (0: just what is due now). */
enum idcard_status idcard_poll(struct idcard_reader *r, struct idcard *out, int timeout_ms, sy_err *err);

/* The reader's port or USB id. */
const char *idcard_reader_id(const struct idcard_reader *r);
void idcard_close(struct idcard_reader *r);

#endif
