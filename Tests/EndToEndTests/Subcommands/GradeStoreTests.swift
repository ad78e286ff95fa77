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

    @Test func aMonthsBatchHoldsTheWeekGradedBefore() throws {
        let month = try corpusLines(copies: 1)
        let week = try write(Array(month.prefix(150)), to: "week.jsonl")
        let whole = try write(month, to: "month.jsonl")
        #expect(try ComposureBinary.run(["grade", week, "--store", "--db", database, "--format", "csv"]).status == 0)
        let graded = try ComposureBinary.run(["grade", whole, "--store", "--db", database, "--format", "csv"])
        #expect(graded.status == 0, "\(graded.stderr)")
        #expect(
            graded.stderr.contains(
                "stored 450 conversation(s) as batch 2; 150 already stored were added to it without storing them again"),
            "\(graded.stderr)")
        let batches = try batches()
        #expect(batches.map { $0["conversations"] as? Int } == [150, 600])
        #expect(batches.map { $0["state"] as? String } == ["complete", "complete"])
    }

    @Test func anInterruptedBatchIsMarkedAndTheRerunHoldsTheWholeInput() throws {
        let lines = try corpusLines(copies: 2)
        guard let executable = ComposureBinary.executable else {
            Issue.record("the composure executable was not built next to the tests")
            return
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["grade", "-", "--store", "--db", database, "--format", "csv", "--jobs", "1"]
        let input = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = error
        try process.run()
        // grade may exit while the rest is written: the write must fail, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        // Enough for the first chunk of 1,000 to be committed; then Ctrl-C while grade waits for more input.
        try input.fileHandleForWriting.write(
            contentsOf: Data((lines.prefix(1_100).joined(separator: "\n") + "\n").utf8))
        let deadline = Date().addingTimeInterval(120)
        var stored = 0
        while stored < 1_000, Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.2)
            stored = (try? Store(path: database).conversationCount()) ?? 0
        }
        #expect(stored >= 1_000, "the first chunk was committed")
        kill(process.processIdentifier, SIGINT)
        try? input.fileHandleForWriting.write(
            contentsOf: Data((lines.dropFirst(1_100).joined(separator: "\n") + "\n").utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(message)")
        let interrupted = try Store(path: database).conversationCount()

        var batches = try batches()
        #expect(batches.first?["state"] as? String == "interrupted")
        #expect(batches.first?["conversations"] as? Int == interrupted)
        let text = try ComposureBinary.run(["report", "--db", database])
        #expect(text.stdout.contains("interrupted: grading stopped before the end of its input"), "\(text.stdout)")

        let rerun = try ComposureBinary.run(
            ["grade", try write(lines, to: "all.jsonl"), "--store", "--db", database, "--format", "csv"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        batches = try self.batches()
        #expect(batches.map { $0["conversations"] as? Int } == [interrupted, 1_200])
        #expect(batches.map { $0["state"] as? String } == ["interrupted", "complete"])
        #expect(try Store(path: database).conversationCount() == 1_200)
    }
}
