import ComposureKit
import ComposureStore
import Foundation
import GRDB
import Testing

/// `grade --store` and `report` on the store's hard cases: batches that overlap or were
/// interrupted, damaged files, files from a newer Composure.
@Suite(.serialized) struct GradeStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grade-store-\(UUID().uuidString)")
    var database: String { folder.appendingPathComponent("c.sqlite").path }

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// `copies` copies of the 600-conversation fixture, each copy's ids made distinct.
    func corpusLines(copies: Int) throws -> [String] {
        let lines = try String(contentsOfFile: ComposureBinary.fixture("helpdesk-dev.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        return (0..<copies).flatMap { copy in
            lines.map { $0.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"\(copy)-") }
        }
    }

    func write(_ lines: [String], to name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func batches() throws -> [[String: Any]] {
        let json = try ComposureBinary.run(["report", "--db", database, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let data = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        return data?["batches"] as? [[String: Any]] ?? []
    }

    @Test func aDamagedDatabaseIsRefusedWithStatus2() throws {
        let played = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "1", "--trainee", "ann", "--db", database],
            stdin: "I'm so sorry the opener let you down, I can see how frustrating that is.\n",
            environment: ["XDG_DATA_HOME": folder.path])
        #expect(played.status == 0, "\(played.stderr)")
        let input = try write(Array(try corpusLines(copies: 1).prefix(20)), to: "twenty.jsonl")
        #expect(try ComposureBinary.run(["grade", input, "--store", "--db", database, "--format", "csv"]).status == 0)
        try DamagedDatabase.damage(table: "session", at: database)

        let graded = try ComposureBinary.run(["grade", input, "--store", "--db", database, "--format", "csv"])
        #expect(graded.status == 2)
        #expect(graded.stderr.contains("error: \(database): not a usable Composure database ("), "\(graded.stderr)")
        #expect(graded.stdout.isEmpty, "nothing graded into a database that cannot keep it")
        for command in [["report"], ["history"]] {
            let result = try ComposureBinary.run(command + ["--db", database])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("not a usable Composure database"), "\(command): \(result.stderr)")
        }
    }

    @Test func damageMetAfterOpeningIsTheSameErrorWithStatus2() throws {
        for seed in 1...2 {
            let played = try ComposureBinary.run(
                ["play", "garadget-reviewer", "--seed", "\(seed)", "--trainee", "ann", "--db", database],
                stdin: "I'm so sorry the opener let you down.\n", environment: ["XDG_DATA_HOME": folder.path])
            #expect(played.status == 0, "\(played.stderr)")
        }
        try DamagedDatabase.orphanIndexEntry(index: "session_by_trainee", table: "session", rowID: 1, at: database)
        _ = try Store(path: database)  // the check on opening passes: only a query through the index meets it
        for command in [["history"], ["report"], ["report", "--trainee", "ann"]] {
            let result = try ComposureBinary.run(command + ["--db", database])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(
                result.stderr.contains(
                    "error: \(database): not a usable Composure database (database disk image is malformed)"),
                "\(command): \(result.stderr)")
        }
    }

    @Test func aDatabaseWithAFutureUserVersionIsRefusedWithStatus2() throws {
        #expect(try ComposureBinary.run(["history", "--db", database]).status == 0)
        let queue = try DatabaseQueue(path: database)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        let input = try write(Array(try corpusLines(copies: 1).prefix(5)), to: "five.jsonl")
        for command in [["report", "--db", database], ["grade", input, "--store", "--db", database]] {
            let result = try ComposureBinary.run(command)
            #expect(result.status == 2, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("made by a newer version of Composure"), "\(command): \(result.stderr)")
        }
    }
}
