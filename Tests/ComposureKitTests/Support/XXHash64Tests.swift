import Testing

@testable import ComposureKit

/// The cache file's checksum is XXH64 as the reference implementation computes it.
@Suite struct XXHash64Tests {
    /// Values of the reference implementation (xxhsum -H1, seed 0), one for each path through the
    /// function: empty, the 1-byte and 4-byte tails, the 8-byte words, and the four lanes of 32 bytes.
    @Test(arguments: [
        ("", 0xEF46_DB37_51D8_E999 as UInt64),
        ("a", 0xD24E_C4F1_A98C_6E5B),
        ("abc", 0x44BC_2CF5_AD77_0999),
        ("Nobody inspects the spammish repetition", 0xFBCE_A83C_8A37_8BF1),
    ])
    func matchesTheReferenceImplementation(text: String, expected: UInt64) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBytes { XXHash64.hash($0) } == expected)
    }

    /// Any one flipped bit of a cache-sized buffer changes the checksum.
    @Test func aFlippedBitChangesTheHash() {
        var bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        let original = bytes.withUnsafeBytes { XXHash64.hash($0) }
        for offset in [0, 1, 7, 8, 31, 32, 50_000, 99_999, 100_002] {
            for bit in [0, 3, 7] {
                bytes[offset] ^= 1 << bit
                #expect(bytes.withUnsafeBytes { XXHash64.hash($0) } != original, "byte \(offset), bit \(bit)")
                bytes[offset] ^= 1 << bit
            }
        }
        #expect(bytes.withUnsafeBytes { XXHash64.hash($0) } == original)
    }
}
