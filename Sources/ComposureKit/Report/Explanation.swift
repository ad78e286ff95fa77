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
    /// Concept entries by name, to find the lemmas and classes a pattern uses through its concepts.
    private var concepts: [String: [String]]

    /// Explains `reply` against `rubric`.
    public init(reply: String, role: Role = .agent, customerLine: String? = nil, rubric: Rubric) {
        self.init(
            reply: reply, detection: Grader(rubric: rubric).detect(reply, role: role, customerLine: customerLine),
            rubric: rubric)
    }

    /// Explains a reply whose signals are already known (as `play` knows them after a step).
    public init(reply: String, detection: Detection, rubric: Rubric) {
        self.reply = reply
        self.detection = detection
        var patterns: [SourceLocation: String] = [:]
        for signal in rubric.signals {
            for pattern in signal.any + signal.unless { patterns[pattern.location] = pattern.text }
        }
        // A model firing's evidence is described by the model's reasons: its strongest words and the probability.
        patterns.merge(detection.modelReasons) { pattern, _ in pattern }
        self.patterns = patterns
        concepts = Dictionary((rubric.concepts + Lexicon.standardFeatures).map { ($0.name, $0.entries.map(\.text)) }) {
            first, _ in first
        }
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
                if let location = evidence.pattern, let pattern = patterns[location] {
                    lines += lexiconMatches(of: pattern, in: evidence.text, style: style)
                }
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

    /// One line per lemma or word class of the pattern (or of its concepts) that matched a word of the evidence.
    private func lexiconMatches(of pattern: String, in evidence: String, style: TerminalStyle) -> [String] {
        let references = LexiconReference.all(in: pattern, concepts: concepts)
        guard !references.isEmpty else { return [] }
        let text = Tokenizer.tokenize(evidence)
        var lines: [String] = []
        var explained = Set<Int>()  // each typed word under the first lemma or class that matched it
        for reference in references {
            let words = reference.words
            var hits: [String] = []
            for (index, token) in text.tokens.enumerated() where words.contains(token.text) {
                guard explained.insert(index).inserted else { continue }
                let typed = text.quote(from: token.start, to: token.end)
                if hits.last != typed { hits.append(typed) }  // a contraction's tokens share one typed word
            }
            guard !hits.isEmpty else { continue }
            let quoted = hits.map { "\u{201C}\(TerminalText.sanitised($0))\u{201D}" }.joined(separator: " ")
            lines.append("    " + style.dim(reference.name + " matched ") + quoted)
        }
        return lines
    }
}

/// A lemma (`~send`) or word class (`[action]`) written in a pattern, with the normalised words it stands for.
struct LexiconReference {
    var name: String
    var words: Set<String>

    /// The references in `pattern` and, through `{name}`, in the concepts it uses (each once).
    static func all(in pattern: String, concepts: [String: [String]]) -> [LexiconReference] {
        var found: [LexiconReference] = []
        var seen = Set<PatternReference>()
        func scan(_ text: String) {
            for reference in PatternParser.references(in: text) where seen.insert(reference).inserted {
                switch reference {
                case .concept(let name):
                    concepts[name]?.forEach(scan)
                case .lemma(let word):
                    if let forms = Lexicon.standard?.forms(ofLemma: word) {
                        found.append(LexiconReference(name: "~" + word, words: Set(forms.flatMap(Tokenizer.words))))
                    }
                case .wordClass(let name):
                    if let words = try? Lexicon.standard?.words(ofClass: name) {
                        found.append(LexiconReference(name: "[\(name)]", words: Set(words.flatMap(Tokenizer.words))))
                    }
                }
            }
        }
        scan(pattern)
        return found
    }
}
