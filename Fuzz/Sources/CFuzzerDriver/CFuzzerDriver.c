// Empty: the target exists for its header. `LLVMFuzzerRunDriver` comes from libFuzzer,
// linked in by `-sanitize=fuzzer`.
#include "CFuzzerDriver.h"
