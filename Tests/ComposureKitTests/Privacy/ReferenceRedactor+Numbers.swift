import Foundation

@testable import ComposureKit

/// The old `NumberFinder` (see ``ReferenceRedactor``): card numbers, phone numbers and US ZIP codes.
///
/// A run is digits with the separators people write in numbers (`-`, `.`, brackets, single spaces);
/// its space-separated groups are tried from the longest stretch down, so a phone number followed by
/// another number (`call 07700 900123 3 times`) is still found, and a stretch that is none of these
/// (an order number, a year, a price, a quantity) is left as it is.
enum ReferenceNumberFinder {
    private static let runPattern = PatternBox(#"(?<![\p{L}\p{N}_])[+(]?\d(?:[\d().\-]|[ ](?=[\d(+]))*"#)

    /// The most groups, and bytes, one find may span: keeps a long run of numbers linear to search.
    private static let maximumGroups = 8
    private static let maximumLength = 40

    static func matches(in text: String) -> [ReferenceRedactor.Match] {
        var found: [ReferenceRedactor.Match] = []
        for run in runPattern.ranges(in: text) {
            let groups = Self.groups(of: run, in: text)
            var first = 0
            while first < groups.count {
                var matched = false
                var last = min(groups.count, first + maximumGroups)
                while last > first {
                    let range = groups[first].lowerBound..<groups[last - 1].upperBound
                    if text.utf8.distance(from: range.lowerBound, to: range.upperBound) <= maximumLength,
                        let kind = classify(
                            Substring(text.unicodeScalars[range]),
                            before: Substring(text.unicodeScalars[text.startIndex..<range.lowerBound]))
                    {
                        found.append(ReferenceRedactor.Match(range: range, kind: kind))
                        first = last
                        matched = true
                        break
                    }
                    last -= 1
                }
                if !matched { first += 1 }
            }
        }
        return found
    }

    /// The space-separated groups of a run, each trimmed of the punctuation a sentence puts after a number.
    private static func groups(of run: Range<String.Index>, in text: String) -> [Range<String.Index>] {
        // By Unicode scalars, as the run was found: a run may end inside a character.
        let scalars = text.unicodeScalars
        var groups: [Range<String.Index>] = []
        var start = run.lowerBound
        var index = run.lowerBound
        func close(_ end: String.Index) {
            var upper = end
            while upper > start, ".-(".unicodeScalars.contains(scalars[scalars.index(before: upper)]) {
                upper = scalars.index(before: upper)
            }
            if upper > start { groups.append(start..<upper) }
        }
        while index < run.upperBound {
            if scalars[index] == " " {
                close(index)
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        close(run.upperBound)
        return groups
    }

    /// What a stretch of digits is, if it is personal data. The value checks (Luhn, the ZIP rule) are the
    /// redactor's own: only how candidates are found, by regular expression here and by hand there, is compared.
    static func classify(_ candidate: Substring, before: Substring) -> ReferenceRedactor.Kind? {
        let digits = String(candidate.filter(\.isASCIIDigit))
        if NumberFinder.isCard(candidate, digits: digits) { return .card }
        if isPhone(candidate, digits: digits) { return .phone }
        if NumberFinder.isZIP(candidate, digits: digits, before: before) { return .postcode }
        return nil
    }

    private static let northAmerican = PatternBox(
        #"^(?:\+?1[ .\-]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ .\-])\d{3}[ .\-]\d{4}$"#)

    /// An international number (`+` and 8–15 digits, or `00` and 10–15 digits written with separators),
    /// a national one with a trunk `0` (10–11 digits: `020 7946 0958`, `(02) 9876 5432`), or a North
    /// American one written in its groups (`(555) 123-4567`, `555-123-4567`, `1-800-555-0199`).
    ///
    /// A bare number not starting with 0 is never a phone number here: it is as likely an order number.
    static func isPhone(_ candidate: Substring, digits: String) -> Bool {
        guard candidate.allSatisfy({ $0.isASCIIDigit || " -.()+".contains($0) }) else { return false }
        let separated = candidate.contains { " -.()".contains($0) }
        if candidate.hasPrefix("+") { return (8...15).contains(digits.count) && candidate.dropFirst().first != "0" }
        if candidate.hasPrefix("00") { return separated && (10...15).contains(digits.count) }
        if candidate.hasPrefix("0") || candidate.hasPrefix("(0") { return (10...11).contains(digits.count) }
        return northAmerican.expression.firstMatch(
            in: String(candidate), range: NSRange(location: 0, length: candidate.utf16.count)) != nil
    }
}

extension ReferenceRedactor {
    private static let ibanPattern = PatternBox(
        #"(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}[A-Za-z0-9]*(?:[ ][A-Za-z0-9]+){0,9}"#)

    /// IBANs, with or without the spaces every four characters: the longest stretch of groups from the
    /// country code on that is 15–34 characters and passes the mod-97 check (ISO 13616).
    static func ibans(in text: String) -> [Match] {
        var found: [Match] = []
        for candidate in ibanPattern.ranges(in: text) {
            var ends: [String.Index] = []
            var index = candidate.lowerBound
            let scalars = text.unicodeScalars
            while index < candidate.upperBound {
                if scalars[index] == " " { ends.append(index) }
                index = scalars.index(after: index)
            }
            ends.append(candidate.upperBound)
            for end in ends.reversed() where Redactor.isIBAN(Substring(text.unicodeScalars[candidate.lowerBound..<end]))
            {
                found.append(Match(range: candidate.lowerBound..<end, kind: .iban))
                break
            }
        }
        return found
    }

    private static let ukPostcodePattern = PatternBox(
        #"(?<![\p{L}\p{N}])([A-Za-z]{1,2})\d[A-Za-z\d]? ?\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2}(?![\p{L}\p{N}])"#)

    /// The UK's postcode areas: the letters before the first digit must be one of them, so `mp3 4th` or
    /// `v2 3rd` are not taken for postcodes.
    private static let ukAreas: Set<String> = [
        "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH", "CM", "CO",
        "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E", "EC", "EH", "EN", "EX", "FK",
        "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA",
        "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN",
        "NP", "NR", "NW", "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK",
        "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
        "UB",
        "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
    ]

    /// UK postcodes (`SW1A 1AA`, `M1 1AE`, `B338TH`), in any case, whose area is a real one.
    static func ukPostcodes(in text: String) -> [Match] {
        ukPostcodePattern.matches(in: text).compactMap { groups in
            guard let whole = groups[0], let area = groups[1], ukAreas.contains(text[area].uppercased()) else {
                return nil
            }
            return Match(range: whole, kind: .postcode)
        }
    }
}
