import ComposureKit
import Foundation

/// The JSONL reader built on `JSONSerialization` (as of commit ab8e671), before the hand-written
/// scanner: the oracle the current reader must agree with, line for line.
enum ReferenceReader {
    static func parse(line bytes: UnsafeBufferPointer<UInt8>, file: String, line: Int) -> Result<
        Transcript, TranscriptError
    > {
        let data = Data(buffer: bytes)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            return .failure(TranscriptError(file: file, line: line, column: 1, message: "not valid JSON"))
        }
        guard let dictionary = object as? [String: Any] else {
            return .failure(
                TranscriptError(
                    file: file, line: line, column: 1, message: "expected a JSON object for one conversation"))
        }
        let id = identifier(dictionary["id"])
        func fail(_ message: String) -> Result<Transcript, TranscriptError> {
            .failure(TranscriptError(file: file, line: line, column: 1, message: message, id: id))
        }
        guard let id else {
            return fail(dictionary["id"] == nil ? "missing \"id\"" : "\"id\" must be a string or a number")
        }
        var channel: String?
        if let value = dictionary["channel"], !(value is NSNull) {
            guard let text = value as? String else { return fail("\"channel\" must be a string") }
            channel = text
        }
        var meta: [String: String] = [:]
        if let value = dictionary["meta"], !(value is NSNull) {
            guard let fields = value as? [String: Any] else { return fail("\"meta\" must be an object") }
            for (key, value) in fields { meta[key] = scalarText(value) }
        }
        guard let rawTurns = dictionary["turns"] else { return fail("missing \"turns\"") }
        guard let list = rawTurns as? [Any] else { return fail("\"turns\" must be an array") }
        var turns: [Turn] = []
        for (index, item) in list.enumerated() {
            guard let turn = item as? [String: Any] else { return fail("turn \(index + 1) must be an object") }
            guard let roleName = turn["role"] as? String else { return fail("turn \(index + 1) has no \"role\"") }
            guard let role = Role(rawValue: roleName.lowercased()) else {
                return fail("turn \(index + 1) has role \"\(roleName)\"; expected \"customer\" or \"agent\"")
            }
            guard let text = turn["text"] as? String else { return fail("turn \(index + 1) has no \"text\" string") }
            turns.append(Turn(role: role, text: text, line: line))
        }
        guard !turns.isEmpty else { return fail("\"turns\" is empty") }
        return .success(
            Transcript(
                id: id, channel: channel, meta: meta, turns: turns,
                source: SourceLocation(file: file, line: line, column: 1)))
    }

    static func identifier(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text
        // Since issue 15, `true` and `false` are no ids (they read as 1 and 0); booleans have type code "c".
        case let number as NSNumber where String(cString: number.objCType) != "c": return number.stringValue
        default: return nil
        }
    }

    private static func scalarText(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let number as NSNumber:
            // As fixed in ab8e671: on Linux the numbers 0 and 1 also cast to `Bool`, and were read
            // as "false" and "true"; only real booleans have type code "c".
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is NSNull: return ""
        default:
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}
