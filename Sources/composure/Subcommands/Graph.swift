import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure graph`: a scenario's beats and transitions as a diagram.
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "graph",
            abstract: "Draw a scenario's beats, transitions and endings as Graphviz DOT or Mermaid.",
            discussion: """
                Beats are boxes, endings are coloured by outcome (resolved green, cancelled blue, escalated \
                orange, lost red), transitions are labelled with their conditions and `else` is dashed. \
                Render DOT with `dot -Tsvg`; paste Mermaid into any Markdown viewer that supports it. With \
                --db, each edge shows how many sessions took it and beats where sessions were lost are marked.

                Exit status: 0 drawn; 2 usage, loading, database or output errors; 129, 130, 143 stopped by \
                SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp("A scenario id or file.", valueName: "SCENARIO"), completion: Completions.scenarios)
        var scenario: String

        @Option(name: [.short, .long], help: "Output format: dot or mermaid.")
        var format: ScenarioDiagram.Format = .dot

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var folders: LibraryFolders

        func run() throws {
            let loaded = try folders.catalog.load(scenario).scenario
            let usage = try database.openIfGiven()?.usage(ofScenario: loaded.id)
            Console.print(ScenarioDiagram.render(loaded, format: format, usage: usage), terminator: "")
        }
    }

    /// `composure explore`: automatic coverage of a scenario.
    struct Explore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explore",
            abstract: "Walk a scenario automatically and report the beats, transitions and endings reached.",
            discussion: """
                Replies are assembled from the rubric's own signal examples — one for every combination \
                of signals the transitions distinguish, and one that shows nothing. Every such reply is \
                tried from every state reached (a bounded breadth-first search), then seeded random walks \
                add longer paths. Anything never reached is listed.

                Exit status: 0 every beat and ending reached (transitions never taken are listed); 1 a beat \
                or an ending was never reached; 2 usage or loading errors; 129, 130, 143 stopped by SIGHUP, \
                SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp("A scenario id or file.", valueName: "SCENARIO"), completion: Completions.scenarios)
        var scenario: String

        @Option(help: "Seed for the random walks and line variants; the same seed gives the same report.")
        var seed: UInt64 = 1

        @Option(help: "How many random walks to add after the search.")
        var walks = 100

        @OptionGroup var folders: LibraryFolders

        @OptionGroup var color: ColorOption

        func run() throws {
            let pair = try folders.catalog.load(scenario)
            let loaded = pair.scenario, rubric = pair.rubric
            let explorer = ScenarioExplorer(scenario: loaded, rubric: rubric)
            let coverage = explorer.explore(seed: seed, walks: max(0, walks))
            let style = TerminalStyle(enabled: color.allowed(on: STDOUT_FILENO))
            let report = CoverageReport(scenario: loaded, coverage: coverage, replies: explorer.replies.count)
            Console.print(report.render(style: style), terminator: "")
            if !report.isComplete { throw ExitCode(ExitStatus.checkedWithFailures) }
        }
    }
}
