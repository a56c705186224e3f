/* Whatever a record holds reaches the terminal through text_safe_filter
 * (base/text.h): for any bytes, split anywhere, the output holds no C0
 * control but newline and tab, no DEL, no C1 control and no line separator
 * or direction override; split or whole, the output is the same; and in
 * JSON mode a JSON document stays one with the same strings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/text.h"

#define FREE_PRINTED(p) do { free(p); (p) = NULL; } while (0)

static size_t filter_split(int json, const uint8_t *data, size_t size, size_t cut, char *out)
{
	struct text_safe s = {.json = json};
	size_t n = text_safe_filter(&s, (const char *)data, cut, out);
	n += text_safe_filter(&s, (const char *)data + cut, size - cut, out + n);
	n += text_safe_flush(&s, out + n);
	return n;
}

static void check_clean(const char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)out;
	for (size_t i = 0; i < n; i++) {
		if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7f)
			abort();
		if (i + 1 < n && p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			abort();
		if (i + 2 < n && p[i] == 0xe2 &&
		    ((p[i + 1] == 0x80 && p[i + 2] >= 0xa8 && p[i + 2] <= 0xae) ||
		     (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9)))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = malloc(6 * (size + 3) + 1), *b = malloc(6 * (size + 3) + 1);
	if (!a || !b)
		abort();
	for (int json = 0; json <= 1; json++) {
		size_t whole = filter_split(json, data, size, size, a);
		size_t cut = size ? data[0] % (size + 1) : 0;
		size_t split = filter_split(json, data, size, cut, b);
		if (whole != split || memcmp(a, b, whole) != 0)
			abort();
		check_clean(a, whole);
		if (json) { /* a document as the program prints one stays one, its strings the same */
			char *text = malloc(size + 1);
			memcpy(text, data, size);
			text[size] = '\0';
			cJSON *in = strlen(text) == size ? cJSON_Parse(text) : NULL;
			char *printed = in ? cJSON_PrintUnformatted(in) : NULL;
			cJSON *again = printed ? cJSON_Parse(printed) : NULL;
			int round_trips = again && cJSON_Compare(in, again, 1); /* not so for inf, say: cJSON's own */
			cJSON_Delete(again);
			if (printed && !round_trips)
				FREE_PRINTED(printed);
			if (printed) {
				size_t n = strlen(printed);
				char *f = malloc(6 * (n + 3) + 1);
				struct text_safe st = {.json = 1};
				size_t m = text_safe_filter(&st, printed, n, f);
				m += text_safe_flush(&st, f + m);
				f[m] = '\0';
				cJSON *outdoc = cJSON_Parse(f);
				if (!outdoc || !cJSON_Compare(in, outdoc, 1))
					abort();
				cJSON_Delete(outdoc);
				free(f);
				free(printed);
			}
			cJSON_Delete(in);
			free(text);
		}
	}
	free(a);
	free(b);
	return 0;
}
