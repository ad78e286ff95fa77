import Foundation
import Testing

/// A trainer's project folder with its own `Scenarios/`: listed, suggested, played, linted and tested from inside it.
@Suite struct ProjectFolderTests {
    /// The project folder; also the data home, so nothing is written outside it.
    let project: TemporaryFolder
    /// `$COMPOSURE_HOME` emptied (as if unset), so only the project and the built-in library are found.
    let environment: [String: String]

    /// Makes the project as a trainer would: `composure new scenario my-first` run inside it.
    init() throws {
        project = try TemporaryFolder()
        environment = ["COMPOSURE_HOME": "", "XDG_DATA_HOME": project.path(".data")]
        try make("my-first")
    }

    /// Runs `composure new scenario ID` in the project (into `Scenarios/`, or `folder`).
    private func make(_ id: String, in folder: String? = nil) throws {
        let made = try run(["new", "scenario", id] + (folder.map { ["--output", $0] } ?? []))
        #expect(made.status == 0, "\(made.stderr)")
    }

    private func run(_ arguments: [String], stdin: String? = nil) throws -> CommandOutput {
        try ComposureBinary.run(arguments, stdin: stdin, environment: environment, workingDirectory: project.url.path)
    }

    /// The table row that starts with `id`, split into its cells.
    private func row(_ id: String, in output: CommandOutput) -> [String]? {
        output.stdoutLines.first { $0.hasPrefix(id + " ") }.map {
            $0.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    @Test func scenariosListShowsTheProjectsScenarioWithItsFolderAndTheBuiltIns() throws {
        let output = try run(["scenarios", "list"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdoutLines.first?.hasSuffix("TESTS  FROM") == true, "\(output.stdout)")
        #expect(output.stdoutLines.dropFirst().first?.hasPrefix("my-first ") == true, "the project's own come first")
        #expect(row("my-first", in: output)?.last == "Scenarios")
        #expect(row("my-first", in: output)?.contains("The parcel that never came") == true)
        #expect(row("garadget-reviewer", in: output)?.last == "built-in", "\(output.stdout)")
    }

    @Test func theProjectsScenarioOverridesABuiltInOneOfTheSameId() throws {
        try make("garadget-reviewer")
        let list = try run(["scenarios", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdoutLines.filter { $0.hasPrefix("garadget-reviewer ") }.count == 1, "\(list.stdout)")
        #expect(row("garadget-reviewer", in: list)?.last == "Scenarios")
        #expect(row("garadget-reviewer", in: list)?.contains("The parcel that never came") == true)
        let show = try run(["scenarios", "show", "garadget-reviewer"])
        #expect(show.stdout.contains("File:     Scenarios/garadget-reviewer.yaml"), "\(show.stdout)")
    }

    @Test func theMenuSaysWhyAScenarioOfTheProjectIsNotInIt() throws {
        let file = project.path("Scenarios/my-first.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "difficulty: easy", with: "difficulty: eazy").write(
            toFile: file, atomically: true, encoding: .utf8)
        let output = try run(["play", "--seed", "1"], stdin: "garad\nI'm sorry about this.\n")
        #expect(output.stdout.contains("Scenarios/my-first.yaml:"), "the mistake, at its line: \(output.stdout)")
        #expect(output.stdout.contains("'my-first' is not in the menu until it loads"))
        // The start of an id is enough to pick it.
        #expect(output.stdout.contains("The one-star review at midnight"), "\(output.stdout)")
        #expect(output.stdout.contains("Report card"))
    }

    @Test func aMistakeInASiblingTestFileIsReportedAtThatFilesLine() throws {
        try "tests:\n  - name: wrong on purpose\n    replies: [\"hi\"]\n    expect: {criteria: {apologee: fail}}\n"
            .write(toFile: project.path("Scenarios/my-first.test.yaml"), atomically: true, encoding: .utf8)
        let output = try run(["lint"])
        #expect(output.status == 1)
        #expect(
            output.stdout.contains("Scenarios/my-first.test.yaml:2:5: error: test 'wrong on purpose' names criterion"),
            "\(output.stdout)")
        #expect(output.stdout.contains("  - name: wrong on purpose"), "the test file's own line under the message")
    }

    @Test func aTypoInPlaySuggestsTheProjectsScenario() throws {
        let output = try run(["play", "my-frist"], stdin: "")
        #expect(output.status == 2)
        #expect(output.stderr.contains("no scenario 'my-frist'; did you mean 'my-first'?"), "\(output.stderr)")
    }

    @Test func lintWithNoPathsChecksTheProjectFolder() throws {
        let file = project.path("Scenarios/my-first.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let line = try #require(lines.firstIndex(of: "difficulty: easy"))
        lines[line] = "difficulty: eazy"
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let output = try run(["lint"])
        #expect(output.status == 1)
        #expect(
            output.stdout.contains("Scenarios/my-first.yaml:\(line + 1):13: error: 'difficulty' must be easy"),
            "\(output.stdout)")
        #expect(output.stderr.contains("1 file checked: 1 error"), "only the project's file: \(output.stderr)")
    }

    @Test func testWithNoPathsRunsTheProjectsTests() throws {
        let output = try run(["test"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("PASS my-first: "), "\(output.stdout)")
        #expect(output.stdoutLines.dropLast().allSatisfy { $0.hasPrefix("PASS my-first: ") }, "\(output.stdout)")
        #expect(output.stdoutLines.last?.hasSuffix(" passed, 0 failed") == true)
    }

    @Test func testWithAScenariosFolderAndNoPathsRunsThatFolder() throws {
        try make("second", in: "more")
        let output = try run(["test", "--scenarios", "more"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("PASS second: "), "\(output.stdout)")
        #expect(!output.stdout.contains("my-first"), "\(output.stdout)")
    }

    @Test func theMenuListsTheProjectsScenarioAndPicksItById() throws {
        let terminal = try PseudoTerminal(
            ["play", "--seed", "1", "--trainee", "pty"], environment: environment, workingDirectory: project.url.path)
        try terminal.waitForPrompt("type its id (Tab completes): ")
        #expect(terminal.output.contains("The parcel that never came"), "\(terminal.output)")
        let picked = terminal.mark
        terminal.send("my-first\r")
        try terminal.waitForPrompt()
        let opening = String(terminal.output[picked...])
        #expect(
            opening.contains("Where is it?") || opening.contains("What is going on?"),
            "the first line of my-first's first beat: \(opening)")
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
    }
}
