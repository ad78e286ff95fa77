import Foundation
import Testing

@testable import ComposureKit

/// The short ways `grade` takes through redaction, held to the longer ways they replaced on every committed
/// fixture string (``RedactorDifferentialTests/fixtureTexts()``): the byte scan for digits and `@`, quote
/// spans found by UTF-8 offset in ASCII text, an id with nothing to look for, and the words of an ASCII meta key.
@Suite struct RedactorShortcutTests {
    static let texts: [String] = {
        let extra = [
            "", "@", "7", "caf\u{E9} 12", "e\u{301}@x.org", "\u{1F600} 0770 900 017",
            "Ticket #4411 for jane@example.org",
        ]
        return ((try? RedactorDifferentialTests.fixtureTexts()) ?? []) + extra
    }()

    @Test(arguments: [
        "", "_", "customerName", "customer_name", "requester_e-mail", "userID2_Phone", "ABCDef", "aBC", "a1b2C3",
        "company_at_fault", "corpus", "__x__", "X", "caseID", "e-MAIL Address", "zip/postcode", "@tel:",
    ])
    func anASCIIKeyHasTheWordsTheScalarPathFinds(_ key: String) {
        #expect(Redactor.asciiWords(ofKey: key) == Redactor.scalarWords(ofKey: key))
        #expect(Redactor.words(ofKey: key) == Redactor.scalarWords(ofKey: key))
    }

    @Test func theByteScanFindsDigitsAndAtsAsContainsDoes() {
        #expect(Self.texts.count > 1_000)
        for text in Self.texts {
            let (hasDigit, hasAt) = Redactor.digitsAndAt(in: text)
            #expect(hasDigit == text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 }, "\(text.debugDescription)")
            #expect(hasAt == text.utf8.contains(0x40), "\(text.debugDescription)")
        }
    }

    @Test func aSpanIsTheOneFoundByCountingScalarsFromTheStart() {
        // Beside the fixtures, texts past a checkpoint (every 64th scalar) with and without other scripts.
        let long = [
            String(repeating: "café ", count: 40), String(repeating: "ab", count: 64),
            "😀" + String(repeating: "x", count: 127),
        ]
        for text in Self.texts + long {
            let scalars = text.unicodeScalars
            let count = scalars.count
            let offsets = ScalarOffsets(of: text)
            #expect(offsets.isASCII == text.unicodeScalars.allSatisfy(\.isASCII), "\(text.debugDescription)")
            for (start, end) in [
                (0, 0), (0, count), (count / 3, count / 2), (count, count), (1, count + 1), (0, 7), (65, 130),
            ]
            where start <= end {
                let expected: Range<String.Index>? = {
                    guard let lower = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex),
                        let upper = scalars.index(scalars.startIndex, offsetBy: end, limitedBy: scalars.endIndex)
                    else { return nil }
                    return lower..<upper
                }()
                let found = offsets.range(from: start, to: end, in: text)
                #expect(found == expected, "\(text.debugDescription) \(start)..<\(end)")
                if let found, let expected {
                    #expect(String(scalars[found]) == String(scalars[expected]))
                }
            }
        }
    }

    @Test(arguments: [[], ["Jane Doe", "jane@example.org"]])
    func anIdIsRedactedAsByTheFullSearch(personalData: [String]) {
        let redactor = Redactor(personalData: personalData)
        for text in Self.texts + ["bench-1-1", "stc3-3359988793775791", "jane@example.org-17", "Jane Doe 4111"] {
            let full = redactor.matches(in: text).filter { $0.kind == .email || $0.kind == .name }
            let expected = redactor.replace(full, in: text, within: text.startIndex..<text.endIndex)
            #expect(redactor.redact(id: text) == expected, "\(text.debugDescription)")
        }
    }
}
