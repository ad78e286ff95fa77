/// The text of `composure explore`: what was reached, and what never was.
package struct CoverageReport: Sendable {
    /// The scenario.
    package let scenario: Scenario
    /// What exploring found.
    package let coverage: ScenarioExplorer.Coverage
    /// How many candidate replies were tried.
    package let replies: Int

    /// Creates a report.
    package init(scenario: Scenario, coverage: ScenarioExplorer.Coverage, replies: Int) {
        self.scenario = scenario
        self.coverage = coverage
        self.replies = replies
    }

    /// Beats never visited.
    package var unreachedBeats: [String] { scenario.beats.map(\.id).filter { !coverage.beats.contains($0) } }
    /// Transitions never taken, as (beat, index, transition).
    package var untakenTransitions: [(String, Int, Transition)] {
        scenario.beats.flatMap { beat in
            beat.next.enumerated().compactMap { index, transition in
                coverage.transitions.contains("\(beat.id)#\(index)") ? nil : (beat.id, index, transition)
            }
        }
    }
    /// Endings never reached.
    package var unreachedEndings: [String] { scenario.endings.map(\.id).filter { coverage.endings[$0] == nil } }

    /// Whether every beat and ending was reached (transitions never taken are reported, not failed:
    /// a rule the walk-out threshold always pre-empts is a note for the author, not a broken scenario).
    package var isComplete: Bool { unreachedBeats.isEmpty && unreachedEndings.isEmpty }

    /// The report as text; names and file paths from the scenario pass through ``TerminalText/sanitised(_:keepingLineBreaks:)``.
    package func render(style: TerminalStyle) -> String {
        let clean = { (text: String) in TerminalText.sanitised(text) }
        let transitionCount = scenario.beats.reduce(0) { $0 + $1.next.count }
        func ratio(_ reached: Int, _ total: Int) -> String {
            let percent = total == 0 ? 100 : reached * 100 / total
            let text = "\(reached)/\(total) (\(percent)%)"
            return reached == total ? style.green(text) : style.yellow(text)
        }
        var lines = [
            style.bold("Coverage of \(clean(scenario.id))")
                + " — \(coverage.statesExplored) steps, \(replies) candidate replies",
            "  beats        \(ratio(scenario.beats.count - unreachedBeats.count, scenario.beats.count))",
            "  transitions  \(ratio(transitionCount - untakenTransitions.count, transitionCount))",
            "  endings      \(ratio(scenario.endings.count - unreachedEndings.count, scenario.endings.count))",
        ]
        for ending in scenario.endings {
            guard let path = coverage.endings[ending.id] else { continue }
            lines.append(
                "  reached \(clean(ending.id)) (\(ending.outcome.rawValue)) in \(path.count) repl\(path.count == 1 ? "y" : "ies")"
            )
        }
        let beatLocations = Dictionary(scenario.beats.map { ($0.id, $0.location) }) { first, _ in first }
        for beat in unreachedBeats {
            lines.append(
                style.red("  never reached: beat '\(clean(beat))'")
                    + " (\(clean(beatLocations[beat].map { "\($0)" } ?? "")))")
        }
        for (beat, index, transition) in untakenTransitions {
            let condition =
                transition.isElse ? "else" : transition.conditions.map(\.description).joined(separator: " and ")
            lines.append(
                style.yellow(
                    "  never taken: \(clean(beat)) rule \(index + 1) (\(clean(condition)) → \(clean(transition.target)))"
                )
                    + " (\(clean("\(transition.location)")))")
        }
        let endingLocations = Dictionary(scenario.endings.map { ($0.id, $0.location) }) { first, _ in first }
        for ending in unreachedEndings {
            lines.append(
                style.red("  never reached: ending '\(clean(ending))'")
                    + " (\(clean(endingLocations[ending].map { "\($0)" } ?? "")))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
