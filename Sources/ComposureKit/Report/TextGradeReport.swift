/// The human-readable `grade` report: one block per conversation, then totals.
struct TextGradeReport {
    let style: TerminalStyle

    init(colour: Bool) {
        style = TerminalStyle(enabled: colour)
    }

    func render(_ result: GradeResult) -> String {
        var lines: [String] = []
        let scoreText = "\(result.score)/100"
        let coloured =
            result.score >= 70
            ? style.green(scoreText) : result.score >= 40 ? style.yellow(scoreText) : style.red(scoreText)
        var head = "\(style.bold(TerminalText.sanitised(result.id)))  score \(coloured)"
        if result.isCapped { head += style.red("  (capped: fatal mistake)") }
        lines.append(head)
        let width = result.criteria.map(\.id.count).max() ?? 8
        for criterion in result.criteria {
            let name = criterion.id.padding(toLength: width, withPad: " ", startingAt: 0)
            switch criterion.verdict {
            case .notApplicable:
                lines.append(style.dim("  –  \(name)  not applicable"))
                continue
            case .pass:
                lines.append("  \(style.green("✓"))  \(name)  \(criterion.score ?? 0)")
            case .fail:
                let mark = criterion.isFatal ? style.red("✗!") : style.red("✗ ")
                lines.append(" \(mark)  \(name)  \(criterion.score ?? 0)")
            }
            for item in criterion.evidence {
                let quote = TerminalText.sanitised(item.evidence.text)
                let label = item.supports ? style.green(item.signal) : style.red(item.signal)
                lines.append("       turn \(item.turn + 1) \(label): \u{201C}\(quote)\u{201D}")
            }
            if criterion.verdict == .fail, !criterion.feedback.isEmpty {
                lines.append("       " + style.dim(TerminalText.sanitised(criterion.feedback)))
            }
        }
        return lines.joined(separator: "\n") + "\n\n"
    }

    func summary(_ summary: GradeSummary) -> String {
        guard summary.graded > 0 || summary.skipped > 0 else { return "" }
        var text = "\(summary.graded) conversation\(summary.graded == 1 ? "" : "s") graded"
        if let mean = summary.meanScore { text += ", mean score \(Int(mean.rounded()))" }
        if summary.skipped > 0 { text += ", " + style.red("\(summary.skipped) skipped") }
        return text + "\n"
    }
}
