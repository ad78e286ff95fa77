import ComposureKit
import Testing

/// CSV fields: quoting, and formulas neutralised so a spreadsheet shows them as text.
@Suite struct CSVTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", #""a,b""#),
        (#"say "hi""#, #""say ""hi""""#),
        ("two\nlines", "\"two\nlines\""),
        ("caf\u{E9} \u{1F600}", "caf\u{E9} \u{1F600}"),
        // Formula injection: a leading =, +, -, @ or tab is shown as text.
        ("=1+2", "'=1+2"),
        ("=HYPERLINK(\"http://x\",\"y\")", #""'=HYPERLINK(""http://x"",""y"")""#),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tx", "'\tx"),
        // Numbers stay numbers.
        ("-5", "-5"),
        ("+1.5", "+1.5"),
        ("a=b", "a=b"),
        // Control and escape sequences are stripped.
        ("\u{1B}[31mred\u{1B}[0m", "red"),
        ("bell\u{07}", "bell"),
        ("cr\rhere", "cr here"),
    ])
    func field(value: String, field: String) {
        #expect(CSV.field(value) == field)
    }
}
