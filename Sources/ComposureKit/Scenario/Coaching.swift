/// Short coaching for a trainee in the middle of a session.
package enum Coaching {
    /// A suggestion from the first criterion failing so far, judged exactly as the report card will
    /// judge it, with the scenario's better wording when it gives one.
    package static func hint(for engine: Engine) -> String {
        let rubric = engine.grader.rubric
        let context = ConversationContext(rubric: rubric, transcript: engine.transcript, turns: engine.turnResults)
        // Before the first reply nothing has failed yet: point at the first expectation already open.
        let failing = { (criterion: Criterion) -> Bool in
            engine.turns == 0
                ? !criterion.expect.isEmpty && context.opening(of: criterion.when) != nil
                : context.evaluate(criterion).verdict == .fail
        }
        for criterion in rubric.criteria where failing(criterion) {
            var text = "\(criterion.title): \(criterion.feedback.miss)"
            if !criterion.feedback.example.isEmpty {
                text += "\n  For example: \u{201C}\(criterion.feedback.example)\u{201D}"
            }
            return text
        }
        return "You're doing what the rubric asks. Keep it calm, concrete and honest."
    }

    /// Why signals of the reply at turn `turn` count for nothing with a criterion that asks for them
    /// within its first replies (`within`), one sentence per such criterion, for `/why`.
    package static func uncounted(atTurn turn: Int, in engine: Engine) -> [String] {
        let rubric = engine.grader.rubric
        guard let reply = engine.turnResults.first(where: { $0.index == turn }) else { return [] }
        let shown = Set(reply.signals.map(\.signal))
        let context = ConversationContext(rubric: rubric, transcript: engine.transcript, turns: engine.turnResults)
        var notes: [String] = []
        for criterion in rubric.criteria {
            guard let within = criterion.within, let signal = criterion.expect.first(where: shown.contains),
                let opened = context.opening(of: criterion.when)
            else { continue }
            let replies = engine.turnResults.filter { $0.role == .agent && $0.index >= opened && $0.index <= turn }
            guard replies.count > within else { continue }
            let limit = within == 1 ? "your first reply" : "the first \(within) replies"
            notes.append(
                "Your \(ConversationContext.name(of: signal, for: criterion, in: rubric)) here does not count for \(criterion.title): it asks for it within \(limit)."
            )
        }
        return notes
    }

    /// One line per signal found in a reply, with the words that fired it.
    package static func signals(in detection: Detection, style: TerminalStyle) -> [String] {
        detection.hits.map { hit in
            let words = hit.evidence.map { "\u{201C}\(TerminalText.sanitised($0.text))\u{201D}" }.joined(
                separator: ", ")
            return "\(style.cyan(hit.signal)) \(words)"
        }
    }
}
