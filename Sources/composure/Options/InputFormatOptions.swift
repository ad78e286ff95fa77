import ArgumentParser
import ComposureKit
import Foundation

extension InputFormat: ExpressibleByArgument {}

/// `--input-format` and the columns of a CSV of messages: how transcripts and helpdesk exports are read.
struct InputFormatOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The inputs' format: zendesk, intercom, freshdesk, twitter, csv, jsonl or text (default: detected).",
            discussion: """
                Detected from each file's extension and first bytes: .txt is a text transcript; .jsonl, \
                .ndjson and .json are Intercom with "conversation_parts", Freshdesk with "body_text", \
                "incoming" or "description_text", Zendesk with "plain_body", "html_body", or "requester_id" \
                beside "author_id" or "via", else Composure's JSONL; .csv is the Twitter corpus when its header is tweet_id,author_id,\
                inbound,created_at,text,response_tweet_id,in_response_to_tweet_id, else a CSV of messages \
                (which needs --csv-conversation, --csv-role and --csv-text). Standard input is detected from \
                its first line. See Docs/transcripts.md.
                """, valueName: "FORMAT"))
    var inputFormat: InputFormat?

    @Option(help: ArgumentHelp("A CSV of messages: the column of the conversation id.", valueName: "COLUMN"))
    var csvConversation: String?

    @Option(help: ArgumentHelp("A CSV of messages: the column saying who wrote it.", valueName: "COLUMN"))
    var csvRole: String?

    @Option(help: ArgumentHelp("A CSV of messages: the column of the message.", valueName: "COLUMN"))
    var csvText: String?

    @Option(help: ArgumentHelp("A CSV of messages: the column of the time sent.", valueName: "COLUMN"))
    var csvTime: String?

    @Option(help: ArgumentHelp("A CSV of messages: the column naming the agent.", valueName: "COLUMN"))
    var csvAgent: String?

    @Option(help: ArgumentHelp("A CSV of messages: the column naming the team.", valueName: "COLUMN"))
    var csvTeam: String?

    @Option(help: ArgumentHelp("A CSV of messages: the column naming the channel.", valueName: "COLUMN"))
    var csvChannel: String?

    @Option(
        help: ArgumentHelp(
            "Role values meaning the customer, comma-separated (default: customer,end-user,end_user,user,requester,contact).",
            valueName: "LIST"))
    var csvCustomerValues: String?

    @Option(
        help: ArgumentHelp(
            "Role values meaning an agent (default: agent,admin,staff,support).", valueName: "LIST"))
    var csvAgentValues: String?

    @Option(
        help: ArgumentHelp(
            "Role values meaning a bot, kept but not graded (default: bot,automation,system).", valueName: "LIST"))
    var csvBotValues: String?

    @Option(
        help: ArgumentHelp(
            "Role values meaning an internal note, kept but not graded (default: note,internal,internal_note,private).",
            valueName: "LIST"))
    var csvNoteValues: String?

    @Option(
        help: ArgumentHelp(
            "The Twitter corpus: a thread untouched for this many rows is complete (memory grows with it).",
            valueName: "ROWS"))
    var threadWindow = 20_000

    func validate() throws {
        if threadWindow < 1 { throw ValidationError("--thread-window must be at least 1") }
        let named = [csvConversation, csvRole, csvText].compactMap { $0 }
        if !named.isEmpty, named.count < 3 {
            throw ValidationError("a CSV of messages needs all of --csv-conversation, --csv-role and --csv-text")
        }
        let extras = [csvTime, csvAgent, csvTeam, csvChannel, csvCustomerValues, csvAgentValues, csvBotValues]
        if named.isEmpty, (extras + [csvNoteValues]).contains(where: { $0 != nil }) {
            throw ValidationError("--csv-* options need --csv-conversation, --csv-role and --csv-text")
        }
        if let inputFormat, inputFormat != .csv, !named.isEmpty {
            throw ValidationError("--csv-conversation and the other --csv-* options are for --input-format csv")
        }
    }

    /// The CSV columns the flags name, or nil when they name none.
    var csvColumns: CSVColumns? {
        guard let csvConversation, let csvRole, let csvText else { return nil }
        var columns = CSVColumns(
            conversation: csvConversation, role: csvRole, text: csvText, time: csvTime, agent: csvAgent,
            team: csvTeam, channel: csvChannel)
        func list(_ text: String?) -> [String]? {
            text.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        }
        columns.customerValues = list(csvCustomerValues) ?? columns.customerValues
        columns.agentValues = list(csvAgentValues) ?? columns.agentValues
        columns.botValues = list(csvBotValues) ?? columns.botValues
        columns.noteValues = list(csvNoteValues) ?? columns.noteValues
        return columns
    }

    /// The extensions a folder input is searched for, for `--out` protection.
    var folderExtensions: [String] {
        switch inputFormat {
        case .zendesk?, .intercom?, .freshdesk?: return [".json", ".jsonl", ".ndjson"]
        case .twitter?, .csv?: return [".csv"]
        case .text?: return [".txt"]
        case .jsonl?: return [".jsonl", ".ndjson"]
        case nil: return [".txt", ".jsonl", ".ndjson"]
        }
    }

    /// A source over `inputs` that reads as these options say.
    func source(_ inputs: [String]) -> TranscriptSource {
        let source = TranscriptSource(inputs: inputs)
        configure(source)
        return source
    }

    /// Sets `source` to read as these options say.
    func configure(_ source: TranscriptSource) {
        source.inputFormat = inputFormat
        source.csvColumns = csvColumns
        source.threadWindow = threadWindow
    }
}
