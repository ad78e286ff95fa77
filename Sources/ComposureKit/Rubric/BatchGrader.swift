import Foundation

/// Grades a stream of conversations on several threads, delivering results in input order.
public struct BatchGrader: Sendable {
    /// The grader used on every conversation.
    public let grader: Grader
    /// How many threads grade at once.
    public let jobs: Int
    /// How many conversations are read ahead and graded together.
    public let batchSize: Int

    /// Creates a batch grader.
    public init(grader: Grader, jobs: Int, batchSize: Int = 256) {
        self.grader = grader
        self.jobs = max(1, jobs)
        self.batchSize = max(1, batchSize)
    }

    /// Reads every item of `source`, grades the conversations, and hands each outcome to `deliver` in input order.
    ///
    /// `render` runs on the worker threads too, so formatting is parallel as well; it sees the
    /// conversation too, for what the caller keeps of it (a content hash for the store).
    /// - Returns: Nothing; `deliver` sees every item, read errors included.
    public func run<Output: Sendable>(
        source: TranscriptSource,
        render: @escaping @Sendable (Transcript, GradeResult) -> Output,
        deliver: (Result<(GradeResult, Output), TranscriptError>) -> Void
    ) {
        while true {
            var batch: [TranscriptSource.Item] = []
            batch.reserveCapacity(batchSize)
            while batch.count < batchSize, let item = source.next() { batch.append(item) }
            if batch.isEmpty { return }
            let outcomes = grade(batch, render: render)
            for outcome in outcomes { deliver(outcome) }
        }
    }

    private func grade<Output: Sendable>(
        _ batch: [TranscriptSource.Item], render: @escaping @Sendable (Transcript, GradeResult) -> Output
    ) -> [Result<(GradeResult, Output), TranscriptError>] {
        let results = ResultSlots<Result<(GradeResult, Output), TranscriptError>>(count: batch.count)
        let grader = self.grader
        let work: @Sendable (Int) -> Void = { index in
            switch batch[index] {
            case .success(let transcript):
                let result = grader.grade(transcript)
                results.set(index, .success((result, render(transcript, result))))
            case .failure(let error):
                results.set(index, .failure(error))
            }
        }
        if jobs == 1 || batch.count == 1 {
            for index in batch.indices { work(index) }
        } else {
            let lanes = min(jobs, batch.count)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                var index = lane
                while index < batch.count {
                    work(index)
                    index += lanes
                }
            }
        }
        return results.values()
    }
}

/// Fixed slots written by different threads, each slot by exactly one.
///
/// `@unchecked Sendable`: every index is written once, by one thread, before
/// `concurrentPerform` returns; reads happen only after that.
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
