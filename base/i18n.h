/* Message translation. Layers below app/ mark messages with _() too: they are
 * shown to clerks. N_() marks a string for translation where it is declared. */
#ifndef SY_I18N_H
#define SY_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
/* A message whose English stands elsewhere with another translation
 * ("Reason" asked for vs the void reason on a record): ctx tells them
 * apart in po/ (msgctxt ctx). Extracted with --keyword=C_:1c,2. */
#define C_(ctx, s) sy_pgettext(ctx "\004" s, s)
const char *sy_pgettext(const char *ctx_and_msgid, const char *msgid) __attribute__((format_arg(2)));
/* Pick the translated label of a bilingual pair declared as data. Either
 * may be a format string: -Wformat checks both against the arguments. */
const char *sy_pick(const char *en, const char *zh) __attribute__((format_arg(1), format_arg(2)));
/* True when the interface language is Chinese. */
int sy_lang_is_zh(void);
/* What separates the items of a list in a sentence: "、" in Chinese, ", "
 * otherwise. */
const char *sy_list_sep(void);
void sy_lang_set_zh(int zh);
#endif
