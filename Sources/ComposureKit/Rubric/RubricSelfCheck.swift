/// Checks a rubric against its own declarations.
public enum RubricSelfCheck {
    /// Every signal example that does not fire, or stay silent, as declared.
    ///
    /// Examples are read as agent replies for agent-side signals and as customer
    /// lines for customer-side ones. A `reflection`-style signal that needs the
    /// customer's line cannot be exercised by a lone example, and only its silent
    /// examples are checked.
    /// - Returns: One diagnostic per disagreeing example, at the example's line and column.
    /// - Parameter only: The signals to check (default: all); a scenario checks its own.
    public static func examples(of rubric: Rubric, only: Set<String>? = nil) -> [Diagnostic] {
        let grader = Grader(rubric: rubric)
        var problems: [Diagnostic] = []
        for signal in rubric.signals where only?.contains(signal.id) ?? true {
            let role: Role = signal.side == .customer ? .customer : .agent
            for example in signal.firingExamples where !grader.detect(example.text, role: role).contains(signal.id) {
                problems.append(
                    diagnostic(example, "example should fire signal '\(signal.id)' but does not"))
            }
            for example in signal.silentExamples where grader.detect(example.text, role: role).contains(signal.id) {
                let evidence = grader.detect(example.text, role: role).evidence(for: signal.id).first?.text ?? ""
                problems.append(
                    diagnostic(
                        example,
                        "example should not fire signal '\(signal.id)' but does (on \u{201C}\(evidence)\u{201D})"
                    ))
            }
        }
        return problems
    }

    private static func diagnostic(_ example: PatternSource, _ message: String) -> Diagnostic {
        Diagnostic(
            file: example.location.file, line: example.location.line, column: example.location.column,
            message: message)
    }
}
