// xxHash, the reference implementation (Debian's libxxhash-dev): XXH64 checks a compiled-rubric
// cache file (Sources/ComposureKit/Support/XXHash64.swift).
#include <xxhash.h>
