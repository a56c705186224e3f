/* Label rendering: media sizes, every kind on wide and tall media, nothing
 * drawn into the margin however long the text, the reuse and police marks,
 * required fields, font errors, text fitting, barcodes, the terminal
 * preview and PNG files, byte-wise drawing, the font kept between renders. */
#include "tests/check.h"

#include <stdlib.h>
#include <unistd.h>

#include "forms/label.h"
#include "forms/label_code.h"
#include "forms/label_mark.h"
#include "forms/label_text.h"

static const char *const longtext =
	"发动机舱左前翼子板总成（含支架、线束卡扣与隔音棉）Left front fender assembly with brackets and clips";

static void fill(enum label_kind kind, int is_long, struct label_input *in)
{
	const char *t = is_long ? longtext : NULL;
	memset(in, 0, sizeof *in);
	in->kind = kind;
	switch (kind) {
	case LABEL_VEHICLE:
		in->u.vehicle = (struct label_vehicle){"V2024-000123", "LSVAB4182E2123456", t ? t : "粤B12345",
						      t ? t : "大众 朗逸", "2024-05-08", 1};
		break;
	case LABEL_PART:
		in->u.part = (struct label_part){.part_no = "P2024-004567", .name = t ? t : "左前车门", .grade = t ? t : "A",
						 .source_vin = "LSVAB4182E2123456", .stock_no = "V2024-000123",
						 .weight_kg = 23.5, .location = t ? t : "B-12-3", .note = t,
						 .for_reuse = 1};
		break;
	case LABEL_CORE:
		in->u.core = (struct label_core){ASSEMBLY_FRAME, "C2024-000042", "LSVAB4182E2123456", "V2024-000123",
						 t ? t : "东莞市绿环报废汽车回收有限公司", "2024-05-20"};
		break;
	case LABEL_WASTE:
		in->u.waste = (struct label_waste){t ? t : "废矿物油", "HW08", "900-214-08", 180, "kg", "HW08-2024-0007",
						   t ? t : "T, I", "2024-05-21", t ? t : "绿环", "液态",
						   t ? t : "矿物油", t ? t : "石油烃", t ? t : "远离火源", t ? t : "王建国",
						   "0769-12345678"};
		break;
	default:
		break;
	}
}

static struct bitmap *render(const struct label_input *in, const char *size, int dpi, sy_err *err)
{
	struct label_options opt = {0};
	struct bitmap *bm = NULL;
	if (label_media_parse(size, dpi, &opt.media, err) != SY_OK)
		return NULL;
	if (label_render(in, &opt, &bm, err) != SY_OK)
		return NULL;
	return bm;
}

/* Black dots within band dots of the edges. */
static long in_margin(const struct bitmap *bm, int band)
{
	return bitmap_count_rect(bm, 0, 0, bm->width, band) + bitmap_count_rect(bm, 0, bm->height - band, bm->width, band) +
	       bitmap_count_rect(bm, 0, 0, band, bm->height) + bitmap_count_rect(bm, bm->width - band, 0, band, bm->height);
}

static void test_media(void)
{
	struct label_media m;
	sy_err err = {0};
	CHECK_INT(label_media_parse("62x100", 300, &m, &err), SY_OK);
	CHECK_INT(m.width, 732);
	CHECK_INT(m.height, 1181);
	CHECK_INT(label_media_parse("4x6in", 203, &m, &err), SY_OK);
	CHECK_INT(m.width, 812);
	CHECK_INT(m.height, 1218);
	CHECK_INT(label_media_parse(" 100 x 50 mm", 203, &m, &err), SY_OK);
	CHECK_INT(m.width, 799);
	CHECK_INT(label_media_parse("101.6x152.4mm", 203, &m, &err), SY_OK);
	CHECK_INT(m.height, 1218);
	CHECK_INT(label_media_parse("62", 300, &m, &err), SY_INVALID);
	CHECK(strstr(err.msg, "WIDTHxHEIGHT") != NULL);
	CHECK_INT(label_media_parse("62x100ft", 300, &m, &err), SY_INVALID);
	CHECK_INT(label_media_parse("5x5", 300, &m, &err), SY_INVALID);
	CHECK_INT(label_media_parse("62x100", 50, &m, &err), SY_INVALID);
	CHECK_INT(label_media_mm(62, 100, 203, &m, &err), SY_OK);
	CHECK_INT(m.width, 496);
}

