#include "base/i18n.h"

static int lang_zh;

const char *sy_pgettext(const char *ctx_and_msgid, const char *msgid)
{
	const char *t = gettext(ctx_and_msgid);
	return t == ctx_and_msgid ? msgid : t; /* untranslated: the English without its context */
}

const char *sy_pick(const char *en, const char *zh) { return lang_zh && zh && *zh ? zh : en; }
int sy_lang_is_zh(void) { return lang_zh; }
void sy_lang_set_zh(int zh) { lang_zh = zh; }

const char *sy_list_sep(void) { return sy_lang_is_zh() ? "、" : ", "; }
