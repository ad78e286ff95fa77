import Foundation

/// `grade --format html`: the batch report of the graded conversations, drawn at the end of the input by the
/// same renderer as `composure report --format html`, from a ``BatchTally`` of the live results, without the
/// store.
///
/// Unlike the streamed formats, it keeps every criterion verdict for the trends (a few bytes per criterion
/// and conversation) and writes nothing until the input is done.
package final class GradeReportSink: GradeSink {
    private let target: any GradeOutputTarget
    private let format: ReportFormat
    private let source: String
    private let rubricID: String
    private let passMark: Int
    private let ticketURL: TicketURLTemplate?
    private let now: () -> Date
    private var tally = BatchTally()

    /// Creates a sink.
    ///
    /// - Parameters:
    ///   - format: The report format drawn (`html`).
    ///   - target: Where the report goes.
    ///   - source: What was graded, as the report names the batch (the inputs).
    ///   - rubricID: The rubric's id.
    ///   - passMark: The rubric's pass mark, for the report's score bands.
    ///   - ticketURL: Links the lowest-scoring conversations to their tickets.
    ///   - now: The report's time.
    package init(
        format: ReportFormat = .html, target: any GradeOutputTarget, source: String, rubricID: String,
        passMark: Int = Rubric.defaultPassMark, ticketURL: TicketURLTemplate? = nil,
        now: @escaping () -> Date = Date.init
    ) {
        self.passMark = passMark
        self.format = format
        self.target = target
        self.source = source
        self.rubricID = rubricID
        self.ticketURL = ticketURL
        self.now = now
    }

    /// Only the attribution is kept of the transcript.
    package var preparation: @Sendable (GradeResult, Transcript) -> Attribution {
        { _, transcript in Attribution(transcript) }
    }

    package func add(_ result: GradeResult, prepared: Attribution) {
        tally.add(result, attribution: prepared)
    }

    /// Skipped items are reported on standard error, not in the report.
    package func skip(_ error: TranscriptError) {}

    package func finish(_ summary: GradeSummary) {
        write(state: .complete)
    }

    /// On a signal the report covers what was graded and says it was interrupted; when the output failed,
    /// nothing is written.
    package func stop(_ summary: GradeSummary, reason: GradeRun.StopReason) {
        switch reason {
        case .signal: write(state: .interrupted)
        case .outputFailed: target.discard()
        }
    }

    /// The report of what was added so far.
    package func report(state: BatchState = .complete) -> ReportData {
        let generated = now()
        // A graded file is batch 0: it is in no store.
        let batch = BatchReport(
            id: 0, source: source, rubricID: rubricID, gradedAt: generated, tally: tally, state: state)
        let data = ReportData(
            generatedAt: generated, filters: ReportData.Filters(), trainees: [], scenarios: [],
            cohort: CohortMatrix(trainees: [], criteria: [], passRates: []), batches: [batch], sessions: [],
            passMarks: [rubricID: passMark])
        return ticketURL.map(data.linkingTickets(to:)) ?? data
    }

    private func write(state: BatchState) {
        target.write(ReportRenderer().render(report(state: state), format: format))
        target.close()
    }
}