static void test_every_kind(void)
{
	static const struct {
		const char *size;
		int dpi;
	} media[] = {{"100x50", 203}, {"62x100", 300}, {"4x6in", 203}, {"62x100", 203}, {"100x50", 300}, {"60x40", 203},
		     {"100x100", 203}, {"100x100", 300}, {"150x150", 203}};
	for (int k = 0; k < LABEL_KIND_COUNT; k++)
		for (size_t m = 0; m < sizeof media / sizeof media[0]; m++)
			for (int is_long = 0; is_long < 2; is_long++) {
				struct label_input in;
				sy_err err = {0};
				char name[96];
				fill((enum label_kind)k, is_long, &in);
				struct bitmap *bm = render(&in, media[m].size, media[m].dpi, &err);
				double w_mm, h_mm;
				label_size_parse(media[m].size, &w_mm, &h_mm, NULL);
				if (k == LABEL_WASTE && (w_mm < 99 || h_mm < 99)) {
					/* HJ 1276-2022: a hazardous waste label is at least 100x100 mm. */
					snprintf(name, sizeof name, "waste %s refused as too small", media[m].size);
					CHECK_MSG(bm == NULL && strcmp(err.field, "size") == 0 && strstr(err.msg, "100x100"), name);
					bitmap_free(bm);
					continue;
				}
				snprintf(name, sizeof name, "%s %s at %d dpi%s renders", label_kind_name((enum label_kind)k),
					 media[m].size, media[m].dpi, is_long ? " (long text)" : "");
				check_report(bm != NULL, __FILE__, __LINE__, name, err.msg);
				if (!bm)
					continue;
				long black = bitmap_count(bm);
				/* A label is mostly white with a fair share of ink. */
				CHECK(black > (long)bm->width * bm->height / 50 && black < (long)bm->width * bm->height / 2);
				/* 1.9 mm from every edge stays white: nothing is drawn off the label. */
				snprintf(name, sizeof name, "%s %s at %d dpi%s keeps its margin",
					 label_kind_name((enum label_kind)k), media[m].size, media[m].dpi,
					 is_long ? " (long text)" : "");
				CHECK_MSG(in_margin(bm, (int)(1.9 / 25.4 * media[m].dpi)) == 0, name);
				bitmap_free(bm);
			}
}

static void test_deterministic(void)
{
	struct label_input in;
	sy_err err = {0};
	fill(LABEL_PART, 0, &in);
	struct bitmap *a = render(&in, "100x50", 203, &err), *b = render(&in, "100x50", 203, &err);
	CHECK(a && b && bitmap_diff(a, b) == 0);
	/* A different part number changes the dots. */
	in.u.part.part_no = "P2024-004568";
	struct bitmap *c = render(&in, "100x50", 203, &err);
	CHECK(c && a && bitmap_diff(a, c) > 50);
	bitmap_free(a);
	bitmap_free(b);
	bitmap_free(c);
}

/* The reuse marking is a black banner across the top of a part for reuse,
 * and absent otherwise; likewise the police mark on a vehicle tag. */
static void test_marks(void)
{
	struct label_input in;
	sy_err err = {0};
	fill(LABEL_PART, 0, &in);
	struct bitmap *reuse = render(&in, "100x50", 203, &err);
	in.u.part.for_reuse = 0;
	struct bitmap *plain = render(&in, "100x50", 203, &err);
	CHECK(reuse && plain);
	if (reuse && plain) {
		int band_y = 18, band_h = 40; /* the top 4 grid rows, inside the margin */
		long r = bitmap_count_rect(reuse, 20, band_y, reuse->width - 40, band_h);
		long p = bitmap_count_rect(plain, 20, band_y, plain->width - 40, band_h);
		CHECK(r > (long)(reuse->width - 40) * band_h * 6 / 10);
		CHECK(p < (long)(plain->width - 40) * band_h * 3 / 10);
	}
	bitmap_free(reuse);
	bitmap_free(plain);

	fill(LABEL_VEHICLE, 0, &in);
	struct bitmap *police = render(&in, "62x100", 300, &err);
	in.u.vehicle.police_supervised = 0;
	struct bitmap *normal = render(&in, "62x100", 300, &err);
	CHECK(police && normal);
	if (police && normal) {
		/* The mark is the bottom band of the tall layout. */
		int y = police->height * 22 / 24, h = police->height / 24;
		CHECK(bitmap_count_rect(police, 30, y, police->width - 60, h) > (long)(police->width - 60) * h / 2);
		CHECK_INT(bitmap_count_rect(normal, 30, y, normal->width - 60, h), 0);
	}
	bitmap_free(police);
	bitmap_free(normal);
}

