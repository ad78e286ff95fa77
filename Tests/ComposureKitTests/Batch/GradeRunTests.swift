import ComposureKit
import Foundation
import Testing

/// `GradeRun`: what its sinks are told, in which order, with what they prepared; skipped items; the
/// pipeline stage's per-record push; stopping early.
@Suite struct GradeRunTests {
    let grader: Grader

    init() throws {
        grader = Grader(rubric: try OneCriterionRubric.load(id: "run"))
    }

    /// A sink that writes down every call; it can stop the run at its `stopAt`-th conversation.
    final class Recorder: GradeSink {
        var calls: [String] = []
        var run: GradeRun?
        var stopAt: Int?
        private var added = 0

        /// The conversation's id and turn count, made on a grading thread.
        var preparation: @Sendable (GradeResult, Transcript) -> String {
            { result, transcript in "\(transcript.id)/\(transcript.turns.count)" }
        }

        func begin() { calls.append("begin") }

        func add(_ result: GradeResult, prepared: String) {
            added += 1
            calls.append("add \(prepared) \(result.score) \(result.id)")
            if added == stopAt { run?.stop(.signal(SIGINT)) }
        }

        func skip(_ error: TranscriptError) { calls.append("skip \(error.line)") }

        func endRecord() { calls.append("end") }

        func finish(_ summary: GradeSummary) { calls.append("finish \(summary.graded)+\(summary.skipped)") }

        func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) {
            calls.append("stop \(reason) \(summary.graded)+\(summary.skipped)")
        }
    }

    /// A sink with nothing to prepare, to run beside ``Recorder``.
    final class Counter: GradeSink {
        var adds = 0
        var skips = 0
        var finished = false
        func add(_ result: GradeResult, prepared: Void) { adds += 1 }
        func skip(_ error: TranscriptError) { skips += 1 }
        func finish(_ summary: GradeSummary) { finished = true }
        func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) { finished = true }
    }

    /// Four lines: two conversations, a broken line, a conversation.
    static func input() throws -> String {
        let lines = [
            #"{"id": "a", "turns": [{"role": "customer", "text": "Late."}, {"role": "agent", "text": "Sorry."}]}"#,
            #"{"id": "b", "turns": [{"role": "agent", "text": "Noted."}]}"#,
            #"{"id": "c", "turns": [}"#,
            #"{"id": "d", "turns": [{"role": "agent", "text": "So sorry."}]}"#,
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).jsonl")
            .path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [1, 2, 4])
    func tellsEverySinkEveryRecordInInputOrder(jobs: Int) throws {
        let path = try Self.input()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = Recorder()
        let counter = Counter()
        let summary = GradeRun(inputs: [path], grader: grader, options: .init(jobs: jobs)).run(
            into: [recorder, counter])
        #expect(
            recorder.calls == [
                "begin", "add a/2 100 a", "add b/1 0 b", "skip 3", "add d/1 100 d", "finish 3+1",
            ])
        #expect(counter.adds == 3 && counter.skips == 1 && counter.finished)
        #expect(summary.graded == 3 && summary.skipped == 1 && summary.scoreTotal == 200)
    }

    @Test func aPipelineStagePushesOutEveryRecord() throws {
        let path = try Self.input()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = Recorder()
        GradeRun(inputs: [path], grader: grader, options: .init(jobs: 2, isPipeline: true)).run(into: [recorder])
        #expect(
            recorder.calls == [
                "begin", "add a/2 100 a", "end", "add b/1 0 b", "end", "skip 3", "end", "add d/1 100 d", "end",
                "finish 3+1",
            ])
    }

    @Test func skipsWhatIsTooLarge() throws {
        let path = try Self.input()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = Recorder()
        GradeRun(inputs: [path], grader: grader, options: .init(jobs: 1, maximumTurns: 1)).run(into: [recorder])
        #expect(recorder.calls == ["begin", "skip 1", "add b/1 0 b", "skip 3", "add d/1 100 d", "finish 2+2"])
    }

    /// A stop between two records: every sink stops instead of finishing, nothing more is delivered, and
    /// the input is not read to its end.
    @Test(arguments: [1, 2])
    func stopsBetweenRecords(jobs: Int) throws {
        let path = try Self.input()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorder = Recorder()
        let counter = Counter()
        let run = GradeRun(inputs: [path], grader: grader, options: .init(jobs: jobs))
        recorder.run = run
        recorder.stopAt = 2
        let summary = run.run(into: [recorder, counter])
        #expect(recorder.calls == ["begin", "add a/2 100 a", "add b/1 0 b", "stop signal(\(SIGINT)) 2+0"])
        // The stop came from the first sink, in the middle of the record: the second never saw it.
        #expect(counter.adds == 1 && counter.finished)
        #expect(summary.graded == 2)
        run.stop(.outputFailed(EPIPE))
        #expect(recorder.calls.count == 4, "a second stop does nothing")
    }

    /// Each delivered record runs inside the boundary a stop from another thread takes.
    @Test func deliversInsideTheRecordBoundary() throws {
        let path = try Self.input()
        defer { try? FileManager.default.removeItem(atPath: path) }
        final class Boundary: @unchecked Sendable {  // Used on one thread in this test.
            var depth = 0
            var records = 0
        }
        let boundary = Boundary()
        let recorder = Recorder()
        let run = GradeRun(
            inputs: [path], grader: grader, options: .init(jobs: 2),
            recordBoundary: { body in
                boundary.depth += 1
                boundary.records += 1
                body()
                boundary.depth -= 1
            })
        run.run(into: [recorder])
        // begin, four records, finish.
        #expect(boundary.records == 6)
        #expect(boundary.depth == 0)
    }
}
