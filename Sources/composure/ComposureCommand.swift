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
            skipped); 2 usage, rubric or input errors.
            """,
        version: ComposureVersion.current,
        subcommands: [
            Play.self, History.self, Report.self, Scenarios.self, Lint.self, Test.self, Graph.self, Explore.self,
            Grade.self,
            Explain.self, Accuracy.self, TrainModel.self, BenchCorpusCommand.self, New.self, Calibrate.self,
        ]
    )

    /// Runs the command, mapping errors to the documented exit statuses.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as DiagnosticError {
            Terminal.printError(error.description)
            Foundation.exit(ExitStatus.inputError)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error as ValidationErrorMessage {
            Terminal.printError("error: \(error.description)")
            Foundation.exit(ExitStatus.inputError)
        } catch let error as StoreError {
            // A database that turns out damaged, locked or full after it was opened (see Store.read).
            Terminal.printError("error: \(error.description)")
            Foundation.exit(ExitStatus.inputError)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            // Usage mistakes exit 2, like other command-line tools, not sysexits' 64.
            let message = fullMessage(for: error)
            if !message.isEmpty { Terminal.printError(message) }
            Foundation.exit(code == .failure ? 1 : ExitStatus.inputError)
        }
    }
}

/// The documented exit statuses.
enum ExitStatus {
    static let success: Int32 = 0
    static let checkedWithFailures: Int32 = 1
    static let inputError: Int32 = 2
    static let interrupted: Int32 = 130
}

/// The version printed by `--version`.
enum ComposureVersion {
    static let current = "0.1.0"
}
