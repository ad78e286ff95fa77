/// A hand-written reader for one JSONL transcript line, several times faster than `JSONSerialization`.
///
/// It validates the whole line as JSON with `JSONSerialization`'s rules (nesting up to 512 levels;
/// numbers that do not fit a `Double` rejected) but not its leniency: a trailing comma in an object or
/// array is an error, as JSON says. It keeps only what a transcript needs, with where each value starts
/// (for the column of a message): strings are
/// decoded here, every escape included (`\uXXXX` with surrogate pairs); an `id` or `meta`
/// value that is not a string is kept as its raw text, for the caller to read exactly as before.
struct TranscriptLineScanner {
    /// Why a line is not valid JSON, with the byte offset where that was found.
    struct SyntaxError: Error {
        var message: String
        var offset: Int
    }

    /// The 1-based column, in Unicode scalars as diagnostics count, of byte `offset` of a line.
    static func column(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        for byte in UnsafeBufferPointer(rebasing: bytes[..<min(max(0, offset), bytes.count)])
        where byte & 0xC0 != 0x80 {
            column += 1
        }
        return column
    }

    /// A value the scanner kept: a decoded string, raw JSON text, or something of another kind.
    enum Value {
        case string(String)
        case raw(Range<Int>)
        case null
        case other
    }

    /// One element of `turns`.
    enum TurnValue {
        case object(role: Value?, text: Value?)
        case other
    }

    /// Where one element of `turns` and its `role` and `text` values start (byte offsets).
    struct TurnOffsets {
        var item: Int
        var role: Int?
        var text: Int?
    }

    /// What the top-level object held.
    struct Fields {
        var id: Value?
        var channel: Value?
        var meta: Value?
        var metaEntries: [(key: String, value: Value)] = []
        var turns: Value?
        var turnItems: [TurnValue] = []
        /// Where the values of `id`, `channel`, `meta` and `turns` start (byte offsets).
        var offsets: [Key: Int] = [:]
        /// Where each element of `turns` starts, one per `turnItems`.
        var turnOffsets: [TurnOffsets] = []
    }

    /// The line's structure: the object's fields, or nil when the line is valid JSON but not an object.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> Fields? {
        var scanner = TranscriptLineScanner(bytes: bytes)
        scanner.skipWhitespace()
        var fields: Fields?
        if scanner.peek == UInt8(ascii: "{") {
            fields = try scanner.topObject()
        } else {
            try scanner.skipValue()
        }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { throw scanner.error("unexpected text after the value") }
        return fields
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    /// The deepest nesting of arrays and objects `JSONSerialization` accepts.
    static let maximumDepth = 512

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(message: index < bytes.count ? message : "unexpected end of line", offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        skipWhitespace()
        guard peek == byte else { throw error("expected \(what)") }
        index += 1
    }

    // MARK: The transcript's shape

    private mutating func topObject() throws(SyntaxError) -> Fields {
        var fields = Fields()
        try members { (scanner: inout TranscriptLineScanner, key: Key, _: String?) throws(SyntaxError) in
            scanner.skipWhitespace()
            if key != .other { fields.offsets[key] = scanner.index }
            switch key {
            case .id: fields.id = try scanner.keptValue()
            case .channel: fields.channel = try scanner.keptValue()
            case .meta:
                scanner.skipWhitespace()
                if scanner.peek == UInt8(ascii: "{") {
                    fields.meta = .other
                    fields.metaEntries = try scanner.metaEntries()
                } else {
                    fields.meta = try scanner.keptValue()
                    fields.metaEntries = []
                }
            case .turns:
                scanner.skipWhitespace()
                if scanner.peek == UInt8(ascii: "[") {
                    fields.turns = .other
                    (fields.turnItems, fields.turnOffsets) = try scanner.turnItems()
                } else {
                    fields.turns = try scanner.keptValue()
                    fields.turnItems = []
                    fields.turnOffsets = []
                }
            default: try scanner.skipValue()
            }
        }
        return fields
    }

    /// The keys a transcript line is read for.
    enum Key {
        case id, channel, meta, turns, role, text, other

