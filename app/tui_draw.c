/* Drawing primitives shared by the screens: styles, text in cells, boxes.
 * Widths come from base/text.h so that what we measure is what we draw;
 * padding follows the real cursor, so a disagreement never leaves debris. */
#include <curses.h>
#include <string.h>
#include <wchar.h>

#include "app/tui_core.h"
#include "base/text.h"

static int styles[STYLE_COUNT];

enum { PAIR_TITLE = 1, PAIR_BAR, PAIR_ERROR, PAIR_INFO, PAIR_HINT, PAIR_LATE, PAIR_HEADER, PAIR_MARK, PAIR_SELECTED };

void tui_styles_init(void)
{
	int colour = has_colors() && start_color() == OK && COLOR_PAIRS > PAIR_SELECTED;
	if (colour) {
		/* -1 keeps the terminal's own background where it allows that. */
		int bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
		int fg = bg == -1 ? -1 : COLOR_WHITE;
		init_pair(PAIR_TITLE, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_BAR, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_INFO, COLOR_GREEN, bg);
		init_pair(PAIR_HINT, COLOR_CYAN, bg);
		init_pair(PAIR_LATE, COLOR_RED, bg);
		init_pair(PAIR_HEADER, COLOR_BLACK, COLOR_GREEN);
		init_pair(PAIR_MARK, COLOR_YELLOW, bg);
		init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
		(void)fg;
	}
	styles[STYLE_NORMAL] = A_NORMAL;
	styles[STYLE_TITLE] = colour ? COLOR_PAIR(PAIR_TITLE) : A_REVERSE;
	styles[STYLE_BAR_KEY] = A_NORMAL;
	styles[STYLE_BAR_LABEL] = colour ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
	styles[STYLE_ERROR] = (colour ? COLOR_PAIR(PAIR_ERROR) : A_REVERSE) | A_BOLD;
	styles[STYLE_INFO] = colour ? COLOR_PAIR(PAIR_INFO) | A_BOLD : A_BOLD;
	styles[STYLE_SELECTED] = colour ? COLOR_PAIR(PAIR_SELECTED) : A_REVERSE;
	styles[STYLE_FIELD] = A_UNDERLINE;
	styles[STYLE_FIELD_FOCUS] = A_UNDERLINE | A_BOLD;
	styles[STYLE_HINT] = colour ? COLOR_PAIR(PAIR_HINT) : A_DIM;
	styles[STYLE_LATE] = colour ? COLOR_PAIR(PAIR_LATE) | A_BOLD : A_BOLD | A_UNDERLINE;
	styles[STYLE_HEADER] = colour ? COLOR_PAIR(PAIR_HEADER) : A_REVERSE;
	styles[STYLE_MARK] = colour ? COLOR_PAIR(PAIR_MARK) | A_BOLD : A_BOLD;
	styles[STYLE_BOX] = A_BOLD;
}

int tui_style(enum tui_style style) { return style >= 0 && style < STYLE_COUNT ? styles[style] : (int)A_NORMAL; }

int tui_width(const char *utf8) { return utf8 ? (int)text_display_width(utf8) : 0; }

