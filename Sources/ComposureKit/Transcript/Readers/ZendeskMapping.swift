/// A Zendesk ticket with its comments, as the Tickets and Ticket Comments APIs give them.
///
/// A record is a ticket object with a `comments` array (`{"id": 35436, "requester_id": 20978392, ...,
/// "comments": [...]}`), or `{"ticket": {...}, "comments": [...]}` (a Show Ticket response beside a List
/// Comments response). A comment by the ticket's `requester_id` is the customer's; any other author is an
/// agent. A comment with `"public": false` is an internal note; one sent through a trigger, an automation or
/// the answer bot (`via.channel` `rule`, `answer_bot...`) is a bot's.
struct ZendeskMapping: HelpdeskMapping {
    static let listKeys = ["tickets"]
    static let recordName = "ticket"

    /// `via.channel` values of comments no person wrote.
    static let botChannels: Set<String> = [
        "rule", "answer_bot", "answer_bot_for_agents", "answer_bot_for_sdk", "answer_bot_for_slack",
        "answer_bot_for_web_widget", "answer_bot_api", "automation",
    ]

    let times: TimeStamp

    func transcript(from record: JSONRecord, line: Int) throws(RecordError) -> Transcript {
        let ticket = record.object("ticket") ?? record
        let id = try id(of: ticket)
        func fail(_ message: String) -> RecordError { RecordError(message: "ticket \(id): \(message)", id: id) }
        guard let comments = record.array("comments") ?? ticket.array("comments") else {
            throw fail(
                "no \"comments\" array (the incremental export lists tickets without comments: add each "
                    + "ticket's comments from the Ticket Comments API)")
        }
        guard let requester = ticket.string("requester_id") else {
            throw fail("no \"requester_id\", so the customer's comments cannot be told from the agents'")
        }
        var transcript = Transcript(id: id, turns: [])
        transcript.notePersonal(requester)
        if let person = ticket.object("requester") {
            transcript.notePersonal(person.string("name"))
            transcript.notePersonal(person.string("email"))
        }
        let via = ticket.object("via")
        if let from = via?.object("source")?.object("from") {
            transcript.notePersonal(from.string("name"))
            transcript.notePersonal(from.string("address"))
        }
        transcript.channel = ChannelName.from(via?.string("channel"))
        var firstAgent: String?
        var firstTime: String?
        for (index, item) in comments.enumerated() {
            guard let comment = JSONRecord(item) else { throw fail("comment \(index + 1) must be an object") }
            guard let author = comment.string("author_id") else {
                throw fail("comment \(index + 1) has no \"author_id\"")
            }
            let text: String
            if let html = comment.string("html_body") {
                text = HTMLText.plainText(fromHTML: html)
            } else if let plain = comment.string("plain_body") ?? comment.string("body") {
                text = HTMLText.withoutQuotedHistory(plain).trimmingTrailingWhitespace()
            } else {
                throw fail("comment \(index + 1) has no \"html_body\", \"plain_body\" or \"body\"")
            }
            if firstTime == nil { firstTime = comment.string("created_at").flatMap(times.normalised) }
            // A comment of attachments only has no words to grade.
            if text.allSatisfy(\.isWhitespace) { continue }
            let role: Role = author == requester ? .customer : .agent
            var origin = TurnOrigin.person
            if comment.bool("public") == false { origin = .internalNote }
            if let channel = comment.object("via")?.string("channel"), Self.botChannels.contains(channel) {
                origin = .bot
            }
            if role == .agent, origin == .person, firstAgent == nil { firstAgent = author }
            transcript.turns.append(Turn(role: role, text: text, line: line, origin: origin))
        }
        guard !transcript.turns.isEmpty else { throw fail("no comment has any text") }
        if let agent = ticket.string("assignee_id") ?? firstAgent { transcript.meta["agent"] = agent }
        if let team = ticket.string("group_id") { transcript.meta["team"] = team }
        if let time = ticket.string("created_at").flatMap(times.normalised) ?? firstTime {
            transcript.meta["time"] = time
        }
        if let subject = ticket.string("subject") { transcript.meta["subject"] = subject }
        return transcript
    }
}
