/* Photos are outside bytes from a camera folder or a scanner: any file must
 * be checked to an image or a clean refusal, and an image that passes must
 * shrink into a thumbnail within its box (base/image.h). */
#include <stdint.h>
#include <stdlib.h>

#include "base/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image_info info;
	sy_err err;
	if (image_check(data, size, &info, &err) != SY_OK)
		return 0;
	if (info.type == IMAGE_NONE || info.width < IMAGE_MIN_SIDE || info.height < IMAGE_MIN_SIDE ||
	    (long)info.width * info.height > IMAGE_MAX_PIXELS || info.orientation < 1 || info.orientation > 8)
		abort(); /* passed the check without meeting it */
	unsigned char *thumb = NULL;
	size_t len = 0;
	int w = 0, h = 0;
	if (image_thumbnail(data, size, 120, 90, &thumb, &len, &w, &h, &err) != SY_OK)
		abort(); /* a checked image must shrink */
	if (!thumb || !len || w < 1 || h < 1 || w > 120 || h > 90)
		abort();
	free(thumb);
	return 0;
}