static void test_required(void)
{
	struct label_input in;
	struct bitmap *bm = NULL;
	struct label_options opt = {0};
	sy_err err = {0};
	label_media_parse("100x50", 203, &opt.media, &err);
	fill(LABEL_VEHICLE, 0, &in);
	in.u.vehicle.stock_no = "";
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_INVALID);
	CHECK_STR(err.field, "stock_no");
	CHECK(bm == NULL);
	fill(LABEL_PART, 0, &in);
	in.u.part.part_no = NULL;
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_INVALID);
	CHECK(strstr(err.msg, "part number") != NULL);
	fill(LABEL_WASTE, 0, &in);
	in.u.waste.container_code = "";
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_INVALID);
	CHECK_STR(err.field, "container_code");
	fill(LABEL_CORE, 0, &in);
	in.u.core.assembly = ASSEMBLY_COUNT;
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_INVALID);
	CHECK(strstr(err.msg, "five assemblies") != NULL);
	/* A part number no Code 128 can carry. */
	fill(LABEL_PART, 0, &in);
	in.u.part.part_no = "配件-1";
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_INVALID);
	CHECK(strstr(err.msg, "Code 128") != NULL);
	/* A number far too long for the label's width. */
	in.u.part.part_no = "PART-ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDEFGHIJKLMNOPQRS";
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_INVALID);
	CHECK(strstr(err.msg, "does not fit") != NULL);
	/* Optional fields left out show a dash and still render. */
	in.kind = LABEL_PART;
	memset(&in.u.part, 0, sizeof in.u.part);
	in.u.part.part_no = "P1";
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_OK);
	bitmap_free(bm);
}

static void test_fonts(void)
{
	struct label_font *f = NULL;
	sy_err err = {0};
	CHECK_INT(label_font_open("/nonexistent/font.ttc", &f, &err), SY_ENV);
	CHECK(strstr(err.msg, "/nonexistent/font.ttc") != NULL);
	if (access("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", R_OK) == 0) {
		CHECK_INT(label_font_open("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", &f, &err), SY_ENV);
		CHECK(strstr(err.msg, "no Chinese") != NULL);
	}
	setenv("SCRAPYARD_LABEL_FONT", "/nonexistent/env.ttf", 1);
	CHECK_INT(label_font_open(NULL, &f, &err), SY_ENV);
	CHECK(strstr(err.msg, "env.ttf") != NULL);
	struct label_input in;
	struct bitmap *bm = NULL;
	struct label_options opt = {0};
	label_media_parse("100x50", 203, &opt.media, &err);
	fill(LABEL_PART, 0, &in);
	CHECK_INT(label_render(&in, &opt, &bm, &err), SY_ENV);
	unsetenv("SCRAPYARD_LABEL_FONT");
	CHECK_INT(label_font_open(NULL, &f, &err), SY_OK);
	CHECK(f && strstr(label_font_file(f), ".tt") != NULL);
	label_font_close(f);
}

