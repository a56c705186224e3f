/* scrapyard audit verify|show|key: check the trail (chain, records, anchors)
 * and the photos' files against it, show a record's history, make the
 * yard's key for the keyed MAC. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/commands.h"
#include "db/audit.h"
#include "db/audit_read.h"
#include "db/backup.h"
#include "db/db.h"
#include "base/i18n.h"
#include "base/util.h"
#include "db/photo.h"

struct photo_check {
	cJSON *problems;
	int json;
};

/* A photo whose file is missing or changed: a line on stderr, or a JSON entry. */
static int photo_problem(const struct photo *p, const char *msg, void *ctx)
{
	struct photo_check *pc = ctx;
	if (!pc->json) {
		fprintf(stderr, "scrapyard: %s\n", msg);
		return 0;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "photo", (double)p->id);
	cJSON_AddStringToObject(o, "stock_no", p->stock_no);
	cJSON_AddStringToObject(o, "sha256", p->sha256);
	cJSON_AddStringToObject(o, "error", msg);
	cJSON_AddItemToArray(pc->problems, o);
	return 0;
}

/* What verify found, for the text and the JSON. */
struct findings {
	cJSON *list; /* --json */
	int shown;
};

#define FINDINGS_SHOWN 20

static void on_finding(const struct audit_finding *f, void *ctx)
{
	struct findings *x = ctx;
	if (x->list) {
		if (cJSON_GetArraySize(x->list) >= 1000)
			return;
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "entity", f->entity);
		if (f->id)
			cJSON_AddNumberToObject(o, "id", (double)f->id);
		cJSON_AddStringToObject(o, "ref", f->ref);
		if (*f->field)
			cJSON_AddStringToObject(o, "field", f->field);
		if (f->entry)
			cJSON_AddNumberToObject(o, "entry", (double)f->entry);
		cJSON_AddStringToObject(o, "error", f->what);
		cJSON_AddItemToArray(x->list, o);
		return;
	}
	if (x->shown++ < FINDINGS_SHOWN)
		printf(_("record does not agree with the audit trail: %s %s: %s\n"), f->entity, f->ref, f->what);
}

static cJSON *head_json(const struct audit_head *h)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "entry", (double)h->entry);
	cJSON_AddStringToObject(o, "hash", h->hash);
	return o;
}

static const struct cli_option audit_verify_opts[] = {CLI_ARG("against", 'a'), CLI_COMMON_LONGOPTS, {0}};
/* The chain, then the records against it, then the anchors: the exports
 * recorded in the database and, with --against, one kept outside it. */
