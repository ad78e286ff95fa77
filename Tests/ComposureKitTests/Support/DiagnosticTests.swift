import ComposureKit
import Testing

/// Diagnostics print as compilers print them, with a caret under the column.
@Suite struct DiagnosticTests {
    @Test(arguments: [
        (Diagnostic(file: "a.yaml", line: 3, column: 7, message: "bad"), "a.yaml:3:7: error: bad"),
        (Diagnostic(file: "a.yaml", line: 3, column: 0, message: "bad"), "a.yaml:3: error: bad"),
        (Diagnostic(file: "a.yaml", line: 0, column: 5, message: "bad"), "a.yaml: error: bad"),
        (
            Diagnostic(file: "a.yaml", line: 1, column: 1, severity: .warning, message: "odd"),
            "a.yaml:1:1: warning: odd"
        ),
        (Diagnostic(file: "a.yaml", line: 1, column: 1, severity: .note, message: "see"), "a.yaml:1:1: note: see"),
        (
            Diagnostic(file: "a\u{1B}[2J.yaml", line: 1, column: 1, message: "target '\u{1B}]0;x\u{7}b\nc' is unknown"),
            "a.yaml:1:1: error: target 'b c' is unknown"
        ),
    ])
    func headline(diagnostic: Diagnostic, headline: String) {
        #expect(diagnostic.headline == headline)
        #expect(diagnostic.description == headline)
    }

    @Test func caretSitsUnderTheColumn() {
        let diagnostic = Diagnostic(
            file: "a.yaml", line: 2, column: 10, message: "unknown key 'wieght'", sourceLine: "  - id: x wieght: 1")
        #expect(diagnostic.description == "a.yaml:2:10: error: unknown key 'wieght'\n  - id: x wieght: 1\n         ^")
    }

    @Test func caretKeepsTabsAndCountsScalars() {
        let diagnostic = Diagnostic(
            file: "a.yaml", line: 2, column: 6, message: "here", sourceLine: "\tcaf\u{E9}(x")
        #expect(diagnostic.description == "a.yaml:2:6: error: here\n\tcaf\u{E9}(x\n\t    ^")
    }

    @Test func sourceLineIsSanitised() {
        let diagnostic = Diagnostic(
            file: "a.yaml", line: 1, column: 1, message: "x", sourceLine: "\u{1B}]0;title\u{07}key: 1")
        #expect(diagnostic.description == "a.yaml:1:1: error: x\nkey: 1\n^")
    }

    @Test func anErrorListsEveryDiagnostic() {
        let error = DiagnosticError([
            Diagnostic(file: "a", line: 1, column: 1, message: "one", sourceLine: "x"),
            Diagnostic(file: "a", line: 2, column: 0, message: "two"),
        ])
        #expect(error.description == "a:1:1: error: one\nx\n^\na:2: error: two")
    }
}
