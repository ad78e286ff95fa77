/// A graded conversation's criteria as terminal lines: a mark (✓, ✗, or ✗! for the fatal mistake that
/// capped the score), the criterion, its points, the words that decided it, and a failure's feedback.
///
/// One piece of code for both places a terminal shows criteria, each in its own layout: `grade`'s text
/// report (ids, every piece of evidence by turn, criteria that did not apply in place) and the report card
/// (titles, three quotes by reply, criteria that did not apply named at the end).
struct CriterionLines {
    /// Where the lines are shown.
    enum Layout {
        /// `grade`'s text report.
        case grade
        /// The report card at the end of a session.
        case reportCard
    }

    let layout: Layout
    let style: TerminalStyle
    /// The report card's turn texts by index, so a quote that stops short ("I've pushed a") is carried on to
    /// the end of its clause; empty for `grade`, which shows the matched words exactly.
    var texts: [String] = []

    /// The lines for every criterion of `grade`.
    func render(_ grade: GradeResult) -> [String] {
        var lines: [String] = []
        let width = grade.criteria.map { DisplayWidth.of($0.id) }.max() ?? 8
        for criterion in grade.criteria {
            if criterion.verdict == .notApplicable {
                if layout == .grade {
                    lines.append(style.dim("  –  \(padded(criterion.id, to: width))  not applicable"))
                }
                continue
            }
            lines.append(heading(criterion, width: width))
            switch layout {
            case .grade:
                lines += criterion.evidence.map { evidence($0) }
            case .reportCard:
                lines += criterion.evidence.prefix(3).map { quote($0, in: grade) }
            }
            // The report card always gives a failure's feedback line; `grade` only when there is feedback.
            if criterion.verdict == .fail, layout == .reportCard || !criterion.feedback.isEmpty {
                lines.append(indent + style.dim(TerminalText.sanitised(criterion.feedback)))
            }
        }
        let skipped = grade.criteria.filter { $0.verdict == .notApplicable }.map(\.title)
        if layout == .reportCard, !skipped.isEmpty {
            lines.append(style.dim("   Not applicable here: " + skipped.joined(separator: ", ")))
        }
        return lines
    }

    private var indent: String { layout == .grade ? "       " : "     " }

    private func padded(_ text: String, to width: Int) -> String {
        DisplayWidth.fitted(text, to: width)
    }

    /// The mark, the criterion and its points.
    private func heading(_ criterion: CriterionResult, width: Int) -> String {
        let points = String(criterion.score ?? 0)
        let fail = style.red(criterion.isFatal ? "✗!" : "✗ ")
        switch layout {
        case .grade:
            let name = padded(criterion.id, to: width)
            return criterion.verdict == .pass
                ? "  \(style.green("✓"))  \(name)  \(points)" : " \(fail)  \(name)  \(points)"
        case .reportCard:
            let mark = criterion.verdict == .pass ? style.green("✓ ") : fail
            let title = style.bold(padded(criterion.title, to: 20))
            return " \(mark)\(title) \(String(repeating: " ", count: max(0, 3 - points.count)))\(points)"
        }
    }

    /// `grade`'s evidence line: the turn, the signal (green when it supports the verdict) and the words.
    private func evidence(_ item: TurnEvidence) -> String {
        let label = item.supports ? style.green(item.signal) : style.red(item.signal)
        return "\(indent)turn \(item.turn + 1) \(label): \u{201C}\(TerminalText.sanitised(item.evidence.text))\u{201D}"
    }

    /// The report card's quote: the trainee's reply number, the words and the signal in plain words, all
    /// red when it counts against the criterion.
    private func quote(_ item: TurnEvidence, in grade: GradeResult) -> String {
        let words =
            item.turn < texts.count ? EvidenceQuote.clause(of: item.evidence, in: texts[item.turn]) : item.evidence.text
        let quote = TerminalText.sanitised(words)
        let label = item.signal.replacingOccurrences(of: "_", with: " ")
        // Agent turns alternate with customer turns; the first customer line is turn 0.
        let reply = grade.turns.prefix(item.turn + 1).filter { $0.role == .agent && $0.origin == .person }.count
        let said = "\(indent)reply \(reply): \u{201C}\(quote)\u{201D} (\(label))"
        return item.supports ? said : style.red(said)
    }
}

/// How the report card quotes a piece of evidence.
package enum EvidenceQuote {
    /// The evidence's words carried on to the end of their sentence, as the tokenizer splits sentences (the
    /// one the detector read), so a card quotes "I've pushed a fix to your unit" rather than the matched
    /// "I've pushed a"; at most `limit` Unicode scalars, cut after a whole word with "…". The evidence as it
    /// is when its span does not hold its words in `text` (a redacted or rewritten turn).
    package static func clause(of evidence: Evidence, in text: String, limit: Int = 90) -> String {
        let tokenized = Tokenizer.tokenize(text)
        guard evidence.start < evidence.end, tokenized.quote(from: evidence.start, to: evidence.end) == evidence.text,
            let last = tokenized.tokens.lastIndex(where: { $0.start < evidence.end })
        else { return evidence.text }
        let sentence = tokenized.sentences[tokenized.tokens[last].sentence]
        // Emoji stand between sentences for patterns, but not for a quote: "sorry 🙏 we'll reopen at 9" runs on
        // through an emoji that no full stop, question mark or line break comes before or after.
        var upper = sentence.tokens.upperBound
        var next = tokenized.tokens[last].sentence + 1
        while next + 1 < tokenized.sentences.count,
            tokenized.tokens[tokenized.sentences[next].tokens].allSatisfy({ Tokenizer.isSymbol($0.text) }),
            !endsASentence(
                tokenized.quote(
                    from: tokenized.tokens[upper - 1].end,
                    to: tokenized.tokens[tokenized.sentences[next + 1].tokens.lowerBound].start))
        {
            upper = tokenized.sentences[next + 1].tokens.upperBound
            next += 2
        }
        var end = evidence.end
        var cut = false
        for token in tokenized.tokens[(last + 1)..<upper] where token.end > end {
            if token.end - evidence.start > limit {
                cut = true
                break
            }
            end = token.end
        }
        let words = tokenized.quote(from: evidence.start, to: end)
        return cut ? words + "…" : words
    }

    /// Whether `gap` (the text between two words) holds what ends a sentence.
    private static func endsASentence(_ gap: String) -> Bool {
        gap.unicodeScalars.contains { scalar in
            switch Tokenizer.classify(scalar) {
            case .terminator, .lineBreak: return true
            default: return false
            }
        }
    }
}
