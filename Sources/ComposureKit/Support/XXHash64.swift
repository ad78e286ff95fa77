import CXXHash

/// XXH64 (Yann Collet's xxHash, 64-bit, seed 0): the checksum that ends a compiled-rubric cache file.
///
/// The checksum only has to catch a damaged or truncated file (a torn write, a flipped byte, another
/// tool's file), not a forger: the cache folder is the user's own, and what a file records is checked
/// again against its inputs. SHA-256 over the 3.5 MB core rubric file took 3.5 % of a cached
/// `explain hi`; zlib's `crc32` (1.2.13, the system's) is no faster than the SHA-256 the machine
/// computes in hardware (about 1.1 against 1.8 GB/s on the project's machine). XXH64 is computed by
/// the reference library (Debian's `libxxhash-dev`, through the `CXXHash` system-library target).
/// A damaged file passes it by chance with odds of about 2^-64. `XXHash64Tests` checks the published
/// reference values.
enum XXHash64 {
    /// The XXH64 hash of `bytes` with seed 0.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        XXH64(bytes.baseAddress, bytes.count, 0)
    }

    /// The hash as the 8 bytes a cache file ends with (little-endian).
    static func bytes(of bytes: UnsafeRawBufferPointer) -> [UInt8] {
        withUnsafeBytes(of: hash(bytes).littleEndian) { Array($0) }
    }
}
