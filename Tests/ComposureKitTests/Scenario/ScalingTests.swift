import ComposureKit
import Foundation
import Testing

/// Loading scales with the size of the file: each test times an input of size n and one of 4n in the same
/// run and expects the larger to take under 6 times as long (16 times, for work in the square of the size).
/// No absolute timing, and the thread's CPU time rather than the wall clock, so a slow or busy machine does
/// not fail them.
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

    /// The CPU time this thread has used, in seconds: unlike the wall clock, it does not count the time
    /// other tests and builds on the same cores keep it waiting.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// The least CPU time `work` took for each size, over five rounds that alternate the sizes.
    private func fastest(_ sizes: [Int], _ work: (Int) throws -> Void) rethrows -> [Int: Double] {
        var best: [Int: Double] = [:]
        // Five rounds: under a full parallel test run a round of three was once 8 % over the bound (cache effects).
        for _ in 0..<5 {
            for size in sizes {
                let start = Self.threadCPUSeconds()
                try work(size)
                best[size] = min(best[size] ?? .infinity, Self.threadCPUSeconds() - start)
            }
        }
        return best
    }

    @Test func scenarioLoadingAndValidationTakeTimeInProportionToTheBeats() throws {
        let rubric = try #require(Self.core)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaling-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for beats in [600, 2_400] {
            try Self.chain(beats: beats).write(
                toFile: folder.appendingPathComponent("chain-\(beats).yaml").path, atomically: true, encoding: .utf8)
        }
        let times = try fastest([600, 2_400]) { beats in
            let file = folder.appendingPathComponent("chain-\(beats).yaml").path
            let scenario = try ScenarioLoader.load(path: file) { _ in rubric }.scenario
            #expect(scenario.beats.count == beats)
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
        let texts = Dictionary(uniqueKeysWithValues: [250, 1_000].map { ($0, Self.rubric(signals: $0)) })
        let times = try fastest([250, 1_000]) { signals in
            let rubric = try RubricLoader.load(yaml: texts[signals] ?? "", file: "wide.yaml")
            #expect(rubric.signals.count == signals)
        }
        let small = try #require(times[250])
        let large = try #require(times[1_000])
        #expect(large < 6 * small, "250 signals: \(small) s; 1,000 signals: \(large) s")
    }
}
