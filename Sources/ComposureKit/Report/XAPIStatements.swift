import Foundation

/// The `xapi` report: one xAPI 1.0.3 statement per scored session, as one JSON array.
///
/// Verbs: `passed` when the score is at least 70 and no fatal mistake capped it, `failed`
/// otherwise, and `completed` (no `success`, `completion` false) for an abandoned session
/// that was scored anyway. Statement ids are name-based UUIDs of the session's id and
/// start time, so exporting again gives the same ids. `Docs/reports.md` has the mapping.
struct XAPIStatements {
    /// The home of every IRI this export mints; `.invalid` never resolves, by RFC 2606.
    static let home = "https://composure.invalid"
    /// The score from which a finished, uncapped session passes.
    static let passMark = 70
    /// Names statement ids, so they do not collide with other name-based UUIDs.
    static let namespace = NameBasedUUID.uuid(namespace: NameBasedUUID.urlNamespace, name: home + "/xapi/statements")

    func render(_ data: ReportData) -> String {
        let statements = data.sessions.compactMap(statement)
        return statements.isEmpty ? "[]\n" : "[\n" + statements.joined(separator: ",\n") + "\n]\n"
    }

    /// The statement id of a session.
    static func id(_ session: SessionSummary) -> String {
        NameBasedUUID.string(namespace: namespace, name: "\(session.id)@\(ReportFigures.timestamp(session.startedAt))")
    }

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

    /// The verb and `success` for a scored session (`success` nil for `completed`).
    static func verdict(_ session: SessionSummary, score: Int) -> (verb: String, success: Bool?) {
        if session.outcome == .abandoned { return ("completed", nil) }
        return score >= passMark && !session.capped ? ("passed", true) : ("failed", false)
    }

    private func statement(_ session: SessionSummary) -> String? {
        guard let score = session.score else { return nil }
        let (verb, success) = Self.verdict(session, score: score)
        var json = JSONWriter()
        json.beginObject()
        json.field("id", Self.id(session))
        json.beginObject("actor")
        json.field("objectType", "Agent")
        json.field("name", TerminalText.sanitised(session.trainee))
        json.beginObject("account")
        json.field("homePage", Self.home)
        json.field("name", session.trainee)
        json.endObject()
        json.endObject()
        json.beginObject("verb")
        json.field("id", "http://adlnet.gov/expapi/verbs/" + verb)
        json.beginObject("display")
        json.field("en-US", verb)
        json.endObject()
        json.endObject()
        json.beginObject("object")
        json.field("objectType", "Activity")
        json.field("id", Self.home + "/scenarios/" + Self.percentEncoded(session.scenarioID))
        json.beginObject("definition")
        json.beginObject("name")
        json.field("en-US", TerminalText.sanitised(session.scenarioTitle))
        json.endObject()
        json.field("type", "http://adlnet.gov/expapi/activities/simulation")
        json.endObject()
        json.endObject()
        result(session, score: score, success: success, into: &json)
        json.beginObject("context")
        json.beginObject("extensions")
        json.field(Self.home + "/xapi/rubric", session.rubricID)
        json.field(Self.home + "/xapi/rubric-hash", session.rubricHash)
        json.field(Self.home + "/xapi/outcome", session.outcome.rawValue)
        json.field(Self.home + "/xapi/session", Int(session.id))
        json.endObject()
        json.endObject()
        json.field("timestamp", ReportFigures.timestamp(session.endedAt ?? session.startedAt))
        json.endObject()
        return json.text
    }

    private func result(_ session: SessionSummary, score: Int, success: Bool?, into json: inout JSONWriter) {
        // Scores are 0–100 by contract; clamped so one bad row cannot make the whole array invalid.
        let raw = min(100, max(0, score))
        json.beginObject("result")
        json.beginObject("score")
        json.key("scaled")
        json.value(Double(raw) / 100)
        json.field("raw", raw)
        json.field("min", 0)
        json.field("max", 100)
        json.endObject()
        if let success { json.field("success", success) }
        json.field("completion", session.outcome != .abandoned)
        if let ended = session.endedAt {
            json.field("duration", Self.duration(ended.timeIntervalSince(session.startedAt)))
        }
        if !session.criteria.isEmpty {
            json.beginObject("extensions")
            for criterion in session.criteria {
                json.beginObject(Self.home + "/xapi/criterion/" + Self.percentEncoded(criterion.id))
                json.field("verdict", criterion.verdict.rawValue)
                if let score = criterion.score { json.field("score", score) }
                json.endObject()
            }
            json.endObject()
        }
        json.endObject()
    }
}
