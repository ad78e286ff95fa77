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
        var lines = TextTranscript.Lines(text)
        var stream = RecordStream(file: file) {
            guard let line = lines.next() else { return nil }
            return .text(Array(line.text.unicodeScalars), number: line.number)
        }
        var records: [CSV.Record] = []
        while let record = try stream.next() { records.append(record) }
        return records
    }

    /// Reads CSV records one at a time from lines given one at a time, so a file of any size is read holding
    /// one record: the reader behind ``CSV/records(in:file:)`` and the helpdesk CSV readers.
    package struct RecordStream {
        /// One physical line, without its line break.
        package enum Line {
            /// The line's scalars and its 1-based number.
            case text([Unicode.Scalar], number: Int)
            /// A line longer than the reader's limit, with its number and length in bytes.
            case tooLong(number: Int, length: Int)
        }

        private let file: String
        private let nextLine: () -> Line?
        /// A record (quoted line breaks and all) longer than this many scalars is an error.
        private let maximumRecordLength: Int
        private var scalars: [Unicode.Scalar] = []
        private var position = 0
        private var line = 0
        private var column = 1
        private var isFirstLine = true
        private var recordLength = 0

        /// Creates a stream over the lines `nextLine` gives; `file` names them in errors.
        package init(file: String, maximumRecordLength: Int = 64 << 20, nextLine: @escaping () -> Line?) {
            self.file = file
            self.nextLine = nextLine
            self.maximumRecordLength = maximumRecordLength
        }

        private func failure(_ line: Int, _ column: Int, _ message: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(file: file, line: line, column: column, message: message)])
        }

        /// Moves to the next physical line; false at the end of the input.
        private mutating func advanceLine() throws(DiagnosticError) -> Bool {
            switch nextLine() {
            case nil: return false
            case .tooLong(let number, let length)?:
                throw failure(number, 1, "line is \(length) bytes, longer than the limit")
            case .text(let text, let number)?:
                scalars = text
                line = number
                position = 0
                column = 1
                if isFirstLine, scalars.first == "\u{FEFF}" { position = 1 }
                isFirstLine = false
                recordLength += text.count + 1
                return true
            }
        }

        private mutating func advance() -> Unicode.Scalar {
            let scalar = scalars[position]
            position += 1
            column += 1
            return scalar
        }

        /// The next record, or nil at the end; blank lines are skipped.
        ///
        /// - Throws: ``DiagnosticError`` with the line and column of the mistake.
        package mutating func next() throws(DiagnosticError) -> CSV.Record? {
            while true {
                recordLength = 0
                guard try advanceLine() else { return nil }
                let start = line
                var fields: [(field: CSV.Field, quoted: Bool)] = []
                while true {
                    fields.append(try readField())
                    if position >= scalars.count { break }
                    _ = advance()  // the comma
                }
                // A blank line is one empty, unquoted field.
                if fields.count == 1, fields[0].field.text.isEmpty, !fields[0].quoted { continue }
                return CSV.Record(line: start, fields: fields.map { $0.field })
            }
        }

        /// Reads one field, stopping before the comma or line end that closes it.
        private mutating func readField() throws(DiagnosticError) -> (field: CSV.Field, quoted: Bool) {
            let startLine = line
            let startColumn = column
            var text = String.UnicodeScalarView()
            guard position < scalars.count, scalars[position] == "\"" else {
                while position < scalars.count {
                    let scalar = scalars[position]
                    if scalar == "," { break }
                    if scalar == "\"" {
                        throw failure(
                            line, column, "a quote inside an unquoted field; quote the whole field and double the quote"
                        )
                    }
                    text.append(advance())
                }
                return (CSV.Field(text: String(text), line: startLine, column: startColumn), false)
            }
            _ = advance()
            while true {
                if position >= scalars.count {
                    guard recordLength <= maximumRecordLength, try advanceLine() else {
                        throw failure(startLine, startColumn, "this quoted field never closes")
                    }
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
            if position < scalars.count, scalars[position] != "," {
                throw failure(line, column, "text after a closing quote; quote the whole field and double inner quotes")
            }
            return (CSV.Field(text: String(text), line: startLine, column: startColumn), true)
        }
    }
}
