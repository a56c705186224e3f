/* Printer languages: every encoder read back by its own decoder, byte
 * vectors for the compressions and headers, the status parsers, device ids
 * and the quirk table, injection, and the job exchange over a fake
 * transport (paper out, unplugged, Brother's "printing completed"). */
#include "tests/check.h"

#include "drivers/printer.h"
#include "forms/label.h"
#include "tests/unit/test_printer_decode.h"

static struct bitmap *pattern(int w, int h, int dpi, unsigned seed)
{
	struct bitmap *bm = bitmap_new(w, h, dpi);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			seed = seed * 1103515245u + 12345u;
			/* Runs, blank rows, repeated rows and noise: every compression path. */
			int on = (y % 17 == 3) ? 0 : (y % 11 < 2) ? (x / 9) % 2 : ((seed >> 16) & 7) == 0;
			if (y % 23 == 5)
				on = 1;
			bitmap_set(bm, x, y, on);
		}
	return bm;
}

static struct bitmap *render_part(const char *note, int w_mm, int h_mm, int dpi)
{
	struct label_input in = {.kind = LABEL_PART};
	in.u.part = (struct label_part){.part_no = "P2024-000001", .name = "左前车门 Left front door", .grade = "B",
					.source_vin = "LSVAB4182E2123456", .stock_no = "V2024-000001",
					.weight_kg = 12.5, .location = "A-1-1", .note = note, .for_reuse = 1};
	struct label_options opt = {0};
	struct bitmap *bm = NULL;
	sy_err err = {0};
	if (label_media_mm(w_mm, h_mm, dpi, &opt.media, &err) != SY_OK || label_render(&in, &opt, &bm, &err) != SY_OK)
		printf("# render failed: %s\n", err.msg);
	return bm;
}

static size_t count_str(const struct printer_buf *b, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= b->len; i++)
		if (memcmp(b->data + i, needle, k) == 0)
			n++;
	return n;
}

static void test_zpl_roundtrip(void)
{
	struct printer_job job = {.copies = 3, .name = "part P1"};
	int sizes[][2] = {{812, 406}, {37, 9}, {8, 1}, {1, 1}, {203, 1218}};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		for (int plain = 0; plain < 2; plain++) {
			struct bitmap *bm = pattern(sizes[k][0], sizes[k][1], 203, (unsigned)k + 1);
			struct printer_buf out = {0};
			struct decoded d;
			sy_err err = {0};
			job.flags = plain ? PF_NO_COMPRESS : 0;
			CHECK_INT(printer_encode(&printer_lang_zpl, bm, &job, &out, &err), SY_OK);
			int ok = decode_zpl(out.data, out.len, &d) == 0;
			CHECK_MSG(ok, plain ? "ZPL plain hex decodes" : "ZPL compressed decodes");
			if (!ok)
				printf("# %s\n", d.why);
			CHECK_INT(ok ? decoded_diff(bm, d.bm) : -1, 0);
			CHECK_INT(d.pages, 3);
			bitmap_free(d.bm);
			bitmap_free(bm);
			printer_buf_free(&out);
		}
	}
}

/* Byte vectors for ZPL's compression of one row. */
static void test_zpl_vectors(void)
{
	struct bitmap *bm = bitmap_new(128, 3, 203); /* 16 bytes = 32 hex digits a row */
	struct printer_buf out = {0};
	struct printer_job job = {.copies = 1};
	sy_err err = {0};
	/* Row 0: 0xFF x 13 then zeros; row 1 the same (':'); row 2 all white (','). */
	for (int x = 0; x < 104; x++) {
		bitmap_set(bm, x, 0, 1);
		bitmap_set(bm, x, 1, 1);
	}
	printer_encode(&printer_lang_zpl, bm, &job, &out, &err);
	printer_buf_byte(&out, 0);
	/* 26 F = 20 + 6 = "gLF", then the zero tail is ",". */
	CHECK(strstr((char *)out.data, "^GFA,48,48,16,gLF,:,^FS") != NULL);
	CHECK(strstr((char *)out.data, "^PW128\n^LL3\n") != NULL);
	CHECK(strstr((char *)out.data, "^PQ1\n^XZ") != NULL);
	printer_buf_free(&out);
	/* A row of 0x12 0x34 ... has no runs: plain hex. */
	bitmap_free(bm);
	bm = bitmap_new(16, 1, 203);
	bm->bits[0] = 0x12;
	bm->bits[1] = 0x3F;
	printer_encode(&printer_lang_zpl, bm, &job, &out, &err);
	printer_buf_byte(&out, 0);
	CHECK(strstr((char *)out.data, ",2,2,2,123F^FS") != NULL);
	printer_buf_free(&out);
	/* 500 F: 400 + 100 = "zF" then 419 max per group: "zSF" (419) + "gYF"? check by decode. */
	bitmap_free(bm);
	bm = bitmap_new(2000, 2, 203);
	bitmap_fill(bm, 0, 0, 2000, 1, 1);
	bitmap_set(bm, 1999, 1, 1);
	printer_encode(&printer_lang_zpl, bm, &job, &out, &err);
	struct decoded d;
	CHECK_INT(decode_zpl(out.data, out.len, &d), 0);
	CHECK_INT(d.bm ? decoded_diff(bm, d.bm) : -1, 0);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	bitmap_free(bm);
}

static void test_tspl(void)
{
	struct bitmap *bm = pattern(800, 400, 203, 7);
	struct printer_buf out = {0};
	struct printer_job job = {.copies = 2, .media_width_mm = 100, .media_length_mm = 50, .gap_mm = 2};
	struct decoded d;
	double w = 0, h = 0;
	sy_err err = {0};
	CHECK_INT(printer_encode(&printer_lang_tspl, bm, &job, &out, &err), SY_OK);
	const char *hdr = "SIZE 100 mm,50 mm\r\nGAP 2 mm,0 mm\r\nCLS\r\nBITMAP 0,0,100,400,0,";
	CHECK(out.len > 40 && memcmp(out.data, hdr, strlen(hdr)) == 0);
	CHECK(memcmp(out.data + out.len - 13, "\r\nPRINT 1,2\r\n", 13) == 0);
	int ok = decode_tspl(out.data, out.len, 203, &d, &w, &h) == 0;
	CHECK_MSG(ok, "TSPL decodes");
	CHECK_INT(ok ? decoded_diff(bm, d.bm) : -1, 0);
	CHECK_INT(d.pages, 2);
	CHECK_NEAR(w, 100, 0.01);
	CHECK_NEAR(h, 50, 0.01);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	/* A black dot is a 0 bit in TSPL. */
	struct bitmap *one = bitmap_new(8, 1, 203);
	bitmap_set(one, 0, 0, 1);
	printer_encode(&printer_lang_tspl, one, &job, &out, &err);
	const uint8_t *data = (const uint8_t *)memmem(out.data, out.len, "BITMAP 0,0,1,1,0,", 17);
	CHECK(data && data[17] == 0x7F);
	printer_buf_free(&out);
	bitmap_free(one);
	bitmap_free(bm);
}