/* Text stays in its box whatever it is. */
static void test_text_fit(void)
{
	struct label_font *f = NULL;
	sy_err err = {0};
	if (label_font_open(NULL, &f, &err) != SY_OK) {
		CHECK_MSG(0, err.msg);
		return;
	}
	struct bitmap *bm = bitmap_new(400, 200, 203);
	struct text_box box = {50, 40, 300, 60};
	struct text_style st = {.size = 60, .min_size = 16, .max_lines = 1};
	struct text_fit fit;
	static const char *const texts[] = {
		"短", "LSVAB4182E2123456", "报废机动车回用件 Reused part", "\x01\x02\r\n\t^XZ", "\xff\xfe\xc3(",
		"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "\xe2\x80\xae" "abc", "",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		for (int lines = 1; lines <= 3; lines++) {
			memset(bm->bits, 0, (size_t)bm->stride * bm->height);
			st.max_lines = lines;
			label_text_draw(f, bm, texts[i], box, &st, &fit);
			CHECK_INT(bitmap_count(bm) - bitmap_count_rect(bm, box.x, box.y, box.w, box.h), 0);
			CHECK(fit.lines <= lines && fit.width <= box.w);
		}
	/* Short text keeps the full size; long text shrinks, then wraps, then elides. */
	st.max_lines = 1;
	label_text_draw(f, bm, "短", box, &st, &fit);
	CHECK(fit.size >= 45 && !fit.elided && fit.lines == 1);
	label_text_draw(f, bm, "LSVAB4182E2123456", box, &st, &fit);
	CHECK(fit.size < 45 && fit.size >= 16 && !fit.elided);
	st.max_lines = 2;
	label_text_draw(f, bm, longtext, box, &st, &fit);
	CHECK(fit.elided && fit.lines == 2);
	st.max_lines = 1;
	label_text_draw(f, bm, longtext, box, &st, &fit);
	CHECK(fit.elided && fit.size == 16);
	/* A box lower than the minimum size: the box wins. */
	struct text_box low = {10, 150, 380, 12};
	memset(bm->bits, 0, (size_t)bm->stride * bm->height);
	label_text_draw(f, bm, "车架号 VIN", low, &st, &fit);
	CHECK(fit.size < 16 && fit.size > 0);
	CHECK_INT(bitmap_count(bm) - bitmap_count_rect(bm, low.x, low.y, low.w, low.h), 0);
	/* Control characters are spaces, not glyphs that could be commands. */
	CHECK(label_text_width(f, "a\x01" "b", 40, 0) == label_text_width(f, "a b", 40, 0));
	bitmap_free(bm);
	label_font_close(f);
}

static void test_codes(void)
{
	struct bitmap *bm = bitmap_new(600, 200, 203);
	struct code_placed p;
	sy_err err = {0};
	CHECK_INT(label_code128(bm, "P2024-004567", (struct text_box){0, 0, 600, 100}, 4, 0, &p, &err), SY_OK);
	CHECK(p.module >= 2 && p.module <= 4);
	CHECK_INT(p.x, 10 * p.module);
	/* Bars are whole modules: every column is all black or all white. */
	int whole = 1;
	for (int x = 0; x < 600; x++)
		whole &= bitmap_count_rect(bm, x, 0, 1, 100) % 100 == 0;
	CHECK(whole);
	CHECK_INT(label_code128(bm, "", (struct text_box){0, 0, 600, 100}, 4, 0, &p, &err), SY_INVALID);
	CHECK_INT(label_code128(bm, "a\tb", (struct text_box){0, 0, 600, 100}, 4, 0, &p, &err), SY_INVALID);
	memset(bm->bits, 0, (size_t)bm->stride * bm->height);
	CHECK_INT(label_qr(bm, "报废机动车回用件 P2024-004567", (struct text_box){300, 0, 300, 200}, TEXT_RIGHT, &p, &err),
		  SY_OK);
	CHECK(p.w == p.h && p.x + p.w <= 600 && p.x >= 300 && p.module >= 2);
	CHECK_INT(label_qr(bm, "x", (struct text_box){0, 0, 10, 10}, TEXT_LEFT, &p, &err), SY_INVALID);
	bitmap_free(bm);
}

