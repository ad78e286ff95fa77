import Foundation
import GRDB

extension Store {
    /// How long ``init(path:checkBudget:)`` lets SQLite's `quick_check` run by default.
    ///
    /// The check of a database of 100,000 graded conversations (180 MB) took 0.35-0.39 s on
    /// the project's 2-core machine with its page cache warm (Docs/robustness.md). A larger
    /// database, or one read cold from a slow disk, is checked as far as the budget goes and
    /// then used; damage met later is still reported as ``StoreError/corrupt(path:reason:)``.
    package static let defaultCheckBudget: TimeInterval = 1

    /// What ``quickCheck(path:budget:)`` found.
    enum CheckResult: Sendable, Equatable {
        /// `quick_check` went through the whole file and found nothing wrong (or there is no file yet).
        case sound
        /// SQLite's first problems, one line.
        case damaged(String)
        /// The budget ran out (or the check was not run, with a budget of 0, or the file could not
        /// be read for a reason opening it will report: locked, unreadable).
        case unchecked
    }

    /// Runs `PRAGMA quick_check` on a read-only connection of its own, interrupted after `budget` seconds.
    ///
    /// `quick_check` reads every page and checks the b-trees, not that indexes match their
    /// tables; its time grows with the file, hence the budget.
    /// - Throws: ``StoreError/corrupt(path:reason:)`` when SQLite stops the check with
    ///   `SQLITE_CORRUPT` or the file is not a database at all.
    static func quickCheck(path: String, budget: TimeInterval) throws -> CheckResult {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { return .sound }
        guard budget > 0 else { return .unchecked }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            let watch = CheckWatch(queue: queue, budget: budget)
            defer { watch.finish() }
            let rows = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            guard rows != ["ok"] else { return .sound }
            // SQLite starts its report with "*** in database main ***" on a line of its own.
            let problems = rows.joined(separator: "\n").split(whereSeparator: \.isNewline)
                .filter { !$0.hasPrefix("***") }.prefix(2)
            return .damaged("damaged pages: " + problems.joined(separator: "; "))
        } catch let error as DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: throw StoreError.describe(error, path: path)
            default: return .unchecked
            }
        }
    }
}

/// Interrupts a check's connection when its budget runs out, from a thread of its own.
///
/// A thread waiting on a semaphore is woken by the kernel when the time is up; a timer on
/// a dispatch queue can wait for a worker thread on a busy machine, and a check that should
/// stop at the budget would run to its end. `@unchecked Sendable`: `finished` is read and
/// written only under `lock`, so the connection is never interrupted once the check is over
/// (and may be closed).
private final class CheckWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var finished = false
    private let done = DispatchSemaphore(value: 0)

    init(queue: DatabaseQueue, budget: TimeInterval) {
        let thread = Thread { [self] in
            guard done.wait(timeout: .now() + budget) == .timedOut else { return }
            lock.withLock { if !finished { queue.interrupt() } }
        }
        thread.start()
    }

    /// Ends the watch: from here on the connection is left alone.
    func finish() {
        lock.withLock { finished = true }
        done.signal()
    }
}
