/// Who said a line.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    case customer
    case agent
}

/// Where a line came from besides its role: a person, an automated reply, or a note the customer never saw.
public enum TurnOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    /// Written by the customer or an agent, and seen by the other side.
    case person
    /// Sent by a bot or an automation (an Intercom `bot` part, an auto-reply).
    case bot
    /// An internal note (a Zendesk private comment, a Freshdesk `private` note): the customer never saw it.
    case internalNote = "internal_note"
}

/// One line of a conversation.
public struct Turn: Sendable, Hashable {
    /// Who said it.
    public var role: Role
    /// What was said, as typed.
    public var text: String
    /// The line of the source file where the turn starts, when read from a file.
    public var line: Int?
    /// Whether a person wrote it for the other side to read; criteria judge only those.
    public var origin: TurnOrigin

    /// Creates a turn.
    public init(role: Role, text: String, line: Int? = nil, origin: TurnOrigin = .person) {
        self.role = role
        self.text = text
        self.line = line
        self.origin = origin
    }
}

/// A conversation between a customer and an agent, from a file, a helpdesk export or `play`.
public struct Transcript: Sendable, Hashable {
    /// A stable id: the JSONL `id`, or the file name for text transcripts.
    public var id: String
    /// The channel (`public_review`, `social`, `phone`, `email`, `chat`, `in_store`), if known.
    public var channel: String?
    /// Other header fields and JSONL `meta`: scenario, trainee, date, facts such as `company_at_fault`.
    public var meta: [String: String]
    /// The turns in order.
    public var turns: [Turn]
    /// Where the transcript was read from (file and first line), for messages.
    public var source: SourceLocation?
    /// Names, e-mail addresses and ids an export gives for the people in it (the requester's name, a user id):
    /// redaction hides them wherever they appear, beside the patterns it finds by itself.
    public var personalData: [String] = []

    /// Creates a transcript.
    public init(
        id: String, channel: String? = nil, meta: [String: String] = [:], turns: [Turn], source: SourceLocation? = nil
    ) {
        self.id = id
        self.channel = channel
        self.meta = meta
        self.turns = turns
        self.source = source
    }

    /// The UTF-8 bytes of its id, channel, meta and turns: about what holding it costs, for bounding
    /// how many are read ahead.
    var byteCount: Int {
        var count = id.utf8.count + (channel?.utf8.count ?? 0)
        for (key, value) in meta { count += key.utf8.count + value.utf8.count }
        for turn in turns { count += turn.text.utf8.count + 16 }
        return count
    }

    /// Whether the fact `name` is stated as true (`yes`, `true`, `1`).
    public func fact(_ name: String) -> Bool {
        guard let value = meta[name]?.lowercased() else { return false }
        return ["yes", "true", "1", "y"].contains(value)
    }
}
