/* Hygiene for text typed by clerks: UTF-8 decoding, trimming, folding of
 * full-width input from Chinese input methods, refusal of invisible control
 * and direction characters, and terminal cell widths.
 * Nothing here depends on the process locale. */
#ifndef SY_TEXT_H
#define SY_TEXT_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Decode one UTF-8 sequence at s into *cp. Returns the bytes used (1-4),
 * 0 at the terminating NUL, -1 for an invalid, overlong, truncated or
 * surrogate sequence (then *cp is the first byte). */
int text_utf8_decode(const char *s, uint32_t *cp);

/* Encode cp as UTF-8 into out (4 bytes at most); returns the bytes written,
 * 0 when cp is not a Unicode scalar value. */
int text_utf8_encode(uint32_t cp, char out[4]);

/* Code points in s; an invalid byte counts as one. */
size_t text_utf8_len(const char *s);

/* True for the white space trimmed around input: ASCII blanks and controls
 * \t \n \v \f \r, U+00A0 no-break space and U+3000 ideographic space. */
int text_is_space(uint32_t cp);

/* Remove surrounding white space in place; returns the new length in bytes. */
int text_trim(char *s);

/* Normal form of an identifier (VIN, plate, codes): trimmed, full-width
 * ASCII U+FF01..U+FF5E folded to ASCII and U+3000 to a space, ASCII letters
 * upper-cased; other characters (a plate's province character) are kept.
 * Returns 0, or -1 when in is not valid UTF-8 or the result does not fit
 * outsz bytes (out is then the empty string). */
int text_normalize_id(const char *in, char *out, size_t outsz);

/* Validate a field typed by a clerk: valid UTF-8, no control characters (C0,
 * DEL, C1), no line or paragraph separators, no direction overrides or
 * isolates (U+202A-202E, U+2066-2069), at most max_chars code points
 * (0: no limit). NULL counts as empty. Returns SY_OK, or fills err with
 * SY_INVALID and field and returns it. */
int text_check_field(const char *in, size_t max_chars, sy_err *err, const char *field);

/* FRAG as one quoted FTS5 string ("" doubles a quote), so a trigram index
 * matches it as a substring whatever characters it holds. Cut to fit SIZE. */
void text_fts_phrase(const char *frag, char *out, size_t size);

/* A yard number is a letter, a year, a dash and a serial: V2026-000123,
 * P2026-0000001. Search indexes hold only the serial, since the letter and
 * year are shared by a whole year's records and would make every lookup
 * wade through them. A fragment shaped like the start of a number ("V2026-0",
 * "P20") or spanning its dash ("26-0001") is found instead through the
 * number's own B-tree: this gives the prefixes to look up, newest year
 * first, for years FIRST_YEAR..LAST_YEAR. Returns how many (0: the fragment
 * is not shaped so; at most MAX). */
#define TEXT_NUMBER_PREFIX_SIZE 48
#define TEXT_NUMBER_FIRST_YEAR 2000 /* the oldest year a number is looked up under */
int text_number_prefixes(const char *frag, char letter, int first_year, int last_year,
			 char out[][TEXT_NUMBER_PREFIX_SIZE], int max);

/* A date as clerks type it: 2015-03-10, 20150310, 2015/3/10, 2015.3.10,
 * 2015年3月10日 (full-width digits folded first). 0 and "YYYY-MM-DD" in out
 * (11 bytes) for a real calendar date from 1900 on; TEXT_DATE_SHAPE when it
 * is not written as a date, TEXT_DATE_UNREAL for 2015-02-30 and the like. */
enum { TEXT_DATE_SHAPE = -1, TEXT_DATE_UNREAL = -2 };
int text_date(const char *in, char out[11]);

/* Does s hold a wide (Chinese) character? */
int text_has_wide(const char *utf8);

/* Terminal cells taken by one code point: 2 for East Asian wide and
 * full-width characters, 0 for combining marks, zero-width characters and
 * controls, 1 otherwise. */
int text_cp_width(uint32_t cp);

/* Terminal cells taken by a UTF-8 string; an invalid byte takes one cell
 * (it is shown as a replacement character). */
size_t text_display_width(const char *utf8);

/* ---- terminal-safe output ----
 * What the program prints may quote what was typed or stored: control
 * characters (C0 but newline and tab, DEL, C1), line and paragraph
 * separators and direction overrides and isolates (U+2028-202E,
 * U+2066-2069) never reach a terminal as themselves. Text shows them as
 * '?'; JSON as \uXXXX escapes, which keep the document valid and its
 * strings exact. Streaming: a character split across two calls is held
 * in the state until its end comes. */
struct text_safe {
	int json;
	unsigned char held[3];
	int nheld;
};
/* Filter n bytes of in into out (room for 6 * (n + 3) bytes); returns the
 * bytes written. */
size_t text_safe_filter(struct text_safe *s, const char *in, size_t n, char *out);
/* What is still held at the end (an incomplete character): one '?' a byte. */
size_t text_safe_flush(struct text_safe *s, char *out);
#endif
