/* The hazard pictograms of a hazardous waste label (HJ 1276-2022, annex A):
 * a square set on its point, framed, holding the sign of the hazard and its
 * name: toxicity (skull and crossbones), corrosivity (liquid from two tubes
 * eating into a bar and a hand), ignitability (a flame), reactivity (a bomb
 * bursting), infectivity (the biohazard sign). Drawn as shapes onto the
 * label's 1-bit bitmap at any size: no font carries them. Internal to forms/. */
#ifndef SY_LABEL_MARK_H
#define SY_LABEL_MARK_H
#include "base/bitmap.h"
#include "forms/label_text.h"

/* The hazard properties of the national list of hazardous wastes. */
enum label_hazard { HAZARD_TOXIC, HAZARD_CORROSIVE, HAZARD_IGNITABLE, HAZARD_REACTIVE, HAZARD_INFECTIOUS, HAZARD_COUNT };

/* The hazards named in text as the list writes them ("T, I", "T,C", "In",
 * "毒性、易燃性"), each once, in the list's order; how many. Unknown words
 * are left out. */
int label_hazards_parse(const char *text, enum label_hazard out[HAZARD_COUNT]);

/* "T", "C", "I", "R", "In"; "毒性", "腐蚀性", "易燃性", "反应性", "感染性". */
const char *label_hazard_letter(enum label_hazard h);
const char *label_hazard_name(enum label_hazard h);

/* One pictogram filling the square box (the side is the smaller of w and
 * h, centred), its name in font f under the sign. */
void label_hazard_draw(struct bitmap *bm, struct label_font *f, enum label_hazard h, struct text_box box);

/* The pictograms of the hazards in text, as large as the box allows, in
 * one row or in rows; nothing when text names none. */
void label_hazards_draw(struct bitmap *bm, struct label_font *f, const char *text, struct text_box box);
#endif
