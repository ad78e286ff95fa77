import ComposureKit
import Foundation
import GRDB
import Testing

@testable import ComposureStore

/// `forget` and `prune` in the store, and what `play` writes of personal data.
@Suite struct StorePrivacyTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-\(UUID().uuidString)/c.sqlite")
        .path

    /// A word no one else writes, to look for in the file's bytes.
    static let marker = "Quokkaberry"

    /// The database file and its write-ahead log, as bytes.
    func fileBytes() throws -> Data {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes += wal }
        return bytes
    }

    func fileContains(_ text: String) throws -> Bool {
        try fileBytes().range(of: Data(text.utf8)) != nil
    }

    /// SQLite's own checks: the file is sound and no row points at a deleted one.
    func expectConsistent(_ store: Store) throws {
        #expect(try store.integrityProblems().isEmpty)
        let orphans = try store.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(orphans.isEmpty, "\(orphans)")
    }

    func count(_ store: Store, _ sql: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    @Test func playStoresTheTraineesRepliesRedacted() throws {
        let store = try Store(path: path)
        try StoreTests.play(
            ["I'm so sorry. Email me at jane.doe@example.org or call 07700 900123, card 4111 1111 1111 1111."],
            trainee: "ann", store: store)
        let texts = try store.read { db in try String.fetchAll(db, sql: "SELECT text FROM turn WHERE role = 'agent'") }
        #expect(texts.first?.contains("[email]") == true)
        #expect(texts.first?.contains("[phone]") == true)
        #expect(texts.first?.contains("[card]") == true)
        for secret in ["jane.doe@example.org", "07700 900123", "4111 1111 1111 1111"] {
            #expect(try !fileContains(secret), "\(secret) is in the database file")
        }
    }

    @Test func forgettingATraineeDeletesTheirRowsAndTheirWords() throws {
        let store = try Store(path: path)
        try StoreTests.play(["I'm so sorry, \(Self.marker) here."] + StoreTests.calm, trainee: "ann", store: store)
        try StoreTests.play(StoreTests.calm, trainee: "ben", store: store)
        try store.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        #expect(try fileContains(Self.marker), "the marker is stored before forgetting")
        let sessionsBefore = try count(store, "SELECT COUNT(*) FROM session")

        let dry = try store.erase(.trainee("ann"), dryRun: true)
        #expect(dry.trainees == ["ann"])
        #expect(dry.sessions == 1)
        #expect(dry.turns > 0 && dry.criterionResults > 0)
        #expect(try count(store, "SELECT COUNT(*) FROM session") == sessionsBefore, "a dry run deletes nothing")

        let done = try store.erase(.trainee("ann"))
        #expect(done == dry, "the dry run said what is deleted")
        try expectConsistent(store)
        #expect(try count(store, "SELECT COUNT(*) FROM trainee WHERE name = 'ann'") == 0)
        #expect(try count(store, "SELECT COUNT(*) FROM session") == sessionsBefore - 1)
        #expect(try count(store, "SELECT COUNT(*) FROM turn WHERE session_id NOT IN (SELECT id FROM session)") == 0)
        #expect(
            try count(
                store,
                "SELECT COUNT(*) FROM criterion_result WHERE session_id IS NOT NULL AND session_id NOT IN (SELECT id FROM session)"
            ) == 0)
        #expect(try store.sessions(ReportData.Filters(trainee: "ben")).count == 1, "the other trainee stays")
        #expect(try !fileContains(Self.marker), "the deleted words are not left in free pages")
        #expect(try store.erase(.trainee("ann")).isEmpty, "nothing is left to forget")
    }

    /// Graded conversations with an agent, as the attribution columns record it.
    func storeAgents(_ store: Store) throws {
        let rubric = try BatchRecorderTests.rubric()
        let week1 = [
            BatchRecorderTests.conversation("a1-\(Self.marker)"),
            BatchRecorderTests.conversation("b1"),
        ]
        try BatchRecorderTests.record(week1, source: "week1.jsonl", store: store, rubric: rubric)
        try BatchRecorderTests.record(
            [BatchRecorderTests.conversation("a2")], source: "only-ann.jsonl", store: store, rubric: rubric)
        try store.write { db in
            try db.execute(sql: "UPDATE conversation SET agent = 'Ann Okafor' WHERE external_id LIKE 'a%'")
            try db.execute(sql: "UPDATE conversation SET agent = 'Ben Li' WHERE external_id LIKE 'b%'")
        }
    }

    @Test func forgettingAnAgentDeletesTheirConversationsAndTheBatchesLeftEmpty() throws {
        let store = try Store(path: path)
        try storeAgents(store)
        try store.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        #expect(try fileContains(Self.marker))
        let done = try store.erase(.agent("Ann Okafor"))
        #expect(done.conversations == 2)
        #expect(done.batches == 1, "the batch that held only Ann's conversation goes; week 1 keeps Ben's")
        try expectConsistent(store)
        #expect(try count(store, "SELECT COUNT(*) FROM conversation WHERE agent = 'Ann Okafor'") == 0)
        #expect(try count(store, "SELECT COUNT(*) FROM conversation WHERE agent = 'Ben Li'") == 1)
        #expect(try BatchRecorderTests.batches(store).map(\.source) == ["week1.jsonl"])
        #expect(try !fileContains(Self.marker))
    }

    @Test func pruningDeletesWhatIsOlderAndKeepsWhatALaterBatchGradedAgain() throws {
        let store = try Store(path: path)
        let rubric = try BatchRecorderTests.rubric()
        let old = [
            BatchRecorderTests.conversation("old-only", reply: "Sorry, \(Self.marker)."),
            BatchRecorderTests.conversation("both"),
        ]
        try BatchRecorderTests.record(old, source: "old.jsonl", store: store, rubric: rubric)
        try StoreTests.play(["I'm so sorry, \(Self.marker)."] + StoreTests.calm, trainee: "old-timer", store: store)
        let longAgo = Date(timeIntervalSinceNow: -200 * 86_400)
        try store.write { db in
            try db.execute(sql: "UPDATE batch SET created_at = ?", arguments: [longAgo])
            try db.execute(sql: "UPDATE session SET started_at = ?", arguments: [longAgo])
            try db.execute(sql: "UPDATE trainee SET created_at = ?", arguments: [longAgo])
        }
        try BatchRecorderTests.record(
            [BatchRecorderTests.conversation("both"), BatchRecorderTests.conversation("new")], source: "new.jsonl",
            store: store, rubric: rubric)
        try StoreTests.play(StoreTests.calm, trainee: "new-comer", store: store)
        try store.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        #expect(try fileContains(Self.marker))

        let cutoff = try RetentionPeriod(parsing: "90d").cutoff(before: Date())
        let done = try store.erase(.before(cutoff))
        #expect(done.batches == 1 && done.conversations == 1 && done.sessions == 1)
        #expect(done.trainees == ["old-timer"])
        try expectConsistent(store)
        let ids = try store.read { db in
            try String.fetchAll(db, sql: "SELECT external_id FROM conversation ORDER BY external_id")
        }
        #expect(ids == ["both", "new"])
        #expect(try BatchRecorderTests.batches(store).map(\.conversations) == [2])
        #expect(try !fileContains(Self.marker))
        #expect(try store.erase(.before(cutoff)).isEmpty)
    }
}
