import ComposureKit
import Testing

/// Markdown table cells: markup escaped, line breaks and controls removed.
@Suite struct MarkdownTests {
    @Test(arguments: [
        ("plain words", "plain words"),
        ("a|b", "a\\|b"),
        ("*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"),
        ("[link](http://x)", "\\[link\\](http://x)"),
        ("<script>", "\\<script\\>"),
        ("# heading", "\\# heading"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two lines"),
        ("\u{1B}[31mred", "red"),
        ("caf\u{E9}", "caf\u{E9}"),
    ])
    func cell(value: String, cell: String) {
        #expect(Markdown.cell(value) == cell)
    }
}
