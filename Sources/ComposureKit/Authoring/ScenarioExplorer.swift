/// Walks a scenario automatically to find the beats, transitions and endings replies can reach.
///
/// Replies are assembled from the rubric's own signal examples: for every transition,
/// one reply that shows the signals its conditions ask for; plus a reply that shows
/// nothing. A breadth-first search over engine states tries every such reply at every
/// step (so mood thresholds are crossed the ways real sessions cross them), and seeded
/// random walks add longer paths. The result is a coverage report, like a test runner's.
package struct ScenarioExplorer: Sendable {
    /// What exploring found.
    package struct Coverage: Sendable {
        /// Beats visited.
        package var beats: Set<String> = []
        /// Transitions taken, as `beat#index`.
        package var transitions: Set<String> = []
        /// Endings reached, each with the shortest list of replies that reached it.
        package var endings: [String: [String]] = [:]
        /// Engine states examined.
        package var statesExplored = 0
    }

    /// The scenario explored.
    package let scenario: Scenario
    /// Its rubric's grader.
    package let grader: Grader
    /// The candidate replies, built from the rubric's examples.
    package let replies: [String]

    /// Prepares an explorer.
    package init(scenario: Scenario, rubric: Rubric) {
        self.scenario = scenario
        self.grader = Grader(rubric: rubric)
        self.replies = Self.candidateReplies(scenario: scenario, rubric: rubric)
    }

    /// One reply per distinct set of signals the transitions ask for, plus a reply that shows nothing.
    static func candidateReplies(scenario: Scenario, rubric: Rubric) -> [String] {
        var example: [String: String] = [:]
        for signal in rubric.signals where signal.side != .customer {
            if let first = signal.firingExamples.first { example[signal.id] = first.text }
        }
        var wanted: [[String]] = [[]]
        for beat in scenario.beats {
            for transition in beat.next {
                var signals: [String] = []
                for condition in transition.conditions {
                    switch condition {
                    case .all(let names), .ever(let names): signals += names
                    case .any(let names), .everAny(let names): signals += names.prefix(1)
                    default: break
                    }
                }
                wanted.append(signals)
                // Each signal of an `any` on its own too, so every alternative is tried.
                for condition in transition.conditions {
                    switch condition {
                    case .any(let names), .everAny(let names): wanted += names.map { [$0] }
                    default: break
                    }
                }
            }
        }
        for signal in scenario.effects.keys.sorted() { wanted.append([signal]) }
        var seen = Set<String>()
        var replies: [String] = []
        for signals in wanted {
            let text = signals.isEmpty ? "Okay." : signals.compactMap { example[$0] }.joined(separator: " ")
            if !text.isEmpty, seen.insert(text).inserted { replies.append(text) }
        }
        return replies
    }

    /// Explores: a bounded breadth-first search, then `walks` seeded random walks.
    package func explore(seed: UInt64 = 1, walks: Int = 100, stateLimit: Int = 4_000) -> Coverage {
        var coverage = Coverage()
        coverage.beats.insert(scenario.start)
        var start = Engine(scenario: scenario, grader: grader, seed: seed)
        _ = start.opening()
        var queue: [(Engine, [String])] = [(start, [])]
        var seen = Set<String>()
        var head = 0
        while head < queue.count, coverage.statesExplored < stateLimit {
            let (engine, path) = queue[head]
            head += 1
            for reply in replies {
                var next = engine
                let step = next.respond(to: reply)
                coverage.statesExplored += 1
                record(step, into: &coverage, path: path + [reply])
                guard !next.isOver else { continue }
                let key = "\(next.beat)|\(next.mood)|\(next.beatTurns)|\(next.shown.sorted().joined(separator: ","))"
                if seen.insert(key).inserted { queue.append((next, path + [reply])) }
            }
        }
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<walks {
            var engine = Engine(scenario: scenario, grader: grader, seed: generator.next())
            _ = engine.opening()
            var path: [String] = []
            while !engine.isOver {
                let reply = replies[Int(generator.next() % UInt64(replies.count))]
                path.append(reply)
                let step = engine.respond(to: reply)
                coverage.statesExplored += 1
                record(step, into: &coverage, path: path)
            }
        }
        return coverage
    }

    private func record(_ step: Step, into coverage: inout Coverage, path: [String]) {
        if let transition = step.transition { coverage.transitions.insert("\(transition.beat)#\(transition.index)") }
        coverage.beats.insert(step.beat)
        if let ending = step.ending {
            if let known = coverage.endings[ending.id], known.count <= path.count { return }
            coverage.endings[ending.id] = path
        }
    }
}
