import Foundation

/// Reads the JSONL transcript format: one conversation per line.
///
/// `{"id": "c1", "channel": "social", "meta": {...}, "turns": [{"role": "customer", "text": "..."}]}`
public enum JSONLTranscript {
    /// Parses one line; `file` and `line` name it in errors.
    ///
    /// The line is read by a hand-written scanner (``TranscriptLineScanner``) that accepts what
    /// `JSONSerialization` accepts but a trailing comma; values other than strings under `id` and
    /// `meta` are still read by `JSONSerialization`, so they come out as they always have.
    /// - Throws: ``TranscriptError`` naming the line, the column of the value at fault (1 for a missing
    ///   field) and, when it could be read, the conversation's id.
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
                TranscriptError(
                    file: file, line: line, column: TranscriptLineScanner.column(ofByte: error.offset, in: buffer),
                    message: "not valid JSON: \(error.message)"))
        }
        guard let fields = scanned else {
            return .failure(
                TranscriptError(
                    file: file, line: line, column: 1, message: "expected a JSON object for one conversation"))
        }
        let id: String?
        switch fields.id {
        case .string(let text)?: id = text
        // A number is an id; `true` and `false` are not (`JSONSerialization` reads them as 1 and 0).
        case .raw(let range)? where buffer[range.lowerBound] == UInt8(ascii: "-") || isDigit(buffer[range.lowerBound]):
            id = identifier(fragment(buffer, range))
        default: id = nil
        }
        func fail(_ message: String, at offset: Int? = nil) -> Result<Transcript, TranscriptError> {
            let column = offset.map { TranscriptLineScanner.column(ofByte: $0, in: buffer) } ?? 1
            return .failure(TranscriptError(file: file, line: line, column: column, message: message, id: id))
        }
        guard let id else {
            return fail(
                fields.id == nil ? "missing \"id\"" : "\"id\" must be a string or a number", at: fields.offsets[.id])
        }
        var channel: String?
        switch fields.channel {
        case nil, .null?: break
        case .string(let text)?: channel = text
        default: return fail("\"channel\" must be a string", at: fields.offsets[.channel])
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
        default: return fail("\"meta\" must be an object", at: fields.offsets[.meta])
        }
        // Reports order and group by it: a time that cannot be read is an error, not a silent "no time".
        if let problem = Attribution.timeProblem(in: meta) { return fail(problem, at: fields.offsets[.meta]) }
        switch fields.turns {
        case nil: return fail("missing \"turns\"")
        case .other?: break
        default: return fail("\"turns\" must be an array", at: fields.offsets[.turns])
        }
        var turns: [Turn] = []
        turns.reserveCapacity(fields.turnItems.count)
        for (index, item) in fields.turnItems.enumerated() {
            let at = fields.turnOffsets[index]
            guard case .object(let role, let text) = item else {
                return fail("turn \(index + 1) must be an object", at: at.item)
            }
            guard case .string(let roleName)? = role else {
                return fail("turn \(index + 1) has no \"role\"", at: at.role ?? at.item)
            }
            guard let role = Role(rawValue: roleName.lowercased()) else {
                return fail(
                    "turn \(index + 1) has role \"\(roleName)\"; expected \"customer\" or \"agent\"", at: at.role)
            }
            guard case .string(let text)? = text else {
                return fail("turn \(index + 1) has no \"text\" string", at: at.text ?? at.item)
            }
            turns.append(Turn(role: role, text: text, line: line))
        }
        guard !turns.isEmpty else { return fail("\"turns\" is empty", at: fields.offsets[.turns]) }
        return .success(
            Transcript(
                id: id, channel: channel, meta: meta, turns: turns,
                source: SourceLocation(file: file, line: line, column: 1)))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
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
