import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure bench-play`: times engine steps (one `play` turn each) and prints their percentiles.
    struct BenchPlay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-play",
            abstract: "Time N play turns (engine steps) on made-up replies and print p50, p90, p99 and the slowest.",
            discussion: """
                The replies are the agent turns of a bench-corpus made from the scenario library and the \
                rubric's examples (seed 7, as the benchmark suite's), answered in turn by the scenario's \
                engine, which starts again when a conversation ends. Each step is what `play` does after \
                Enter: grade the reply, move the mood, take a transition. See Docs/performance.md.
                """,
            shouldDisplay: false
        )

        @Argument(help: ArgumentHelp("How many steps to time.", valueName: "N"))
        var steps = 20_000

        @Option(help: ArgumentHelp("The scenario whose engine answers.", valueName: "ID|PATH"))
        var scenario = "garadget-reviewer"

        func validate() throws {
            if steps < 1 { throw ValidationError("N must be 1 or more") }
        }

        func run() throws {
            let catalog = ScenarioCatalog()
            let material = try BenchCorpus.Material.load(catalog: catalog)
            var replies: [String] = []
            BenchCorpus.generate(count: 500, seed: 7, material: material) { line in
                let transcript = try? JSONLTranscript.parse(line: Array(line.utf8.dropLast()), file: "bench", line: 1)
                replies += transcript?.turns.filter { $0.role == .agent }.map(\.text) ?? []
            }
            guard !replies.isEmpty else { throw DiagnosticError(message: "no replies could be made from the library") }
            let pair = try catalog.load(scenario)
            let loaded = pair.scenario, rubric = pair.rubric
            let grader = Grader(rubric: rubric)
            var engine = Engine(scenario: loaded, grader: grader, seed: 1)
            _ = engine.opening()
            var wall: [UInt64] = []
            var cpu: [UInt64] = []
            wall.reserveCapacity(steps)
            cpu.reserveCapacity(steps)
            for index in 0..<steps {
                if engine.isOver {
                    engine = Engine(scenario: loaded, grader: grader, seed: UInt64(index))
                    _ = engine.opening()
                }
                let start = (DispatchTime.now().uptimeNanoseconds, Self.threadCPUTime())
                let step = engine.respond(to: replies[index % replies.count])
                wall.append(DispatchTime.now().uptimeNanoseconds - start.0)
                cpu.append(Self.threadCPUTime() - start.1)
                withExtendedLifetime(step) {}
            }
            // Wall time counts the moments another process held the core; the thread's CPU time does not.
            for (name, samples) in [("wall time", wall), ("CPU time", cpu)] {
                let sorted = samples.sorted()
                func percentile(_ p: Double) -> String {
                    let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
                    return NumberText.fixed(Double(value) / 1_000, places: 1) + " µs"
                }
                Console.print(
                    "\(steps) steps of \(scenario), \(name): p50 \(percentile(0.5)), p90 \(percentile(0.9)), "
                        + "p99 \(percentile(0.99)), slowest \(percentile(1))")
            }
        }

        /// This thread's CPU time, in nanoseconds.
        static func threadCPUTime() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }
    }
}