static void test_ql(void)
{
	struct bitmap *bm = pattern(696, 300, 300, 3);
	struct printer_job job = {.copies = 2, .head_dots = 720, .offset_dots = 12, .media_width_mm = 62};
	for (int variant = 0; variant < 3; variant++) {
		struct printer_buf out = {0};
		struct decoded d;
		struct ql_decoded_info qi;
		sy_err err = {0};
		job.flags = variant == 0   ? PF_CUTTER
			    : variant == 1 ? PF_CUTTER | PF_PACKBITS | PF_MODE_SWITCH | PF_ZERO_LINE
					   : PF_MODE_SWITCH;
		job.invalidate = variant == 2 ? 400 : 0;
		CHECK_INT(printer_encode(&printer_lang_ql, bm, &job, &out, &err), SY_OK);
		int ok = decode_ql(out.data, out.len, 90, 696, 12, &d, &qi) == 0;
		CHECK_MSG(ok, "QL raster decodes");
		if (!ok)
			printf("# %s\n", d.why);
		CHECK_INT(ok ? decoded_diff(bm, d.bm) : -1, 0);
		CHECK_INT(d.pages, 2);
		CHECK_INT(qi.invalidate, variant == 2 ? 400 : 200);
		CHECK_INT(qi.compression, variant == 1 ? 2 : 0);
		CHECK_INT(qi.compression_commands, variant == 1 ? 2 : 0); /* one M a page, only where listed */
		CHECK_INT(qi.mode_switch, variant != 0);
		CHECK_INT(qi.zero_lines > 0, variant == 1);
		CHECK_INT(qi.media_type, 0x0A);
		CHECK_INT(qi.width_mm, 62);
		CHECK_INT(qi.lines, 300);
		CHECK_INT(qi.margin, 35);
		CHECK_INT(!!qi.autocut, variant < 2);
		if (variant == 1) {
			struct printer_buf raw = {0};
			job.flags = PF_CUTTER | PF_MODE_SWITCH;
			printer_encode(&printer_lang_ql, bm, &job, &raw, &err);
			CHECK(out.len < raw.len);
			printf("# QL 62x25 mm: %zu bytes raw, %zu with PackBits\n", raw.len, out.len);
			printer_buf_free(&raw);
		}
		bitmap_free(d.bm);
		printer_buf_free(&out);
	}
	/* Mirroring: the label's first column lands on head dot offset + width - 1. */
	struct bitmap *dot = bitmap_new(696, 1, 300);
	bitmap_set(dot, 0, 0, 1);
	struct printer_buf out = {0};
	sy_err err = {0};
	job.flags = 0;
	job.copies = 1;
	printer_encode(&printer_lang_ql, dot, &job, &out, &err);
	const uint8_t *g = (const uint8_t *)memmem(out.data, out.len, "g\x00\x5a", 3);
	int p = 12 + 695;
	CHECK(g && g[3 + p / 8] == (0x80 >> (p % 8)));
	CHECK(out.data[out.len - 1] == 0x1A);
	printer_buf_free(&out);
	/* Too wide for the tape: refused. */
	struct bitmap *wide = bitmap_new(700, 10, 300);
	CHECK_INT(printer_encode(&printer_lang_ql, wide, &job, &out, &err), SY_INVALID);
	CHECK(strstr(err.msg, "696") != NULL);
	printer_buf_free(&out);
	bitmap_free(wide);
	bitmap_free(dot);
	bitmap_free(bm);
}

/* PackBits against the TIFF example. */
static void test_packbits_vector(void)
{
	struct bitmap *bm = bitmap_new(24 * 8, 1, 300);
	static const uint8_t row[24] = {0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00,
					0x2A, 0x22, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA};
	/* Put the row so that, mirrored on a 192-dot head with offset 0, the line is row. */
	for (int p = 0; p < 192; p++)
		if ((row[p / 8] >> (7 - p % 8)) & 1)
			bitmap_set(bm, 191 - p, 0, 1);
	struct printer_job job = {.copies = 1, .head_dots = 192, .flags = PF_PACKBITS, .media_width_mm = 62};
	struct printer_buf out = {0};
	sy_err err = {0};
	printer_encode(&printer_lang_ql, bm, &job, &out, &err);
	static const uint8_t want[] = {'g', 0, 15, 0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03,
				       0x80, 0x00, 0x2A, 0x22, 0xF7, 0xAA};
	CHECK(memmem(out.data, out.len, want, sizeof want) != NULL);
	printer_buf_free(&out);
	bitmap_free(bm);
}

static void test_dymo(void)
{
	struct bitmap *bm = pattern(425, 1050, 300, 9);
	struct printer_job job = {.copies = 2, .head_dots = 672, .offset_dots = 0};
	struct printer_buf out = {0};
	struct decoded d;
	int offset = -1;
	sy_err err = {0};
	CHECK_INT(printer_encode(&printer_lang_dymo, bm, &job, &out, &err), SY_OK);
	int ok = decode_dymo(out.data, out.len, &d, &offset) == 0;
	CHECK_MSG(ok, "DYMO raster decodes");
	CHECK_INT(ok ? decoded_diff(bm, d.bm) : -1, 0);
	CHECK_INT(d.pages, 2);
	CHECK_INT(offset, 0);
	static const uint8_t head[] = {0x1B, '@', 0x1B, 'L', 0x04, 0x1A, 0x1B, 'D', 54, 0x1B, 'B', 0};
	CHECK(out.len > 112 && out.data[99] == 0x1B && memcmp(out.data + 100, head, sizeof head) == 0);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	struct bitmap *wide = bitmap_new(680, 10, 300);
	CHECK_INT(printer_encode(&printer_lang_dymo, wide, &job, &out, &err), SY_INVALID);
	bitmap_free(wide);
	bitmap_free(bm);
}

