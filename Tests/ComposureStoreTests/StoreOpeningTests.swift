import ComposureKit
import Foundation
import GRDB
import Testing

@testable import ComposureStore

/// What `Store(path:)` refuses before using a file: damaged pages, a schema from a newer Composure.
@Suite struct StoreOpeningTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID().uuidString)/c.sqlite").path

    /// Eight openers of one new file at the same moment (a class starting `play` together) all get a store:
    /// GRDB's migrator decides what to apply before it takes the write lock, so without the retry in
    /// `Store.migrate` some of them failed with "table trainee already exists".
    @Test func eightOpenersOfOneNewFileAllGetTheSchema() throws {
        let folder = (path as NSString).deletingLastPathComponent
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for round in 0..<12 {
            let file = (folder as NSString).appendingPathComponent("new-\(round).sqlite")
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { _ = try Store(path: file) } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")
            #expect(try Store(path: file).integrityProblems().isEmpty)
        }
    }

    /// Errors gathered from several threads.
    private final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ message: String) { lock.withLock { list.append(message) } }
        var all: [String] { lock.withLock { list } }
    }

    /// A database with two played sessions and a graded batch; the store is closed when this returns.
    static func populate(_ path: String) throws {
        let store = try Store(path: path)
        _ = try StoreTests.play(StoreTests.calm, trainee: "ann", store: store)
        _ = try StoreTests.play(StoreTests.retaliation, trainee: "bob", store: store)
        let rubric = try StoreTests.garadget().1
        let recorder = try BatchRecorder(store: store, source: "five.jsonl", rubric: rubric)
        for index in 1...5 {
            let transcript = Transcript(id: "c\(index)", channel: nil, turns: [Turn(role: .agent, text: "Sorry.")])
            try recorder.add(BatchRecorder.StoredConversation(transcript), Grader(rubric: rubric).grade(transcript))
        }
        try recorder.flush()
    }

    /// Overwrites `bytes` at `offset` in `table`'s root page, as a failing disk would, after
    /// moving the write-ahead log into the main file so that the damaged page is the one read.
    static func damage(
        table: String, at path: String, offset: Int = 0, bytes: Data = Data(repeating: 0xA5, count: 32)
    ) throws {
        let queue = try DatabaseQueue(path: path)
        let (root, pageSize) = try queue.writeWithoutTransaction { db -> (Int, Int) in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let root = try Int.fetchOne(
                db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table])
            return (root ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        }
        try queue.close()
        #expect(root > 1, "the table \(table) has a page of its own")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64((root - 1) * pageSize + offset))
        try handle.write(contentsOf: bytes)
    }

    static func userVersion(_ path: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    @Test func aDatabaseWithDamagedPagesIsRefusedBeforeAnythingIsWritten() throws {
        try Self.populate(path)
        try Self.damage(table: "session", at: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            "\(error)".contains("not a usable Composure database (")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "nothing was written to it")
    }

    @Test func theDamageQuickCheckFindsIsNamed() throws {
        try Self.populate(path)
        // The first cell pointer of a leaf page (after its 8-byte header) now points into the header.
        try Self.damage(table: "session", at: path, offset: 8, bytes: Data([0x00, 0x05]))
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            "\(error)".contains("not a usable Composure database (damaged pages: On tree page ")
        }
    }

    @Test func damageMetAfterOpeningIsTheSameClearError() throws {
        try Self.populate(path)
        try Self.damage(table: "session", at: path)
        // With no time to check on opening, the damage is met by the first query that reads the page.
        let store = try Store(path: path, checkBudget: 0)
        #expect(try store.conversationCount() == 5, "the undamaged tables can still be read")
        #expect {
            _ = try store.sessions(ReportData.Filters())
        } throws: { error in
            guard let error = error as? StoreError, case .corrupt = error else { return false }
            return "\(error)".contains("not a usable Composure database (database disk image is malformed)")
        }
    }

    @Test func aHealthyDatabaseIsCheckedAndOpened() throws {
        try Self.populate(path)
        #expect(try Store.quickCheck(path: path, budget: 10) == .sound)
        #expect(try Store(path: path).sessions(ReportData.Filters()).count == 2)
    }

    @Test func theCheckStopsAtItsBudget() throws {
        try Self.populate(path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            // 600,000 indexed rows (50 MB): checked in about 55 ms here, 50 times the budget below.
            try db.execute(
                sql: """
                    CREATE TABLE filler (x TEXT);
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600000)
                    INSERT INTO filler SELECT hex(randomblob(16)) FROM n;
                    CREATE INDEX filler_x ON filler(x);
                    """)
        }
        try queue.close()
        let start = Date()
        #expect(try Store.quickCheck(path: path, budget: 0.001) == .unchecked)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(try Store.quickCheck(path: path, budget: 60) == .sound)
        #expect(try Store(path: path, checkBudget: 0.001).sessions(ReportData.Filters()).count == 2)
    }

    @Test func aDatabaseWithAHigherUserVersionIsRefused() throws {
        _ = try Store(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        #expect {
            _ = try Store(path: path)
        } throws: { error in
            "\(error)".contains("made by a newer version of Composure")
        }
    }

    @Test func theSchemaVersionIsWrittenAsUserVersion() throws {
        _ = try Store(path: path)
        #expect(try Self.userVersion(path) == StoreMigrations.migrator.migrations.count)
    }
}
