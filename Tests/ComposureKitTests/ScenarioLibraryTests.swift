import ComposureKit
import Foundation
import Testing

/// Every scenario in `Scenarios/` loads cleanly and passes its own scripted tests.
@Suite struct ScenarioLibraryTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let files = ScenarioCatalog.scenarioFiles(in: root.appendingPathComponent("Scenarios").path)

    static func load(_ file: String) throws -> (Scenario, Rubric) {
        try ScenarioCatalog(rubricsFolder: root.appendingPathComponent("Rubrics").path).load(path: file)
    }

    @Test func theLibraryHasAtLeastTenScenarios() {
        #expect(Self.files.count >= 10, "\(Self.files.map { ($0 as NSString).lastPathComponent })")
    }

    @Test(arguments: files)
    func scenarioPassesItsTests(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        #expect(scenario.beats.count >= 6, "at least 6 beats")
        #expect(scenario.endings.count >= 3, "at least 3 endings")
        #expect(scenario.tests.count >= 3, "tests for the good path, the trap and another ending")
        let outcomes = ScenarioTestRunner(scenario: scenario, rubric: rubric).run()
        for outcome in outcomes {
            #expect(outcome.passed, "\(scenario.id): \(outcome.name): \(outcome.failures.joined(separator: "; "))")
        }
        let endingsReached = Set(outcomes.compactMap(\.path.last))
        #expect(endingsReached.count >= 3, "\(scenario.id)'s tests reach \(endingsReached.sorted())")
    }

    @Test(arguments: files)
    func lineVariantsAreSeededAndRepeatable(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        let grader = Grader(rubric: rubric)
        func run(seed: UInt64) -> [String] {
            var engine = Engine(scenario: scenario, grader: grader, seed: seed)
            var lines = engine.opening()
            for reply in ["I hear you.", "Let me look into it.", "Sorry about that."] where !engine.isOver {
                lines += engine.respond(to: reply).customerLines
            }
            return lines
        }
        #expect(run(seed: 11) == run(seed: 11))
        for beat in scenario.beats {
            #expect(beat.customer.count >= 2, "\(scenario.id): beat '\(beat.id)' has several variants")
        }
    }
}

/// A scenario test that does not hold fails with expected and actual, and where the paths parted.
@Suite struct ScenarioTestRunnerTests {
    @Test func aBrokenScenarioTestFailsClearly() throws {
        let file = ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path
        var (scenario, rubric) = try ScenarioLibraryTests.load(file)
        scenario.tests = [
            ScenarioTest(
                name: "a reply that retaliates cannot resolve it",
                replies: ["Your poor impulse control is showing. Your unit will be denied server connection."],
                seed: 1, ending: "fixed", outcome: .resolved, beats: ["review", "softening"],
                criteria: [("keep_cool", .pass)], location: SourceLocation(file: file, line: 1, column: 1))
        ]
        let outcome = try #require(ScenarioTestRunner(scenario: scenario, rubric: rubric).run().first)
        #expect(!outcome.passed)
        #expect(
            outcome.failures.contains {
                $0.hasPrefix("expected ending 'fixed', got ending 'viral'; path: review → viral")
            })
        #expect(outcome.failures.contains { $0.hasPrefix("expected outcome resolved, got lost") })
        #expect(
            outcome.failures.contains {
                $0.contains("expected to visit 'softening'") && $0.contains("the paths parted after 'review'")
            })
        #expect(outcome.failures.contains { $0.hasPrefix("expected criterion keep_cool to pass, got fail") })
    }
}
