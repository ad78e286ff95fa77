import Yams

/// Checks a scenario's references and its graph of beats.
struct ScenarioValidator {
    let reader: YAMLReader
    let scenario: Scenario
    let rubric: Rubric
    let nodes: [(name: String, node: Node)]

    func validate() {
        let signalIDs = rubric.signals.map(\.id)
        for (name, node) in nodes where !signalIDs.contains(name) {
            reader.error(
                "signal '\(name)' is not defined by rubric '\(rubric.id)'"
                    + YAMLReader.suggestion(for: name, among: signalIDs),
                at: node)
        }
        let beatIDs = scenario.beats.map(\.id)
        let endingIDs = scenario.endings.map(\.id)
        let targets = beatIDs + endingIDs
        func checkTarget(_ name: String, at location: SourceLocation, what: String) {
            if !targets.contains(name) {
                report(
                    "\(what) '\(name)' is neither a beat nor an ending"
                        + YAMLReader.suggestion(for: name, among: targets),
                    at: location)
            }
        }
        if !beatIDs.contains(scenario.start) {
            report(
                "'start' names '\(scenario.start)', which is not a beat"
                    + YAMLReader.suggestion(for: scenario.start, among: beatIDs),
                at: scenario.startLocation)
        }
        var seenIDs: Set<String> = []
        for id in beatIDs + endingIDs where !seenIDs.insert(id).inserted {
            report("'\(id)' is both a beat and an ending", at: scenario.ending(id)?.location ?? scenario.startLocation)
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
        if let walkOut = scenario.mood.walkOutEnding, !endingIDs.contains(walkOut) {
            report(
                "'walk_out' names '\(walkOut)', which is not an ending"
                    + YAMLReader.suggestion(for: walkOut, among: endingIDs), at: scenario.startLocation)
        }
        if let timeout = scenario.timeoutEnding, !endingIDs.contains(timeout) {
            report(
                "'timeout' names '\(timeout)', which is not an ending"
                    + YAMLReader.suggestion(for: timeout, among: endingIDs), at: scenario.startLocation)
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
    private func checkGraph() {
        let graph = ScenarioGraph(scenario)
        let reachable = graph.reachable(from: [scenario.start])
        for beat in scenario.beats where !reachable.contains(beat.id) {
            report(
                "beat '\(beat.id)' is unreachable: no transition from '\(scenario.start)' leads to it",
                at: beat.location)
        }
        for beat in scenario.beats where reachable.contains(beat.id) {
            let ahead = graph.reachable(from: beat.next.map(\.target))
            if !ahead.contains(where: { scenario.ending($0) != nil }) {
                report("beat '\(beat.id)' is a dead end: no ending can be reached from it", at: beat.location)
            }
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
        for test in scenario.tests {
            if let ending = test.ending, scenario.ending(ending) == nil {
                report(
                    "test '\(test.name)' expects ending '\(ending)', which does not exist"
                        + YAMLReader.suggestion(for: ending, among: scenario.endings.map(\.id)), at: test.location)
            }
            for beat in test.beats where scenario.beat(beat) == nil && scenario.ending(beat) == nil {
                report("test '\(test.name)' expects beat '\(beat)', which does not exist", at: test.location)
            }
            for (criterion, _) in test.criteria where !criterionIDs.contains(criterion) {
                report(
                    "test '\(test.name)' names criterion '\(criterion)', which rubric '\(rubric.id)' does not define"
                        + YAMLReader.suggestion(for: criterion, among: criterionIDs), at: test.location)
            }
            if test.replies.isEmpty { report("test '\(test.name)' has no replies", at: test.location) }
        }
    }
}

/// The beats and endings of a scenario as a directed graph.
struct ScenarioGraph {
    private var edges: [String: [String]] = [:]

    init(_ scenario: Scenario) {
        for beat in scenario.beats { edges[beat.id] = beat.next.map(\.target) }
    }

    /// Everything reachable from `starts`, the starts included.
    func reachable(from starts: [String]) -> Set<String> {
        var seen = Set<String>()
        var stack = starts
        while let node = stack.popLast() {
            guard seen.insert(node).inserted else { continue }
            stack.append(contentsOf: edges[node] ?? [])
        }
        return seen
    }
}
