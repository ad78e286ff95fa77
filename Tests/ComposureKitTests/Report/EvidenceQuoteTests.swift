import ComposureKit
import Testing

/// The report card's quotes run to the end of the clause the evidence starts, so a trainee reads what they
/// said ("I've pushed a fix to your unit tonight"), not the pattern's few words ("I've pushed a").
@Suite struct EvidenceQuoteTests {
    /// Evidence for `words` found in `text` (offsets in Unicode scalars, as the detector makes them).
    static func evidence(_ words: String, in text: String) throws -> Evidence {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(words.unicodeScalars)
        let start = try #require(
            scalars.indices.first { scalars[$0...].starts(with: needle) }, "'\(words)' is not in '\(text)'")
        return Evidence(start: start, end: start + needle.count, text: words)
    }

    @Test(arguments: [
        (
            "I've pushed a fix to your unit tonight. I'll call you at 9.", "I've pushed a",
            "I've pushed a fix to your unit tonight"
        ),
        ("Sorry, that's on us! Leave it with me.", "Sorry", "Sorry, that's on us"),
        ("Is it the 1.5 version? Then update it.", "Is it", "Is it the 1.5 version"),
        (
            "Email me at care@example.com and I'll sort it", "Email me at",
            "Email me at care@example.com and I'll sort it"
        ),
        ("First step; then the rest", "First", "First step"),
        ("One line\nanother line", "One", "One line"),
        // Evidence that already ends its sentence is quoted as it is.
        ("I'm so sorry. Truly.", "I'm so sorry", "I'm so sorry"),
        ("Café ☕️ is shut, sorry 🙏 we'll reopen at 9.", "sorry", "sorry 🙏 we'll reopen at 9"),
        // The tokenizer's sentences: an ellipsis before a lower-case word trails on; a full stop in an address does not end.
        ("Sorry... we'll sort it today. Bye", "Sorry", "Sorry... we'll sort it today"),
        ("Email me at help@shop.io and I'll call. Bye", "Email me at", "Email me at help@shop.io and I'll call"),
    ])
    func aQuoteRunsToTheEndOfItsClause(text: String, words: String, quoted: String) throws {
        #expect(EvidenceQuote.clause(of: try Self.evidence(words, in: text), in: text) == quoted)
    }

    @Test func aLongClauseIsCutAtASpaceWithAnEllipsis() throws {
        let text = "I can see why " + String(repeating: "that really matters to you ", count: 8) + "tonight."
        let quoted = EvidenceQuote.clause(of: try Self.evidence("I can see why", in: text), in: text, limit: 40)
        #expect(quoted.hasSuffix("…"))
        #expect(quoted.unicodeScalars.count <= 41)
        #expect(quoted.hasPrefix("I can see why that"))
        #expect(!quoted.dropLast().hasSuffix(" "), "cut at a space, which is dropped: \(quoted)")
    }

    /// A span that does not hold its words (a rewritten turn, offsets past the end, an empty or inverted
    /// span) is quoted as the evidence's own words, never as some other part of the text.
    @Test(arguments: [
        Evidence(start: 0, end: 5, text: "other"),
        Evidence(start: 40, end: 60, text: "far away"),
        Evidence(start: 3, end: 3, text: ""),
        Evidence(start: 5, end: 2, text: "back"),
        Evidence(start: -4, end: 2, text: "neg"),
    ])
    func evidenceThatDoesNotFitItsTextIsQuotedAsItIs(_ evidence: Evidence) {
        #expect(EvidenceQuote.clause(of: evidence, in: "Sorry about that.") == evidence.text)
    }

    @Test func theReportCardQuotesWholeClauses() throws {
        let engine = try ReportCardTests.engine(
            "garadget-reviewer",
            [
                "Martin, I'm so sorry, that's a rotten way to come home. Please email me at care@example.com.",
                "I've pushed a fix to your unit tonight, and I'll email you within 24 hours to check it's holding.",
            ])
        let card = ReportCard(engine: engine).render(style: TerminalStyle(enabled: false))
        #expect(card.contains("“I've pushed a fix to your unit tonight, and I'll email you within 24 hours"), "\(card)")
        #expect(!card.contains("“I've pushed a”"))
    }
}
