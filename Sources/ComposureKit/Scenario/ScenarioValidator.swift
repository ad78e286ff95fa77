import Yams

/// Checks a scenario's references and its graph of beats.
struct ScenarioValidator {
    let reader: YAMLReader
    let scenario: Scenario
    let rubric: Rubric
    let nodes: [(name: String, node: Node)]

    /// Checks every reference and the graph; each check is one pass (with sets for look-ups), so a
    /// scenario of tens of thousands of beats validates in time proportional to its size.
    func validate() {
        let signalIDs = rubric.signals.map(\.id)
        let knownSignals = Set(signalIDs)
        for (name, node) in nodes where !knownSignals.contains(name) {
            reader.error(
                "signal '\(name)' is not defined by rubric '\(rubric.id)'"
                    + reader.suggestion(for: name, among: signalIDs),
                at: node)
        }
        let beatIDs = scenario.beats.map(\.id)
        let endingIDs = scenario.endings.map(\.id)
        let targets = beatIDs + endingIDs
        let knownTargets = Set(targets)
        let knownBeats = Set(beatIDs)
        let knownEndings = Set(endingIDs)
        func checkTarget(_ name: String, at location: SourceLocation, what: String) {
            if !knownTargets.contains(name) {
                report(
                    "\(what) '\(name)' is neither a beat nor an ending"
                        + reader.suggestion(for: name, among: targets),
                    at: location)
            }
        }
        if !knownBeats.contains(scenario.start) {
            report(
                "'start' names '\(scenario.start)', which is not a beat"
                    + reader.suggestion(for: scenario.start, among: beatIDs),
                at: scenario.startLocation)
        }
        for ending in scenario.endings where knownBeats.contains(ending.id) {
            report("'\(ending.id)' is both a beat and an ending", at: ending.location)
        }
        for beat in scenario.beats {
            if beat.next.isEmpty {
                report("beat '\(beat.id)' has no way out: add 'next' with at least an 'else'", at: beat.location)
            }
            for (index, transition) in beat.next.enumerated() {
                checkTarget(transition.target, at: transition.targetLocation, what: "transition target")
                if transition.isElse, index < beat.next.count - 1 {
                    report(
                        "'else' must be the last transition of beat '\(beat.id)'; the ones after it never fire",
                        at: transition.location)
                }
            }
        }
        if let walkOut = scenario.mood.walkOutEnding, !knownEndings.contains(walkOut) {
            report(
                "'walk_out' names '\(walkOut)', which is not an ending"
                    + reader.suggestion(for: walkOut, among: endingIDs), at: scenario.startLocation)
        }
        if let timeout = scenario.timeoutEnding, !knownEndings.contains(timeout) {
            report(
                "'timeout' names '\(timeout)', which is not an ending"
                    + reader.suggestion(for: timeout, among: endingIDs), at: scenario.startLocation)
        }
        guard !reader.hasErrors else { return }
        checkGraph()
        checkTests()
    }

    private func report(_ message: String, at location: SourceLocation, severity: Diagnostic.Severity = .error) {
        if severity == .error {
            reader.error(message, at: location)
        } else {
            reader.append(reader.diagnostic(severity, message, at: location))
        }
    }

    /// Reachability: every beat reachable from `start`, and an ending reachable from every beat.
    ///
    /// Two walks in all: forwards from `start`, and backwards from the endings (the beats that can reach
    /// one); a walk per beat took time in the square of the beats.
    private func checkGraph() {
        let graph = ScenarioGraph(scenario)
        let reachable = graph.reachable(from: [scenario.start])
        for beat in scenario.beats where !reachable.contains(beat.id) {
            report(
                "beat '\(beat.id)' is unreachable: no transition from '\(scenario.start)' leads to it",
                at: beat.location)
        }
        let leadToAnEnding = graph.reaching(scenario.endings.map(\.id))
        for beat in scenario.beats where reachable.contains(beat.id) && !leadToAnEnding.contains(beat.id) {
            report("beat '\(beat.id)' is a dead end: no ending can be reached from it", at: beat.location)
        }
        var extra = Set<String>()
        if let walkOut = scenario.mood.walkOutEnding { extra.insert(walkOut) }
        if let timeout = scenario.timeoutEnding { extra.insert(timeout) }
        for ending in scenario.endings where !reachable.contains(ending.id) && !extra.contains(ending.id) {
            report(
                "ending '\(ending.id)' is never reached: no transition leads to it", at: ending.location,
                severity: .warning)
        }
    }

    private func checkTests() {
        let criterionIDs = rubric.criteria.map(\.id)
        let knownCriteria = Set(criterionIDs)
        let endings = Set(scenario.endings.map(\.id))
        let places = endings.union(scenario.beats.map(\.id))
        for test in scenario.tests {
            if let ending = test.ending, !endings.contains(ending) {
                report(
                    "test '\(test.name)' expects ending '\(ending)', which does not exist"
                        + reader.suggestion(for: ending, among: scenario.endings.map(\.id)), at: test.location)
            }
            for beat in test.beats where !places.contains(beat) {
                report("test '\(test.name)' expects beat '\(beat)', which does not exist", at: test.location)
            }
            for (criterion, _) in test.criteria where !knownCriteria.contains(criterion) {
                report(
                    "test '\(test.name)' names criterion '\(criterion)', which rubric '\(rubric.id)' does not define"
                        + reader.suggestion(for: criterion, among: criterionIDs), at: test.location)
            }
            if test.replies.isEmpty { report("test '\(test.name)' has no replies", at: test.location) }
        }
    }
}

/// The beats and endings of a scenario as a directed graph.
struct ScenarioGraph {
    private var edges: [String: [String]] = [:]
    private var reverseEdges: [String: [String]] = [:]

    init(_ scenario: Scenario) {
        for beat in scenario.beats {
            edges[beat.id, default: []] += beat.next.map(\.target)
            for transition in beat.next { reverseEdges[transition.target, default: []].append(beat.id) }
        }
    }

    /// Everything reachable from `starts`, the starts included.
    func reachable(from starts: [String]) -> Set<String> {
        Self.walk(from: starts, along: edges)
    }

    /// Everything from which one of `goals` can be reached through at least one transition, and the goals.
    func reaching(_ goals: [String]) -> Set<String> {
        Self.walk(from: goals, along: reverseEdges)
    }

    private static func walk(from starts: [String], along edges: [String: [String]]) -> Set<String> {
        var seen = Set<String>()
        var stack = starts
        while let node = stack.popLast() {
            guard seen.insert(node).inserted else { continue }
            stack.append(contentsOf: edges[node] ?? [])
        }
        return seen
    }
}