/* A rendered label through every language comes back dot for dot. */
static void test_rendered_roundtrip(void)
{
	struct bitmap *bm = render_part("漆面轻微划痕", 100, 50, 203);
	struct bitmap *tall = render_part("漆面轻微划痕", 62, 100, 300);
	CHECK(bm && tall);
	if (!bm || !tall)
		return;
	struct printer_job job = {.copies = 1};
	struct printer_buf out = {0};
	struct decoded d;
	double w, h;
	sy_err err = {0};
	printer_encode(&printer_lang_zpl, bm, &job, &out, &err);
	CHECK_INT(decode_zpl(out.data, out.len, &d) == 0 ? decoded_diff(bm, d.bm) : -1, 0);
	printf("# ZPL 100x50 mm at 203 dpi: %zu bytes (%d raw)\n", out.len, bm->stride * bm->height);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	printer_encode(&printer_lang_tspl, bm, &job, &out, &err);
	CHECK_INT(decode_tspl(out.data, out.len, 203, &d, &w, &h) == 0 ? decoded_diff(bm, d.bm) : -1, 0);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	/* The 62 mm tape prints 696 dots: render for it, as the app does. */
	struct printer_profile pf;
	int wd, hd;
	printer_profile_make(0x04f9, 0x209c, NULL, NULL, 0, &pf);
	CHECK_INT(printer_media(&pf, 62, 100, &wd, &hd, &err), SY_OK);
	CHECK_INT(wd, 696);
	CHECK_INT(hd, 1181);
	struct bitmap *ql = bitmap_new(wd, hd, 300);
	bitmap_blit(ql, tall, 0, 0);
	printer_job_defaults(&pf, 62, 100, &job);
	CHECK_INT(job.offset_dots, 12);
	CHECK(job.flags & PF_PACKBITS);
	printer_encode(&printer_lang_ql, ql, &job, &out, &err);
	struct ql_decoded_info qi;
	CHECK_INT(decode_ql(out.data, out.len, 90, 696, 12, &d, &qi) == 0 ? decoded_diff(ql, d.bm) : -1, 0);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	bitmap_free(ql);
	bitmap_free(tall);
	bitmap_free(bm);
}

/* Clerks' text never becomes a command: it is only dots. */
static void test_injection(void)
{
	const char *evil = "^XZ~JR^XA^FO0,0^FDx^FS\r\n\"PRINT 1,999\"\r\nCLS\x1b@\x1biS~HS\n^PQ99";
	struct bitmap *bm = render_part(evil, 100, 50, 203);
	CHECK(bm != NULL);
	if (!bm)
		return;
	struct printer_job job = {.copies = 1, .name = evil};
	struct printer_buf out = {0};
	struct decoded d;
	double w, h;
	sy_err err = {0};
	printer_encode(&printer_lang_zpl, bm, &job, &out, &err);
	CHECK_INT(count_str(&out, "^XA"), 1);
	CHECK_INT(count_str(&out, "^XZ"), 1);
	CHECK_INT(count_str(&out, "^PQ"), 1);
	CHECK_INT(count_str(&out, "~"), 0);
	CHECK_INT(count_str(&out, "\""), 0);
	CHECK_INT(decode_zpl(out.data, out.len, &d), 0);
	CHECK_INT(d.pages, 1);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	printer_encode(&printer_lang_tspl, bm, &job, &out, &err);
	CHECK_INT(count_str(&out, "PRINT"), 1);
	CHECK_INT(count_str(&out, "CLS"), 1);
	CHECK_INT(decode_tspl(out.data, out.len, 203, &d, &w, &h), 0);
	CHECK_INT(d.pages, 1);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	/* The note is in the dots: the label with it differs from one without. */
	struct bitmap *clean = render_part("", 100, 50, 203);
	CHECK(clean && bitmap_diff(bm, clean) > 100);
	bitmap_free(clean);
	char s[64];
	CHECK_STR(printer_sanitize("^XZ~JR\"a\\b\r\nc 车", s, sizeof s), "XZJRabc _");
	CHECK_STR(printer_sanitize("abcdef", s, 4), "abc");
	CHECK_STR(printer_sanitize(NULL, s, sizeof s), "");
	bitmap_free(bm);
}

static void test_status_parsers(void)
{
	struct printer_status st;
	const char *ok = "\x02\r\n  PRINTER STATUS\r\n   ERRORS:         0 00000000 00000000\r\n"
			 "   WARNINGS:       0 00000000 00000000\r\n\x03\r\n";
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)ok, strlen(ok), &st), 0);
	CHECK(st.known && st.flags == 0);
	const char *out = "\x02\r\n  PRINTER STATUS\r\n   ERRORS:         1 00000000 00000005\r\n\x03";
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)out, strlen(out), &st), 0);
	CHECK(st.flags == (PRINTER_PAPER_OUT | PRINTER_HEAD_OPEN));
	CHECK_STR(st.detail, "ERRORS 1 00000000 00000005");
	const char *paused = "ERRORS: 1 00000000 00010000";
	printer_zpl_parse_status((const uint8_t *)paused, strlen(paused), &st);
	CHECK(st.flags == PRINTER_PAUSED);
	const char *odd = "ERRORS: 1 00000000 00000400";
	printer_zpl_parse_status((const uint8_t *)odd, strlen(odd), &st);
	CHECK(st.flags == PRINTER_FAULT);
	const char *ribbon = "ERRORS: 1 00000000 0000000A";
	printer_zpl_parse_status((const uint8_t *)ribbon, strlen(ribbon), &st);
	CHECK(st.flags == (PRINTER_RIBBON_OUT | PRINTER_CUTTER));
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)"ERRORS: x", 9, &st), -1);
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)"ERRORS: 1 0000 0000", 19, &st), -1);
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)"", 0, &st), -1);

	uint8_t b = 0x04;
	CHECK_INT(printer_tspl_parse_status(&b, 1, &st), 0);
	CHECK(st.flags == PRINTER_PAPER_OUT);
	b = 0x41;
	printer_tspl_parse_status(&b, 1, &st);
	CHECK(st.flags == (PRINTER_HEAD_OPEN | PRINTER_COVER_OPEN));
	b = 0x20;
	printer_tspl_parse_status(&b, 1, &st);
	CHECK(st.flags == PRINTER_BUSY && !(st.flags & PRINTER_ERRORS));
	b = 0x8A;
	printer_tspl_parse_status(&b, 1, &st);
	CHECK(st.flags == (PRINTER_JAM | PRINTER_RIBBON_OUT | PRINTER_OVERHEAT));
	CHECK_INT(printer_tspl_parse_status(&b, 0, &st), -1);

	uint8_t ql[32] = {0x80, 0x20, 0x42, 0x34, 0x38, 0x30, 0x00, 0x00};
	ql[10] = 62;
	ql[11] = 0x0A;
	CHECK_INT(printer_ql_parse_status(ql, 32, &st), 0);
	CHECK(st.known && st.flags == 0 && st.media_width_mm == 62 && st.media_type == 0x0A);
	ql[8] = 0x01;
	printer_ql_parse_status(ql, 32, &st);
	CHECK(st.flags & PRINTER_PAPER_OUT);
	ql[8] = 0;
	ql[9] = 0x10;
	printer_ql_parse_status(ql, 32, &st);
	CHECK(st.flags == PRINTER_COVER_OPEN);
	ql[9] = 0;
	ql[18] = 0x01;
	printer_ql_parse_status(ql, 32, &st);
	CHECK(st.flags == PRINTER_DONE);
	ql[18] = 0x06;
	ql[19] = 0x01;
	printer_ql_parse_status(ql, 32, &st);
	CHECK(st.flags == PRINTER_BUSY);
	ql[18] = 0x02;
	ql[19] = 0;
	printer_ql_parse_status(ql, 32, &st);
	CHECK(st.flags == PRINTER_WRONG_MODE); /* an error report without error bits: P-touch Template mode */
	CHECK_INT(printer_ql_parse_status(ql, 31, &st), -1);
	ql[2] = 0x43;
	CHECK_INT(printer_ql_parse_status(ql, 32, &st), -1);

	printer_port_status(0x18, &st);
	CHECK(st.known && st.flags == 0);
	printer_port_status(0x38, &st);
	CHECK(st.flags == PRINTER_PAPER_OUT);
	printer_port_status(0x08, &st);
	CHECK(st.flags == PRINTER_OFFLINE);
	printer_port_status(0x10, &st);
	CHECK(st.flags == PRINTER_FAULT);
}

