import ComposureKit
import ComposureStore
import Foundation
import Testing

/// `kill -9` at random moments never corrupts the database, loses a committed turn or duplicates a conversation.
@Suite(.serialized) struct CrashSafetyTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-safety-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// A seeded generator so the "random" moments are the same on every run.
    private struct Moments {
        var state: UInt64
        mutating func next(in range: ClosedRange<Int>) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
    }

    private func launch(_ arguments: [String], stdin: Pipe? = nil) throws -> Process {
        guard let executable = ComposureBinary.executable else {
            throw ComposureBinary.RunError(description: "the composure executable was not built next to the tests")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("data").path
        process.environment = environment
        if let stdin { process.standardInput = stdin }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func killingGradeStoreRepeatedlyNeverDuplicatesOrCorrupts() throws {
        let database = folder.appendingPathComponent("grade.sqlite").path
        let lines = try String(contentsOfFile: ComposureBinary.fixture("helpdesk-dev.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var corpus = ""
        for copy in 0..<3 {
            for line in lines {
                corpus += line.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"\(copy)-") + "\n"
            }
        }
        let input = folder.appendingPathComponent("corpus.jsonl").path
        try corpus.write(toFile: input, atomically: true, encoding: .utf8)
        let arguments = ["grade", input, "--store", "--db", database, "--format", "jsonl", "--jobs", "1"]
        var moments = Moments(state: 42)
        var previous = 0
        for _ in 0..<6 {
            let process = try launch(arguments)
            Thread.sleep(forTimeInterval: Double(moments.next(in: 50...900)) / 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try Store(path: database)
            #expect(try store.integrityProblems().isEmpty)
            let count = try store.conversationCount()
            #expect(count >= previous, "committed conversations are never lost")
            #expect(count <= 1_800)
            #expect(try store.criterionRowsPerConversationAreComplete(), "a chunk is written whole or not at all")
            previous = count
        }
        let finish = try launch(arguments)
        finish.waitUntilExit()
        #expect(finish.terminationStatus == 0)
        let store = try Store(path: database)
        #expect(try store.conversationCount() == 1_800, "re-running after kills stores each conversation once")
    }

    @Test func killingPlayAtRandomMomentsKeepsEveryCommittedReply() throws {
        let database = folder.appendingPathComponent("play.sqlite").path
        // Replies with a little substance (empathy that wears out), so six of them never end the call:
        // the session must still be running when it is killed.
        let replies = (1...12).map { "Reply number \($0): I'm sorry, Gloria, I can hear how exhausting this is." }
        // A session that ended anyway closes its stdin; a write must then fail, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        var moments = Moments(state: 7)
        for round in 0..<5 {
            let input = Pipe()
            let process = try launch(
                ["play", "seventeen-calls", "--seed", "\(round)", "--trainee", "k\(round)", "--db", database],
                stdin: input)
            // Wait for the session to start (its opening line stored), as a trainee waits for the customer.
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let store = try? Store(path: database),
                    let session = try? store.sessions(ReportData.Filters(trainee: "k\(round)")).first,
                    let turns = try? store.turns(ofSession: session.id), !turns.isEmpty
                {
                    break
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            // Type replies at a human-ish pace, then kill without warning part-way.
            let typed = moments.next(in: 1...6)
            for reply in replies.prefix(typed) {
                try? input.fileHandleForWriting.write(contentsOf: Data((reply + "\n").utf8))
                Thread.sleep(forTimeInterval: Double(moments.next(in: 5...60)) / 1000)
            }
            Thread.sleep(forTimeInterval: 0.3)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let store = try Store(path: database)
            #expect(try store.integrityProblems().isEmpty)
            let session = try #require(try store.sessions(ReportData.Filters(trainee: "k\(round)")).first)
            let stored = try store.turns(ofSession: session.id).filter { $0.role == .agent }.map(\.text)
            #expect(stored == Array(replies.prefix(stored.count)), "stored replies are the typed ones, in order")
            #expect(stored.count == typed, "every reply typed before the kill (and processed) was committed")
            #expect(session.outcome == .abandoned)
        }
    }
}
