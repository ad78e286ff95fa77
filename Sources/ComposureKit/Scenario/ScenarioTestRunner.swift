/// Runs the scripted tests of a scenario.
public struct ScenarioTestRunner: Sendable {
    /// The outcome of one test.
    public struct Outcome: Sendable {
        /// The test.
        public var name: String
        /// Where the test is written.
        public var location: SourceLocation
        /// What did not match; empty when the test passed.
        public var failures: [String]
        /// The beats visited, endings included.
        public var path: [String]

        /// Whether the test passed.
        public var passed: Bool { failures.isEmpty }
    }

    /// The scenario under test.
    public let scenario: Scenario
    /// Its rubric.
    public let grader: Grader

    /// Creates a runner.
    public init(scenario: Scenario, rubric: Rubric) {
        self.scenario = scenario
        self.grader = Grader(rubric: rubric)
    }

    /// Runs every test of the scenario.
    public func run() -> [Outcome] {
        scenario.tests.map(run)
    }

    /// Runs one test.
    public func run(_ test: ScenarioTest) -> Outcome {
        var engine = Engine(scenario: scenario, grader: grader, seed: test.seed)
        _ = engine.opening()
        var failures: [String] = []
        for (index, reply) in test.replies.enumerated() {
            if engine.isOver {
                failures.append(
                    "the conversation ended at reply \(index) of \(test.replies.count) (ending '\(engine.ending?.id ?? "")')"
                )
                break
            }
            _ = engine.respond(to: reply)
        }
        let route = engine.path.joined(separator: " → ")
        if let expected = test.ending {
            let actual = engine.ending?.id
            if actual != expected {
                let where_ = engine.ending == nil ? "still in beat '\(engine.beat)'" : "ending '\(actual ?? "")'"
                failures.append(
                    "expected ending '\(expected)', got \(where_); path: \(route)\(partingNote(engine: engine, expected: expected))"
                )
            }
        }
        // Replies that run out before an ending leave the session abandoned, as in `play`.
        if let expected = test.outcome, (engine.ending?.outcome ?? .abandoned) != expected {
            failures.append(
                "expected outcome \(expected.rawValue), got \(engine.ending?.outcome.rawValue ?? "no ending yet"); path: \(route)"
            )
        }
        if !test.beats.isEmpty {
            var remaining = engine.path[...]
            var lastMatched = scenario.start
            for beat in test.beats {
                guard let found = remaining.firstIndex(of: beat) else {
                    let reached = lastMatched
                    failures.append(
                        "expected to visit '\(beat)' (in order \(test.beats.joined(separator: " → "))), but it was not reached; the paths parted after '\(reached)'; path: \(route)"
                    )
                    break
                }
                lastMatched = beat
                remaining = engine.path[(found + 1)...]
            }
        }
        if !test.criteria.isEmpty {
            let result = engine.grade()
            for (id, verdict) in test.criteria {
                let actual = result.criterion(id)?.verdict
                if actual != verdict {
                    let evidence =
                        result.criterion(id)?.evidence.first.map {
                            " (\($0.signal): \u{201C}\($0.evidence.text)\u{201D})"
                        } ?? ""
                    failures.append(
                        "expected criterion \(id) to \(verdict.rawValue), got \(actual?.rawValue ?? "nothing")\(evidence)"
                    )
                }
            }
        }
        return Outcome(name: test.name, location: test.location, failures: failures, path: engine.path)
    }

    private func partingNote(engine: Engine, expected: String) -> String {
        // The last beat from which the expected ending was still directly reachable.
        for beat in engine.path.reversed() {
            if let definition = scenario.beat(beat), definition.next.contains(where: { $0.target == expected }) {
                return "; beat '\(beat)' could have led to '\(expected)'"
            }
        }
        return ""
    }
}
