import ComposureKit
import Foundation
import GRDB
import Testing

@testable import ComposureStore

/// The store keeps who handled each graded conversation and when, and its batch report groups by them exactly
/// as the live results do.
@Suite struct BatchAttributionTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("attr-\(UUID().uuidString)/c.sqlite").path

    /// Three agents' conversations over two ISO weeks, one with no agent and no time.
    static func conversations() -> [Transcript] {
        let rows: [(String, String, String?, String?, String?)] = [
            ("a1", "I'm so sorry.", "Ann", "Billing", "2026-03-02T10:15:00Z"),
            ("b1", "You idiot.", "Bo", "Returns", "2026-03-03T09:00:00Z"),
            ("a2", "Whatever.", "Ann", "Billing", "2026-03-09T08:00:00Z"),
            ("b2", "I'm so sorry, I will fix it today.", "Bo", "Returns", "2026-03-10T08:00:00+01:00"),
            ("x1", "Fine.", nil, nil, nil),
        ]
        return rows.map { id, reply, agent, team, time in
            var transcript = BatchRecorderTests.conversation(id, reply: reply)
            if let agent { transcript.meta["agent"] = agent }
            if let team { transcript.meta["team"] = team }
            if let time { transcript.meta["time"] = time }
            return transcript
        }
    }

    @Test func theStoredBatchHasTheLiveResultsPerAgentAndWeek() throws {
        let store = try Store(path: path)
        let rubric = try BatchRecorderTests.rubric()
        let transcripts = Self.conversations()
        try BatchRecorderTests.record(transcripts, source: "export.jsonl", store: store, rubric: rubric)
        let stored = try #require(try BatchRecorderTests.batches(store).first)

        var tally = BatchTally()
        let grader = Grader(rubric: rubric)
        var scores: [String: Int] = [:]
        for transcript in transcripts {
            let result = grader.grade(transcript)
            scores[transcript.id] = result.score
            tally.add(result, attribution: Attribution(transcript))
        }
        let live = BatchReport(
            id: stored.id, source: "export.jsonl", rubricID: rubric.id, gradedAt: stored.gradedAt, tally: tally)
        #expect(live == stored)
        // By hand: each agent's mean is the mean of their conversations' scores.
        func mean(_ ids: [String]) -> Double { Double(ids.compactMap { scores[$0] }.reduce(0, +)) / Double(ids.count) }
        #expect(stored.agents.map(\.key) == ["Ann", "Bo", ""])
        #expect(stored.agents.map(\.meanScore) == [mean(["a1", "a2"]), mean(["b1", "b2"]), mean(["x1"])])
        #expect(stored.agents.map(\.team) == ["Billing", "Returns", nil])
        #expect(stored.weeks.map(\.key) == ["2026-W10", "2026-W11", ""])
        #expect(stored.weeks.map(\.meanScore) == [mean(["a1", "b1"]), mean(["a2", "b2"]), mean(["x1"])])
        #expect(stored.trendOrder == .time(dated: 4, undated: 1))
        let lowest = try #require(stored.lowest.first { $0.id == "b1" })
        #expect(lowest.attribution?.agent == "Bo" && lowest.attribution?.channel == "chat")
        #expect(lowest.attribution?.time == Attribution.date("2026-03-03T09:00:00Z"))
    }

    @Test func theMigrationAddsTheColumnsAndOldConversationsAreUnattributed() throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v3-batch-links")
        try queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO batch (source, rubric_id, rubric_hash, created_at) VALUES ('old.jsonl', 'core', 'r', ?)",
                arguments: [Date()])
            try db.execute(
                sql: """
                    INSERT INTO conversation (batch_id, external_id, content_hash, channel, score, capped, rubric_hash)
                    VALUES (1, 'old', '0123456789abcdef', 'email', 40, 0, 'r');
                    INSERT INTO batch_conversation (batch_id, conversation_id) VALUES (1, 1);
                    """)
        }
        try queue.close()
        let store = try Store(path: path)
        let columns = try store.read { db in try db.columns(in: "conversation").map(\.name) }
        #expect(["agent", "team", "started_at"].allSatisfy(columns.contains))
        let batch = try #require(try BatchRecorderTests.batches(store).first)
        #expect(batch.conversations == 1 && batch.agents.isEmpty && batch.weeks.isEmpty)
        #expect(batch.trendOrder == .input)
        #expect(batch.lowest.first?.attribution == Attribution(channel: "email"))
    }
}
