import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure explain`: why signals fire on a reply.
    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Show which signals a reply fires, with the pattern (file:line) and the words it matched.",
            discussion: """
                Near misses — patterns that matched but were vetoed by an `unless` pattern or another \
                signal — are listed too. Reads the reply from the argument or, without one, from standard input \
                (at most 64 MiB). \
                With --scenario, the scenario's own signals (a wrong fix, a promise shorter than the job takes) \
                are read too, with the scenario file's line.

                Exit status: 0 explained; 2 usage errors, a rubric or scenario that cannot be found or has \
                mistakes, or output that cannot be written; 129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), \
                SIGTERM.
                """
        )

        @Argument(help: ArgumentHelp("The reply to explain (default: read standard input).", valueName: "REPLY"))
        var reply: String?

        @OptionGroup var rubric: RubricOptions

        @Option(
            help: ArgumentHelp(
                "Explain with a scenario's rubric and its own signals (an id or a path); replaces --rubric.",
                valueName: "ID|PATH"),
            completion: Completions.scenarios)
        var scenario: String?

        @OptionGroup var model: ModelOption

        @OptionGroup var color: ColorOption

        @Option(help: ArgumentHelp("The customer's line the reply answers (for reflection).", valueName: "TEXT"))
        var customer: String?

        @Option(help: "Whose words they are: agent or customer.")
        var role: Role = .agent

        func run() throws {
            let loaded =
                try scenario.map {
                    try model.applied(to: ScenarioCatalog(rubricsFolder: rubric.folder).load($0).rubric)
                }
                ?? rubric.load(with: model)
            let text: String
            if let reply {
                text = reply
            } else {
                // Bounded as a text transcript on standard input is: past the limit, nothing more is read.
                guard let input = try TextFile.read(from: .standardInput) else {
                    let limit = TextFile.describe(size: TextFile.maximumSize)
                    throw DiagnosticError([
                        Diagnostic(
                            file: "<stdin>", line: 0, column: 0,
                            message: "cannot read standard input: larger than \(limit)")
                    ])
                }
                text = input.trimmingTrailingNewlines()
            }
            let explanation = Explanation(reply: text, role: role, customerLine: customer, rubric: loaded)
            let style = TerminalStyle(enabled: color.allowed(on: STDOUT_FILENO))
            Console.print(explanation.render(style: style), terminator: "")
        }
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