static void test_status_text(void)
{
	char buf[256];
	struct printer_status st = {.known = 1, .flags = PRINTER_PAPER_OUT};
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "out of labels") && strstr(buf, "retry"));
	st.flags = PRINTER_PAPER_OUT | PRINTER_HEAD_OPEN; /* the head first: it must be closed to load paper */
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "head is open") != NULL);
	st.flags = PRINTER_RIBBON_OUT;
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "ribbon") != NULL);
	st.flags = PRINTER_JAM;
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "jammed") != NULL);
	st.flags = PRINTER_COVER_OPEN;
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "cover is open") != NULL);
	st.flags = PRINTER_FAULT;
	snprintf(st.detail, sizeof st.detail, "ERRORS 1 00000000 00000400");
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "00000400") != NULL);
	st.flags = 0;
	printer_status_text(&st, buf, sizeof buf);
	CHECK_STR(buf, "ready");
	st.known = 0;
	printer_status_text(&st, buf, sizeof buf);
	CHECK(strstr(buf, "no status") != NULL);
	printer_status_text(&st, buf, 4);
	CHECK_INT(strlen(buf), 3);
}

static void test_device_ids(void)
{
	struct printer_device_id id;
	const char *zebra = "MANUFACTURER:Zebra Technologies;COMMAND SET:ZPL;MODEL:ZTC GK420d;CLASS:PRINTER;";
	printer_parse_device_id(zebra, strlen(zebra), &id);
	CHECK_STR(id.mfg, "Zebra Technologies");
	CHECK_STR(id.mdl, "ZTC GK420d");
	CHECK(printer_lang_from_device_id(&id) == &printer_lang_zpl);
	const char *tsc = "MFG:TSC;CMD: TSPL2 , EPL;MDL:TTP-244 Pro;";
	printer_parse_device_id(tsc, strlen(tsc), &id);
	CHECK_STR(id.cmd, "TSPL2 , EPL");
	CHECK(printer_lang_from_device_id(&id) == &printer_lang_tspl);
	const char *ql = "MFG:Brother;CMD:PT-CBP;MDL:QL-810W;CLS:PRINTER;";
	printer_parse_device_id(ql, strlen(ql), &id);
	CHECK(printer_lang_from_device_id(&id) == &printer_lang_ql);
	const char *laser = "MFG:Brother;CMD:PJL,PCL,PCLXL;MDL:HL-L2350DW;";
	printer_parse_device_id(laser, strlen(laser), &id);
	CHECK(printer_lang_from_device_id(&id) == NULL);
	const char *dymo = "MFG:DYMO;CMD: ;MDL:LabelWriter 450;CLASS:PRINTER;";
	printer_parse_device_id(dymo, strlen(dymo), &id);
	CHECK(printer_lang_from_device_id(&id) == &printer_lang_dymo);
	const char *epl = "MFG:Zebra;CMD:EPL2;MDL:LP2844;";
	printer_parse_device_id(epl, strlen(epl), &id);
	CHECK(printer_lang_from_device_id(&id) == NULL);
	/* Length-limited and missing fields. */
	printer_parse_device_id("MFG:Abc;MDL:Xyz", 7, &id);
	CHECK_STR(id.mfg, "Abc");
	CHECK_STR(id.mdl, "");
	printer_parse_device_id("garbage;;:;MDL:\x01\x02;", 17, &id);
	CHECK_STR(id.mdl, "??");

	struct printer_profile pf;
	/* A Zebra that says EPL only: the vendor row still says ZPL. */
	printer_profile_make(0x0a5f, 0x00ab, &id, NULL, 0, &pf);
	CHECK(pf.lang == &printer_lang_zpl);
	CHECK_INT(pf.dpi, 203);
	CHECK_INT(pf.head_dots, 832);
	/* A printer that says TSPL, unknown ids. */
	printer_parse_device_id(tsc, strlen(tsc), &id);
	printer_profile_make(0x1234, 0x5678, &id, NULL, 0, &pf);
	CHECK(pf.lang == &printer_lang_tspl && pf.model == NULL);
	CHECK_STR(pf.name, "TSC TTP-244 Pro");
	printer_profile_make(0x1234, 0x5678, &id, NULL, 300, &pf);
	CHECK_INT(pf.dpi, 300);
	CHECK_INT(pf.head_dots, 1224);
	/* Brother by id only (QL-700 has no PackBits), and an override. */
	printer_profile_make(0x04f9, 0x2042, NULL, NULL, 0, &pf);
	CHECK(pf.lang == &printer_lang_ql && !(pf.flags & PF_PACKBITS) && (pf.flags & PF_CUTTER));
	CHECK_STR(pf.name, "Brother QL-700");
	printer_profile_make(0x04f9, 0x209b, NULL, NULL, 0, &pf);
	CHECK_INT(pf.invalidate, 400);
	printer_profile_make(0x04f9, 0x20a7, NULL, NULL, 0, &pf);
	CHECK_INT(pf.head_dots, 1296);
	printer_profile_make(0xffff, 0x0001, NULL, NULL, 0, &pf);
	CHECK(pf.lang == NULL);
	printer_profile_make(0xffff, 0x0001, NULL, "tspl", 0, &pf);
	CHECK(pf.lang == &printer_lang_tspl && pf.dpi == 203);
	CHECK(printer_model_find(0x0922, 0x0020, NULL) != NULL);
	CHECK(printer_model_find(0x0922, 0x1234, "LabelWriter 550") != NULL);
	CHECK(printer_model_find(0x0922, 0x8003, NULL) == NULL); /* a DYMO scale is no printer */
}

