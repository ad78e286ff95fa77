import ComposureKit
import Testing

/// CSV writing (quoting, formulas neutralised so a spreadsheet shows them as text) and reading.
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

    /// What the writer quotes, the reader gives back: one module, both directions.
    @Test(arguments: ["plain", "", "a,b", #"say "hi""#, "two\nlines", "caf\u{E9} \u{1F600}", " padded ", "-5"])
    func writtenFieldsReadBack(value: String) throws {
        let line = [CSV.field(value), CSV.field("next")].joined(separator: ",") + "\r\n"
        let records = try CSV.records(in: "id,text\r\n" + line, file: "r.csv")
        #expect(records.count == 2)
        #expect(records.last?.fields.map(\.text) == [value, "next"])
    }

    // MARK: Reading

    @Test func csvQuotesCommasDoubledQuotesAndLineEnds() throws {
        let text = "\u{FEFF}id,comment\r\n\"a,1\",\"she said \"\"fine\"\"\"\r\n\r\nb,\"two\r\nlines\"\nc,\rd,last"
        let records = try CSV.records(in: text, file: "s.csv")
        #expect(
            records.map { $0.fields.map(\.text) } == [
                ["id", "comment"], ["a,1", "she said \"fine\""], ["b", "two\nlines"], ["c", ""], ["d", "last"],
            ])
        #expect(records.map(\.line) == [1, 2, 4, 6, 7])
        #expect(records[2].fields[1].line == 4)
        #expect(records[2].fields[1].column == 3)
    }

    @Test(arguments: [
        ("id,score\na,\"open\n", "s.csv:2:3: error: this quoted field never closes"),
        (
            "id,score\nab\"c,1\n",
            "s.csv:2:3: error: a quote inside an unquoted field; quote the whole field and double the quote"
        ),
        (
            "id,score\n\"a\"b,1\n",
            "s.csv:2:4: error: text after a closing quote; quote the whole field and double inner quotes"
        ),
    ])
    func csvMistakesNameLineAndColumn(text: String, headline: String) {
        #expect {
            _ = try CSV.records(in: text, file: "s.csv")
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.headline == headline
        }
    }
}
