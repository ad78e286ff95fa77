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
///
/// What ``render(_:header:)`` writes, ``parse(_:file:id:maximumTurns:)`` reads back to the same
/// turns (see ``render(_:header:)`` for the little it cannot keep).
public enum TextTranscript {
    /// The role prefixes understood, lower-cased, and the role each means.
    static let rolePrefixes: [(String, Role)] = [
        ("customer", .customer), ("agent", .agent), ("trainee", .agent),
    ]

    /// Parses `text`; `file` names it in errors and `id` defaults to it.
    ///
    /// Lines are read one at a time (never all split up front) and the turns are counted as they come,
    /// so a transcript at the size limit costs about its own size, and one of too many turns stops early.
    /// - Parameter maximumTurns: More turns than this is an error, at the line of the first turn too many.
    /// - Throws: ``TranscriptError`` with the line of the first problem.
    public static func parse(
        _ text: String, file: String, id: String? = nil, maximumTurns: Int = .max
    ) throws(TranscriptError) -> Transcript {
        var lines = Lines(text)
        var line = lines.next()
        var meta: [String: String] = [:]
        // Header: only when the first line is a `key: value` that is not a role.
        if let first = line, role(of: first.text) == nil, headerField(first.text) != nil {
            while let current = line {
                if current.text.allSatisfy(\.isWhitespace) {
                    line = lines.next()
                    break
                }
                // Inside the header, `trainee: Ann` names the trainee; it is not an agent's turn.
                guard role(of: current.text) == nil || headerField(current.text)?.0 == "trainee" else { break }
                guard let (key, value) = headerField(current.text) else {
                    throw TranscriptError(
                        file: file, line: current.number, column: 1,
                        message: "expected a 'key: value' header line or a blank line before the conversation")
                }
                meta[key] = value
                line = lines.next()
            }
        }
        var turns: [Turn] = []
        while let current = line {
            line = lines.next()
            if let (role, rest) = role(of: current.text) {
                guard turns.count < maximumTurns else {
                    throw TranscriptError(
                        file: file, line: current.number, column: 1,
                        message: "the conversation has more turns than the limit of \(maximumTurns)")
                }
                turns.append(Turn(role: role, text: String(rest), line: current.number))
            } else if turns.isEmpty {
                if current.text.allSatisfy(\.isWhitespace) { continue }
                throw TranscriptError(
                    file: file, line: current.number, column: 1,
                    message: "expected a turn starting with 'Customer:' or 'Agent:'")
            } else {
                turns[turns.count - 1].text += "\n" + unescaped(current.text)
            }
        }
        for turnIndex in turns.indices {
            turns[turnIndex].text = turns[turnIndex].text.trimmingTrailingWhitespace()
        }
        guard !turns.isEmpty else {
            throw TranscriptError(file: file, line: max(1, lines.count), message: "the transcript has no turns")
        }
        let channel = meta.removeValue(forKey: "channel")
        let transcriptID = meta["id"] ?? id ?? file
        return Transcript(
            id: transcriptID, channel: channel, meta: meta, turns: turns,
            source: SourceLocation(file: file, line: 1, column: 1))
    }

    /// The lines of a text, one at a time, split at `\n`, `\r\n` or `\r`: as `Character`s those are the line
    /// breaks, and no other character holds their bytes, so the bytes can be searched.
    struct Lines {
        private let text: String
        private var position: String.Index
        private var finished = false
        /// How many lines `next()` has returned.
        private(set) var count = 0

        init(_ text: String) {
            self.text = text
            position = text.startIndex
        }

        /// The next line and its 1-based number.
        mutating func next() -> (text: Substring, number: Int)? {
            guard !finished else { return nil }
            let utf8 = text.utf8
            count += 1
            guard let lineBreak = utf8[position...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
                finished = true
                return (text[position...], count)
            }
            let line = text[position..<lineBreak]
            position = utf8.index(after: lineBreak)
            if utf8[lineBreak] == 0x0D, position < utf8.endIndex, utf8[position] == 0x0A {
                position = utf8.index(after: position)
            }
            return (line, count)
        }
    }

