import Foundation

/// Reads a helpdesk's JSON export, one ticket or conversation at a time, through a ``HelpdeskMapping``.
///
/// A `.jsonl` or `.ndjson` file is read line by line: each line is one record, an array of records, or a
/// page (`{"tickets": [...]}`); a broken line is reported and the next line read. Any other file (a `.json`
/// document, minified or not) goes through ``JSONRecordSplitter``, which holds one record at a time; a break
/// in the document's structure ends the file there.
final class HelpdeskJSONReader<Mapping: HelpdeskMapping>: ExportReader {
    /// Where the records come from.
    enum Input {
        case lines(LineReader)
        case document(JSONRecordSplitter)
    }

    private let file: String
    private let input: Input
    private let mapping: Mapping
    private var finished = false
    /// Records of a line that held several (an array or a page), waiting their turn.
    private var queued: [(Any, line: Int)] = []
    private var heldBytes = 0

    init(file: String, input: Input, mapping: Mapping) {
        self.file = file
        self.input = input
        self.mapping = mapping
    }

    var bufferedCount: Int {
        switch input {
        case .lines: return heldBytes
        case .document(let splitter): return max(heldBytes, splitter.bufferedBytes)
        }
    }

    func next() -> TranscriptSource.Item? {
        while true {
            if !queued.isEmpty {
                let (value, line) = queued.removeFirst()
                return transcript(value, line: line, column: 1)
            }
            guard !finished else { return nil }
            switch input {
            case .lines(let reader):
                guard let line = reader.next() else {
                    finished = true
                    return nil
                }
                switch line {
                case .tooLong(let number, let length):
                    return .failure(
                        TranscriptError(
                            file: file, line: number, column: 1,
                            message: "line is \(length) bytes, longer than the limit of \(reader.maximumLineLength)"))
                case .text(let bytes, let number):
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                    heldBytes = bytes.count
                    defer { heldBytes = 0 }
                    switch parse(Array(bytes), line: number, column: 1) {
                    case .failure(let error): return .failure(error)
                    case .success(let value):
                        let records = expanded(value)
                        if records.count == 1 { return transcript(records[0], line: number, column: 1) }
                        queued = records.map { ($0, number) }
                    }
                }
            case .document(let splitter):
                let record: JSONRecordSplitter.Record
                do {
                    guard let next = try splitter.next() else {
                        finished = true
                        return nil
                    }
                    record = next
                } catch {
                    finished = true
                    return .failure(
                        TranscriptError(
                            file: file, line: error.line, column: error.column,
                            message: "not valid JSON: \(error.message)"))
                }
                heldBytes = record.bytes.count
                defer { heldBytes = 0 }
                switch parse(record.bytes, line: record.line, column: record.column) {
                case .failure(let error): return .failure(error)
                case .success(let value): return transcript(value, line: record.line, column: record.column)
                }
            }
        }
    }

    /// The records a line's value holds: the elements of an array or of a page's list, or the value itself.
    private func expanded(_ value: Any) -> [Any] {
        if let array = value as? [Any] { return array }
        if let object = value as? [String: Any] {
            for key in Mapping.listKeys {
                if let list = object[key] as? [Any] { return list }
            }
        }
        return [value]
    }

    private func parse(_ bytes: [UInt8], line: Int, column: Int) -> Result<Any, TranscriptError> {
        do {
            return .success(try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]))
        } catch {
            // Foundation on Linux says where the JSON broke only in words; the JSONL scanner, which accepts what
            // Foundation does (and no trailing comma), gives the byte offset and the reason.
            var offset = 0
            var reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            let scanned = bytes.withUnsafeBufferPointer { buffer -> TranscriptLineScanner.SyntaxError? in
                do throws(TranscriptLineScanner.SyntaxError) {
                    _ = try TranscriptLineScanner.scan(buffer)
                    return nil
                } catch {
                    return error
                }
            }
            if let scanned {
                offset = scanned.offset
                reason = scanned.message
            }
            var (at, col) = (line, column)
            for byte in bytes.prefix(offset) {
                if byte == 0x0A {
                    at += 1
                    col = 1
                } else if byte & 0xC0 != 0x80 {
                    col += 1
                }
            }
            return .failure(TranscriptError(file: file, line: at, column: col, message: "not valid JSON: \(reason)"))
        }
    }

    private func transcript(_ value: Any, line: Int, column: Int) -> TranscriptSource.Item {
        guard let record = JSONRecord(value) else {
            return .failure(
                TranscriptError(
                    file: file, line: line, column: column,
                    message: "expected a JSON object for one \(Mapping.recordName)"))
        }
        do {
            var transcript = try mapping.transcript(from: record, line: line)
            transcript.source = SourceLocation(file: file, line: line, column: column)
            return .success(transcript)
        } catch {
            return .failure(
                TranscriptError(file: file, line: line, column: column, message: error.message, id: error.id))
        }
    }
}