static void test_blocks(void)
{
	struct bitmap *bm = bitmap_new(4, 4, 203);
	char buf[64];
	int cols, rows;
	bitmap_fill(bm, 0, 0, 2, 2, 1); /* upper left quarter */
	size_t n = bitmap_to_blocks(bm, 1, 1, buf, sizeof buf, &cols, &rows);
	CHECK_INT(cols, 1);
	CHECK_INT(rows, 1);
	/* One cell is 4 dots across and 8 down (terminal cells are twice as tall
	 * as wide): the black quarter is its upper left quadrant. */
	CHECK_STR(buf, "\xe2\x96\x98\n");
	CHECK_INT(n, strlen(buf));
	bitmap_fill(bm, 0, 0, 4, 4, 1);
	bitmap_to_blocks(bm, 1, 1, buf, sizeof buf, NULL, NULL);
	CHECK_STR(buf, "\xe2\x96\x80\n"); /* the upper half */
	/* A label at 40 columns: the size keeps the label's proportions. */
	struct label_input in;
	sy_err err = {0};
	fill(LABEL_VEHICLE, 0, &in);
	struct bitmap *label = render(&in, "100x50", 203, &err);
	static char big[1 << 15];
	n = bitmap_to_blocks(label, 40, 30, big, sizeof big, &cols, &rows);
	CHECK_INT(cols, 40);
	CHECK_INT(rows, 11);
	CHECK(n == strlen(big) && n > 40 * 11);
	/* Truncation: returns the length needed, buffer NUL-terminated. */
	char small[10];
	size_t need = bitmap_to_blocks(label, 40, 30, small, sizeof small, NULL, NULL);
	CHECK_INT(need, n);
	CHECK(strlen(small) < sizeof small);
	bitmap_free(label);
	bitmap_free(bm);
}

static void test_png(void)
{
	char path[] = "/tmp/sy-label-XXXXXX.png";
	int fd = mkstemps(path, 4);
	close(fd);
	struct label_input in;
	sy_err err = {0};
	fill(LABEL_WASTE, 0, &in);
	struct bitmap *bm = render(&in, "100x100", 300, &err), *back = NULL;
	CHECK_INT(bitmap_write_png(bm, path, &err), SY_OK);
	CHECK_INT(bitmap_read_png(path, 300, &back, &err), SY_OK);
	CHECK(back && bitmap_diff(bm, back) == 0);
	FILE *f = fopen(path, "rb");
	unsigned char head[8] = {0};
	CHECK(f && fread(head, 1, 8, f) == 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0);
	if (f)
		fclose(f);
	unlink(path);
	CHECK_INT(bitmap_write_png(bm, "/nonexistent/dir/x.png", &err), SY_ENV);
	bitmap_free(back);
	CHECK_INT(bitmap_read_png("/nonexistent/x.png", 300, &back, &err), SY_ENV);
	CHECK(back == NULL);
	bitmap_free(back);
	bitmap_free(bm);
}

/* The byte-wise drawing matches drawing dot by dot, clipping included. */
static void test_drawing(void)
{
	struct bitmap *fast = bitmap_new(37, 23, 203), *slow = bitmap_new(37, 23, 203);
	unsigned char src[5 * 19];
	unsigned seed = 12345;
	long mismatches = 0;
	for (int round = 0; round < 400; round++) {
		seed = seed * 1103515245 + 12345;
		int x = (int)(seed >> 8) % 50 - 10, y = (int)(seed >> 16) % 36 - 8;
		seed = seed * 1103515245 + 12345;
		int w = (int)(seed >> 8) % 40, h = (int)(seed >> 16) % 19, black = round % 3 != 0;
		if (round % 2) {
			bitmap_fill(fast, x, y, w, h, black);
			for (int r = y; r < y + h; r++)
				for (int c = x; c < x + w; c++)
					bitmap_set(slow, c, r, black);
		} else {
			/* A packed image 36 x 19 (stride 5) clipped to a random rectangle. */
			for (size_t i = 0; i < sizeof src; i++)
				src[i] = (unsigned char)((seed = seed * 1103515245 + 12345) >> 16);
			int cx = x + w / 3 - 5, cy = y + h / 3 - 3, cw = w, ch = h + 4;
			bitmap_put_bits(fast, x, y, src, 5, 36, 19, cx, cy, cw, ch, black);
			for (int r = 0; r < 19; r++)
				for (int c = 0; c < 36; c++) {
					int dx = x + c, dy = y + r;
					if (dx >= cx && dx < cx + cw && dy >= cy && dy < cy + ch &&
					    (src[r * 5 + c / 8] >> (7 - c % 8) & 1))
						bitmap_set(slow, dx, dy, black);
				}
		}
		mismatches += bitmap_diff(fast, slow) != 0;
		memcpy(slow->bits, fast->bits, (size_t)fast->stride * fast->height);
	}
	CHECK_INT(mismatches, 0);
	CHECK(bitmap_count(fast) > 0);
	/* Blit: the source's black dots, wherever it lands. */
	struct bitmap *dst = bitmap_new(40, 30, 203);
	bitmap_blit(dst, fast, -3, 11);
	long expect = 0;
	for (int r = 0; r < fast->height; r++)
		for (int c = 0; c < fast->width; c++)
			expect += bitmap_get(fast, c, r) && c - 3 >= 0 && r + 11 < 30;
	CHECK_INT(bitmap_count(dst), expect);
	CHECK(bitmap_get(dst, 0, 11) == bitmap_get(fast, 3, 0));
	bitmap_free(dst);
	bitmap_free(fast);
	bitmap_free(slow);
}

