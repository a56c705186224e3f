#include "app/cmd_group.h"

#include <stdio.h>
#include <string.h>

#include "app/cmdutil.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/sync.h"
#include "db/sync_group.h"

/* The head office this yard synchronises with (the address of its last sync). */
static pg *office(struct cli *cli)
{
	db *d = cli_db(cli);
	if (!d)
		return NULL;
	pg *p = sync_connect(d, NULL, &cli->err);
	if (!p)
		cli_report(cli, &cli->err);
	return p;
}

struct rows {
	cJSON *array;
	int n;
};

/* The same words as the yard's own vehicle list. */
static const char *status_word(const char *status)
{
	static const char *const words[][2] = {{"open", N_("open")}, {"closed", N_("closed")}, {"cancelled", N_("cancelled")}};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i][0], status) == 0)
			return _(words[i][1]);
	return status;
}

static int vehicle_row(const struct group_vehicle *v, void *ctx)
{
	struct rows *r = ctx;
	r->n++;
	if (r->array) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "yard", v->yard);
		cJSON_AddStringToObject(o, "stock_no", v->stock_no);
		cJSON_AddStringToObject(o, "vin", v->vin);
		cJSON_AddStringToObject(o, "plate", v->plate);
		cJSON_AddStringToObject(o, "brand_model", v->brand_model);
		cJSON_AddStringToObject(o, "status", v->status);
		cJSON_AddStringToObject(o, "received_date", v->received_date);
		cJSON_AddItemToArray(r->array, o);
		return 0;
	}
	cmdutil_cell(v->yard, 17);
	cmdutil_cell(v->stock_no, 14);
	cmdutil_cell(v->vin, 18);
	cmdutil_cell(*v->plate ? v->plate : "-", 11);
	cmdutil_cell(v->brand_model, 17);
	printf("%s %s\n", v->received_date, status_word(v->status));
	return 0;
}

static int finish(struct cli *cli, pg *p, int rc, struct rows *r, const char *none, int more)
{
	pg_close(p);
	if (rc == SY_OK && more)
		fprintf(stderr, _("more than %d records of the group match: the newest of the first %d are shown; type more characters\n"),
			GROUP_CANDIDATES, GROUP_CANDIDATES);
	if (rc != SY_OK || r->array)
		return cmdutil_json_done(cli, rc, r->array);
	if (!r->n)
		fprintf(stderr, "%s\n", none);
	return 0;
}

int group_vehicle_list(struct cli *cli, const char *search, int limit)
{
	pg *p = office(cli);
	if (!p)
		return cli->err.status;
	struct rows r = {.array = cli->json ? cJSON_CreateArray() : NULL};
	int more = 0;
	int rc = group_vehicle_search(p, search, limit, vehicle_row, &r, &more, &cli->err);
	return finish(cli, p, rc, &r, _("no vehicles found in the group's yards"), more);
}

static int part_row(const struct group_part *g, void *ctx)
{
	struct rows *r = ctx;
	r->n++;
	if (r->array) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "yard", g->yard);
		cJSON_AddStringToObject(o, "yard_phone", g->yard_phone);
		cJSON_AddStringToObject(o, "part_no", g->part_no);
		cJSON_AddStringToObject(o, "kind", g->kind);
		cJSON_AddStringToObject(o, "kind_en", g->kind_en);
		cJSON_AddStringToObject(o, "kind_zh", g->kind_zh);
		cJSON_AddStringToObject(o, "grade", g->grade);
		cJSON_AddStringToObject(o, "status", g->status);
		cJSON_AddStringToObject(o, "location", g->location);
		cJSON_AddStringToObject(o, "vin", g->vin);
		cJSON_AddStringToObject(o, "brand_model", g->brand_model);
		if (g->price > 0)
			cJSON_AddNumberToObject(o, "price", g->price);
		else
			cJSON_AddNullToObject(o, "price");
		if (g->weight_kg > 0)
			cJSON_AddNumberToObject(o, "weight_kg", g->weight_kg);
		else
			cJSON_AddNullToObject(o, "weight_kg");
		cJSON_AddItemToArray(r->array, o);
		return 0;
	}
	char num[32];
	cmdutil_cell(g->yard, 17);
	cmdutil_cell(g->part_no, 16);
	cmdutil_cell(sy_pick(g->kind_en, g->kind_zh), 18);
	cmdutil_cell(g->grade, 3);
	cmdutil_cell(g->vin, 18);
	printf("%s %s\n", g->price > 0 ? cmdutil_num(g->price, num) : "-", g->yard_phone);
	return 0;
}

int group_part_list(struct cli *cli, const char *search, const char *status, int limit)
{
	pg *p = office(cli);
	if (!p)
		return cli->err.status;
	struct rows r = {.array = cli->json ? cJSON_CreateArray() : NULL};
	int more = 0;
	int rc = group_part_search(p, search, status, limit, part_row, &r, &more, &cli->err);
	return finish(cli, p, rc, &r, _("no such part in the group's yards"), more);
}

static int ops_row(const struct group_ops *o, void *ctx)
{
	struct rows *r = ctx;
	r->n++;
	if (r->array) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "yard", o->yard);
		cJSON_AddStringToObject(j, "licence_no", o->licence_no);
		cJSON_AddNumberToObject(j, "intake", (double)o->intake);
		cJSON_AddNumberToObject(j, "certificates", (double)o->certificates);
		cJSON_AddNumberToObject(j, "parts_harvested", (double)o->parts_harvested);
		cJSON_AddNumberToObject(j, "parts_out", (double)o->parts_out);
		cJSON_AddNumberToObject(j, "parts_in_stock", (double)o->parts_in_stock);
		cJSON_AddNumberToObject(j, "waste_kg", o->waste_kg);
		cJSON_AddNumberToObject(j, "material_out_kg", o->material_out_kg);
		cJSON_AddStringToObject(j, "synchronised", o->pushed_at);
		cJSON_AddItemToArray(r->array, j);
		return 0;
	}
	char w[32], m[32];
	cmdutil_cell(o->yard, 20);
	printf("%8lld %8lld %8lld %8lld %8lld %10s %10s  %s\n", o->intake, o->certificates, o->parts_harvested, o->parts_out,
	       o->parts_in_stock, cmdutil_num(o->waste_kg, w), cmdutil_num(o->material_out_kg, m),
	       *o->pushed_at ? o->pushed_at : _("never"));
	return 0;
}

int group_report_operations(struct cli *cli, const char *from, const char *to)
{
	pg *p = office(cli);
	if (!p)
		return cli->err.status;
	struct rows r = {.array = cli->json ? cJSON_CreateArray() : NULL};
	if (!r.array) {
		printf(_("Operations of the group's yards, %s to %s (as last synchronised)\n"), *from ? from : "…", *to ? to : "…");
		cmdutil_cell(_("yard"), 20);
		printf("%8s %8s %8s %8s %8s %10s %10s  %s\n", _("intake"), _("certs"), _("parts"), _("out"), _("stock"),
		       _("waste kg"), _("sold kg"), _("synchronised"));
	}
	int rc = group_operations(p, *from ? from : "0000-00-00", *to ? to : "9999-99-99", ops_row, &r, &cli->err);
	return finish(cli, p, rc, &r, _("the head office knows no yards yet"), 0);
}
