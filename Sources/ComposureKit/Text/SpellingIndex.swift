/// Reads a misspelt word as the pattern word it was meant to be: `realy` as `really`, `apologsie` as `apologise`.
///
/// Guarded so that precision does not drop: only words of at least 5 letters are targets, a typed word
/// needs at least 4 letters, exactly one target may lie within one edit (insertion, deletion, substitution
/// or swap of neighbours), and a typed word the lexicon knows as English (`sorts`, `sort`) is never read as
/// another. The targets are the words the patterns name outside large word classes, plus the lexicon's
/// words that the patterns' prefixes name (`apologi*` brings `apologise`), so a correction can only help
/// a pattern match.
///
/// Hand-written rather than a package: the look-up must cost almost nothing for the common case, a
/// correctly spelt word no pattern names. Every target and its one-letter deletions are kept as 64-bit
/// hashes; a typed word is checked by hashing it and its own deletions in place (no allocation), and only
/// a hash hit goes on to the exact, allocating check.
struct SpellingIndex: Sendable {
    /// The targets' bytes, by length (internal for the compiled-rubric cache, which stores the targets).
    let targets: [Int: [[UInt8]]]
    /// Hashes of every target and of each of its one-letter deletions (internal for the compiled-rubric
    /// cache, which stores the table as it is).
    let hashes: FingerprintSet
    private let shortest: Int
    private let longest: Int

    static let minimumTarget = 5
    static let minimumTyped = 4

    init?(targets words: some Sequence<String>) {
        let targets = Self.targetsByLength(Set(words))
        var hashes: [UInt64] = []
        for bytes in targets.values.joined() {
            bytes.withUnsafeBufferPointer { buffer in
                hashes.append(Self.hash(buffer, skipping: -1))
                for index in buffer.indices { hashes.append(Self.hash(buffer, skipping: index)) }
            }
        }
        self.init(targets: targets, hashes: FingerprintSet(Set(hashes)))
    }

    /// The index of `words` (the ``targets`` as a compiled-rubric cache stored them, each once) with the
    /// hash table stored beside them; nil when no word is a target, or the table holds no hash.
    init?(cachedTargets words: [String], hashes: FingerprintSet) {
        self.init(targets: Self.targetsByLength(words), hashes: hashes)
    }

    private init?(targets: [Int: [[UInt8]]], hashes: FingerprintSet) {
        guard let shortest = targets.keys.min(), let longest = targets.keys.max() else { return nil }
        self.targets = targets
        self.hashes = hashes
        self.shortest = shortest
        self.longest = longest
    }

    /// The words that can be targets (5 to 39 lower-case ASCII letters), by length.
    private static func targetsByLength(_ words: some Sequence<String>) -> [Int: [[UInt8]]] {
        var targets: [Int: [[UInt8]]] = [:]
        for word in words {
            let bytes = Array(word.utf8)
            guard bytes.count >= Self.minimumTarget, bytes.count < 40, bytes.allSatisfy(Self.isLetter) else { continue }
            targets[bytes.count, default: []].append(bytes)
        }
        return targets
    }

    /// The one target within one edit of `typed`, or nil (none, several, or `typed` is a known word).
    func correction(of typed: UnsafeBufferPointer<UInt8>) -> String? {
        let count = typed.count
        guard count >= Self.minimumTyped, count >= shortest - 1, count <= longest + 1,
            typed.allSatisfy(Self.isLetter)
        else { return nil }
        // Two words within one edit share a one-letter deletion (or one is the other's deletion).
        var hit = hashes.contains(Self.hash(typed, skipping: -1))
        var index = 0
        while !hit, index < count {
            hit = hashes.contains(Self.hash(typed, skipping: index))
            index += 1
        }
        // Most hash hits are English words near a target ("sort" near "sorry"): rule them out before scanning.
        guard hit, Lexicon.standardWords?.contains(typed) != true else { return nil }
        let word = Array(typed)
        var found: [UInt8]?
        for length in (count - 1)...(count + 1) {
            for target in targets[length] ?? [] where target != word && Self.withinOneEdit(target, word) {
                guard found == nil else { return nil }  // several: leave the word as typed
                found = target
            }
        }
        guard let found else { return nil }
        return String(decoding: found, as: UTF8.self)
    }

    /// Whether two words differ by at most one insertion, deletion, substitution or swap of neighbours.
    static func withinOneEdit(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b { return true }
        if abs(a.count - b.count) > 1 { return false }
        var first = 0
        while first < min(a.count, b.count), a[first] == b[first] { first += 1 }
        if a.count == b.count {
            if a[(first + 1)...] == b[(first + 1)...] { return true }
            return first + 1 < a.count && a[first] == b[first + 1] && a[first + 1] == b[first]
                && a[(first + 2)...] == b[(first + 2)...]
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        return long[(first + 1)...] == short[first...]
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    /// FNV-1a over the bytes, leaving out the one at `skipping` (-1: none).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, skipping: Int) -> UInt64 {
        var hash = ByteTable.offsetBasis
        for index in bytes.indices where index != skipping { hash = (hash ^ UInt64(bytes[index])) &* ByteTable.prime }
        return hash
    }
}