    /// The role a line starts, and the text after its colon; nil for a line that continues a turn.
    ///
    /// Characters nobody sees before the role name (a byte-order mark, zero-width and direction marks,
    /// control characters, terminal escape sequences) are passed over: `\u{FEFF}Agent: ...` is the agent's
    /// turn, as it looks, not part of the turn before.
    private static func role(of line: Substring) -> (Role, Substring)? {
        let scalars = line.unicodeScalars
        let start = afterInvisibles(in: scalars, from: scalars.startIndex)
        // An indented line continues the turn before it, whatever it says (see `render`).
        guard start < scalars.endIndex, !scalars[start].properties.isWhitespace,
            let colon = scalars[start...].firstIndex(of: ":")
        else { return nil }
        var name = String.UnicodeScalarView()
        var index = start
        while index < colon {
            let next = afterInvisibles(in: scalars, from: index)
            if next > index {
                index = next
                continue
            }
            name.append(scalars[index])
            index = scalars.index(after: index)
        }
        let key = String(name).trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = rolePrefixes.first(where: { $0.0 == key })?.1 else { return nil }
        return (role, line[scalars.index(after: colon)...].drop { $0 == " " || $0 == "\t" })
    }

    /// The index after the invisible characters (and whole escape sequences) at `index`.
    private static func afterInvisibles(
        in scalars: Substring.UnicodeScalarView, from index: Substring.UnicodeScalarView.Index
    ) -> Substring.UnicodeScalarView.Index {
        var index = index
        while index < scalars.endIndex {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x1B:
                index = afterEscapeSequence(in: scalars, from: scalars.index(after: index))
            case 0x9B:  // a C1 control sequence introducer: parameters up to a final byte
                index =
                    scalars[scalars.index(after: index)...].firstIndex { (0x40...0x7E).contains($0.value) }
                    .map { scalars.index(after: $0) } ?? scalars.endIndex
            default:
                let category = scalar.properties.generalCategory
                guard category == .format || (category == .control && !scalar.properties.isWhitespace) else {
                    return index
                }
                index = scalars.index(after: index)
            }
        }
        return index
    }

    /// The index after an escape sequence whose ESC came just before `index` (as `TerminalText` reads them).
    private static func afterEscapeSequence(
        in scalars: Substring.UnicodeScalarView, from index: Substring.UnicodeScalarView.Index
    ) -> Substring.UnicodeScalarView.Index {
        guard index < scalars.endIndex else { return index }
        let after = scalars.index(after: index)
        switch scalars[index] {
        case "[":
            return scalars[after...].firstIndex { (0x40...0x7E).contains($0.value) }.map { scalars.index(after: $0) }
                ?? scalars.endIndex
        case "]", "P", "X", "^", "_":
            // OSC and string sequences run to BEL or ST (ESC \ or U+009C).
            var end = after
            while end < scalars.endIndex {
                let value = scalars[end].value
                if value == 0x07 || value == 0x9C { return scalars.index(after: end) }
                if value == 0x1B {
                    let next = scalars.index(after: end)
                    return next < scalars.endIndex ? scalars.index(after: next) : next
                }
                end = scalars.index(after: end)
            }
            return end
        default:
            return after
        }
    }

    /// Whether a continuation line would read as a role line once its indent (spaces, tabs and invisible
    /// characters) is gone: `render` indents such a line by one space, which `parse` takes off again.
    private static func looksLikeRole(afterIndent line: Substring) -> Bool {
        let scalars = line.unicodeScalars
        var index = scalars.startIndex
        while true {
            let next = afterInvisibles(in: scalars, from: index)
            if next < scalars.endIndex, scalars[next].properties.isWhitespace {
                index = scalars.index(after: next)
            } else {
                index = next
                break
            }
        }
        return role(of: line[index...]) != nil
    }

    /// A continuation line as it was before `render` indented it: one space fewer when it looks like a role.
    private static func unescaped(_ line: Substring) -> Substring {
        line.first == " " && looksLikeRole(afterIndent: line) ? line.dropFirst() : line
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

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
