import Foundation
import Testing

/// The details a user of git or ripgrep expects, on the built binary: did-you-mean, short options, `--color` and
/// `FORCE_COLOR`, the configuration file and its precedence, history in XDG_STATE_HOME, tables by display width.
@Suite(.serialized) struct CommandLineDetailsTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    /// Runs `composure` with its configuration in the test's folder and no user library.
    private func run(
        _ arguments: [String], environment extra: [String: String] = [:], stdin: String? = nil
    ) throws -> CommandOutput {
        var environment = [
            "XDG_CONFIG_HOME": folder.path("config"), "XDG_DATA_HOME": folder.path("data"),
            "XDG_STATE_HOME": folder.path("state"), "COMPOSURE_HOME": "",
        ]
        environment.merge(extra) { _, new in new }
        return try ComposureBinary.run(
            arguments, stdin: stdin, environment: environment, workingDirectory: folder.url.path)
    }

    private let transcript = ComposureBinary.fixture("examples/garadget-public-reply.txt")

    // MARK: Did you mean

    @Test(arguments: [
        (["grad"], "error: unknown command 'grad' for 'composure'; did you mean 'grade'?\nSee 'composure --help'.\n"),
        (
            ["scenarios", "shwo", "x"],
            "error: unknown command 'shwo' for 'composure scenarios'; did you mean 'show'?\nSee 'composure scenarios --help'.\n"
        ),
    ])
    func aMisspeltSubcommandIsNamed(arguments: [String], message: String) throws {
        let output = try run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr == message)
    }

    @Test func aWordLikeNoCommandListsThemAll() throws {
        let output = try run(["zzzzzz"])
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("error: unknown command 'zzzzzz' for 'composure'; the commands are: play, "))
        #expect(output.stderr.contains(" grade, ") && !output.stderr.contains("bench"), "\(output.stderr)")
    }

    @Test func aMisspeltRubricOrScenarioIdIsNamed() throws {
        let rubric = try run(["grade", transcript, "--rubric", "cor"])
        #expect(rubric.status == 2)
        #expect(rubric.stderr.hasPrefix("cor: error: no rubric with id 'cor'; did you mean 'core'? (looked in "))
        let scenario = try run(["graph", "just-cancle"])
        #expect(scenario.status == 2)
        #expect(
            scenario.stderr.contains("no scenario 'just-cancle'; did you mean 'just-cancel'?"), "\(scenario.stderr)")
    }

    // MARK: Short options

    @Test func shortOptionsMeanFormatOutputAndJobs() throws {
        let graded = try run(["grade", transcript, "-f", "json", "-o", folder.path("out.json"), "-j", "1"])
        #expect(graded.status == 0, "\(graded.stderr)")
        let written = try String(contentsOfFile: folder.path("out.json"), encoding: .utf8)
        #expect((try? JSONSerialization.jsonObject(with: Data(written.utf8))) != nil, "\(written.prefix(200))")
        let linted = try run(["lint", ComposureBinary.packageRoot.path + "/Scenarios/just-cancel.yaml", "-f", "json"])
        #expect(linted.stdout.hasPrefix("{") || linted.stdout.hasPrefix("["), "\(linted.stdout.prefix(100))")
        let made = try run(["new", "rubric", "mine", "-o", folder.path("made")])
        #expect(made.status == 0 && FileManager.default.fileExists(atPath: folder.path("made/mine.yaml")))
    }

    // MARK: Colour

    @Test(arguments: [
        ([] as [String], [:] as [String: String], false),
        (["--color", "always"], [:], true),
        (["--color", "always"], ["NO_COLOR": "1"], true),
        (["--color", "never"], ["FORCE_COLOR": "1"], false),
        ([], ["FORCE_COLOR": "1"], true),
        ([], ["FORCE_COLOR": "0"], false),
        ([], ["FORCE_COLOR": "1", "NO_COLOR": "1"], false),
        (["--color", "auto"], ["FORCE_COLOR": "1", "TERM": "dumb"], true),
    ])
    func colourFollowsTheFlagThenNoColorThenForceColor(
        flags: [String], environment: [String: String], coloured: Bool
    ) throws {
        // Standard output is a pipe here, so colour only comes when asked for.
        let output = try run(["explain", "I am so sorry."] + flags, environment: environment)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("\u{1B}[") == coloured, "\(output.stdout)")
        let graded = try run(["grade", transcript] + flags, environment: environment)
        #expect(graded.stdout.contains("\u{1B}[") == coloured)
    }

    @Test func aBadColourIsAUsageError() throws {
        let output = try run(["explain", "hi", "--color", "sometimes"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("'sometimes'") && output.stderr.contains("auto"), "\(output.stderr)")
    }

    // MARK: Configuration

    private func configure(_ text: String) throws {
        try folder.write(text, to: "config/composure/config.yaml")
    }

    @Test func aFlagBeatsTheEnvironmentWhichBeatsTheConfigWhichBeatsTheDefault() throws {
        // The default: core.
        #expect(try run(["grade", transcript]).status == 0)
        try configure("# my defaults\nrubric: from-config\n")
        let configured = try run(["grade", transcript])
        #expect(configured.status == 2)
        #expect(
            configured.stderr.hasPrefix("from-config: error: no rubric with id 'from-config'"), "\(configured.stderr)")
        let environment = try run(["grade", transcript], environment: ["COMPOSURE_RUBRIC": "from-env"])
        #expect(environment.stderr.hasPrefix("from-env: error:"), "\(environment.stderr)")
        let flag = try run(["grade", transcript, "--rubric", "core"], environment: ["COMPOSURE_RUBRIC": "from-env"])
        #expect(flag.status == 0, "\(flag.stderr)")
    }

    @Test func theConfiguredTraineeAndDatabaseAreUsed() throws {
        try configure("trainee: 王小明\ndatabase: \(folder.path("mine.sqlite"))\n")
        let played = try run(["play", "just-cancel", "--seed", "1"], stdin: "I'm sorry, let me check that now.\n")
        #expect(played.status == 0, "\(played.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.path("mine.sqlite")))
        let history = try run(["history"])
        #expect(history.stdout.contains("王小明"), "\(history.stdout)")
        // The environment beats the file.
        let other = try run(["history"], environment: ["COMPOSURE_DB": folder.path("other.sqlite")])
        #expect(other.stdout.hasPrefix("No sessions yet"), "\(other.stdout)")
    }

    @Test(arguments: [
        ("rubric: [a, b]\n", "config.yaml:1:9: error: 'rubric' must be text"),
        (
            "trainer: Sam\n",
            "config.yaml:1:1: error: unknown key 'trainer' in the configuration; did you mean 'trainee'?"
        ),
        ("trainee: \"\"\n", "config.yaml:1:10: error: 'trainee' must not be empty; leave it out for the default"),
        ("- just\n- a list\n", "config.yaml:1:1: error: the configuration must be a mapping of keys to values"),
        ("rubric: core\n  bad: indent\n", "config.yaml:2:"),
    ])
    func aBadConfigurationIsReportedAtItsLine(text: String, message: String) throws {
        try configure(text)
        let output = try run(["grade", transcript])
        #expect(output.status == 2)
        #expect(output.stderr.contains(folder.path("config/composure") + "/" + message), "\(output.stderr)")
        // Help still works, so the user can read how to fix it.
        #expect(try run(["grade", "--help"]).status == 0)
    }

    // MARK: History

    @Test func historyMovesToTheStateFolderAndIsRecalled() throws {
        try folder.write("An old reply from before.\n", to: "data/composure/histories/just-cancel")
        let terminal = try PseudoTerminal(
            ["play", "just-cancel", "--seed", "1", "--db", folder.path("h.sqlite"), "--trainee", "t"],
            environment: [
                "XDG_DATA_HOME": folder.path("data"), "XDG_STATE_HOME": folder.path("state"),
                "XDG_CONFIG_HOME": folder.path("config"),
            ])
        try terminal.waitForPrompt()
        let mark = terminal.mark
        terminal.send("\u{1B}[A")
        try terminal.waitFor("An old reply from before.", after: mark)
        terminal.send("\u{15}\u{04}")
        _ = try terminal.waitForExit()
        let moved = folder.path("state/composure/history/just-cancel")
        #expect(try String(contentsOfFile: moved, encoding: .utf8).contains("An old reply from before."))
        #expect(!FileManager.default.fileExists(atPath: folder.path("data/composure/histories")))
    }

    // MARK: Tables

    @Test func tablesPadByDisplayWidth() throws {
        let made = try run(["new", "scenario", "wide-one", "-o", folder.path("lib")])
        #expect(made.status == 0, "\(made.stderr)")
        let path = folder.path("lib/wide-one.yaml")
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let title = try #require(text.split(separator: "\n").first { $0.hasPrefix("title:") })
        text = text.replacingOccurrences(of: String(title), with: "title: 王小明的包裹 café́ 😀")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let listed = try run(["scenarios", "list", "--scenarios", folder.path("lib")])
        #expect(listed.status == 0, "\(listed.stderr)")
        let header = try #require(listed.stdoutLines.first)
        let row = try #require(listed.stdoutLines.first { $0.hasPrefix("wide-one ") })
        // Where CHANNEL starts on screen: every CJK ideograph and the emoji take two columns, the combining
        // acute accent none (counted here independently of the code under test).
        func column(of word: String, in line: String) -> Int? {
            guard let range = line.range(of: word) else { return nil }
            return line[..<range.lowerBound].unicodeScalars.reduce(0) { width, scalar in
                switch scalar.value {
                case 0x0300...0x036F: width
                case 0x4E00...0x9FFF, 0x1F600...0x1F64F: width + 2
                default: width + 1
                }
            }
        }
        #expect(column(of: "CHANNEL", in: header) == column(of: "chat", in: row), "\(header)\n\(row)")
    }
}
