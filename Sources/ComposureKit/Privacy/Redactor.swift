import Foundation

/// Finds personal data in text and replaces it with typed placeholders (`[email]`, `[phone]`, `[card]`,
/// `[iban]`, `[postcode]`, `[name]`), before anything is stored, reported or exported.
///
/// What it finds by itself: e-mail addresses, phone numbers in international (`+44 20 7946 0958`,
/// `0044 ...`) and national forms (`020 7946 0958`, `(555) 123-4567`), card numbers of 13–19 digits
/// that pass the Luhn check, IBANs that pass the mod-97 check, UK postcodes and US ZIP+4 codes (a bare
/// five-digit ZIP only beside an address word). Beside those, the names and ids an export gives for the
/// people in a conversation (``Transcript/personalData``), as whole words, in any case. What it misses is
/// in `Docs/privacy.md`.
///
/// The rules are written by hand rather than taken from a package: no Swift package for this is in the
/// project, and the checks that keep ordinary numbers (quantities, years, prices, order numbers) out are
/// the part that matters and are not expressible as patterns alone. They scan the text's UTF-8 bytes a
/// scalar at a time, with no regular expression engine: this runs on every conversation `grade` reads,
/// and the design (DESIGN.md, "Matching") keeps Foundation's regular expressions off the matching path. The
/// regular expressions they replaced are kept in the tests as an oracle (`ReferenceRedactor`), which
/// they must agree with.
public struct Redactor: Sendable {
    /// What a placeholder stands for.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case card
        case iban
        case email
        case phone
        case postcode
        case name

        /// The text that replaces it: `[email]`.
        public var placeholder: String { "[\(rawValue)]" }

