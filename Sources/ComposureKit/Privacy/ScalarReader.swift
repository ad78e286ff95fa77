/// A text's UTF-8 bytes, read one Unicode scalar at a time by byte offset: what the redactor's hand-written
/// scanners walk over.
///
/// Offsets are always at the start of a scalar, so a find may end inside a character (a digit with a
/// combining mark after it) and ``range(_:)`` gives that exact range, as the replacement needs.
struct ScalarReader {
    /// The text read.
    let text: String
    /// Its UTF-8 encoding.
    let bytes: [UInt8]

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    /// The number of bytes: the end offset.
    var count: Int { bytes.count }

    /// The scalar starting at byte `offset`, and the offset of the next one.
    func scalar(at offset: Int) -> (scalar: Unicode.Scalar, next: Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), offset + 1) }
        var value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = UInt32(lead & 0x1F)
            length = 2
        } else if lead < 0xF0 {
            value = UInt32(lead & 0x0F)
            length = 3
        } else {
            value = UInt32(lead & 0x07)
            length = 4
        }
        for position in offset + 1..<offset + length { value = value << 6 | UInt32(bytes[position] & 0x3F) }
        // A `String`'s UTF-8 is always valid, so the replacement character is never used.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", offset + length)
    }

    /// The scalar at `offset`, or nil at the end.
    func scalar(atOrNil offset: Int) -> Unicode.Scalar? {
        offset < count ? scalar(at: offset).scalar : nil
    }

    /// Where the scalar before `offset` starts.
    func start(before offset: Int) -> Int {
        var position = offset - 1
        while position > 0, bytes[position] & 0xC0 == 0x80 { position -= 1 }
        return position
    }

    /// The scalar before `offset`, or nil at the start.
    func scalar(before offset: Int) -> Unicode.Scalar? {
        offset > 0 ? scalar(at: start(before: offset)).scalar : nil
    }

    /// Whether the byte at `offset` is an ASCII letter.
    func isASCIILetter(at offset: Int) -> Bool {
        guard offset < count else { return false }
        let byte = bytes[offset] | 0x20
        return byte >= 0x61 && byte <= 0x7A
    }

    /// The `String.Index` of a byte offset.
    func index(_ offset: Int) -> String.Index {
        text.utf8.index(text.utf8.startIndex, offsetBy: offset)
    }

    /// The `String` range of a range of byte offsets.
    func range(_ range: Range<Int>) -> Range<String.Index> {
        index(range.lowerBound)..<index(range.upperBound)
    }
}

extension Unicode.Scalar {
    /// A letter or a number of any script (`\p{L}` or `\p{N}`).
    var isLetterOrNumber: Bool {
        if isASCII {
            let byte = UInt8(value) | 0x20
            return (byte >= 0x61 && byte <= 0x7A) || (value >= 0x30 && value <= 0x39)
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
            .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// What a whole word may not touch: a letter, a number or `_`.
    var isWordScalar: Bool { value == 0x5F || isLetterOrNumber }

    /// A decimal digit of any script (`\p{Nd}`, what a regular expression's `\d` is).
    var isDecimalDigit: Bool {
        if isASCII { return value >= 0x30 && value <= 0x39 }
        return properties.generalCategory == .decimalNumber
    }

    /// `0`–`9`.
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }

    /// `A`–`Z` or `a`–`z`.
    var isASCIILetter: Bool {
        let byte = value | 0x20
        return byte >= 0x61 && byte <= 0x7A && value < 0x80
    }
}
