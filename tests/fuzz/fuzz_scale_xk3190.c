/* The xk3190 decoder under arbitrary bytes (see fuzz_scale_proto.h). */
#include "tests/fuzz/fuzz_scale_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_protocol(&scale_proto_xk3190, data, size);
}
