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
                if key == Attribution.Key.time, let problem = Attribution.timeProblem(in: meta) {
                    throw TranscriptError(file: file, line: current.number, column: 1, message: problem)
                }
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

    /// The key (lower-cased) and value of a `key: value` line, or nil; the colon is found among the scalars,
    /// as ``role(of:)`` finds it.
    static func headerField(_ line: Substring) -> (String, String)? {
        guard let colon = line.unicodeScalars.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard !key.isEmpty, key.count <= 64,
            key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        else { return nil }
        let value = line[line.unicodeScalars.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return (String(key).lowercased(), value)
    }
}

extension String {
    /// Without the whitespace scalars at its end; by scalars, so a combining mark after a space stays (as a
    /// character, ` \u{301}` counts as whitespace and would go with its mark).
    func trimmingTrailingWhitespace() -> String {
        var scalars = unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
