import ComposureKit
import ComposureStore
import Foundation
import Testing

/// Faults of the environment: signals, closed pipes, full or read-only places, shared and broken databases.
@Suite struct EnvironmentFaultTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString)")
    static let helpdesk = ComposureBinary.fixture("helpdesk-dev.jsonl")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A JSONL corpus of `copies` × the helpdesk fixture, with fresh ids.
    private func corpus(copies: Int) throws -> String {
        let lines = try String(contentsOfFile: Self.helpdesk, encoding: .utf8).split(separator: "\n")
        var text = ""
        for copy in 0..<copies {
            for line in lines { text += line.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"\(copy)-") + "\n" }
        }
        let path = folder.appendingPathComponent("corpus.jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func controlCDuringGradeFlushesWhatIsGradedAndExits130() throws {
        let input = try corpus(copies: 20)
        guard let executable = ComposureBinary.executable else {
            Issue.record("the composure executable was not built next to the tests")
            return
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["grade", input, "--format", "jsonl", "--jobs", "1"]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Wait for the first results, then interrupt.
        let reader = output.fileHandleForReading
        var received = reader.availableData
        kill(process.processIdentifier, SIGINT)
        received += reader.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let text = String(decoding: received, as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty && lines.count < 12_000, "stopped early: \(lines.count) lines")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "every line is whole")
        }
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("interrupted after"))
    }

    @Test func aClosedPipeEndsGradeQuietly() throws {
        let input = try corpus(copies: 5)
        // `composure grade ... | head -1`: the shell's exit status of composure and its stderr.
        let script = "\"$0\" grade \"$1\" --format jsonl | head -1 > /dev/null; echo \"status=${PIPESTATUS[0]}\""
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, ComposureBinary.executable?.path ?? "composure", input]
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complained = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(said.contains("status=0"), "\(said)")
        #expect(complained.isEmpty, "\(complained)")
    }

    @Test func aFullDiskIsAClearError() throws {
        let result = try ComposureBinary.run(["grade", Self.helpdesk, "--format", "jsonl", "--out", "/dev/full"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot write the output"), "\(result.stderr)")
    }

    @Test func aReadOnlyDataFolderStillLetsATraineePlay() throws {
        let readOnly = folder.appendingPathComponent("ro")
        try FileManager.default.createDirectory(at: readOnly, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: readOnly.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: readOnly.path) }
        // Root ignores permissions; a read-only location it cannot create in stands in: a path under a file.
        let blocker = folder.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let result = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "1"], stdin: "I'm so sorry about this.\n",
            environment: ["XDG_DATA_HOME": blocker.appendingPathComponent("data").path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Report card"))
        #expect(result.stderr.contains("warning: this session will not be recorded"), "\(result.stderr)")
        #expect(result.stderr.contains("warning: could not save the transcript"), "\(result.stderr)")
    }

    @Test func storeProblemsAreClearErrorsWithStatus2() throws {
        let corrupt = folder.appendingPathComponent("corrupt.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: corrupt))
        let history = try ComposureBinary.run(["history", "--db", corrupt])
        #expect(history.status == 2)
        #expect(history.stderr.contains("not a usable Composure database"), "\(history.stderr)")

        let newer = folder.appendingPathComponent("newer.sqlite").path
        _ = try Store(path: newer)
        #expect(try ComposureBinary.run(["history", "--db", newer]).status == 0)
        try Self.addFutureMigration(to: newer)
        let refused = try ComposureBinary.run(["report", "--db", newer])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("made by a newer version of Composure"), "\(refused.stderr)")

        let missing = folder.appendingPathComponent("new/sub/c.sqlite").path
        let fresh = try ComposureBinary.run(["history", "--db", missing])
        #expect(fresh.status == 0)
        #expect(fresh.stdout.contains("No sessions yet"))
    }

    static func addFutureMigration(to path: String) throws {
        let store = try Store(path: path)
        try store.recordForeignMigration("v99-from-the-future")
    }

    @Test func eightProcessesShareOneDatabase() throws {
        let database = folder.appendingPathComponent("shared.sqlite").path
        let input = try corpus(copies: 1)
        guard let executable = ComposureBinary.executable else {
            Issue.record("the composure executable was not built next to the tests")
            return
        }
        var processes: [(Process, Pipe)] = []
        for index in 0..<8 {
            let process = Process()
            process.executableURL = executable
            let error = Pipe()
            process.standardError = error
            process.standardOutput = FileHandle.nullDevice
            if index % 2 == 0 {
                let copy = folder.appendingPathComponent("copy\(index).jsonl").path
                let text = try String(contentsOfFile: input, encoding: .utf8)
                    .replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"p\(index)-")
                try text.write(toFile: copy, atomically: true, encoding: .utf8)
                process.arguments = ["grade", copy, "--store", "--db", database, "--format", "jsonl", "--jobs", "1"]
            } else {
                let stdin = Pipe()
                process.standardInput = stdin
                process.arguments = [
                    "play", "garadget-reviewer", "--seed", "\(index)", "--trainee", "t\(index)", "--db", database,
                ]
                var environment = ProcessInfo.processInfo.environment
                environment["XDG_DATA_HOME"] = folder.appendingPathComponent("data\(index)").path
                process.environment = environment
                try process.run()
                let replies =
                    "I'm so sorry, I can see how frustrating that is.\nCould you email me at a@b.com?\n/quit\n"
                stdin.fileHandleForWriting.write(Data(replies.utf8))
                try stdin.fileHandleForWriting.close()
                processes.append((process, error))
                continue
            }
            try process.run()
            processes.append((process, error))
        }
        for (process, error) in processes {
            process.waitUntilExit()
            let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(message)")
            #expect(!message.contains("locked"), "\(message)")
        }
        let store = try Store(path: database)
        let sessions = try store.sessions(ReportData.Filters())
        #expect(sessions.count == 4)
        #expect(sessions.allSatisfy { $0.replies == 2 })
        #expect(try store.conversationCount() == 4 * 600)
        #expect(try store.integrityProblems().isEmpty)
    }
}
