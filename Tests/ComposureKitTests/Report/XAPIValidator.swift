import Foundation

/// Checks a parsed statement against the xAPI 1.0.3 statement structure (Data, section 2.2 and 2.4).
///
/// Covers what this exporter writes and what a learning record store rejects: allowed and
/// required properties, actor identification, IRIs, UUIDs, language maps, score ranges,
/// ISO 8601 durations and timestamps, and extension keys. Each problem is one string.
enum XAPIValidator {
    static let topLevel: Set = [
        "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version",
        "attachments",
    ]
    static let agentProperties: Set = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"]
    static let identifiers = ["mbox", "mbox_sha1sum", "openid", "account"]
    static let activityProperties: Set = ["objectType", "id", "definition"]
    static let definitionProperties: Set = [
        "name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern",
        "choices", "scale", "source", "target", "steps",
    ]
    static let resultProperties: Set = ["score", "success", "completion", "response", "duration", "extensions"]
    static let contextProperties: Set = [
        "registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement",
        "extensions",
    ]

    static func problems(_ statement: [String: Any]) -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ problem: @autoclosure () -> String) {
            if !condition { problems.append(problem()) }
        }
        for key in statement.keys where !topLevel.contains(key) { problems.append("unknown property \(key)") }
        for key in ["actor", "verb", "object"] where statement[key] == nil { problems.append("missing \(key)") }
        if let id = statement["id"] { check(isUUID(id), "id is not a UUID: \(id)") }
        if let actor = statement["actor"] { problems += agent(actor, path: "actor") }
        if let verb = statement["verb"] {
            if let verb = verb as? [String: Any] {
                for key in verb.keys where key != "id" && key != "display" {
                    problems.append("unknown property verb.\(key)")
                }
                check(isIRI(verb["id"]), "verb.id is not an IRI")
                if let display = verb["display"] { problems += languageMap(display, path: "verb.display") }
            } else {
                problems.append("verb is not an object")
            }
        }
        if let object = statement["object"] { problems += activity(object) }
        if let result = statement["result"] { problems += self.result(result) }
        if let context = statement["context"] {
            if let context = context as? [String: Any] {
                for key in context.keys where !contextProperties.contains(key) {
                    problems.append("unknown property context.\(key)")
                }
                if let registration = context["registration"] {
                    check(isUUID(registration), "context.registration is not a UUID")
                }
                if let extensions = context["extensions"] {
                    problems += self.extensions(extensions, path: "context.extensions")
                }
            } else {
                problems.append("context is not an object")
            }
        }
        if let timestamp = statement["timestamp"] {
            check(isTimestamp(timestamp), "timestamp is not an ISO 8601 date-time with a zone: \(timestamp)")
        }
        return problems
    }

    static func agent(_ value: Any, path: String) -> [String] {
        guard let agent = value as? [String: Any] else { return ["\(path) is not an object"] }
        var problems: [String] = []
        for key in agent.keys where !agentProperties.contains(key) {
            problems.append("unknown property \(path).\(key)")
        }
        if let type = agent["objectType"], type as? String != "Agent" {
            problems.append("\(path).objectType is not Agent")
        }
        if let name = agent["name"], !(name is String) { problems.append("\(path).name is not a string") }
        let found = identifiers.filter { agent[$0] != nil }
        if found.count != 1 {
            problems.append("\(path) has \(found.count) inverse functional identifiers, not exactly 1")
        }
        if let account = agent["account"] {
            if let account = account as? [String: Any] {
                if !isIRI(account["homePage"]) { problems.append("\(path).account.homePage is not an IRL") }
                if !(account["name"] is String) { problems.append("\(path).account.name is not a string") }
                for key in account.keys where key != "homePage" && key != "name" {
                    problems.append("unknown property \(path).account.\(key)")
                }
            } else {
                problems.append("\(path).account is not an object")
            }
        }
        if let mbox = agent["mbox"], !((mbox as? String)?.hasPrefix("mailto:") ?? false) {
            problems.append("\(path).mbox is not a mailto IRI")
        }
        return problems
    }

    static func activity(_ value: Any) -> [String] {
        guard let object = value as? [String: Any] else { return ["object is not an object"] }
        var problems: [String] = []
        if let type = object["objectType"], type as? String != "Activity" {
            problems.append("object.objectType is not Activity")
        }
        for key in object.keys where !activityProperties.contains(key) {
            problems.append("unknown property object.\(key)")
        }
        if !isIRI(object["id"]) { problems.append("object.id is not an IRI") }
        if let definition = object["definition"] {
            guard let definition = definition as? [String: Any] else {
                return problems + ["object.definition is not an object"]
            }
            for key in definition.keys where !definitionProperties.contains(key) {
                problems.append("unknown property object.definition.\(key)")
            }
            for key in ["name", "description"] {
                if let map = definition[key] { problems += languageMap(map, path: "object.definition.\(key)") }
            }
            if let type = definition["type"], !isIRI(type) { problems.append("object.definition.type is not an IRI") }
            if let extensions = definition["extensions"] {
                problems += self.extensions(extensions, path: "object.definition.extensions")
            }
        }
        return problems
    }

    static func result(_ value: Any) -> [String] {
        guard let result = value as? [String: Any] else { return ["result is not an object"] }
        var problems: [String] = []
        for key in result.keys where !resultProperties.contains(key) {
            problems.append("unknown property result.\(key)")
        }
        for key in ["success", "completion"] where result[key] != nil && !isBoolean(result[key]) {
            problems.append("result.\(key) is not a boolean")
        }
        if let duration = result["duration"] {
            if !isDuration(duration) { problems.append("result.duration is not an ISO 8601 duration: \(duration)") }
        }
        if let extensions = result["extensions"] { problems += self.extensions(extensions, path: "result.extensions") }
        guard let scoreValue = result["score"] else { return problems }
        guard let score = scoreValue as? [String: Any] else { return problems + ["result.score is not an object"] }
        for key in score.keys where !["scaled", "raw", "min", "max"].contains(key) {
            problems.append("unknown property result.score.\(key)")
        }
        for key in score.keys where !isNumber(score[key]) { problems.append("result.score.\(key) is not a number") }
        let number = { (key: String) in (score[key] as? NSNumber)?.doubleValue }
        if let scaled = number("scaled"), !(-1...1).contains(scaled) {
            problems.append("result.score.scaled is outside [-1, 1]")
        }
        if let min = number("min"), let max = number("max"), min >= max {
            problems.append("result.score.min is not below max")
        }
        if let raw = number("raw") {
            if let min = number("min"), raw < min { problems.append("result.score.raw is below min") }
            if let max = number("max"), raw > max { problems.append("result.score.raw is above max") }
        }
        return problems
    }

    static func extensions(_ value: Any, path: String) -> [String] {
        guard let map = value as? [String: Any] else { return ["\(path) is not an object"] }
        return map.keys.filter { !isIRI($0) }.map { "\(path) key is not an IRI: \($0)" }
    }

    static func languageMap(_ value: Any, path: String) -> [String] {
        guard let map = value as? [String: Any] else { return ["\(path) is not a language map"] }
        var problems: [String] = []
        for (tag, text) in map {
            if tag.wholeMatch(of: /[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*/) == nil {
                problems.append("\(path) key is not an RFC 5646 language tag: \(tag)")
            }
            if !(text is String) { problems.append("\(path).\(tag) is not a string") }
        }
        return problems
    }

    // MARK: Value forms

    static func isBoolean(_ value: Any?) -> Bool {
        guard let number = value as? NSNumber else { return value is Bool }
        return String(cString: number.objCType) == "c"
    }

    static func isNumber(_ value: Any?) -> Bool {
        value is NSNumber && !isBoolean(value)
    }

    /// An absolute IRI (RFC 3987): a scheme, a colon, and no spaces, controls or characters IRIs forbid.
    static func isIRI(_ value: Any?) -> Bool {
        guard let text = value as? String, let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
            return false
        }
        let scheme = text[..<colon]
        guard scheme.first?.isASCII == true, scheme.first?.isLetter == true,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
            text.index(after: colon) < text.endIndex
        else { return false }
        return !text.unicodeScalars.contains {
            $0.value <= 0x20 || $0.value == 0x7F || "<>\"{}|\\^`".unicodeScalars.contains($0)
        }
    }

    /// `xxxxxxxx-xxxx-Mxxx-Nxxx-xxxxxxxxxxxx` with an RFC 4122 variant (N is 8, 9, a or b) and version 1–5.
    static func isUUID(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return text.wholeMatch(
            of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}/) != nil
    }

    /// An ISO 8601 duration such as `PT4M12S` or `P1DT2H`, with at least one part.
    static func isDuration(_ value: Any?) -> Bool {
        guard let text = value as? String, text != "P", !text.hasSuffix("T") else { return false }
        return text.wholeMatch(
            of:
                /P(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?/
        ) != nil
    }

    /// An ISO 8601 date-time with seconds and a zone (`Z` or `±hh:mm`).
    static func isTimestamp(_ value: Any?) -> Bool {
        guard let text = value as? String else { return false }
        return text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})/) != nil
    }
}
