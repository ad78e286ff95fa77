/// Words and prefixes looked up by their UTF-8 bytes, without making a `String` or hashing one.
///
/// Open addressing over a 64-bit FNV-1a hash. One walk over a token's bytes finds its
/// word id and every prefix it starts with, so matching allocates nothing per token.
/// Only for ASCII tokens, where comparing bytes is comparing strings.
struct ByteTable: Sendable {
    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var offset: Int32 = 0
        var length: Int32 = -1  // -1: empty
        var word: Int32 = -1
        var prefix: Int32 = -1
    }

    private var slots: [Slot]
    private var bytes: [UInt8] = []
    private let mask: Int

    /// Builds the table from word ids and prefix ids (a dictionary, or any list of distinct keys).
    init(
        words: some Collection<(key: String, value: Int32)>,
        prefixes: some Collection<(key: String, value: Int32)> = [String: Int32]()
    ) {
        var capacity = 16
        while capacity < 2 * (words.count + prefixes.count) { capacity *= 2 }
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        for (word, id) in words { insert(word, word: id, prefix: nil) }
        for (prefix, id) in prefixes { insert(prefix, word: nil, prefix: id) }
    }

    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    private mutating func insert(_ key: String, word: Int32?, prefix: Int32?) {
        // Over the string's own bytes: an array per key was a third of building the table, at every start.
        key.withUTF8InPlace { keyBytes in
            var hash = Self.offsetBasis
            for byte in keyBytes { hash = (hash ^ UInt64(byte)) &* Self.prime }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index].length >= 0 {
                if slots[index].hash == hash, equal(slots[index], keyBytes) {
                    if let word { slots[index].word = word }
                    if let prefix { slots[index].prefix = prefix }
                    return
                }
                index = (index + 1) & mask
            }
            slots[index] = Slot(
                hash: hash, offset: Int32(bytes.count), length: Int32(keyBytes.count), word: word ?? -1,
                prefix: prefix ?? -1)
            bytes.append(contentsOf: keyBytes)
        }
    }

    private func equal(_ slot: Slot, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(slot.length) == key.count else { return false }
        return bytes[Int(slot.offset)..<Int(slot.offset) + key.count].elementsEqual(key)
    }

    /// The word id of `key` (-1 when none), appending to `prefixes` the id of every prefix it starts with.
    ///
    /// - Parameter lengthMask: Bit `n` set when some prefix is `n` bytes long; bit 0 when some prefix is 64 or longer.
    func lookup(_ key: UnsafeBufferPointer<UInt8>, lengthMask: UInt64, prefixes: inout [Int32]) -> Int32 {
        let long = lengthMask & 1 != 0
        var hash = Self.offsetBasis
        var length = 0
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* Self.prime
            length += 1
            if length < key.count, length < 64 ? lengthMask & (1 << UInt64(length)) != 0 : long {
                let found = find(hash, key, length)
                if found >= 0, slots[found].prefix >= 0 { prefixes.append(slots[found].prefix) }
            }
        }
        let found = find(hash, key, key.count)
        guard found >= 0 else { return -1 }
        if slots[found].prefix >= 0 {
            prefixes.append(slots[found].prefix)
        }
        return slots[found].word
    }

    /// The word id of `key`, or -1 when it is no word of the table; prefixes are not looked for.
    func word(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        var hash = Self.offsetBasis
        for byte in key { hash = (hash ^ UInt64(byte)) &* Self.prime }
        let found = find(hash, key, key.count)
        return found >= 0 ? slots[found].word : -1
    }

    private func find(_ hash: UInt64, _ key: UnsafeBufferPointer<UInt8>, _ length: Int) -> Int {
        var index = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                while true {
                    let slot = slots[index]
                    if slot.length < 0 { return -1 }
                    if slot.hash == hash, Int(slot.length) == length {
                        var same = true
                        let offset = Int(slot.offset)
                        for position in 0..<length where bytes[offset + position] != key[position] {
                            same = false
                            break
                        }
                        if same { return index }
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }
}
