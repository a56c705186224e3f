/* Every screen of the full-screen program. A new screen: declare it here and
 * add a line to a menu table in app/screen_menu.c. */
#ifndef SY_SCREENS_H
#define SY_SCREENS_H
#include "app/tui_screen.h"
#include "base/err.h"

extern const struct screen_ops screen_main;     /* the main menu (arg: none) */
extern const struct screen_ops screen_settings; /* the settings menu */
extern const struct screen_ops screen_help;     /* F1 (arg: the screen explained) */
extern const struct screen_ops screen_checkin;  /* the intake form */
extern const struct screen_ops screen_search;   /* find a vehicle (arg: text to start with, or NULL) */
extern const struct screen_ops screen_vehicle;  /* one vehicle (arg: const int64_t *id) */
extern const struct screen_ops screen_vehicle_correct; /* correct its record (arg: const int64_t *id) */
extern const struct screen_ops screen_due;      /* filings due or late */
extern const struct screen_ops screen_yard;     /* the yard's own details */
extern const struct screen_ops screen_login;
/* The argument of screen_login after a log-out: the name field starts empty. */
#define TUI_LOGIN_NEXT ((const void *)1)    /* user name and PIN */
extern const struct screen_ops screen_dismantling; /* pretreatment checklist (arg: const int64_t *vehicle id) */
extern const struct screen_ops screen_cert_issue;  /* issue a certificate (arg: const int64_t *vehicle id) */
extern const struct screen_ops screen_cert_list;   /* certificates: void, PDF again */
extern const struct screen_ops screen_devices;     /* label printer and scale */
extern const struct screen_ops screen_backup;      /* back the database up to a USB stick */
extern const struct screen_ops screen_waste;       /* hazardous waste containers */
extern const struct screen_ops screen_label_preview; /* a label before printing (arg: const struct label_ref *) */
extern const struct screen_ops screen_inventory;   /* parts in stock: search, move, sell (arg: text or NULL) */
extern const struct screen_ops screen_part_entry;  /* parts from one vehicle (arg: const int64_t *vehicle id) */
extern const struct screen_ops screen_filings;     /* what is owed to the authorities, and what was filed */
extern const struct screen_ops screen_filing_sheet; /* one filing: what to file (arg: const int64_t *filing id) */

/* A label to show or print: its kind (enum label_kind of forms/label.h) and reference. */
struct label_ref {
	int kind;
	const char *ref;
};
/* Print a label through label_print and say how it went on the status line;
 * 0 when printed. */
int tui_label_print(struct tui *t, int kind, const char *ref);

/* Does this yard want a login before writing, and nobody is logged in? */
int tui_login_required(struct tui *t);
/* 0 when the user at the screen may do a supervisor's work (a yard without
 * users: anyone); else -1 with err filled (`nobody` when no one logged in). */
int tui_supervisor(struct tui *t, const char *nobody, sy_err *err);

#endif
