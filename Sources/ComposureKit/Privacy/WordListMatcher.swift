/// Finds any of a list of strings as whole words: not inside a run of letters, digits or `_` of any
/// script, in order and not overlapping; where several start at one place the one with the most
/// characters wins.
///
/// Written by hand because no package in the project searches for many strings at once, and the
/// design (DESIGN.md, "Matching") forbids Foundation's regular expressions on the matching path: this runs on every
/// conversation of a batch. The entries are indexed by their first Unicode scalar (case folded when the
/// search ignores case), so each word start costs one lookup, whatever the number of entries.
///
/// Ignoring case folds both sides in full, as Unicode's case folding does: `STRASSE` is found for
/// `Straße`, `Σ` for `ς`; `İ` (which folds to `i` and a combining dot) is not found for `i`.
struct WordListMatcher: Sendable {
    /// One string searched for.
    struct Entry: Sendable {
        /// Its scalars, case folded when the search ignores case.
        let scalars: [Unicode.Scalar]
        /// Whether it holds an `@` (a listed e-mail address).
        let isEmail: Bool
    }

    private let caseInsensitive: Bool
    /// Entries by their first ASCII scalar, most characters first.
    private let ascii: [[Entry]]
    /// Entries starting with any other scalar, most characters first.
    private let other: [Unicode.Scalar: [Entry]]

    /// A matcher for `words`; nil for none.
    init?(words: [String], caseInsensitive: Bool) {
        guard !words.isEmpty else { return nil }
        self.caseInsensitive = caseInsensitive
        // The order of the old regular expression's alternatives: most characters first; a tie (which
        // only differs when both could match at one place) goes to the most scalars, then to the smaller.
        let sorted = words.map { word in
            (
                word.count,
                Array(word.unicodeScalars.flatMap { caseInsensitive ? Self.folded($0) : [$0] }),
                word.contains("@")
            )
        }
        .sorted { a, b in
            if a.0 != b.0 { return a.0 > b.0 }
            if a.1.count != b.1.count { return a.1.count > b.1.count }
            return a.1.lexicographicallyPrecedes(b.1) { $0.value < $1.value }
        }
        var ascii = [[Entry]](repeating: [], count: 128)
        var other: [Unicode.Scalar: [Entry]] = [:]
        for (_, scalars, isEmail) in sorted {
            guard let first = scalars.first else { continue }
            let entry = Entry(scalars: scalars, isEmail: isEmail)
            if first.isASCII {
                ascii[Int(first.value)].append(entry)
            } else {
                other[first, default: []].append(entry)
            }
        }
        self.ascii = ascii
        self.other = other
    }

    /// Every entry found in the text, by byte offsets, with whether it is an e-mail address.
    func matches(in reader: ScalarReader) -> [(range: Range<Int>, isEmail: Bool)] {
        var found: [(range: Range<Int>, isEmail: Bool)] = []
        var position = 0
        // Whether the scalar before `position` is a letter, a digit or `_`: no word starts there.
        var afterWord = false
        search: while position < reader.count {
            let (scalar, next) = reader.scalar(at: position)
            if !afterWord {
                let key = caseInsensitive ? Self.firstFolded(scalar) : scalar
                for entry in key.isASCII ? ascii[Int(key.value)] : other[key] ?? [] {
                    guard let end = end(of: entry, at: position, in: reader) else { continue }
                    found.append((position..<end, entry.isEmail))
                    afterWord = reader.scalar(before: end)?.isWordScalar == true
                    position = end
                    continue search
                }
            }
            afterWord = scalar.isWordScalar
            position = next
        }
        return found
    }

    /// Where `entry` ends when it is written at `start` and no letter, digit or `_` follows it.
    private func end(of entry: Entry, at start: Int, in reader: ScalarReader) -> Int? {
        var matched = 0
        var position = start
        let scalars = entry.scalars
        while matched < scalars.count {
            guard position < reader.count else { return nil }
            let (scalar, next) = reader.scalar(at: position)
            if !caseInsensitive || scalar.isASCII || !scalar.properties.changesWhenCaseFolded {
                let folded = caseInsensitive && scalar.isASCII ? Self.lowercased(scalar) : scalar
                guard scalars[matched] == folded else { return nil }
                matched += 1
            } else {
                // A scalar whose folding is several (`ß` is `ss`) must be matched whole.
                let folded = Self.folded(scalar)
                guard matched + folded.count <= scalars.count,
                    scalars[matched..<matched + folded.count].elementsEqual(folded)
                else { return nil }
                matched += folded.count
            }
            position = next
        }
        if reader.scalar(atOrNil: position)?.isWordScalar == true { return nil }
        return position
    }

    /// `A`–`Z` lowercased, any other scalar as it is.
    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value) | 0x20) : scalar
    }

    /// The first scalar of `scalar`'s case folding.
    private static func firstFolded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII { return lowercased(scalar) }
        if !scalar.properties.changesWhenCaseFolded { return scalar }
        return folded(scalar).first ?? scalar
    }

    /// Unicode's full case folding of one scalar.
    ///
    /// The standard library has no case-folding mapping, but it says which scalars change when folded;
    /// for those, the fold is the first of the lowercase of the uppercase of the lowercase, the lowercase
    /// and the uppercase that nothing in changes again (`ß`, `ẞ` → `ss`; `ς`, `Σ` → `σ`; `ﬀ` → `ff`; a
    /// small Cherokee letter → the capital), the dotless `ı` aside, which folds to itself.
    static func folded(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        if scalar.isASCII { return [lowercased(scalar)] }
        guard scalar.properties.changesWhenCaseFolded, scalar != "\u{131}" else { return [scalar] }
        let text = String(scalar)
        for candidate in [text.lowercased().uppercased().lowercased(), text.lowercased(), text.uppercased()]
        where candidate.unicodeScalars.allSatisfy({ !$0.properties.changesWhenCaseFolded }) {
            return Array(candidate.unicodeScalars)
        }
        return Array(text.lowercased().unicodeScalars)
    }
}
