import ComposureKit
import ComposureStore
import Foundation
import Testing

/// Fault injection: standard output or standard error closed, full (`/dev/full`) or a pipe whose
/// reader is gone, while `play` and `grade --store` run. Whatever happens to the output, nothing the
/// user did is lost: the database holds every finished session and every graded conversation, the
/// transcript is saved, and the exit status is the one Docs/cli.md gives.
@Suite struct OutputFaultTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("output-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    static let helpdesk = ComposureBinary.fixture("helpdesk-dev.jsonl")
    /// Two replies that take garadget-reviewer (seed 7) to its resolved ending.
    static let resolvingReplies = PlayPipedTests.calm.joined(separator: "\n") + "\n"

    private func transcripts(in data: URL) -> [String] {
        let saved = data.appendingPathComponent("composure/transcripts")
        return ((try? FileManager.default.contentsOfDirectory(atPath: saved.path)) ?? []).map {
            saved.appendingPathComponent($0).path
        }
    }

    @Test(arguments: StandardStream.allCases, StreamFault.allCases)
    func playRecordsAndSavesAFinishedSessionWhateverHappensToItsOutput(
        stream: StandardStream, fault: StreamFault
    ) throws {
        let data = folder.appendingPathComponent("data")
        let database = folder.appendingPathComponent("play.sqlite").path
        let run = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "7", "--trainee", "faulty", "--db", database],
            stdin: Self.resolvingReplies, fault: fault, on: stream, environment: ["XDG_DATA_HOME": data.path])
        #expect(!run.crashed, "crashed with signal \(run.status): \(run.captured)")
        #expect(run.status == fault.documentedStatus, "\(run.captured)")
        let sessions = try Store(path: database).sessions(ReportData.Filters())
        #expect(sessions.count == 1)
        let session = try #require(sessions.first)
        #expect(session.outcome == .resolved)
        #expect(session.score != nil && session.endedAt != nil)
        #expect(!session.criteria.isEmpty)
        #expect(session.replies == 2)
        let saved = transcripts(in: data)
        #expect(saved.count == 1)
        let text = try saved.first.map { try String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        #expect(text.contains("outcome: resolved"))
        if stream == .output {
            #expect(run.captured.contains("Transcript saved to "), "\(run.captured)")
            if fault != .brokenPipe {
                #expect(run.captured.contains("error: cannot write the output: "), "\(run.captured)")
            }
        } else {
            #expect(run.captured.contains("Report card"), "the card is shown whatever happens to standard error")
        }
    }

    @Test(arguments: StandardStream.allCases, StreamFault.allCases)
    func gradeStoreKeepsEveryConversationItGradedWhateverHappensToItsOutput(
        stream: StandardStream, fault: StreamFault
    ) throws {
        let database = folder.appendingPathComponent("grade.sqlite").path
        let run = try ComposureBinary.run(
            ["grade", Self.helpdesk, "--store", "--db", database, "--format", "jsonl", "--jobs", "1"], stdin: nil,
            fault: fault, on: stream)
        #expect(!run.crashed, "crashed with signal \(run.status): \(run.captured)")
        #expect(run.status == fault.documentedStatus, "\(run.captured)")
        let store = try Store(path: database)
        let stored = try store.conversationCount()
        #expect(try store.criterionRowsPerConversationAreComplete())
        #expect(try store.integrityProblems().isEmpty)
        if stream == .error {
            // Diagnostics are lost; the work is not: the whole batch is stored, the whole output written.
            #expect(stored == 600)
            #expect(run.captured.split(separator: "\n").count == 600)
            return
        }
        // The output stops at the first write that fails; everything graded until then is stored,
        // and standard error says so.
        #expect(stored >= 1, "\(run.captured)")
        #expect(run.captured.contains("stored \(stored) conversation(s) as batch 1"), "\(run.captured)")
        switch fault {
        case .brokenPipe:
            #expect(run.captured.contains("the output's reader closed it after \(stored) conversation(s)"))
        case .closed, .full:
            #expect(run.captured.contains("error: cannot write the output: "), "\(run.captured)")
        }
    }

    /// Every command that prints a result: a full or closed standard output is an error (status 2,
    /// with a message); a reader that went away ends it quietly with 0.
    static let printingCommands: [[String]] = [
        ["graph", "garadget-reviewer"],
        ["explain", "I am so sorry about that."],
        [
            "lint", "--format", "json",
            ComposureBinary.packageRoot.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path,
        ],
        ["history", "--db", "HISTORY_DB"],
        ["scenarios"],
        ["scenarios", "show", "garadget-reviewer"],
        ["test", "garadget-reviewer"],
        ["explore", "garadget-reviewer", "--walks", "3"],
        ["calibrate", ComposureBinary.fixture("helpdesk-dev.jsonl"), "--human-meta", "satisfaction"],
        ["accuracy", ComposureBinary.fixture("replies-dev.jsonl")],
        ["--help"],
    ]

    @Test(arguments: printingCommands, StreamFault.allCases)
    func everyCommandSaysWhenItsOutputCannotBeWritten(arguments: [String], fault: StreamFault) throws {
        let database = folder.appendingPathComponent("history.sqlite").path
        let run = try ComposureBinary.run(
            arguments.map { $0 == "HISTORY_DB" ? database : $0 }, stdin: nil, fault: fault, on: .output)
        #expect(!run.crashed, "crashed with signal \(run.status): \(run.captured)")
        #expect(run.status == fault.documentedStatus, "\(run.captured)")
        if fault == .brokenPipe {
            #expect(!run.captured.contains("cannot write"), "\(run.captured)")
        } else {
            #expect(run.captured.contains("error: cannot write the output: "), "\(run.captured)")
        }
    }

    @Test func aDiagnosticThatCannotBeWrittenDoesNotStopGrading() throws {
        // Broken transcripts make diagnostics; with standard error full they are lost, not fatal.
        let corpus = folder.appendingPathComponent("broken.jsonl").path
        let good = try String(contentsOfFile: Self.helpdesk, encoding: .utf8).split(separator: "\n").prefix(20)
        try (good.map { "\($0)\nnot json\n" }.joined()).write(toFile: corpus, atomically: true, encoding: .utf8)
        let run = try ComposureBinary.run(["grade", corpus, "--format", "jsonl"], stdin: nil, fault: .full, on: .error)
        #expect(!run.crashed)
        #expect(run.captured.split(separator: "\n").count == 20)
        #expect(run.status == 2, "skipped (1), and the diagnostics were lost (2)")
    }
}
