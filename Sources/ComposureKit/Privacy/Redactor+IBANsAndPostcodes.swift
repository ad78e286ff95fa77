import Foundation

extension Redactor {
    /// IBANs, with or without the spaces every four characters: the longest stretch of groups from the
    /// country code on that is 15–34 characters and passes the mod-97 check (ISO 13616).
    static func ibans(in reader: ScalarReader) -> [Match] {
        var found: [Match] = []
        for candidate in ibanCandidates(in: reader) {
            var ends = candidate.filter { reader.bytes[$0] == 0x20 }
            ends.append(candidate.upperBound)
            for end in ends.reversed() {
                let range = reader.range(candidate.lowerBound..<end)
                if isIBAN(Substring(reader.text.unicodeScalars[range])) {
                    found.append(Match(range: range, kind: .iban))
                    break
                }
            }
        }
        return found
    }

    /// Stretches that may be IBANs, by byte offsets: two ASCII letters not inside a word (after a letter or
    /// a digit), two digits of any script, ASCII letters and digits, then up to nine groups of them each
    /// after a single space.
    static func ibanCandidates(in reader: ScalarReader) -> [Range<Int>] {
        let bytes = reader.bytes
        func isAlphanumeric(_ offset: Int) -> Bool {
            offset < bytes.count
                && (reader.isASCIILetter(at: offset) || (bytes[offset] >= 0x30 && bytes[offset] <= 0x39))
        }
        var found: [Range<Int>] = []
        var position = 0
        while position < reader.count {
            let next = reader.scalar(at: position).next
            guard reader.isASCIILetter(at: position), reader.isASCIILetter(at: position + 1),
                reader.scalar(before: position)?.isLetterOrNumber != true
            else {
                position = next
                continue
            }
            var end = position + 2
            var digits = 0
            while digits < 2, end < reader.count {
                let (digit, after) = reader.scalar(at: end)
                guard digit.isDecimalDigit else { break }
                end = after
                digits += 1
            }
            guard digits == 2 else {
                position = next
                continue
            }
            while isAlphanumeric(end) { end += 1 }
            var groups = 0
            while groups < 9, bytes.count > end + 1, bytes[end] == 0x20, isAlphanumeric(end + 1) {
                end += 1
                while isAlphanumeric(end) { end += 1 }
                groups += 1
            }
            found.append(position..<end)
            position = end
        }
        return found
    }

    /// Whether `candidate` (spaces ignored, any case) is an IBAN: two letters, two check digits, then
    /// letters and digits, 15–34 in all, and the number it spells is 1 modulo 97.
    static func isIBAN(_ candidate: Substring) -> Bool {
        let compact = candidate.filter { $0 != " " }.uppercased()
        guard (15...34).contains(compact.count), compact.prefix(2).allSatisfy(\.isLetter) else { return false }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for character in rearranged {
            guard character.isASCII else { return false }
            if let digit = character.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let scalar = character.unicodeScalars.first, ("A"..."Z").contains(character) {
                let value = Int(scalar.value) - 55
                remainder = (remainder * 100 + value) % 97
            } else {
                return false
            }
        }
        return remainder == 1
    }

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
    static func ukPostcodes(in reader: ScalarReader) -> [Match] {
        ukPostcodeCandidates(in: reader).compactMap { candidate in
            let area = String(decoding: reader.bytes[candidate.area], as: UTF8.self).uppercased()
            guard ukAreas.contains(area) else { return nil }
            return Match(range: reader.range(candidate.whole), kind: .postcode)
        }
    }

    /// Stretches shaped like UK postcodes, by byte offsets, whatever their area: one or two ASCII letters
    /// (the area) not inside a word (after a letter or a digit), a digit, maybe a letter or digit, maybe a
    /// space, a digit and two of the letters the inward code uses (not C, I, K, M, O or V), and then no
    /// letter or digit. Digits are of any script; the first way of reading the optional parts that fits,
    /// taking each when it can, wins.
    static func ukPostcodeCandidates(in reader: ScalarReader) -> [(whole: Range<Int>, area: Range<Int>)] {
        func isInwardLetter(_ offset: Int) -> Bool {
            guard reader.isASCIILetter(at: offset) else { return false }
            return !"CIKMOV".utf8.contains(reader.bytes[offset] & 0xDF)
        }
        /// The end of the postcode after its area and first digit, at `start`.
        func rest(from start: Int) -> Int? {
            var afterOptional = [start]
            if let scalar = reader.scalar(atOrNil: start), scalar.isASCIILetter || scalar.isDecimalDigit {
                afterOptional.insert(reader.scalar(at: start).next, at: 0)
            }
            for optional in afterOptional {
                let afterSpace =
                    optional < reader.count && reader.bytes[optional] == 0x20 ? [optional + 1, optional] : [optional]
                for digitStart in afterSpace {
                    guard let digit = reader.scalar(atOrNil: digitStart), digit.isDecimalDigit else { continue }
                    let letters = reader.scalar(at: digitStart).next
                    guard isInwardLetter(letters), isInwardLetter(letters + 1) else { continue }
                    if reader.scalar(atOrNil: letters + 2)?.isLetterOrNumber != true { return letters + 2 }
                }
            }
            return nil
        }
        var found: [(whole: Range<Int>, area: Range<Int>)] = []
        var position = 0
        while position < reader.count {
            let next = reader.scalar(at: position).next
            guard reader.isASCIILetter(at: position), reader.scalar(before: position)?.isLetterOrNumber != true else {
                position = next
                continue
            }
            var areaEnd = position + 1
            if reader.isASCIILetter(at: areaEnd) { areaEnd += 1 }
            guard !reader.isASCIILetter(at: areaEnd), let digit = reader.scalar(atOrNil: areaEnd), digit.isDecimalDigit,
                let end = rest(from: reader.scalar(at: areaEnd).next)
            else {
                position = next
                continue
            }
            found.append((position..<end, position..<areaEnd))
            position = end
        }
        return found
    }
}