static int audit_verify_cmd(struct cli *cli, int argc, char **argv)
{
	const char *against = NULL;
	int c;
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", audit_verify_opts)) != -1) {
		if (c == 'a')
			against = optarg;
		else if (c != 'J')
			return cli_usage("audit");
	}
	if (optind < argc)
		return cli_usage("audit");
	struct audit_head anchor = {0}, head;
	sy_err aerr = {0};
	if (against && backup_anchor_read(cli->session.db_path, against, &anchor, &aerr) != SY_OK)
		return cli_report(cli, &aerr);
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	int64_t bad = 0, checked = 0, last = 0, exported = 0, records = 0, nfound = 0;
	sy_err err = {0}, rerr = {0};
	/* One snapshot for the chain and the records: terminals writing
	 * meanwhile neither wait nor show up half. */
	if (db_begin_read(d, &err) != SY_OK)
		return cli_report(cli, &err);
	int rc = audit_verify(d, &err, &bad, &checked);
	if (rc != SY_OK && !bad) {
		db_end_read(d);
		return cli_report(cli, &err); /* could not read the trail at all */
	}
	if (audit_head(d, &head, &err) != SY_OK) {
		db_end_read(d);
		return cli_report(cli, &err);
	}
	/* An empty trail is no trail: every database this version made or
	 * opened has entries. */
	if (rc == SY_OK && checked == 0) {
		bad = 1;
		rc = sy_fail(&err, SY_INVALID, NULL, _("the audit trail is empty: its entries were deleted"));
	}
	/* The chain cannot show its newest entries cut off; an export that
	 * already included them can. */
	if (rc == SY_OK && audit_cut_after_export(d, &last, &exported)) {
		bad = last + 1;
		rc = sy_fail(&err, SY_INVALID, NULL,
			     _("entries %lld to %lld were removed: an export already included them"),
			     (long long)last + 1, (long long)exported);
	}
	int anchor_rc = against ? audit_anchor_check(d, &anchor, &aerr) : SY_OK;
	struct findings found = {cli->json ? cJSON_CreateArray() : NULL, 0};
	int replay_rc = audit_replay(d, on_finding, &found, &records, &nfound, &rerr);
	db_end_read(d);
	if (replay_rc == SY_ENV) {
		cJSON_Delete(found.list);
		return cli_report(cli, &rerr);
	}
	/* The photos' files against the hashes the trail holds. */
	struct photo_check pc = {.problems = cJSON_CreateArray(), .json = cli->json};
	int64_t photos = 0;
	sy_err perr = {0};
	int prc = photo_verify(d, photo_problem, &pc, &photos, &perr);
	if (prc != SY_OK && prc != SY_INVALID) {
		cJSON_Delete(pc.problems);
		cJSON_Delete(found.list);
		return cli_report(cli, &perr);
	}
	int ok = rc == SY_OK && anchor_rc == SY_OK && replay_rc == SY_OK && prc == SY_OK;
	/* Not the trail's fault, but the records' exposure: said, and the exit
	 * status is not 0. */
	char exposed[4200];
	unsigned mode = 0;
	int open_to_all = db_exposed(db_path(d), exposed, sizeof exposed, &mode);
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddBoolToObject(o, "intact", ok);
		cJSON_AddNumberToObject(o, "entries", (double)checked);
		cJSON_AddNumberToObject(o, "records", (double)records);
		cJSON_AddItemToObject(o, "head", head_json(&head));
		if (rc != SY_OK) {
			cJSON_AddNumberToObject(o, "broken_at", (double)bad);
			cJSON_AddStringToObject(o, "error", err.msg);
		}
		if (against) {
			cJSON *a = head_json(&anchor);
			cJSON_AddBoolToObject(a, "holds", anchor_rc == SY_OK);
			if (anchor_rc != SY_OK)
				cJSON_AddStringToObject(a, "error", aerr.msg);
			cJSON_AddItemToObject(o, "anchor", a);
		}
		cJSON_AddItemToObject(o, "findings", found.list);
		cJSON_AddNumberToObject(o, "photos", (double)photos);
		cJSON_AddItemToObject(o, "photo_problems", pc.problems);
		cJSON_AddBoolToObject(o, "private", !open_to_all);
		if (open_to_all) {
			char m[8];
			snprintf(m, sizeof m, "%04o", mode);
			cJSON *x = cJSON_AddObjectToObject(o, "exposed");
			cJSON_AddStringToObject(x, "path", exposed);
			cJSON_AddStringToObject(x, "mode", m);
		}
		cli_print_json(o);
		return ok && !open_to_all ? CLI_EXIT_OK : CLI_EXIT_INVALID;
	}
	if (open_to_all) {
		char *base = xstrdup(db_path(d));
		fprintf(stderr,
			_("scrapyard: warning: %s may be read by every user of this computer (mode %04o): owners' names and ID numbers are exposed; make it private: chmod o-rwx %s %s-wal %s-shm\n"),
			exposed, mode, base, base, base);
		free(base);
	}
	cJSON_Delete(pc.problems);
	if (found.shown > FINDINGS_SHOWN)
		printf(_("... and %d more records\n"), found.shown - FINDINGS_SHOWN);
	if (ok) {
		char text[120];
		audit_head_text(&head, text, sizeof text);
		if (photos)
			printf(_("audit trail intact, %lld entries; %lld photos match their hashes\n"), (long long)checked,
			       (long long)photos);
		else
			printf(_("audit trail intact, %lld entries\n"), (long long)checked);
		printf(_("%lld records agree with it; head: %s\n"), (long long)records, text);
		if (against)
			printf(_("the anchor holds: entry %lld has the hash it showed\n"), (long long)anchor.entry);
		return open_to_all ? CLI_EXIT_INVALID : CLI_EXIT_OK;
	}
	if (rc != SY_OK)
		cli_fail(cli, CLI_EXIT_INVALID, _("audit trail broken at entry %lld: %s"), (long long)bad, err.msg);
	if (anchor_rc != SY_OK)
		cli_fail(cli, CLI_EXIT_INVALID, _("the anchor does not hold: %s"), aerr.msg);
	if (replay_rc != SY_OK)
		cli_fail(cli, CLI_EXIT_INVALID, _("%lld records do not agree with the audit trail: they were changed outside scrapyard"),
			 (long long)nfound);
	if (prc != SY_OK)
		cli_fail(cli, CLI_EXIT_INVALID, "%s", perr.msg);
	return CLI_EXIT_INVALID;
}

