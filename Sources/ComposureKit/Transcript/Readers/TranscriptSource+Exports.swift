import Foundation

/// Opening helpdesk exports, CSVs of messages and the Twitter corpus.
extension TranscriptSource {
    /// Opens `path` (or `handle`, for standard input) as an export in `format`; an item only when it cannot.
    func openExport(_ path: String, format: InputFormat, handle: FileHandle? = nil) -> Item? {
        let file: FileHandle
        if let handle {
            file = handle
        } else {
            guard TextFile.isRegularFile(path) || FileManager.default.isReadableFile(atPath: path),
                let opened = FileHandle(forReadingAtPath: path)
            else {
                return .failure(TranscriptError(file: path, line: 0, message: "cannot read the file"))
            }
            file = opened
        }
        let owns = handle == nil
        switch format {
        case .zendesk, .intercom, .freshdesk:
            let lower = path.lowercased()
            let isLines = lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson")
            let input: HelpdeskInput =
                isLines
                ? .lines(LineReader(handle: file, closeOnDeinit: owns, maximumLineLength: maximumLineLength))
                : .document(ByteInput(handle: file, closeOnDeinit: owns))
            exportReader = helpdeskReader(format, file: path, input: input)
        case .twitter:
            let lines = LineReader(handle: file, closeOnDeinit: owns, maximumLineLength: maximumLineLength)
            exportReader = TwitterCorpusReader(file: path, reader: lines, window: threadWindow)
        case .csv:
            guard let columns = csvColumns else {
                if owns { try? file.close() }
                return .failure(
                    TranscriptError(
                        file: path, line: 0,
                        message: "a CSV of messages needs --csv-conversation, --csv-role and --csv-text naming its "
                            + "columns (or --input-format twitter for the Twitter corpus)"))
            }
            let lines = LineReader(handle: file, closeOnDeinit: owns, maximumLineLength: maximumLineLength)
            exportReader = MessageCSVReader(file: path, reader: lines, columns: columns)
        case .jsonl, .text:
            fatalError("TranscriptSource.openExport: \(format) is read by the transcript readers, not as an export")
        }
        return nil
    }

    /// Where a helpdesk reader's records come from: lines of JSONL, or one JSON document.
    enum HelpdeskInput {
        case lines(LineReader)
        case document(ByteInput)
    }

    /// The reader for a helpdesk `format`.
    func helpdeskReader(_ format: InputFormat, file: String, input: HelpdeskInput) -> any ExportReader {
        let times = TimeStamp()
        switch format {
        case .intercom:
            return HelpdeskJSONReader(
                file: file, input: splitting(input, IntercomMapping.listKeys), mapping: IntercomMapping(times: times))
        case .freshdesk:
            return HelpdeskJSONReader(
                file: file, input: splitting(input, FreshdeskMapping.listKeys),
                mapping: FreshdeskMapping(times: times))
        default:
            return HelpdeskJSONReader(
                file: file, input: splitting(input, ZendeskMapping.listKeys), mapping: ZendeskMapping(times: times))
        }
    }

    private func splitting<Mapping>(_ input: HelpdeskInput, _ keys: [String]) -> HelpdeskJSONReader<Mapping>.Input {
        switch input {
        case .lines(let reader): return .lines(reader)
        case .document(let bytes):
            return .document(JSONRecordSplitter(input: bytes, listKeys: keys, maximumRecordBytes: maximumLineLength))
        }
    }
}
