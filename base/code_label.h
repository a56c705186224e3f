/* Codes stored in the database for a choice (a vehicle type, a destination),
 * each declared with its label in both languages. Tables end with {0}. */
#ifndef SY_CODE_LABEL_H
#define SY_CODE_LABEL_H

struct code_label {
	const char *code;
	const char *en;
	const char *zh;
};

/* Label of a code in the interface language; the code itself when unknown. */
const char *code_label(const struct code_label *table, const char *code);
int code_known(const struct code_label *table, const char *code);

#endif
