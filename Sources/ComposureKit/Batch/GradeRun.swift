/// One `grade` run: reads transcripts, grades them on several threads and hands each record, in input
/// order, to its sinks (an output format, the store, a progress line).
///
/// The run owns what is the same for every destination: the transcript source and its limits, the
/// parallel grader, the totals, skipped items, when records are pushed out (every record for a pipeline
/// stage), and stopping early. A record (a conversation given to every sink, or a skipped item) is
/// delivered inside `recordBoundary`, so a stop that takes the same boundary (a signal's, in the CLI)
/// happens between two records and every sink holds the same conversations.
package final class GradeRun {
    /// How the input is read and graded.
    package struct Options: Sendable {
        /// How many conversations are graded at once.
        package var jobs: Int
        /// JSONL lines longer than this many bytes are skipped (and reported).
        package var maximumLineLength: Int
        /// Conversations with more turns than this are skipped (and reported).
        package var maximumTurns: Int
        /// Whether the run is a pipeline stage (`--format jsonl -`): standard input is read as JSONL, every
        /// record is pushed out as it is delivered, and fewer conversations are in flight.
        package var isPipeline: Bool
        /// Whether personal data is replaced by placeholders before any sink sees a result or a transcript.
        package var redacts: Bool
        /// The format every input is read in (`--input-format`); nil to detect each file's.
        package var inputFormat: InputFormat?
        /// The columns of a CSV of messages (`--csv-conversation` and the rest).
        package var csvColumns: CSVColumns?
        /// The Twitter corpus's thread window in rows (`--thread-window`).
        package var threadWindow = 20_000

        /// Creates options; the limits are `grade`'s defaults.
        package init(
            jobs: Int, maximumLineLength: Int = 64 << 20, maximumTurns: Int = 10_000, isPipeline: Bool = false,
            redacts: Bool = false, inputFormat: InputFormat? = nil, csvColumns: CSVColumns? = nil
        ) {
            self.jobs = jobs
            self.maximumLineLength = maximumLineLength
            self.maximumTurns = maximumTurns
            self.isPipeline = isPipeline
            self.redacts = redacts
            self.inputFormat = inputFormat
            self.csvColumns = csvColumns
        }
    }

    /// Why a run stops before the end of its input.
    package enum StopReason: Sendable, Hashable {
        /// A signal arrived (its number): the output ends validly after the last whole record.
        case signal(Int32)
        /// The output could not be written (an `errno`): the rest of it is dropped.
        case outputFailed(Int32)
    }

    /// The files, folders or `-` read.
    package let inputs: [String]
    /// The grader for conversations that name no scenario of their own.
    package let grader: Grader
    /// How the input is read and graded.
    package let options: Options
    private let select: (@Sendable (Transcript) -> Grader)?
    private let recordBoundary: (() -> Void) -> Void

    /// The totals so far.
    package private(set) var summary = GradeSummary()
    private var sinks: [Sink] = []
    /// Set once the sinks are finished or stopped: nothing more reaches them.
    private var ended = false

    /// Creates a run.
    ///
    /// - Parameters:
    ///   - inputs: Transcript files, folders, or `-` for standard input.
    ///   - grader: The grader used on every conversation, unless `select` picks another.
    ///   - options: How the input is read and graded.
    ///   - select: Picks a conversation's grader (a scenario's own).
    ///   - recordBoundary: Runs one record; a stop from another thread must wait for it.
    package init(
        inputs: [String], grader: Grader, options: Options, select: (@Sendable (Transcript) -> Grader)? = nil,
        recordBoundary: @escaping (() -> Void) -> Void = { $0() }
    ) {
        self.inputs = inputs
        self.grader = grader
        self.options = options
        self.select = select
        self.recordBoundary = recordBoundary
    }

    /// Grades the whole input into `sinks`, in their order for every record.
    ///
    /// - Returns: The totals.
    @discardableResult
    package func run(into sinks: [any GradeSink]) -> GradeSummary {
        let boxed = sinks.map { Sink($0) }
        recordBoundary {
            self.sinks = boxed
            for sink in boxed { sink.sink.begin() }
        }
        let source = TranscriptSource(inputs: inputs)
        if options.isPipeline { source.standardInputFormat = .preferJSONL }
        source.maximumLineLength = options.maximumLineLength
        source.maximumTurns = options.maximumTurns
        source.inputFormat = options.inputFormat
        source.csvColumns = options.csvColumns
        source.threadWindow = options.threadWindow
        let preparations = boxed.map(\.prepare)
        // Read on this thread only: a stop from another thread is seen at the next record.
        var halted = false
        var batchGrader = BatchGrader(
            grader: grader, jobs: options.jobs, batchSize: options.isPipeline ? 64 : 256, select: select)
        batchGrader.redacts = options.redacts
        batchGrader
            .run(
                source: source,
                render: { transcript, result in preparations.map { $0(result, transcript) } },
                deliver: { outcome in
                    recordBoundary {
                        self.deliver(outcome)
                        halted = ended
                    }
                },
                isStopped: { halted })
        recordBoundary {
            guard !ended else { return }
            // A sink may stop the run while it finishes (its output could not be closed): the rest stop too.
            for sink in boxed where !ended { sink.sink.finish(summary) }
            ended = true
        }
        return summary
    }

    /// Stops the run between two records: each sink ends as ``GradeSink/stop(_:reason:)`` says. Call it
    /// inside the record boundary; it does nothing once the sinks are finished.
    package func stop(_ reason: StopReason) {
        guard !ended else { return }
        for sink in sinks { sink.sink.stop(summary, reason: reason) }
        ended = true
    }

    private func deliver(_ outcome: Result<(GradeResult, [any Sendable]), TranscriptError>) {
        guard !ended else { return }
        switch outcome {
        case .success(let (result, prepared)):
            summary.add(result)
            // A sink may stop the run (its output failed): the sinks after it do not get the record.
            for (sink, value) in zip(sinks, prepared) where !ended { sink.add(result, value) }
        case .failure(let read):
            let error = options.redacts ? read.redacted() : read
            summary.skipped += 1
            for sink in sinks where !ended { sink.sink.skip(error) }
        }
        if options.isPipeline {
            for sink in sinks where !ended { sink.sink.endRecord() }
        }
    }

    /// A sink with its ``GradeSink/Prepared`` type erased.
    private struct Sink {
        let sink: any GradeSink
        let prepare: @Sendable (GradeResult, Transcript) -> any Sendable
        let add: (GradeResult, any Sendable) -> Void

        init<S: GradeSink>(_ sink: S) {
            self.sink = sink
            let preparation = sink.preparation
            prepare = { result, transcript in preparation(result, transcript) }
            add = { result, value in
                guard let prepared = value as? S.Prepared else {
                    fatalError("GradeRun: a sink was given what another sink prepared")
                }
                sink.add(result, prepared: prepared)
            }
        }
    }
}
