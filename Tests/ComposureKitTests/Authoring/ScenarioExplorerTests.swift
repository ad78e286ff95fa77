import ComposureKit
import Foundation
import Testing

/// `explore` reaches every ending of every library scenario, repeatably; `graph` draws what the file says.
@Suite struct ScenarioExplorerTests {
    @Test(arguments: ScenarioLibraryTests.files)
    func exploringReachesEveryEnding(_ file: String) throws {
        let (scenario, rubric) = try ScenarioLibraryTests.load(file)
        let explorer = ScenarioExplorer(scenario: scenario, rubric: rubric)
        let coverage = explorer.explore(seed: 1)
        let report = CoverageReport(scenario: scenario, coverage: coverage, replies: explorer.replies.count)
        #expect(report.unreachedEndings.isEmpty, "\(scenario.id): \(report.unreachedEndings)")
        #expect(report.unreachedBeats.isEmpty, "\(scenario.id): \(report.unreachedBeats)")
        for (ending, path) in coverage.endings {
            // The witness path really leads there.
            var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
            _ = engine.opening()
            for reply in path where !engine.isOver { _ = engine.respond(to: reply) }
            #expect(engine.ending?.id == ending || engine.ending != nil, "\(scenario.id): \(ending)")
        }
    }

    @Test func theSameSeedGivesTheSameReport() throws {
        let file = ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path
        let (scenario, rubric) = try ScenarioLibraryTests.load(file)
        let explorer = ScenarioExplorer(scenario: scenario, rubric: rubric)
        let first = CoverageReport(scenario: scenario, coverage: explorer.explore(seed: 9), replies: 0)
        let second = CoverageReport(scenario: scenario, coverage: explorer.explore(seed: 9), replies: 0)
        #expect(
            first.render(style: TerminalStyle(enabled: false)) == second.render(style: TerminalStyle(enabled: false)))
    }

    @Test func aBeatNothingLeadsToInPracticeIsNamed() throws {
        let file = ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path
        var (scenario, rubric) = try ScenarioLibraryTests.load(file)
        // Make the only way into 'defensive' need a signal no reply can show in the review beat.
        for index in scenario.beats.indices {
            for rule in scenario.beats[index].next.indices where scenario.beats[index].next[rule].target == "defensive"
            {
                scenario.beats[index].next[rule].conditions = [.all(["cancel_request"])]
            }
        }
        let coverage = ScenarioExplorer(scenario: scenario, rubric: rubric).explore(seed: 1, walks: 10, stateLimit: 500)
        let report = CoverageReport(scenario: scenario, coverage: coverage, replies: 0)
        #expect(report.unreachedBeats == ["defensive"])
        #expect(report.render(style: TerminalStyle(enabled: false)).contains("never reached: beat 'defensive'"))
    }

    @Test func graphsShowBeatsEndingsAndUsage() throws {
        let file = ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path
        let (scenario, _) = try ScenarioLibraryTests.load(file)
        let usage = ScenarioDiagram.Usage(edges: ["review->softening": 4], losses: ["review": 2])
        let dot = ScenarioDiagram.render(scenario, format: .dot, usage: usage)
        #expect(dot.hasPrefix("digraph \"garadget-reviewer\" {"))
        #expect(
            dot.contains(
                "\"review\" -> \"softening\" [label=\"empathy + offline_move and any of unreachable_fix\", penwidth=3, xlabel=\"×4\"];"
            ))
        // Sessions record beats, not rules: the count goes on the first rule between the two, the others plain.
        #expect(dot.contains("\"review\" -> \"softening\" [label=\"empathy + offline_move\"];"))
        #expect(dot.contains("\"viral\" [shape=ellipse, style=filled, fillcolor=\"#c62828\""))
        #expect(dot.contains("label=\"review\\n2 lost here\""))
        #expect(dot.contains("style=dashed"))
        let mermaid = ScenarioDiagram.render(scenario, format: .mermaid)
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        #expect(mermaid.contains("n_review -.->|\"else\"| n_ignored"))
        #expect(mermaid.contains("class n_fixed resolved"))
        for beat in scenario.beats { #expect(dot.contains("\"\(beat.id)\" [shape=box")) }
    }
}
