/* Shared document pieces: field grids, headers, signatures, VOID stamp. */
#include "forms/doc_common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"

const char *doc_s(const char *s) { return s ? s : ""; }

/* value with exactly 'decimals' (0-3) decimals, rounded half away from zero;
 * ledgers format thousands of numbers, so no printf here. */
static const char *fmt_decimal(char *buf, size_t size, double v, int decimals)
{
	static const double scale[] = {1, 10, 100, 1000};
	char tmp[48], *e = tmp + sizeof tmp, *q = e;
	if (decimals < 0 || decimals > 3 || v > 9e15 || v < -9e15) {
		snprintf(buf, size, "%.*f", decimals < 0 ? 0 : decimals, v);
		return buf;
	}
	double sv = v * scale[decimals];
	long long n = (long long)(sv < 0 ? sv - 0.5 : sv + 0.5);
	unsigned long long u = n < 0 ? (unsigned long long)-n : (unsigned long long)n;
	*--q = '\0';
	for (int i = 0; i < decimals; i++, u /= 10)
		*--q = (char)('0' + u % 10);
	if (decimals)
		*--q = '.';
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		*--q = '-';
	sy_strlcpy(buf, q, size);
	return buf;
}

const char *doc_fmt_int(char *buf, size_t size, long v) { return fmt_decimal(buf, size, (double)v, 0); }

