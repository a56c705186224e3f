/* Text on labels: FreeType with one CJK font (Chinese and Latin in the same
 * face), rendered grey and thresholded to 1 bit, fitted into a box by
 * shrinking, wrapping and at last eliding. Internal to forms/. */
#ifndef SY_LABEL_TEXT_H
#define SY_LABEL_TEXT_H
#include "base/err.h"
#include "base/bitmap.h"

struct label_font;

/* Font files tried in order when no path is configured: Debian packages
 * fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-cjk, fonts-arphic-uming,
 * fonts-droid-fallback. NULL-terminated. */
extern const char *const label_font_paths[];

/* Open the configured font (path may be NULL or empty: then the environment
 * variable SCRAPYARD_LABEL_FONT, then the known paths). Fonts stay loaded
 * for the life of the process with the glyphs drawn so far, so the next
 * open of the same file is a lookup; a file changed on disk is loaded
 * again, which ends the old handle: use a font only until the next open.
 * One thread draws labels. */
int label_font_open(const char *path, struct label_font **out, sy_err *err);
/* Done with the font for now (a kept font stays loaded). */
void label_font_close(struct label_font *f);
/* The file the font came from. */
const char *label_font_file(const struct label_font *f);

struct text_box {
	int x, y, w, h;
};

enum text_align { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };

struct text_style {
	int size;      /* largest size, dots of em height */
	int min_size;  /* smallest before eliding */
	int max_lines; /* wrap into at most this many lines (>= 1) */
	int bold;
	enum text_align align;
	int middle;    /* centre the lines vertically in the box */
};

/* What fitting did, for the tests. */
struct text_fit {
	int size;   /* size used */
	int lines;  /* lines drawn */
	int elided; /* text was cut and ended with an ellipsis */
	int width;  /* widest line drawn, dots */
};

/* Draw UTF-8 text into the box, never outside it: the largest size from
 * style->size down to style->min_size at which the text fits in
 * style->max_lines lines; otherwise the smallest size, the last line cut with
 * an ellipsis. Control characters are drawn as spaces, invalid bytes as
 * U+FFFD. Empty text draws nothing. fit may be NULL. */
void label_text_draw(struct label_font *f, struct bitmap *bm, const char *text, struct text_box box,
		     const struct text_style *style, struct text_fit *fit);

/* Width in dots of one line of text at size (no wrapping), for layouts. */
int label_text_width(struct label_font *f, const char *text, int size, int bold);

#endif
