/* Message translation. Layers below app/ mark messages with _() too: they are
 * shown to clerks. N_() marks a string for translation where it is declared. */
#ifndef SY_I18N_H
#define SY_I18N_H
#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)
/* Pick the translated label of a bilingual pair declared as data. */
const char *sy_pick(const char *en, const char *zh);
/* True when the interface language is Chinese. */
int sy_lang_is_zh(void);
/* What separates the items of a list in a sentence: "、" in Chinese, ", "
 * otherwise. */
const char *sy_list_sep(void);
void sy_lang_set_zh(int zh);
#endif
