import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

/// The `composure` command: a support-training simulator for the terminal.
@main
struct ComposureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "composure",
        abstract: "Practise handling irate customers, and grade support conversations against rubrics.",
        discussion: """
            Trainees play scripted angry customers; trainers write scenarios and rubrics as YAML; \
            QA leads batch-score transcripts.

            Exit status: 0 success; 1 graded or checked with failures (for grade: a transcript was \
            skipped); 2 usage, rubric or input errors, or output that could not be written (a reader that \
            went away, as with | head, ends quietly with 0); 129, 130, 143 stopped by SIGHUP, SIGINT, \
            SIGTERM, after what was done is recorded.

            Compiled rubrics are cached in $XDG_CACHE_HOME/composure (by default ~/.cache/composure), \
            so a start reads no YAML; a changed rubric, model or lexicon is compiled again. Delete the \
            folder to clear it; COMPOSURE_NO_CACHE=1 turns the cache off.

            Defaults come from, first that is set: the flag; the environment (COMPOSURE_TRAINEE, \
            COMPOSURE_RUBRIC, COMPOSURE_DB); $XDG_CONFIG_HOME/composure/config.yaml (by default \
            ~/.config/composure/config.yaml, or the file COMPOSURE_CONFIG names) with the keys trainee, \
            rubric and database; the built-in default. Colour: --color always|never wins; else NO_COLOR \
            turns it off, FORCE_COLOR turns it on even in a pipe, and TERM=dumb or a pipe turns it off.

            Shell completion (scenario and rubric ids, files, folders, every --format value): \
            composure --generate-completion-script bash|zsh|fish; `make install` installs the scripts \
            and the man page, composure(1).
            """,
        version: ComposureVersion.current,
        // Every subcommand names itself (`commandName:`): else ArgumentParser derives each name from
        // `String(describing:)` of its type, a scan of the runtime's protocol conformances per subcommand at
        // every start (about 3 ms; Docs/performance.md).
        // Grouped by who uses them, in the order of the discussion: trainees, trainers, QA leads. None is
        // ungrouped: ArgumentParser prints "See 'composure help <subcommand>'" only when the first section of
        // subcommands lists one, and the ungrouped section would hold only the hidden benchmark tools.
        groupedSubcommands: [
            CommandGroup(name: "Training", subcommands: [Play.self, History.self, Report.self]),
            CommandGroup(
                name: "Authoring",
                subcommands: [
                    Scenarios.self, New.self, Lint.self, Test.self, Graph.self, Explore.self, Explain.self,
                ]),
            CommandGroup(
                name: "Grading", subcommands: [Grade.self, Calibrate.self, Accuracy.self, TrainModel.self]),
            CommandGroup(name: "Stored data", subcommands: [Forget.self, Prune.self]),
            // Hidden (shouldDisplay: false), so the help shows no such section.
            CommandGroup(name: "Benchmark", subcommands: [BenchCorpusCommand.self, BenchPlay.self]),
        ]
    )

    /// Runs the command, mapping errors to the documented exit statuses. Every write goes through
    /// ``Console`` and every early end through ``Shutdown``, so the status also tells of output that
    /// could not be written and of a signal (128 + its number).
    static func main() {
        Console.reserveStandardDescriptors()
        Shutdown.install()
        // Compiled rubrics are kept in $XDG_CACHE_HOME/composure unless COMPOSURE_NO_CACHE is set (Docs/cli.md).
        CompiledRubricCache.current = CompiledRubricCache.fromEnvironment(version: ComposureVersion.current)
        Console.exit(runCommand())
    }

    private static func runCommand() -> Int32 {
        do {
            var command = try parseAsRoot()
            // After parsing, and not for help (`--help`, `help COMMAND` parse to ArgumentParser's own internal
            // HelpCommand, named `help`), so the help that says how to fix a bad file is still shown. By name, not
            // `String(describing:)` of the type, which scans the runtime's protocol conformances at every start.
            if type(of: command)._commandName != "help" { try Settings.load() }
            try command.run()
            return ExitStatus.success
        } catch let error as DiagnosticReporting {
            // Rubric, scenario and transcript mistakes at their file:line:column; a database that cannot be
            // opened or turns out damaged, locked or full (see Store.read); an output that cannot be written.
            Terminal.printError(error.report)
            return ExitStatus.inputError
        } catch let error as ExitCode {
            return error.rawValue
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                // --help and --version: their text is the output.
                if !message.isEmpty { Console.print(message) }
                return ExitStatus.success
            }
            // Usage mistakes exit 2, like other command-line tools, not sysexits' 64.
            if let suggestion = SubcommandSuggestion.message(
                for: Array(CommandLine.arguments.dropFirst()), root: ComposureCommand.self)
            {
                Terminal.printError(suggestion)
            } else if !message.isEmpty {
                Terminal.printError(message)
            }
            return code == .failure ? ExitStatus.checkedWithFailures : ExitStatus.inputError
        }
    }
}

/// The documented exit statuses.
enum ExitStatus {
    static let success: Int32 = 0
    static let checkedWithFailures: Int32 = 1
    static let inputError: Int32 = 2
    /// Stopped by a signal: 128 + its number (SIGHUP 129, SIGINT 130, SIGTERM 143).
    static func signalled(_ number: Int32) -> Int32 { 128 + number }
}

/// The version printed by `--version`.
enum ComposureVersion {
    static let current = "0.1.0"
}
