import ComposureKit
import Testing

/// The error family: every member reports itself as diagnostics, printed as compilers print them.
@Suite struct DiagnosticReportingTests {
    @Test func aProblemInNoFileIsSeverityAndMessage() {
        #expect(
            Diagnostic(message: "cannot write 'x': Permission denied").description
                == "error: cannot write 'x': Permission denied")
        #expect(Diagnostic(severity: .warning, message: "odd").headline == "warning: odd")
        #expect(DiagnosticError(message: "q.sqlite: no such database").report == "error: q.sqlite: no such database")
    }

    @Test func aMessageErrorIsOneDiagnosticWithoutAPlace() {
        let error = DiagnosticError(message: "no replies")
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.file == "")
        #expect(error.diagnostics.first?.line == 0)
        #expect(error.description == error.report)
    }

    @Test func theReportIsEveryDiagnosticWithItsCaret() {
        let error = DiagnosticError([
            Diagnostic(file: "a.yaml", line: 2, column: 3, message: "bad", sourceLine: "a: b"),
            Diagnostic(file: "b.yaml", line: 0, column: 0, message: "empty"),
        ])
        #expect(error.report == "a.yaml:2:3: error: bad\na: b\n  ^\nb.yaml: error: empty")
    }

    @Test func aTranscriptErrorReportsItsHeadline() {
        let error = TranscriptError(file: "t.jsonl", line: 4, column: 2, message: "expected '}'", id: "c1")
        #expect(error.diagnostics == [Diagnostic(file: "t.jsonl", line: 4, column: 2, message: "expected '}'")])
        #expect(error.report == "t.jsonl:4:2: error: expected '}'")
        #expect(error.report == error.description)
    }

    @Test func aMissingLexiconIsAnErrorInNoFile() {
        let error: any DiagnosticReporting = LexiconError.missing
        #expect(error.report == "error: " + LexiconError.missing.message)
    }

    @Test(arguments: [
        LexiconError.unknownClass("feelings", suggestion: ""), .unknownLemma("zz", suggestion: ""), .noWords("x.y"),
    ])
    func everyLexiconErrorSaysItsMessage(error: LexiconError) {
        #expect(error.report == "error: \(error.message)")
    }
}
