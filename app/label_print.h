/* Printing labels as the command line and the screens do it: the label's
 * data from the database, the print queue, the printer and its settings.
 * Nothing here writes to the terminal: results and sy_err come back.
 *
 * Settings (`scrapyard printer use` writes them: for the yard in table
 * settings, or for a counter or a user, db/devices.h; a session reads the
 * printer its counter chose, else its user's, else the yard's, with that
 * choice's language, resolution, sizes and gap):
 *   label.printer    printer id or its start ("0a5f:0164"), "" the first found
 *   label.language   zpl | tspl | ql | dymo, for printers that do not say
 *   label.dpi        resolution, for printers the quirk table does not know
 *   label.size       media WIDTHxHEIGHT (mm, or 4x6in); label.size.KIND per kind
 *   label.gap        gap between TSPL labels in mm (default 2; 0 continuous)
 *   label.wait       seconds to wait for a Brother's "printing completed" (default 30)
 *   label.font       a CJK font file (else SCRAPYARD_LABEL_FONT, then the known ones) */
#ifndef SY_LABEL_PRINT_H
#define SY_LABEL_PRINT_H
#include "db/db.h"
#include "db/label_queue.h"
#include "db/part.h"
#include "db/site.h"
#include "db/vehicle.h"
#include "db/waste.h"
#include "drivers/printer.h"
#include "forms/label.h"

/* A label's data and the records its strings point into. */
struct label_source {
	struct label_input in;
	struct vehicle vehicle;
	struct part part;
	struct waste waste;
	struct waste_code waste_code; /* what the waste's label says about it */
	struct site site;
	char name[160], date[11];
};

/* Load a label by kind and REF: a vehicle by stock number, VIN or plate; a
 * part or core by part number; a waste container by its code. SY_INVALID
 * names what is missing (a core label needs one of the five assemblies
 * going to remanufacturing). */
int label_load(db *d, enum label_kind kind, const char *ref, struct label_source *src, sy_err *err);

/* As people read them: a label kind in a list ("part", "零部件"), a
 * label's title ("Part label", "零部件标签"), a print job's state. */
extern const struct code_label label_kind_words[];
extern const struct code_label label_kind_titles[];
extern const struct code_label label_job_states[];

struct label_settings {
	char printer[64];
	char language[8];
	int dpi;
	char size[LABEL_KIND_COUNT][32]; /* "" when not set */
	char font[256];
	double gap_mm; /* -1: the language's default */
	int wait_s;    /* 0: the default */
};
void label_settings_load(db *d, struct label_settings *s);

/* Media size for a kind: the request, the settings, else the language's
 * usual media (Brother 62x100 tape, DYMO 54x101, others 100x50); for a
 * hazardous waste label 100x100, the least HJ 1276-2022 allows. */
const char *label_size_for(const struct label_settings *s, enum label_kind kind, const char *lang, const char *asked);

/* A label laid out on its media: the size, the dots to render, and the job
 * that declares the media to the printer. */
struct label_layout {
	double width_mm, height_mm;
	int width_dots, height_dots, dpi;
	const struct printer_ql_media *roll; /* Brother: the roll, else NULL */
	struct printer_job job;
};

/* Lay KIND out for a printer: size (NULL: the settings', else the usual
 * one), media (a Brother roll by name: "62x100" die-cut labels, "62" tape;
 * elsewhere the same as size), and loaded, what the printer reported (NULL
 * or unknown: nothing is known). A Brother lays the label out on the roll
 * that is loaded; a label size that the loaded roll cannot take is refused
 * (SY_ENV) with what is loaded and what the label needs. pf->lang NULL:
 * plain dots at pf->dpi, for previews. */
int label_layout_for(const struct printer_profile *pf, const struct label_settings *s, enum label_kind kind,
		     const char *size, const char *media, const struct printer_status *loaded,
		     struct label_layout *out, sy_err *err);

/* Options of one print, on top of the settings (NULL / 0: the settings). */
struct label_print_opts {
	const char *printer;
	const char *language;
	int dpi;
	const char *size;
	int copies; /* 0: 1 */
};

struct label_print_result {
	struct label_job job;     /* as saved */
	char printer_name[136];
	enum printer_outcome outcome;
	struct printer_status status;
};

/* Print KIND REF: load it, record the job, open the printer, ask its
 * status (a Brother says which roll is loaded), render for that media and
 * resolution, send, and save how it went. SY_OK when the job is done;
 * SY_ENV when the printer refused or failed (the job stays queued, or sent
 * when the printer took it without confirming or holds it); SY_INVALID
 * for a REF that is not found (no job) or a label that cannot print as set
 * up (job failed). */
int label_print(db *d, enum label_kind kind, const char *ref, const struct label_print_opts *o,
		struct label_print_result *res, sy_err *err);

/* Try job id again; opts->printer overrides the job's printer. Refused
 * for a job already done. */
int label_retry(db *d, int64_t id, const struct label_print_opts *o, struct label_print_result *res, sy_err *err);

/* Render without a printer, for --format and previews: laid out as
 * label_layout_for does for profile pf with nothing loaded (pf NULL: a
 * preview in plain dots at the settings' resolution, else 203 dpi). */
int label_render_ref(db *d, enum label_kind kind, const char *ref, const struct printer_profile *pf, const char *size,
		     const char *media, struct bitmap **out, struct label_layout *lay, sy_err *err);

#endif
