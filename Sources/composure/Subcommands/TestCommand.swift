import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure test`: run the scripted tests of scenarios.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run the scripted tests of scenarios, like a test runner.",
            discussion: """
                Each scenario's `tests:` (and those in a sibling NAME.test.yaml) are played with their \
                replies and seed; the beats, ending, outcome and criterion verdicts they must lead to are \
                checked. One line per test; a failure shows expected against actual and where the paths parted.

                With no PATH, test runs every scenario in --scenarios DIR when given; else in the working \
                directory's own Scenarios/, so a trainer runs it in their project folder; when there is \
                none, in the built-in Scenarios/ (or the one in $COMPOSURE_HOME).

                Exit status: 0 all passed; 1 a test failed; 2 a scenario could not be loaded; 129, 130, 143 \
                stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Scenario files, folders or ids (default: --scenarios DIR, else ./Scenarios, else the built-in ones).",
                valueName: "PATH"),
            completion: Completions.scenarios)
        var paths: [String] = []

        @OptionGroup var folders: LibraryFolders

        @OptionGroup var color: ColorOption

        func run() throws {
            let catalog = folders.catalog
            var files: [String] = []
            if paths.isEmpty {
                let defaults = catalog.scenarios.defaultFolders(for: [.scenarios])
                files = defaults.flatMap { ScenarioCatalog.scenarioFiles(in: $0) }
                if files.isEmpty {
                    let found =
                        defaults.isEmpty
                        ? "no Scenarios/ folder found"
                        : "no scenarios in " + TerminalText.sanitised(defaults.joined(separator: ", "))
                    throw ValidationError(found + "; name scenario files or folders")
                }
            }
            for path in paths {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    files += ScenarioCatalog.scenarioFiles(in: path)
                } else {
                    files.append(path)
                }
            }
            let colour = color.allowed(on: STDOUT_FILENO)
            let style = TerminalStyle(enabled: colour)
            var passed = 0
            var failed = 0
            var broken = 0
            for file in files {
                let loaded: LoadedScenario
                do {
                    loaded =
                        FileManager.default.fileExists(atPath: file)
                        ? try catalog.load(path: file) : try catalog.load(file)
                } catch let error as DiagnosticError {
                    Terminal.printError(error.description)
                    broken += 1
                    continue
                }
                let scenario = loaded.scenario, rubric = loaded.rubric
                if scenario.tests.isEmpty {
                    Console.print(style.yellow("warning") + ": \(TerminalText.sanitised(scenario.id)) has no tests")
                }
                for outcome in ScenarioTestRunner(scenario: scenario, rubric: rubric).run() {
                    let name = TerminalText.sanitised("\(scenario.id): \(outcome.name)")
                    if outcome.passed {
                        passed += 1
                        Console.print("\(style.green("PASS")) \(name)")
                    } else {
                        failed += 1
                        Console.print("\(style.red("FAIL")) \(name)")
                        Console.print("     " + TerminalText.sanitised("\(outcome.location)"))
                        for failure in outcome.failures { Console.print("     " + TerminalText.sanitised(failure)) }
                    }
                }
            }
            Console.print(
                "\(passed) passed, \(failed) failed" + (broken > 0 ? ", \(broken) scenario(s) did not load" : ""))
            if broken > 0 { throw ExitCode(ExitStatus.inputError) }
            if failed > 0 { throw ExitCode(ExitStatus.checkedWithFailures) }
        }
    }
}