        init(_ bytes: [UInt8]) {
            switch bytes.count {
            case 2 where bytes[0] == 0x69 && bytes[1] == 0x64: self = .id
            case 4 where bytes.elementsEqual("meta".utf8): self = .meta
            case 4 where bytes.elementsEqual("role".utf8): self = .role
            case 4 where bytes.elementsEqual("text".utf8): self = .text
            case 5 where bytes.elementsEqual("turns".utf8): self = .turns
            case 7 where bytes.elementsEqual("channel".utf8): self = .channel
            default: self = .other
            }
        }
    }

    private mutating func metaEntries() throws(SyntaxError) -> [(key: String, value: Value)] {
        var entries: [(key: String, value: Value)] = []
        try members(keepingKeys: true) {
            (scanner: inout TranscriptLineScanner, _: Key, key: String?) throws(SyntaxError) in
            entries.append((key ?? "", try scanner.keptValue()))
        }
        return entries
    }

    private mutating func turnItems() throws(SyntaxError) -> ([TurnValue], [TurnOffsets]) {
        var items: [TurnValue] = []
        var offsets: [TurnOffsets] = []
        try elements { (scanner: inout TranscriptLineScanner) throws(SyntaxError) in
            scanner.skipWhitespace()
            var at = TurnOffsets(item: scanner.index)
            guard scanner.peek == UInt8(ascii: "{") else {
                try scanner.skipValue()
                items.append(.other)
                offsets.append(at)
                return
            }
            var role: Value?
            var text: Value?
            try scanner.members { (scanner: inout TranscriptLineScanner, key: Key, _: String?) throws(SyntaxError) in
                scanner.skipWhitespace()
                switch key {
                case .role:
                    at.role = scanner.index
                    role = try scanner.keptValue()
                case .text:
                    at.text = scanner.index
                    text = try scanner.keptValue()
                default: try scanner.skipValue()
                }
            }
            items.append(.object(role: role, text: text))
            offsets.append(at)
        }
        return (items, offsets)
    }

    /// A value whose string is decoded and whose other kinds are kept as raw text.
    private mutating func keptValue() throws(SyntaxError) -> Value {
        skipWhitespace()
        switch peek {
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = index
            try skipValue()
            return .raw(start..<index)
        default:
            let start = index
            try skipValue()
            return .raw(start..<index)
        }
    }

    // MARK: JSON grammar