static const struct cli_option audit_key_opts[] = {CLI_COMMON_LONGOPTS, {0}};
/* The yard's key for the keyed MAC, outside the database file (root only). */
static int audit_key_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind < argc)
		return cli_usage("audit");
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	char *path = NULL;
	int rc = audit_key_create(d, &path, &cli->err);
	if (rc != SY_OK) {
		free(path);
		return cli_report(cli, &cli->err);
	}
	if (cli->json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", path);
		free(path);
		return cli_print_json(o);
	}
	printf(_("the audit key is %s: from now on every audit entry carries a keyed MAC\n"), path);
	free(path);
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static char *value_text(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return xstrdup("-");
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	char *s = cJSON_PrintUnformatted(v);
	return s ? s : xstrdup("?");
}

/* The fields an entry changed: "key: old -> new", or "key: value" for a new record. */
static void print_changes(const char *old_text, const char *new_text)
{
	cJSON *old = old_text ? cJSON_Parse(old_text) : NULL, *new = new_text ? cJSON_Parse(new_text) : NULL, *item;
	cJSON_ArrayForEach(item, new)
	{
		cJSON *before = cJSON_GetObjectItemCaseSensitive(old, item->string);
		if (before && cJSON_Compare(before, item, 1))
			continue;
		if (!old && (cJSON_IsNull(item) || cJSON_IsFalse(item) || (cJSON_IsString(item) && !*item->valuestring)))
			continue;
		char *a = value_text(before), *b = value_text(item);
		if (old)
			printf("      %s: %s -> %s\n", item->string, a, b);
		else
			printf("      %s: %s\n", item->string, b);
		free(a);
		free(b);
	}
	cJSON_ArrayForEach(item, old)
	{
		if (new && cJSON_GetObjectItemCaseSensitive(new, item->string))
			continue;
		char *a = value_text(item);
		printf("      %s: %s -> -\n", item->string, a);
		free(a);
	}
	cJSON_Delete(old);
	cJSON_Delete(new);
}

static void add_json_text(cJSON *o, const char *key, const char *text)
{
	cJSON *parsed = text ? cJSON_Parse(text) : NULL;
	if (parsed)
		cJSON_AddItemToObject(o, key, parsed);
	else if (text)
		cJSON_AddStringToObject(o, key, text);
	else
		cJSON_AddNullToObject(o, key);
}

/* One record's history as it is shown. */
struct history {
	const char *entity, *ref;
	int64_t id;
	cJSON *entries; /* --json; NULL: printed */
	int n;
};

