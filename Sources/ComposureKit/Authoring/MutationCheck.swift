/// Checks that every criterion can fail: its own passing example, mutated, must fail it.
///
/// Each criterion's `feedback.example` (the better wording it recommends) is played
/// as the agent's reply in a conversation built to open the criterion's context from
/// the rubric's own pieces (a channel, a fact, a customer line that fires the context's
/// signal). It must pass. Then it is mutated — the sentences that showed the expected
/// signal dropped; a guarantee, a retention offer, an insult and each forbidden
/// signal's example added — and at least one mutation must make it fail. A criterion
/// no mutation can fail checks nothing, and is reported.
package enum MutationCheck {
    /// Signals whose examples are added as mutations, when the rubric defines them.
    static let addedSignals = ["guarantee", "retention_offer", "insult"]

    /// A warning for each criterion whose example does not pass it, or that no mutation fails.
    package static func check(_ rubric: Rubric) -> [Diagnostic] {
        let grader = Grader(rubric: rubric)
        var problems: [Diagnostic] = []
        for criterion in rubric.criteria {
            let example = criterion.feedback.example
            guard !example.isEmpty else {
                problems.append(
                    warning(
                        "criterion '\(criterion.id)' has no feedback example, so the mutation check cannot show it can fail",
                        criterion.location))
                continue
            }
            guard let setting = setting(opening: criterion.when, in: rubric) else {
                problems.append(
                    warning("criterion '\(criterion.id)': no conversation can open its 'when'", criterion.location))
                continue
            }
            func verdict(_ reply: String) -> Verdict? {
                var transcript = setting
                transcript.turns.append(Turn(role: .agent, text: reply))
                return grader.grade(transcript).criterion(criterion.id)?.verdict
            }
            guard verdict(example) == .pass else {
                problems.append(
                    warning(
                        "criterion '\(criterion.id)': its own feedback example does not pass it (\(verdict(example)?.rawValue ?? "?"))",
                        criterion.location))
                continue
            }
            let mutations = self.mutations(of: example, for: criterion, rubric: rubric, grader: grader)
            if !mutations.contains(where: { verdict($0.reply) == .fail }) {
                let tried = mutations.map(\.name).joined(separator: ", ")
                problems.append(
                    warning(
                        "criterion '\(criterion.id)' cannot fail: no mutation of its example (\(tried)) makes it fail",
                        criterion.location))
            }
        }
        return problems
    }

    /// The mutated replies, each with a name for messages.
    static func mutations(
        of example: String, for criterion: Criterion, rubric: Rubric, grader: Grader
    ) -> [(name: String, reply: String)] {
        var result: [(String, String)] = []
        let expected = criterion.expect + criterion.then
        if !expected.isEmpty {
            // Drop every sentence that shows an expected signal ("drops the apology").
            let tokens = Tokenizer.tokenize(example)
            let detection = grader.detect(example)
            let spans = expected.flatMap { detection.evidence(for: $0) }
            let kept = tokens.sentences.filter { sentence in
                guard let first = sentence.tokens.first, let last = sentence.tokens.last else { return true }
                let start = tokens.tokens[first].start
                let end = tokens.tokens[last].end
                return !spans.contains { $0.start < end && $0.end > start }
            }
            let text = kept.map { tokens.quote(tokens: $0.tokens) }.joined(separator: ". ")
            result.append(("drop the \(expected.joined(separator: "/"))", text.isEmpty ? "Okay." : text + "."))
        }
        for signal in addedSignals + criterion.forbid {
            guard let definition = rubric.signal(signal), let added = definition.firingExamples.first?.text else {
                continue
            }
            if result.contains(where: { $0.0 == "add a \(signal)" }) { continue }
            result.append(("add a \(signal)", example + " " + added))
        }
        return result
    }

    /// A conversation up to the agent's reply that opens `expression`, or nil if none can.
    static func setting(opening expression: ContextExpression, in rubric: Rubric) -> Transcript? {
        let names = Array(Set(expression.names)).sorted()
        guard names.count <= 8 else { return nil }
        for mask in 0..<(1 << names.count) {
            let on = names.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
            var transcript = Transcript(id: "mutation-check", channel: "chat", turns: [])
            var customerLines: [String] = []
            for name in on {
                guard let definition = rubric.contexts.first(where: { $0.name == name }) else { continue }
                switch definition.source {
                case .channel(let channels): transcript.channel = channels.first
                case .fact(let fact): transcript.meta[fact] = "yes"
                case .customerSignal(let signals):
                    if let line = signals.lazy.compactMap({ rubric.signal($0)?.firingExamples.first?.text }).first {
                        customerLines.append(line)
                    }
                }
            }
            let line = customerLines.isEmpty ? "Can you help me with my account?" : customerLines.joined(separator: " ")
            transcript.turns = [Turn(role: .customer, text: line)]
            let turns = Grader(rubric: rubric).signals(in: transcript)
            let context = ConversationContext(rubric: rubric, transcript: transcript, turns: turns)
            if context.opening(of: expression) != nil { return transcript }
        }
        return nil
    }

    private static func warning(_ message: String, _ location: SourceLocation) -> Diagnostic {
        Diagnostic(
            file: location.file, line: location.line, column: location.column, severity: .warning, message: message)
    }
}