const char *doc_fmt_num(char *buf, size_t size, double v, int decimals, int blank_zero)
{
	if (blank_zero && v == 0) {
		buf[0] = '\0';
		return buf;
	}
	fmt_decimal(buf, size, v, decimals);
	if (decimals > 0 && strchr(buf, '.')) {
		char *e = buf + strlen(buf) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
	return buf;
}

const char *doc_fmt_mass(char *buf, size_t size, double kg)
{
	if (kg == 0) {
		buf[0] = '\0';
		return buf;
	}
	return fmt_decimal(buf, size, kg, 1);
}

const char *doc_fmt_kg(char *buf, size_t size, double kg)
{
	if (kg <= 0) {
		buf[0] = '\0';
		return buf;
	}
	char n[32];
	snprintf(buf, size, "%s kg", doc_fmt_num(n, sizeof n, kg, 1, 0));
	return buf;
}

const char *doc_join(char *buf, size_t size, const char *a, const char *sep, const char *b)
{
	a = doc_s(a);
	b = doc_s(b);
	snprintf(buf, size, "%s%s%s", a, *a && *b ? sep : "", b);
	return buf;
}

static void label_cell(struct pdf *pdf, float x, float y, float w, float h, const char *zh, const char *en)
{
	pdf_fill_rect(pdf, x, y, w, h, 0.93f);
	float zs = h >= 22 ? 8.5f : 7.5f, es = zs * 0.78f;
	float gap = 1.5f;
	int two = zh && *zh && en && *en;
	float block = two ? zs + gap + es : zs;
	/* Chinese above English, centred as a block */
	struct pdf_box box = {x, y + h / 2 + block / 2 - zs - 1, w, zs + 2, PDF_REGULAR, zs, 6, PDF_LEFT, 4};
	if (zh && *zh)
		pdf_text_box(pdf, &box, zh);
	else
		box.y += zs + gap;
	if (en && *en) {
		box.y -= es + gap + 1;
		box.h = es + 2;
		box.size = es;
		box.min_size = 4.5f;
		pdf_text_box(pdf, &box, en);
	}
}

static void value_cell(struct pdf *pdf, float x, float y, float w, float h, const struct doc_field *f)
{
	float indent = 0;
	if (f->flags & DOC_CHECK) {
		float s = 9;
		pdf_check_box(pdf, x + 5, y + (h - s) / 2, s, f->checked);
		indent = s + 4;
	}
	struct pdf_box box = {x + indent, y + 1, w - indent, h - 2, f->flags & DOC_BOLD ? PDF_BOLD : PDF_REGULAR, 10, 6.5f,
			      PDF_LEFT, 5};
	pdf_text_box(pdf, &box, f->value);
}

void doc_fields(struct pdf *pdf, const struct doc_field *f, int n, float label_w, float row_h)
{
	float left = pdf_margin(pdf), width = pdf_page_width(pdf) - 2 * left;
	float half = width / 2, value_w = half - label_w;
	for (int i = 0; i < n;) {
		/* a pair shares the row unless either is wide */
		int pair = !(f[i].flags & (DOC_WIDE | DOC_TALL)) && i + 1 < n && !(f[i + 1].flags & (DOC_WIDE | DOC_TALL));
		float saved_h = row_h;
		if (f[i].flags & DOC_TALL)
			row_h *= 1.75f;
		pdf_need(pdf, row_h);
		float y = pdf_y(pdf) - row_h;
		label_cell(pdf, left, y, label_w, row_h, f[i].zh, f[i].en);
		if (pair) {
			value_cell(pdf, left + label_w, y, value_w, row_h, &f[i]);
			label_cell(pdf, left + half, y, label_w, row_h, f[i + 1].zh, f[i + 1].en);
			value_cell(pdf, left + half + label_w, y, value_w, row_h, &f[i + 1]);
			float xy[] = {left + label_w, y, left + label_w, y + row_h, left + half, y, left + half, y + row_h,
				      left + half + label_w, y, left + half + label_w, y + row_h};
			pdf_lines(pdf, xy, 3, 0.6f);
		} else {
			value_cell(pdf, left + label_w, y, width - label_w, row_h, &f[i]);
			float xy[] = {left + label_w, y, left + label_w, y + row_h};
			pdf_lines(pdf, xy, 1, 0.6f);
		}
		pdf_rect(pdf, left, y, width, row_h, 0.6f);
		pdf_set_y(pdf, y);
		row_h = saved_h;
		i += pair ? 2 : 1;
	}
	pdf_set_y(pdf, pdf_y(pdf) - 6);
}

float doc_title(struct pdf *pdf, float y, const char *zh, const char *en, float zh_size)
{
	float cx = pdf_page_width(pdf) / 2;
	y -= zh_size;
	pdf_text(pdf, cx, y, PDF_BOLD, zh_size, PDF_CENTER, zh);
	y -= zh_size * 0.75f;
	pdf_text(pdf, cx, y, PDF_BOLD, zh_size * 0.5f, PDF_CENTER, en);
	return y - zh_size * 0.4f;
}

float doc_running_header(struct pdf *pdf, const struct doc_yard *yard, const char *zh, const char *en,
			 const char *subtitle)
{
	float left = pdf_margin(pdf), right = pdf_page_width(pdf) - left;
	float y = pdf_page_height(pdf) - left - 14;
	float w = pdf_text(pdf, left, y, PDF_BOLD, 14, PDF_LEFT, zh);
	pdf_text(pdf, left + w + 6, y, PDF_BOLD, 10, PDF_LEFT, en);
	pdf_text(pdf, right, y + 2, PDF_BOLD, 9, PDF_RIGHT, doc_s(yard->name));
	if (yard->licence_no && *yard->licence_no) {
		char line[160];
		snprintf(line, sizeof line, "资质证书编号 Licence No. %s", yard->licence_no);
		pdf_text(pdf, right, y - 8, PDF_REGULAR, 7, PDF_RIGHT, line);
	}
	y -= 22;
	pdf_text(pdf, left, y, PDF_REGULAR, 8.5f, PDF_LEFT, subtitle);
	y -= 5;
	pdf_line(pdf, left, y, right, y, 0.8f);
	return y - 8;
}

void doc_signatures(struct pdf *pdf, const struct doc_sign *b, int n, float height)
{
	float left = pdf_margin(pdf), width = pdf_page_width(pdf) - 2 * left, gap = 8;
	float w = (width - gap * (n - 1)) / n;
	pdf_need(pdf, height);
	float y = pdf_y(pdf) - height;
	for (int i = 0; i < n; i++) {
		float x = left + i * (w + gap);
		pdf_rect(pdf, x, y, w, height, 0.6f);
		pdf_label(pdf, x + 5, y + height - 12, 8.5f, b[i].zh, b[i].en);
		if (b[i].name && *b[i].name)
			pdf_text(pdf, x + 5, y + height - 30, PDF_REGULAR, 10, PDF_LEFT, b[i].name);
		/* where the pen goes, and the date */
		pdf_dash(pdf, 1);
		pdf_line(pdf, x + 5, y + 18, x + w - 5, y + 18, 0.5f);
		pdf_dash(pdf, 0);
		char date[64];
		snprintf(date, sizeof date, "日期 Date: %s", *doc_s(b[i].date) ? b[i].date : "");
		pdf_text(pdf, x + 5, y + 6, PDF_REGULAR, 7.5f, PDF_LEFT, date);
	}
	pdf_set_y(pdf, y - 8);
}

void doc_paragraph(struct pdf *pdf, enum pdf_font font, float size, const char *utf8)
{
	if (!utf8 || !*utf8)
		return;
	float left = pdf_margin(pdf), width = pdf_page_width(pdf) - 2 * left;
	enum { MAX = 24 };
	struct pdf_line_span lines[MAX];
	int n = pdf_wrap(pdf, font, size, width, utf8, lines, MAX);
	if (n > MAX)
		n = MAX;
	float lead = size * 1.35f;
	for (int i = 0; i < n; i++) {
		pdf_need(pdf, lead);
		float y = pdf_y(pdf) - size;
		char line[1024];
		size_t len = lines[i].len < sizeof line - 1 ? lines[i].len : sizeof line - 1;
		memcpy(line, utf8 + lines[i].start, len);
		line[len] = '\0';
		pdf_text(pdf, left, y, font, size, PDF_LEFT, line);
		pdf_set_y(pdf, pdf_y(pdf) - lead);
	}
	pdf_set_y(pdf, pdf_y(pdf) - 3);
}

void doc_void_band(struct pdf *pdf, const char *reason, const char *date)
{
	char line[600];
	snprintf(line, sizeof line, "已作废 VOIDED    %s%s    作废原因 Reason: %s", date && *date ? "作废日期 Date: " : "",
		 doc_s(date), doc_s(reason));
	float left = pdf_margin(pdf), w = pdf_page_width(pdf) - 2 * left, h = 26;
	pdf_need(pdf, h + 6);
	float y = pdf_y(pdf) - h;
	pdf_rect(pdf, left + 1, y, w - 2, h, 2);
	struct pdf_box box = {left, y, w, h, PDF_BOLD, 11, 6, PDF_CENTER, 8};
	pdf_text_box(pdf, &box, line);
	pdf_set_y(pdf, y - 6);
}

void doc_void_stamp(struct pdf *pdf)
{
	float w = pdf_page_width(pdf), h = pdf_page_height(pdf);
	float angle = atan2f(h, w) * 180.0f / 3.14159265f;
	pdf_text_rotated(pdf, w / 2, h / 2, angle, PDF_BOLD, 120, 1, "作废 VOID");
}

int doc_handover_fields(const struct doc_handover *h, struct doc_field *f, char *plates, size_t plates_size)
{
	int expected = h->plates_expected > 0 ? h->plates_expected : 2;
	f[0] = (struct doc_field){"机动车登记证书", "Registration certificate",
				  h->reg_cert_returned ? "已收回 Returned" : "未收回 Not returned", 0, h->reg_cert_returned};
	f[1] = (struct doc_field){"机动车行驶证", "Driving licence",
				  h->licence_returned ? "已收回 Returned" : "未收回 Not returned", 0, h->licence_returned};
	f[0].flags = f[1].flags = DOC_CHECK;
	snprintf(plates, plates_size, "已收回 %d 面，应交 %d 面  %d of %d returned", h->plates_returned, expected,
		 h->plates_returned, expected);
	f[2] = (struct doc_field){"号牌", "Number plates", plates, DOC_CHECK, h->plates_returned >= expected};
	int missing = !h->reg_cert_returned || !h->licence_returned || h->plates_returned < expected;
	/* Without the caller's note, only what the fields above say: whether the
	 * owner declared it in writing is not known here, so it is not claimed. */
	const char *note = h->missing_note && *h->missing_note ? h->missing_note
			   : missing ? "见上列未收回项目 See the items above not returned."
				     : "无 None";
	/* documents and parts missing make a long line: room for it all, the
	 * statement at its end included */
	f[3] = (struct doc_field){"缺失说明", "Missing items", note, strlen(note) > 150 ? DOC_TALL : 0, 0};
	return 4;
}
