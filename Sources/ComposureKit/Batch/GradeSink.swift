/// Where a ``GradeRun`` sends what it grades: an output format, the store, a progress line.
///
/// A run calls ``begin()`` once, then ``add(_:prepared:)`` or ``skip(_:)`` once per item of the input in
/// input order, then ``finish(_:)`` when the input is done, or ``stop(_:reason:)`` when the run stops early.
/// All of these run on the thread that called ``GradeRun/run(into:)``, one record at a time inside the run's
/// record boundary, except ``stop(_:reason:)``, which runs wherever the caller of ``GradeRun/stop(_:)``
/// runs (between two records). Each sink keeps what it needs between calls (a count for separators,
/// a failure to report): a sink that cannot write does not stop the others.
public protocol GradeSink: AnyObject {
    /// What a sink makes of one conversation on a grading thread, so the one writing thread only writes.
    associatedtype Prepared: Sendable = Void

    /// Makes ``Prepared`` for a graded conversation (its output bytes, what the store keeps of it): the one
    /// place a sink sees the transcript.
    ///
    /// Runs on the grading threads, several conversations at once, in any order: it must not touch the
    /// sink's mutable state. The transcript is freed there too, by the thread that read it, not by the one
    /// writing thread, which limits how far `--jobs` scales (Docs/performance.md, "Scaling").
    var preparation: @Sendable (GradeResult, Transcript) -> Prepared { get }

    /// Called once, before the first conversation.
    func begin()

    /// One graded conversation, in input order, with what ``preparation`` made of it and of its transcript.
    func add(_ result: GradeResult, prepared: Prepared)

    /// One item of the input that could not be read or was too large, in input order.
    func skip(_ error: TranscriptError)

    /// Called after every record when the run is a pipeline stage: what the record wrote must reach
    /// the reader now.
    func endRecord()

    /// The input is done; `summary` holds its totals.
    func finish(_ summary: GradeSummary)

    /// The run stops before the end of its input, between two records; `summary` holds the totals so far.
    func stop(_ summary: GradeSummary, reason: GradeRun.StopReason)
}

extension GradeSink where Prepared == Void {
    /// Nothing to prepare.
    public var preparation: @Sendable (GradeResult, Transcript) -> Void { { _, _ in } }
}

extension GradeSink {
    /// Nothing to write before the first conversation.
    public func begin() {}

    /// Nothing to push out.
    public func endRecord() {}
}
