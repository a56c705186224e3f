/* Hazard pictograms as shapes in a unit square: each sign is a short list
 * of filled circles, polygons and thick strokes, black or white, painted in
 * order over the square's dots (the last shape covering a dot decides it).
 * Coordinates run from 0 to 1, y downwards; the frame is the square set on
 * its point, so a sign keeps to the middle, above the name. */
#include "forms/label_mark.h"

#include <math.h>
#include <string.h>

enum shape_kind { S_END, S_CIRCLE, S_POLY, S_STROKE };

struct shape {
	unsigned char kind, black, n; /* n points for S_POLY */
	float w;                      /* stroke width */
	float p[32];                  /* circle: cx, cy, r; stroke: x1, y1, x2, y2; polygon: x, y pairs */
};

#define CIRCLE(b, x, y, r) {S_CIRCLE, b, 0, 0, {x, y, r}}
#define STROKE(b, w, x1, y1, x2, y2) {S_STROKE, b, 0, w, {x1, y1, x2, y2}}
#define POLY(b, n, ...) {S_POLY, b, n, 0, {__VA_ARGS__}}

/* Skull and crossbones. */
static const struct shape toxic[] = {
	STROKE(1, 0.045f, 0.36f, 0.47f, 0.64f, 0.60f), STROKE(1, 0.045f, 0.64f, 0.47f, 0.36f, 0.60f),
	CIRCLE(1, 0.355f, 0.455f, 0.028f), CIRCLE(1, 0.345f, 0.49f, 0.028f), CIRCLE(1, 0.645f, 0.455f, 0.028f),
	CIRCLE(1, 0.655f, 0.49f, 0.028f), CIRCLE(1, 0.355f, 0.615f, 0.028f), CIRCLE(1, 0.345f, 0.58f, 0.028f),
	CIRCLE(1, 0.645f, 0.615f, 0.028f), CIRCLE(1, 0.655f, 0.58f, 0.028f),
	CIRCLE(1, 0.50f, 0.33f, 0.115f), POLY(1, 4, 0.435f, 0.38f, 0.565f, 0.38f, 0.555f, 0.485f, 0.445f, 0.485f),
	CIRCLE(0, 0.455f, 0.325f, 0.034f), CIRCLE(0, 0.545f, 0.325f, 0.034f),
	POLY(0, 3, 0.50f, 0.37f, 0.485f, 0.40f, 0.515f, 0.40f),
	STROKE(0, 0.012f, 0.475f, 0.435f, 0.475f, 0.485f), STROKE(0, 0.012f, 0.50f, 0.435f, 0.50f, 0.485f),
	STROKE(0, 0.012f, 0.525f, 0.435f, 0.525f, 0.485f),
	{S_END, 0, 0, 0, {0}},
};

/* Two tubes pouring: the drops eat into a bar (left) and a hand (right). */
static const struct shape corrosive[] = {
	POLY(1, 4, 0.345f, 0.315f, 0.375f, 0.28f, 0.475f, 0.36f, 0.445f, 0.395f),
	POLY(1, 4, 0.525f, 0.36f, 0.625f, 0.28f, 0.655f, 0.315f, 0.555f, 0.395f),
	CIRCLE(1, 0.43f, 0.44f, 0.016f), CIRCLE(1, 0.57f, 0.44f, 0.016f),
	CIRCLE(1, 0.425f, 0.48f, 0.013f), CIRCLE(1, 0.575f, 0.48f, 0.013f),
	POLY(1, 4, 0.29f, 0.53f, 0.48f, 0.53f, 0.48f, 0.585f, 0.29f, 0.585f),
	CIRCLE(0, 0.425f, 0.53f, 0.026f),
	POLY(1, 6, 0.52f, 0.54f, 0.65f, 0.525f, 0.71f, 0.55f, 0.71f, 0.585f, 0.60f, 0.595f, 0.52f, 0.585f),
	CIRCLE(0, 0.575f, 0.535f, 0.024f),
	STROKE(1, 0.02f, 0.27f, 0.63f, 0.73f, 0.63f),
	{S_END, 0, 0, 0, {0}},
};

