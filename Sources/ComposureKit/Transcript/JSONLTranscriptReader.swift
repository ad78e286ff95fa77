import Foundation

/// Reads the JSONL transcript format: one conversation per line.
///
/// `{"id": "c1", "channel": "social", "meta": {...}, "turns": [{"role": "customer", "text": "..."}]}`
public enum JSONLTranscript {
    /// Parses one line; `file` and `line` name it in errors.
    ///
    /// - Throws: ``TranscriptError`` naming the line and, when it could be read, the conversation's id.
    public static func parse<Bytes: Collection<UInt8>>(
        line bytes: Bytes, file: String, line: Int
    ) throws(TranscriptError) -> Transcript {
        let data = Data(bytes)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw TranscriptError(file: file, line: line, column: 1, message: "not valid JSON: \(reason(error))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw TranscriptError(
                file: file, line: line, column: 1, message: "expected a JSON object for one conversation")
        }
        let id = identifier(dictionary["id"])
        func fail(_ message: String) -> TranscriptError {
            TranscriptError(file: file, line: line, column: 1, message: message, id: id)
        }
        guard let id else {
            throw fail(dictionary["id"] == nil ? "missing \"id\"" : "\"id\" must be a string or a number")
        }
        var channel: String?
        if let value = dictionary["channel"], !(value is NSNull) {
            guard let text = value as? String else { throw fail("\"channel\" must be a string") }
            channel = text
        }
        var meta: [String: String] = [:]
        if let value = dictionary["meta"], !(value is NSNull) {
            guard let fields = value as? [String: Any] else { throw fail("\"meta\" must be an object") }
            for (key, value) in fields { meta[key] = scalarText(value) }
        }
        guard let rawTurns = dictionary["turns"] else { throw fail("missing \"turns\"") }
        guard let list = rawTurns as? [Any] else { throw fail("\"turns\" must be an array") }
        var turns: [Turn] = []
        turns.reserveCapacity(list.count)
        for (index, item) in list.enumerated() {
            guard let turn = item as? [String: Any] else { throw fail("turn \(index + 1) must be an object") }
            guard let roleName = turn["role"] as? String else { throw fail("turn \(index + 1) has no \"role\"") }
            guard let role = Role(rawValue: roleName.lowercased()) else {
                throw fail("turn \(index + 1) has role \"\(roleName)\"; expected \"customer\" or \"agent\"")
            }
            guard let text = turn["text"] as? String else { throw fail("turn \(index + 1) has no \"text\" string") }
            turns.append(Turn(role: role, text: text, line: line))
        }
        guard !turns.isEmpty else { throw fail("\"turns\" is empty") }
        return Transcript(
            id: id, channel: channel, meta: meta, turns: turns,
            source: SourceLocation(file: file, line: line, column: 1))
    }

    /// The id of a conversation, when it can be read, even from a line that fails otherwise.
    static func identifier(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    private static func scalarText(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let number as NSNumber:
            // On Linux JSON numbers 0 and 1 also cast to Bool; only true booleans have type code "c".
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is NSNull: return ""
        default:
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    private static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }

    /// One conversation as a JSONL line (without the line break).
    public static func render(_ transcript: Transcript) -> String {
        var object: [String: Any] = [
            "id": transcript.id,
            "turns": transcript.turns.map { ["role": $0.role.rawValue, "text": $0.text] },
        ]
        if let channel = transcript.channel { object["channel"] = channel }
        if !transcript.meta.isEmpty { object["meta"] = transcript.meta }
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
