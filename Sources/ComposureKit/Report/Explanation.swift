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

    /// The explanation as text: the signals found, then each sentence that fired one, shown once,
    /// with a line of carets under the words of every signal it holds and the pattern that matched.
    ///
    /// - Parameters:
    ///   - style: Colours and underlining on a terminal.
    ///   - width: The columns a sentence may take: a longer one is cut around its matches, with `…`.
    public func render(style: TerminalStyle, width: Int = 100) -> String {
        var lines: [String] = []
        if detection.hits.isEmpty {
            lines.append("No signal fired.")
        } else {
            lines.append(
                "Signals: " + detection.hits.map { style.bold($0.signal) }.joined(separator: ", "))
        }
        let found = detection.hits.flatMap { hit in hit.evidence.map { (label: hit.signal, evidence: $0) } }
        lines += sentences(found, style: style, width: width) { item in
            var details: [String] = []
            if let location = item.evidence.pattern {
                let text = patterns[location].map { "  " + TerminalText.sanitised($0) } ?? ""
                details.append(style.dim("\(location)\(text)"))
                if let pattern = patterns[location] {
                    details += lexiconMatches(of: pattern, in: item.evidence.text, style: style)
                }
            } else {
                details.append(style.dim("built-in detector"))
            }
            return details
        }
        if !detection.nearMisses.isEmpty {
            lines.append("")
            lines.append(style.bold("Near misses") + " (matched, then vetoed):")
            let misses = detection.nearMisses.map {
                (label: "\($0.signal), vetoed by \(TerminalText.sanitised($0.vetoedBy))", evidence: $0.evidence)
            }
            lines += sentences(misses, style: style, width: width) { _ in [] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each sentence holding evidence, once, cut to `width` around its matches, and under it one caret
    /// line per match (in reading order) labelled with what it is, followed by `details` of the match.
    /// A match that is the whole sentence (a built-in detector's) is named under it without carets.
    private func sentences(
        _ items: [(label: String, evidence: Evidence)], style: TerminalStyle, width: Int,
        details: ((label: String, evidence: Evidence)) -> [String]
    ) -> [String] {
        let scalars = Array(reply.unicodeScalars)
        var seen = Set<String>()
        let valid = items.filter {
            $0.evidence.start >= 0 && $0.evidence.end <= scalars.count && $0.evidence.start < $0.evidence.end
                && seen.insert("\($0.label) \($0.evidence.start) \($0.evidence.end)").inserted
        }
        func text(_ range: Range<Int>) -> String {
            TerminalText.sanitised(String(String.UnicodeScalarView(scalars[range])))
        }
        func text(_ evidence: Evidence) -> String { text(evidence.start..<evidence.end) }
        let room = max(20, width - 4)
        var lines: [String] = []
        for span in sentenceSpans(covering: valid.map(\.evidence), in: scalars) {
            let inside = valid.filter { span.contains($0.evidence.start) }.sorted {
                ($0.evidence.start, $0.evidence.end) < ($1.evidence.start, $1.evidence.end)
            }
            guard !inside.isEmpty else { continue }
            let isWhole = { (item: (label: String, evidence: Evidence)) in
                (item.evidence.end - item.evidence.start) * 10 >= span.count * 9
            }
            let words = inside.filter { !isWhole($0) }
            // The part shown: the whole sentence, or `room` columns around its first matches.
            var shown = span
            if TextWrapper.width(text(span)) > room {
                let first = words.first?.evidence.start ?? span.lowerBound
                let last = words.map(\.evidence.end).max() ?? first
                var lower = max(span.lowerBound, first - max(0, (room - (last - first)) / 2))
                while lower > span.lowerBound, lower < first, !scalars[lower - 1].properties.isWhitespace {
                    lower -= 1
                }
                var upper = lower
                while upper < span.upperBound, TextWrapper.width(text(lower..<(upper + 1))) <= room - 2 { upper += 1 }
                // End at a word's end (a match cut by it is quoted below the sentence instead).
                var end = upper
                while end > lower + room / 2, end < span.upperBound, !scalars[end].properties.isWhitespace { end -= 1 }
                if end > lower + room / 2 { upper = end }
                shown = lower..<upper
            }
            let lead = "  " + (shown.lowerBound > span.lowerBound ? "…" : " ")
            var sentence = lead
            var cursor = shown.lowerBound
            for item in words where item.evidence.start >= cursor && item.evidence.start < shown.upperBound {
                let end = min(item.evidence.end, shown.upperBound)
                sentence += text(cursor..<item.evidence.start) + style.underline(text(item.evidence.start..<end))
                cursor = end
            }
            sentence += text(cursor..<shown.upperBound) + (shown.upperBound < span.upperBound ? "…" : "")
            lines.append(sentence)
            let pad = String(repeating: " ", count: TextWrapper.width(lead))
            for item in inside {
                if isWhole(item) {
                    lines.append(pad + style.cyan("└─") + " the whole sentence: " + style.bold(item.label))
                } else if item.evidence.start < shown.lowerBound || item.evidence.end > shown.upperBound {
                    // Not wholly in view: quoted instead of underlined.
                    lines.append(
                        pad + style.cyan("└─") + " \u{201C}" + text(item.evidence.start..<item.evidence.end)
                            + "\u{201D}: "
                            + style.bold(item.label))
                } else {
                    let offset =
                        TextWrapper.width(lead) + TextWrapper.width(text(shown.lowerBound..<item.evidence.start))
                    let carets =
                        String(repeating: " ", count: offset)
                        + style.cyan(String(repeating: "^", count: max(1, TextWrapper.width(text(item.evidence)))))
                    if TextWrapper.width(carets) + 1 + TextWrapper.width(item.label) <= width {
                        lines.append(carets + " " + style.bold(item.label))
                    } else {
                        lines.append(carets)
                        lines.append(pad + style.cyan("└─") + " " + style.bold(item.label))
                    }
                }
                // What matched, under the sentence at one indent whatever the column (it wraps there).
                lines += details(item).map { pad + "  " + $0 }
            }
        }
        return lines
    }

    /// The reply's sentences (by the tokenizer, ending at a line break too) that hold evidence, as
    /// scalar ranges without surrounding spaces; sentences a match runs across are joined.
    private func sentenceSpans(covering evidence: [Evidence], in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let tokenized = Tokenizer.tokenize(reply)
        var starts = tokenized.sentences.dropFirst().compactMap { sentence in
            sentence.tokens.first.map { tokenized.tokens[$0].start }
        }
        starts += scalars.indices.filter { scalars[$0] == "\n" }.map { $0 + 1 }
        var bounds = Array(Set([0] + starts + [scalars.count])).filter { $0 <= scalars.count }.sorted()
        // A match running across a boundary joins the sentences it spans.
        bounds.removeAll { bound in evidence.contains { $0.start < bound && bound < $0.end } }
        var spans: [Range<Int>] = []
        for (lower, upper) in zip(bounds, bounds.dropFirst()) {
            var from = lower
            var to = upper
            while from < to, scalars[from].properties.isWhitespace { from += 1 }
            while to > from, scalars[to - 1].properties.isWhitespace { to -= 1 }
            if from < to { spans.append(from..<to) }
        }
        return spans
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
