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
/// The rules are written by hand over `NSRegularExpression` candidates rather than taken from a package:
/// no Swift package for this is in the project, and the checks that keep ordinary numbers (quantities,
/// years, prices, order numbers) out are the part that matters and are not expressible as patterns alone.
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
    }

    /// The names and ids given for the people in the conversation, matched as whole words in any case.
    public let personalData: [String]
    private let names: PatternBox?
    private let nameParts: PatternBox?

    /// Creates a redactor.
    ///
    /// - Parameter personalData: Names, e-mail addresses and ids to hide wherever they appear as whole
    ///   words (``Transcript/personalData``). A multi-word name's parts (`Jane` of `Jane Doe`) are hidden
    ///   too where they are written with a capital, as names are: `will` stays, `Will` of `Will Smith` goes.
    public init(personalData: [String] = []) {
        let entries = Set(
            personalData.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.count >= 2 })
        self.personalData = entries.sorted()
        names = PatternBox(words: Array(entries), caseInsensitive: true)
        var parts = Set<String>()
        for entry in entries where !entry.contains("@") {
            let words = entry.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
            guard words.count > 1 else { continue }
            for word in words where word.count >= 2 && word.first?.isLetter == true {
                parts.insert(word.prefix(1).uppercased() + word.dropFirst())
            }
        }
        nameParts = PatternBox(words: Array(parts), caseInsensitive: false)
    }

    /// Every piece of personal data in `text`, in order, none overlapping: where two finds overlap the
    /// one starting first wins, then the longer, then the kind listed first in ``Kind``.
    public func matches(in text: String) -> [Match] {
        var found: [Match] = []
        let hasDigit = text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
        if hasDigit {
            found += NumberFinder.matches(in: text)
            found += Self.ibans(in: text)
            found += Self.ukPostcodes(in: text)
        }
        if text.utf8.contains(0x40) { found += Self.emails(in: text) }
        if let names { found += names.ranges(in: text).map { Match(range: $0, kind: Self.kind(ofEntry: text[$0])) } }
        if let nameParts { found += nameParts.ranges(in: text).map { Match(range: $0, kind: .name) } }
        return Self.resolve(found, in: text)
    }

    /// `text` with every ``matches(in:)`` replaced by its placeholder.
    public func redact(_ text: String) -> String {
        replace(matches(in: text), in: text, within: text.startIndex..<text.endIndex)
    }

    /// A conversation's id with the e-mail addresses and listed names in it replaced, and nothing else:
    /// ids are ticket and tweet numbers, which the number rules would take for cards or phone numbers
    /// (one 16-digit id in ten passes the Luhn check), and a report must still tell them apart.
    public func redact(id: String) -> String {
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
        let scalars = text.unicodeScalars
        var result = String.UnicodeScalarView()
        var position = span.lowerBound
        for match in matches where match.range.overlaps(span) || (span.isEmpty && match.range.contains(span.lowerBound))
        {
            if match.range.lowerBound > position { result += scalars[position..<match.range.lowerBound] }
            result += match.kind.placeholder.unicodeScalars
            position = max(position, min(match.range.upperBound, span.upperBound))
        }
        if position < span.upperBound { result += scalars[position..<span.upperBound] }
        return String(result)
    }

    /// Keeps the finds that do not overlap an earlier or longer one.
    private static func resolve(_ found: [Match], in text: String) -> [Match] {
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

    /// A `personalData` entry is an e-mail address when it has an `@`, a name or id otherwise.
    private static func kind(ofEntry text: Substring) -> Kind {
        text.contains("@") ? .email : .name
    }

    private static let emailPattern = PatternBox(
        #"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?)+"#
    )

    private static func emails(in text: String) -> [Match] {
        emailPattern.ranges(in: text).map { Match(range: $0, kind: .email) }
    }
}

/// A compiled regular expression, shared between threads.
///
/// `@unchecked Sendable`: `NSRegularExpression` is immutable once made and documented as safe to use
/// from several threads at once; Foundation on Linux does not mark it `Sendable`.
struct PatternBox: @unchecked Sendable {
    let expression: NSRegularExpression

    /// A pattern the project writes; one that does not compile is a bug here, not bad input.
    init(_ pattern: String, caseInsensitive: Bool = false) {
        do {
            expression = try NSRegularExpression(
                pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            fatalError("Redactor: the pattern \(pattern) does not compile: \(error)")
        }
    }

    /// Any of `words` as a whole word (not inside a longer run of letters, digits or `_`), longest first;
    /// nil for no words.
    init?(words: [String], caseInsensitive: Bool) {
        guard !words.isEmpty else { return nil }
        let alternatives = words.sorted { $0.count > $1.count }.map { NSRegularExpression.escapedPattern(for: $0) }
        self.init(
            #"(?<![\p{L}\p{N}_])(?:"# + alternatives.joined(separator: "|") + #")(?![\p{L}\p{N}_])"#,
            caseInsensitive: caseInsensitive)
    }

    /// The ranges of every match in `text`, in order.
    func ranges(in text: String) -> [Range<String.Index>] {
        let whole = NSRange(location: 0, length: text.utf16.count)
        return expression.matches(in: text, range: whole).compactMap { Self.range($0.range, in: text) }
    }

    /// A match's range in `text`, by UTF-16 offsets: `Range(_:in:)` gives nil for one that ends inside a
    /// character (a digit with a combining mark after it), which would leave that find unredacted.
    static func range(_ range: NSRange, in text: String) -> Range<String.Index>? {
        guard range.location != NSNotFound else { return nil }
        let units = text.utf16
        guard let start = units.index(units.startIndex, offsetBy: range.location, limitedBy: units.endIndex),
            let end = units.index(start, offsetBy: range.length, limitedBy: units.endIndex)
        else { return nil }
        return start..<end
    }

    /// The ranges of every match with its capture groups (nil where a group did not take part).
    func matches(in text: String) -> [[Range<String.Index>?]] {
        let whole = NSRange(location: 0, length: text.utf16.count)
        return expression.matches(in: text, range: whole).map { result in
            (0..<result.numberOfRanges).map { Self.range(result.range(at: $0), in: text) }
        }
    }
}
