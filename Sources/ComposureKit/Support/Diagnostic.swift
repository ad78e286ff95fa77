/// A problem found in a file, printed the way compilers print them.
///
/// `Rubrics/core.yaml:12:7: error: unknown key 'weigth'; did you mean 'weight'?`
/// followed, when the source line is known, by that line and a caret under the column. A problem that is in
/// no file (a database that cannot be opened, an output that cannot be written) has an empty ``file`` and
/// prints as compilers print theirs: `error: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a problem is.
    public enum Severity: String, Sendable, Hashable, Codable {
        case error
        case warning
        case note
    }

    /// The file, as given by the user.
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column (in Unicode scalars), or 0 when unknown.
    public var column: Int
    /// How serious it is.
    public var severity: Severity
    /// What is wrong, in the user's words.
    public var message: String
    /// The source line, for the caret display (or, for a long line, an excerpt around the column).
    public var sourceLine: String?
    /// The caret's column in ``sourceLine`` when that is an excerpt; nil when it is the whole line.
    public var sourceColumn: Int?

    /// Creates a diagnostic.
    public init(
        file: String, line: Int, column: Int, severity: Severity = .error, message: String, sourceLine: String? = nil,
        sourceColumn: Int? = nil
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.sourceLine = sourceLine
        self.sourceColumn = sourceColumn
    }

    /// A problem in no file: `error: message`.
    public init(severity: Severity = .error, message: String) {
        self.init(file: "", line: 0, column: 0, severity: severity, message: message)
    }

    /// `file:line:column: severity: message`, without the source excerpt; `severity: message` without a file.
    ///
    /// The file name and the message are sanitised (``TerminalText/sanitised(_:keepingLineBreaks:)``): both
    /// may quote a file's text (a target name, a key), and a diagnostic is printed on a terminal wherever a
    /// command fails. ``message`` itself keeps the text, for `lint --format json`. A diagnostic without a file
    /// is printed as its message was written (it quotes the command's own arguments, not a file's text).
    public var headline: String {
        if file.isEmpty { return "\(severity.rawValue): \(message)" }
        var location = TerminalText.sanitised(file)
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return "\(location): \(severity.rawValue): \(TerminalText.sanitised(message))"
    }

    /// The headline, then the source line and a caret under the column when known.
    public var description: String {
        guard let sourceLine, line > 0, column > 0 else { return headline }
        var scalars = Array(TerminalText.sanitised(sourceLine).unicodeScalars)
        var caret = min((sourceColumn ?? column) - 1, scalars.count)
        // A very long line (minified YAML, a pasted transcript) is shown as a window around the column.
        let window = 60
        if scalars.count > 2 * window + 20 {
            let start = max(0, caret - window)
            let end = min(scalars.count, caret + window)
            let head: [Unicode.Scalar] = start > 0 ? ["…"] : []
            let tail: [Unicode.Scalar] = end < scalars.count ? ["…"] : []
            scalars = head + Array(scalars[start..<end]) + tail
            caret = caret - start + head.count
        }
        let visible = String(String.UnicodeScalarView(scalars))
        let indent = scalars.prefix(caret).map { $0 == "\t" ? "\t" : " " }.joined()
        return "\(headline)\n\(visible)\n\(indent)^"
    }
}

/// Composure's error family: an error that is one or more ``Diagnostic``s.
///
/// Every error a command reports to its user belongs to it: ``DiagnosticError`` (files with mistakes, and
/// problems in no file), ``TranscriptError``, ``LexiconError`` and the store's `StoreError`. The command
/// line prints ``report`` on standard error and exits with status 2, in one place (`ComposureCommand`), so
/// no command converts one error into another to get it printed.
public protocol DiagnosticReporting: Error {
    /// The problems, in the order they are printed.
    var diagnostics: [Diagnostic] { get }
}

extension DiagnosticReporting {
    /// What standard error shows: every diagnostic, with its source line and caret when known.
    public var report: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// One or more diagnostics, thrown together so a trainer sees every mistake in one run.
public struct DiagnosticError: DiagnosticReporting, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var diagnostics: [Diagnostic]

    /// Wraps `diagnostics`.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// A problem in no file, printed `error: message`.
    public init(message: String) {
        self.init([Diagnostic(message: message)])
    }

    public var description: String { report }
}
