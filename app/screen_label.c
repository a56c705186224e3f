/* A label on screen before it is printed: rendered as the printer would
 * (label_render_ref) and drawn with block characters (bitmap_to_blocks).
 * F3 prints it through label_print, on the printer of the settings. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/label_print.h"
#include "app/screens.h"
#include "base/i18n.h"
#include "base/util.h"
#include "base/bitmap.h"

enum { ACT_PRINT = ACT_SCREEN };

struct label_preview {
	enum label_kind kind;
	char ref[64];
	struct bitmap *bm;
	double w_mm, h_mm;
	char *blocks;
	int cols, rows; /* the size the blocks were made for */
};

static const struct tui_key label_keys[] = {
	{TUI_FN(KEY_F(3)), ACT_PRINT, "Print", "打印", "Print this label", "打印此标签"},
	{'p', ACT_PRINT, NULL, NULL, NULL, NULL},
	{'P', ACT_PRINT, NULL, NULL, NULL, NULL},
	{0},
};

int tui_label_print(struct tui *t, int kind, const char *ref)
{
	struct label_print_opts o = {0};
	struct label_print_result res;
	sy_err err = {0};
	if (label_print(tui_db(t), (enum label_kind)kind, ref, &o, &res, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		return -1;
	}
	tui_info(t, C_("label screen", "Label of %s printed on %s"), ref, res.printer_name);
	return 0;
}

static int label_open(struct tui *t, const struct screen_ops *self, const void *arg, void **state)
{
	(void)self;
	const struct label_ref *r = arg;
	sy_err err = {0};
	if (!r || !r->ref)
		return -1;
	struct label_preview *p = xcalloc(1, sizeof *p);
	p->kind = (enum label_kind)r->kind;
	sy_strlcpy(p->ref, r->ref, sizeof p->ref);
	struct label_layout lay;
	if (label_render_ref(tui_db(t), p->kind, p->ref, NULL, NULL, NULL, &p->bm, &lay, &err) != SY_OK) {
		tui_error(t, "%s", err.msg);
		free(p);
		return -1;
	}
	p->w_mm = lay.width_mm;
	p->h_mm = lay.height_mm;
	*state = p;
	return 0;
}

static void label_close(struct tui *t, void *state)
{
	(void)t;
	struct label_preview *p = state;
	bitmap_free(p->bm);
	free(p->blocks);
	free(p);
}

static int label_key(struct tui *t, void *state, int action, int key)
{
	(void)key;
	struct label_preview *p = state;
	if (action != ACT_PRINT)
		return TUI_UNHANDLED;
	tui_label_print(t, p->kind, p->ref);
	return TUI_HANDLED;
}

static void label_draw(struct tui *t, void *state)
{
	struct label_preview *p = state;
	struct tui_rect r = tui_body(t);
	char text[256];
	snprintf(text, sizeof text, _("%s %s, %.0fx%.0f mm.  F3: print  Esc: back"),
		 code_label(label_kind_titles, label_kind_name(p->kind)), p->ref, p->w_mm, p->h_mm);
	tui_put(r.y, r.x + 1, r.w - 2, text, tui_style(STYLE_HINT));
	int cols = r.w - 4, rows = r.h - 3;
	if (!p->blocks || cols != p->cols || rows != p->rows) {
		size_t need = bitmap_to_blocks(p->bm, cols, rows, NULL, 0, NULL, NULL) + 1;
		free(p->blocks);
		p->blocks = xmalloc(need);
		bitmap_to_blocks(p->bm, cols, rows, p->blocks, need, NULL, NULL);
		p->cols = cols, p->rows = rows;
	}
	int y = r.y + 2;
	for (const char *s = p->blocks; *s && y < r.y + r.h; y++) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char line[4096];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), s);
		tui_put(y, r.x + 2, cols, line, A_NORMAL);
		s += n + (e ? 1 : 0);
	}
}

const struct screen_ops screen_label_preview = {
	.name = "label",
	.title_en = "Label",
	.title_zh = "标签预览",
	.keys = label_keys,
	.open = label_open,
	.draw = label_draw,
	.key = label_key,
	.close = label_close,
};