static void test_media(void)
{
	struct printer_profile pf;
	int w, h;
	sy_err err = {0};
	printer_profile_make(0x0a5f, 0x0001, NULL, NULL, 0, &pf);
	CHECK_INT(printer_media(&pf, 100, 50, &w, &h, &err), SY_OK);
	CHECK_INT(w, 799);
	CHECK_INT(h, 400);
	CHECK_INT(printer_media(&pf, 110, 50, &w, &h, &err), SY_INVALID);
	CHECK(strstr(err.msg, "104 mm") != NULL);
	printer_profile_make(0x04f9, 0x2042, NULL, NULL, 0, &pf);
	CHECK_INT(printer_media(&pf, 29, 90, &w, &h, &err), SY_OK);
	CHECK_INT(w, 306);
	CHECK_INT(printer_media(&pf, 100, 50, &w, &h, &err), SY_INVALID);
	CHECK_INT(printer_media(&pf, 102, 50, &w, &h, &err), SY_INVALID);
	const struct printer_ql_media *tape = printer_ql_media_find(62, 0);
	CHECK(tape && tape->dots == 696 && tape->offset == 12 && tape->wide_offset == 56);
	CHECK(printer_ql_media_find(61, 0) == NULL);
	CHECK(printer_ql_media_parse("62x100") == printer_ql_media_find(62, 100));
	CHECK(printer_ql_media_parse(" 62 mm") == tape);
	CHECK(printer_ql_media_parse("102x152") == printer_ql_media_find(102, 153));
	CHECK(printer_ql_media_parse("62x101") == NULL && printer_ql_media_parse(NULL) == NULL);
	printer_profile_make(0xffff, 1, NULL, NULL, 0, &pf);
	CHECK_INT(printer_media(&pf, 62, 100, &w, &h, &err), SY_INVALID);
	CHECK(printer_lang_find("zpl") == &printer_lang_zpl && printer_lang_find("pcl") == NULL);
}

/* ---- A fake transport: scripted replies, a record of what was written ---- */
struct fake {
	struct printer_buf written;
	const uint8_t *reply[8];
	size_t reply_len[8];
	int replies, next_reply;
	long stall_after; /* writes time out once this many bytes went (-1: never) */
	int gone_after_replies; /* unplugged once this many replies were read (-1: never) */
	int has_port;
	uint8_t port;
	int writes;
};

static enum printer_io_status fake_write(void *ctx, const uint8_t *data, size_t len, int timeout_ms, size_t *done)
{
	struct fake *f = ctx;
	(void)timeout_ms;
	f->writes++;
	*done = 0;
	if (f->stall_after >= 0 && (long)f->written.len >= f->stall_after)
		return PIO_TIMEOUT;
	printer_buf_add(&f->written, data, len);
	*done = len;
	return PIO_OK;
}

static enum printer_io_status fake_read(void *ctx, uint8_t *buf, size_t size, int timeout_ms, size_t *got)
{
	struct fake *f = ctx;
	(void)timeout_ms;
	*got = 0;
	if (f->gone_after_replies >= 0 && f->next_reply >= f->gone_after_replies)
		return PIO_GONE;
	if (f->next_reply >= f->replies)
		return PIO_TIMEOUT;
	size_t n = f->reply_len[f->next_reply];
	n = n < size ? n : size;
	memcpy(buf, f->reply[f->next_reply++], n);
	*got = n;
	return PIO_OK;
}

static enum printer_io_status fake_port(void *ctx, uint8_t *out)
{
	struct fake *f = ctx;
	*out = f->port;
	return f->has_port ? PIO_OK : PIO_UNSUPPORTED;
}

static struct printer_io fake_io(struct fake *f)
{
	struct printer_io io = {.ctx = f, .bidirectional = 1, .write = fake_write, .read = fake_read,
				.port_status = fake_port};
	f->stall_after = -1;
	f->gone_after_replies = -1;
	return io;
}

