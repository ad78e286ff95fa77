import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The shared state of a batch run with several jobs: a queue of read items, worker threads that take
/// them one at a time, and a window of slots where their outcomes wait to be delivered in input order.
///
/// One lock guards it all; it is held for a few hundred nanoseconds per conversation (a conversation
/// takes hundreds of microseconds to grade), so it does not contend at any core count this runs on
/// (see Docs/performance.md). Hand-written on POSIX threads because it needs two condition variables on
/// one lock (work to do, the next outcome ready), which `NSCondition` and `Synchronization.Mutex` do not
/// give, and threads of its own: Dispatch's pool is as wide as the machine, so `--jobs` above the core
/// count would not all run.
///
/// `@unchecked Sendable`: every stored property but the lock and conditions is read and written only
/// with `mutex` held.
final class GradingPipeline<Outcome: Sendable>: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when an item is queued or the input ends.
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when the outcome next in order is ready, and when the last worker stops.
    private let nextReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Items read and not yet taken by a worker, each with its sequence number.
    private var queue: [(sequence: Int, item: TranscriptSource.Pending)] = []
    private var queueHead = 0
    /// Outcomes by sequence number modulo the window; nil until graded.
    private var slots: [(outcome: Outcome, bytes: Int)?]
    private let window: Int
    /// The sequence number of the next item read, and of the next outcome to deliver.
    private var nextSequence = 0
    private var nextDelivered = 0
    /// Bytes of the items read and not yet delivered.
    private var bytesInFlight = 0
    private var closed = false
    private var runningWorkers = 0
    /// The sequence number the delivering thread sleeps on (-1 when it is awake): a worker wakes it only
    /// when it completes that one, not on every completion.
    private var waitingFor = -1

    init(window: Int) {
        self.window = max(1, window)
        slots = Array(repeating: nil, count: self.window)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(nextReady, nil)
    }

    deinit {
        pthread_cond_destroy(nextReady)
        pthread_cond_destroy(workAvailable)
        pthread_mutex_destroy(mutex)
        nextReady.deallocate()
        workAvailable.deallocate()
        mutex.deallocate()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Starts `workers` threads, each running the work `makeWork` gives it on the next queued item until
    /// ``finish()``. Each thread asks for its own, so the work may keep state from one item to the next.
    func start(workers: Int, makeWork: @escaping @Sendable () -> (TranscriptSource.Pending) -> Outcome) {
        locked { runningWorkers = workers }
        for _ in 0..<workers {
            let thread = Thread { [self] in
                let work = makeWork()
                while let (sequence, item) = take() {
                    let outcome = work(item)
                    complete(sequence, outcome, bytes: item.byteCount)
                }
            }
            // The grader's recursion (nested pattern groups) needs the main thread's stack size.
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// The next queued item, waiting for one; nil once the input is finished.
    private func take() -> (Int, TranscriptSource.Pending)? {
        locked {
            while queueHead == queue.count {
                if closed {
                    runningWorkers -= 1
                    if runningWorkers == 0 { pthread_cond_broadcast(nextReady) }
                    return nil
                }
                pthread_cond_wait(workAvailable, mutex)
            }
            let entry = queue[queueHead]
            queueHead += 1
            // Drop the items taken once they are half the array: the caller may keep the queue from ever
            // running empty, and items kept there would hold every line of the input.
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            } else if queueHead >= 32, queueHead * 2 >= queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            return (entry.sequence, entry.item)
        }
    }

    private func complete(_ sequence: Int, _ outcome: Outcome, bytes: Int) {
        locked {
            slots[sequence % window] = (outcome, bytes)
            if sequence == waitingFor { pthread_cond_signal(nextReady) }
        }
    }

    /// How the window stands after an ``exchange(submitting:takingInto:bytes:)``.
    struct Window {
        /// Nothing is in flight.
        var isEmpty: Bool
        /// The window holds as many items as it can, or the byte limit.
        var isFull: Bool
    }

    /// Queues `item` for the workers (when there is one), appends to `delivered` the outcomes ready to
    /// deliver in input order (the run of graded items after the last delivered), and says how the window
    /// stands: the delivering thread's whole turn under one lock, once per conversation.
    ///
    /// It took the lock four times per conversation when queuing, taking, and asking whether the window
    /// was full and whether it was empty were four calls. Only the delivering thread changes what the
    /// answer depends on (what is queued and what is delivered), so the answer holds until its next call.
    /// - Parameter bytes: The window is full when this many bytes are in flight.
    func exchange(submitting item: TranscriptSource.Pending?, takingInto delivered: inout [Outcome], bytes: Int)
        -> Window
    {
        locked {
            if let item {
                queue.append((nextSequence, item))
                nextSequence += 1
                bytesInFlight += item.byteCount
                pthread_cond_signal(workAvailable)
            }
            while nextDelivered < nextSequence, let (outcome, bytes) = slots[nextDelivered % window] {
                slots[nextDelivered % window] = nil
                nextDelivered += 1
                bytesInFlight -= bytes
                delivered.append(outcome)
            }
            return Window(
                isEmpty: nextDelivered == nextSequence,
                isFull: nextSequence - nextDelivered >= window || bytesInFlight >= bytes)
        }
    }

    /// Waits until the next `count` outcomes in order are ready, or all in flight if fewer (returns at once
    /// when nothing is in flight).
    ///
    /// With a full window the caller asks for half of it: woken for every conversation, the delivering
    /// thread took a core from a worker once per conversation (`--jobs 2` on 2 cores spent 27 % more CPU
    /// than `--jobs 1`, Docs/performance.md); woken once per half window, it costs next to nothing.
    func waitForNext(count: Int = 1) {
        locked {
            let last = min(nextDelivered + max(1, count), nextSequence) - 1
            var next = nextDelivered
            while next <= last {
                if slots[next % window] != nil {
                    next += 1
                    continue
                }
                waitingFor = next
                pthread_cond_wait(nextReady, mutex)
            }
            waitingFor = -1
        }
    }

    /// Ends the input and waits for the workers to stop.
    func finish() {
        locked {
            closed = true
            pthread_cond_broadcast(workAvailable)
            while runningWorkers > 0 { pthread_cond_wait(nextReady, mutex) }
        }
    }
}
