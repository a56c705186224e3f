/* Numbers from the database for the shell's completion of a command line. */
#ifndef SY_DB_COMPLETE_H
#define SY_DB_COMPLETE_H

enum db_complete_what {
	DB_COMPLETE_VEHICLE, /* stock numbers, newest first */
	DB_COMPLETE_CERT,    /* certificate numbers, newest first */
};

/* Calls each with up to limit numbers that begin with prefix. The database
 * is opened read-only and never created or migrated; when it cannot be read
 * nothing is given (a completion is silent). Returns how many were given. */
int db_complete(const char *path, enum db_complete_what what, const char *prefix, int limit,
		void (*each)(const char *number, void *ctx), void *ctx);

#endif
