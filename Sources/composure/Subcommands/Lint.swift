import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure lint`: check scenario and rubric files.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check scenarios and rubrics: every problem as file:line:column: error|warning: message.",
            discussion: """
                Beyond loading errors (unknown keys, bad patterns, undefined signals, weights not adding to \
                100, unreachable beats, dead ends): transitions that can never fire, endings no test reaches, \
                signals and concepts never used, patterns that can never match, signal examples that disagree \
                with their patterns, and criteria no mutation of their own example can fail.

                A folder is walked for .yaml and .yml files at any depth (whatever its own name); there, \
                anything that is not a regular file (a FIFO, say) is skipped with a warning. Naming a \
                folder that holds none is a usage error.

                With no PATH, lint checks the working directory's own Scenarios/ and Rubrics/ (those of \
                them that exist), so a trainer runs it in their project folder; when it has neither, the \
                built-in Scenarios/ and Rubrics/ (or those in $COMPOSURE_HOME).

                Exit status: 0 no errors (warnings allowed); 1 any error; 2 usage errors; 129, 130, 143 \
                stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp(
                "Files or folders (default: ./Scenarios and ./Rubrics, those that exist; else the built-in ones).",
                valueName: "PATH"),
            completion: Completions.yaml)
        var paths: [String] = []

        @Option(name: [.short, .long], help: "Output format: text, or json for tools.")
        var format: LintFormat = .text

        @OptionGroup var rubricFolder: RubricFolderOption

        enum LintFormat: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        func run() throws {
            let catalog = ScenarioCatalog(rubricsFolder: rubricFolder.folder)
            var targets = paths
            if targets.isEmpty {
                targets = catalog.scenarios.defaultFolders(for: [.scenarios, .rubrics])
                if targets.isEmpty {
                    throw ValidationError("no Scenarios/ or Rubrics/ folder found; name files to lint")
                }
            }
            let selection = Linter.select(targets)
            if !paths.isEmpty, !selection.emptyFolders.isEmpty {
                throw DiagnosticError(
                    selection.emptyFolders.map {
                        Diagnostic(
                            file: TerminalText.sanitised($0), line: 0, column: 0,
                            message: "a folder with no .yaml or .yml file in it; nothing to check")
                    })
            }
            let files = selection.files
            let diagnostics = selection.warnings + Linter(catalog: catalog).lint(files)
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.filter { $0.severity == .warning }.count
            switch format {
            case .text:
                for diagnostic in diagnostics {
                    Console.print(TerminalText.sanitised(diagnostic.description, keepingLineBreaks: true))
                }
                Terminal.printError(
                    "\(files.count) file\(files.count == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
                )
            case .json:
                var json = JSONWriter()
                json.beginArray()
                for diagnostic in diagnostics {
                    json.beginObject()
                    json.field("file", diagnostic.file)
                    json.field("line", diagnostic.line)
                    json.field("column", diagnostic.column)
                    json.field("severity", diagnostic.severity.rawValue)
                    json.field("message", diagnostic.message)
                    json.endObject()
                }
                json.endArray()
                Console.print(json.text)
            }
            if errors > 0 { throw ExitCode(ExitStatus.checkedWithFailures) }
        }
    }
}
