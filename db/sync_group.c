#include "db/sync_group.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

/* %TEXT% for LIKE, upper-cased as the index keys are, with the wildcards
 * of the text taken literally. */
static char *like_pattern(const char *text)
{
	size_t n = strlen(text);
	char *out = xmalloc(2 * n + 3), *o = out;
	*o++ = '%';
	for (const char *c = text; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*o++ = '\\';
		*o++ = *c;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

static int check_text(const char *text, sy_err *err)
{
	/* Characters, not bytes: 京A1 is three. */
	int chars = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c; c++)
		chars += (*c & 0xC0) != 0x80;
	if (chars < 3)
		return sy_fail(err, SY_INVALID, "search",
			       _("a search across the group's yards needs at least 3 characters (part of a VIN, plate or number)"));
	return SY_OK;
}

static void copy_field(char *dst, size_t size, PGresult *r, int row, int col)
{
	sy_strlcpy(dst, PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col), size);
}

#define FIELD(dst, col) copy_field((dst), sizeof(dst), r, row, (col))

/* The cap on the matches read: a fragment that a tenth of the group's
 * vehicles share must not fetch them all to sort them. */
static int candidates(int limit) { return limit > GROUP_CANDIDATES ? limit : GROUP_CANDIDATES; }

/* What a search across the group passes its query: the text as a LIKE
 * pattern, the rows wanted and the candidates read, as text. */
struct search_args {
	char *pattern;
	char limit[16], cap[16];
};

static int search_args(const char *text, int limit, struct search_args *a, sy_err *err)
{
	if (check_text(text, err) != SY_OK)
		return err->status;
	a->pattern = like_pattern(text);
	snprintf(a->limit, sizeof a->limit, "%d", limit);
	snprintf(a->cap, sizeof a->cap, "%d", candidates(limit));
	return SY_OK;
}

/* Whether the matches went past the cap, by the count the query gives in
 * column total of its rows. */
static int more_matches(PGresult *r, int total, int limit)
{
	return PQntuples(r) > 0 && atoi(PQgetvalue(r, 0, total)) >= candidates(limit);
}

int group_vehicle_search(pg *p, const char *text, int limit, group_vehicle_fn fn, void *ctx, int *more, sy_err *err)
{
	struct search_args a;
	*more = 0;
	if (search_args(text, limit, &a, err) != SY_OK)
		return err->status;
	const char *v[] = {a.pattern, a.limit, a.cap};
	PGresult *r = pg_query(p, err,
			       "SELECT yard, stock_no, vin, plate, brand_model, status, received_date, total"
			       " FROM sy.find_vehicles(upper($1), $2::int, $3::int)",
			       3, v);
	free(a.pattern);
	if (!r)
		return err->status;
	*more = more_matches(r, 7, limit);
	for (int row = 0; row < PQntuples(r); row++) {
		struct group_vehicle g;
		FIELD(g.yard, 0);
		FIELD(g.stock_no, 1);
		FIELD(g.vin, 2);
		FIELD(g.plate, 3);
		FIELD(g.brand_model, 4);
		FIELD(g.status, 5);
		FIELD(g.received_date, 6);
		if (fn(&g, ctx))
			break;
	}
	PQclear(r);
	return SY_OK;
}

int group_part_search(pg *p, const char *text, const char *status, int limit, group_part_fn fn, void *ctx, int *more,
		      sy_err *err)
{
	struct search_args a;
	*more = 0;
	if (search_args(text, limit, &a, err) != SY_OK)
		return err->status;
	const char *v[] = {a.pattern, status && *status ? status : "stock", a.limit, a.cap};
	/* The part number by its index, the kind through the catalogue, the
	 * source VIN through the vehicles' index: each a few index lookups. */
	PGresult *r = pg_query(
		p, err,
		"SELECT yard, yard_phone, part_no, kind, kind_en, kind_zh, grade, status, location, vin, brand_model, price, weight_kg,"
		" count(*) OVER () FROM (SELECT * FROM sy.group_parts g WHERE g.status = $2 AND (g.search_key LIKE upper($1)"
		"  OR g.kind IN (SELECT code FROM sy.part_kinds WHERE upper(code || ' ' || name_en || ' ' || name_zh) LIKE upper($1))"
		"  OR (g.yard_id, g.vehicle_id) IN (SELECT yard_id, id FROM sy.group_vehicles WHERE search_key LIKE upper($1)))"
		"  LIMIT $4::int) m"
		" ORDER BY created_at DESC, part_no DESC LIMIT $3::int",
		4, v);
	free(a.pattern);
	if (!r)
		return err->status;
	*more = more_matches(r, 13, limit);
	for (int row = 0; row < PQntuples(r); row++) {
		struct group_part g;
		FIELD(g.yard, 0);
		FIELD(g.yard_phone, 1);
		FIELD(g.part_no, 2);
		FIELD(g.kind, 3);
		FIELD(g.kind_en, 4);
		FIELD(g.kind_zh, 5);
		FIELD(g.grade, 6);
		FIELD(g.status, 7);
		FIELD(g.location, 8);
		FIELD(g.vin, 9);
		FIELD(g.brand_model, 10);
		g.price = PQgetisnull(r, row, 11) ? 0 : atof(PQgetvalue(r, row, 11));
		g.weight_kg = PQgetisnull(r, row, 12) ? 0 : atof(PQgetvalue(r, row, 12));
		if (fn(&g, ctx))
			break;
	}
	PQclear(r);
	return SY_OK;
}

int group_operations(pg *p, const char *from, const char *to, group_ops_fn fn, void *ctx, sy_err *err)
{
	const char *v[] = {from, to};
	PGresult *r = pg_query(p, err,
			       "SELECT yard, licence_no, intake, certificates, parts_harvested, parts_out, parts_in_stock, waste_kg,"
			       " material_out_kg, to_char(pushed_at, 'YYYY-MM-DD HH24:MI:SS') FROM sy.group_operations($1, $2)",
			       2, v);
	if (!r)
		return err->status;
	for (int row = 0; row < PQntuples(r); row++) {
		struct group_ops o;
		FIELD(o.yard, 0);
		FIELD(o.licence_no, 1);
		o.intake = atoll(PQgetvalue(r, row, 2));
		o.certificates = atoll(PQgetvalue(r, row, 3));
		o.parts_harvested = atoll(PQgetvalue(r, row, 4));
		o.parts_out = atoll(PQgetvalue(r, row, 5));
		o.parts_in_stock = atoll(PQgetvalue(r, row, 6));
		o.waste_kg = atof(PQgetvalue(r, row, 7));
		o.material_out_kg = atof(PQgetvalue(r, row, 8));
		FIELD(o.pushed_at, 9);
		if (fn(&o, ctx))
			break;
	}
	PQclear(r);
	return SY_OK;
}
