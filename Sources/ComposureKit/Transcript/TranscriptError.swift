/// A transcript that could not be read, with where.
public struct TranscriptError: DiagnosticReporting, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// 1-based line, 0 when the whole file is concerned.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// What is wrong.
    public var message: String
    /// The conversation id, when one could be read.
    public var id: String?

    /// Creates an error.
    public init(file: String, line: Int, column: Int = 0, message: String, id: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.id = id
    }

    /// As a diagnostic, for printing.
    public var diagnostic: Diagnostic {
        Diagnostic(file: file, line: line, column: column, message: message)
    }

    /// The one diagnostic, for ``DiagnosticReporting``.
    public var diagnostics: [Diagnostic] { [diagnostic] }

    public var description: String { diagnostic.headline }
}
