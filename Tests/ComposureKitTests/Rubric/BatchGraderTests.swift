import ComposureKit
import Foundation
import Testing

/// Grading a stream on several threads delivers every item, in input order.
@Suite struct BatchGraderTests {
    let grader: Grader

    init() throws {
        grader = Grader(rubric: try OneCriterionRubric.load(id: "batch"))
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

    /// With more than one job, read-ahead counted conversations only: 512 of them were held whatever their
    /// size (600 lines of 2 MB took 1.23 GB). Issue 15, item 13.
    @Test func readAheadIsBoundedInBytes() throws {
        // 160 conversations of 64 KiB each (10 MiB), read through a file handle whose offset shows how far
        // the reader got; a batch may hold 1 MiB.
        let padding = String(repeating: "x", count: 64 << 10)
        let lines = (1...160).map { index in
            #"{"id": "c\#(index)", "meta": {"pad": "\#(padding)"}, "turns": [{"role": "agent", "text": "Sorry."}]}"#
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ahead-\(UUID().uuidString).jsonl")
            .path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        let lineSize = lines[0].utf8.count + 1
        var delivered = 0
        var furthest = 0
        BatchGrader(grader: grader, jobs: 2, batchSize: 256, readAheadBytes: 1 << 20).run(
            source: TranscriptSource(inputs: ["-"], standardInput: handle),
            render: { _, result in result.id },
            deliver: { _ in
                delivered += 1
                // Bytes read from the file beyond the conversations delivered so far.
                furthest = max(furthest, Int(lseek(handle.fileDescriptor, 0, SEEK_CUR)) - delivered * lineSize)
            })
        #expect(delivered == 160)
        // Two batches of about 1 MiB (one graded, one read), the reader's 1 MiB chunk and a line: not 10 MiB.
        #expect(furthest < (3 << 20) + 2 * lineSize, "read \(furthest >> 10) KiB ahead")
    }
}