/* What a code point is shown as: controls and invalid bytes as U+FFFD. */
static uint32_t shown(uint32_t cp, int decoded)
{
	if (decoded < 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0xFFFD;
	return cp;
}

/* The column where the character covering column x begins: x, or x - 1
 * when x is the right half of a wide character. Read from the window, left
 * to right, a character at a time. */
static int glyph_start(int y, int x)
{
	int c = 0;
	while (c < x) {
		cchar_t cell;
		wchar_t wch[CCHARW_MAX + 1] = {0};
		attr_t a;
		short pair;
		if (mvin_wch(y, c, &cell) == ERR || getcchar(&cell, wch, &a, &pair, NULL) == ERR)
			return x;
		int w = wcwidth(wch[0]);
		if (w < 1)
			w = 1;
		if (c + w > x)
			return c;
		c += w;
	}
	return x;
}

/* Before drawing over columns x .. x + w - 1 of row y: a wide character
 * that either edge would cut in half becomes two spaces first. Curses and
 * the terminal disagree about half a wide character (the terminal blanks
 * all of it, curses keeps the other half), and the cell curses believes is
 * still there is never drawn again: a row loses a character after a box
 * closes, or a box its border. */
static void unsplit(int y, int x, int w)
{
	int edges[2] = {x, x + w};
	for (int i = 0; i < 2; i++) {
		int at = edges[i];
		if (at <= 0 || at >= COLS)
			continue;
		int start = glyph_start(y, at);
		if (start < at)
			mvaddstr(y, start, "  ");
	}
}

int tui_put(int y, int x, int width, const char *s, int attr)
{
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	unsplit(y, x, width);
	attrset(attr);
	move(y, x);
	int used = 0;
	while (s && *s) {
		uint32_t cp;
		int n = text_utf8_decode(s, &cp);
		if (n == 0)
			break;
		cp = shown(cp, n);
		s += n < 0 ? 1 : n;
		int w = text_cp_width(cp);
		if (used + w > width)
			break;
		if (w == 0 && used == 0)
			continue; /* a combining mark with nothing to combine with */
		wchar_t wc = (wchar_t)cp;
		addnwstr(&wc, 1);
		used += w;
	}
	int cy, cx;
	getyx(stdscr, cy, cx);
	(void)cy;
	for (; cx < x + width; cx++)
		addch(' ');
	attrset(A_NORMAL);
	return used;
}

int tui_put_right(int y, int x, int width, const char *s, int attr)
{
	int w = tui_width(s);
	if (w >= width)
		return tui_put(y, x, width, s, attr);
	tui_put(y, x, width - w, "", attr);
	return tui_put(y, x + width - w, w, s, attr);
}

/* Wide-character line drawing: Unicode box characters in a UTF-8 locale, so
 * that screen captures and terminals without a line-drawing set agree. */
void tui_box(int y, int x, int h, int w, int attr)
{
	if (h < 2 || w < 2)
		return;
	for (int r = 0; r < h; r++)
		unsplit(y + r, x, w);
	attrset(attr);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvhline_set(y, x + 1, WACS_HLINE, w - 2);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	for (int r = 1; r < h - 1; r++) {
		/* Blank first, then the sides: a blank written over the second half of
		 * a wide character beneath clears its first half, the side with it. */
		mvhline(y + r, x, ' ', w);
		mvadd_wch(y + r, x, WACS_VLINE);
		mvadd_wch(y + r, x + w - 1, WACS_VLINE);
	}
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	attrset(A_NORMAL);
}

/* A scroll mark: more above (up) or below. */
void tui_scroll_mark(int y, int x, int up)
{
	unsplit(y, x, 1);
	attrset(tui_style(STYLE_MARK));
	mvadd_wch(y, x, up ? WACS_UARROW : WACS_DARROW);
	attrset(A_NORMAL);
}

size_t tui_fit(const char *s, int width)
{
	size_t at = 0;
	int used = 0;
	while (s[at]) {
		uint32_t cp;
		int n = text_utf8_decode(s + at, &cp);
		if (n <= 0)
			n = 1, cp = 0xFFFD;
		int w = text_cp_width(cp);
		if (used + w > width)
			break;
		used += w;
		at += (size_t)n;
	}
	return at;
}

void tui_box_lines(struct tui_rect r, const char *const *text, const int *attrs, int n)
{
	int w = 0;
	for (int i = 0; i < n; i++)
		if (tui_width(text[i]) > w)
			w = tui_width(text[i]);
	w += 6;
	if (w > r.w - 2)
		w = r.w - 2;
	int h = n + 4, y = r.y + (r.h - h) / 2, x = r.x + (r.w - w) / 2;
	tui_box(y, x, h, w, tui_style(STYLE_BOX));
	for (int i = 0; i < n; i++)
		tui_put(y + 2 + i, x + 3, w - 6, text[i], attrs[i]);
}

const char *tui_wrap_line(const char *s, int width, char *out, size_t size)
{
	size_t n = tui_fit(s, width);
	if (s[n]) {
		size_t space = n;
		while (space > 0 && s[space] != ' ')
			space--;
		if (space > 0)
			n = space;
	}
	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
	s += n;
	while (*s == ' ')
		s++;
	return s;
}
