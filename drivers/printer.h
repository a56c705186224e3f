/* Label printers: the printer languages as an ops table, the model quirk
 * table, pure status parsers, and USB printer-class devices (class 7).
 *
 * A label reaches a printer only as a bitmap (forms/label.h renders it): the
 * encoders wrap the dots in ZPL II ^GFA, TSPL BITMAP, Brother QL raster or
 * DYMO raster, so nothing a clerk typed is ever sent as a command. The one
 * piece of text in a stream, the ZPL job comment, goes through
 * printer_sanitize().
 *
 *	struct printer *p;
 *	struct printer_status st;
 *	if (printer_open(NULL, NULL, &p, &err) != SY_OK)       // first printer
 *		show(err.msg);
 *	printer_media(printer_profile(p), 100, 50, &w, &h, &err); // dots for the renderer
 *	label_render(&in, &opt, &bm, &err);
 *	printer_print(p, bm, &job, &st, NULL, &err);            // status, send, wait
 *	printer_close(p);
 *
 * Nothing here prints; failures come back as an sy_err whose message says
 * what happened and what to do. Every USB call has a timeout. */
#ifndef SY_PRINTER_H
#define SY_PRINTER_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/bitmap.h"

/* ---- Byte buffers for the command streams ---- */
struct printer_buf {
	uint8_t *data;
	size_t len, cap;
};
void printer_buf_add(struct printer_buf *b, const void *data, size_t len);
void printer_buf_byte(struct printer_buf *b, uint8_t byte);
void printer_buf_printf(struct printer_buf *b, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
void printer_buf_free(struct printer_buf *b);

/* ---- Status, as every language reports it ---- */
enum printer_condition {
	PRINTER_PAPER_OUT = 1u << 0,
	PRINTER_HEAD_OPEN = 1u << 1,
	PRINTER_COVER_OPEN = 1u << 2,
	PRINTER_JAM = 1u << 3,
	PRINTER_RIBBON_OUT = 1u << 4,
	PRINTER_CUTTER = 1u << 5,
	PRINTER_OVERHEAT = 1u << 6,
	PRINTER_PAUSED = 1u << 7,
	PRINTER_OFFLINE = 1u << 8,     /* not selected (port status) */
	PRINTER_FAULT = 1u << 9,       /* any other error the printer reports */
	PRINTER_BUSY = 1u << 10,       /* printing now: not an error */
	PRINTER_DONE = 1u << 11,       /* "printing completed" (Brother) */
	PRINTER_WRONG_MODE = 1u << 12, /* not in raster mode (Brother P-touch Template): an error without error bits */
};
/* The conditions that stop a job. */
#define PRINTER_ERRORS                                                                                \
	(PRINTER_PAPER_OUT | PRINTER_HEAD_OPEN | PRINTER_COVER_OPEN | PRINTER_JAM | PRINTER_RIBBON_OUT | \
	 PRINTER_CUTTER | PRINTER_OVERHEAT | PRINTER_PAUSED | PRINTER_OFFLINE | PRINTER_FAULT | PRINTER_WRONG_MODE)

struct printer_status {
	int known;          /* the printer answered and the reply parsed */
	unsigned flags;     /* enum printer_condition */
	int media_width_mm; /* Brother: loaded roll, 0 unknown */
	int media_length_mm; /* Brother: label length of a die-cut roll, 0 for tape */
	int media_type;     /* Brother: 0x0A (0x4A) continuous, 0x0B (0x4B) die-cut, 0 none */
	int reply_type;     /* Brother: 0 reply, 1 printing completed, 2 error, 6 phase change */
	char detail[64];    /* the raw error words, for a support call */
};

/* One line for a clerk: the worst condition and what to do ("The printer is
 * out of labels: load a new roll and run `scrapyard printer retry`"), or
 * "ready". Always NUL-terminated. */
void printer_status_text(const struct printer_status *st, char *buf, size_t size);
/* The worst condition in a few words ("paused", "out of labels"), or "ready". */
const char *printer_condition_short(const struct printer_status *st);

/* ---- Jobs and languages ---- */
enum printer_flags {
	PF_PACKBITS = 1u << 0,    /* Brother: takes M (compression mode) and PackBits raster lines */
	PF_CUTTER = 1u << 1,      /* Brother: has an automatic cutter */
	PF_MODE_SWITCH = 1u << 2, /* Brother: takes ESC i a (switch to raster mode) */
	PF_NO_COMPRESS = 1u << 3, /* ZPL: send ^GFA uncompressed (plain hex) */
	PF_ZERO_LINE = 1u << 4,   /* Brother: takes Z for a blank line (with PackBits) */
};

/* What an encoder needs besides the bitmap. */
struct printer_job {
	int copies;             /* 1 when 0 */
	const char *name;       /* put in the stream as a comment where the language has one (sanitised) */
	unsigned flags;         /* enum printer_flags of the model */
	int head_dots;          /* dots across the head: raster line width (QL 720, DYMO 672) */
	int offset_dots;        /* raster: dots from the head's edge to the label's */
	int media_width_mm;     /* Brother: tape width; TSPL: label width (0: from the bitmap) */
	int media_length_mm;    /* Brother die-cut / TSPL: label length (0: from the bitmap) */
	int die_cut;            /* Brother: die-cut labels rather than continuous tape */
	int invalidate;         /* Brother: NUL bytes that end anything half sent (0: 200) */
	double gap_mm;          /* TSPL: gap between labels (0: continuous) */
};

struct printer_lang_ops {
	const char *name;  /* "zpl", "tspl", "ql", "dymo" */
	const char *title; /* "Zebra ZPL II" */
	int default_dpi;
	/* The whole job as bytes, appended to out. */
	int (*encode)(const struct bitmap *bm, const struct printer_job *job, struct printer_buf *out, sy_err *err);
	/* Status request written to the printer, and the parser of its reply
	 * (0, or -1 when the bytes are not a reply); NULL without a back channel. */
	const uint8_t *status_request;
	size_t status_request_len;
	int (*parse_status)(const uint8_t *data, size_t len, struct printer_status *out);
	/* Bytes of a complete status reply (0: variable length, up to the
	 * status_reply_parts-th ETX). */
	size_t status_reply_len;
	int status_reply_parts;
	/* The printer reports when it has finished a job (Brother). */
	int reports_done;
};

extern const struct printer_lang_ops printer_lang_zpl, printer_lang_tspl, printer_lang_ql, printer_lang_dymo;
/* NULL-terminated, in the order shown to clerks. */
extern const struct printer_lang_ops *const printer_langs[];
const struct printer_lang_ops *printer_lang_find(const char *name);

/* Pure status parsers, also reachable through the ops (fuzzed). */
int printer_zpl_parse_status(const uint8_t *data, size_t len, struct printer_status *out);
int printer_tspl_parse_status(const uint8_t *data, size_t len, struct printer_status *out);
int printer_ql_parse_status(const uint8_t *data, size_t len, struct printer_status *out);
int printer_dymo_parse_status(const uint8_t *data, size_t len, struct printer_status *out);
/* USB printer class GET_PORT_STATUS byte. */
void printer_port_status(uint8_t port, struct printer_status *out);

/* Keep only printable ASCII that no language treats as a command: drops
 * ^ ~ \ " and controls, turns others into '_'. Returns out. */
char *printer_sanitize(const char *in, char *out, size_t size);

/* ---- Models: the quirk table and the IEEE 1284 device id ---- */
struct printer_model {
	uint16_t vid, pid;   /* pid 0: any printer-class device of this vendor */
	const char *mdl;     /* or a 1284 MDL prefix ("QL-700") */
	const char *name;
	const char *lang;
	int dpi;
	int head_dots;
	unsigned flags;      /* enum printer_flags */
	int invalidate;      /* Brother: NUL bytes before a job (0: 200) */
};

/* The quirk table row for vid:pid or the model name (either may be 0/NULL). */
const struct printer_model *printer_model_find(uint16_t vid, uint16_t pid, const char *mdl);

/* Fields of an IEEE 1284 device id ("MFG:Zebra;CMD:ZPL,EPL;MDL:GK420d;"). */
struct printer_device_id {
	char mfg[64], mdl[64], cmd[128], des[128];
};
/* Parse; keys MANUFACTURER/MFG, MODEL/MDL, COMMAND SET/CMD, DESCRIPTION/DES. */
void printer_parse_device_id(const char *id, size_t len, struct printer_device_id *out);
/* The language the id's command set names (ZPL, TSPL, Brother raster "PT-CBP"
 * on a QL, DYMO LabelWriter), or NULL. */
const struct printer_lang_ops *printer_lang_from_device_id(const struct printer_device_id *id);

/* Everything the program knows about one printer: language, resolution,
 * head width, flags, from the device id, the quirk table and defaults. */
struct printer_profile {
	const struct printer_lang_ops *lang; /* NULL: unknown, cannot print */
	const struct printer_model *model;   /* quirk row, may be NULL */
	int dpi, head_dots;
	unsigned flags;
	int invalidate;
	char name[136]; /* "Zebra GK420d" */
};
/* Decide the profile; lang_override ("zpl", NULL) and dpi_override (0)
 * come from the settings. */
void printer_profile_make(uint16_t vid, uint16_t pid, const struct printer_device_id *id,
			  const char *lang_override, int dpi_override, struct printer_profile *out);

/* ---- Brother QL media: the DK rolls ---- */
struct printer_ql_media {
	const char *name;      /* "62x100" die-cut labels, "62" continuous tape */
	int width_mm;          /* as the printer reports it and the job declares it */
	int length_mm;         /* die-cut label length as reported and declared; 0: tape */
	int dots, length_dots; /* printable area at 300 dpi (length: die-cut only) */
	int offset;            /* dots from the first dot of a 720-dot head to the label */
	int wide_offset;       /* the same on the 1296-dot head of the wide models */
	int wide_only;         /* only the wide models take it */
	const char *roll;      /* Brother's name of the roll ("DK-11202"), or NULL */
};
/* The roll of this width and length (0: tape); NULL when there is none. */
const struct printer_ql_media *printer_ql_media_find(int width_mm, int length_mm);
/* A roll by name: "62x100" (die-cut), "62" or "62mm" (tape); NULL when unknown. */
const struct printer_ql_media *printer_ql_media_parse(const char *text);
/* The roll a status reply says is loaded; NULL when none is, or one the table lacks. */
const struct printer_ql_media *printer_ql_media_loaded(const struct printer_status *st);
/* For a clerk: "62x100 mm die-cut labels (DK-11202)", "62 mm continuous tape (DK-22205)". */
void printer_ql_media_describe(const struct printer_ql_media *m, char *buf, size_t size);
/* What a status reply says is loaded, described the same way even when the
 * table lacks it ("70 mm media of type 0x0C"); "" when nothing is known. */
void printer_ql_loaded_describe(const struct printer_status *st, char *buf, size_t size);
/* Lay a label out on a Brother roll: the dots to render (die-cut labels
 * their printable area, tape its width and length_mm) and the job's media
 * fields. SY_INVALID when the roll does not fit this printer. */
int printer_ql_layout(const struct printer_profile *pf, const struct printer_ql_media *m, double length_mm,
		      int *width_dots, int *height_dots, struct printer_job *job, sy_err *err);

/* The printable area of a media of width x length mm on this printer, in
 * dots at its resolution (on a Brother: continuous tape of that width, which
 * prints fewer dots than its width). SY_INVALID when the media is wider than
 * the head or not a tape it takes. */
int printer_media(const struct printer_profile *pf, double width_mm, double length_mm, int *width_dots,
		  int *height_dots, sy_err *err);
/* Fill the raster and media fields of a job from the profile and media
 * (Brother: continuous tape of that width). */
void printer_job_defaults(const struct printer_profile *pf, double width_mm, double length_mm,
			  struct printer_job *job);

/* Encode a bitmap in the profile's language (or lang). */
int printer_encode(const struct printer_lang_ops *lang, const struct bitmap *bm, const struct printer_job *job,
		   struct printer_buf *out, sy_err *err);

/* ---- Transport: how bytes reach a printer (USB, or a fake in tests) ---- */
enum printer_io_status { PIO_OK = 0, PIO_TIMEOUT, PIO_GONE, PIO_UNSUPPORTED, PIO_ERROR };
struct printer_io {
	void *ctx;
	int bidirectional; /* has a channel back (bulk IN) */
	enum printer_io_status (*write)(void *ctx, const uint8_t *data, size_t len, int timeout_ms, size_t *done);
	enum printer_io_status (*read)(void *ctx, uint8_t *buf, size_t size, int timeout_ms, size_t *got);
	enum printer_io_status (*port_status)(void *ctx, uint8_t *out);
	/* Wait until the printer has taken everything written (optional: a
	 * network connection, whose kernel buffer takes a job the printer may
	 * not); *left is what it has not. */
	enum printer_io_status (*flush)(void *ctx, int timeout_ms, size_t *left);
	/* One line about the last failure (optional). */
	const char *(*message)(void *ctx);
	int network; /* a connection: its message says what went wrong (refused, closed) */
};

/* Timeouts of a job, in ms; printer_timeouts_default() fills the usual ones. */
struct printer_timeouts {
	int write;  /* per chunk of the job */
	int status; /* a status reply */
	int finish; /* waiting for "printing completed" */
};
void printer_timeouts_default(struct printer_timeouts *t);

/* Ask for status over io: the language's request and parser, else the port
 * status. SY_OK with st->known = 0 when the printer does not answer. */
int printer_io_status(const struct printer_io *io, const struct printer_lang_ops *lang,
		      const struct printer_timeouts *t, struct printer_status *st, sy_err *err);
/* How far a job got, whatever the result: what a print queue needs to
 * decide between retrying and asking the clerk to look. */
enum printer_outcome {
	PRINTER_NOT_SENT,  /* no byte of the job reached the printer */
	PRINTER_PART_SENT, /* the printer stopped taking it midway */
	PRINTER_TAKEN,     /* the printer took the whole job */
	PRINTER_PRINTED,   /* ... and reported it printed */
	PRINTER_HELD,      /* ... and holds it: it reports a condition (paused, paper
			    * out) that keeps it from printing until cleared */
};

/* Send a job: check status first where the printer answers (an error stops
 * the job before any byte of it is sent), write it in chunks, then wait for
 * "printing completed" where the language reports it. SY_OK means the
 * printer took the whole job (and, where it reports it, printed it);
 * SY_ENV with a clerk message otherwise. outcome (may be NULL) says how far
 * it got either way. */
int printer_io_send(const struct printer_io *io, const struct printer_lang_ops *lang, const uint8_t *data,
		    size_t len, const struct printer_timeouts *t, struct printer_status *st,
		    enum printer_outcome *outcome, sy_err *err);
/* The same without the status check first, for a caller that has just
 * asked (and laid the job out for what the printer reported). A printer
 * that reports no completion gets a last look: an error it then reports
 * means the job is held (outcome PRINTER_HELD, SY_ENV). */
int printer_io_transfer(const struct printer_io *io, const struct printer_lang_ops *lang, const uint8_t *data,
			size_t len, const struct printer_timeouts *t, struct printer_status *st,
			enum printer_outcome *outcome, sy_err *err);

/* ---- Network printers: raw TCP, port 9100 ----
 * printer_open("tcp://HOST:PORT", ...) connects (drivers/net.h) and, unless
 * the language is given, asks the printer which it speaks: the probes go
 * one after the other, each harmless to the other languages (TSPL ESC ! ?,
 * then Brother's invalidate, ESC @ and ESC i S, then ZPL ~HI), and the
 * first reply that parses decides. */
struct printer_probe {
	const struct printer_lang_ops *lang; /* NULL: the bytes are no reply */
	char model[64]; /* "ZD421-203dpi", "QL-820NWB"; "" when the reply does not say */
	int dpi;        /* 0 when the reply does not say */
};
struct printer_probe_step {
	const struct printer_lang_ops *lang;
	const uint8_t *request;
	size_t len;
};
/* The probes, in the order they are sent; ends with a NULL lang. */
extern const struct printer_probe_step printer_probes[];
/* What a reply to the probe for asked says: 0 and *out when it names a
 * language (a ZPL ~HI or ~HS reply, a Brother 32-byte status, TSPL's one
 * status byte when TSPL was asked), -1 otherwise. Pure; fuzzed. */
int printer_probe_parse(const struct printer_lang_ops *asked, const uint8_t *data, size_t len,
			struct printer_probe *out);
/* The Brother QL model of a status reply's model code (byte 4), or NULL. */
const char *printer_ql_model_name(uint8_t code);

/* ---- USB printers ---- */
struct printer_info {
	char id[64];       /* "0a5f:0164@1-3": vendor:product@port, or "tcp://HOST:PORT", for --printer */
	uint16_t vid, pid;
	int iface;
	int bidirectional; /* interface protocol 2 or 3, or a bulk IN endpoint */
	struct printer_device_id device_id;
	struct printer_profile profile;
	int editor_lite;   /* a Brother QL in Editor Lite mode: a USB disk, not a printer */
	char problem[256]; /* why it cannot be used now (permission, busy, Editor Lite), or "" */
};

/* A Brother QL in Editor Lite mode shows up as a USB disk with its own
 * product id: the model's name ("Brother QL-700"), or NULL for other ids. */
const char *printer_editor_lite_name(uint16_t vid, uint16_t pid);

/* Every USB printer-class device, and Brother QLs in Editor Lite mode
 * (listed with editor_lite set and what to do in problem). *out is
 * malloc'd (free it); SY_ENV when USB itself is not available. */
int printer_list(struct printer_info **out, int *count, sy_err *err);

struct printer;
/* Open the printer whose id starts with want ("0a5f:0164", "0a5f:0164@1-3",
 * or NULL for the only/first usable one), or the network printer at want
 * ("tcp://192.168.1.50:9100"). lang_override and dpi_override as for
 * printer_profile_make; on the network only zpl, tspl and ql. */
int printer_open(const char *want, const char *lang_override, int dpi_override, struct printer **out,
		 sy_err *err);
void printer_close(struct printer *p);
const struct printer_info *printer_get_info(const struct printer *p);
const struct printer_profile *printer_profile(const struct printer *p);
const struct printer_io *printer_get_io(struct printer *p);

/* Replace the default timeouts (tests, slow printers). */
void printer_set_timeouts(struct printer *p, const struct printer_timeouts *t);
/* Status of an open printer. */
int printer_get_status(struct printer *p, struct printer_status *st, sy_err *err);
/* Send bytes already encoded for this printer (see printer_io_send), or,
 * right after printer_get_status, without asking again (printer_io_transfer). */
int printer_transfer(struct printer *p, const uint8_t *data, size_t len, struct printer_status *st,
		     enum printer_outcome *outcome, sy_err *err);
int printer_send(struct printer *p, const uint8_t *data, size_t len, struct printer_status *st,
		 enum printer_outcome *outcome, sy_err *err);
/* Encode the bitmap for this printer and send it. */
int printer_print(struct printer *p, const struct bitmap *bm, const struct printer_job *job,
		  struct printer_status *st, enum printer_outcome *outcome, sy_err *err);

#endif
