import Foundation
import Testing

/// A way to break a valid statement, and the words the validator's complaint must contain.
struct XAPIValidatorCase: Sendable, CustomTestStringConvertible {
    var name: String
    var expected: String
    var change: @Sendable (inout [String: Any]) -> Void

    var testDescription: String { name }

    /// Sets `value` at the dotted `path` of `statement`, creating nothing that is missing.
    static func set(_ path: String, _ value: Any?, in statement: inout [String: Any]) {
        let keys = path.split(separator: ".").map(String.init)
        func update(_ object: [String: Any], _ keys: ArraySlice<String>) -> [String: Any] {
            var object = object
            guard let key = keys.first else { return object }
            if keys.count == 1 {
                object[key] = value
            } else if let child = object[key] as? [String: Any] {
                object[key] = update(child, keys.dropFirst())
            }
            return object
        }
        statement = update(statement, keys[...])
    }

    static func setting(_ name: String, _ path: String, to value: Any?, expect expected: String) -> Self {
        // Values here are plain strings, numbers and dictionaries of them.
        nonisolated(unsafe) let value = value
        return Self(name: name, expected: expected) { set(path, value, in: &$0) }
    }

    static let all: [Self] = [
        setting("no actor", "actor", to: nil, expect: "missing actor"),
        setting("no verb", "verb", to: nil, expect: "missing verb"),
        setting("no object", "object", to: nil, expect: "missing object"),
        setting("unknown top-level property", "score", to: 72, expect: "unknown property score"),
        setting("id not a UUID", "id", to: "session-1", expect: "not a UUID"),
        setting("id of the wrong variant", "id", to: "886313e1-3b8a-5372-1b90-0c9aee199e5d", expect: "not a UUID"),
        setting("two identifiers", "actor.mbox", to: "mailto:ann@example.com", expect: "not exactly 1"),
        setting("no identifier", "actor.account", to: nil, expect: "not exactly 1"),
        setting("account without a home page", "actor.account.homePage", to: nil, expect: "homePage is not an IRL"),
        setting("actor of another type", "actor.objectType", to: "Person", expect: "not Agent"),
        setting("verb id not an IRI", "verb.id", to: "passed", expect: "verb.id is not an IRI"),
        setting("verb id with a space", "verb.id", to: "http://x/ passed", expect: "verb.id is not an IRI"),
        setting("display not a map", "verb.display", to: "passed", expect: "not a language map"),
        setting("display with a bad tag", "verb.display", to: ["en_US": "passed"], expect: "language tag"),
        setting("object id not an IRI", "object.id", to: "garadget-reviewer", expect: "object.id is not an IRI"),
        setting("name not a map", "object.definition.name", to: "Title", expect: "not a language map"),
        setting("scaled above 1", "result.score.scaled", to: 1.5, expect: "outside [-1, 1]"),
        setting("scaled below -1", "result.score.scaled", to: -2, expect: "outside [-1, 1]"),
        setting("raw above max", "result.score.raw", to: 101, expect: "raw is above max"),
        setting("raw below min", "result.score.raw", to: -1, expect: "raw is below min"),
        setting("min not below max", "result.score.min", to: 100, expect: "min is not below max"),
        setting("raw as text", "result.score.raw", to: "72", expect: "raw is not a number"),
        setting("success as text", "result.success", to: "true", expect: "success is not a boolean"),
        setting("success as a number", "result.success", to: 1, expect: "success is not a boolean"),
        setting("duration without P", "result.duration", to: "4M12S", expect: "not an ISO 8601 duration"),
        setting("duration in seconds", "result.duration", to: "252", expect: "not an ISO 8601 duration"),
        setting("empty duration", "result.duration", to: "PT", expect: "not an ISO 8601 duration"),
        setting("unknown result property", "result.passed", to: true, expect: "unknown property result.passed"),
        setting("extension key not an IRI", "result.extensions", to: ["empathy": 1], expect: "key is not an IRI"),
        setting("context key not an IRI", "context.extensions", to: ["rubric": "core"], expect: "key is not an IRI"),
        setting("timestamp without a zone", "timestamp", to: "2025-02-03T09:04:12", expect: "timestamp"),
        setting("timestamp as a date", "timestamp", to: "2025-02-03", expect: "timestamp"),
    ]
}