static void test_exchange(void)
{
	struct printer_timeouts t = {.write = 50, .status = 50, .finish = 300};
	static const uint8_t job[] = "^XA^XZ";
	struct printer_status st;
	enum printer_outcome outcome;
	sy_err err = {0};
	const char *zpl_ok = "\x02 ERRORS: 0 00000000 00000000\r\n\x03";
	const char *zpl_out = "\x02 ERRORS: 1 00000000 00000001\r\n\x03";

	/* ZPL paper out: refused before any byte of the job, status asked once. */
	struct fake f = {0};
	struct printer_io io = fake_io(&f);
	f.reply[0] = (const uint8_t *)zpl_out, f.reply_len[0] = strlen(zpl_out), f.replies = 1;
	CHECK_INT(printer_io_send(&io, &printer_lang_zpl, job, 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "out of labels") != NULL);
	CHECK_INT(outcome, PRINTER_NOT_SENT);
	CHECK(f.written.len == 12 && memcmp(f.written.data, "~HQES\r\n~HS\r\n", 12) == 0);
	printer_buf_free(&f.written);

	/* ZPL ready: request, job, request again. */
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = f.reply[1] = (const uint8_t *)zpl_ok, f.reply_len[0] = f.reply_len[1] = strlen(zpl_ok);
	f.replies = 2;
	CHECK_INT(printer_io_send(&io, &printer_lang_zpl, job, 6, &t, &st, &outcome, &err), SY_OK);
	CHECK(f.written.len == 30 && memcmp(f.written.data, "~HQES\r\n~HS\r\n^XA^XZ~HQES\r\n~HS\r\n", 30) == 0);
	CHECK(st.known && !(st.flags & PRINTER_DONE));
	CHECK_INT(outcome, PRINTER_TAKEN);
	printer_buf_free(&f.written);

	/* A printer that never answers: sent anyway, status unknown. */
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	CHECK_INT(printer_io_send(&io, &printer_lang_tspl, job, 6, &t, &st, &outcome, &err), SY_OK);
	CHECK(!st.known);
	printer_buf_free(&f.written);

	/* A big job goes in chunks; a stall midway is a clear failure. */
	static uint8_t big[20000];
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	io.bidirectional = 0;
	f.stall_after = 8192;
	CHECK_INT(printer_io_send(&io, &printer_lang_zpl, big, sizeof big, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "8192 of 20000") != NULL);
	CHECK_INT(outcome, PRINTER_PART_SENT);
	CHECK_INT(f.writes, 3);
	printer_buf_free(&f.written);

	/* DYMO that does not answer ESC A: the port status says paper out. */
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.has_port = 1, f.port = 0x38;
	CHECK_INT(printer_io_send(&io, &printer_lang_dymo, job, 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "out of labels") != NULL && f.written.len == 2 && !memcmp(f.written.data, "\x1b" "A", 2));
	printer_buf_free(&f.written);

	/* Brother: ready, phase change, printing completed. */
	uint8_t ready[32] = {0x80, 0x20, 0x42, 0x34}, printing[32], done[32], nomedia[32];
	ready[10] = 62, ready[11] = 0x0A;
	memcpy(printing, ready, 32);
	printing[18] = 0x06, printing[19] = 0x01;
	memcpy(done, ready, 32);
	done[18] = 0x01;
	memcpy(nomedia, ready, 32);
	nomedia[8] = 0x02, nomedia[18] = 0x02;
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = ready, f.reply[1] = printing, f.reply[2] = done;
	f.reply_len[0] = f.reply_len[1] = f.reply_len[2] = 32;
	f.replies = 3;
	CHECK_INT(printer_io_send(&io, &printer_lang_ql, job, 6, &t, &st, &outcome, &err), SY_OK);
	CHECK(st.flags & PRINTER_DONE);
	CHECK_INT(outcome, PRINTER_PRINTED);
	CHECK_INT(f.next_reply, 3);
	printer_buf_free(&f.written);

	/* Brother runs out of tape while printing: failed, to be retried. */
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = ready, f.reply[1] = printing, f.reply[2] = nomedia;
	f.reply_len[0] = f.reply_len[1] = f.reply_len[2] = 32;
	f.replies = 3;
	CHECK_INT(printer_io_send(&io, &printer_lang_ql, job, 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "out of labels") != NULL);
	printer_buf_free(&f.written);

	/* Brother never says it finished. */
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = ready, f.reply_len[0] = 32, f.replies = 1;
	CHECK_INT(printer_io_send(&io, &printer_lang_ql, job, 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "did not report it printed") != NULL);
	CHECK_INT(outcome, PRINTER_TAKEN);
	printer_buf_free(&f.written);

	/* Unplugged while waiting. */
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = ready, f.reply_len[0] = 32, f.replies = 1, f.gone_after_replies = 1;
	CHECK_INT(printer_io_send(&io, &printer_lang_ql, job, 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "unplugged") != NULL);
	printer_buf_free(&f.written);
}

/* A 62 mm job for a model, decoded as that model's head takes it. */
static int ql_model_stream(uint16_t pid, const char *mdl, struct printer_profile *pf, struct printer_buf *out,
			   struct decoded *d, struct ql_decoded_info *qi, struct bitmap **bm)
{
	struct printer_device_id id;
	char ids[64];
	struct printer_job job;
	int w, h;
	sy_err err = {0};
	snprintf(ids, sizeof ids, "MFG:Brother;CMD:PT-CBP;MDL:%s;", mdl ? mdl : "");
	printer_parse_device_id(ids, strlen(ids), &id);
	printer_profile_make(0x04f9, pid, mdl ? &id : NULL, NULL, 0, pf);
	if (printer_ql_layout(pf, printer_ql_media_find(62, 0), 20, &w, &h, &job, &err) != SY_OK)
		return -1;
	*bm = pattern(w, h, 300, pid);
	memset(out, 0, sizeof *out);
	if (printer_encode(&printer_lang_ql, *bm, &job, out, &err) != SY_OK)
		return -1;
	return decode_ql(out->data, out->len, pf->head_dots / 8, w, job.offset_dots, d, qi);
}

/* The wide models: 162-byte rows, the tape 56 dots from the head's edge. */
static void test_ql_wide(void)
{
	static const struct {
		uint16_t pid;
		const char *mdl;
	} wide[] = {{0x2020, "QL-1050"}, {0x202a, "QL-1060N"}, {0x20a7, "QL-1100"}, {0x20a8, "QL-1110NWB"}, {0x20ab, "QL-1115NWB"}};
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
		for (int by_name = 0; by_name < 2; by_name++) {
			struct printer_profile pf;
			struct printer_buf out;
			struct decoded d;
			struct ql_decoded_info qi;
			struct bitmap *bm = NULL;
			/* By product id, and by the 1284 model name of an id the table lacks. */
			int rc = ql_model_stream(by_name ? 0x7fff : wide[i].pid, by_name ? wide[i].mdl : NULL, &pf, &out, &d,
						 &qi, &bm);
			CHECK_MSG(pf.head_dots == 1296, wide[i].mdl);
			CHECK_MSG(rc == 0 && decoded_diff(bm, d.bm) == 0, wide[i].mdl);
			if (rc)
				printf("# %s: %s\n", wide[i].mdl, d.why);
			/* Every raster line carries 162 bytes once unpacked (decode_ql checks each). */
			CHECK(qi.lines == 236 && qi.width_mm == 62);
			bitmap_free(d.bm);
			bitmap_free(bm);
			printer_buf_free(&out);
		}
	/* 102 mm tape: the wide head only. */
	struct printer_profile pf;
	int w, h;
	struct printer_job job;
	sy_err err = {0};
	printer_profile_make(0x04f9, 0x20a8, NULL, NULL, 0, &pf);
	CHECK_INT(printer_ql_layout(&pf, printer_ql_media_parse("102"), 50, &w, &h, &job, &err), SY_OK);
	CHECK(w == 1164 && job.offset_dots == 56 && job.head_dots == 1296);
	printer_profile_make(0x04f9, 0x2042, NULL, NULL, 0, &pf);
	CHECK_INT(printer_ql_layout(&pf, printer_ql_media_parse("102x51"), 0, &w, &h, &job, &err), SY_INVALID);
	CHECK(strstr(err.msg, "wide Brother models") != NULL);
}

