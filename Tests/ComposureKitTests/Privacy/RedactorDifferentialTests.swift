import Foundation
import Testing

@testable import ComposureKit

/// The hand-written scanners of ``Redactor`` against the regular expressions they replaced
/// (``ReferenceRedactor``): the same finds, at the same places, of the same kinds, on every committed text
/// with personal data or labelled replies, and on thousands of strings made to stress the rules.
///
/// No case differs on purpose. Texts with letters newer than the regular-expression library's Unicode
/// tables (`U+A7CE`, the Unicode 16 letters) are left out: there the two read different tables.
@Suite struct RedactorDifferentialTests {
    /// Names, addresses and ids as the exports give them: mixed case, non-ASCII letters, a folding `ß`.
    static let personalData = [
        "Zelda Quartermaine", "zelda.q@example.org", "u-553311", "Hieronymus Baptiste", "Jane Doe",
        "jane@example.com", "u-98765", "Will Smith", "José Núñez", "ZOË BRONTË", "Anne-Marie o'Brien", "Straße",
        "Σίσυφος Παπάς", "Łukasz Żółć", "İsmail Işık", "ab", "Tom_Jones", "O.K. Corral",
    ]

    /// One find as offsets, so a difference reads as numbers.
    struct Find: Equatable, CustomStringConvertible {
        var start: Int
        var end: Int
        var kind: Redactor.Kind
        var description: String { "\(kind)@\(start)..<\(end)" }
    }

    static func finds(_ matches: [Redactor.Match], in text: String) -> [Find] {
        matches.map {
            Find(
                start: text.utf8.distance(from: text.startIndex, to: $0.range.lowerBound),
                end: text.utf8.distance(from: text.startIndex, to: $0.range.upperBound), kind: $0.kind)
        }
    }

    /// The texts on which the two disagree, with both answers, for `personalData`.
    static func differences(in texts: [String], personalData: [String]) -> [String] {
        let redactor = Redactor(personalData: personalData)
        let reference = ReferenceRedactor(personalData: personalData)
        var differences: [String] = []
        for text in texts {
            let new = finds(redactor.matches(in: text), in: text)
            let old = finds(reference.matches(in: text), in: text)
            if new != old { differences.append("\(text.debugDescription): new \(new), old \(old)") }
        }
        return differences
    }

    /// Every string in the committed fixtures that hold personal data, exports and labelled replies.
    static func fixtureTexts() throws -> [String] {
        let folder = PackageRoot.url.appendingPathComponent("Tests/EndToEndTests/Fixtures")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasPrefix("replies-") || $0.hasPrefix("agent-turns-") || $0.hasPrefix("helpdesk-")
                || $0.hasPrefix("strict-json")
        }
        var files = names.map { folder.appendingPathComponent($0) }
        for sub in ["exports", "privacy", "examples"] {
            let subfolder = folder.appendingPathComponent(sub)
            files += try FileManager.default.contentsOfDirectory(atPath: subfolder.path).map {
                subfolder.appendingPathComponent($0)
            }
        }
        var texts: [String] = []
        for file in files where !file.lastPathComponent.hasSuffix(".md") {
            let contents = try String(contentsOf: file, encoding: .utf8)
            let lines = contents.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            texts += lines
            // JSON and JSON Lines: every string value too, as a conversation's turn is.
            let documents = file.pathExtension == "json" ? [contents] : file.pathExtension == "jsonl" ? lines : []
            for document in documents {
                guard
                    let value = try? JSONSerialization.jsonObject(
                        with: Data(document.utf8), options: [.fragmentsAllowed])
                else { continue }
                collectStrings(value, into: &texts)
            }
        }
        return texts
    }

    static func collectStrings(_ value: Any, into texts: inout [String]) {
        if let string = value as? String {
            texts.append(string)
        } else if let array = value as? [Any] {
            for item in array { collectStrings(item, into: &texts) }
        } else if let object = value as? [String: Any] {
            for item in object.values { collectStrings(item, into: &texts) }
        }
    }

    @Test func agreeOnTheCommittedFixtures() throws {
        let texts = try Self.fixtureTexts()
        #expect(texts.count > 1000)
        // The fixtures do hold personal data for both to find.
        #expect(texts.contains { !Redactor().matches(in: $0).isEmpty })
        for personalData in [[], Self.personalData] {
            let differences = Self.differences(in: texts, personalData: personalData)
            #expect(differences.isEmpty, "\(differences.count) differ, first: \(differences.prefix(5))")
        }
    }

    @Test func agreeOnGeneratedStrings() {
        var generator = SeededGenerator(seed: 20_260_302)
        let texts = (0..<4000).map { _ in StressText.make(using: &generator) }
        // Every kind is found somewhere: the strings reach every rule.
        let redactor = Redactor(personalData: Self.personalData)
        let kinds = Set(texts.flatMap { redactor.matches(in: $0).map(\.kind) })
        #expect(kinds == Set(Redactor.Kind.allCases))
        for personalData in [[], Self.personalData] {
            let differences = Self.differences(in: texts, personalData: personalData)
            #expect(differences.isEmpty, "\(differences.count) differ, first: \(differences.prefix(5))")
        }
    }

    /// Cases each rule's edges turn on, written out so a failure names them.
    @Test(arguments: [
        "a@b.c-d@e.fg", "a@abc-.com x@y.z.", "x.y_z@ex-ample.co.uk.", "José@correo.example.es", "@@a.b @x.y",
        "12 +5 (6) -7", "+44 20 7946 0958.", "(555)123-4567", "+1 555 123 4567", "1.800.555.0199", "٤١١١ ١١١١",
        "4111 1111 1111 1111\u{301}", "x4111111111111111", "_07700 900123", "gb82west12345698765432",
        "GB82 WEST 1234 5698 7654 32 11 22 33 44 55 66 77", "ABC1 2DE", "A1A 1AA", "SW1A1AA", "sw1a 1aa5", "ec1a 1bb",
        "M11AE", "B33 8TH", "W1٤ 1AA", "Springfield, IL 62704", "zip 90210-1234",
        "JANE DOE, jane doe, Jane, JANE, STRASSE, strasse, STRAßE", "ZOË bronte, Zoë, Brontë, zoë brontë",
        "Tom_Jones, Tom, Jones, tom_jones_", "ismail işık, İSMAIL IŞIK, İsmail", "o.k. corral, O.K.", "ab, ab_, _ab",
    ])
    func agreeOnEdges(text: String) {
        for personalData in [[], Self.personalData] {
            #expect(Self.differences(in: [text], personalData: personalData) == [])
        }
    }
}

