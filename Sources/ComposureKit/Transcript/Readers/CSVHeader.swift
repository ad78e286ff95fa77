import Foundation

/// The CSV side shared by the Twitter corpus and the CSV of messages: records from a ``LineReader`` and a
/// header naming the columns.
struct CSVHeader {
    /// The column names, as written.
    let names: [String]

    /// A record stream over the lines of `reader`, decoded as UTF-8 (invalid bytes read as U+FFFD).
    static func stream(file: String, reader: LineReader) -> CSV.RecordStream {
        CSV.RecordStream(file: file, maximumRecordLength: reader.maximumLineLength) {
            switch reader.next() {
            case nil: return nil
            case .tooLong(let number, let length)?: return .tooLong(number: number, length: length)
            case .text(let bytes, let number)?:
                return .text(Array(String(decoding: bytes, as: UTF8.self).unicodeScalars), number: number)
            }
        }
    }

    /// The index of column `name` (matched without regard to case or surrounding spaces), or an error at the
    /// header's line naming the columns there are.
    func index(of name: String, file: String, line: Int, flag: String? = nil) throws(TranscriptError) -> Int {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let index = names.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == wanted }) {
            return index
        }
        let given = flag.map { " (named by \($0))" } ?? ""
        throw TranscriptError(
            file: file, line: line, column: 1,
            message:
                "no column \"\(name)\"\(given); the header has \(names.map { "\"\($0)\"" }.joined(separator: ", "))"
        )
    }
}
