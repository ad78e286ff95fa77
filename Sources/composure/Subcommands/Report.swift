import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure report`: progress of trainees, scenarios and graded batches, from the database.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Report on trainees, scenarios, the cohort and graded batches.",
            discussion: """
                Per trainee: sessions, score trend, pass rate and trend per criterion, the three weakest \
                criteria with the trainee's own worst and best words, time to reply. Per scenario: outcome \
                rates, average score, the beat where most sessions are lost, the signals that most often \
                precede a loss. The cohort: a trainee × criterion matrix. Batches from `grade --store`: score \
                distribution, criterion pass rates and their trend (by conversation time when the transcripts \
                give one, else in file order), per agent and per ISO week when the transcripts name an agent \
                or a time, the lowest-scoring conversations with their evidence, who handled them and when \
                (and a link to the ticket with --ticket-url), and whether grading was interrupted.

                Scores are coloured by the pass mark (scoring.pass_mark) of the rubric they were graded with: \
                good from it, middling from 4/7 of it (40 with the default 70), poor below; the HTML charts \
                dash it. Rubrics are found by id (--rubrics DIR first); one not found counts with 70.

                --format html writes one self-contained page with charts; --format xapi writes xAPI 1.0.3 \
                statements for a learning record store (sessions and graded batches; pass marks from each rubric's \
                `scoring.pass_mark`), and with --lrs URL sends them there. See Docs/reports.md and Docs/xapi.md.

                Every format is redacted as it is made (quotes, batch sources, conversation ids), even from \
                batches stored with --no-redact; --no-redact shows what the database holds. See Docs/privacy.md.

                Exit status: 0 written (or sent), 2 for a bad option, database, rubric or e-mail map, or an LRS \
                that cannot be reached or refuses the statements; 129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Option(help: ArgumentHelp("Only this trainee.", valueName: "NAME"))
        var trainee: String?

        @Option(help: ArgumentHelp("Only this scenario.", valueName: "ID"), completion: Completions.scenarios)
        var scenario: String?

        @Option(
            help: ArgumentHelp("Only sessions from this day on (YYYY-MM-DD or an ISO 8601 time).", valueName: "DATE"))
        var since: String?

        @Option(
            help: ArgumentHelp("Only sessions before this day (YYYY-MM-DD or an ISO 8601 time).", valueName: "DATE"))
        var until: String?

        @OptionGroup var outputOptions: OutputOptions<ReportFormat>

        @OptionGroup var ticketURL: TicketURLOption

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var redaction: RedactionOption

        /// `--rubrics DIR`: where the rubrics of the stored sessions and batches are looked up first, for their
        /// pass marks (score colours, the charts' pass line, xAPI's passed and failed).
        @OptionGroup var rubrics: RubricFolderOption

        @OptionGroup(title: "xAPI") var xapi: XAPIExportOptions

        func validate() throws {
            if xapi.isUsed, outputOptions.format != .xapi {
                throw ValidationError("--xapi-base, --xapi-home-page, --xapi-mbox-map and --lrs need --format xapi")
            }
            for (name, value) in [("--since", since), ("--until", until)] {
                if let value, Self.date(value) == nil {
                    throw ValidationError("\(name) '\(value)' is not a date; use YYYY-MM-DD or an ISO 8601 time")
                }
            }
        }

        /// `2026-11-23` (midnight, local time) or a full ISO 8601 time.
        static func date(_ text: String) -> Date? {
            let day = DateFormatter()
            day.dateFormat = "yyyy-MM-dd"
            day.locale = Locale(identifier: "en_US_POSIX")
            day.timeZone = TimeZone.current
            if let date = day.date(from: text) { return date }
            return ISO8601DateFormatter().date(from: text)
        }

        func run() throws {
            let store = try database.open()
            let filters = ReportData.Filters(
                trainee: trainee, scenario: scenario, since: since.flatMap(Self.date), until: until.flatMap(Self.date))
            let built = try ReportBuilder(store: store).build(filters)
            var data = redaction.redacts ? built.redacted() : built
            if let template = try ticketURL.checked() { data = data.linkingTickets(to: template) }
            if outputOptions.format == .xapi { return try exportXAPI(data, store: store) }
            // A rubric not found counts with the default pass mark; the HTML report's lede says which mark it used.
            data.passMarks = try XAPIOptions.passMarks(
                ofRubrics: Set(data.sessions.map(\.rubricID) + data.batches.map(\.rubricID)),
                locator: ResourceLocator(explicitFolder: rubrics.folder)
            ).marks
            let output = try outputOptions.open(sparing: [database.protectedPath])
            output.write(ReportRenderer(colour: outputOptions.colour).render(data, format: outputOptions.format))
            output.close()
        }
    }
}
