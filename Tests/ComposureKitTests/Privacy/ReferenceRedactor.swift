import Foundation

@testable import ComposureKit

/// The redactor as it was before its scanning was written by hand: the same rules over
/// `NSRegularExpression` candidates, kept here as the oracle the hand-written scanners must agree with
/// (`RedactorDifferentialTests`). Copied from `Sources/ComposureKit/Privacy/` as it stood, with `Redactor`
/// renamed; nothing here runs outside the tests.
struct ReferenceRedactor {
    typealias Match = Redactor.Match
    typealias Kind = Redactor.Kind

    /// The names and ids given for the people in the conversation, matched as whole words in any case.
    let personalData: [String]
    private let names: PatternBox?
    private let nameParts: PatternBox?

    /// Creates a redactor.
    ///
    /// - Parameter personalData: Names, e-mail addresses and ids to hide wherever they appear as whole
    ///   words (``Transcript/personalData``). A multi-word name's parts (`Jane` of `Jane Doe`) are hidden
    ///   too where they are written with a capital, as names are: `will` stays, `Will` of `Will Smith` goes.
    init(personalData: [String] = []) {
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
    func matches(in text: String) -> [Match] {
        var found: [Match] = []
        let hasDigit = text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }
        if hasDigit {
            found += ReferenceNumberFinder.matches(in: text)
            found += Self.ibans(in: text)
            found += Self.ukPostcodes(in: text)
        }
        if text.utf8.contains(0x40) { found += Self.emails(in: text) }
        if let names { found += names.ranges(in: text).map { Match(range: $0, kind: Self.kind(ofEntry: text[$0])) } }
        if let nameParts { found += nameParts.ranges(in: text).map { Match(range: $0, kind: .name) } }
        // How overlapping finds are resolved is the redactor's own: only how they are found is compared.
        return Redactor.resolve(found, in: text)
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
