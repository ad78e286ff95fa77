import ComposureKit
import ComposureStore
import Foundation
import Testing

/// Where results are written: a saved transcript never replaces another, and `--out` never
/// replaces what the command reads.
@Suite struct OutputTargetTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("targets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    static let helpdesk = ComposureBinary.fixture("helpdesk-dev.jsonl")

    @Test func eightConcurrentSessionsOfOneTraineeAndScenarioKeepEightTranscripts() throws {
        let data = path("data")
        let database = path("eight.sqlite")
        guard let executable = ComposureBinary.executable else {
            throw ComposureBinary.RunError(description: "the composure executable was not built next to the tests")
        }
        var running: [(Process, Pipe)] = []
        for _ in 0..<8 {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["play", "garadget-reviewer", "--seed", "7", "--trainee", "same", "--db", database]
            var environment = ProcessInfo.processInfo.environment
            environment["XDG_DATA_HOME"] = data
            process.environment = environment
            let stdin = Pipe()
            process.standardInput = stdin
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            running.append((process, stdin))
        }
        // All eight are waiting; send every one its replies at once, so they end in the same second.
        for (_, stdin) in running {
            stdin.fileHandleForWriting.write(Data(OutputFaultTests.resolvingReplies.utf8))
            try stdin.fileHandleForWriting.close()
        }
        for (process, _) in running {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let saved = try FileManager.default.contentsOfDirectory(atPath: data + "/composure/transcripts")
        #expect(saved.count == 8, "\(saved.sorted())")
        let sessions = try Store(path: database).sessions(ReportData.Filters())
        #expect(sessions.count == 8)
        #expect(sessions.allSatisfy { $0.outcome == .resolved })
    }

    @Test func gradeRefusesToWriteOverItsInput() throws {
        let input = path("mine.jsonl")
        try FileManager.default.copyItem(atPath: Self.helpdesk, toPath: input)
        let before = bytes(input)
        let run = try ComposureBinary.run(["grade", input, "--format", "jsonl", "--out", input])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: the output '\(input)' is an input of this command"), "\(run.stderr)")
        #expect(bytes(input) == before, "the input is untouched")
    }

    @Test func gradeRefusesToWriteOverTheFileOnStandardInput() throws {
        let input = path("stdin.jsonl")
        try FileManager.default.copyItem(atPath: Self.helpdesk, toPath: input)
        let before = bytes(input)
        // `grade - --out f < f`
        let run = try ComposureBinary.run(["grade", "-", "--out", input], stdinFile: input)
        #expect(run.status == 2)
        #expect(run.stderr.contains("is the file on standard input"), "\(run.stderr)")
        #expect(bytes(input) == before)
    }

    @Test func gradeRefusesToWriteOverItsRubricOrDatabase() throws {
        let rubric = path("rubric.yaml")
        try FileManager.default.copyItem(
            atPath: ComposureBinary.packageRoot.appendingPathComponent("Rubrics/core.yaml").path, toPath: rubric)
        let rubricBefore = bytes(rubric)
        let overRubric = try ComposureBinary.run([
            "grade", Self.helpdesk, "--rubric", rubric, "--model", "none", "--out", rubric,
        ])
        #expect(overRubric.status == 2)
        #expect(overRubric.stderr.contains("is the rubric of this command"), "\(overRubric.stderr)")
        #expect(bytes(rubric) == rubricBefore)

        let database = path("batch.sqlite")
        _ = try Store(path: database)
        let overDatabase = try ComposureBinary.run([
            "grade", Self.helpdesk, "--store", "--db", database, "--out", database,
        ])
        #expect(overDatabase.status == 2)
        #expect(overDatabase.stderr.contains("is the database of this command"), "\(overDatabase.stderr)")
        #expect(try Store(path: database).integrityProblems().isEmpty)
    }

    @Test func gradeRefusesAnOutputInsideAnInputFolder() throws {
        let inputs = path("inputs")
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.helpdesk, toPath: inputs + "/a.jsonl")
        // Written there, the report would be read as a transcript by this run or the next.
        let run = try ComposureBinary.run(["grade", inputs, "--format", "jsonl", "--out", inputs + "/scores.jsonl"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is inside the input folder"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: inputs + "/scores.jsonl"))
    }

    @Test func reportRefusesToWriteOverItsDatabase() throws {
        let database = path("report.sqlite")
        let stored = try ComposureBinary.run(["grade", Self.helpdesk, "--store", "--db", database, "--format", "csv"])
        #expect(stored.status == 0)
        let run = try ComposureBinary.run(["report", "--db", database, "--out", database])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is the database of this command"), "\(run.stderr)")
        let store = try Store(path: database)
        #expect(try store.integrityProblems().isEmpty)
        #expect(try store.conversationCount() == 600)
    }

    @Test func trainModelRefusesToWriteOverALabelledFile() throws {
        let labelled = path("labelled.jsonl")
        try FileManager.default.copyItem(atPath: ComposureBinary.fixture("replies-dev.jsonl"), toPath: labelled)
        let before = bytes(labelled)
        let run = try ComposureBinary.run(["train-model", labelled, "-o", labelled])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is a labelled file of this command"), "\(run.stderr)")
        #expect(bytes(labelled) == before)
    }

    @Test func anOutputFileIsReplacedWholeKeepingItsMode() throws {
        let out = path("scores.csv")
        try "old report\n".write(toFile: out, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: out)
        let run = try ComposureBinary.run(["grade", Self.helpdesk, "--format", "csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.split(whereSeparator: \.isNewline).count == 601, "a header and 600 rows")
        let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "no temporary file left: \(left)")
    }
}
