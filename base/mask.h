/* Masking of personal identifiers for lists, labels and reports, where
 * a clerk needs to tell records apart but not to read the number: the
 * full value is shown only where a task needs it (the vehicle's own
 * screen, the certificate, the receipt, the ministry's sheet). */
#ifndef SY_MASK_H
#define SY_MASK_H
#include <stddef.h>

/* The one masking rule: the first HEAD and last TAIL characters (code
 * points) of s kept, each one between them replaced by '*'. A value too
 * short to keep both ends is all stars but its last character, so that no
 * short number shows whole. NULL or "" gives "". */
void mask_text(const char *s, int head, int tail, char *out, size_t size);

/* A resident ID number or credit code: 110105********002X. */
#define MASK_ID_HEAD 6
#define MASK_ID_TAIL 4
/* A phone number: 138****5678. */
#define MASK_PHONE_HEAD 3
#define MASK_PHONE_TAIL 4
/* An address: its first characters (province, city, district) only. */
#define MASK_ADDRESS_HEAD 6

static inline void mask_id(const char *s, char *out, size_t size) { mask_text(s, MASK_ID_HEAD, MASK_ID_TAIL, out, size); }
static inline void mask_phone(const char *s, char *out, size_t size)
{
	mask_text(s, MASK_PHONE_HEAD, MASK_PHONE_TAIL, out, size);
}
static inline void mask_address(const char *s, char *out, size_t size) { mask_text(s, MASK_ADDRESS_HEAD, 0, out, size); }

#endif
