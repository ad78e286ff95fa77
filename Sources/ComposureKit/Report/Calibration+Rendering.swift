import Foundation

extension Calibration {
    /// The report for a terminal or a file: tables, rho, disagreements with quotes.
    ///
    /// Every id and quote from the input is passed through ``TerminalText/sanitised(_:keepingLineBreaks:)``.
    package func text() -> String {
        var out: [String] = []
        if isSatisfaction { out += [Self.satisfactionWarning, ""] }
        out.append("Calibration of the \(clean(rubric)) rubric against human scores from \(clean(humanSource))")
        out.append(matchingSummary())
        if !criteria.isEmpty { out += [""] + criterionTable() }
        if let score { out += [""] + scoreLines(score) }
        if !verdictsAgainstScore.isEmpty { out += [""] + verdictTable() }
        if let raters { out += [""] + raterLines(raters) }
        if !scoreDisagreements.isEmpty { out += [""] + scoreDisagreementLines() }
        if !criterionDisagreements.isEmpty { out += [""] + criterionDisagreementLines() }
        if !notes.isEmpty { out += ["", "Notes:"] + notes.map { "  - " + clean($0) } }
        if isSatisfaction { out += ["", "Remember: " + Self.satisfactionReminder] }
        return out.joined(separator: "\n") + "\n"
    }

    /// The one-line reminder repeated at the end of a satisfaction report.
    static let satisfactionReminder =
        "satisfaction is confounded with how bad the problem was; it is not a target for the rubric."

    private var scoreLabel: String { scoreName.map(clean) ?? "human score" }

    private func matchingSummary() -> String {
        var parts = ["\(matched) conversation(s) matched"]
        if !humansWithoutGrade.isEmpty {
            let shown = humansWithoutGrade.prefix(5).map(clean).joined(separator: ", ")
            let more = humansWithoutGrade.count > 5 ? ", ..." : ""
            parts.append("\(humansWithoutGrade.count) human row(s) have no graded conversation (\(shown)\(more))")
        }
        if gradedWithoutHumans > 0 { parts.append("\(gradedWithoutHumans) graded conversation(s) have no human row") }
        return parts.joined(separator: "; ")
    }

    private func criterionTable() -> [String] {
        let width = max(9, criteria.map(\.criterion.count).max() ?? 0) + 1
        var lines = [
            "Per criterion: Cohen's kappa on pass/fail, over conversations where both sides gave a verdict",
            pad("criterion", width) + "     n  both pass  both fail  grader only  humans only  agree  kappa  reading"
                + "          left out",
        ]
        var notes: [String] = []
        for row in criteria {
            let kappa = row.kappa
            let leftOut = row.graderNotApplicable + row.humanMissing
            var leftOutText = String(leftOut)
            if leftOut > 0 {
                leftOutText += " (grader n/a \(row.graderNotApplicable), humans blank \(row.humanMissing))"
            }
            lines.append(
                pad(clean(row.criterion), width) + right(row.count, 6) + right(row.bothPass, 11)
                    + right(row.bothFail, 11) + right(row.graderOnly, 13) + right(row.humansOnly, 13)
                    + right(ReportFigures.percent(row.observedAgreement), 7)
                    + right(Self.decimal(kappa), 7) + "  " + pad(Self.reading(kappa), 17) + leftOutText)
            if let note = row.note { notes.append("  \(clean(row.criterion)): \(note)") }
        }
        lines.append("grader only: the grader passed, the humans failed; humans only: the reverse.")
        return lines + notes
    }

    private func scoreLines(_ score: ScoreAgreement) -> [String] {
        var line =
            "Overall score against \(scoreLabel): Spearman's rho = \(Self.decimal(score.rho)) (n = \(score.count)"
        line += score.humanMissing > 0 ? "; \(score.humanMissing) without a human score left out)" : ")"
        var lines = [line]
        if let note = score.note { lines.append("  \(note)") }
        return lines
    }

    private func verdictTable() -> [String] {
        let width = max(9, verdictsAgainstScore.map(\.criterion.count).max() ?? 0) + 1
        var lines = [
            "The grader's verdicts against \(scoreLabel) (mean \(scoreLabel) where the grader passed or failed it)",
            pad("criterion", width) + "  passed  failed  mean if passed  mean if failed    rho",
        ]
        for row in verdictsAgainstScore {
            lines.append(
                pad(clean(row.criterion), width) + right(row.passes, 8) + right(row.fails, 8)
                    + right(Self.decimal(row.meanWhenPassed), 16) + right(Self.decimal(row.meanWhenFailed), 16)
                    + right(Self.decimal(row.rho), 7))
        }
        return lines
    }

    private func scoreDisagreementLines() -> [String] {
        let count = score?.count ?? 0
        var lines = ["Largest disagreements on the overall score (rank 1 = highest of \(count); ties share a rank)"]
        for (number, item) in scoreDisagreements.enumerated() {
            lines.append(
                "\(right(number + 1, 3)). \(clean(item.id)): grader \(item.graderScore) (rank \(Self.rank(item.graderRank))), "
                    + "\(scoreLabel) \(Self.decimal(item.humanScore)) (rank \(Self.rank(item.humanRank)))")
            for criterion in item.criteria {
                lines.append("       \(criterion.verdict.rawValue) \(clean(criterion.id))" + quotes(criterion.evidence))
            }
        }
        return lines
    }

    private func criterionDisagreementLines() -> [String] {
        var lines = ["Conversations with the most criterion disagreements"]
        for (number, item) in criterionDisagreements.enumerated() {
            lines.append("\(right(number + 1, 3)). \(clean(item.id)): \(item.mismatches.count) criterion(s)")
            for mismatch in item.mismatches {
                let evidence = mismatch.evidence.isEmpty ? "; the grader found no evidence" : quotes(mismatch.evidence)
                lines.append(
                    "       \(clean(mismatch.criterion)): grader \(mismatch.grader.rawValue), "
                        + "humans \(mismatch.humans.rawValue)\(evidence)")
            }
        }
        return lines
    }

    private func quotes(_ evidence: [GraderVerdicts.Quote]) -> String {
        guard !evidence.isEmpty else { return "" }
        let shown = evidence.prefix(3).map { quote in
            let words = clean(quote.text)
            let short = words.count > 80 ? String(words.prefix(79)) + "…" : words
            return "\u{201C}\(short)\u{201D} (\(clean(quote.signal))\(quote.supports ? "" : ", against"))"
        }
        return ": " + shown.joined(separator: "; ") + (evidence.count > 3 ? "; ..." : "")
    }

    func clean(_ text: String) -> String { TerminalText.sanitised(text) }

    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    func right(_ value: Int, _ width: Int) -> String { right(String(value), width) }

    func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(1, width - text.count)) + text
    }

    /// Landis and Koch's words for a kappa.
    package static func reading(_ kappa: Double?) -> String {
        guard let kappa else { return "undefined" }
        switch kappa {
        case ..<0: return "worse than chance"
        case ..<0.205: return "slight"
        case ..<0.405: return "fair"
        case ..<0.605: return "moderate"
        case ..<0.805: return "substantial"
        default: return "almost perfect"
        }
    }

    /// Two decimals, `–` for none; never `-0.00`; in scientific notation from 10^15 on (human scores are
    /// kept far below; this is the backstop).
    package static func decimal(_ value: Double?) -> String {
        value.map { NumberText.decimal($0, places: 2) } ?? NumberText.none
    }

    /// A rank: whole, or with `.5` for a tie.
    static func rank(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : "\(Int(value.rounded(.down))).5"
    }
}
