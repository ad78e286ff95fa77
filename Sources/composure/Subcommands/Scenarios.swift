import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure scenarios`: list the scenario library or show one scenario.
    struct Scenarios: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scenarios",
            abstract: "List the scenarios, or show one.",
            subcommands: [List.self, Show.self],
            defaultSubcommand: List.self
        )

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List the scenarios: id, title, channel, difficulty, tests, and where each comes from.",
                discussion: """
                    Lists the scenarios of every folder there is, in this order: --scenarios DIR, \
                    $COMPOSURE_HOME/Scenarios, Scenarios/ in the working directory, the built-in library. \
                    When two folders hold the same id, the first wins, as it does for `play ID`. FROM is \
                    `built-in` or the folder. Only regular files are listed (a FIFO named x.yaml is not).

                    Exit status: 0 all listed; 2 a scenario could not be loaded (the others are still listed); \
                    129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                    """)

            @OptionGroup var folders: LibraryFolders

            func run() throws {
                let catalog = folders.catalog
                var failed = false
                var rows: [[String]] = []
                for entry in catalog.entries() {
                    do {
                        let scenario = try catalog.load(path: entry.path).scenario
                        rows.append([
                            scenario.id, scenario.title, scenario.persona.channel, scenario.difficulty.rawValue,
                            String(scenario.tests.count), entry.isBuiltIn ? "built-in" : entry.folder,
                        ])
                    } catch let error as DiagnosticError {
                        Terminal.printError(error.description)
                        failed = true
                    }
                }
                let header = ["ID", "TITLE", "CHANNEL", "DIFFICULTY", "TESTS", "FROM"]
                let table = Table.render(header: header, rows: rows.map { $0.map { TerminalText.sanitised($0) } })
                Console.print(table, terminator: "")
                if failed { throw ExitCode(ExitStatus.inputError) }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "show",
                abstract: "Show a scenario: briefing, mood model, beats and endings.",
                discussion: """
                    Exit status: 0 shown; 2 the scenario could not be found or loaded, or the output could not \
                    be written; 129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                    """)

            @Argument(help: ArgumentHelp("A scenario id or file.", valueName: "ID"), completion: Completions.scenarios)
            var id: String

            @OptionGroup var folders: LibraryFolders

            func run() throws {
                let pair = try folders.catalog.load(id)
                let scenario = pair.scenario, rubric = pair.rubric
                let clean = { (text: String) in TerminalText.sanitised(text) }
                Console.print("\(clean(scenario.title)) (\(clean(scenario.id)), \(scenario.difficulty.rawValue))")
                Console.print("File:     \(clean(scenario.file))")
                Console.print("Rubric:   \(clean(rubric.id)) (\(clean(rubric.file)))")
                Console.print(
                    "Customer: \(clean(scenario.persona.name)), \(clean(scenario.persona.product)) · \(clean(scenario.persona.channel))"
                )
                if !scenario.facts.isEmpty {
                    Console.print(
                        "Facts:    "
                            + scenario.facts.sorted { $0.key < $1.key }.map { "\(clean($0.key)): \(clean($0.value))" }
                            .joined(
                                separator: ", "))
                }
                let mood = scenario.mood
                Console.print(
                    "Mood:     anger starts at \(mood.start), calm below \(mood.calmBelow), walks out at \(mood.walkOutAt)\(mood.perTurn != 0 ? ", \(mood.perTurn > 0 ? "+" : "")\(mood.perTurn) per reply" : "")"
                )
                let effects = scenario.effects.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map {
                    "\(clean($0.key)) \($0.value > 0 ? "+" : "")\($0.value)"
                }
                Console.print("Effects:  " + effects.joined(separator: ", "))
                if !scenario.briefing.isEmpty {
                    Console.print("\n" + clean(scenario.briefing).trimmingCharacters(in: .whitespacesAndNewlines))
                }
                Console.print("\nBeats (start: \(clean(scenario.start))):")
                for beat in scenario.beats {
                    Console.print(
                        "  \(clean(beat.id))  (\(beat.customer.count) line\(beat.customer.count == 1 ? "" : "s"))")
                    for transition in beat.next {
                        let condition =
                            transition.isElse
                            ? "else" : transition.conditions.map(\.description).joined(separator: " and ")
                        Console.print("    \(clean(condition)) → \(clean(transition.target))")
                    }
                }
                Console.print("\nEndings:")
                for ending in scenario.endings { Console.print("  \(clean(ending.id)): \(ending.outcome.rawValue)") }
                Console.print("\nTests: \(scenario.tests.count)")
            }
        }
    }
}
