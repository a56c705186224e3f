/* Identifiers a yard records: VIN, resident ID number, unified social credit
 * code, number plate and traction battery code. Each function takes what a
 * clerk typed (any case, surrounding spaces, full-width characters), checks
 * it and writes the normal form, which is what gets stored. On error the
 * output is the empty string and err says precisely what is wrong, with the
 * field name set for the form. Rules: shared/reference domain notes,
 * GB 16735 / ISO 3779, GB 11643, GB 32100, GA 36, GB/T 34014. */
#ifndef SY_IDENT_H
#define SY_IDENT_H
#include <stddef.h>

#include "base/err.h"

enum ident_kind { IDENT_VIN, IDENT_RESIDENT_ID, IDENT_USCC, IDENT_PLATE, IDENT_BATTERY };

enum ident_plate_kind {
	PLATE_ORDINARY,  /* 京A12345, also 粤Z1234港, 京A1234学 */
	PLATE_NEV_SMALL, /* 沪AD12345, 粤BA03205: A-E (pure electric) or F-K third (no I), a letter or digit, 4 digits */
	PLATE_NEV_LARGE, /* 粤B12345D: 5 digits, then D/F */
	PLATE_EMBASSY,   /* 使014578: 使 then 3 digits for the mission, 3 for the vehicle */
};

/* Sizes of the normal forms, terminating NUL included. A plate holds up to
 * two 3-byte CJK characters. */
#define IDENT_VIN_SIZE 18
#define IDENT_RESIDENT_ID_SIZE 19
#define IDENT_USCC_SIZE 19
#define IDENT_PLATE_SIZE 16
#define IDENT_BATTERY_SIZE 25
#define IDENT_MAX_SIZE 32 /* fits every kind */

/* VIN: 17 letters and digits without I, O, Q, check digit at position 9,
 * model year code at position 10 (never 0, U or Z). */
int ident_vin(const char *in, char out[IDENT_VIN_SIZE], sy_err *err);
/* The same without the check digit and model year: for a VIN that
 * legitimately lacks them (some European makers, old vehicles), accepted by
 * a supervisor with a reason. */
int ident_vin_structure(const char *in, char out[IDENT_VIN_SIZE], sy_err *err);
/* Expected check digit ('0'-'9' or 'X') of a 17-character upper-case VIN
 * (position 9 is ignored); '\0' when vin17 is not 17 VIN characters. */
char ident_vin_check_digit(const char *vin17);
/* Model year from position 10: the most recent year that is at most
 * `latest` (codes repeat every 30 years; pass this year + 1). 0 when position
 * 10 is not a model year code. */
int ident_vin_model_year(const char *vin17, int latest);

/* Resident ID number: 17 digits (region, birth date, sequence) and a check
 * character 0-9 or X. The region starts with a province code of GB/T 2260
 * (a foreign permanent resident ID: 9, then one); the birth date must exist
 * and not be in the future. */
int ident_resident_id(const char *in, char out[IDENT_RESIDENT_ID_SIZE], sy_err *err);
/* Expected check character of the first 17 digits; '\0' if they are not digits. */
char ident_resident_id_check_char(const char *id17);

/* Unified social credit code: 18 characters of 0-9 and A-Z without I, O,
 * S, V, Z; characters 3-8 the region code (digits); the last one a check.
 * Spaces between the groups a licence prints are dropped. */
int ident_uscc(const char *in, char out[IDENT_USCC_SIZE], sy_err *err);
/* Expected check character of the first 17; '\0' if one is outside the alphabet. */
char ident_uscc_check_char(const char *code17);

/* Plate number. The separator printed on plates after the issuing office
 * letter (粤B·12345, also typed as a space, '.', '-', '・') is accepted and
 * dropped: the normal form is 粤B12345. kind may be NULL. */
int ident_plate(const char *in, char out[IDENT_PLATE_SIZE], enum ident_plate_kind *kind, sy_err *err);
/* A fragment with the dots printed on plates (·, •, ・ ...) taken out, as a
 * plate is stored: 1 when there were any. */
int ident_plate_undotted(const char *in, char *out, size_t outsz);
/* The province character a plate issued in a province starts with ("京"
 * for 11, "粤" for 44), from the first two digits of a GB/T 2260 region
 * code; NULL for a code of none. */
const char *ident_plate_province_of(int province_code);
/* Is s one province character of a plate ("京", ...)? */
int ident_plate_province(const char *s);
/* "ordinary", "nev_small", "nev_large", "embassy". */
const char *ident_plate_kind_name(enum ident_plate_kind kind);

/* Traction battery code (GB/T 34014): 24 characters. */
int ident_battery(const char *in, char out[IDENT_BATTERY_SIZE], sy_err *err);

/* Dispatch by kind. outsz must hold the normal form (IDENT_MAX_SIZE fits all). */
int ident_check(enum ident_kind kind, const char *in, char *out, size_t outsz, sy_err *err);
/* "vin", "id", "uscc", "plate", "battery" to a kind; -1 for anything else. */
int ident_parse_kind(const char *name);
/* The command line name of a kind ("vin", "id", ...). */
const char *ident_kind_name(enum ident_kind kind);
/* The form field a kind is stored in ("vin", "owner_id", "uscc", "plate", "battery_code"). */
const char *ident_kind_field(enum ident_kind kind);

#endif