/* Each model gets the commands its reference lists, and no others. */
static void test_ql_commands(void)
{
	static const struct {
		uint16_t pid;
		const char *name;
		int mode_switch, compression, invalidate;
	} models[] = {
		{0x2028, "QL-570", 0, 0, 200},  {0x2042, "QL-700", 0, 0, 200},   {0x2043, "QL-710W", 1, 1, 200},
		{0x2044, "QL-720NW", 1, 1, 200}, {0x209b, "QL-800", 1, 0, 400},  {0x209d, "QL-820NWB", 1, 1, 400},
		{0x20a7, "QL-1100", 1, 1, 350},
	};
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
		struct printer_profile pf;
		struct printer_buf out;
		struct decoded d;
		struct ql_decoded_info qi;
		struct bitmap *bm = NULL;
		int rc = ql_model_stream(models[i].pid, NULL, &pf, &out, &d, &qi, &bm);
		CHECK_MSG(rc == 0, models[i].name);
		CHECK_MSG(qi.mode_switch == models[i].mode_switch, models[i].name);
		CHECK_MSG(qi.compression_commands == models[i].compression, models[i].name);
		CHECK_MSG((qi.zero_lines > 0) == models[i].compression, models[i].name); /* the pattern has blank rows */
		CHECK_MSG(qi.invalidate == models[i].invalidate, models[i].name);
		/* No stray command hides in a model that lacks it. */
		int has_esc_ia = memmem(out.data, out.len, "\x1bia", 3) != NULL;
		CHECK_MSG(has_esc_ia == models[i].mode_switch, models[i].name);
		bitmap_free(d.bm);
		bitmap_free(bm);
		printer_buf_free(&out);
	}
}

/* Die-cut labels are declared as such, with their length, and fill the label. */
static void test_ql_die_cut(void)
{
	struct printer_profile pf;
	struct printer_job job;
	struct printer_buf out = {0};
	struct decoded d;
	struct ql_decoded_info qi;
	int w, h;
	sy_err err = {0};
	printer_profile_make(0x04f9, 0x2042, NULL, NULL, 0, &pf);
	const struct printer_ql_media *dk11202 = printer_ql_media_parse("62x100");
	CHECK_INT(printer_ql_layout(&pf, dk11202, 0, &w, &h, &job, &err), SY_OK);
	CHECK(w == 696 && h == 1109 && job.die_cut && job.media_length_mm == 100 && job.offset_dots == 12);
	struct bitmap *bm = pattern(w, h, 300, 11);
	CHECK_INT(printer_encode(&printer_lang_ql, bm, &job, &out, &err), SY_OK);
	static const uint8_t info[] = {0x1B, 'i', 'z', 0xCE, 0x0B, 62, 100, 0x55, 0x04, 0, 0, 0, 0};
	CHECK(memmem(out.data, out.len, info, sizeof info) != NULL); /* die-cut, 62 x 100 mm, 1109 lines */
	CHECK_INT(decode_ql(out.data, out.len, 90, 696, 12, &d, &qi), 0);
	CHECK(d.bm && decoded_diff(bm, d.bm) == 0);
	CHECK(qi.media_type == 0x0B && qi.length_mm == 100 && qi.margin == 0);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	/* A label rendered for another length is refused, not cut off. */
	struct bitmap *short_label = pattern(696, 1000, 300, 1);
	CHECK_INT(printer_encode(&printer_lang_ql, short_label, &job, &out, &err), SY_INVALID);
	CHECK(strstr(err.msg, "62x100 mm die-cut labels (DK-11202)") != NULL);
	printer_buf_free(&out);
	bitmap_free(short_label);
	/* The wide head: the same roll 56 dots from its edge, 162-byte rows. */
	printer_profile_make(0x04f9, 0x20a8, NULL, NULL, 0, &pf);
	CHECK_INT(printer_ql_layout(&pf, dk11202, 0, &w, &h, &job, &err), SY_OK);
	CHECK_INT(printer_encode(&printer_lang_ql, bm, &job, &out, &err), SY_OK);
	CHECK_INT(decode_ql(out.data, out.len, 162, 696, 56, &d, &qi), 0);
	CHECK(d.bm && decoded_diff(bm, d.bm) == 0 && qi.media_type == 0x0B);
	bitmap_free(d.bm);
	printer_buf_free(&out);
	bitmap_free(bm);

	/* What a status reply says is loaded. */
	uint8_t reply[32] = {0x80, 0x20, 0x42, 0x34, 0x35, 0x30};
	struct printer_status st;
	char text[128];
	reply[10] = 62, reply[11] = 0x0B, reply[17] = 100;
	CHECK_INT(printer_ql_parse_status(reply, 32, &st), 0);
	CHECK(printer_ql_media_loaded(&st) == dk11202);
	printer_ql_loaded_describe(&st, text, sizeof text);
	CHECK_STR(text, "62x100 mm die-cut labels (DK-11202)");
	reply[11] = 0x4A, reply[17] = 0; /* the QL-700/800 generation's code for tape */
	printer_ql_parse_status(reply, 32, &st);
	CHECK(printer_ql_media_loaded(&st) == printer_ql_media_find(62, 0));
	reply[10] = 70, reply[11] = 0x0C;
	printer_ql_parse_status(reply, 32, &st);
	CHECK(printer_ql_media_loaded(&st) == NULL);
	printer_ql_loaded_describe(&st, text, sizeof text);
	CHECK_STR(text, "70 mm media of type 0C");
}

