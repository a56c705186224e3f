/* Checks shared by the dismantling records (depollution, parts, shipments,
 * waste): dates, amounts, codes from a fixed list, and row/JSON helpers.
 * Messages name the field, as every refusal does. */
#ifndef SY_INPUT_H
#define SY_INPUT_H
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stddef.h>

#include "base/err.h"

/* A date YYYY-MM-DD that exists and is not in the future. Empty is refused
 * when required, else accepted. */
int input_date(const char *s, const char *field, int required, sy_err *err);

/* An amount from min to max (inclusive); NaN and infinities are refused.
 * what is the noun shown in the message ("quantity", "weight", "price"). */
int input_amount(double x, double min, double max, const char *field, const char *what, sy_err *err);

/* A free-text field: text_check_field, then trimmed into out (size outsz).
 * A value that does not fit outsz is refused too. */
int input_text(const char *in, size_t max_chars, char *out, size_t outsz, const char *field, sy_err *err);

/* An identifier-like field (bin, container code, licence): trimmed,
 * full-width folded and upper-cased into out; at most max_chars. */
int input_code(const char *in, size_t max_chars, char *out, size_t outsz, const char *field, sy_err *err);

/* Index of word in a NULL-terminated list, or -1 after filling err with
 * "'x' is not one of: a, b, c" for field. */
int input_choice(const char *word, const char *const *choices, const char *field, sy_err *err);

/* JSON helpers: empty text and non-positive amounts become null. */
void input_json_str(cJSON *o, const char *key, const char *value);
void input_json_num(cJSON *o, const char *key, double value);
/* cJSON_PrintUnformatted of o, and o freed. */
char *input_json_text(cJSON *o);

#endif
