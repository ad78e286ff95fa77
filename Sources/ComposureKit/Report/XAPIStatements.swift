import Foundation

/// The `xapi` report: xAPI 1.0.3 statements for played sessions and graded conversations, as one JSON array.
///
/// Verbs follow cmi5's vocabulary and its rules on `result`: a finished session is `completed`
/// (`completion` true) and, when scored, `passed` or `failed` (`success`, the score, cmi5's
/// `masteryscore`) against its rubric's `pass_mark`; a fatal mistake always fails. An abandoned
/// session is `abandoned` (ADL's verb, the one cmi5 uses), with neither score, success nor completion,
/// so no LMS counts it as done. A graded conversation is `passed` or `failed` by its agent.
/// Statement ids are name-based UUIDs of what the statement is about, under a namespace minted
/// from the IRI base, so exporting again gives the same ids. `Docs/xapi.md` has the mapping.
struct XAPIStatements {
    /// Names, identities and pass marks.
    var options = XAPIOptions()

    /// The verbs used, by their last path segment.
    enum Verb: String {
        case completed, passed, failed, abandoned

        /// The verb's IRI: ADL's, as cmi5 lists them.
        var id: String {
            self == .abandoned
                ? "https://w3id.org/xapi/adl/verbs/abandoned" : "http://adlnet.gov/expapi/verbs/" + rawValue
        }
    }

    /// cmi5's context extension for the pass mark as a scaled score.
    static let masteryScore = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
    /// The account name of a conversation's actor when the export named no agent.
    static let unattributed = "(unattributed)"

    /// Every statement as one JSON array, sessions first.
    func render(_ data: ReportData, conversations: [GradedConversation] = []) -> String {
        let statements = statements(data.sessions, conversations: conversations)
        return statements.isEmpty ? "[]\n" : "[\n" + statements.joined(separator: ",\n") + "\n]\n"
    }

    /// Each statement as JSON text: a session's, then a batch's conversations.
    func statements(_ sessions: [SessionSummary], conversations: [GradedConversation]) -> [String] {
        sessions.flatMap(statements) + conversations.map(statement)
    }

    /// Names statement ids and registrations; default-base ids are those of earlier versions.
    var namespace: UUID {
        NameBasedUUID.uuid(namespace: NameBasedUUID.urlNamespace, name: options.base + "/xapi/statements")
    }

    /// The id of a session's `passed`, `failed` or `abandoned` statement.
    func id(_ session: SessionSummary) -> String {
        NameBasedUUID.string(namespace: namespace, name: "\(session.id)@\(ReportFigures.timestamp(session.startedAt))")
    }

    /// The verbs a session's statements carry, in order, and the `success` of the scored one.
    func verdicts(_ session: SessionSummary) -> [(verb: Verb, success: Bool?)] {
        if session.outcome == .abandoned { return [(.abandoned, nil)] }
        guard let score = session.score else { return [(.completed, nil)] }
        let passed = score >= options.passMark(ofRubric: session.rubricID) && !session.capped
        return [(.completed, nil), passed ? (.passed, true) : (.failed, false)]
    }

    private func statements(_ session: SessionSummary) -> [String] {
        let registration = NameBasedUUID.string(
            namespace: namespace, name: "session:\(session.id)@\(ReportFigures.timestamp(session.startedAt))")
        return verdicts(session).map { verb, success in
            var json = JSONWriter()
            json.beginObject()
            json.field(
                "id",
                verb == .completed
                    ? NameBasedUUID.string(namespace: namespace, name: id(session) + "#completed") : id(session))
            actor(session.trainee, into: &json)
            self.verb(verb, into: &json)
            activity(
                id: iri("scenarios", session.scenarioID), name: TerminalText.sanitised(session.scenarioTitle),
                type: "http://adlnet.gov/expapi/activities/simulation", into: &json)
            json.beginObject("result")
            if verb == .passed || verb == .failed, let score = session.score { self.score(score, into: &json) }
            if let success { json.field("success", success) }
            if verb == .completed { json.field("completion", true) }
            if let ended = session.endedAt {
                json.field("duration", Self.duration(ended.timeIntervalSince(session.startedAt)))
            }
            criteria(session.criteria, into: &json)
            json.endObject()
            json.beginObject("context")
            json.field("registration", registration)
            contextActivities(rubric: session.rubricID, into: &json)
            json.beginObject("extensions")
            if success != nil { mastery(session.rubricID, into: &json) }
            json.field(options.base + "/xapi/rubric", session.rubricID)
            json.field(options.base + "/xapi/rubric-hash", session.rubricHash)
            json.field(options.base + "/xapi/outcome", session.outcome.rawValue)
            json.field(options.base + "/xapi/session", Int(session.id))
            json.endObject()
            json.endObject()
            json.field("timestamp", ReportFigures.timestamp(session.endedAt ?? session.startedAt))
            json.endObject()
            return json.text
        }
    }

