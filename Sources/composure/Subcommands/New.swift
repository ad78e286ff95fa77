import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure new`: start a scenario or rubric file from a commented template.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Start a scenario or a rubric from a commented template that already passes lint and test.",
            discussion: """
                `composure new scenario NAME` writes Scenarios/NAME.yaml: a small scenario graded with the \
                core rubric (four beats, three endings, three passing tests), every key explained in a \
                comment. `composure new rubric NAME` writes Rubrics/NAME.yaml: a concept, a context, three \
                signals with examples and two criteria. An existing file is never overwritten.

                The file's `# yaml-language-server: $schema=` line points at the schema from where the file \
                lands: a relative path inside a clone or the install tree, else the installed schema's \
                absolute path, so an editor checks it as you type.

                Exit status: 0 written; 2 a bad name, an existing file, or a file that cannot be written; \
                129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(help: ArgumentHelp("What to make: scenario or rubric.", valueName: "KIND"))
        var kind: Templates.Kind

        @Argument(
            help: ArgumentHelp(
                "The new id, also the file name: lower-case letters, digits, '_' and '-'.", valueName: "NAME"))
        var name: String

        @Option(
            name: [.short, .long],
            help: ArgumentHelp("The folder to write to (default: ./Scenarios or ./Rubrics).", valueName: "DIR"),
            completion: Completions.folder)
        var output: String?

        func validate() throws {
            if let problem = Templates.problem(withID: name) { throw ValidationError(problem) }
        }

        func run() throws {
            let path = try Templates.create(kind, id: name, in: output ?? kind.folder)
            let shown = TerminalText.sanitised(path)
            Console.print("Created \(shown)")
            Console.print("Next:")
            switch kind {
            case .scenario:
                Console.print("  composure test \(shown)")
                Console.print("  composure lint \(shown)")
                Console.print("  composure graph \(shown) --format mermaid")
                Console.print("  composure play \(shown)")
            case .rubric:
                Console.print("  composure lint \(shown)")
                Console.print("  composure explain \"I can see how frustrating that is.\" --rubric \(shown)")
            }
        }
    }
}
