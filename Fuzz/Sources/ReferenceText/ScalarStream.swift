// The ComposureKit text code as of commit b2c7277, before the faster tokenizer and matcher: the
// reference FuzzPattern compares them with. Kept as it was, but for the step count that
// `PhraseMatcher.matches(in:mostSteps:)` reports; do not edit.
/// A reply's Unicode scalars after repairs, each remembering where it came from.
///
/// Normalising must not lose the way back to the original text, because every
/// piece of evidence quotes the trainee's own words. So instead of rewriting the
/// string, the tokenizer reads this stream: each repaired scalar carries the
/// range of original scalar offsets it stands for.
struct ScalarStream {
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
