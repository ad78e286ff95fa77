/// An Intercom conversation, as the Retrieve a Conversation API gives it.
///
/// The conversation's `source` is its first message; `conversation_parts.conversation_parts` are the rest.
/// An author of `type` `user`, `lead` or `contact` is the customer; `admin` and `team` are agents; `bot` is
/// an agent's bot, kept as a bot turn (so is a part an AI agent sent, `from_ai_agent`). A part of
/// `part_type` `note` is an internal note. Parts without a body (assignments, open, close) are left out.
struct IntercomMapping: HelpdeskMapping {
    static let listKeys = ["conversations"]
    static let recordName = "conversation"

    let times: TimeStamp

    func transcript(from record: JSONRecord, line: Int) throws(RecordError) -> Transcript {
        let id = try id(of: record)
        func fail(_ message: String) -> RecordError {
            RecordError(message: "conversation \(id): \(message)", id: id)
        }
        var transcript = Transcript(id: id, turns: [])
        var firstAgent: String?
        /// Adds one message (the source or a part); `what` names it in errors.
        func add(_ part: JSONRecord, _ what: String) throws(RecordError) {
            guard let body = part.string("body"), !body.isEmpty else { return }
            guard let author = part.object("author"), let type = author.string("type")?.lowercased() else {
                throw fail("\(what) has no \"author\" with a \"type\"")
            }
            let role: Role
            var origin = TurnOrigin.person
            switch type {
            case "user", "lead", "contact":
                role = .customer
                transcript.notePersonal(author.string("id"))
                transcript.notePersonal(author.string("name"))
                transcript.notePersonal(author.string("email"))
            case "admin", "team": role = .agent
            case "bot":
                role = .agent
                origin = .bot
            default:
                throw fail("\(what) has author type \"\(type)\"; expected user, lead, contact, admin, team or bot")
            }
            if author.bool("from_ai_agent") == true || author.bool("is_ai_answer") == true { origin = .bot }
            if part.string("part_type") == "note" { origin = .internalNote }
            let text = HTMLText.plainText(fromHTML: body)
            guard !text.allSatisfy(\.isWhitespace) else { return }
            if role == .agent, origin == .person, firstAgent == nil {
                firstAgent = author.string("name") ?? author.string("id")
            }
            transcript.turns.append(Turn(role: role, text: text, line: line, origin: origin))
        }
        if let source = record.object("source") {
            try add(source, "the source message")
            transcript.channel = ChannelName.from(source.string("type"))
        }
        let parts =
            record.object("conversation_parts")?.array("conversation_parts")
            ?? record.array("conversation_parts") ?? []
        for (index, item) in parts.enumerated() {
            guard let part = JSONRecord(item) else { throw fail("conversation part \(index + 1) must be an object") }
            try add(part, "conversation part \(index + 1)")
        }
        guard !transcript.turns.isEmpty else { throw fail("neither the source nor any part has a body") }
        for contact in record.object("contacts")?.array("contacts") ?? [] {
            transcript.notePersonal(JSONRecord(contact)?.string("id"))
            transcript.notePersonal(JSONRecord(contact)?.string("external_id"))
        }
        if let agent = firstAgent ?? record.string("admin_assignee_id") { transcript.meta["agent"] = agent }
        if let team = record.string("team_assignee_id") { transcript.meta["team"] = team }
        if let seconds = record.number("created_at") {
            transcript.meta["time"] = times.normalised(unixSeconds: seconds)
        }
        if let title = record.string("title") { transcript.meta["subject"] = title }
        return transcript
    }
}
