/* Evidence photos of a vehicle: on entry, the rubbing of VIN and engine
 * number, after cutting, the traction battery removed, or other. Inspectors,
 * the police and insurers ask for them.
 *
 * A photo is a JPEG or PNG file (checked by base/image.h) kept in the
 * "photos" folder beside the database under its SHA-256:
 * photos/ab/ab12...ef.jpg. The same picture is kept once however often it
 * is attached. The row holds the hash, and so does the audit entry that
 * recorded it (entity "photo"), so a file changed or replaced afterwards,
 * or a row edited to match it, is found by photo_verify (`audit verify`).
 * Photos are never deleted. Backups and exports carry the files with them. */
#ifndef SY_PHOTO_H
#define SY_PHOTO_H
#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "base/code_label.h"
#include "db/db.h"
#include "db/vehicle.h"

/* What a photo shows: entry, rubbing, cut, battery, other. */
extern const struct code_label photo_kinds[];

struct photo {
	int64_t id, vehicle_id;
	char stock_no[16], vin[18];
	char what[12];
	char step[24]; /* the pretreatment step it belongs to, or "" */
	char sha256[65];
	char type[8];  /* jpeg | png */
	int64_t bytes;
	int width, height;
	char original_name[128];
	char added_by[64], added_at[20];
};

/* The folder photos are kept in, beside the database (malloc'd). */
char *photo_store(db *d);
/* A file's path in a store folder, from its hash and type (malloc'd). */
char *photo_path(const char *store, const char *sha256, const char *type);

struct photo_input {
	const char *path; /* the file to attach */
	const char *what; /* photo_kinds code */
	const char *step; /* a pretreatment step of the vehicle, or NULL */
};
/* Read and check the file, keep it in the store, record it: one audited
 * transaction. Refused (SY_INVALID): a file that cannot be read, is not a
 * whole JPEG or PNG, is too big or too small, a kind or step not known, the
 * same picture attached to this vehicle already. SY_ENV: the store cannot
 * be written. */
int photo_add(db *d, const struct vehicle *v, const struct photo_input *in, struct photo *out, sy_err *err);

int photo_get(db *d, int64_t id, struct photo *out, sy_err *err);
/* A vehicle's photos in the order they were added. */
typedef int (*photo_cb)(const struct photo *p, void *ctx); /* non-zero stops */
int photo_list(db *d, int64_t vehicle_id, photo_cb cb, void *ctx, sy_err *err);
/* How many photos of a vehicle show what ("entry", ...); 0 when it cannot be read. */
int64_t photo_count(db *d, int64_t vehicle_id, const char *what);

/* Read a photo's bytes from the store, checking them against its hash:
 * SY_INVALID saying so when the file is missing or changed. *data is
 * malloc'd. */
int photo_read(db *d, const struct photo *p, unsigned char **data, size_t *len, sy_err *err);
/* Is the file in the store there and unchanged? 0 yes, else -1 with why. */
int photo_file_ok(db *d, const struct photo *p, sy_err *err);

/* Every photo against its file and the audit entry that recorded it; cb
 * gets each one found wrong with a message saying how. *checked counts the
 * photos read; SY_INVALID when any was wrong. */
typedef int (*photo_problem_cb)(const struct photo *p, const char *msg, void *ctx);
int photo_verify(db *d, photo_problem_cb cb, void *ctx, int64_t *checked, sy_err *err);

/* Copy the files of the photos listed in the database h from one store
 * folder to another (a backup's, or back from it), verifying each copy by
 * its hash; files already there and whole are kept. Files missing from the
 * source are counted, not fatal. */
struct photo_copy {
	long copied, kept, missing;
	char first_missing[65]; /* the hash of the first one missing */
};
int photo_copy_listed(sqlite3 *h, const char *from, const char *to, struct photo_copy *out, sy_err *err);

/* One photo's bytes from a store, checked against its hash (free *data):
 * SY_INVALID when the stored file is missing or changed. */
int photo_read_stored(const char *store, const char *sha256, const char *type, unsigned char **data, size_t *len,
		      sy_err *err);

/* The newest JPEG or PNG in a folder (a camera's or a scanner's), by the
 * time it was written; its path into out. SY_INVALID when there is none. */
int photo_newest_file(const char *dir, char *out, size_t size, sy_err *err);

cJSON *photo_to_json(const struct photo *p);
#endif