/// Strings built from pieces that sit on the rules' edges: digits with spaces, dashes and dots, `+44`,
/// `@`, non-ASCII letters, combining marks after digits, emoji, listed names in mixed case, IBAN-like and
/// postcode-like stretches.
enum StressText {
    static let pieces = [
        "0", "1", "7", "12", "123", "555", "0044", "+44", "+1", "+0", "07700", "900123", "020", "7946", "0958",
        "4111", "1111", "5555", "4444", "378282246310005", "4111111111111111", "94103", "1234", "62704", "90210",
        " ", " ", " ", "  ", "-", ".", "(", ")", "+", "@", "_", "%", ",", ";", "/", "\n", "'",
        "jane", "Jane", "JANE", "doe", "Doe", "Will", "will", "smith", "Smith", "u-98765", "U-98765", "zelda.q",
        "Zelda", "example", "org", "co", "uk", "example.org", "@example.com", "a@b", "x.y", "-x", "x-",
        "é", "É", "ß", "ẞ", "ı", "İ", "ş", "Zoë", "ZOË", "Brontë", "José", "JOSÉ", "Núñez", "Σ", "ς", "σ", "Σίσυφος",
        "\u{301}", "\u{308}", "😀", "👍🏽", "٤٥", "١٢٣", "１２", "ⅳ", "①",
        "GB82", "WEST", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "de89 3704 0044 0532 0130 00",
        "FR14 2004 1010 0505 0001 3M02 606", "SW1A", "1AA", "SW1A 1AA", "m1 1ae", "B338TH", "EC1A1BB", "mp3 4th",
        "v2 3rd", "W1A", "IL", "CA", "zip", "Street", "ZIP", "94103-1234", "(555) 123-4567", "1-800-555-0199",
        "555.123.4567", "(02) 9876 5432", "+44 20 7946 0958", "0044 20 7946 0958", "Zelda Quartermaine",
        "hieronymus BAPTISTE", "u-553311", "Straße", "STRASSE", "strasse", "Tom_Jones", "O.K. Corral", "o.k.",
    ]

    static func make(using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 1...14, using: &generator)
        var text = ""
        for _ in 0..<count {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0:
                // A run of random digits with random separators.
                for _ in 0..<Int.random(in: 1...20, using: &generator) {
                    text += String(Int.random(in: 0...9, using: &generator))
                    if Int.random(in: 0..<5, using: &generator) == 0 {
                        text += [" ", "-", ".", " ", "  "].randomElement(using: &generator) ?? " "
                    }
                }
            case 1:
                // Letters then digits, as IBANs and postcodes start.
                let letters = "ABDEGHLMNSWXZabcmsw"
                for _ in 0..<Int.random(in: 1...3, using: &generator) {
                    text.append(letters.randomElement(using: &generator) ?? "A")
                }
                text += String(Int.random(in: 0...99, using: &generator))
            case 2:
                // A piece in random case.
                let piece = pieces.randomElement(using: &generator) ?? ""
                text += piece.map { Bool.random(using: &generator) ? $0.uppercased() : $0.lowercased() }.joined()
            default:
                text += pieces.randomElement(using: &generator) ?? ""
            }
            if Int.random(in: 0..<3, using: &generator) == 0 { text += " " }
        }
        return text
    }
}
