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
            result.score >= result.passMark
            ? style.green(scoreText) : result.score >= 40 ? style.yellow(scoreText) : style.red(scoreText)
        var head = "\(style.bold(TerminalText.sanitised(result.id)))  score \(coloured)"
        if result.isCapped { head += style.red("  (capped: fatal mistake)") }
        lines.append(head)
        lines += CriterionLines(layout: .grade, style: style).render(result)
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
