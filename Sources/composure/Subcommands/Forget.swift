import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure forget`: delete everything stored about one trainee or one agent.
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget",
            abstract: "Delete everything stored about a trainee or an agent.",
            discussion: """
                --trainee deletes the trainee's sessions (their turns and criterion results), the trainee, \
                and the transcripts play saved for those sessions. --agent deletes the graded conversations \
                whose agent (the 'agent' meta key of the export) is ID, their criterion results, and the \
                batches left with no conversation. Names are matched exactly, as stored.

                All of it is deleted in one transaction, checked for rows left pointing at deleted ones, \
                then the database is rebuilt (VACUUM) so the deleted text is not left in its free pages. \
                It prints what was deleted; --dry-run prints what would be, and deletes nothing.

                Exit status: 0 deleted (or would delete, with --dry-run); 1 nothing stored matched (a \
                misspelt name must not look like an erasure); 2 usage or database errors; \
                129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM. See Docs/privacy.md.
                """
        )

        @Option(help: ArgumentHelp("The trainee to forget (the name play recorded).", valueName: "NAME"))
        var trainee: String?

        @Option(
            help: ArgumentHelp("The agent to forget (the 'agent' meta value of graded conversations).", valueName: "ID")
        )
        var agent: String?

        @Flag(help: "Print what would be deleted, and delete nothing.")
        var dryRun = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if (trainee == nil) == (agent == nil) { throw ValidationError("give one of --trainee NAME or --agent ID") }
            if trainee?.isEmpty == true || agent?.isEmpty == true {
                throw ValidationError("the name to forget is empty")
            }
        }

        func run() throws {
            let store = try database.openExisting()
            let erasure: Erasure = trainee.map { Erasure.trainee($0) } ?? .agent(agent ?? "")
            let count = try store.erase(erasure, dryRun: dryRun)
            guard !count.isEmpty else {
                let what = trainee.map { "trainee '\($0)'" } ?? "agent '\(agent ?? "")'"
                Terminal.printError("nothing is stored for \(TerminalText.sanitised(what)); nothing was deleted")
                throw ExitCode(ExitStatus.checkedWithFailures)
            }
            ErasurePrinter.print(count, dryRun: dryRun)
        }
    }
}

/// What `forget` and `prune` print, and the saved transcripts they remove after the database.
enum ErasurePrinter {
    /// Prints `count` and, unless a dry run, removes the transcript files of the deleted sessions.
    static func print(_ count: ErasureCount, dryRun: Bool) {
        for line in count.lines(dryRun: dryRun) { Console.print(TerminalText.sanitised(line)) }
        guard !dryRun else { return }
        for path in count.transcriptFiles where unlink(path) != 0 && errno != ENOENT {
            Terminal.printError(
                "warning: \(TerminalText.sanitised(path)): cannot delete this saved transcript: \(String(cString: strerror(errno)))"
            )
        }
    }
}

extension DatabaseOptions {
    /// Opens a database that must already exist: a command that deletes has nothing to do in a new one.
    ///
    /// - Throws: ``DiagnosticError`` (`PATH: no such database`), or as ``open()``.
    func openExisting() throws -> Store {
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            throw DiagnosticError(message: "\(resolvedPath): no such database")
        }
        return try open()
    }
}
