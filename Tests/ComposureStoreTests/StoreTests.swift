import ComposureKit
import Foundation
import GRDB
import Testing

@testable import ComposureStore

/// The store: schema, recording sessions and batches, hostile names, schema versions.
@Suite struct StoreTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/c.sqlite").path

    static func garadget() throws -> (Scenario, Rubric) {
        let loaded = try ScenarioCatalog(rubricsFolder: root.appendingPathComponent("Rubrics").path)
            .load(path: root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path)
        return (loaded.scenario, loaded.rubric)
    }

    /// Plays `replies` through the engine, recording as `play` does; finishes unless `finish` is false.
    static func play(_ replies: [String], trainee: String, store: Store, finish: Bool = true) throws -> Engine {
        let (scenario, rubric) = try garadget()
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 5)
        let recorder = try SessionRecorder(
            store: store, trainee: trainee, scenario: scenario, rubric: rubric, seed: 5, mode: "normal")
        let opening = engine.opening()
        try recorder.record(
            role: .customer, text: opening.joined(separator: " "), signals: [], moodAfter: engine.mood,
            beat: engine.beat,
            replySeconds: nil)
        for reply in replies where !engine.isOver {
            let beat = engine.beat
            let step = engine.respond(to: reply)
            try recorder.record(
                role: .agent, text: reply, signals: step.detection.hits, moodAfter: step.moodAfter, beat: beat,
                replySeconds: 2)
            try recorder.record(
                role: .customer, text: step.customerLines.joined(separator: " "), signals: [],
                moodAfter: step.moodAfter,
                beat: step.ending?.id ?? step.beat, replySeconds: nil)
        }
        if finish {
            let card = ReportCard(engine: engine)
            try recorder.finish(outcome: card.outcome, ending: card.ending, grade: card.grade, transcriptPath: nil)
        }
        return engine
    }

    static let calm = [
        "Martin, I'm so sorry the opener let you down tonight. I can see how frustrating it is. Could you email me at support@example.com with your unit ID?",
        "Thank you. I've sent a replacement unit today, and I'll email you within 24 hours to make sure it's working.",
    ]
    static let retaliation = ["Your poor impulse control is showing. Your unit will be denied server connection."]

    @Test func aNewDatabaseIsInWALModeWithTheSchema() throws {
        let store = try Store(path: path)
        let mode = try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["batch", "conversation", "criterion_result", "session", "trainee", "turn"] {
            #expect(tables.contains(table))
        }
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test func sessionsAreRecordedAndSummarised() throws {
        let store = try Store(path: path)
        let engine = try Self.play(Self.calm, trainee: "ann", store: store)
        _ = try Self.play(Self.retaliation, trainee: "bob", store: store)
        let sessions = try store.sessions(ReportData.Filters())
        #expect(sessions.count == 2)
        let ann = try #require(sessions.first { $0.trainee == "ann" })
        #expect(ann.outcome == engine.ending?.outcome)
        #expect(ann.score == engine.grade().score)
        #expect(ann.replies == 2)
        #expect(ann.meanReplySeconds == 2)
        let bob = try #require(sessions.first { $0.trainee == "bob" })
        #expect(bob.outcome == .lost)
        #expect(bob.capped)
        #expect(bob.criteria.first { $0.id == "keep_cool" }?.verdict == .fail)
        #expect(try store.sessions(ReportData.Filters(trainee: "ann")).count == 1)
        let turns = try store.turns(ofSession: ann.id)
        // The e-mail address the trainee typed is stored redacted (Docs/privacy.md).
        #expect(turns.filter { $0.role == .agent }.map(\.text) == Self.calm.map { Redactor().redact($0) })
        #expect(turns.contains { $0.text.contains("[email]") })
        #expect(turns[1].signals.contains("apology"))
    }

    /// A verdict the store never writes (the file edited behind its back) is damage, not some other verdict.
    @Test func aVerdictTheStoreNeverWritesIsReportedAsDamage() throws {
        let store = try Store(path: path)
        _ = try Self.play(Self.retaliation, trainee: "bob", store: store)
        try store.write { db in try db.execute(sql: "UPDATE criterion_result SET verdict = 'maybe'") }
        #expect {
            _ = try store.sessions(ReportData.Filters())
        } throws: { error in
            "\(error)".contains("a criterion result has the verdict 'maybe'")
        }
    }

    @Test func anOutcomeTheStoreNeverWritesIsReportedAsDamage() throws {
        let store = try Store(path: path)
        _ = try Self.play(Self.retaliation, trainee: "bob", store: store)
        try store.write { db in try db.execute(sql: "UPDATE session SET outcome = 'won'") }
        #expect {
            _ = try store.sessions(ReportData.Filters())
        } throws: { error in
            "\(error)".contains("a session has the outcome 'won'")
        }
    }

    @Test func anUnfinishedSessionShowsAsAbandonedAndKeepsItsTurns() throws {
        let store = try Store(path: path)
        _ = try Self.play([Self.calm[0]], trainee: "cat", store: store, finish: false)
        let reopened = try Store(path: path)
        let session = try #require(try reopened.sessions(ReportData.Filters()).first)
        #expect(session.outcome == .abandoned)
        #expect(session.score == nil)
        #expect(session.replies == 1)
    }

    @Test func startingOverKeepsTheAttemptLeftBehindAsAbandoned() throws {
        let store = try Store(path: path)
        let (scenario, rubric) = try Self.garadget()
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 5)
        let recorder = try SessionRecorder(
            store: store, trainee: "dee", scenario: scenario, rubric: rubric, seed: 5, mode: "normal")
        _ = engine.opening()
        _ = engine.respond(to: Self.calm[0])
        try recorder.record(role: .agent, text: Self.calm[0], signals: [], moodAfter: 50, beat: nil, replySeconds: 1)
        let first = recorder.sessionID
        try recorder.startOver(abandoned: engine.grade(), scenario: scenario, rubric: rubric)
        #expect(recorder.sessionID != first)
        try recorder.record(role: .agent, text: "again", signals: [], moodAfter: 50, beat: nil, replySeconds: 1)
        let sessions = try store.sessions(ReportData.Filters(trainee: "dee"))
        #expect(sessions.count == 2)
        let abandoned = try #require(sessions.first { $0.id == first })
        #expect(abandoned.outcome == .abandoned)
        #expect(abandoned.score == engine.grade().score)
        #expect(try store.turns(ofSession: first).map(\.text) == [Redactor().redact(Self.calm[0])])
        #expect(try store.turns(ofSession: recorder.sessionID).map(\.text) == ["again"])
    }

    @Test func hostileNamesAreStoredAsData() throws {
        let store = try Store(path: path)
        let name = "'; DROP TABLE session; --"
        _ = try Self.play(Self.retaliation, trainee: name, store: store)
        let sessions = try store.sessions(ReportData.Filters(trainee: name))
        #expect(sessions.map(\.trainee) == [name])
        #expect(try store.sessions(ReportData.Filters(trainee: "x' OR '1'='1")).isEmpty)
    }

    @Test func gradingTheSameBatchTwiceAddsNothing() throws {
        let store = try Store(path: path)
        let (_, rubric) = try Self.garadget()
        let grader = Grader(rubric: rubric)
        let transcripts = (0..<5).map { index in
            Transcript(
                id: "c\(index)", channel: "chat",
                turns: [Turn(role: .customer, text: "This is useless."), Turn(role: .agent, text: "I'm so sorry.")])
        }
        for run in 0..<2 {
            let recorder = try BatchRecorder(store: store, source: "run \(run)", rubric: rubric, chunkSize: 2)
            for transcript in transcripts {
                try recorder.add(BatchRecorder.StoredConversation(transcript), grader.grade(transcript))
            }
            try recorder.finish()
            #expect(recorder.stored == (run == 0 ? 5 : 0))
            #expect(recorder.alreadyStored == (run == 0 ? 0 : 5))
        }
        #expect(try store.conversationCount() == 5)
        let batches = try ReportBuilder(store: store).build(ReportData.Filters()).batches
        #expect(batches.map(\.conversations) == [5, 5], "the second run's batch holds what it graded")
    }

    @Test func aBatchRecordsHowItEnded() throws {
        let store = try Store(path: path)
        let (_, rubric) = try Self.garadget()
        let grader = Grader(rubric: rubric)
        let conversation = Transcript(id: "c", channel: nil, turns: [Turn(role: .agent, text: "I'm so sorry.")])
        var recorders: [BatchRecorder] = []
        for _ in 0..<3 {
            let recorder = try BatchRecorder(store: store, source: "in.jsonl", rubric: rubric)
            try recorder.add(BatchRecorder.StoredConversation(conversation), grader.grade(conversation))
            recorders.append(recorder)
        }
        try recorders[0].finish()
        try recorders[1].finish(interrupted: true)
        // recorders[2] is never finished, as when `grade --store` is killed.
        let batches = try ReportBuilder(store: store).build(ReportData.Filters()).batches
        #expect(batches.map(\.state) == [.complete, .interrupted, .grading])
        #expect(batches.map(\.conversations) == [1, 1, 0], "what was queued is written when a batch ends")
    }

    @Test func aDatabaseFromANewerComposureIsRefused() throws {
        _ = try Store(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try queue.close()
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            "\(error)".contains("made by a newer version of Composure")
        }
    }

    @Test func aDatabaseFromThePreviousSchemaIsMigrated() throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v1-sessions-and-batches")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO trainee (name, created_at) VALUES ('old', ?)", arguments: [Date()])
            try db.execute(
                sql: """
                    INSERT INTO session (trainee_id, scenario_id, scenario_title, rubric_id, rubric_hash, seed, mode, started_at, outcome, score)
                    VALUES (1, 'garadget-reviewer', 'Old', 'core', 'abc', 1, 'normal', ?, 'resolved', 90)
                    """, arguments: [Date()])
        }
        try queue.close()
        let store = try Store(path: path)
        let sessions = try store.sessions(ReportData.Filters())
        #expect(sessions.map(\.trainee) == ["old"])
        #expect(sessions.first?.score == 90)
        let columns = try store.read { db in try db.columns(in: "session").map(\.name) }
        #expect(columns.contains("tool_version"))
    }

    @Test func batchesOfTheVersion2SchemaAreLinkedToTheirConversations() throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "v2-session-tool-version")
        try queue.write { db in
            for batch in 1...2 {
                try db.execute(
                    sql: "INSERT INTO batch (source, rubric_id, rubric_hash, created_at) VALUES (?, 'core', 'r', ?)",
                    arguments: ["week-\(batch).jsonl", Date()])
            }
            for (index, batch) in [1, 1, 2].enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO conversation (batch_id, external_id, content_hash, channel, score, capped, rubric_hash)
                        VALUES (?, ?, '0123456789abcdef', NULL, ?, 0, 'r')
                        """, arguments: [batch, "c\(index)", 50 + index])
            }
        }
        try queue.close()
        let store = try Store(path: path)
        let batches = try ReportBuilder(store: store).build(ReportData.Filters()).batches
        #expect(batches.map(\.conversations) == [2, 1])
        #expect(batches.map(\.meanScore) == [50.5, 52])
        #expect(batches.map(\.state) == [.complete, .complete], "old batches recorded no state")
    }

    @Test func aFileThatIsNotADatabaseGivesAClearError() throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            "\(error)".contains("not a usable Composure database")
        }
    }
}
