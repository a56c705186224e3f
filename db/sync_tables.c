#include "db/sync_tables.h"

#include <string.h>

/* Parties are the yard's view of its buyers and handlers (its shipments
 * point at them); the head office's buyer list comes down into the same
 * table and goes back up as part of it. */
const char *const sync_owned_tables[] = {
	"vehicles", "parties", "shipments", "parts", "depollution", "waste", "waste_fills", "certificates", "filings",
	"photos", "audit", NULL,
};

/* Tables named here after the sync began (schema step 9), with the step
 * that made them: a yard already synchronising sends their rows when it
 * upgrades past it (db/db.c). Photos go up as their rows; the files stay. */
static const struct {
	const char *table;
	int since;
} owned_later[] = {
	{"filings", 12},
	{"photos", 12},
};

int sync_owned_since(const char *table)
{
	for (size_t i = 0; i < sizeof owned_later / sizeof owned_later[0]; i++)
		if (strcmp(owned_later[i].table, table) == 0)
			return owned_later[i].since;
	return SYNC_FIRST_STEP;
}

int sync_is_owned(const char *table)
{
	for (const char *const *t = sync_owned_tables; *t; t++)
		if (strcmp(*t, table) == 0)
			return 1;
	return 0;
}
