import ComposureKit
import Foundation
import Testing

/// Loading scales with the size of the file: each test times an input of size n and one of 4n in the same
/// run and expects the larger to take under 6 times as long (16 times, for work in the square of the size).
/// No absolute timing, so a slow or busy machine does not fail them.
@Suite(.serialized) struct ScalingTests {
    static let core = try? RubricLoader.load(path: ScenarioLoaderTests.core)

    /// A scenario whose beats form one long chain: every beat leads to the next or stays, the last to an ending.
    static func chain(beats count: Int) -> String {
        var yaml = """
            id: chain
            rubric: core
            persona: {name: Sam, channel: email}
            start: b0
            beats:

            """
        for index in 0..<count {
            let next = index + 1 < count ? "b\(index + 1)" : "done"
            yaml += """
                  b\(index):
                    customer: ["Line \(index)."]
                    next:
                      - {any: [apology], goto: \(next)}
                      - {else: b\(index)}

                """
        }
        yaml += "endings:\n  done: {outcome: resolved, customer: Thanks.}\n"
        return yaml
    }

    /// The fastest of three runs of `work`, in seconds (the fastest is the least disturbed by a busy machine).
    private func fastest(_ work: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<3 {
            let start = ContinuousClock.now
            try work()
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return best
    }

    @Test func scenarioLoadingAndValidationTakeTimeInProportionToTheBeats() throws {
        let rubric = try #require(Self.core)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaling-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var times: [Int: Double] = [:]
        for beats in [600, 2_400] {
            let file = folder.appendingPathComponent("chain-\(beats).yaml").path
            try Self.chain(beats: beats).write(toFile: file, atomically: true, encoding: .utf8)
            times[beats] = try fastest {
                let (scenario, _) = try ScenarioLoader.load(path: file) { _ in rubric }
                #expect(scenario.beats.count == beats)
            }
        }
        let small = try #require(times[600])
        let large = try #require(times[2_400])
        #expect(large < 6 * small, "600 beats: \(small) s; 2,400 beats: \(large) s")
    }

    /// A rubric of `count` signals, each with its own pattern and examples, and one criterion naming them all.
    static func rubric(signals count: Int) -> String {
        var yaml = "id: wide\nconcepts:\n  feeling: [frustrat*, upset]\nsignals:\n"
        for index in 0..<count {
            yaml += """
                  s\(index):
                    side: agent
                    any: ["word\(index) (is|was) {feeling}", "the word\(index) *2 sorry"]
                    examples: {fire: ["word\(index) is upset"], silent: ["word\(index)"]}

                """
        }
        yaml += "criteria:\n  - id: all\n    weight: 100\n    expect: ["
        yaml += (0..<count).map { "s\($0)" }.joined(separator: ", ") + "]\n"
        return yaml
    }

    @Test func rubricLoadingTakesTimeInProportionToTheSignals() throws {
        var times: [Int: Double] = [:]
        for signals in [250, 1_000] {
            let yaml = Self.rubric(signals: signals)
            times[signals] = try fastest {
                let rubric = try RubricLoader.load(yaml: yaml, file: "wide.yaml")
                #expect(rubric.signals.count == signals)
            }
        }
        let small = try #require(times[250])
        let large = try #require(times[1_000])
        #expect(large < 6 * small, "250 signals: \(small) s; 1,000 signals: \(large) s")
    }
}
