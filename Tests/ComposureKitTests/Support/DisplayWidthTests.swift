import Testing

@testable import ComposureKit

/// `DisplayWidth`: the columns a terminal gives text, as `wcwidth` and emoji presentation say.
@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("", 0),
        ("Sam", 3),
        ("王小明", 6),  // CJK ideographs are wide
        ("ｶﾀｶﾅ", 4),  // half-width katakana are not
        ("한국어", 6),  // precomposed Hangul
        ("e\u{301}", 1),  // a combining accent takes no column
        ("😀", 2),
        ("👨‍👩‍👧", 2),  // a ZWJ family is one glyph
        ("🇬🇧", 2),  // a flag
        ("❤️", 2),  // text symbol with emoji presentation asked for
        ("a\u{200B}b", 2),  // zero-width space
        ("\u{7}", 0),  // a control character draws nothing
    ])
    func widths(text: String, columns: Int) {
        #expect(DisplayWidth.of(text) == columns)
    }

    @Test func paddingFillsToTheColumnNotTheCharacterCount() {
        #expect(DisplayWidth.padded("王", to: 4) == "王  ")
        #expect(DisplayWidth.padded("toolong", to: 3) == "toolong")
    }

    @Test func fittingCutsAtAColumnAndNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.fitted("王小明", to: 5) == "王小 ")
        #expect(DisplayWidth.fitted("abc", to: 5) == "abc  ")
        #expect(DisplayWidth.fitted("e\u{301}tude", to: 3) == "e\u{301}tu")
    }
}
