import Foundation

/// Reads the public Twitter customer-support corpus (`twcs.csv`): tweets one a row, threads rebuilt from the
/// reply links.
///
/// Columns (by header name): `tweet_id, author_id, inbound, created_at, text, response_tweet_id,
/// in_response_to_tweet_id`. A tweet, the tweets it answers and those answering it (`response_tweet_id`
/// may list several, comma-separated) are one thread, whatever order the rows come in. `inbound` `True`
/// is the customer; the company's replies (`inbound` `False`, `author_id` the handle, such as
/// `AppleSupport`) are the agent's. A thread's tweets are put in time order.
///
/// Memory is bounded by a window of rows: a thread untouched for `window` rows is taken as complete and
/// given out, so at most `window` tweets are held (and their ids). A reply more than `window` rows from the
/// rest of its thread starts a thread of its own.
final class TwitterCorpusReader: ExportReader {
    private struct Tweet {
        var id: String
        var author: String
        var inbound: Bool
        var date: Date?
        var createdAt: String
        var text: String
        var line: Int
    }

    private final class Thread {
        let serial: Int
        var tweets: [Tweet] = []
        var ids: [String] = []
        var lastRow = 0
        init(serial: Int) { self.serial = serial }
    }

    private let file: String
    private var stream: CSV.RecordStream
    private let window: Int
    private var columns: [Int]?
    private var threads: [Int: Thread] = [:]
    private var owner: [String: Int] = [:]
    private var nextSerial = 0
    private var row = 0
    private var ready: [Transcript] = []
    private var finished = false
    private var heldTweets = 0
    private let times = TimeStamp()
    private let parser: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
        return formatter
    }()

    /// Reads `reader`; threads untouched for `window` rows are given out.
    init(file: String, reader: LineReader, window: Int = 20_000) {
        self.file = file
        self.stream = CSVHeader.stream(file: file, reader: reader)
        self.window = max(1, window)
    }

    /// Tweets held in open threads.
    var bufferedCount: Int { heldTweets }

    func next() -> TranscriptSource.Item? {
        while ready.isEmpty {
            guard !finished else { return nil }
            do {
                guard let record = try stream.next() else {
                    finished = true
                    give(threads.values.sorted { $0.serial < $1.serial })
                    continue
                }
                try read(record)
            } catch let error as TranscriptError {
                return .failure(error)
            } catch let error as DiagnosticError {
                // A broken CSV cannot be read on: where the next row starts is unknown. The threads read so far
                // are given out after the error.
                finished = true
                give(threads.values.sorted { $0.serial < $1.serial })
                let first = error.diagnostics.first
                return .failure(
                    TranscriptError(
                        file: file, line: first?.line ?? 0, column: first?.column ?? 0,
                        message: first?.message ?? "\(error)"))
            } catch {
                return .failure(TranscriptError(file: file, line: 0, message: "\(error)"))
            }
        }
        return .success(ready.removeFirst())
    }

    private func read(_ record: CSV.Record) throws {
        guard let columns else {
            let header = CSVHeader(names: record.fields.map(\.text))
            var found: [Int] = []
            for name in InputFormat.twitterHeader {
                found.append(try header.index(of: name, file: file, line: record.line))
            }
            self.columns = found
            return
        }
        row += 1
        func field(_ column: Int) throws(TranscriptError) -> CSV.Field {
            let index = columns[column]
            guard index < record.fields.count else {
                throw TranscriptError(
                    file: file, line: record.line, column: 1,
                    message: "the row has \(record.fields.count) fields; expected \((columns.max() ?? 0) + 1)")
            }
            return record.fields[index]
        }
        let id = try field(0).text
        let inboundField = try field(2)
        let inbound: Bool
        switch inboundField.text.lowercased() {
        case "true", "1": inbound = true
        case "false", "0": inbound = false
        default:
            throw TranscriptError(
                file: file, line: inboundField.line, column: inboundField.column,
                message: "\"inbound\" is \"\(inboundField.text)\"; expected True or False", id: id)
        }
        guard !id.isEmpty else {
            throw TranscriptError(file: file, line: record.line, column: 1, message: "the row has no tweet_id")
        }
        let createdAt = try field(3).text
        let tweet = Tweet(
            id: id, author: try field(1).text, inbound: inbound, date: parser.date(from: createdAt),
            createdAt: createdAt, text: try field(4).text, line: record.line)
        var linked = [id]
        linked += try field(5).text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        linked.append(try field(6).text.trimmingCharacters(in: .whitespaces))
        linked.removeAll { $0.isEmpty }
        let serials = Set(linked.compactMap { owner[$0] }).sorted()
        let thread: Thread
        if let first = serials.first, let found = threads[first] {
            thread = found
            for other in serials.dropFirst() {
                guard let merged = threads.removeValue(forKey: other) else { continue }
                thread.tweets += merged.tweets
                for linkedID in merged.ids { owner[linkedID] = first }
                thread.ids += merged.ids
            }
        } else {
            thread = Thread(serial: nextSerial)
            nextSerial += 1
            threads[thread.serial] = thread
        }
        thread.tweets.append(tweet)
        heldTweets += 1
        for linkedID in linked where owner[linkedID] != thread.serial {
            owner[linkedID] = thread.serial
            thread.ids.append(linkedID)
        }
        thread.lastRow = row
        // Look for threads gone quiet a few times per window, so the scan costs little per row.
        if row % max(1, window / 8) == 0 {
            give(threads.values.filter { row - $0.lastRow >= window }.sorted { $0.serial < $1.serial })
        }
    }

    /// Gives out `closing` as transcripts, forgetting their tweets and ids.
    private func give(_ closing: [Thread]) {
        for thread in closing {
            threads.removeValue(forKey: thread.serial)
            for id in thread.ids where owner[id] == thread.serial { owner.removeValue(forKey: id) }
            heldTweets -= thread.tweets.count
            let tweets = thread.tweets.sorted {
                ($0.date ?? .distantPast, Int($0.id) ?? 0, $0.id) < ($1.date ?? .distantPast, Int($1.id) ?? 0, $1.id)
            }
            guard let first = tweets.first else { continue }
            var transcript = Transcript(
                id: first.id, channel: "social",
                turns: tweets.map { Turn(role: $0.inbound ? .customer : .agent, text: $0.text, line: $0.line) },
                source: SourceLocation(file: file, line: first.line, column: 1))
            if let agent = tweets.first(where: { !$0.inbound })?.author { transcript.meta["agent"] = agent }
            if let time = times.normalised(first.createdAt) { transcript.meta["time"] = time }
            for tweet in tweets where tweet.inbound { transcript.notePersonal(tweet.author) }
            ready.append(transcript)
        }
    }
}
