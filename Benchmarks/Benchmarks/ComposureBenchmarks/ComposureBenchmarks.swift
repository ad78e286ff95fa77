import Benchmark
import ComposureKit
import Foundation

// The hot paths of `composure grade` and `composure play`, on text built from the scenario
// library and the core rubric's examples (see `BenchCorpus`), so no data is committed.
// Run with Scripts/bench; figures and how to read them are in Docs/performance.md.

/// The repository root, found from this file's path.
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// Everything the benchmarks read, loaded once.
private struct Fixtures: Sendable {
    let material: BenchCorpus.Material
    let rubric: Rubric
    let grader: Grader
    let scenario: Scenario
    let lines: [String]
    let transcripts: [Transcript]
    let replies: [String]
    let tokenized: [TokenizedText]

    static let shared: Fixtures = {
        do {
            return try Fixtures()
        } catch {
            fatalError("benchmark fixtures could not be loaded from \(root): \(error)")
        }
    }()

    init() throws {
        let catalog = ScenarioCatalog(scenariosFolder: root + "/Scenarios", rubricsFolder: root + "/Rubrics")
        material = try BenchCorpus.Material.load(catalog: catalog)
        rubric = try RubricLoader.load(path: root + "/Rubrics/core.yaml")
        grader = Grader(rubric: rubric)
        scenario = try catalog.load("garadget-reviewer").0
        var lines: [String] = []
        BenchCorpus.generate(count: 500, seed: 7, material: material) { lines.append($0) }
        self.lines = lines.map { String($0.dropLast()) }
        transcripts = try self.lines.enumerated().map { index, line in
            try JSONLTranscript.parse(line: Array(line.utf8), file: "bench.jsonl", line: index + 1)
        }
        replies = transcripts.flatMap { $0.turns.filter { $0.role == .agent }.map(\.text) }
        tokenized = replies.map(Tokenizer.tokenize)
    }
}

/// The file the batch benchmarks grade: made in their setup, removed in their teardown.
private enum BatchFile {
    static let count = 20_000
    static let path = NSTemporaryDirectory() + "composure-bench-\(getpid()).jsonl"

    static func create() {
        var corpus: [UInt8] = []
        BenchCorpus.generate(count: count, seed: 1, material: Fixtures.shared.material) {
            corpus.append(contentsOf: $0.utf8)
        }
        FileManager.default.createFile(atPath: path, contents: Data(corpus))
    }

    static func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The metrics every benchmark reports: speed and allocations.
private let metrics: [BenchmarkMetric] = [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident]

/// Grades the whole batch file and returns the bytes of JSONL output.
private func gradeBatchFile(jobs: Int) -> Int {
    let fixtures = Fixtures.shared
    var written = 0
    BatchGrader(grader: fixtures.grader, jobs: jobs).run(
        source: TranscriptSource(inputs: [BatchFile.path]),
        render: { _, result in GradeRenderer.jsonObject(result) + "\n" },
        deliver: { outcome in
            if case .success(let (_, text)) = outcome { written += text.utf8.count }
        })
    return written
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: metrics, maxDuration: .seconds(2), maxIterations: 100_000)
    let fixtures = Fixtures.shared

    Benchmark("tokenize: one reply") { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(Tokenizer.tokenize(fixtures.replies[index % fixtures.replies.count]))
            index += 1
        }
    }

    Benchmark("match: one reply, core rubric") { benchmark in
        var index = 0
        let detector = fixtures.rubric.detector
        for _ in benchmark.scaledIterations {
            blackHole(detector.detect(in: fixtures.tokenized[index % fixtures.tokenized.count], role: .agent))
            index += 1
        }
    }

    Benchmark("grade: one conversation") { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(fixtures.grader.grade(fixtures.transcripts[index % fixtures.transcripts.count]))
            index += 1
        }
    }

    Benchmark("parse: one JSONL line") { benchmark in
        let lines = fixtures.lines.map { Array($0.utf8) }
        var index = 0
        for _ in benchmark.scaledIterations {
            blackHole(try JSONLTranscript.parse(line: lines[index % lines.count], file: "bench.jsonl", line: 1))
            index += 1
        }
    }

    Benchmark("play: one engine step") { benchmark in
        var engine = Engine(scenario: fixtures.scenario, grader: fixtures.grader, seed: 1)
        _ = engine.opening()
        var index = 0
        for _ in benchmark.scaledIterations {
            if engine.isOver {
                benchmark.stopMeasurement()
                engine = Engine(scenario: fixtures.scenario, grader: fixtures.grader, seed: UInt64(index))
                _ = engine.opening()
                benchmark.startMeasurement()
            }
            blackHole(engine.respond(to: fixtures.replies[index % fixtures.replies.count]))
            index += 1
        }
    }

    let batch = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(20), maxIterations: 5)
    for jobs in [1, 2] {
        Benchmark(
            "batch: \(BatchFile.count) conversations, jobs \(jobs)", configuration: batch,
            closure: { benchmark in
                for _ in benchmark.scaledIterations { blackHole(gradeBatchFile(jobs: jobs)) }
            }, setup: BatchFile.create, teardown: BatchFile.remove)
    }
}
