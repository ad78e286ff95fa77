import ComposureKit
import Foundation
import Testing

/// Grading a stream on several threads delivers every item, in input order.
@Suite struct BatchGraderTests {
    let grader: Grader

    init() throws {
        let yaml = """
            id: batch
            signals:
              sorry: {any: [sorry]}
            criteria:
              - {id: apology, weight: 100, expect: [sorry]}

            """
        grader = Grader(rubric: try RubricLoader.load(yaml: yaml, file: "batch.yaml"))
    }

    /// Every delivered item, as `id score` or `error line`.
    func run(jobs: Int, batchSize: Int, path: String) -> [String] {
        var delivered: [String] = []
        BatchGrader(grader: grader, jobs: jobs, batchSize: batchSize).run(
            source: TranscriptSource(inputs: [path]),
            render: { _, result in "\(result.id) \(result.score)" },
            deliver: { outcome in
                switch outcome {
                case .success(let (result, text)):
                    #expect(text == "\(result.id) \(result.score)")
                    delivered.append(text)
                case .failure(let error): delivered.append("error \(error.line)")
                }
            })
        return delivered
    }

    @Test(arguments: [(1, 256), (4, 7), (3, 1), (8, 1000)])
    func deliversEveryItemInInputOrder(jobs: Int, batchSize: Int) throws {
        var lines: [String] = []
        var expected: [String] = []
        for index in 1...150 {
            if index % 37 == 0 {
                lines.append("{broken \(index)")
                expected.append("error \(index)")
            } else {
                let reply = index % 2 == 0 ? "Sorry about that." : "Noted."
                lines.append(
                    #"{"id": "c\#(index)", "turns": [{"role": "customer", "text": "Hi"}, "#
                        + #"{"role": "agent", "text": "\#(reply)"}]}"#)
                expected.append("c\(index) \(index % 2 == 0 ? 100 : 0)")
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString).jsonl")
            .path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(run(jobs: jobs, batchSize: batchSize, path: path) == expected)
    }
}
