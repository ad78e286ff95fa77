/// Why signals fired on a reply: each match with its pattern and the words underlined.
///
/// The authoring counterpart of ChatScript's `:why`: a trainer sees which pattern
/// (file:line) matched which words, and which matches an `unless` or a vetoing
/// signal stopped.
public struct Explanation: Sendable {
    /// The reply explained.
    public var reply: String
    /// The signals found.
    public var detection: Detection
    /// Pattern texts by location, to quote the pattern that fired.
    private var patterns: [SourceLocation: String]

    /// Explains `reply` against `rubric`.
    public init(reply: String, role: Role = .agent, customerLine: String? = nil, rubric: Rubric) {
        self.reply = reply
        detection = Grader(rubric: rubric).detect(reply, role: role, customerLine: customerLine)
        var patterns: [SourceLocation: String] = [:]
        for signal in rubric.signals {
            for pattern in signal.any + signal.unless { patterns[pattern.location] = pattern.text }
        }
        self.patterns = patterns
    }

    /// The explanation as text; with `style` on, matched words are underlined in place.
    public func render(style: TerminalStyle) -> String {
        var lines: [String] = []
        if detection.hits.isEmpty { lines.append("No signal fired.") }
        for hit in detection.hits {
            lines.append(style.bold(hit.signal))
            for evidence in hit.evidence {
                if let location = evidence.pattern {
                    let text = patterns[location].map { "  " + TerminalText.sanitised($0) } ?? ""
                    lines.append("  " + style.dim("\(location)") + style.dim(text))
                } else {
                    lines.append("  " + style.dim("built-in detector"))
                }
                lines += underline(evidence, style: style)
            }
        }
        if !detection.nearMisses.isEmpty {
            lines.append("")
            lines.append(style.bold("Near misses") + " (matched, then vetoed):")
            for miss in detection.nearMisses {
                lines.append("  \(miss.signal), vetoed by \(TerminalText.sanitised(miss.vetoedBy))")
                lines += underline(miss.evidence, style: style)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The reply's line holding the evidence, with carets (or underlining) under the matched words.
    private func underline(_ evidence: Evidence, style: TerminalStyle) -> [String] {
        let scalars = Array(reply.unicodeScalars)
        guard evidence.start >= 0, evidence.end <= scalars.count, evidence.start < evidence.end else { return [] }
        var lineStart = evidence.start
        while lineStart > 0, scalars[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = evidence.end
        while lineEnd < scalars.count, scalars[lineEnd] != "\n" { lineEnd += 1 }
        func text(_ range: Range<Int>) -> String {
            TerminalText.sanitised(String(String.UnicodeScalarView(scalars[range])))
        }
        let before = text(lineStart..<evidence.start)
        let matched = text(evidence.start..<evidence.end)
        let after = text(evidence.end..<lineEnd)
        if style.enabled {
            return ["    " + before + style.underline(style.cyan(matched)) + after]
        }
        return [
            "    " + before + matched + after,
            "    " + String(repeating: " ", count: before.count) + String(repeating: "^", count: max(1, matched.count)),
        ]
    }
}
