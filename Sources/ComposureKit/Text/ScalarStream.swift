/// The scalars the tokenizer reads, each with the span of original scalars it stands for.
protocol ScalarSource {
    /// How many scalars.
    var count: Int { get }
    /// The scalar at `index`, after repairs.
    subscript(index: Int) -> Unicode.Scalar { get }
    /// The original scalar offset where scalar `index` starts.
    func start(of index: Int) -> Int
    /// The original scalar offset just past scalar `index`.
    func end(of index: Int) -> Int
}

/// An ASCII text read in place: each byte is a scalar at its own offset; the only repair is `` ` `` to `'`.
struct ASCIIScalars: ScalarSource {
    let bytes: UnsafeBufferPointer<UInt8>

    var count: Int { bytes.count }

    subscript(index: Int) -> Unicode.Scalar {
        let byte = bytes[index]
        return Unicode.Scalar(byte == 0x60 ? 0x27 : byte)
    }

    func start(of index: Int) -> Int { index }

    func end(of index: Int) -> Int { index + 1 }
}

/// A reply's Unicode scalars after repairs, each remembering where it came from.
///
/// Normalising must not lose the way back to the original text, because every
/// piece of evidence quotes the trainee's own words. So instead of rewriting the
/// string, the tokenizer reads this stream: each repaired scalar carries the
/// range of original scalar offsets it stands for.
struct ScalarStream: ScalarSource {
    /// The repaired scalars.
    private(set) var scalars: [Unicode.Scalar] = []
    /// For each repaired scalar, the original scalar offset where it starts.
    private(set) var starts: [Int] = []
    /// For each repaired scalar, the original scalar offset just past its end.
    private(set) var ends: [Int] = []

    var count: Int { scalars.count }

    /// Reads `text`, straightening curly quotes and undoing common mojibake.
    ///
    /// Repairs: the UTF-8-read-as-Windows-1252 sequences (`â€™` for `’`), and the
    /// Mac Roman ones seen in exported helpdesk text (`IÕve` for `I’ve`), which are
    /// only repaired between letters so that real names with `Õ` survive.
    init(_ text: String) {
        let source = Array(text.unicodeScalars)
        scalars.reserveCapacity(source.count)
        starts.reserveCapacity(source.count)
        ends.reserveCapacity(source.count)
        var index = 0
        while index < source.count {
            let scalar = source[index]
            if scalar == "\u{E2}", index + 2 < source.count, source[index + 1] == "\u{20AC}",
                let repaired = Self.windows1252Mojibake(source[index + 2])
            {
                append(repaired, from: index, to: index + 3)
                index += 3
                continue
            }
            if scalar == "\u{D5}" || scalar == "\u{D4}",
                index > 0, index + 1 < source.count,
                source[index - 1].properties.isAlphabetic, source[index + 1].properties.isAlphabetic
            {
                append("'", from: index, to: index + 1)
                index += 1
                continue
            }
            append(Self.straightened(scalar), from: index, to: index + 1)
            index += 1
        }
    }

    subscript(index: Int) -> Unicode.Scalar { scalars[index] }

    func start(of index: Int) -> Int { starts[index] }

    func end(of index: Int) -> Int { ends[index] }

    private mutating func append(_ scalar: Unicode.Scalar, from start: Int, to end: Int) {
        scalars.append(scalar)
        starts.append(start)
        ends.append(end)
    }

    /// The third scalar of a `â€?` sequence, mapped back to the punctuation it was.
    private static func windows1252Mojibake(_ third: Unicode.Scalar) -> Unicode.Scalar? {
        switch third {
        case "\u{2122}", "\u{2DC}": return "'"  // ’ ‘
        case "\u{153}", "\u{9D}": return "\""  // “ ”
        case "\u{201C}", "\u{201D}": return "-"  // – —
        case "\u{A6}": return "\u{2026}"  // …
        default: return nil
        }
    }

    /// Curly quotes, primes and look-alike apostrophes become their ASCII forms.
    static func straightened(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\u{2032}", "\u{02BC}", "\u{FF07}", "`", "\u{B4}":
            return "'"
        case "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{2033}", "\u{FF02}", "\u{AB}", "\u{BB}":
            return "\""
        default:
            return scalar
        }
    }
}
