import ComposureKit
import ComposureStore
import Foundation
import Testing

/// One signal policy for SIGINT, SIGTERM and SIGHUP: stop promptly (also while waiting for input),
/// finish the record being written, end the output validly, keep the database in step with it, and
/// exit 130, 143 or 129.
@Suite struct SignalPolicyTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("signals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let stoppingSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private func start(
        _ arguments: [String], environment: [String: String] = [:]
    ) throws -> (Process, stdin: Pipe, stdout: Pipe, stderr: Pipe) {
        let process = Process()
        guard let executable = ComposureBinary.executable else {
            throw ComposureBinary.RunError(description: "the composure executable was not built next to the tests")
        }
        process.executableURL = executable
        process.arguments = arguments
        var childEnvironment = ProcessInfo.processInfo.environment
        childEnvironment.merge(environment) { _, new in new }
        process.environment = childEnvironment
        let pipes = (Pipe(), Pipe(), Pipe())
        process.standardInput = pipes.0
        process.standardOutput = pipes.1
        process.standardError = pipes.2
        try process.run()
        return (process, pipes.0, pipes.1, pipes.2)
    }

    /// Waits for `process` to exit within `seconds`; false when it is still running.
    private func exits(_ process: Process, within seconds: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    @Test(arguments: stoppingSignals)
    func aSignalWhileGradeWaitsForInputStopsItAtOnce(signal: Int32) throws {
        let (process, stdin, stdout, stderr) = try start(["grade", "-", "--format", "json"])
        defer { if process.isRunning { process.terminate() } }
        try ComposureBinary.waitUntilCatching(signal, pid: process.processIdentifier)
        try ComposureBinary.waitUntilReadingAPipe(pid: process.processIdentifier)
        let output = PipeCollector(stdout.fileHandleForReading)
        let errors = PipeCollector(stderr.fileHandleForReading)
        kill(process.processIdentifier, signal)
        // Standard input stays open: before, grade went on waiting, then exited 0.
        #expect(exits(process, within: 10), "still waiting for input after the signal")
        try stdin.fileHandleForWriting.close()
        if !exits(process, within: 30) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal)
        let json = try JSONSerialization.jsonObject(with: Data(output.text().utf8)) as? [Any]
        #expect(json?.isEmpty == true, "an empty, valid array: \(output.text())")
        #expect(errors.text().contains("interrupted after 0 conversation(s)"), "\(errors.text())")
    }

    @Test(arguments: stoppingSignals)
    func aSignalDuringGradeStoreLeavesValidJSONInStepWithTheDatabase(signal: Int32) throws {
        let lines = try String(contentsOfFile: ComposureBinary.fixture("helpdesk-dev.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var corpus = ""
        for copy in 0..<20 {
            for line in lines {
                corpus += line.replacingOccurrences(of: "\"id\": \"", with: "\"id\": \"\(copy)-") + "\n"
            }
        }
        let input = folder.appendingPathComponent("corpus.jsonl").path
        try corpus.write(toFile: input, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("signal.sqlite").path
        let (process, _, stdout, stderr) = try start([
            "grade", input, "--format", "json", "--store", "--db", database, "--jobs", "1",
        ])
        defer { if process.isRunning { process.terminate() } }
        // Wait for the first results (the first 64 KiB written), then signal.
        let reader = stdout.fileHandleForReading
        var received = reader.availableData
        kill(process.processIdentifier, signal)
        received += reader.readDataToEndOfFile()
        process.waitUntilExit()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit, "killed by the signal instead of stopping")
        #expect(process.terminationStatus == 128 + signal)
        let items = try JSONSerialization.jsonObject(with: received) as? [Any]
        let written = try #require(items?.count, "valid JSON")
        #expect(written > 0 && written < 12_000, "stopped early: \(written)")
        let store = try Store(path: database)
        #expect(try store.conversationCount() == written, "every written conversation stored, and no other")
        #expect(try store.criterionRowsPerConversationAreComplete())
        #expect(message.contains("interrupted after \(written) conversation(s)"), "\(message)")
        #expect(message.contains("stored \(written) conversation(s)"), "\(message)")
    }

    @Test(arguments: stoppingSignals)
    func aSignalDuringPipedPlayRecordsTheSessionAndSavesItsTranscript(signal: Int32) throws {
        let data = folder.appendingPathComponent("data").path
        let database = folder.appendingPathComponent("play.sqlite").path
        let (process, stdin, stdout, _) = try start(
            ["play", "garadget-reviewer", "--seed", "7", "--trainee", "stopped", "--db", database],
            environment: ["XDG_DATA_HOME": data])
        defer { if process.isRunning { process.terminate() } }
        stdin.fileHandleForWriting.write(Data((PlayPipedTests.calm[0] + "\n").utf8))
        // Wait for the customer's answer to the reply (the mood line after it), then signal.
        var shown = Data()
        while !String(decoding: shown, as: UTF8.self).contains("anger") {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            shown += chunk
        }
        kill(process.processIdentifier, signal)
        #expect(exits(process, within: 10), "still waiting for a reply after the signal")
        try stdin.fileHandleForWriting.close()
        if !exits(process, within: 30) { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal)
        let sessions = try Store(path: database).sessions(ReportData.Filters())
        let session = try #require(sessions.first)
        #expect(session.outcome == .abandoned)
        #expect(session.replies == 1)
        #expect(session.score != nil && session.endedAt != nil, "recorded as ended, with its score")
        let saved = try FileManager.default.contentsOfDirectory(atPath: data + "/composure/transcripts")
        #expect(saved.count == 1)
    }

    @Test(arguments: [SIGTERM, SIGHUP])
    func aSignalToPlayOnATerminalRestoresTheTerminalAndKeepsTheSession(signal: Int32) throws {
        let data = folder.appendingPathComponent("pty-data").path
        let database = folder.appendingPathComponent("pty.sqlite").path
        let terminal = try PseudoTerminal(
            ["play", "garadget-reviewer", "--seed", "7", "--trainee", "pty", "--db", database],
            environment: ["XDG_DATA_HOME": data])
        try terminal.waitForPrompt()
        let before = terminal.mark
        terminal.send(PlayPipedTests.calm[0] + "\r")
        try terminal.waitFor("anger", after: before)
        try terminal.waitForPrompt()
        terminal.send("half a reply")
        try terminal.waitFor("half a reply")
        let stopped = terminal.mark
        terminal.signal(signal)
        #expect(try terminal.waitForExit() == 128 + signal)
        let after = String(terminal.output[stopped...])
        // readline turned bracketed paste on for the prompt; it must be off again.
        let on = "\u{1B}[?2004h"
        let off = "\u{1B}[?2004l"
        #expect(terminal.output.contains(on), "readline used bracketed paste")
        #expect(after.contains(off), "bracketed paste turned off: \(after.debugDescription)")
        #expect(after.contains("Session stopped by \(signal == SIGTERM ? "SIGTERM" : "SIGHUP")"))
        let session = try #require(try Store(path: database).sessions(ReportData.Filters()).first)
        #expect(session.outcome == .abandoned)
        #expect(session.replies == 1, "the half-typed reply is not a reply")
        #expect(session.score != nil && session.endedAt != nil)
        let saved = try FileManager.default.contentsOfDirectory(atPath: data + "/composure/transcripts")
        #expect(saved.count == 1)
    }
}
