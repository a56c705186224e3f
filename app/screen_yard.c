/* The yard's own details, as printed on documents (read only here: they are
 * set with scrapyard init). */
#include <curses.h>
#include <stdlib.h>

#include "app/keys.h"
#include "app/screens.h"
#include "app/tui_view.h"
#include "base/i18n.h"
#include "db/site.h"
#include "base/util.h"

static int yard_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self, (void)arg;
	struct site site;
	struct tui_view *v = xcalloc(1, sizeof *v);
	if (site_get(tui_db(t), &site, NULL) != SY_OK) {
		tui_view_add(v, "", _("The yard is not set up: its name, licence and address are entered by the administrator first"),
			     STYLE_LATE);
	} else {
		tui_view_add(v, _("Name"), site.name, STYLE_NORMAL);
		tui_view_add(v, _("Licence no."), site.license_no, STYLE_NORMAL);
		tui_view_add(v, _("Address"), site.address, STYLE_NORMAL);
		tui_view_add(v, _("Phone"), site.phone, STYLE_NORMAL);
		tui_view_add(v, _("Credit code"), site.credit_code, STYLE_NORMAL);
		tui_view_add(v, _("Contact"), site.contact, STYLE_NORMAL);
		tui_view_add(v, _("Permit issued by"), site.permit_authority, STYLE_NORMAL);
		tui_view_add(v, _("Waste facility code"), site.waste_facility, STYLE_NORMAL);
		tui_view_add(v, "", _("The administrator changes them."), STYLE_HINT);
	}
	*state = v;
	return 0;
}

static void yard_close(struct tui *t, void *state)
{
	(void)t;
	tui_view_clear(state);
	free(state);
}

static void yard_draw(struct tui *t, void *state) { tui_view_draw(state, tui_body(t)); }

static int yard_key(struct tui *t, void *state, int action, int key)
{
	(void)t, (void)key;
	return tui_view_key(state, action);
}

const struct screen_ops screen_yard = {
	.name = "yard",
	.title_en = "Yard details",
	.title_zh = "企业信息",
	.base = keys_scroll,
	.open = yard_open,
	.draw = yard_draw,
	.key = yard_key,
	.close = yard_close,
};
