import Foundation
import Testing

/// Rubric, scenario and human-score files built to break the tool (issue 15): each gets a clear error
/// and a documented exit status, within bounded time and memory.
@Suite struct HostileFileTests {
    // MARK: calibrate

    static let threeConversations = [
        #"{"id": "a", "meta": {"satisfaction": SCORE}, "turns": [{"role": "agent", "text": "Sorry, I'll fix it."}]}"#,
        #"{"id": "b", "meta": {"satisfaction": 2}, "turns": [{"role": "agent", "text": "No."}]}"#,
        #"{"id": "c", "meta": {"satisfaction": 3}, "turns": [{"role": "agent", "text": "I see, that's awful."}]}"#,
    ]

    /// JSON numbers as written, and as the JSONL reader hands them on.
    @Test(arguments: [("1e300", "1e+300"), ("9e18", "9e+18"), ("-1000001", "-1000001")])
    func aHugeMetaScoreIsAnErrorAtItsConversationNotATrap(score: String, shown: String) throws {
        let folder = try TemporaryFolder()
        let lines = Self.threeConversations.map { $0.replacingOccurrences(of: "SCORE", with: score) }
        let transcripts = try folder.write(lines.joined(separator: "\n") + "\n", to: "t.jsonl")
        let output = try ComposureBinary.run(["calibrate", "--human-meta", "satisfaction", transcripts])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "t.jsonl:1:1: error: meta.satisfaction of conversation 'a' is \(shown), out of range: a human "
                    + "score is between -1000000 and 1000000"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func aHugeCSVScoreIsAnErrorAtItsCellNotATrap() throws {
        let folder = try TemporaryFolder()
        let lines = Self.threeConversations.map { $0.replacingOccurrences(of: "SCORE", with: "1") }
        let transcripts = try folder.write(lines.joined(separator: "\n") + "\n", to: "t.jsonl")
        let scores = try folder.write("id,score\na,9e18\nb,2\nc,3\n", to: "s.csv")
        let output = try ComposureBinary.run(["calibrate", "--human", scores, transcripts])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "s.csv:2:3: error: score '9e18' is out of range: a human score is between -1000000 and 1000000"),
            "\(output.stderr)")
        let fine = try folder.write("id,score\na,1000000\nb,-2.5\nc,3\n", to: "fine.csv")
        let graded = try ComposureBinary.run(["calibrate", "--human", fine, transcripts])
        #expect(graded.status == 0, "\(graded.stderr)")
        #expect(graded.stdout.contains("1000000.00"), "\(graded.stdout)")
    }
}

extension HostileFileTests {
    // MARK: YAML aliases

    /// A rubric whose patterns are aliases of one long anchored list: 811 KB, and before anchors and
    /// aliases were refused, minutes and gigabytes to load.
    static func aliasRubric() -> String {
        var yaml = "id: aliases\nconcepts:\n  big: &big ["
        yaml += (0..<2_000).map { "word\($0)" }.joined(separator: ", ") + "]\nsignals:\n"
        for index in 0..<2_000 {
            yaml += "  s\(index): {any: *big, examples: {fire: *big, silent: *big}}\n"
        }
        yaml += "criteria:\n  - {id: c, weight: 100, expect: [s0]}\n"
        return yaml
    }

    @Test func aRubricOfAliasesIsRefusedAtTheAnchorQuickly() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Self.aliasRubric(), to: "Rubrics/aliases.yaml")
        let start = Date()
        let output = try ComposureBinary.run(["lint", path], timeout: 60)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(
            output.stdout.hasPrefix(
                "\(path):3:8: error: YAML anchors ('&big') and aliases are not allowed in a rubric or a scenario; "
                    + "write the text out where it is used"), "\(output.stdout)")
    }

    @Test func aliasesUsedAsKeysAreRefusedBeforeTheyAreExpanded() throws {
        var yaml = "id: keys\nx:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = Array("abcdefghij")
        for index in 1..<names.count {
            yaml +=
                "  \(names[index]): &\(names[index]) ["
                + Array(repeating: "*\(names[index - 1])", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "keys: {*j: 1, *i: 2}\nsignals: {}\ncriteria: []\n"
        let folder = try TemporaryFolder()
        let path = try folder.write(yaml, to: "Rubrics/keys.yaml")
        let output = try ComposureBinary.run(["lint", path], timeout: 60)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("keys.yaml:3:6: error: YAML anchors ('&a')"), "\(output.stdout)")
    }
}

extension HostileFileTests {
    // MARK: FIFOs

