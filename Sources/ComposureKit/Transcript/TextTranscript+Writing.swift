import Foundation

/// Writing the text format so that it reads back to the same turns.
extension TextTranscript {
    /// Writes `transcript` in the text format; `parse` reads it back to the same turns.
    ///
    /// Every turn comes back with its role and text, whatever the text holds: a line of it that would read
    /// as a role (`Customer: ...`, even behind spaces or invisible characters) is indented by one space,
    /// which `parse` takes off again. What the format cannot hold is written in the form that grades the
    /// same: a carriage return (alone or before `\n`) as `\n` (both end a sentence), and in a header value
    /// any line break as a space. Spaces around a turn or a value are not kept, and header keys are
    /// written as `parse` reads them: lower case, letters, digits, `_` and `-` (others become `_`).
    public static func render(_ transcript: Transcript, header: [(String, String)] = []) -> String {
        var lines: [String] = []
        var fields = header.map { (headerKey($0.0), $0.1) }
        if let channel = transcript.channel, !fields.contains(where: { $0.0 == "channel" }) {
            fields.insert(("channel", channel), at: 0)
        }
        for key in transcript.meta.keys.sorted() where !fields.contains(where: { $0.0 == headerKey(key) }) {
            fields.append((headerKey(key), transcript.meta[key] ?? ""))
        }
        // Inside a header only `trainee` of the role names is a field (`customer:` or `agent:` would
        // start a turn), so meta under those two keys cannot be written; and a first line such as
        // `trainee: Ann` reads as a turn: put a field that is not a role's name first, and when there
        // is none, the transcript's id.
        let isRole = { (field: (String, String)) in rolePrefixes.contains { $0.0 == field.0 } }
        fields.removeAll { isRole($0) && $0.0 != "trainee" }
        fields = fields.filter { !isRole($0) } + fields.filter(isRole)
        if let first = fields.first, isRole(first) { fields.insert(("id", transcript.id), at: 0) }
        for (key, value) in fields {
            // A line break in a value would end the field and start a line of its own (even a turn).
            lines.append("\(key): " + Self.lines(of: value).joined(separator: " "))
        }
        if !lines.isEmpty { lines.append("") }
        for turn in transcript.turns {
            let name = turn.role == .customer ? "Customer" : "Agent"
            // A continuation line that looks like a role would start a turn: indent it.
            let body = Self.lines(of: turn.text).enumerated().map { index, line in
                index == 0 || !looksLikeRole(afterIndent: line) ? String(line) : " " + line
            }
            lines.append("\(name): " + body.joined(separator: "\n"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines of `text` as `parse` splits them: at `\n`, `\r\n` and `\r`.
    private static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        var reader = Lines(text)
        while let line = reader.next() { lines.append(line.text) }
        return lines
    }

    /// `key` as a header key `parse` reads the same: lower case, at most 64 letters, digits, `_` and `-`.
    private static func headerKey(_ key: String) -> String {
        let kept = key.lowercased().prefix(64).map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" }
        return kept.isEmpty ? "_" : String(kept)
    }
}
