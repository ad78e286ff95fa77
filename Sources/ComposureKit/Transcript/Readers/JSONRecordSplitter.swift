/// Finds the records of a JSON document one at a time, holding only the record being read.
///
/// The document is an array of records (`[{...}, {...}]`), an object holding such an array under one of
/// `listKeys` (`{"tickets": [...], "next_page": null}`), one record (an object without such a key), or
/// several of those one after another (JSONL is that). The splitter reads the structure only (brackets,
/// strings, commas); each record's bytes are then parsed with `JSONSerialization`. A mistake in the
/// structure stops the document, since nothing after it can be trusted to start a record.
///
/// Written by hand: Foundation parses a document whole, and a helpdesk export is gigabytes.
final class JSONRecordSplitter {
    /// One record's bytes and where it starts.
    struct Record {
        var bytes: [UInt8]
        var line: Int
        var column: Int
    }

    /// A mistake in the document's structure, with where.
    struct SyntaxError: Error {
        var message: String
        var line: Int
        var column: Int
    }

    private enum State {
        case between
        /// Inside an array of records; `first` before its first element; `inObject` when the array is a
        /// member of a top-level object whose other members come after it.
        case array(first: Bool, inObject: Bool)
        case restOfObject
    }

    private let input: ByteInput
    private let listKeys: Set<String>
    private let maximumRecordBytes: Int
    private var state = State.between
    private var capture: [UInt8]?

    /// How many bytes of the current record are held: what reading costs besides one chunk.
    private(set) var bufferedBytes = 0

    init(input: ByteInput, listKeys: [String], maximumRecordBytes: Int) {
        self.input = input
        self.listKeys = Set(listKeys)
        self.maximumRecordBytes = maximumRecordBytes
    }

    private func error(_ message: String) -> SyntaxError {
        SyntaxError(
            message: input.peek == nil ? "the document ends early: \(message)" : message, line: input.line,
            column: input.column)
    }

    private func take() throws(SyntaxError) -> UInt8 {
        guard let byte = input.advance() else { throw error("expected more") }
        if capture != nil {
            capture?.append(byte)
            bufferedBytes += 1
            if bufferedBytes > maximumRecordBytes {
                throw SyntaxError(
                    message: "a record is longer than the limit of \(maximumRecordBytes) bytes", line: input.line,
                    column: input.column)
            }
        }
        return byte
    }

    private func skipWhitespace() throws(SyntaxError) {
        while let byte = input.peek,
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
                || byte == 0xEF || byte == 0xBB || byte == 0xBF
        {
            _ = try take()
        }
    }

    private func expect(_ byte: UInt8, _ what: String) throws(SyntaxError) {
        try skipWhitespace()
        guard input.peek == byte else { throw error("expected \(what)") }
        _ = try take()
    }

    /// Reads a string (the opening quote next) and returns its raw bytes between the quotes.
    private func string() throws(SyntaxError) -> [UInt8] {
        guard input.peek == UInt8(ascii: "\"") else { throw error("expected a string") }
        _ = try take()
        var bytes: [UInt8] = []
        while true {
            let byte = try take()
            if byte == UInt8(ascii: "\"") { return bytes }
            if byte == UInt8(ascii: "\\") {
                bytes.append(byte)
                bytes.append(try take())
                continue
            }
            if bytes.count < 256 { bytes.append(byte) }
        }
    }

    /// Reads one value whole, lexically (brackets balanced, strings skipped).
    private func value() throws(SyntaxError) {
        try skipWhitespace()
        guard let first = input.peek else { throw error("expected a value") }
        switch first {
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var closers: [UInt8] = []
            repeat {
                guard let byte = input.peek else {
                    throw error("expected '\(Character(Unicode.Scalar(closers.last ?? 0x5D)))'")
                }
                switch byte {
                case UInt8(ascii: "\""): _ = try string()
                case UInt8(ascii: "{"):
                    closers.append(UInt8(ascii: "}"))
                    _ = try take()
                case UInt8(ascii: "["):
                    closers.append(UInt8(ascii: "]"))
                    _ = try take()
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard byte == closers.last else {
                        throw error("unexpected '\(Character(Unicode.Scalar(byte)))'")
                    }
                    closers.removeLast()
                    _ = try take()
                default: _ = try take()
                }
            } while !closers.isEmpty
        case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"):
            throw error("expected a value")
        default:
            // A number, `true`, `false` or `null`: to the next delimiter (JSONSerialization checks it).
            while let byte = input.peek, !Self.isDelimiter(byte) { _ = try take() }
        }
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"):
            return true
        default: return false
        }
    }

    /// The next record, or nil at the end of the document.
    ///
    /// - Throws: ``SyntaxError`` where the structure is broken; the splitter gives nothing after it.
    func next() throws(SyntaxError) -> Record? {
        while true {
            switch state {
            case .between:
                try skipWhitespace()
                guard let first = input.peek else { return nil }
                if first == UInt8(ascii: "[") {
                    _ = try take()
                    state = .array(first: true, inObject: false)
                } else if first == UInt8(ascii: "{") {
                    if let record = try topObject() { return record }
                } else {
                    throw error("expected an object or an array of them")
                }
            case .array(let first, let inObject):
                try skipWhitespace()
                if input.peek == UInt8(ascii: "]") {
                    _ = try take()
                    state = inObject ? .restOfObject : .between
                    continue
                }
                if !first { try expect(UInt8(ascii: ","), "',' or ']' after a record") }
                try skipWhitespace()
                state = .array(first: false, inObject: inObject)
                return try captured { () throws(SyntaxError) in try value() }
            case .restOfObject:
                try skipWhitespace()
                if input.peek == UInt8(ascii: "}") {
                    _ = try take()
                    state = .between
                    continue
                }
                try expect(UInt8(ascii: ","), "',' or '}'")
                try skipWhitespace()
                _ = try string()
                try expect(UInt8(ascii: ":"), "':'")
                try value()
            }
        }
    }

    /// The value read by `read`, captured, with where it starts.
    private func captured(_ read: () throws(SyntaxError) -> Void) throws(SyntaxError) -> Record {
        let line = input.line
        let column = input.column
        capture = []
        bufferedBytes = 0
        defer {
            capture = nil
            bufferedBytes = 0
        }
        try read()
        return Record(bytes: capture ?? [], line: line, column: column)
    }

    /// A top-level object: nil after entering its array of records, else the object itself as one record.
    private func topObject() throws(SyntaxError) -> Record? {
        let line = input.line
        let column = input.column
        capture = []
        bufferedBytes = 0
        defer {
            capture = nil
            bufferedBytes = 0
        }
        _ = try take()
        var first = true
        while true {
            try skipWhitespace()
            if input.peek == UInt8(ascii: "}") {
                _ = try take()
                return Record(bytes: capture ?? [], line: line, column: column)
            }
            if !first { try expect(UInt8(ascii: ","), "',' or '}'") }
            first = false
            try skipWhitespace()
            let key = String(decoding: try string(), as: UTF8.self)
            try expect(UInt8(ascii: ":"), "':'")
            try skipWhitespace()
            if listKeys.contains(key), input.peek == UInt8(ascii: "[") {
                capture = nil
                _ = try take()
                state = .array(first: true, inObject: true)
                return nil
            }
            try value()
        }
    }
}
