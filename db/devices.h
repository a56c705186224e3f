/* The devices a session uses: chosen per counter, per user, or for the
 * whole yard.
 *
 * A counter is a clerk's place, a terminal at the yard's host (its name
 * comes from the session: db_counter()); a user is who is working
 * (db_actor()). The label printer, the scale, the ID card reader and the
 * A4 printer (a CUPS queue, for certificates and documents) a session uses
 * are the ones its counter chose, else the ones its user chose, else the
 * yard's: two counters print on their own printers, and a clerk who chose
 * a scale for themselves finds it wherever they log in.
 *
 * A device's settings go together: the printer's language, resolution,
 * label sizes and gap come from the scope that chose the printer, never
 * half from a counter and half from the yard. The keys:
 *   printer  label.printer (names it), label.language, label.dpi,
 *            label.size, label.size.KIND, label.gap, label.wait
 *   scale    scale: "PORT|ID[,PROTOCOL][,BAUD|auto]" as SCRAPYARD_SCALE
 *   idcard   idcard: "PORT|ID[,BAUD]" as SCRAPYARD_IDCARD
 *   a4       print.a4_printer: the CUPS queue's name ("" the CUPS default)
 * The yard's choices are the settings table's rows of the same keys;
 * counters' and users' are rows of device_settings. Other settings
 * (label.font ...) are the yard's alone.
 *
 * Every write goes through device_choice_save: one transaction, each
 * change in the audit trail. Who may choose is the caller's to check
 * first (app/devices.c: a clerk for their own counter and themselves, a
 * supervisor for the yard, another counter or another user). */
#ifndef SY_DEVICES_H
#define SY_DEVICES_H
#include "db/db.h"

enum device_kind { DEVICE_PRINTER, DEVICE_SCALE, DEVICE_IDCARD, DEVICE_A4, DEVICE_KIND_COUNT };
enum device_scope { DEVICE_YARD, DEVICE_USER, DEVICE_COUNTER };

#define DEVICE_NAME_MAX 64 /* bytes of a counter's or user's name */

/* "printer", "scale", "idcard", "a4_printer" and "yard", "user", "counter" (JSON, the audit trail). */
const char *device_kind_name(enum device_kind kind);
const char *device_scope_name(enum device_scope scope);
/* The key that names kind's device ("label.printer", "scale", "idcard"). */
const char *device_naming_key(enum device_kind kind);
/* The device a key belongs to, or -1 for a key of none (a yard setting). */
int device_key_kind(const char *key);

/* Where the session's choice of kind comes from: its counter's, else its
 * user's, else the yard's. */
enum device_scope device_scope_of(db *d, enum device_kind kind);
/* The name of that scope for the session: the counter's or the user's ("" for the yard). */
const char *device_scope_who(db *d, enum device_scope scope);

/* A setting as the session sees it: a device's key from the scope that
 * chose the device, any other from the yard's settings. Malloc'd, or NULL
 * when not set. */
char *device_setting(db *d, const char *key);
/* A setting of one scope (name: the counter or user), without falling back. */
char *device_setting_in(db *d, enum device_scope scope, const char *name, const char *key);

struct device_value {
	const char *key;
	const char *value; /* NULL: removed (a counter's or user's; the yard's becomes "") */
};
/* Write a choice for a scope: the keys given, all of one device, set or
 * removed, in one transaction, each change audited. SY_INVALID for a key
 * of no device, keys of two devices, or a bad name. */
int device_choice_save(db *d, enum device_scope scope, const char *name, const struct device_value *values, int n,
		       sy_err *err);
/* Remove a counter's or user's choice of kind, every key of it: the
 * session falls back to the user's or the yard's. Audited. */
int device_choice_clear(db *d, enum device_scope scope, const char *name, enum device_kind kind, sy_err *err);

/* Every counter's and user's choice, one key a call, by scope, name and key. */
typedef int (*device_choice_cb)(enum device_scope scope, const char *name, const char *key, const char *value,
				const char *updated_by, const char *updated_at, void *ctx); /* nonzero stops */
int device_choice_each(db *d, device_choice_cb cb, void *ctx, sy_err *err);

#endif
