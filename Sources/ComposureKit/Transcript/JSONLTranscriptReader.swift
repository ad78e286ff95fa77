import Foundation

/// Reads the JSONL transcript format: one conversation per line.
///
/// `{"id": "c1", "channel": "social", "meta": {...}, "turns": [{"role": "customer", "text": "..."}]}`
public enum JSONLTranscript {
    /// Parses one line; `file` and `line` name it in errors.
    ///
    /// The line is read by a hand-written scanner (``TranscriptLineScanner``) that accepts
    /// exactly what `JSONSerialization` accepts; values other than strings under `id` and
    /// `meta` are still read by `JSONSerialization`, so they come out as they always have.
    /// - Throws: ``TranscriptError`` naming the line and, when it could be read, the conversation's id.
    public static func parse<Bytes: Collection<UInt8>>(
        line bytes: Bytes, file: String, line: Int
    ) throws(TranscriptError) -> Transcript {
        let read = { (buffer: UnsafeBufferPointer<UInt8>) in parse(buffer, file: file, line: line) }
        let result = bytes.withContiguousStorageIfAvailable(read) ?? Array(bytes).withUnsafeBufferPointer(read)
        return try result.get()
    }

    private static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, file: String, line: Int
    ) -> Result<Transcript, TranscriptError> {
        let scanned: TranscriptLineScanner.Fields?
        do {
            scanned = try TranscriptLineScanner.scan(buffer)
        } catch {
            return .failure(
                TranscriptError(file: file, line: line, column: 1, message: "not valid JSON: \(error.description)"))
        }
        guard let fields = scanned else {
            return .failure(
                TranscriptError(
                    file: file, line: line, column: 1, message: "expected a JSON object for one conversation"))
        }
        let id: String?
        switch fields.id {
        case .string(let text)?: id = text
        case .raw(let range)?: id = identifier(fragment(buffer, range))
        default: id = nil
        }
        func fail(_ message: String) -> Result<Transcript, TranscriptError> {
            .failure(TranscriptError(file: file, line: line, column: 1, message: message, id: id))
        }
        guard let id else {
            return fail(fields.id == nil ? "missing \"id\"" : "\"id\" must be a string or a number")
        }
        var channel: String?
        switch fields.channel {
        case nil, .null?: break
        case .string(let text)?: channel = text
        default: return fail("\"channel\" must be a string")
        }
        var meta: [String: String] = [:]
        switch fields.meta {
        case nil, .null?: break
        case .other?:
            for (key, value) in fields.metaEntries {
                switch value {
                case .string(let text): meta[key] = text
                case .null: meta[key] = scalarText(NSNull())
                case .raw(let range): meta[key] = scalarText(fragment(buffer, range) ?? NSNull())
                case .other: meta[key] = ""
                }
            }
        default: return fail("\"meta\" must be an object")
        }
        switch fields.turns {
        case nil: return fail("missing \"turns\"")
        case .other?: break
        default: return fail("\"turns\" must be an array")
        }
        var turns: [Turn] = []
        turns.reserveCapacity(fields.turnItems.count)
        for (index, item) in fields.turnItems.enumerated() {
            guard case .object(let role, let text) = item else { return fail("turn \(index + 1) must be an object") }
            guard case .string(let roleName)? = role else { return fail("turn \(index + 1) has no \"role\"") }
            guard let role = Role(rawValue: roleName.lowercased()) else {
                return fail("turn \(index + 1) has role \"\(roleName)\"; expected \"customer\" or \"agent\"")
            }
            guard case .string(let text)? = text else { return fail("turn \(index + 1) has no \"text\" string") }
            turns.append(Turn(role: role, text: text, line: line))
        }
        guard !turns.isEmpty else { return fail("\"turns\" is empty") }
        return .success(
            Transcript(
                id: id, channel: channel, meta: meta, turns: turns,
                source: SourceLocation(file: file, line: line, column: 1)))
    }

    /// A value that is not a string, read by `JSONSerialization` from its raw text.
    private static func fragment(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Any? {
        try? JSONSerialization.jsonObject(
            with: Data(UnsafeBufferPointer(rebasing: buffer[range])), options: [.fragmentsAllowed])
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
