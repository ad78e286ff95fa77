import ComposureKit
import ComposureStore
import Foundation
import Testing

/// `kill -9` during `play` loses nothing already typed.
@Suite struct PlayCrashTests {
    @Test func killingPlayAfterThreeRepliesKeepsThem() throws {
        guard let executable = ComposureBinary.executable else {
            Issue.record("the composure executable was not built next to the tests")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = folder.appendingPathComponent("c.sqlite").path
        let process = Process()
        process.executableURL = executable
        process.arguments = ["play", "garadget-reviewer", "--seed", "2", "--trainee", "crash", "--db", database]
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_DATA_HOME"] = folder.path
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let replies = [
            "I'm so sorry it let you down, Martin, that sounds like a rotten night.",
            "Which model do you have? Is it the one with the blue light?",
            "I'm checking the logs for your model right now.",
        ]
        for reply in replies { input.fileHandleForWriting.write(Data((reply + "\n").utf8)) }
        // Wait until the three replies are in the database, then kill without warning.
        let deadline = Date().addingTimeInterval(30)
        var stored = 0
        while Date() < deadline {
            stored = Self.replies(in: database)
            if stored >= 3 || !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(Self.replies(in: database) == 3)
        let history = try ComposureBinary.run(["history", "--db", database])
        #expect(history.status == 0)
        #expect(history.stdout.contains("abandoned"), "\(history.stdout)")
    }

    /// Agent turns stored in the database, read through the store as `report` reads them.
    static func replies(in database: String) -> Int {
        guard FileManager.default.fileExists(atPath: database), let store = try? Store(path: database),
            let sessions = try? store.sessions(ReportData.Filters())
        else { return 0 }
        return sessions.reduce(0) { $0 + $1.replies }
    }
}
