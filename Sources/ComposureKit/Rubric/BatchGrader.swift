import Foundation

/// Grades a stream of conversations on several threads, delivering results in input order.
public struct BatchGrader: Sendable {
    /// The grader used on every conversation.
    public let grader: Grader
    /// How many threads grade at once.
    public let jobs: Int
    /// How many conversations are read ahead and graded together, at most.
    public let batchSize: Int
    /// How many bytes of conversations (their text, ids and meta) a batch holds, at most: a batch ends at
    /// the conversation that reaches it (one conversation larger than this is a batch of its own).
    ///
    /// With more than one job a batch is graded while the next is read, so about twice this is held.
    /// Counting conversations alone held 512 of them whatever their size: 1.23 GB for lines of 2 MB.
    public let readAheadBytes: Int
    /// Picks a conversation's grader (a scenario's own), when set; `grader` otherwise.
    public let select: (@Sendable (Transcript) -> Grader)?

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
    /// `render` runs on the worker threads too, so formatting is parallel as well; it sees the
    /// conversation too, for what the caller keeps of it (a content hash for the store).
    /// With more than one job the stages overlap: while the workers grade one batch, this thread
    /// reads the next and then delivers the one before, so reading and writing cost no grading time.
    /// - Returns: Nothing; `deliver` sees every item, read errors included.
    public func run<Output: Sendable>(
        source: TranscriptSource,
        render: @escaping @Sendable (Transcript, GradeResult) -> Output,
        deliver: (Result<(GradeResult, Output), TranscriptError>) -> Void
    ) {
        if jobs == 1 {
            while let item = source.next() { deliver(grade(item, render: render)) }
            return
        }
        var batch = read(source)
        guard !batch.isEmpty else { return }
        var grading = BatchInFlight(batch, grading: self, jobs: jobs, render: render)
        while true {
            // Read ahead only what has arrived: a pipeline's caller may wait for these answers
            // before it sends more.
            batch = source.nextIsReady ? read(source) : []
            let outcomes = grading.wait()
            if !batch.isEmpty { grading = BatchInFlight(batch, grading: self, jobs: jobs, render: render) }
            for outcome in outcomes { deliver(outcome) }
            if batch.isEmpty {
                // Everything so far is delivered; now it is safe to wait for more input.
                batch = read(source)
                if batch.isEmpty { return }
                grading = BatchInFlight(batch, grading: self, jobs: jobs, render: render)
            }
        }
    }

    /// Up to `batchSize` items and `readAheadBytes` bytes: waits for the first, then takes only those ready
    /// without waiting.
    private func read(_ source: TranscriptSource) -> [TranscriptSource.Item] {
        var batch: [TranscriptSource.Item] = []
        var bytes = 0
        while batch.count < batchSize, bytes < readAheadBytes, batch.isEmpty || source.nextIsReady,
            let item = source.next()
        {
            batch.append(item)
            if case .success(let transcript) = item { bytes += transcript.byteCount }
        }
        return batch
    }

    fileprivate func grade<Output: Sendable>(
        _ item: TranscriptSource.Item, render: @Sendable (Transcript, GradeResult) -> Output
    ) -> Result<(GradeResult, Output), TranscriptError> {
        switch item {
        case .success(let transcript):
            let result = (select?(transcript) ?? grader).grade(transcript)
            return .success((result, render(transcript, result)))
        case .failure(let error):
            return .failure(error)
        }
    }
}

/// One batch being graded on `jobs` worker threads, which take the next few items as they finish.
private struct BatchInFlight<Output: Sendable> {
    private let group = DispatchGroup()
    private let results: ResultSlots<Result<(GradeResult, Output), TranscriptError>>

    init(
        _ batch: [TranscriptSource.Item], grading: BatchGrader, jobs: Int,
        render: @escaping @Sendable (Transcript, GradeResult) -> Output
    ) {
        let results = ResultSlots<Result<(GradeResult, Output), TranscriptError>>(count: batch.count)
        self.results = results
        let cursor = WorkCursor(count: batch.count, chunk: 4)
        for _ in 0..<min(jobs, batch.count) {
            DispatchQueue.global().async(group: group) {
                while let range = cursor.next() {
                    for index in range {
                        results.set(index, grading.grade(batch[index], render: render))
                    }
                }
            }
        }
    }

    /// Waits for the batch and returns its outcomes in input order.
    func wait() -> [Result<(GradeResult, Output), TranscriptError>] {
        group.wait()
        return results.values()
    }
}

/// Hands out consecutive index ranges to worker threads.
///
/// `@unchecked Sendable`: `next` is the only access to the shared position, under `lock`.
private final class WorkCursor: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private let count: Int
    private let chunk: Int

    init(count: Int, chunk: Int) {
        self.count = count
        self.chunk = chunk
    }

    func next() -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard position < count else { return nil }
        let range = position..<min(count, position + chunk)
        position = range.upperBound
        return range
    }
}

/// Fixed slots written by different threads, each slot by exactly one.
///
/// `@unchecked Sendable`: every index is written once, by one thread, before the batch's
/// dispatch group is done; reads happen only after waiting on it.
final class ResultSlots<Value>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = UnsafeMutablePointer<Value?>.allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Value) {
        slots[index] = value
    }

    func values() -> [Value] {
        (0..<count).compactMap { slots[$0] }
    }
}