/* P-touch Template mode: an error report with both error bytes 0. */
static void test_ql_template_mode(void)
{
	struct printer_timeouts t = {.write = 50, .status = 50, .finish = 300};
	uint8_t ready[32] = {0x80, 0x20, 0x42, 0x34, 0x38}, template_error[32];
	struct printer_status st;
	enum printer_outcome outcome;
	sy_err err = {0};
	ready[10] = 62, ready[11] = 0x0A;
	memcpy(template_error, ready, 32);
	template_error[18] = 0x02;
	struct fake f = {0};
	struct printer_io io = fake_io(&f);
	f.reply[0] = ready, f.reply[1] = template_error, f.reply_len[0] = f.reply_len[1] = 32, f.replies = 2;
	CHECK_INT(printer_io_send(&io, &printer_lang_ql, (const uint8_t *)"x", 1, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "switch the printer to raster mode") != NULL);
	CHECK(st.flags & PRINTER_WRONG_MODE);
	printer_buf_free(&f.written);
	/* An error that names itself is not taken for the mode. */
	template_error[9] = 0x10;
	printer_ql_parse_status(template_error, 32, &st);
	CHECK(st.flags == PRINTER_COVER_OPEN);
}

#define HQES_OK "\x02\r\n  PRINTER STATUS\r\n   ERRORS:         0 00000000 00000000\r\n   WARNINGS:       0 00000000 00000000\r\n\x03\r\n"
#define HS(b, c, o)                                                                                              \
	"\x02" "030," b "," c ",1245,000,0,0,0,000,0,0,0\x03\r\n\x02" "001,0," o ",0,0,2,6,0,00000000,1,000\x03\r\n" \
	"\x02" "1234,0\x03\r\n"

/* A desktop Zebra says pause, paper out and head up in ~HS only. */
static void test_zpl_host_status(void)
{
	struct printer_status st;
	const char *paused = HQES_OK HS("0", "1", "0");
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)paused, strlen(paused), &st), 0);
	CHECK(st.known && st.flags == PRINTER_PAUSED);
	CHECK(strstr(st.detail, "paused") != NULL);
	const char *out = HQES_OK HS("1", "0", "0");
	printer_zpl_parse_status((const uint8_t *)out, strlen(out), &st);
	CHECK(st.flags == PRINTER_PAPER_OUT);
	const char *head = HS("0", "0", "1"); /* a printer without ~HQES */
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)head, strlen(head), &st), 0);
	CHECK(st.known && st.flags == PRINTER_HEAD_OPEN);
	const char *ready = HQES_OK HS("0", "0", "0");
	printer_zpl_parse_status((const uint8_t *)ready, strlen(ready), &st);
	CHECK(st.known && st.flags == 0);
	const char *broken = "\x02" "030,x,1\x03";
	CHECK_INT(printer_zpl_parse_status((const uint8_t *)broken, strlen(broken), &st), -1);

	/* Paused before the job: refused. Paused after it: held, not done. */
	struct printer_timeouts t = {.write = 50, .status = 50, .finish = 300};
	enum printer_outcome outcome;
	sy_err err = {0};
	struct fake f = {0};
	struct printer_io io = fake_io(&f);
	f.reply[0] = (const uint8_t *)paused, f.reply_len[0] = strlen(paused), f.replies = 1;
	CHECK_INT(printer_io_send(&io, &printer_lang_zpl, (const uint8_t *)"^XA^XZ", 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "paused") != NULL && outcome == PRINTER_NOT_SENT);
	printer_buf_free(&f.written);
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = (const uint8_t *)ready, f.reply_len[0] = strlen(ready);
	f.reply[1] = (const uint8_t *)paused, f.reply_len[1] = strlen(paused), f.replies = 2;
	CHECK_INT(printer_io_send(&io, &printer_lang_zpl, (const uint8_t *)"^XA^XZ", 6, &t, &st, &outcome, &err), SY_ENV);
	CHECK_INT(outcome, PRINTER_HELD);
	CHECK(strstr(err.msg, "paused") != NULL && strstr(err.msg, "took the job") != NULL);
	printer_buf_free(&f.written);
}

/* DYMO LabelWriter 400/450: ESC A answers a status byte. */
static void test_dymo_status(void)
{
	struct printer_status st;
	uint8_t b = 0x03;
	CHECK_INT(printer_dymo_parse_status(&b, 1, &st), 0);
	CHECK(st.known && st.flags == 0);
	b = 0x22;
	printer_dymo_parse_status(&b, 1, &st);
	CHECK(st.flags == PRINTER_PAPER_OUT);
	b = 0xC0;
	printer_dymo_parse_status(&b, 1, &st);
	CHECK(st.flags == PRINTER_JAM);
	b = 0x80;
	printer_dymo_parse_status(&b, 1, &st);
	CHECK(st.flags == PRINTER_FAULT);
	b = 0x02;
	printer_dymo_parse_status(&b, 1, &st);
	CHECK(st.flags == PRINTER_BUSY);
	CHECK_INT(printer_dymo_parse_status(&b, 0, &st), -1);

	/* The status byte wins over a port status that says all is well. */
	struct printer_timeouts t = {.write = 50, .status = 50, .finish = 300};
	enum printer_outcome outcome;
	sy_err err = {0};
	static const uint8_t jam = 0x41, ready = 0x03;
	struct fake f = {0};
	struct printer_io io = fake_io(&f);
	f.has_port = 1, f.port = 0x18;
	f.reply[0] = &jam, f.reply_len[0] = 1, f.replies = 1;
	CHECK_INT(printer_io_send(&io, &printer_lang_dymo, (const uint8_t *)"\x1b@", 2, &t, &st, &outcome, &err), SY_ENV);
	CHECK(strstr(err.msg, "jammed") != NULL && f.written.len == 2);
	printer_buf_free(&f.written);
	memset(&f, 0, sizeof f);
	io = fake_io(&f);
	f.reply[0] = f.reply[1] = &ready, f.reply_len[0] = f.reply_len[1] = 1, f.replies = 2;
	CHECK_INT(printer_io_send(&io, &printer_lang_dymo, (const uint8_t *)"\x1b@", 2, &t, &st, &outcome, &err), SY_OK);
	CHECK(f.written.len == 6 && !memcmp(f.written.data, "\x1b" "A\x1b@\x1b" "A", 6));
	printer_buf_free(&f.written);
}

int main(void)
{
	test_zpl_roundtrip();
	test_zpl_vectors();
	test_tspl();
	test_ql();
	test_packbits_vector();
	test_dymo();
	test_rendered_roundtrip();
	test_injection();
	test_status_parsers();
	test_status_text();
	test_device_ids();
	test_media();
	test_exchange();
	test_ql_wide();
	test_ql_commands();
	test_ql_die_cut();
	test_ql_template_mode();
	test_zpl_host_status();
	test_dymo_status();
	return CHECK_DONE();
}
