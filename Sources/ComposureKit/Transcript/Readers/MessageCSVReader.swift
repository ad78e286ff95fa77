import Foundation

/// Reads a CSV with one message a row, its columns named by ``CSVColumns``: a data warehouse's export.
///
/// A conversation is its run of consecutive rows with the same conversation id, so one conversation is held
/// at a time; an id that comes back after another conversation is an error (sort the file by it). To tell,
/// the reader keeps a 64-bit hash of the last 100,000 finished conversations' ids: one coming back further
/// on than that is read as a new conversation with the same id.
final class MessageCSVReader: ExportReader {
    private struct Columns {
        var conversation: Int
        var role: Int
        var text: Int
        var time: Int?
        var agent: Int?
        var team: Int?
        var channel: Int?
    }

    private let file: String
    private var stream: CSV.RecordStream
    private let map: CSVColumns
    private var columns: Columns?
    private var current: Transcript?
    private var queued: [TranscriptSource.Item] = []
    /// The conversation a broken row spoilt, whose other rows are passed over.
    private var skipping: String?
    /// Hashes of the last ``recentLimit`` finished conversations' ids, and their order, oldest first.
    private var finishedIDs: Set<Int> = []
    private var finishedOrder: [Int] = []
    private var oldest = 0
    /// How many finished conversations are remembered to catch one that comes back: a bound on memory
    /// (about 3 MB), where remembering every id of a 1 GB file took 100 MB.
    static let recentLimit = 100_000
    private var finished = false
    private let times = TimeStamp()

    init(file: String, reader: LineReader, columns: CSVColumns) {
        self.file = file
        self.stream = CSVHeader.stream(file: file, reader: reader)
        self.map = columns
    }

    /// Rows of the conversation being read.
    var bufferedCount: Int { current?.turns.count ?? 0 }

    func next() -> TranscriptSource.Item? {
        while true {
            if !queued.isEmpty { return queued.removeFirst() }
            guard !finished else { return nil }
            do {
                guard let record = try stream.next() else {
                    finished = true
                    if let current { queued.append(complete(current)) }
                    current = nil
                    continue
                }
                try read(record)
            } catch let error as TranscriptError {
                // A broken row spoils its conversation: the rest of its rows are passed over.
                if let id = error.id, let open = current, open.id == id {
                    remember(id)
                    current = nil
                    skipping = id
                }
                queued.append(.failure(error))
            } catch let error as DiagnosticError {
                finished = true
                let first = error.diagnostics.first
                queued.append(
                    .failure(
                        TranscriptError(
                            file: file, line: first?.line ?? 0, column: first?.column ?? 0,
                            message: first?.message ?? "\(error)")))
            } catch {
                queued.append(.failure(TranscriptError(file: file, line: 0, message: "\(error)")))
            }
        }
    }

    /// Remembers a finished conversation's id, forgetting the oldest past ``recentLimit``.
    private func remember(_ id: String) {
        let hash = id.hashValue
        guard finishedIDs.insert(hash).inserted else { return }
        if finishedOrder.count < Self.recentLimit {
            finishedOrder.append(hash)
        } else {
            finishedIDs.remove(finishedOrder[oldest])
            finishedOrder[oldest] = hash
            oldest = (oldest + 1) % Self.recentLimit
        }
    }

    /// A finished conversation, its id remembered.
    private func complete(_ transcript: Transcript) -> TranscriptSource.Item {
        remember(transcript.id)
        guard !transcript.turns.isEmpty else {
            let line = transcript.source?.line ?? 0
            return .failure(
                TranscriptError(
                    file: file, line: line, column: 1,
                    message: "conversation \"\(transcript.id)\" has no message with text", id: transcript.id))
        }
        return .success(transcript)
    }

    /// Reads one row; returns the conversation it ends, if it starts another.
    private func read(_ record: CSV.Record) throws {
        guard let columns else {
            let header = CSVHeader(names: record.fields.map(\.text))
            func find(_ name: String?, _ flag: String) throws(TranscriptError) -> Int? {
                try name.map { name throws(TranscriptError) in
                    try header.index(of: name, file: file, line: record.line, flag: flag)
                }
            }
            self.columns = Columns(
                conversation: try header.index(
                    of: map.conversation, file: file, line: record.line, flag: "--csv-conversation"),
                role: try header.index(of: map.role, file: file, line: record.line, flag: "--csv-role"),
                text: try header.index(of: map.text, file: file, line: record.line, flag: "--csv-text"),
                time: try find(map.time, "--csv-time"), agent: try find(map.agent, "--csv-agent"),
                team: try find(map.team, "--csv-team"), channel: try find(map.channel, "--csv-channel"))
            return
        }
        func value(_ index: Int?) throws(TranscriptError) -> CSV.Field? {
            guard let index else { return nil }
            guard index < record.fields.count else {
                throw TranscriptError(
                    file: file, line: record.line, column: 1,
                    message: "the row has \(record.fields.count) fields; the header has more")
            }
            return record.fields[index]
        }
        guard let id = try value(columns.conversation)?.text, !id.isEmpty else {
            throw TranscriptError(file: file, line: record.line, column: 1, message: "the row has no conversation id")
        }
        if id == skipping { return }
        skipping = nil
        guard let roleField = try value(columns.role) else { return }
        guard let (role, origin) = map.reading(roleField.text) else {
            let known = (map.customerValues + map.agentValues + map.botValues + map.noteValues)
            throw TranscriptError(
                file: file, line: roleField.line, column: roleField.column,
                message: "role \"\(roleField.text)\" is none of \(known.joined(separator: ", "))"
                    + " (set them with --csv-customer-values, --csv-agent-values, --csv-bot-values, --csv-note-values)",
                id: id)
        }
        if current?.id != id {
            if let current { queued.append(complete(current)) }
            if finishedIDs.contains(id.hashValue) {
                current = nil
                skipping = id
                throw TranscriptError(
                    file: file, line: record.line, column: 1,
                    message: "conversation \"\(id)\" comes back after other conversations; sort the file by "
                        + "the conversation column so its rows are together", id: id)
            }
            current = Transcript(id: id, turns: [], source: SourceLocation(file: file, line: record.line, column: 1))
            if let time = try value(columns.time)?.text, !time.isEmpty {
                current?.meta["time"] = times.normalised(time) ?? time
            }
            if let channel = try value(columns.channel)?.text, !channel.isEmpty { current?.channel = channel }
        }
        let text = try value(columns.text)?.text ?? ""
        if role == .agent, origin == .person {
            if current?.meta["agent"] == nil, let agent = try value(columns.agent)?.text, !agent.isEmpty {
                current?.meta["agent"] = agent
            }
            if current?.meta["team"] == nil, let team = try value(columns.team)?.text, !team.isEmpty {
                current?.meta["team"] = team
            }
        }
        if !text.allSatisfy(\.isWhitespace) {
            current?.turns.append(Turn(role: role, text: text, line: record.line, origin: origin))
        }
    }
}