    private func statement(_ conversation: GradedConversation) -> String {
        let passed = conversation.score >= options.passMark(ofRubric: conversation.rubricID) && !conversation.capped
        var json = JSONWriter()
        json.beginObject()
        json.field(
            "id",
            NameBasedUUID.string(
                namespace: namespace,
                name: "conversation:\(conversation.rubricHash):\(conversation.contentHash):\(conversation.externalID)"))
        actor(conversation.agent ?? Self.unattributed, into: &json)
        verb(passed ? .passed : .failed, into: &json)
        activity(
            id: iri("conversations", conversation.externalID),
            name: "Conversation " + TerminalText.sanitised(conversation.externalID),
            type: "http://adlnet.gov/expapi/activities/assessment", into: &json)
        json.beginObject("result")
        score(conversation.score, into: &json)
        json.field("success", passed)
        criteria(conversation.criteria, into: &json)
        json.endObject()
        json.beginObject("context")
        contextActivities(rubric: conversation.rubricID, batch: conversation.batchID, into: &json)
        json.beginObject("extensions")
        mastery(conversation.rubricID, into: &json)
        json.field(options.base + "/xapi/rubric", conversation.rubricID)
        json.field(options.base + "/xapi/rubric-hash", conversation.rubricHash)
        json.field(options.base + "/xapi/batch", Int(conversation.batchID))
        if let channel = conversation.channel { json.field(options.base + "/xapi/channel", channel) }
        json.endObject()
        json.endObject()
        json.field("timestamp", ReportFigures.timestamp(conversation.gradedAt))
        json.endObject()
        return json.text
    }

    // MARK: Parts

    /// `base/kind/id`, the id percent-encoded as one path segment.
    private func iri(_ kind: String, _ id: String) -> String {
        options.base + "/" + kind + "/" + Self.percentEncoded(id)
    }

    /// The person: by `mbox` when the map names them, else by an account on ``XAPIOptions/homePage``.
    private func actor(_ name: String, into json: inout JSONWriter) {
        json.beginObject("actor")
        json.field("objectType", "Agent")
        json.field("name", TerminalText.sanitised(name))
        if let mailbox = options.mailboxes[name] {
            json.field("mbox", mailbox)
        } else {
            json.beginObject("account")
            json.field("homePage", options.homePage)
            json.field("name", name)
            json.endObject()
        }
        json.endObject()
    }

    private func verb(_ verb: Verb, into json: inout JSONWriter) {
        json.beginObject("verb")
        json.field("id", verb.id)
        json.beginObject("display")
        json.field("en-US", verb.rawValue)
        json.endObject()
        json.endObject()
    }

    private func activity(id: String, name: String, type: String, into json: inout JSONWriter) {
        json.beginObject("object")
        json.field("objectType", "Activity")
        json.field("id", id)
        json.beginObject("definition")
        json.beginObject("name")
        json.field("en-US", name)
        json.endObject()
        json.field("type", type)
        json.endObject()
        json.endObject()
    }

    private func score(_ score: Int, into json: inout JSONWriter) {
        // Scores are 0–100 by contract; clamped so one bad row cannot make the whole array invalid.
        let raw = min(100, max(0, score))
        json.beginObject("score")
        json.key("scaled")
        json.value(Double(raw) / 100)
        json.field("raw", raw)
        json.field("min", 0)
        json.field("max", 100)
        json.endObject()
    }

    private func criteria(_ criteria: [CriterionVerdict], into json: inout JSONWriter) {
        guard !criteria.isEmpty else { return }
        json.beginObject("extensions")
        for criterion in criteria {
            json.beginObject(iri("xapi/criterion", criterion.id))
            json.field("verdict", criterion.verdict.rawValue)
            if let score = criterion.score { json.field("score", score) }
            json.endObject()
        }
        json.endObject()
    }

    /// The statement's context activities: the rubric as `grouping` (every statement graded by it, together: it
    /// relates to the object only through the grading), and for a conversation its batch as `parent` (the
    /// conversation is one of the batch's: a direct relation, as a question's quiz in the xAPI specification).
    ///
    /// A session's object is the scenario itself, so the scenario is not repeated here: an LRS's
    /// `related_activities` query finds a statement by its object as by its context activities.
    private func contextActivities(rubric: String, batch: Int64? = nil, into json: inout JSONWriter) {
        json.beginObject("contextActivities")
        if let batch {
            json.beginArray("parent")
            contextActivity(
                id: iri("batches", String(batch)), name: "Graded batch \(batch)",
                type: "http://adlnet.gov/expapi/activities/assessment", into: &json)
            json.endArray()
        }
        json.beginArray("grouping")
        contextActivity(
            id: iri("rubrics", rubric), name: "Rubric " + TerminalText.sanitised(rubric),
            type: "http://id.tincanapi.com/activitytype/rubric", into: &json)
        json.endArray()
        json.endObject()
    }

    private func contextActivity(id: String, name: String, type: String, into json: inout JSONWriter) {
        json.beginObject()
        json.field("objectType", "Activity")
        json.field("id", id)
        json.beginObject("definition")
        json.beginObject("name")
        json.field("en-US", name)
        json.endObject()
        json.field("type", type)
        json.endObject()
        json.endObject()
    }

    private func mastery(_ rubric: String, into json: inout JSONWriter) {
        json.key(Self.masteryScore)
        json.value(Double(options.passMark(ofRubric: rubric)) / 100)
    }

    // MARK: Text

    /// `text` with everything but RFC 3986 unreserved characters percent-encoded, for a path segment.
    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    /// Whole seconds as an ISO 8601 duration: `PT4M12S`, `PT1H0M5S`, `PT0S`.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded()))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        if hours > 0 { return "PT\(hours)H\(minutes)M\(rest)S" }
        if minutes > 0 { return "PT\(minutes)M\(rest)S" }
        return "PT\(rest)S"
    }
}

extension ReportRenderer {
    /// The `xapi` report with `options`, the graded `conversations` after the sessions.
    package static func xapi(
        _ data: ReportData, conversations: [GradedConversation], options: XAPIOptions
    ) -> String {
        XAPIStatements(options: options).render(data, conversations: conversations)
    }

    /// Each xAPI statement of the report as JSON text, for sending in chunks.
    package static func xapiStatements(
        _ data: ReportData, conversations: [GradedConversation], options: XAPIOptions
    ) -> [String] {
        XAPIStatements(options: options).statements(data.sessions, conversations: conversations)
    }
}
