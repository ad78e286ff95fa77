import ComposureKit
import Testing

/// Untrusted text made safe for a terminal: escape sequences and controls stripped.
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("caf\u{E9} \u{1F600}", "caf\u{E9} \u{1F600}"),
        ("tab\tkept", "tab\tkept"),
        // CSI: colours, cursor moves, clearing the screen.
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("\u{1B}[2J\u{1B}[1;1Hhome", "home"),
        ("\u{1B}[?25lhidden cursor", "hidden cursor"),
        // OSC: window titles and hyperlinks, ended by BEL or ST.
        ("\u{1B}]0;pwned\u{07}after", "after"),
        ("\u{1B}]8;;http://evil\u{1B}\\link\u{1B}]8;;\u{1B}\\", "link"),
        // DCS and other string sequences.
        ("\u{1B}Pdata\u{1B}\\ok", "ok"),
        // C1 CSI, other controls, bidirectional overrides and line separators.
        ("\u{9B}31mX", "X"),
        ("bell\u{07}\u{08}\u{7F}\u{85}", "bell"),
        ("\u{202E}evil\u{2066}", "evil"),
        ("a\u{2028}b", "ab"),
        // Line breaks become spaces unless kept.
        ("a\r\nb\nc", "a  b c"),
        // Unfinished sequences are dropped.
        ("end\u{1B}", "end"),
        ("end\u{1B}[", "end"),
        ("end\u{1B}]0;title", "end"),
    ])
    func sanitised(text: String, expected: String) {
        #expect(TerminalText.sanitised(text) == expected)
    }

    @Test func keepsLineBreaksWhenAsked() {
        #expect(TerminalText.sanitised("a\r\nb\nc\u{1B}[1m", keepingLineBreaks: true) == "a \nb\nc")
    }

    @Test func stylesAreEscapeCodesOnlyWhenEnabled() {
        #expect(TerminalStyle(enabled: false).red("x") == "x")
        #expect(TerminalStyle(enabled: true).red("x") == "\u{1B}[31mx\u{1B}[0m")
        #expect(TerminalStyle(enabled: true).bold("x") == "\u{1B}[1mx\u{1B}[0m")
    }
}
