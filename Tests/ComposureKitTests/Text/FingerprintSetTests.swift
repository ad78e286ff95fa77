import Testing

@testable import ComposureKit

/// The spelling index's flat hash table answers as a `Set<UInt64>` does, and one read back from a cache
/// file's parts is checked before it is trusted.
@Suite struct FingerprintSetTests {
    /// Hashes with clustered low bits, the hash 0, and duplicates, against ones that are absent.
    static let present: [UInt64] =
        (1...5_000).map { UInt64($0) << 40 } + (1...5_000).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 } + [0, 42, 42]
    static let absent: [UInt64] = (5_001...7_000).map { UInt64($0) << 40 } + [41, 43, .max]

    @Test func answersAsASetDoes() {
        let set = FingerprintSet(Self.present)
        #expect(Self.present.allSatisfy(set.contains))
        #expect(!Self.absent.contains(where: set.contains))
        #expect(!FingerprintSet([1, 2, 3]).contains(0))
    }

    @Test func aTableReadBackFromItsSlotsIsTheSame() throws {
        let set = FingerprintSet(Self.present)
        let again = try #require(FingerprintSet(slots: set.slots, containsZero: set.containsZero))
        #expect(again == set)
        #expect(Self.present.allSatisfy(again.contains))
    }

    /// Tables no look-up could be safe in: a count that is not a power of two, too small, or with no
    /// empty slot to end a probe.
    @Test(arguments: [
        [UInt64](repeating: 0, count: 24), [UInt64](repeating: 0, count: 8), [], [UInt64](repeating: 5, count: 16),
    ])
    func aDamagedTableIsRefused(slots: [UInt64]) {
        #expect(FingerprintSet(slots: slots, containsZero: false) == nil)
    }

    /// A spelling index rebuilt from what the cache stores corrects every typed word as the fresh one does.
    @Test func aSpellingIndexFromItsCachedPartsCorrectsAsTheFreshOne() throws {
        let targets = ["apologise", "sorry", "really", "ready", "frustrating", "refund", "tomorrow", "abc"]
        let fresh = try #require(SpellingIndex(targets: targets))
        let words = fresh.targets.values.joined().map { String(decoding: $0, as: UTF8.self) }
        let cached = try #require(SpellingIndex(cachedTargets: words, hashes: fresh.hashes))
        let typed = [
            "apologsie", "sory", "realy", "redy", "frustating", "refnud", "tomorow", "tommorrow", "story", "abcd",
            "sorry", "xyzzy", "refunds",
        ]
        for word in typed {
            var a = word
            var b = word
            #expect(a.withUTF8 { fresh.correction(of: $0) } == b.withUTF8 { cached.correction(of: $0) }, "\(word)")
        }
        #expect(SpellingIndex(cachedTargets: ["abc"], hashes: fresh.hashes) == nil)
    }
}