    /// Reads `{ "key": value, ... }`, handing each key to `member`, which must read the value.
    ///
    /// - Parameter keepingKeys: Whether `member` gets each key as a `String` too.
    private mutating func members(
        keepingKeys: Bool = false, _ member: (inout TranscriptLineScanner, Key, String?) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        try expect(UInt8(ascii: "{"), "'{'")
        try enter()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            try readString()
            let key = Key(scratch)
            let text = keepingKeys ? String(decoding: scratch, as: UTF8.self) : nil
            try expect(UInt8(ascii: ":"), "':' after a key")
            try member(&self, key, text)
            skipWhitespace()
            guard let next = peek else { throw error("unexpected end of line") }
            index += 1
            if next == UInt8(ascii: "}") { break }
            guard next == UInt8(ascii: ",") else {
                index -= 1
                throw error("expected ',' or '}'")
            }
            let comma = index - 1
            skipWhitespace()
            // `JSONSerialization` accepts one trailing comma; JSON does not, and neither does a transcript.
            if peek == UInt8(ascii: "}") {
                index = comma
                throw error("a trailing comma before '}'")
            }
        }
        depth -= 1
    }

    /// Reads `[ value, ... ]`, calling `element` to read each value.
    private mutating func elements(
        _ element: (inout TranscriptLineScanner) throws(SyntaxError) -> Void
    ) throws(SyntaxError) {
        try expect(UInt8(ascii: "["), "'['")
        try enter()
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            guard let next = peek else { throw error("unexpected end of line") }
            index += 1
            if next == UInt8(ascii: "]") { break }
            guard next == UInt8(ascii: ",") else {
                index -= 1
                throw error("expected ',' or ']'")
            }
            let comma = index - 1
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                index = comma
                throw error("a trailing comma before ']'")
            }
        }
        depth -= 1
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw error("more than \(Self.maximumDepth) nested arrays or objects") }
    }

    /// Reads and checks any value, keeping nothing.
    private mutating func skipValue() throws(SyntaxError) {
        skipWhitespace()
        guard let first = peek else { throw error("expected a value") }
        switch first {
        case UInt8(ascii: "{"):
            try members { (scanner: inout TranscriptLineScanner, _: Key, _: String?) throws(SyntaxError) in
                try scanner.skipValue()
            }
        case UInt8(ascii: "["):
            try elements { (scanner: inout TranscriptLineScanner) throws(SyntaxError) in try scanner.skipValue() }
        case UInt8(ascii: "\""):
            try readString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw error("expected a value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw error("expected a value") }
        index += count
    }

    /// A number, by JSON's grammar; one that does not fit a `Double` is rejected, as `JSONSerialization` does.
    private mutating func number() throws(SyntaxError) {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        guard let first = peek, isDigit(first) else { throw error("expected a digit") }
        index += 1
        if first == UInt8(ascii: "0"), let next = peek, isDigit(next) { throw error("number with a leading zero") }
        while let next = peek, isDigit(next) { index += 1 }
        var integer = true
        if peek == UInt8(ascii: ".") {
            integer = false
            index += 1
            guard let next = peek, isDigit(next) else { throw error("expected a digit after '.'") }
            while let next = peek, isDigit(next) { index += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            integer = false
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard let next = peek, isDigit(next) else { throw error("expected a digit in the exponent") }
            while let next = peek, isDigit(next) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if integer, Int64(text) != nil { return }
        guard let value = Double(text), value.isFinite else {
            index = start
            throw error("number \(text) does not fit a Double")
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    private mutating func string() throws(SyntaxError) -> String {
        try readString()
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Reads a string into `scratch` as UTF-8, escapes decoded; the bytes are checked to be valid UTF-8.
    private mutating func readString() throws(SyntaxError) {
        index += 1  // the opening quote
        scratch.removeAll(keepingCapacity: true)
        var runStart = index
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try escape()
                runStart = index
            } else if byte < 0x20 {
                throw error("unescaped control character in a string")
            } else if byte < 0x80 {
                index += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Checks one multi-byte UTF-8 sequence (no overlong forms, no surrogates, nothing past U+10FFFF).
    private mutating func skipUTF8Sequence() throws(SyntaxError) {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            high = 0x9F
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            high = 0x8F
        default: throw error("invalid UTF-8")
        }
        guard index + length <= bytes.count else { throw error("invalid UTF-8") }
        let second = bytes[index + 1]
        guard second >= low, second <= high else { throw error("invalid UTF-8") }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
            throw error("invalid UTF-8")
        }
        index += length
    }

    /// Decodes the escape at `index` into `scratch`.
    private mutating func escape() throws(SyntaxError) {
        guard index + 1 < bytes.count else { throw error("unterminated string") }
        let code = bytes[index + 1]
        let simple: UInt8?
        switch code {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): simple = nil
        default:
            index += 1
            throw error("invalid escape sequence")
        }
        if let simple {
            scratch.append(simple)
            index += 2
            return
        }
        index += 2
        var scalar = try hexQuad()
        if scalar >= 0xD800, scalar <= 0xDBFF {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("a high surrogate without its low surrogate") }
            index += 2
            let low = try hexQuad()
            guard low >= 0xDC00, low <= 0xDFFF else { throw error("a high surrogate without its low surrogate") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00, scalar <= 0xDFFF {
            throw error("a low surrogate without its high surrogate")
        }
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch += [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
        case 0x800..<0x10000:
            scratch += [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | scalar >> 6 & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        default:
            scratch += [
                UInt8(0xF0 | scalar >> 18), UInt8(0x80 | scalar >> 12 & 0x3F), UInt8(0x80 | scalar >> 6 & 0x3F),
                UInt8(0x80 | scalar & 0x3F),
            ]
        }
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x41 + 10
            default:
                index += offset
                throw error("a \\u escape needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