/* A flame over a bar. */
static const struct shape ignitable[] = {
	POLY(1, 14, 0.50f, 0.18f, 0.56f, 0.27f, 0.62f, 0.35f, 0.645f, 0.45f, 0.63f, 0.53f, 0.59f, 0.58f,
	     0.50f, 0.605f, 0.41f, 0.58f, 0.37f, 0.53f, 0.355f, 0.45f, 0.38f, 0.37f, 0.42f, 0.43f,
	     0.45f, 0.33f, 0.48f, 0.25f),
	POLY(0, 7, 0.50f, 0.38f, 0.545f, 0.46f, 0.56f, 0.53f, 0.53f, 0.57f, 0.47f, 0.57f, 0.44f, 0.53f,
	     0.46f, 0.47f),
	STROKE(1, 0.035f, 0.33f, 0.655f, 0.67f, 0.655f),
	{S_END, 0, 0, 0, {0}},
};

/* A bomb bursting: the body, its fuse and the sparks. */
static const struct shape reactive[] = {
	CIRCLE(1, 0.45f, 0.52f, 0.105f),
	POLY(1, 4, 0.505f, 0.395f, 0.55f, 0.365f, 0.595f, 0.43f, 0.55f, 0.46f),
	STROKE(1, 0.016f, 0.57f, 0.39f, 0.60f, 0.345f),
	STROKE(1, 0.02f, 0.61f, 0.33f, 0.61f, 0.25f), STROKE(1, 0.02f, 0.625f, 0.335f, 0.68f, 0.285f),
	STROKE(1, 0.02f, 0.63f, 0.35f, 0.705f, 0.35f), STROKE(1, 0.02f, 0.625f, 0.365f, 0.675f, 0.415f),
	STROKE(1, 0.02f, 0.595f, 0.335f, 0.55f, 0.285f),
	CIRCLE(0, 0.41f, 0.48f, 0.02f),
	{S_END, 0, 0, 0, {0}},
};

/* The biohazard sign: three crescents round a ring. */
static const struct shape infectious[] = {
	CIRCLE(1, 0.50f, 0.335f, 0.095f), CIRCLE(1, 0.385f, 0.535f, 0.095f), CIRCLE(1, 0.615f, 0.535f, 0.095f),
	CIRCLE(0, 0.50f, 0.305f, 0.068f), CIRCLE(0, 0.358f, 0.55f, 0.068f), CIRCLE(0, 0.642f, 0.55f, 0.068f),
	CIRCLE(1, 0.50f, 0.465f, 0.062f), CIRCLE(0, 0.50f, 0.465f, 0.040f),
	CIRCLE(0, 0.50f, 0.465f, 0.018f),
	STROKE(0, 0.014f, 0.50f, 0.465f, 0.50f, 0.37f), STROKE(0, 0.014f, 0.50f, 0.465f, 0.41f, 0.52f),
	STROKE(0, 0.014f, 0.50f, 0.465f, 0.59f, 0.52f),
	{S_END, 0, 0, 0, {0}},
};

static const struct {
	const char *letter, *name;
	const struct shape *sign;
} hazards[HAZARD_COUNT] = {
	[HAZARD_TOXIC] = {"T", "毒性", toxic},
	[HAZARD_CORROSIVE] = {"C", "腐蚀性", corrosive},
	[HAZARD_IGNITABLE] = {"I", "易燃性", ignitable},
	[HAZARD_REACTIVE] = {"R", "反应性", reactive},
	[HAZARD_INFECTIOUS] = {"In", "感染性", infectious},
};

const char *label_hazard_letter(enum label_hazard h) { return (unsigned)h < HAZARD_COUNT ? hazards[h].letter : "?"; }
const char *label_hazard_name(enum label_hazard h) { return (unsigned)h < HAZARD_COUNT ? hazards[h].name : "?"; }

int label_hazards_parse(const char *text, enum label_hazard out[HAZARD_COUNT])
{
	int seen[HAZARD_COUNT] = {0}, n = 0;
	const char *s = text ? text : "";
	while (*s) {
		while (*s == ' ' || *s == ',' || *s == ';' || *s == '/')
			s++;
		if (strncmp(s, "、", 3) == 0 || strncmp(s, "，", 3) == 0) {
			s += 3;
			continue;
		}
		int found = -1;
		size_t len = 0;
		for (int h = 0; h < HAZARD_COUNT && found < 0; h++) {
			size_t ln = strlen(hazards[h].name), ll = strlen(hazards[h].letter);
			/* "In" before "I"; a letter stands alone (not the start of a word). */
			if (strncmp(s, hazards[h].name, ln) == 0)
				found = h, len = ln;
			else if (strncmp(s, hazards[h].letter, ll) == 0 && (s[ll] == '\0' || s[ll] == ',' || s[ll] == ' ' ||
									 s[ll] == ';' || s[ll] == '/' || (unsigned char)s[ll] >= 0x80))
				found = h, len = ll;
		}
		if (found < 0) {
			s++; /* an unknown character: on to the next */
			continue;
		}
		if (!seen[found])
			seen[found] = 1;
		s += len;
	}
	for (int h = 0; h < HAZARD_COUNT; h++)
		if (seen[h])
			out[n++] = (enum label_hazard)h;
	return n;
}

