/* What a yard has learned about a model from the vehicles it has taken in:
 * a VIN's model part (WMI and vehicle descriptor, positions 1-8) names the
 * make, model and body, so earlier vehicles sharing it give the brand and
 * model, type, power and curb mass a clerk would otherwise type again. The
 * use (operating or not) is the owner's, not the model's: never learned.
 * Only what every earlier vehicle of the model agrees on is offered, and
 * nothing when they disagree on the brand and model (two models under one
 * prefix): a guess is never offered as knowledge. */
#ifndef SY_VEHICLE_MODEL_H
#define SY_VEHICLE_MODEL_H
#include "db/db.h"

/* Earlier vehicles looked at, newest first: enough to see a yard's habits,
 * few enough to stay a quick look-up on the VIN index. */
#define VEHICLE_MODEL_LOOK 200

struct vehicle_model {
	char prefix[9]; /* the VIN's positions 1-8 */
	int vehicles;   /* earlier vehicles of the model (0: nothing learned) */
	/* What they all agree on; empty (0) where they disagree or never said. */
	char brand_model[128];
	char vehicle_type[24];
	char power_type[16];
	double curb_mass_kg;
};

/* The model part of a VIN as it is compared: positions 1-8, and for a small
 * maker (a '9' in position 3) also positions 12-14, which name the maker
 * under the shared WMI (ISO 3780). 0 when vin is not 17 characters. */
int vehicle_model_key(const char *vin, char prefix[9], char maker[4]);

/* What the earlier vehicles (cancelled check-ins left out) whose VIN shares
 * vin's model part agree on. SY_OK with out->vehicles 0 when there are none
 * or they disagree on the brand and model. */
int vehicle_model_learned(db *d, const char *vin, struct vehicle_model *out, sy_err *err);
#endif
