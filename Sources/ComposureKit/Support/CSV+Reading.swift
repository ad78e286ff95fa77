extension CSV {
    /// One field as read, with where it starts.
    package struct Field: Sendable, Hashable {
        /// The field's text, quotes removed and doubled quotes undone.
        package var text: String
        /// The 1-based line where the field starts.
        package var line: Int
        /// The 1-based column (in Unicode scalars) where the field starts.
        package var column: Int
    }

    /// One record (row) as read.
    package struct Record: Sendable, Hashable {
        /// The 1-based line where the record starts (a quoted field may run over several lines).
        package var line: Int
        /// Its fields, in order.
        package var fields: [Field]
    }

    /// Reads CSV text (RFC 4180): comma-separated fields, double-quoted fields that may hold
    /// commas, line breaks and doubled quotes, and LF, CRLF or CR line ends.
    ///
    /// Blank lines are skipped. A line break inside a quoted field is kept as `\n`.
    /// - Throws: ``DiagnosticError`` for a quote inside an unquoted field, text after a
    ///   closing quote, or a quoted field that never closes, with the line and column.
    package static func records(in text: String, file: String) throws -> [CSV.Record] {
        var reader = RecordReader(scalars: Array(text.unicodeScalars), file: file)
        return try reader.read()
    }
}

/// The state machine behind ``CSV/records(in:file:)``.
private struct RecordReader {
    let scalars: [Unicode.Scalar]
    let file: String
    private var position = 0
    private var line = 1
    private var column = 1

    init(scalars: [Unicode.Scalar], file: String) {
        self.scalars = scalars
        self.file = file
        if scalars.first == "\u{FEFF}" { position = 1 }
    }

    private func failure(_ line: Int, _ column: Int, _ message: String) -> DiagnosticError {
        DiagnosticError([Diagnostic(file: file, line: line, column: column, message: message)])
    }

    /// Consumes a line end at the current position (LF, CRLF or CR), if there is one.
    private mutating func lineEnd() -> Bool {
        guard position < scalars.count else { return false }
        switch scalars[position] {
        case "\n":
            position += 1
        case "\r":
            position += 1
            if position < scalars.count, scalars[position] == "\n" { position += 1 }
        default:
            return false
        }
        line += 1
        column = 1
        return true
    }

    private mutating func advance() -> Unicode.Scalar {
        let scalar = scalars[position]
        position += 1
        column += 1
        return scalar
    }

    mutating func read() throws -> [CSV.Record] {
        var records: [CSV.Record] = []
        while position < scalars.count {
            let start = line
            var fields: [(field: CSV.Field, quoted: Bool)] = []
            var ended = false
            while !ended {
                let field = try readField()
                fields.append(field)
                if position >= scalars.count || lineEnd() {
                    ended = true
                } else {
                    _ = advance()  // the comma
                }
            }
            // A blank line is one empty, unquoted field.
            if fields.count == 1, fields[0].field.text.isEmpty, !fields[0].quoted { continue }
            records.append(CSV.Record(line: start, fields: fields.map { $0.field }))
        }
        return records
    }

    /// Reads one field, stopping before the comma or line end that closes it.
    private mutating func readField() throws -> (field: CSV.Field, quoted: Bool) {
        let startLine = line
        let startColumn = column
        var text = String.UnicodeScalarView()
        guard position < scalars.count, scalars[position] == "\"" else {
            while position < scalars.count {
                let scalar = scalars[position]
                if scalar == "," || scalar == "\n" || scalar == "\r" { break }
                if scalar == "\"" {
                    throw failure(
                        line, column, "a quote inside an unquoted field; quote the whole field and double the quote")
                }
                text.append(advance())
            }
            return (CSV.Field(text: String(text), line: startLine, column: startColumn), false)
        }
        _ = advance()
        while true {
            guard position < scalars.count else {
                throw failure(startLine, startColumn, "this quoted field never closes")
            }
            if lineEnd() {
                text.append("\n")
                continue
            }
            let scalar = advance()
            if scalar != "\"" {
                text.append(scalar)
            } else if position < scalars.count, scalars[position] == "\"" {
                text.append(advance())
            } else {
                break
            }
        }
        // After the closing quote only spaces may come before the comma or the line end.
        while position < scalars.count, scalars[position] == " " || scalars[position] == "\t" { _ = advance() }
        if position < scalars.count, scalars[position] != ",", scalars[position] != "\n", scalars[position] != "\r" {
            throw failure(line, column, "text after a closing quote; quote the whole field and double inner quotes")
        }
        return (CSV.Field(text: String(text), line: startLine, column: startColumn), true)
    }
}
