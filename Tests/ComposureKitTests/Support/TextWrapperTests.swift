import ComposureKit
import Testing

/// Text wrapped to a terminal's width: words whole, a hanging indent, wide characters and styles measured right.
@Suite struct TextWrapperTests {
    @Test(arguments: [
        ("plain", 5),
        ("café", 4),
        ("e\u{301}", 1),  // e + combining acute
        ("日本語", 6),
        ("한국", 4),
        ("\u{1F600}", 2),
        ("\u{1B}[1;35mMartin:\u{1B}[0m", 7),
        ("a\u{200B}b", 2),
    ])
    func width(_ text: String, _ columns: Int) {
        #expect(TextWrapper.width(text) == columns)
    }

    @Test func wrapsAtWordsWithAHangingIndent() {
        let text = "Martin: I have been locked out of my own garage for an hour and nobody answers the phone."
        let wrapped = TextWrapper.wrap(text, width: 30, hangingIndent: 8)
        let lines = wrapped.split(separator: "\n").map(String.init)
        #expect(lines.count > 2)
        #expect(lines.allSatisfy { TextWrapper.width($0) <= 30 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("        ") && !$0.hasPrefix("         ") })
        // Every word survives whole, in order.
        #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }) == text.split(separator: " "))
    }

    @Test func shortLinesAndLineBreaksAreKept() {
        #expect(TextWrapper.wrap("short line", width: 80) == "short line")
        #expect(TextWrapper.wrap("one\n\ntwo", width: 80) == "one\n\ntwo")
    }

    @Test func continuationLinesFollowTheLinesOwnIndentByDefault() {
        let wrapped = TextWrapper.wrap("     reply 1: a quotation that is much too long for the card", width: 30)
        for line in wrapped.split(separator: "\n") { #expect(line.hasPrefix("     ")) }
    }

    @Test func aStyledLinesIndentIsItsSpacesAfterTheEscape() {
        let line = "\u{1B}[2m   Not applicable here: Empathy, Apology, Move it offline, Own the mistake\u{1B}[0m"
        let lines = TextWrapper.wrap(line, width: 40).split(separator: "\n")
        #expect(lines.count >= 2)
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("   \u{1B}[2m") }, "\(lines)")
    }

    @Test func wideCharactersAreMeasuredInColumns() {
        let text = String(repeating: "日本語 ", count: 10)
        let wrapped = TextWrapper.wrap(text, width: 20)
        for line in wrapped.split(separator: "\n") { #expect(TextWrapper.width(String(line)) <= 20) }
        // Ten words of 6 columns: three to a 20-column line (6 + 1 + 6 + 1 + 6), so four lines.
        #expect(wrapped.split(separator: "\n").count == 4)
    }

    @Test func aWordLongerThanALineIsBroken() {
        let word = String(repeating: "x", count: 50)
        let lines = TextWrapper.wrap(word, width: 20).split(separator: "\n")
        #expect(lines.map(\.count) == [20, 20, 10])
    }

    @Test func aStyleRunningAcrossABreakIsClosedAndReopenedAfterTheIndent() {
        let underline = "\u{1B}[4m"
        let text = "  before " + underline + "several underlined words that run on and on" + "\u{1B}[0m after"
        let lines = TextWrapper.wrap(text, width: 24).split(separator: "\n").map(String.init)
        #expect(lines.count >= 2)
        #expect(lines[0].hasSuffix("\u{1B}[0m"))
        #expect(lines[1].hasPrefix("  " + underline))
        #expect(lines.allSatisfy { TextWrapper.width($0) <= 24 })
    }
}
