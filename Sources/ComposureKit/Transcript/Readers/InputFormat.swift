import Foundation

/// The layout a transcript file is in: Composure's own, a helpdesk's export, or a CSV of messages.
public enum InputFormat: String, Sendable, Hashable, CaseIterable {
    /// Zendesk tickets with their `comments` (JSONL, one ticket a line, or a JSON document).
    case zendesk
    /// Intercom conversations with their `conversation_parts`.
    case intercom
    /// Freshdesk tickets with their `conversations`.
    case freshdesk
    /// The Twitter customer-support corpus CSV (`tweet_id,author_id,inbound,...`).
    case twitter
    /// A CSV with one message a row, its columns named by ``CSVColumns``.
    case csv
    /// Composure's JSONL, one conversation a line.
    case jsonl
    /// Composure's text transcript, one conversation a file.
    case text

    /// The extensions a folder is searched for when this format is asked for.
    var folderExtensions: [String] {
        switch self {
        case .zendesk, .intercom, .freshdesk: return [".json", ".jsonl", ".ndjson"]
        case .twitter, .csv: return [".csv"]
        case .jsonl: return [".jsonl", ".ndjson"]
        case .text: return [".txt"]
        }
    }

    /// The Twitter corpus's header, which tells its CSV from any other.
    static let twitterHeader = [
        "tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id",
    ]

    /// The format of the file at `path`, from its extension and its first bytes (up to 64 KiB are read).
    ///
    /// `.csv` is the Twitter corpus when its header is the corpus's, else a CSV of messages; `.json`,
    /// `.jsonl` and `.ndjson` are a helpdesk export when the first record has the vendor's fields
    /// (`conversation_parts` for Intercom, `body_text`, `incoming` or `description_text` for Freshdesk,
    /// `requester_id` with `author_id` or `via`, or a `plain_body` or `html_body`, for Zendesk), else
    /// Composure's JSONL; anything else is a text transcript.
    public static func detect(path: String) -> InputFormat {
        let lowered = path.lowercased()
        let isCSV = lowered.hasSuffix(".csv")
        let isJSON = lowered.hasSuffix(".json") || lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson")
        guard isCSV || isJSON else { return .text }
        guard let handle = FileHandle(forReadingAtPath: path) else { return isCSV ? .csv : .jsonl }
        defer { try? handle.close() }
        let prefix = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        return isCSV ? detectCSV(prefix) : detectJSON(prefix) ?? .jsonl
    }

    /// The Twitter corpus when the first line is its header, else a CSV of messages.
    static func detectCSV<Bytes: Collection<UInt8>>(_ prefix: Bytes) -> InputFormat {
        let text = TextFile.decode(prefix)
        let header = text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        let names = header.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return names == twitterHeader ? .twitter : .csv
    }

    /// A helpdesk format when the first bytes hold its distinctive keys; nil when none is seen.
    static func detectJSON<Bytes: Collection<UInt8>>(_ prefix: Bytes) -> InputFormat? {
        let bytes = Array(prefix)[...]
        func has(_ key: String) -> Bool { TranscriptSource.count(of: Array("\"\(key)\"".utf8), in: bytes) > 0 }
        if has("conversation_parts") { return .intercom }
        if has("body_text") || has("incoming") || has("description_text") { return .freshdesk }
        // A ticket's `via` is Zendesk's own: an incremental export without comments is still Zendesk's, so its
        // tickets are reported as such rather than as broken JSONL.
        if has("plain_body") || has("html_body") || (has("requester_id") && (has("author_id") || has("via"))) {
            return .zendesk
        }
        return nil
    }
}