/* The font stays open between renders, and what was drawn before does not
 * change the next label: the same label before and after others is the same. */
static void test_font_kept(void)
{
	struct label_font *a = NULL, *b = NULL;
	sy_err err = {0};
	CHECK_INT(label_font_open(NULL, &a, &err), SY_OK);
	CHECK_INT(label_font_open(NULL, &b, &err), SY_OK);
	CHECK(a && a == b);
	label_font_close(b);
	struct label_input in;
	fill(LABEL_PART, 0, &in);
	struct bitmap *first = render(&in, "62x100", 300, &err);
	for (int k = 0; k < LABEL_KIND_COUNT; k++)
		for (int is_long = 0; is_long < 2; is_long++) {
			struct label_input other;
			fill((enum label_kind)k, is_long, &other);
			bitmap_free(render(&other, "100x50", 203, &err));
			bitmap_free(render(&other, "62x100", 300, &err));
			bitmap_free(render(&other, "4x6in", 203, &err));
		}
	struct bitmap *again = render(&in, "62x100", 300, &err);
	CHECK(first && again && bitmap_diff(first, again) == 0);
	/* The same text at the same size draws the same dots after other sizes. */
	struct bitmap *t1 = bitmap_new(400, 100, 300), *t2 = bitmap_new(400, 100, 300);
	struct text_style st = {.size = 50, .min_size = 10, .max_lines = 2, .bold = 1};
	struct text_box box = {3, 5, 390, 90};
	label_text_draw(a, t1, longtext, box, &st, NULL);
	for (int size = 8; size < 80; size += 3) {
		struct bitmap *scratch = bitmap_new(400, 100, 300);
		st.size = size;
		label_text_draw(a, scratch, longtext, box, &st, NULL);
		bitmap_free(scratch);
	}
	st.size = 50;
	label_text_draw(a, t2, longtext, box, &st, NULL);
	CHECK(bitmap_count(t1) > 500 && bitmap_diff(t1, t2) == 0);
	/* A font file changed on disk is loaded again, not used stale. */
	char copy[] = "/tmp/sy-font-XXXXXX.ttc";
	int fd = mkstemps(copy, 4);
	FILE *in_f = fopen(label_font_file(a), "rb"), *out_f = fd >= 0 ? fdopen(fd, "wb") : NULL;
	char buf[1 << 15];
	size_t n;
	while (in_f && out_f && (n = fread(buf, 1, sizeof buf, in_f)) > 0)
		fwrite(buf, 1, n, out_f);
	if (in_f)
		fclose(in_f);
	if (out_f)
		fclose(out_f);
	struct label_font *c = NULL, *d = NULL;
	CHECK_INT(label_font_open(copy, &c, &err), SY_OK);
	CHECK_INT(label_font_open(copy, &d, &err), SY_OK);
	CHECK(c && c == d && c != a);
	CHECK(truncate(copy, 100) == 0);
	CHECK_INT(label_font_open(copy, &d, &err), SY_ENV);
	unlink(copy);
	CHECK_INT(label_font_open(copy, &d, &err), SY_ENV);
	label_font_close(a);
	bitmap_free(t1);
	bitmap_free(t2);
	bitmap_free(first);
	bitmap_free(again);
}

/* The hazard pictograms: parsed from the list's letters or names, drawn as
 * framed squares on their points with the sign inside, one a hazard. */
