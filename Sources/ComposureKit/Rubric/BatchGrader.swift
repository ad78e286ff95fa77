import Foundation

/// Grades a stream of conversations on several threads, delivering results in input order.
public struct BatchGrader: Sendable {
    /// The grader used on every conversation.
    public let grader: Grader
    /// How many threads grade at once.
    public let jobs: Int
    /// How many conversations are in flight at most with more than one job: read, being graded, or graded
    /// and waiting for an earlier one to be delivered.
    public let batchSize: Int
    /// How many bytes of conversations (their JSONL lines, or a text transcript's text, id and meta) are in
    /// flight at most with more than one job: reading stops at the conversation that reaches it (one larger
    /// than this is in flight alone).
    ///
    /// Counting conversations alone once held 512 of them whatever their size: 1.23 GB for lines of 2 MB.
    public let readAheadBytes: Int
    /// Picks a conversation's grader (a scenario's own), when set; `grader` otherwise.
    public let select: (@Sendable (Transcript) -> Grader)?
    /// Whether personal data is replaced by placeholders in each result and transcript, after grading and
    /// before anything sees them (``Redactor/redact(_:of:)``).
    public var redacts = false

    /// Creates a batch grader.
    public init(
        grader: Grader, jobs: Int, batchSize: Int = 256, readAheadBytes: Int = 16 << 20,
        select: (@Sendable (Transcript) -> Grader)? = nil
    ) {
        self.select = select
        self.grader = grader
        self.jobs = max(1, jobs)
        self.batchSize = max(1, batchSize)
        self.readAheadBytes = max(1, readAheadBytes)
    }

    /// Reads every item of `source`, grades the conversations, and hands each outcome to `deliver` in input order.
    ///
    /// With more than one job, `jobs` worker threads parse, grade and `render` (it sees the conversation too,
    /// for what the caller keeps of it, such as a content hash for the store), each taking the next line
    /// as it finishes the last; this thread only finds where lines end and delivers finished outcomes in
    /// order. No stage waits for a batch: a slow conversation, or a worker the system has paused, holds up
    /// delivery, never the other workers, until `batchSize` conversations or `readAheadBytes` bytes are in
    /// flight (read and not yet delivered).
    ///
    /// - Parameter isStopped: Asked on this thread before each item is read: once it says yes, nothing more
    ///   is read, and what is in flight is still delivered.
    /// - Returns: Nothing; `deliver` sees every item read, read errors included.
    public func run<Output: Sendable>(
        source: TranscriptSource,
        render: @escaping @Sendable (Transcript, GradeResult) -> Output,
        deliver: (Result<(GradeResult, Output), TranscriptError>) -> Void,
        isStopped: () -> Bool = { false }
    ) {
        // Each thread keeps one matcher workspace for all its conversations, set up once (see
        // ``PhraseMatcher/Workspace``).
        if jobs == 1 {
            var workspace = PhraseMatcher.Workspace()
            while !isStopped(), let item = source.next() {
                deliver(grade(item, render: render, workspace: &workspace))
            }
            return
        }
        let pipeline = GradingPipeline<Result<(GradeResult, Output), TranscriptError>>(window: batchSize)
        pipeline.start(workers: jobs) {
            var workspace = PhraseMatcher.Workspace()
            return { pending in grade(pending.parse(), render: render, workspace: &workspace) }
        }
        defer { pipeline.finish() }
        var exhausted = false
        var next: TranscriptSource.Pending?
        var ready: [Result<(GradeResult, Output), TranscriptError>] = []
        while true {
            let window = pipeline.exchange(submitting: next, takingInto: &ready, bytes: readAheadBytes)
            next = nil
            for outcome in ready { deliver(outcome) }
            ready.removeAll(keepingCapacity: true)
            if exhausted {
                if window.isEmpty { return }
                pipeline.waitForNext()
                continue
            }
            // Wait rather than read when the window is full, or when reading could block while answers are
            // owed: a pipeline's caller may wait for these answers before it sends more.
            if window.isFull {
                pipeline.waitForNext(count: max(1, batchSize / 2))
                continue
            }
            if !window.isEmpty && !source.nextIsReady {
                pipeline.waitForNext()
                continue
            }
            guard !isStopped(), let pending = source.nextPending() else {
                exhausted = true
                continue
            }
            next = pending
        }
    }

    fileprivate func grade<Output: Sendable>(
        _ item: TranscriptSource.Item, render: @Sendable (Transcript, GradeResult) -> Output,
        workspace: inout PhraseMatcher.Workspace
    ) -> Result<(GradeResult, Output), TranscriptError> {
        switch item {
        case .success(let read):
            var result = (select?(read) ?? grader).grade(read, workspace: &workspace)
            var transcript = read
            if redacts { (result, transcript) = Redactor.redact(result, of: transcript) }
            return .success((result, render(transcript, result)))
        case .failure(let error):
            return .failure(error)
        }
    }
}
