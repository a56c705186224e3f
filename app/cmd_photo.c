/* scrapyard photo add|list|folder: evidence photos of a vehicle (db/photo.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cli.h"
#include "app/cmdutil.h"
#include "app/commands.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/photo.h"
#include "db/vehicle.h"

#define FOLDER_SETTING "photo.folder"

/* The database and the vehicle REF names: 0, or the exit status after printing why. */
static int open_vehicle(struct cli *cli, const char *ref, db **d, struct vehicle *v)
{
	*d = cli_db(cli);
	if (!*d)
		return cli->err.status;
	if (cmdutil_vehicle(cli, *d, ref, v))
		return cli->err.status ? cli->err.status : CLI_EXIT_INVALID;
	return 0;
}

static const struct cli_option photo_add_opts[] = {CLI_ENUM("what", 'w', "entry|rubbing|cut|battery|other"), CLI_ARG("step", 's'),
				     CLI_FLAG("newest", 'n'), CLI_COMMON_LONGOPTS, {0}};

static int photo_add_cmd(struct cli *cli, int argc, char **argv)
{
	struct photo_input in = {0};
	int newest = 0, c;
	char path[4096];
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", photo_add_opts)) != -1) {
		switch (c) {
		case 'w': in.what = optarg; break;
		case 's': in.step = optarg; break;
		case 'n': newest = 1; break;
		case 'J': break;
		default: return cli_usage("photo");
		}
	}
	if (optind != argc - (newest ? 1 : 2))
		return cli_usage("photo");
	db *d;
	struct vehicle v;
	int rc = open_vehicle(cli, argv[optind], &d, &v);
	if (rc)
		return rc;
	if (newest) {
		char *folder = db_setting(d, FOLDER_SETTING);
		rc = folder ? photo_newest_file(folder, path, sizeof path, &cli->err) : SY_INVALID;
		free(folder);
		if (rc != SY_OK)
			return folder ? cli_report(cli, &cli->err)
				      : cli_fail(cli, CLI_EXIT_INVALID, _("no camera folder is set: 'scrapyard photo folder PATH' sets it"));
		in.path = path;
	} else {
		in.path = argv[optind + 1];
	}
	struct photo p;
	if (photo_add(d, &v, &in, &p, &cli->err) != SY_OK)
		return cli_report(cli, &cli->err);
	if (cli->json)
		return cli_print_json(photo_to_json(&p));
	printf(_("photo %lld of %s (%s): %s, %d x %d, SHA-256 %.16s...\n"), (long long)p.id, p.stock_no,
	       code_label(photo_kinds, p.what), p.original_name, p.width, p.height, p.sha256);
	return 0;
}

struct list_ctx {
	db *d;
	cJSON *array;
	int rows, bad;
};

static int list_row(const struct photo *p, void *arg)
{
	struct list_ctx *ctx = arg;
	sy_err why = {0};
	int ok = photo_file_ok(ctx->d, p, &why) == 0;
	ctx->rows++;
	ctx->bad += !ok;
	if (ctx->array) {
		cJSON *o = photo_to_json(p);
		char *store = photo_store(ctx->d);
		char *file = photo_path(store, p->sha256, p->type);
		cJSON_AddStringToObject(o, "file", file);
		cJSON_AddBoolToObject(o, "file_ok", ok);
		if (!ok)
			cJSON_AddStringToObject(o, "problem", why.msg);
		free(store);
		free(file);
		cJSON_AddItemToArray(ctx->array, o);
		return 0;
	}
	char id[24], size[32];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	snprintf(size, sizeof size, "%dx%d", p->width, p->height);
	cmdutil_cell(id, 6);
	cmdutil_cell(code_label(photo_kinds, p->what), 26);
	cmdutil_cell(*p->step ? p->step : "-", 18);
	cmdutil_cell(p->added_at, 20);
	cmdutil_cell(size, 11);
	printf("%.12s  %s\n", p->sha256, ok ? p->original_name : why.msg);
	return 0;
}

static const struct cli_option photo_list_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int photo_list_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind != argc - 1)
		return cli_usage("photo");
	db *d;
	struct vehicle v;
	int rc = open_vehicle(cli, argv[optind], &d, &v);
	if (rc)
		return rc;
	struct list_ctx ctx = {.d = d, .array = cli->json ? cJSON_CreateArray() : NULL};
	rc = photo_list(d, v.id, list_row, &ctx, &cli->err);
	if (rc != SY_OK || ctx.array)
		return cmdutil_json_done(cli, rc, ctx.array);
	if (!ctx.rows)
		printf(_("no photos of %s\n"), v.stock_no);
	if (ctx.bad)
		return cli_fail(cli, CLI_EXIT_INVALID, _("%d photo files of %s are missing or changed: restore them from a backup"), ctx.bad,
				v.stock_no);
	return 0;
}

static const struct cli_option photo_folder_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int photo_folder_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind < argc - 1)
		return cli_usage("photo");
	db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	if (optind == argc - 1) {
		const char *folder = strcmp(argv[optind], "-") == 0 ? "" : argv[optind];
		struct stat st;
		if (*folder && (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)))
			return cli_fail(cli, CLI_EXIT_INVALID, _("%s is not a folder: give the folder the camera or scanner saves into"), folder);
		if (db_set_setting(d, &cli->err, FOLDER_SETTING, folder) != SY_OK)
			return cli_report(cli, &cli->err);
	}
	char *folder = db_setting(d, FOLDER_SETTING);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		if (folder && *folder)
			cJSON_AddStringToObject(o, "folder", folder);
		else
			cJSON_AddNullToObject(o, "folder");
		free(folder);
		return cli_print_json(o);
	}
	printf("%s\n", folder && *folder ? folder : _("no camera folder is set"));
	free(folder);
	return 0;
}

static const struct subcommand photo_subs[] = {
	{"add", photo_add_cmd, .options = photo_add_opts, .operand = CLI_OPERAND_VEHICLE},
	{"list", photo_list_cmd, .options = photo_list_opts, .operand = CLI_OPERAND_VEHICLE},
	{"folder", photo_folder_cmd, .options = photo_folder_opts, .operand = CLI_OPERAND_FILE},
	{0},
};

const struct command cmd_photo_command = {
	.name = "photo",
	.subs = photo_subs,
	.summary = N_("Evidence photos of a vehicle: attach, list, the camera folder"),
	.usage = N_("usage: scrapyard photo add REF FILE --what entry|rubbing|cut|battery|other [--step STEP] [--json]\n"
	    "       scrapyard photo add REF --newest --what KIND   (the newest picture in the camera folder)\n"
	    "       scrapyard photo list REF [--json]\n"
	    "       scrapyard photo folder [PATH|-]   (the camera or scanner folder the screens take the newest from)\n"
	    "   JPEG or PNG, at most 20 MB and 50 megapixels"),
};