/* Distance from (x, y) to the segment, squared. */
static float segment_distance2(float x, float y, const float *p)
{
	float dx = p[2] - p[0], dy = p[3] - p[1], len2 = dx * dx + dy * dy;
	float t = len2 > 0 ? ((x - p[0]) * dx + (y - p[1]) * dy) / len2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	float ex = p[0] + t * dx - x, ey = p[1] + t * dy - y;
	return ex * ex + ey * ey;
}

static int in_polygon(float x, float y, const float *p, int n)
{
	int inside = 0;
	for (int i = 0, j = n - 1; i < n; j = i++) {
		float xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
		if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
			inside = !inside;
	}
	return inside;
}

static int covers(const struct shape *s, float x, float y)
{
	switch (s->kind) {
	case S_CIRCLE: return (x - s->p[0]) * (x - s->p[0]) + (y - s->p[1]) * (y - s->p[1]) <= s->p[2] * s->p[2];
	case S_STROKE: return segment_distance2(x, y, s->p) <= s->w * s->w / 4;
	case S_POLY: return in_polygon(x, y, s->p, s->n);
	default: return 0;
	}
}

/* Frame: the square on its point, its border about a twentieth of the side. */
#define FRAME_OUT 0.49f
#define FRAME_IN 0.435f

void label_hazard_draw(struct bitmap *bm, struct label_font *f, enum label_hazard h, struct text_box box)
{
	if ((unsigned)h >= HAZARD_COUNT)
		return;
	int side = box.w < box.h ? box.w : box.h;
	if (side < 8)
		return;
	int x0 = box.x + (box.w - side) / 2, y0 = box.y + (box.h - side) / 2;
	for (int py = 0; py < side; py++) {
		float y = (py + 0.5f) / side;
		for (int px = 0; px < side; px++) {
			float x = (px + 0.5f) / side, d = fabsf(x - 0.5f) + fabsf(y - 0.5f);
			if (d > FRAME_OUT)
				continue;
			int black = d > FRAME_IN;
			for (const struct shape *s = hazards[h].sign; s->kind != S_END && !(d > FRAME_IN); s++)
				if (covers(s, x, y))
					black = s->black;
			if (black)
				bitmap_set(bm, x0 + px, y0 + py, 1);
		}
	}
	/* The name in the lower corner of the square, inside its frame. */
	struct text_box name = {x0 + side * 31 / 100, y0 + side * 68 / 100, side * 38 / 100, side * 12 / 100};
	struct text_style st = {.size = name.h, .min_size = 6, .max_lines = 1, .bold = 1, .align = TEXT_CENTER, .middle = 1};
	if (f)
		label_text_draw(f, bm, hazards[h].name, name, &st, NULL);
}

void label_hazards_draw(struct bitmap *bm, struct label_font *f, const char *text, struct text_box box)
{
	enum label_hazard list[HAZARD_COUNT];
	int n = label_hazards_parse(text, list);
	if (n == 0)
		return;
	/* As many columns as make the pictograms largest. */
	int best_cols = 1, best_side = 0;
	for (int cols = 1; cols <= n; cols++) {
		int rows = (n + cols - 1) / cols, side = box.w / cols < box.h / rows ? box.w / cols : box.h / rows;
		if (side > best_side)
			best_side = side, best_cols = cols;
	}
	int rows = (n + best_cols - 1) / best_cols;
	int used_w = best_cols * best_side, used_h = rows * best_side;
	int x0 = box.x + (box.w - used_w) / 2, y0 = box.y + (box.h - used_h) / 2;
	for (int i = 0; i < n; i++) {
		struct text_box cell = {x0 + (i % best_cols) * best_side, y0 + (i / best_cols) * best_side, best_side,
					best_side};
		label_hazard_draw(bm, f, list[i], cell);
	}
}
