/* Export for upload to the national systems: vehicles taken in,
 * certificates, the flow of the five major assemblies and traction
 * batteries, as CSV and JSON files in a new folder.
 *
 * Each record is sent with a version: a hash of exactly the fields
 * exported. The exported table keeps the last version sent of every record,
 * so an export holds what is new or changed since then and nothing else:
 * nothing twice, nothing missed. A record changed after it was sent is sent
 * again. The files are written from one read snapshot (no terminal waits
 * on it), under a temporary name; then one short write transaction numbers
 * the export, records what was sent, adds the manifest and renames the
 * folder into place. A failure records nothing and leaves no folder: the
 * next export sends the same records again. */
#ifndef SY_EXPORT_H
#define SY_EXPORT_H
#include <stdint.h>

#include "db/db.h"

/* The last three are in the shape the national systems take: the two
 * reports of the battery traceability platform (vehicle scrapped: VIN,
 * scrapping date, pack codes, battery type; pack out of the yard: pack code,
 * outbound date, receiving company and its credit code), and the evidence
 * photos, whose files go into a photos/ folder beside them. */
enum export_entity {
	EXPORT_VEHICLES,
	EXPORT_CERTIFICATES,
	EXPORT_ASSEMBLIES,
	EXPORT_BATTERIES,
	EXPORT_BATTERY_SCRAPPED,
	EXPORT_BATTERY_OUTBOUND,
	EXPORT_PHOTOS,
	EXPORT_COUNT
};
extern const char *const export_entity_names[EXPORT_COUNT]; /* also the file names */

struct export_result {
	int64_t export_id; /* 0 when there was nothing to send */
	char folder[4096]; /* the folder written */
	int counts[EXPORT_COUNT];
	int total;
	int64_t previous_id; /* the export before this one, 0 if none */
	char previous_at[20];
	int photos_missing; /* photos left out: their file is missing or changed (sent next time) */
};

/* Write what is new or changed into a new folder under out_dir (created
 * when missing; its parent must exist): scrapyard-export-NNNN-YYYYMMDD-HHMMSS
 * with ENTITY.csv and ENTITY.json for each entity, photos/ and manifest.json.
 * Nothing new: SY_OK, export_id 0 and no folder. */
int export_run(db *d, const char *out_dir, struct export_result *out, sy_err *err);

/* What the next export would hold, without writing or recording. */
int export_pending(db *d, int counts[EXPORT_COUNT], sy_err *err);

#endif
