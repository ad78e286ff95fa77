import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure prune`: delete what was stored longer ago than a retention period.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Delete sessions, graded batches and calibration runs older than a retention period.",
            discussion: """
                Deletes the sessions started, and the batches graded, more than DURATION ago (90d, 12w, 6m, \
                1y: days, weeks, calendar months, years), with their turns, criterion results and saved \
                transcripts; a conversation a later batch graded again stays with that batch; a trainee with \
                no session left goes too, and so do the calibration runs (calibrate --store) recorded more than \
                DURATION ago. Age is when Composure stored it, not the conversation's own date.

                All of it is deleted in one transaction, then the database is rebuilt (VACUUM) so the deleted \
                text is not left in its free pages. --dry-run prints what would be deleted.

                Exit status: 0 done, also when nothing was old enough (run it from cron); 2 a bad duration, \
                usage or database errors; \
                129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM. See Docs/privacy.md.
                """
        )

        @Option(help: ArgumentHelp("Delete what is older than this: 90d, 12w, 6m or 1y.", valueName: "DURATION"))
        var olderThan: String

        @Flag(help: "Print what would be deleted, and delete nothing.")
        var dryRun = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            do {
                _ = try RetentionPeriod(parsing: olderThan)
            } catch let error as DiagnosticError {
                throw ValidationError("--older-than: " + (error.diagnostics.first?.message ?? "\(error)"))
            }
        }

        func run() throws {
            let period = try RetentionPeriod(parsing: olderThan)
            let store = try database.openExisting()
            let cutoff = period.cutoff(before: Date())
            let count = try store.erase(.before(cutoff), dryRun: dryRun)
            if count.isEmpty {
                Console.print("nothing stored is older than \(period)")
                return
            }
            ErasurePrinter.print(count, dryRun: dryRun)
        }
    }
}
