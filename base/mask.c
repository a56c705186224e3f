#include "base/mask.h"

#include <stdint.h>
#include <string.h>

#include "base/text.h"

void mask_text(const char *s, int head, int tail, char *out, size_t size)
{
	if (!size)
		return;
	*out = '\0';
	if (!s || !*s)
		return;
	int n = (int)text_utf8_len(s);
	if (n <= head + tail) { /* too short to keep both ends */
		head = 0;
		tail = n > 1 ? 1 : 0;
	}
	size_t o = 0;
	const char *p = s;
	for (int i = 0; i < n && *p; i++) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		if (len <= 0)
			len = 1;
		int keep = i < head || i >= n - tail;
		size_t need = keep ? (size_t)len : 1;
		if (o + need >= size)
			break;
		if (keep)
			memcpy(out + o, p, (size_t)len);
		else
			out[o] = '*';
		o += need;
		p += len;
	}
	out[o] = '\0';
}
