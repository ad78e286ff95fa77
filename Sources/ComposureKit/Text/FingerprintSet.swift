/// A set of 64-bit hashes in one flat open-addressing table, which the compiled-rubric cache stores and
/// loads as one block instead of inserting every hash again at each start.
///
/// `Set<UInt64>` did the same job; rebuilding it from the spelling targets (about 40,000 hashes) was
/// 4 % of a cached `explain hi` (Docs/performance.md). Linear probing over a power-of-two table at most
/// half full; 0 marks an empty slot, so the hash 0 is kept in a flag of its own.
struct FingerprintSet: Sendable, Equatable {
    /// The slots; their count is a power of two.
    private(set) var slots: [UInt64]
    private(set) var containsZero: Bool

    /// The set of `hashes`.
    init(_ hashes: some Collection<UInt64>) {
        var capacity = 16
        while capacity < 2 * hashes.count { capacity *= 2 }
        slots = [UInt64](repeating: 0, count: capacity)
        containsZero = false
        for hash in hashes { insert(hash) }
    }

    /// A table as ``slots`` and ``containsZero`` gave it; nil when no look-up could be safe in `slots` (a
    /// count that is not a power of two, or no empty slot to end a probe). Where each hash sits is not
    /// checked again: the cache file's checksum covers that.
    init?(slots: [UInt64], containsZero: Bool) {
        let count = slots.count
        guard count >= 16, count & (count - 1) == 0, slots.contains(0) else { return nil }
        self.slots = slots
        self.containsZero = containsZero
    }

    /// Whether `hash` is in the set.
    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        if hash == 0 { return containsZero }
        return slots[slotIndex(of: hash)] == hash
    }

    private mutating func insert(_ hash: UInt64) {
        if hash == 0 {
            containsZero = true
            return
        }
        slots[slotIndex(of: hash)] = hash
    }

    /// The slot that holds `hash`, or the empty slot where its probe run ends.
    @inline(__always)
    private func slotIndex(of hash: UInt64) -> Int {
        let mask = slots.count - 1
        // FNV-1a's low bits mix poorly; fold the high half in.
        var index = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let slot = slots[index]
            if slot == hash || slot == 0 { return index }
            index = (index + 1) & mask
        }
    }
}