static int history_entry(const struct audit_entry *e, void *ctx)
{
	struct history *h = ctx;
	if (!h->n++ && !h->entries)
		printf("%s %lld%s%s%s\n", h->entity, (long long)h->id, h->ref ? " (" : "", h->ref ? h->ref : "",
		       h->ref ? ")" : "");
	if (h->entries) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)e->id);
		cJSON_AddStringToObject(o, "at", e->at);
		cJSON_AddStringToObject(o, "user", e->user);
		cJSON_AddStringToObject(o, "action", e->action);
		add_json_text(o, "old", e->old_json);
		add_json_text(o, "new", e->new_json);
		cJSON_AddStringToObject(o, "entity", e->entity);
		cJSON_AddNumberToObject(o, "entity_id", (double)e->entity_id);
		cJSON_AddItemToArray(h->entries, o);
		return 0;
	}
	char action[96];
	if (strcmp(e->entity, h->entity) == 0)
		snprintf(action, sizeof action, "%s", e->action);
	else
		snprintf(action, sizeof action, "%s %lld: %s", e->entity, (long long)e->entity_id, e->action);
	printf("  #%-6lld %s  %-12s %s\n", (long long)e->id, e->at, e->user, action);
	print_changes(e->old_json, e->new_json);
	return 0;
}

static int show_history(struct cli *cli, const char *entity, int64_t id, const char *ref)
{
	struct history h = {entity, ref, id, cli->json ? cJSON_CreateArray() : NULL, 0};
	cJSON *entries = h.entries;
	if (audit_history(cli->session.db, entity, id, history_entry, &h, &cli->err) != SY_OK) {
		cJSON_Delete(entries);
		return cli_report(cli, &cli->err);
	}
	if (!h.n) {
		cJSON_Delete(entries);
		return cli_fail(cli, CLI_EXIT_INVALID, _("no audit entries for %s %lld"), entity, (long long)id);
	}
	if (entries) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "entity", entity);
		cJSON_AddNumberToObject(o, "entity_id", (double)id);
		if (ref)
			cJSON_AddStringToObject(o, "ref", ref);
		cJSON_AddItemToObject(o, "entries", entries);
		return cli_print_json(o);
	}
	return 0;
}

static const struct cli_option audit_show_opts[] = {CLI_COMMON_LONGOPTS, {0}};

static int audit_show_cmd(struct cli *cli, int argc, char **argv)
{
	if (cli_common_options(argc, argv) != 0 || optind >= argc || argc - optind > 2)
		return cli_usage("audit");
	struct db *d = cli_db(cli);
	if (!d)
		return cli->err.status;
	int64_t id = 0;
	if (argc - optind == 2) {
		const char *entity = argv[optind], *key = argv[optind + 1];
		if (all_digits(key))
			return show_history(cli, entity, strtoll(key, NULL, 10), NULL);
		if (!audit_find_ref(d, entity, key, &id))
			return cli_fail(cli, CLI_EXIT_INVALID, _("no %s '%s': give its number or the record's id"), entity, key);
		return show_history(cli, entity, id, key);
	}
	const char *ref = argv[optind];
	const char *which = audit_find_ref(d, NULL, ref, &id);
	if (!which)
		return cli_fail(cli, CLI_EXIT_INVALID,
				_("'%s' is no stock, part or certificate number: give 'scrapyard audit show ENTITY ID' instead"),
				ref);
	return show_history(cli, which, id, ref);
}

static const struct subcommand audit_subs[] = {
	{"verify", audit_verify_cmd, .options = audit_verify_opts},
	{"show", audit_show_cmd, .options = audit_show_opts, .operand = CLI_OPERAND_VEHICLE},
	{"key", audit_key_cmd, .options = audit_key_opts},
	{0},
};

const struct command cmd_audit_command = {
	.name = "audit",
	.subs = audit_subs,
	.summary = N_("Check the audit trail, show a record's history"),
	.usage = N_("usage: scrapyard audit verify [--against EXPORT_DIR|BACKUP|ENTRY:HASH] [--json]\n"
	    "       scrapyard audit show REF|ENTITY ID [--json]\n"
	    "       scrapyard audit key   (as root: the key for a keyed MAC on every entry, kept beside the database)"),
};