static void test_pictograms(void)
{
	enum label_hazard h[HAZARD_COUNT];
	CHECK_INT(label_hazards_parse("T, I", h), 2);
	CHECK(h[0] == HAZARD_TOXIC && h[1] == HAZARD_IGNITABLE);
	CHECK_INT(label_hazards_parse("In,T,C", h), 3);
	CHECK(h[0] == HAZARD_TOXIC && h[1] == HAZARD_CORROSIVE && h[2] == HAZARD_INFECTIOUS);
	CHECK_INT(label_hazards_parse("毒性、反应性", h), 2);
	CHECK(h[0] == HAZARD_TOXIC && h[1] == HAZARD_REACTIVE);
	CHECK_INT(label_hazards_parse("", h), 0);
	CHECK_INT(label_hazards_parse("Tx", h), 0);
	CHECK_STR(label_hazard_name(HAZARD_CORROSIVE), "腐蚀性");
	CHECK_STR(label_hazard_letter(HAZARD_INFECTIOUS), "In");
	struct label_font *f = NULL;
	sy_err err = {0};
	CHECK_INT(label_font_open(NULL, &f, &err), SY_OK);
	for (int k = 0; k < HAZARD_COUNT; k++) {
		struct bitmap *bm = bitmap_new(200, 200, 203);
		label_hazard_draw(bm, f, (enum label_hazard)k, (struct text_box){0, 0, 200, 200});
		long all = bitmap_count(bm);
		/* The frame's corners are on the middle of each side; the corners of the box stay white. */
		CHECK(bitmap_get(bm, 100, 3) && bitmap_get(bm, 3, 100) && bitmap_get(bm, 196, 100) && bitmap_get(bm, 100, 196));
		CHECK(!bitmap_get(bm, 5, 5) && !bitmap_get(bm, 194, 194));
		/* A sign inside the frame, not just the frame: ink in the middle. */
		CHECK_MSG(bitmap_count_rect(bm, 60, 40, 80, 90) > 600, label_hazard_name((enum label_hazard)k));
		CHECK(all < 200 * 200 / 2);
		bitmap_free(bm);
	}
	/* Two hazards side by side in a wide box, three in a square one. */
	struct bitmap *row = bitmap_new(400, 200, 203);
	label_hazards_draw(row, f, "T, I", (struct text_box){0, 0, 400, 200});
	CHECK(bitmap_count_rect(row, 0, 0, 200, 200) > 2000 && bitmap_count_rect(row, 200, 0, 200, 200) > 2000);
	bitmap_free(row);
	label_font_close(f);
	/* On the label, the pictograms stand right of the waste's name. */
	struct label_input in;
	fill(LABEL_WASTE, 0, &in);
	struct bitmap *with = render(&in, "100x100", 203, &err);
	in.u.waste.hazard = "";
	struct bitmap *without = render(&in, "100x100", 203, &err);
	CHECK(with && without);
	if (with && without) {
		int x = with->width * 2 / 3 + 10, y = with->height * 4 / 24, w = with->width / 3 - 30, h = with->height * 7 / 24;
		CHECK(bitmap_count_rect(with, x, y, w, h) > 3000);
		CHECK_INT(bitmap_count_rect(without, x, y, w, h), 0);
	}
	bitmap_free(with);
	bitmap_free(without);
}

static void test_names(void)
{
	enum label_kind k;
	enum label_assembly a;
	CHECK(label_kind_parse("Part", &k) == 0 && k == LABEL_PART);
	CHECK(label_kind_parse("pdf", &k) == -1);
	CHECK_STR(label_kind_name(LABEL_WASTE), "waste");
	CHECK(label_assembly_parse("变速器", &a) == 0 && a == ASSEMBLY_TRANSMISSION);
	CHECK(label_assembly_parse("AXLE", &a) == 0 && a == ASSEMBLY_AXLE);
	CHECK(label_assembly_parse("wheel", &a) == -1);
	CHECK_STR(label_assembly_title(ASSEMBLY_FRAME), "车架 Frame");
	CHECK_STR(label_assembly_key(ASSEMBLY_STEERING), "steering");
}

int main(void)
{
	unsetenv("SCRAPYARD_LABEL_FONT");
	test_media();
	test_every_kind();
	test_deterministic();
	test_marks();
	test_required();
	test_fonts();
	test_text_fit();
	test_codes();
	test_blocks();
	test_png();
	test_pictograms();
	test_names();
	test_drawing();
	test_font_kept();
	return CHECK_DONE();
}
