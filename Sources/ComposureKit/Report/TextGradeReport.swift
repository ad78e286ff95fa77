/// The human-readable `grade` report: one block per conversation, then totals.
struct TextGradeReport {
    let style: TerminalStyle

    init(colour: Bool) {
        style = TerminalStyle(enabled: colour)
    }

    func render(_ result: GradeResult, attribution: Attribution = Attribution()) -> String {
        var lines: [String] = []
        let scoreText = "\(result.score)/100"
        let coloured: String
        switch ScoreBands(passMark: result.passMark).band(Double(result.score)) {
        case .good: coloured = style.green(scoreText)
        case .middling: coloured = style.yellow(scoreText)
        case .poor: coloured = style.red(scoreText)
        }
        var head = "\(style.bold(TerminalText.sanitised(result.id)))  score \(coloured)"
        if result.isCapped { head += style.red("  (capped: fatal mistake)") }
        lines.append(head)
        if let line = Self.attributionLine(attribution) { lines.append("  " + style.dim(line)) }
        lines += CriterionLines(layout: .grade, style: style).render(result)
        return lines.joined(separator: "\n") + "\n\n"
    }

    /// `agent Ann Okafor · team Billing · chat · 2026-03-02 10:15 UTC`, the parts that are known, sanitised;
    /// nil when none is.
    static func attributionLine(_ attribution: Attribution) -> String? {
        var parts: [String] = []
        func add(_ label: String, _ value: String?) {
            // A value that is nothing but control characters says nothing once they are stripped.
            guard let value = value.map({ TerminalText.sanitised($0) }), !value.isEmpty else { return }
            parts.append(label + value)
        }
        add("agent ", attribution.agent)
        add("team ", attribution.team)
        add("", attribution.channel)
        if let time = attribution.time { parts.append(ReportFigures.minute(time)) }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    func summary(_ summary: GradeSummary) -> String {
        guard summary.graded > 0 || summary.skipped > 0 else { return "" }
        var text = "\(summary.graded) conversation\(summary.graded == 1 ? "" : "s") graded"
        if let mean = summary.meanScore { text += ", mean score \(Int(mean.rounded()))" }
        if summary.skipped > 0 { text += ", " + style.red("\(summary.skipped) skipped") }
        return text + "\n"
    }
}
