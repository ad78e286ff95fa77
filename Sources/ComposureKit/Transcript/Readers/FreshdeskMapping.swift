/// A Freshdesk ticket with its conversations, as View a Ticket (`include=conversations`) gives it.
///
/// The ticket's `description_text` (or HTML `description`) is the requester's first message; each of
/// `conversations` is a reply or a note. A conversation that is `incoming`, or whose `user_id` is the
/// ticket's `requester_id`, is the customer's; any other is an agent's. A `private` one is an internal note.
struct FreshdeskMapping: HelpdeskMapping {
    static let listKeys = ["tickets"]
    static let recordName = "ticket"

    let times: TimeStamp

    /// Freshdesk's documented ticket `source` numbers, as channels.
    static func channel(source: Double?) -> String? {
        switch source.map(Int.init) {
        case 1?, 2?, 9?, 10?: return "email"
        case 3?: return "phone"
        case 7?: return "chat"
        case 5?, 6?: return "social"
        default: return nil
        }
    }

    func transcript(from record: JSONRecord, line: Int) throws(RecordError) -> Transcript {
        let id = try id(of: record)
        func fail(_ message: String) -> RecordError { RecordError(message: "ticket \(id): \(message)", id: id) }
        let requester = record.string("requester_id")
        var transcript = Transcript(id: id, turns: [])
        transcript.notePersonal(requester)
        if let person = record.object("requester") {
            transcript.notePersonal(person.string("name"))
            transcript.notePersonal(person.string("email"))
            transcript.notePersonal(person.string("phone"))
        }
        func text(_ item: JSONRecord) -> String? {
            if let plain = item.string("body_text") ?? item.string("description_text") {
                return HTMLText.withoutQuotedHistory(plain).trimmingTrailingWhitespace()
            }
            return (item.string("body") ?? item.string("description")).map(HTMLText.plainText(fromHTML:))
        }
        if let description = text(record), !description.allSatisfy(\.isWhitespace) {
            transcript.turns.append(Turn(role: .customer, text: description, line: line))
        }
        var firstAgent: String?
        for (index, item) in (record.array("conversations") ?? []).enumerated() {
            guard let conversation = JSONRecord(item) else {
                throw fail("conversation \(index + 1) must be an object")
            }
            guard let body = text(conversation) else {
                throw fail("conversation \(index + 1) has no \"body_text\" or \"body\"")
            }
            guard !body.allSatisfy(\.isWhitespace) else { continue }
            guard let incoming = conversation.bool("incoming") else {
                throw fail("conversation \(index + 1) has no \"incoming\" true or false")
            }
            let author = conversation.string("user_id")
            let role: Role = incoming || (author != nil && author == requester) ? .customer : .agent
            let origin: TurnOrigin = conversation.bool("private") == true ? .internalNote : .person
            if role == .customer {
                transcript.notePersonal(conversation.string("from_email"))
            } else if origin == .person, firstAgent == nil {
                firstAgent = author
            }
            transcript.turns.append(Turn(role: role, text: body, line: line, origin: origin))
        }
        guard !transcript.turns.isEmpty else { throw fail("no description and no conversation with text") }
        transcript.channel = Self.channel(source: record.number("source"))
        if let agent = record.string("responder_id") ?? firstAgent { transcript.meta["agent"] = agent }
        if let team = record.string("group_id") { transcript.meta["team"] = team }
        if let time = record.string("created_at").flatMap(times.normalised) { transcript.meta["time"] = time }
        if let subject = record.string("subject") { transcript.meta["subject"] = subject }
        return transcript
    }
}
