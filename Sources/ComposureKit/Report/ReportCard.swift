/// The end-of-session summary a trainee reads: outcome, score, every criterion with their own words.
package struct ReportCard: Sendable {
    /// The scenario's title.
    package var title: String
    /// How it ended.
    package var outcome: Outcome
    /// The ending's id, when one was reached.
    package var ending: String?
    /// Trainee replies.
    package var replies: Int
    /// The graded conversation.
    package var grade: GradeResult
    /// The reply after which the customer's mood turned most, with the change.
    package var turningPoint: TurningPoint?
    /// Each turn's text, by the turn's index, for quoting evidence to the end of its clause.
    package var texts: [String] = []

    /// The reply where the mood moved most decisively.
    package struct TurningPoint: Sendable {
        /// 1-based reply number.
        package var reply: Int
        /// The reply's text.
        package var text: String
        /// Anger before and after.
        package var before: Int
        package var after: Int
    }

    /// Builds the card from a finished (or abandoned) session.
    package init(engine: Engine) {
        title = engine.scenario.title
        outcome = engine.ending?.outcome ?? .abandoned
        ending = engine.ending?.id
        replies = engine.turns
        grade = engine.grade()
        turningPoint = Self.turningPoint(engine: engine, outcome: outcome)
        texts = engine.transcript.turns.map(\.text)
    }

    /// For a resolved session the reply whose own signals calmed most; otherwise the one whose signals
    /// angered most. The per-reply drift and an empty reply's anger name no reply: a turning point is
    /// something the trainee said. The meter has to have moved that way too: a reply the engine held level
    /// (an answer to a mistake, an ending's floor) is no turning point ("reply 1 angered the customer (anger
    /// 70 → 70)" on a card, blind scenario set 61).
    static func turningPoint(engine: Engine, outcome: Outcome) -> TurningPoint? {
        let history = engine.moodHistory
        let replies = engine.transcript.turns.filter { $0.role == .agent }.map(\.text)
        let calming = outcome == .resolved || outcome == .cancelled
        var best: Int?
        var bestMove = 0
        for (index, move) in engine.signalMoves.enumerated() where index + 1 < history.count {
            let moved = history[index + 1] - history[index]
            guard calming ? move < bestMove && moved < 0 : move > bestMove && moved > 0 else { continue }
            best = index
            bestMove = move
        }
        guard let best, best < replies.count else { return nil }
        return TurningPoint(reply: best + 1, text: replies[best], before: history[best], after: history[best + 1])
    }

    /// The card as text; `style` colours it on a terminal.
    package func render(style: TerminalStyle) -> String {
        var lines: [String] = []
        let rule = String(repeating: "─", count: 60)
        lines.append(rule)
        lines.append(style.bold("Report card: \(TerminalText.sanitised(title))"))
        let outcomeText: String
        switch outcome {
        case .resolved: outcomeText = style.green("resolved")
        case .cancelled: outcomeText = style.green("cancelled as asked")
        case .escalated: outcomeText = style.yellow("escalated")
        case .lost: outcomeText = style.red("lost")
        case .abandoned: outcomeText = style.yellow("abandoned (no ending reached)")
        }
        lines.append("Outcome: \(outcomeText) after \(replies) repl\(replies == 1 ? "y" : "ies")")
        var score = "Score:   \(grade.score)/100"
        if grade.isCapped {
            let fatal = grade.criteria.filter(\.isFatal).map(\.title)
            score += style.red(
                "  (capped: a fatal mistake" + (fatal.isEmpty ? "" : " in " + fatal.joined(separator: ", ")) + ")")
        }
        lines.append(score)
        lines.append("")
        lines += CriterionLines(layout: .reportCard, style: style, texts: texts).render(grade)
        if let point = turningPoint {
            lines.append("")
            let direction = point.after < point.before ? "calmed" : "angered"
            lines.append(
                "Turning point: reply \(point.reply) \(direction) the customer (anger \(point.before) → \(point.after))"
            )
            lines.append("     \u{201C}\(TerminalText.sanitised(point.text))\u{201D}")
        }
        lines.append(rule)
        return lines.joined(separator: "\n") + "\n"
    }
}
