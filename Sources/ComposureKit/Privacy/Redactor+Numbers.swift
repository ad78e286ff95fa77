import Foundation

/// Card numbers, phone numbers and US ZIP codes: runs of digits, told apart by their shape and checks.
///
/// A run is digits with the separators people write in numbers (`-`, `.`, brackets, single spaces);
/// its space-separated groups are tried from the longest stretch down, so a phone number followed by
/// another number (`call 07700 900123 3 times`) is still found, and a stretch that is none of these
/// (an order number, a year, a price, a quantity) is left as it is.
enum NumberFinder {
    /// The most groups, and bytes, one find may span: keeps a long run of numbers linear to search.
    private static let maximumGroups = 8
    private static let maximumLength = 40

    static func matches(in reader: ScalarReader) -> [Redactor.Match] {
        var found: [Redactor.Match] = []
        let text = reader.text
        for run in runs(in: reader) {
            let groups = Self.groups(of: run, in: reader)
            var first = 0
            while first < groups.count {
                var matched = false
                var last = min(groups.count, first + maximumGroups)
                while last > first {
                    let bytes = groups[first].lowerBound..<groups[last - 1].upperBound
                    if bytes.count <= maximumLength {
                        let range = reader.range(bytes)
                        if let kind = classify(
                            Substring(text.unicodeScalars[range]),
                            before: Substring(text.unicodeScalars[text.startIndex..<range.lowerBound]))
                        {
                            found.append(Redactor.Match(range: range, kind: kind))
                            first = last
                            matched = true
                            break
                        }
                    }
                    last -= 1
                }
                if !matched { first += 1 }
            }
        }
        return found
    }

