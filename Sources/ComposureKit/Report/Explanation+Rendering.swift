/// Laying an explanation out for a terminal: sentences cut to the width, carets under the words that fired.
extension Explanation {
    /// The explanation as text: the signals found, then each sentence that fired one, shown once,
    /// with a line of carets under the words of every signal it holds and the pattern that matched.
    ///
    /// - Parameters:
    ///   - style: Colours and underlining on a terminal.
    ///   - width: The columns a sentence may take: a longer one is cut around its matches, with `…`.
    package func render(style: TerminalStyle, width: Int = 100) -> String {
        var lines: [String] = []
        if detection.hits.isEmpty {
            lines.append("No signal fired.")
        } else {
            lines.append(
                "Signals: " + detection.hits.map { style.bold($0.signal) }.joined(separator: ", "))
        }
        let found = detection.hits.flatMap { hit in hit.evidence.map { (label: hit.signal, evidence: $0) } }
        // The lemmas and classes of each pattern, looked up once however often the pattern matched.
        var references: [String: [LexiconReference]] = [:]
        lines += sentences(found, style: style, width: width) { item in
            var details: [String] = []
            if let location = item.evidence.pattern {
                let text = patterns[location].map { "  " + TerminalText.sanitised($0) } ?? ""
                details.append(style.dim("\(location)\(text)"))
                if let pattern = patterns[location] {
                    let known = references[pattern] ?? LexiconReference.all(in: pattern, concepts: concepts)
                    references[pattern] = known
                    details += lexiconMatches(of: known, in: item.evidence.text, style: style)
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
    ///
    /// Linear in the reply and its matches: the matches are sorted once and met sentence by sentence,
    /// and no sentence is measured or printed past a window of `width` columns (and `4 × width`
    /// scalars, for text of zero-width characters); a reply of many matches took time in their square.
    private func sentences(
        _ items: [(label: String, evidence: Evidence)], style: TerminalStyle, width: Int,
        details: ((label: String, evidence: Evidence)) -> [String]
    ) -> [String] {
        let scalars = Array(reply.unicodeScalars)
        var seen = Set<String>()
        let valid = items.filter {
            $0.evidence.start >= 0 && $0.evidence.end <= scalars.count && $0.evidence.start < $0.evidence.end
                && seen.insert("\($0.label) \($0.evidence.start) \($0.evidence.end)").inserted
        }.sorted { ($0.evidence.start, $0.evidence.end) < ($1.evidence.start, $1.evidence.end) }
        func text(_ range: Range<Int>) -> String {
            TerminalText.sanitised(String(String.UnicodeScalarView(scalars[range])))
        }
        let room = max(20, width - 4)
        let window = Window(scalars: scalars, room: room, text: text)
        var lines: [String] = []
        var next = 0  // the first item not yet placed in a sentence
        for span in sentenceSpans(covering: valid.map(\.evidence), in: scalars) {
            while next < valid.count, valid[next].evidence.start < span.lowerBound { next += 1 }
            let first = next
            while next < valid.count, valid[next].evidence.start < span.upperBound { next += 1 }
            let inside = valid[first..<next]
            guard !inside.isEmpty else { continue }
            let isWhole = { (item: (label: String, evidence: Evidence)) in
                (item.evidence.end - item.evidence.start) * 10 >= span.count * 9
            }
            let words = inside.filter { !isWhole($0) }
            let shown = window.shown(
                of: span, first: words.first?.evidence.start, last: words.map(\.evidence.end).max())
            let lead = "  " + (shown.lowerBound > span.lowerBound ? "…" : " ")
            let leadWidth = TextWrapper.width(lead)
            var sentence = lead
            var cursor = shown.lowerBound
            for item in words where item.evidence.start >= cursor && item.evidence.start < shown.upperBound {
                let end = min(item.evidence.end, shown.upperBound)
                sentence += text(cursor..<item.evidence.start) + style.underline(text(item.evidence.start..<end))
                cursor = end
            }
            sentence += text(cursor..<shown.upperBound) + (shown.upperBound < span.upperBound ? "…" : "")
            lines.append(sentence)
            let pad = String(repeating: " ", count: leadWidth)
            for item in inside {
                if isWhole(item) {
                    lines.append(pad + style.cyan("└─") + " the whole sentence: " + style.bold(item.label))
                } else if item.evidence.start < shown.lowerBound || item.evidence.end > shown.upperBound {
                    // Not wholly in view: quoted instead of underlined.
                    lines.append(
                        pad + style.cyan("└─") + " \u{201C}" + window.clipped(item.evidence.start..<item.evidence.end)
                            + "\u{201D}: " + style.bold(item.label))
                } else {
                    // The shown part is at most `window.scalarLimit` scalars, so measuring it per match is bounded.
                    let offset = leadWidth + TextWrapper.width(text(shown.lowerBound..<item.evidence.start))
                    let carets =
                        String(repeating: " ", count: offset)
                        + style.cyan(
                            String(
                                repeating: "^",
                                count: max(1, TextWrapper.width(text(item.evidence.start..<item.evidence.end)))))
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

    /// The part of a sentence shown: all of it when it fits, else a window around its matches.
    private struct Window {
        let scalars: [Unicode.Scalar]
        /// The columns a shown part may take.
        let room: Int
        let text: (Range<Int>) -> String

        /// At most this many scalars are shown, whatever their width.
        var scalarLimit: Int { 4 * room }

        /// `span` whole when it fits in `room`, else about `room` columns around the matches from `first` to `last`.
        func shown(of span: Range<Int>, first: Int?, last: Int?) -> Range<Int> {
            if span.count <= scalarLimit, TextWrapper.width(text(span)) <= room { return span }
            let first = first ?? span.lowerBound
            let last = last ?? first
            var lower = max(span.lowerBound, first - max(0, (room - (last - first)) / 2))
            var steps = 0
            while lower > span.lowerBound, lower < first, steps < room, !scalars[lower - 1].properties.isWhitespace {
                lower -= 1
                steps += 1
            }
            var upper = fittingEnd(from: lower, before: span.upperBound)
            // End at a word's end (a match cut by it is quoted below the sentence instead).
            var end = upper
            while end > lower + room / 2, end < span.upperBound, !scalars[end].properties.isWhitespace { end -= 1 }
            if end > lower + room / 2 { upper = end }
            return lower..<upper
        }

        /// The text of `range`, cut with `…` after about `room` columns.
        func clipped(_ range: Range<Int>) -> String {
            let upper = fittingEnd(from: range.lowerBound, before: range.upperBound)
            return text(range.lowerBound..<upper) + (upper < range.upperBound ? "…" : "")
        }

        /// The furthest end, up to `limit` and `scalarLimit` scalars on, at which the text from `lower` takes at most
        /// `room - 2` columns: a binary search, as the columns never shrink when the text grows.
        private func fittingEnd(from lower: Int, before limit: Int) -> Int {
            var low = lower
            var high = min(limit, lower + scalarLimit)
            while low < high {
                let middle = (low + high + 1) / 2
                if TextWrapper.width(text(lower..<middle)) <= room - 2 { low = middle } else { high = middle - 1 }
            }
            return low
        }
    }

    /// The reply's sentences (by the tokenizer, ending at a line break too) that hold evidence, as
    /// scalar ranges without surrounding spaces; sentences a match runs across are joined.
    private func sentenceSpans(covering evidence: [Evidence], in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let tokenized = Tokenizer.tokenize(reply)
        var starts = tokenized.sentences.dropFirst().compactMap { sentence in
            sentence.tokens.first.map { tokenized.tokens[$0].start }
        }
        starts += scalars.indices.filter { scalars[$0] == "\n" }.map { $0 + 1 }
        let allBounds = Array(Set([0] + starts + [scalars.count])).filter { $0 <= scalars.count }.sorted()
        // A match running across a boundary joins the sentences it spans: sweep the bounds and the
        // matches (by start) together, keeping how far the matches begun so far reach.
        let byStart = evidence.sorted { $0.start < $1.start }
        var bounds: [Int] = []
        var next = 0
        var reach = Int.min
        for bound in allBounds {
            while next < byStart.count, byStart[next].start < bound {
                reach = max(reach, byStart[next].end)
                next += 1
            }
            if reach <= bound { bounds.append(bound) }
        }
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

    /// One line per lemma or word class of a pattern (or of its concepts), `references`, that matched a word
    /// of the evidence.
    private func lexiconMatches(of references: [LexiconReference], in evidence: String, style: TerminalStyle)
        -> [String]
    {
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

    /// The references in `pattern` and, through `{name}`, in the concepts it uses (each once): `concepts`
    /// first, then the lexicon's sentence features for a name it does not hold.
    static func all(in pattern: String, concepts: [String: [String]]) -> [LexiconReference] {
        var found: [LexiconReference] = []
        var seen = Set<PatternReference>()
        func scan(_ text: String) {
            for reference in PatternParser.references(in: text) where seen.insert(reference).inserted {
                switch reference {
                case .concept(let name):
                    (concepts[name] ?? Lexicon.standardFeatureEntries[name])?.forEach(scan)
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
