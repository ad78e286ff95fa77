import ComposureKit
import Foundation
import Testing

@testable import ComposureStore

/// A batch's report is the same whether the store's rows or the live results feed its tally; and the
/// recorder as a sink of a `GradeRun` stores what the run graded.
@Suite struct BatchReportTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-\(UUID().uuidString)/c.sqlite").path

    /// Conversations with scores that tie and fall, so the lowest five are a real choice.
    static func conversations() -> [Transcript] {
        let replies = [
            "I'm so sorry.", "Whatever.", "You idiot.", "I'm so sorry, I will fix it today.", "Whatever.",
            "No.", "I'm so sorry.", "You idiot, whatever.", "Fine.", "Sorry, I see why that hurts.",
        ]
        return replies.enumerated().map { index, reply in BatchRecorderTests.conversation("c\(index)", reply: reply) }
    }

    @Test func theStoreAndTheLiveResultsMakeTheSameReport() throws {
        let store = try Store(path: path)
        let rubric = try BatchRecorderTests.rubric()
        let transcripts = Self.conversations()
        try BatchRecorderTests.record(transcripts, source: "live.jsonl", store: store, rubric: rubric)
        let stored = try #require(try BatchRecorderTests.batches(store).first)

        var tally = BatchTally()
        let grader = Grader(rubric: rubric)
        for transcript in transcripts { tally.add(grader.grade(transcript), attribution: Attribution(transcript)) }
        let live = BatchReport(
            id: stored.id, source: "live.jsonl", rubricID: rubric.id, gradedAt: stored.gradedAt, tally: tally)
        #expect(live == stored)
        #expect(live.lowest.count == 5)
        #expect(live.lowest.map(\.score) == live.lowest.map(\.score).sorted())
        #expect(live.criteria.contains { $0.trend != nil })
    }

    @Test func theRecorderIsASinkOfTheRun() throws {
        let store = try Store(path: path)
        let rubric = try BatchRecorderTests.rubric()
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("sink-\(UUID().uuidString).txt").path
        try "customer: This is useless.\nagent: I'm so sorry.\n".write(toFile: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let recorder = try BatchRecorder(store: store, source: input, rubric: rubric)
        let run = GradeRun(inputs: [input, input], grader: Grader(rubric: rubric), options: .init(jobs: 2))
        run.run(into: [recorder])
        #expect(recorder.failure == nil)
        #expect(recorder.stored == 1 && recorder.alreadyStored == 1)
        let batch = try #require(try BatchRecorderTests.batches(store).first)
        // The same conversation twice is in its batch once.
        #expect(batch.conversations == 1 && batch.state == .complete)
    }

    @Test func aStoppedRunMarksItsBatchInterrupted() throws {
        let store = try Store(path: path)
        let rubric = try BatchRecorderTests.rubric()
        let recorder = try BatchRecorder(store: store, source: "none", rubric: rubric)
        let result = Grader(rubric: rubric).grade(Self.conversations()[0])
        recorder.add(result, prepared: recorder.preparation(result, Self.conversations()[0]))
        recorder.stop(GradeSummary(), reason: .signal(SIGTERM))
        let batch = try #require(try BatchRecorderTests.batches(store).first)
        #expect(batch.conversations == 1 && batch.state == .interrupted)
    }
}
