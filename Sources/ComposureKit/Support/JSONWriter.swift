/// Builds compact JSON text with keys in the order written.
///
/// Hand-written so the output contract keeps a stable key order and so batch
/// output does not go through `JSONSerialization`'s boxing of every value.
package struct JSONWriter {
    /// The text so far.
    package var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The UTF-8 bytes so far: appending bytes is much cheaper than appending to a `String`.
    package private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    /// An empty writer.
    ///
    /// - Parameter capacity: Bytes to reserve, so a document of about that size is not copied as it grows.
    package init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends a line break to the text (after a whole value, as JSONL lines end).
    package mutating func newline() {
        bytes.append(0x0A)
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(0x2C) }
        needsComma[needsComma.count - 1] = true
    }

    /// Starts an object (as a value, or after ``key(_:)``).
    package mutating func beginObject() {
        valuePrefix()
        bytes.append(0x7B)
        needsComma.append(false)
    }

    /// Ends the current object.
    package mutating func endObject() {
        needsComma.removeLast()
        bytes.append(0x7D)
    }

    /// Starts an array (as a value, or after ``key(_:)``).
    package mutating func beginArray() {
        valuePrefix()
        bytes.append(0x5B)
        needsComma.append(false)
    }

    /// Ends the current array.
    package mutating func endArray() {
        needsComma.removeLast()
        bytes.append(0x5D)
    }

    /// Writes a key; the next value belongs to it.
    package mutating func key(_ name: String) {
        separate()
        Self.appendQuoted(name, to: &bytes)
        bytes.append(0x3A)
        needsComma[needsComma.count - 1] = false
        pendingKey = true
    }

    private var pendingKey = false

    private mutating func valuePrefix() {
        if pendingKey {
            pendingKey = false
            needsComma[needsComma.count - 1] = true
        } else {
            separate()
        }
    }

    /// Writes a string value.
    package mutating func value(_ string: String) {
        valuePrefix()
        Self.appendQuoted(string, to: &bytes)
    }

    /// Writes an integer value.
    package mutating func value(_ number: Int) {
        valuePrefix()
        appendDecimal(number)
    }

    private mutating func appendDecimal(_ number: Int) {
        Self.appendDecimal(number, to: &bytes)
    }

    /// Appends `number` in decimal, as `String(number)` spells it, without making the `String`: a batch line
    /// holds about 45 numbers (scores, weights, turns, evidence offsets).
    package static func appendDecimal(_ number: Int, to bytes: inout [UInt8]) {
        if number >= 0, number < 10 {
            bytes.append(0x30 + UInt8(number))
            return
        }
        // The magnitude as unsigned, so `Int.min` has one too; at most 20 digits.
        var magnitude = number.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if number < 0 { bytes.append(0x2D) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Writes a number value.
    package mutating func value(_ number: Double) {
        valuePrefix()
        bytes += (number.isFinite ? String(number) : "null").utf8
    }

    /// Writes a boolean value.
    package mutating func value(_ flag: Bool) {
        valuePrefix()
        bytes += (flag ? "true" : "false").utf8
    }

    /// Writes `null`.
    package mutating func null() {
        valuePrefix()
        bytes += "null".utf8
    }

    /// Writes `key: value` for a string.
    package mutating func field(_ name: String, _ string: String) {
        key(name)
        value(string)
    }

    /// Writes `key: value` for an integer.
    package mutating func field(_ name: String, _ number: Int) {
        key(name)
        value(number)
    }

    /// Writes `key: value` for an optional integer (`null` when nil).
    package mutating func field(_ name: String, _ number: Int?) {
        key(name)
        if let number { value(number) } else { null() }
    }

    /// Writes `key: value` for a boolean.
    package mutating func field(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    /// Starts an object value under `name`.
    package mutating func beginObject(_ name: String) {
        key(name)
        pendingKey = false
        needsComma[needsComma.count - 1] = false
        beginObject()
    }

    /// Starts an array value under `name`.
    package mutating func beginArray(_ name: String) {
        key(name)
        pendingKey = false
        needsComma[needsComma.count - 1] = false
        beginArray()
    }

    /// Appends `string` as a JSON string literal, escaping quotes, backslashes and controls.
    package static func appendQuoted(_ string: String, to text: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(string, to: &bytes)
        text += String(decoding: bytes, as: UTF8.self)
    }

    /// For each byte value, whether `appendQuoted` must look at it: a quote, a backslash, a
    /// control, DEL, or 0xE2 (the first byte of U+2028 and U+2029). Every other byte is copied as it is, after
    /// one look-up here instead of the comparisons of the `switch`.
    private static let mayNeedEscape: [Bool] = (0...255).map { byte in
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2
    }

    /// Whether any of the eight bytes of `word` may need an escape: a control, a quote, a backslash, DEL, or
    /// a byte past ASCII (of which 0xE2 may start U+2028 or U+2029). Each test is exact about whether some
    /// byte qualifies (not which), so a word that passes is copied with no look-up per byte.
    @inline(__always)
    private static func wordMayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return word & highs != 0 || hasControl || hasZeroByte(word ^ (ones &* 0x22))
            || hasZeroByte(word ^ (ones &* 0x5C)) || hasZeroByte(word ^ (ones &* 0x7F))
    }

    /// Appends `string` as a JSON string literal to UTF-8 bytes: runs that need no escape are copied whole.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        let mayNeedEscape = Self.mayNeedEscape
        string.withUTF8InPlace { utf8 in
            guard let base = utf8.baseAddress else { return }
            var runStart = 0
            var index = 0
            let count = utf8.count
            while index < count {
                // Whole words that need nothing are passed over eight bytes at a time; the bytes of the next
                // word (or of the short tail) are then looked at one at a time.
                while index + 8 <= count,
                    !Self.wordMayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                {
                    index += 8
                }
                let stop = min(index + 8, count)
                while index < stop {
                    let byte = utf8[index]
                    if !mayNeedEscape[Int(byte)] {
                        index += 1
                        continue
                    }
                    let escape: StaticString?
                    var width = 1
                    switch byte {
                    case 0x22: escape = "\\\""
                    case 0x5C: escape = "\\\\"
                    case 0x0A: escape = "\\n"
                    case 0x0D: escape = "\\r"
                    case 0x09: escape = "\\t"
                    case 0xE2 where index + 2 < count && utf8[index + 1] == 0x80 && utf8[index + 2] == 0xA8:
                        escape = "\\u2028"
                        width = 3
                    case 0xE2 where index + 2 < count && utf8[index + 1] == 0x80 && utf8[index + 2] == 0xA9:
                        escape = "\\u2029"
                        width = 3
                    case 0..<0x20, 0x7F: escape = nil
                    default:
                        index += 1
                        continue
                    }
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    if let escape {
                        escape.withUTF8Buffer { bytes.append(contentsOf: $0) }
                    } else {
                        let hex = Array("0123456789abcdef".utf8)
                        bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                    }
                    index += width
                    runStart = index
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<count]))
        }
        bytes.append(0x22)
    }
}