        /// Earlier kinds win a tie between two finds of the same length at the same place.
        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }
    }

    /// One piece of personal data found in a text.
    public struct Match: Sendable, Hashable {
        /// Where it is, in the text searched.
        public var range: Range<String.Index>
        /// What it is.
        public var kind: Kind

        /// Whether it shows in a quote of `span` (overlaps it, or holds an empty span's place).
        func touches(_ span: Range<String.Index>) -> Bool {
            range.overlaps(span) || (span.isEmpty && range.contains(span.lowerBound))
        }
    }

    /// The names and ids given for the people in the conversation, matched as whole words in any case.
    public let personalData: [String]
    private let names: WordListMatcher?
    private let nameParts: WordListMatcher?

    /// Creates a redactor.
    ///
    /// - Parameter personalData: Names, e-mail addresses and ids to hide wherever they appear as whole
    ///   words (``Transcript/personalData``). A multi-word name's parts (`Jane` of `Jane Doe`) are hidden
    ///   too where they are written with a capital, as names are: `will` stays, `Will` of `Will Smith` goes.
    public init(personalData: [String] = []) {
        let entries = Set(
            personalData.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.count >= 2 })
        self.personalData = entries.sorted()
        names = WordListMatcher(words: Array(entries), caseInsensitive: true)
        var parts = Set<String>()
        for entry in entries where !entry.contains("@") {
            let words = entry.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            guard words.count > 1 else { continue }
            for word in words where word.count >= 2 && word.first?.isLetter == true {
                parts.insert(word.prefix(1).uppercased() + word.dropFirst())
            }
        }
        nameParts = WordListMatcher(words: Array(parts), caseInsensitive: false)
    }

    /// Every piece of personal data in `text`, in order, none overlapping: where two finds overlap the
    /// one starting first wins, then the longer, then the kind listed first in ``Kind``.
    public func matches(in text: String) -> [Match] {
        let (hasDigit, hasAt) = Self.digitsAndAt(in: text)
        guard hasDigit || hasAt || names != nil else { return [] }
        let reader = ScalarReader(text)
        var found: [Match] = []
        if hasDigit {
            found += NumberFinder.matches(in: reader)
            found += Self.ibans(in: reader)
            found += Self.ukPostcodes(in: reader)
        }
        if hasAt { found += Self.emails(in: reader) }
        if let names {
            found += names.matches(in: reader).map {
                Match(range: reader.range($0.range), kind: $0.isEmail ? .email : .name)
            }
        }
        if let nameParts {
            found += nameParts.matches(in: reader).map { Match(range: reader.range($0.range), kind: .name) }
        }
        return Self.resolve(found, in: text)
    }

    /// Whether `text` has an ASCII digit, and whether it has an `@`.
    ///
    /// One loop over the bytes: this runs for every turn, quote, id and meta value `grade` redacts, and two
    /// `contains` over `String.UTF8View` (its generic iterator, a call per byte) were 3 % of grading.
    static func digitsAndAt(in text: String) -> (hasDigit: Bool, hasAt: Bool) {
        return text.withUTF8InPlace { bytes in
            var hasDigit = false
            var hasAt = false
            for byte in bytes {
                if byte >= 0x30 && byte <= 0x39 {
                    hasDigit = true
                } else if byte == 0x40 {
                    hasAt = true
                }
            }
            return (hasDigit, hasAt)
        }
    }

    /// `text` with every ``matches(in:)`` replaced by its placeholder.
    public func redact(_ text: String) -> String {
        let found = matches(in: text)
        return found.isEmpty ? text : replace(found, in: text, within: text.startIndex..<text.endIndex)
    }

    /// A conversation's id with the e-mail addresses and listed names in it replaced, and nothing else:
    /// ids are ticket and tweet numbers, which the number rules would take for cards or phone numbers
    /// (one 16-digit id in ten passes the Luhn check), and a report must still tell them apart.
    public func redact(id: String) -> String {
        // With no names listed and no `@`, nothing in an id can be one of those: the number rules need not run.
        guard names != nil || nameParts != nil || Self.digitsAndAt(in: id).hasAt else { return id }
        let found = matches(in: id).filter { $0.kind == .email || $0.kind == .name }
        return replace(found, in: id, within: id.startIndex..<id.endIndex)
    }

    /// The part of `text` in `span` with every match that overlaps it replaced by its placeholder (once,
    /// even when the match runs past the span): a quote cut from a longer line hides a card number it
    /// shows only the first digits of.
    ///
    /// - Parameters:
    ///   - matches: ``matches(in:)`` of the whole `text`.
    ///   - span: The quote's range in `text`.
    public func replace(_ matches: [Match], in text: String, within span: Range<String.Index>) -> String {
        // Sliced by Unicode scalars: a find may end inside a character (a digit with a combining mark after
        // it), and `String` slicing would round that end down and show the digit again.
        // Each piece is copied whole as UTF-8 (`String(Substring.UnicodeScalarView)`), not scalar by scalar.
        let scalars = text.unicodeScalars
        var result = ""
        var position = span.lowerBound
        for match in matches where match.touches(span) {
            if match.range.lowerBound > position { result += String(scalars[position..<match.range.lowerBound]) }
            result += match.kind.placeholder
            position = max(position, min(match.range.upperBound, span.upperBound))
        }
        if position < span.upperBound { result += String(scalars[position..<span.upperBound]) }
        return result
    }

    /// Keeps the finds that do not overlap an earlier or longer one (the test oracle resolves with it too).
    static func resolve(_ found: [Match], in text: String) -> [Match] {
        let ordered = found.sorted { a, b in
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            let lengthA = text.utf8.distance(from: a.range.lowerBound, to: a.range.upperBound)
            let lengthB = text.utf8.distance(from: b.range.lowerBound, to: b.range.upperBound)
            if lengthA != lengthB { return lengthA > lengthB }
            return a.kind < b.kind
        }
        var kept: [Match] = []
        for match in ordered {
            if let last = kept.last, last.range.upperBound > match.range.lowerBound { continue }
            kept.append(match)
        }
        return kept
    }

    /// E-mail addresses: letters, digits and `._%+-` of any script before an `@`, then a domain of two
    /// or more labels split by dots, each of letters, digits and inner hyphens.
    ///
    /// Where a domain could be read several ways, the longest labels and the most of them win; an address
    /// starts at the first character of the run before its `@`, not before the end of the previous one.
    static func emails(in reader: ScalarReader) -> [Match] {
        func isLocal(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isLetterOrNumber || scalar == "." || scalar == "_" || scalar == "%" || scalar == "+" || scalar == "-"
        }
        /// The end of a label starting at `start`, after its last letter or digit; nil when none starts it.
        func label(from start: Int) -> Int? {
            guard let first = reader.scalar(atOrNil: start), first.isLetterOrNumber else { return nil }
            var position = reader.scalar(at: start).next
            var end = position
            while position < reader.count {
                let (scalar, next) = reader.scalar(at: position)
                if scalar.isLetterOrNumber {
                    end = next
                } else if scalar != "-" {
                    break
                }
                position = next
            }
            return end
        }
        var found: [Match] = []
        var searched = 0
        var at = 0
        while at < reader.count {
            defer { at += 1 }
            guard reader.bytes[at] == 0x40, at >= searched else { continue }
            var start = at
            while start > searched {
                let previous = reader.start(before: start)
                guard isLocal(reader.scalar(at: previous).scalar) else { break }
                start = previous
            }
            guard start < at, var end = label(from: at + 1) else { continue }
            var labels = 0
            while end < reader.count, reader.bytes[end] == 0x2E, let next = label(from: end + 1) {
                end = next
                labels += 1
            }
            guard labels > 0 else { continue }
            found.append(Match(range: reader.range(start..<end), kind: .email))
            searched = end
        }
        return found
    }
}
