import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure history`: the sessions played, as a table.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List played sessions: date, trainee, scenario, outcome, score, weakest criterion.",
            discussion: """
                A session that was never finished (the program was stopped) shows as abandoned. Columns are \
                padded by the width a terminal gives each character, so names in CJK script or with emoji \
                keep the table straight.

                Exit status: 0 listed (also when there are no sessions); 2 usage errors, or a database that \
                cannot be opened; 129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Option(help: ArgumentHelp("Only this trainee's sessions.", valueName: "NAME"))
        var trainee: String?

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let store = try database.open()
            let sessions = try store.sessions(ReportData.Filters(trainee: trainee))
            guard !sessions.isEmpty else {
                Console.print(
                    trainee.map { "No sessions for \(TerminalText.sanitised($0)) yet." }
                        ?? "No sessions yet. Play one with: composure play")
                return
            }
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            formatter.timeZone = TimeZone.current
            let header = ["DATE", "TRAINEE", "SCENARIO", "OUTCOME", "SCORE", "WEAKEST"]
            let rows = sessions.map { session in
                [
                    formatter.string(from: session.startedAt), session.trainee, session.scenarioID,
                    session.outcome.rawValue,
                    session.score.map { "\($0)" + (session.capped ? "!" : "") } ?? "–", session.weakestCriterion ?? "–",
                ].map { TerminalText.sanitised($0) }
            }
            Console.print(Table.render(header: header, rows: rows), terminator: "")
        }
    }
}
