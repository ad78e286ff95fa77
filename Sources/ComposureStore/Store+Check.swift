import Foundation
import GRDB

extension Store {
    /// How long ``init(path:checkBudget:)`` lets SQLite's `quick_check` run by default.
    ///
    /// The check of a database of 100,000 graded conversations (180 MB) took 0.35-0.39 s on
    /// the project's 2-core machine with its page cache warm (Docs/robustness.md). A larger
    /// database, or one read cold from a slow disk, is checked as far as the budget goes and
    /// then used; damage met later is still reported as ``StoreError/corrupt(path:reason:)``.
    public static let defaultCheckBudget: TimeInterval = 1

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
            // The connection is this check's alone, so an interruption that comes late stops nothing else.
            let timer = DispatchWorkItem { queue.interrupt() }
            DispatchQueue.global().asyncAfter(deadline: .now() + budget, execute: timer)
            defer { timer.cancel() }
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