    /// The runs of digits and separators, by byte offsets: a digit of any script, or `+` or `(` right
    /// before one, not inside a word (after a letter, digit or `_`), then as many digits, brackets, dots
    /// and dashes as follow, and single spaces before a digit, `(` or `+`.
    static func runs(in reader: ScalarReader) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var position = 0
        while position < reader.count {
            let (scalar, next) = reader.scalar(at: position)
            var afterDigit: Int?
            if scalar.isDecimalDigit {
                afterDigit = next
            } else if scalar == "+" || scalar == "(", next < reader.count {
                let (following, end) = reader.scalar(at: next)
                if following.isDecimalDigit { afterDigit = end }
            }
            guard var end = afterDigit, reader.scalar(before: position)?.isWordScalar != true else {
                position = next
                continue
            }
            while end < reader.count {
                let (scalar, next) = reader.scalar(at: end)
                if scalar.isDecimalDigit || scalar == "(" || scalar == ")" || scalar == "." || scalar == "-" {
                    end = next
                } else if scalar == " ", let following = reader.scalar(atOrNil: next),
                    following.isDecimalDigit || following == "(" || following == "+"
                {
                    end = next
                } else {
                    break
                }
            }
            runs.append(position..<end)
            position = end
        }
        return runs
    }

    /// The space-separated groups of a run, each trimmed of the punctuation a sentence puts after a number.
    private static func groups(of run: Range<Int>, in reader: ScalarReader) -> [Range<Int>] {
        // Spaces and the trimmed punctuation are ASCII, so bytes are enough.
        var groups: [Range<Int>] = []
        var start = run.lowerBound
        func close(_ end: Int) {
            var upper = end
            while upper > start, [0x2E, 0x2D, 0x28].contains(reader.bytes[upper - 1]) { upper -= 1 }
            if upper > start { groups.append(start..<upper) }
        }
        for index in run where reader.bytes[index] == 0x20 {
            close(index)
            start = index + 1
        }
        close(run.upperBound)
        return groups
    }

    /// What a stretch of digits is, if it is personal data.
    static func classify(_ candidate: Substring, before: Substring) -> Redactor.Kind? {
        let digits = String(candidate.filter(\.isASCIIDigit))
        if isCard(candidate, digits: digits) { return .card }
        if isPhone(candidate, digits: digits) { return .phone }
        if isZIP(candidate, digits: digits, before: before) { return .postcode }
        return nil
    }

    /// 13–19 digits (spaces or dashes between groups allowed), the first 2–6 as every major scheme's
    /// numbers start, passing the Luhn check.
    static func isCard(_ candidate: Substring, digits: String) -> Bool {
        guard (13...19).contains(digits.count), let first = digits.first, ("2"..."6").contains(first),
            candidate.allSatisfy({ $0.isASCIIDigit || $0 == " " || $0 == "-" })
        else { return false }
        return luhn(digits)
    }

    /// Whether `digits` passes the Luhn check (ISO/IEC 7812).
    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (position, character) in digits.reversed().enumerated() {
            guard let value = character.wholeNumberValue else { return false }
            if position % 2 == 1 {
                let doubled = value * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += value
            }
        }
        return sum % 10 == 0
    }

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
        return isNorthAmerican(Array(candidate.utf8))
    }

    /// `(+1 )(555) 123-4567`, `555-123-4567`, `1-800-555-0199`: an optional `1` (with `+` and a separator
    /// before the rest), an area code of three digits starting 2–9 in brackets or followed by a separator,
    /// then three digits, a separator and four digits, and nothing else. `candidate` is ASCII.
    static func isNorthAmerican(_ candidate: [UInt8]) -> Bool {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x2E || byte == 0x2D }
        func isAreaStart(_ byte: UInt8) -> Bool { byte >= 0x32 && byte <= 0x39 }
        /// `123-4567` and the end, from `start`.
        func isLocal(from start: Int) -> Bool {
            guard candidate.count - start == 8 else { return false }
            return candidate[start..<start + 3].allSatisfy(isDigit) && isSeparator(candidate[start + 3])
                && candidate[start + 4..<start + 8].allSatisfy(isDigit)
        }
        /// The area code and the rest, from `start`.
        func isNumber(from start: Int) -> Bool {
            let rest = candidate[start...]
            if rest.count >= 5, candidate[start] == 0x28, isAreaStart(candidate[start + 1]),
                isDigit(candidate[start + 2]), isDigit(candidate[start + 3]), candidate[start + 4] == 0x29
            {
                if start + 5 < candidate.count, candidate[start + 5] == 0x20, isLocal(from: start + 6) { return true }
                return isLocal(from: start + 5)
            }
            guard rest.count >= 4, isAreaStart(candidate[start]), isDigit(candidate[start + 1]),
                isDigit(candidate[start + 2]), isSeparator(candidate[start + 3])
            else { return false }
            return isLocal(from: start + 4)
        }
        // The country code's forms, longest first: `+1 `, `+1`, `1 `, `1`, none.
        var starts: [Int] = []
        var position = 0
        if candidate.first == 0x2B { position = 1 }
        if position < candidate.count, candidate[position] == 0x31 {
            if position + 1 < candidate.count, isSeparator(candidate[position + 1]) { starts.append(position + 2) }
            starts.append(position + 1)
        }
        starts.append(0)
        return starts.contains { isNumber(from: $0) }
    }

    /// Words that make a bare five-digit number beside them an address's ZIP code.
    private static let addressWords: Set<String> = [
        "zip", "zipcode", "postcode", "postal", "address", "street", "st", "avenue", "ave", "road", "rd",
        "boulevard", "blvd", "lane", "ln", "drive", "suite", "apt", "apartment",
    ]

    /// The two-letter codes of the US states, DC and the territories, as written in addresses.
    private static let stateCodes: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR", "GU", "VI",
    ]

    /// A ZIP+4 code (`94103-1234`) always; a bare five-digit ZIP only when one of the three words before it
    /// is an address word or a state code (`Springfield, IL 62704`, `zip 90210`): alone, five digits are
    /// as likely a quantity, a price or an order number.
    static func isZIP(_ candidate: Substring, digits: String, before: Substring) -> Bool {
        if digits.count == 9, candidate.count == 10, candidate.allSatisfy({ $0.isASCIIDigit || $0 == "-" }),
            candidate[candidate.index(candidate.startIndex, offsetBy: 5)] == "-"
        {
            return true
        }
        guard digits.count == 5, candidate.count == 5 else { return false }
        let words = before.suffix(60).split { !$0.isLetter }.suffix(3)
        return words.contains { word in
            addressWords.contains(word.lowercased()) || stateCodes.contains(String(word))
        }
    }
}

extension Character {
    /// `0`–`9` only (not other scripts' digits, which no card or phone rule here is written for).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
