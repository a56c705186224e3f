#include "db/sync_tables.h"

#include <string.h>

/* Parties are the yard's view of its buyers and handlers (its shipments
 * point at them); the head office's buyer list comes down into the same
 * table and goes back up as part of it. */
const char *const sync_owned_tables[] = {
	"vehicles", "parties", "shipments", "parts", "depollution", "waste", "waste_fills", "certificates", "audit", NULL,
};

int sync_is_owned(const char *table)
{
	for (const char *const *t = sync_owned_tables; *t; t++)
		if (strcmp(*t, table) == 0)
			return 1;
	return 0;
}
