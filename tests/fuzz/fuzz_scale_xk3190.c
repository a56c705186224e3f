/* The xk3190 decoders (digits of '=' frames reversed, and in order) under
 * arbitrary bytes (see fuzz_scale_proto.h); auto runs with both. */
#include "tests/fuzz/fuzz_scale_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_protocol(&scale_proto_xk3190, data, size);
	return fuzz_protocol(&scale_proto_xk3190_forward, data, size);
}