    /// A folder holding a good scenario and a FIFO named like one (and one named like its test file).
    private func folderWithAFIFO() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let good = try String(
            contentsOfFile: ComposureBinary.packageRoot.appendingPathComponent("Scenarios/just-cancel.yaml").path,
            encoding: .utf8)
        try folder.write(good, to: "Scenarios/just-cancel.yaml")
        #expect(mkfifo(folder.path("Scenarios/pipe.yaml"), 0o644) == 0)
        #expect(mkfifo(folder.path("Scenarios/just-cancel.test.yaml"), 0o644) == 0)
        return folder
    }

    @Test func aFIFOInAScenariosFolderIsSkippedByTheListLintAndTest() throws {
        let folder = try folderWithAFIFO()
        let scenarios = folder.path("Scenarios")
        let rubrics = ComposureBinary.packageRoot.appendingPathComponent("Rubrics").path
        let list = try ComposureBinary.run(["scenarios", "list", "--scenarios", scenarios], timeout: 30)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdoutLines.contains { $0.hasPrefix("just-cancel ") }, "\(list.stdout)")
        #expect(!list.stdout.contains("pipe"))
        let lint = try ComposureBinary.run(["lint", scenarios, "--rubrics", rubrics], timeout: 60)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(
            lint.stdout.contains("\(scenarios)/pipe.yaml: warning: skipped: a FIFO, not a regular file"),
            "\(lint.stdout)")
        let test = try ComposureBinary.run(["test", scenarios, "--rubrics", rubrics], timeout: 60)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains("passed, 0 failed"), "\(test.stdout)")
        let menu = try ComposureBinary.run(
            ["play", "--scenarios", scenarios], stdin: "", environment: ["XDG_DATA_HOME": folder.path(".data")],
            timeout: 30)
        #expect(menu.stdout.contains("I've decided. Just cancel it."), "\(menu.stdout)\(menu.stderr)")
        #expect(!menu.stdout.contains("pipe"))
        let byID = try ComposureBinary.run(
            ["play", "pipe", "--scenarios", scenarios], stdin: "", environment: ["XDG_DATA_HOME": folder.path(".data")],
            timeout: 30)
        #expect(byID.status == 2, "\(byID.stderr)")
    }

    // MARK: lint's paths

    @Test func lintWalksAFolderNamedLikeAYAMLFileAndRefusesOneWithNothingToCheck() throws {
        let folder = try TemporaryFolder()
        try folder.write("id: broken\nbeats: [\n", to: "x.yaml/inner/broken.yaml")
        let walked = try ComposureBinary.run(["lint", folder.path("x.yaml") + "/"], timeout: 60)
        #expect(walked.status == 1, "\(walked.stdout)\(walked.stderr)")
        #expect(walked.stdout.contains("x.yaml/inner/broken.yaml:3:1: error: YAML syntax"), "\(walked.stdout)")
        #expect(walked.stderr.contains("1 file checked: 1 error"), "\(walked.stderr)")
        try FileManager.default.createDirectory(
            atPath: folder.path("empty.yaml/sub"), withIntermediateDirectories: true)
        try folder.write("notes\n", to: "empty.yaml/notes.txt")
        let empty = try ComposureBinary.run(["lint", folder.path("empty.yaml") + "/"], timeout: 60)
        #expect(empty.status == 2, "\(empty.stdout)\(empty.stderr)")
        #expect(
            empty.stderr.contains("empty.yaml/: error: a folder with no .yaml or .yml file in it; nothing to check"),
            "\(empty.stderr)")
    }
}

extension HostileFileTests {
    // MARK: Scenario ids

    /// The built-in `just-cancel` scenario with its `id:` and `rubric:` lines replaced.
    private func justCancel(id: String, rubric: String = "core") throws -> String {
        let text = try String(
            contentsOfFile: ComposureBinary.packageRoot.appendingPathComponent("Scenarios/just-cancel.yaml").path,
            encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if line.hasPrefix("id:") { return "id: \(id)" }
            if line.hasPrefix("rubric:") { return "rubric: \(rubric)" }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test(arguments: [
        (#""cancel\e]0;pwned\a\e[2J""#, #"'cancel\u{1B}]0;pwned\u{7}\u{1B}[2J' is not a valid id"#),
        ("team/cancel", "'team/cancel' is not a valid id"),
        ("Cancel", "'Cancel' is not a valid id"),
    ])
    func aScenarioIdMustBeAnIdentifier(id: String, message: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(try justCancel(id: id), to: "Scenarios/cancel.yaml")
        let rubrics = ComposureBinary.packageRoot.appendingPathComponent("Rubrics").path
        for command in [["graph", path], ["explore", path, "--walks", "0"], ["scenarios", "show", path]] {
            let output = try ComposureBinary.run(command + ["--rubrics", rubrics], timeout: 60)
            #expect(output.status == 2, "\(command): \(output.stdout)\(output.stderr)")
            #expect(
                output.stderr.contains(
                    "cancel.yaml:9:5: error: \(message): use lower-case letters, digits, '_' and '-'"),
                "\(command): \(output.stderr)")
            #expect(!(output.stdout + output.stderr).contains("\u{1B}"), "\(command)")
            #expect(!(output.stdout + output.stderr).contains("\u{07}"), "\(command)")
        }
    }
}

extension HostileFileTests {
    // MARK: Rubric references

    @Test func aRubricReferenceToAFileThatIsNotARubricQuotesNothingFromIt() throws {
        let folder = try TemporaryFolder()
        try folder.write("TOP SECRET: the launch code is 0000\nsecond line\n", to: "secret.txt")
        try folder.write("password: hunter2\nuser: root\n", to: "secret.yaml")
        for reference in ["../secret.txt", "../secret.yaml"] {
            let path = try folder.write(try justCancel(id: "cancel", rubric: reference), to: "Scenarios/cancel.yaml")
            let output = try ComposureBinary.run(["lint", path], timeout: 60)
            #expect(output.status == 1, "\(output.stderr)")
            let all = output.stdout + output.stderr
            #expect(!all.contains("SECRET") && !all.contains("launch") && !all.contains("hunter2"), "\(all)")
            #expect(!all.contains("password") && !all.contains("root"), "\(all)")
            #expect(all.contains("cancel.yaml:12:9: error: cannot load rubric '\(reference)'"), "\(all)")
            #expect(
                all.contains(
                    "error: not a rubric: a rubric is a YAML file with 'id', 'signals' and 'criteria' at the top"),
                "\(all)")
        }
    }
}
