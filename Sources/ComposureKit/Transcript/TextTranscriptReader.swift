import Foundation

/// Reads and writes the plain-text transcript format.
///
/// ```
/// scenario: garadget-reviewer
/// channel: public_review
///
/// Customer: This garbage opener dropped off wifi AGAIN.
/// Agent: I'm sorry the opener let you down.
/// ```
/// Header lines (`key: value`) come first, then a blank line, then turns. A line
/// without a role continues the turn before it.
public enum TextTranscript {
    /// The role prefixes understood, lower-cased, and the role each means.
    static let rolePrefixes: [(String, Role)] = [
        ("customer", .customer), ("agent", .agent), ("trainee", .agent),
    ]

    /// Parses `text`; `file` names it in errors and `id` defaults to it.
    ///
    /// - Throws: ``TranscriptError`` with the line of the first problem.
    public static func parse(_ text: String, file: String, id: String? = nil) throws(TranscriptError) -> Transcript {
        let lines = text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        var meta: [String: String] = [:]
        var index = 0
        // Header: only when the first line is a `key: value` that is not a role.
        if let first = lines.first, role(of: first) == nil, headerField(first) != nil {
            while index < lines.count {
                let line = lines[index]
                if line.allSatisfy(\.isWhitespace) {
                    index += 1
                    break
                }
                // Inside the header, `trainee: Ann` names the trainee; it is not an agent's turn.
                guard role(of: line) == nil || headerField(line)?.0 == "trainee" else { break }
                guard let (key, value) = headerField(line) else {
                    throw TranscriptError(
                        file: file, line: index + 1, column: 1,
                        message: "expected a 'key: value' header line or a blank line before the conversation")
                }
                meta[key] = value
                index += 1
            }
        }
        var turns: [Turn] = []
        while index < lines.count {
            let line = lines[index]
            defer { index += 1 }
            if let (role, rest) = role(of: line) {
                turns.append(Turn(role: role, text: String(rest), line: index + 1))
            } else if turns.isEmpty {
                if line.allSatisfy(\.isWhitespace) { continue }
                throw TranscriptError(
                    file: file, line: index + 1, column: 1,
                    message: "expected a turn starting with 'Customer:' or 'Agent:'")
            } else {
                turns[turns.count - 1].text += "\n" + line
            }
        }
        for turnIndex in turns.indices {
            turns[turnIndex].text = turns[turnIndex].text.trimmingTrailingWhitespace()
        }
        guard !turns.isEmpty else {
            throw TranscriptError(file: file, line: max(1, index), message: "the transcript has no turns")
        }
        let channel = meta.removeValue(forKey: "channel")
        let transcriptID = meta["id"] ?? id ?? file
        return Transcript(
            id: transcriptID, channel: channel, meta: meta, turns: turns,
            source: SourceLocation(file: file, line: 1, column: 1))
    }

    private static func role(of line: Substring) -> (Role, Substring)? {
        // An indented line continues the turn before it, whatever it says (see `render`).
        guard let first = line.first, !first.isWhitespace, let colon = line.firstIndex(of: ":") else { return nil }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = rolePrefixes.first(where: { $0.0 == name })?.1 else { return nil }
        return (role, line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
    }

    private static func headerField(_ line: Substring) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard !key.isEmpty, key.count <= 64,
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        else { return nil }
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return (String(key).lowercased(), value)
    }

    /// Writes `transcript` in the text format; `parse` reads it back to the same turns.
    public static func render(_ transcript: Transcript, header: [(String, String)] = []) -> String {
        var lines: [String] = []
        var fields = header
        if let channel = transcript.channel, !fields.contains(where: { $0.0 == "channel" }) {
            fields.insert(("channel", channel), at: 0)
        }
        for key in transcript.meta.keys.sorted() where !fields.contains(where: { $0.0 == key }) {
            fields.append((key, transcript.meta[key] ?? ""))
        }
        // Inside a header only `trainee` of the role names is a field (`customer:` or `agent:` would
        // start a turn), so meta under those two keys cannot be written; and a first line such as
        // `trainee: Ann` reads as a turn: put a field that is not a role's name first, and when there
        // is none, the transcript's id.
        let isRole = { (field: (String, String)) in rolePrefixes.contains { $0.0 == field.0.lowercased() } }
        fields.removeAll { isRole($0) && $0.0.lowercased() != "trainee" }
        fields = fields.filter { !isRole($0) } + fields.filter(isRole)
        if let first = fields.first, isRole(first) { fields.insert(("id", transcript.id), at: 0) }
        for (key, value) in fields {
            lines.append("\(key): \(value.replacingOccurrences(of: "\n", with: " "))")
        }
        if !lines.isEmpty { lines.append("") }
        for turn in transcript.turns {
            let name = turn.role == .customer ? "Customer" : "Agent"
            // A continuation line that looks like a role would start a turn: indent it.
            let body = turn.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                index, line in
                index == 0 || role(of: line) == nil ? String(line) : " " + line
            }
            lines.append("\(name): " + body.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
