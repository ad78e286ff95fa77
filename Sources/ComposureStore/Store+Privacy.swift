import ComposureKit
import Foundation
import GRDB

/// What `composure forget` and `composure prune` delete.
package enum Erasure: Sendable, Hashable {
    /// A trainee: their sessions (turns, criterion results) and their name.
    case trainee(String)
    /// An agent of graded conversations: the conversations whose `agent` is this (their criterion results),
    /// and the batches left with no conversation.
    case agent(String)
    /// Everything stored before this time: sessions started before it, batches graded before it (their
    /// conversations unless a later batch graded them too), trainees with nothing left, calibration runs
    /// recorded before it.
    case before(Date)
}

/// What an erasure deleted, or would delete in a dry run.
package struct ErasureCount: Sendable, Hashable {
    /// The trainees' names deleted.
    package var trainees: [String] = []
    package var sessions = 0
    package var turns = 0
    package var batches = 0
    package var conversations = 0
    package var criterionResults = 0
    /// Calibration runs (`calibrate --store`), with their per-criterion rows.
    package var calibrationRuns = 0
    /// Transcripts `play` saved for the deleted sessions (files outside the database).
    package var transcriptFiles: [String] = []

    /// Whether nothing matched.
    package var isEmpty: Bool {
        trainees.isEmpty && sessions == 0 && batches == 0 && conversations == 0 && criterionResults == 0
            && calibrationRuns == 0
    }
}

/// Why an erasure could not run.
package enum ErasureError: DiagnosticReporting, Sendable, CustomStringConvertible {
    /// The deletion would have left rows pointing at deleted ones (a bug): nothing was deleted.
    case inconsistent(path: String, table: String)

    package var description: String {
        switch self {
        case .inconsistent(let path, let table):
            return "\(path): deleting would leave rows of '\(table)' pointing at deleted rows; nothing was deleted"
        }
    }

    package var diagnostics: [Diagnostic] { [Diagnostic(message: description)] }
}

extension Store {
    /// Deletes what `erasure` names in one transaction, then rewrites the file so the deleted text is not
    /// left in free pages or the write-ahead log.
    ///
    /// Foreign keys are checked before the transaction commits: a deletion that would leave an orphan row
    /// is rolled back whole. After it, `VACUUM` rebuilds the file and the write-ahead log is truncated;
    /// `secure_delete` zeroes freed pages meanwhile, for a reader that held the old file open.
    ///
    /// - Parameters:
    ///   - erasure: What to delete.
    ///   - dryRun: Count what would be deleted, and delete nothing.
    /// - Returns: What was (or would be) deleted.
    /// - Throws: ``ErasureError`` when agents are asked for and the database has none, or the deletion
    ///   would break a foreign key; ``StoreError`` when the database cannot be written.
    package func erase(_ erasure: Erasure, dryRun: Bool = false) throws -> ErasureCount {
        let count = try writeWithoutTransaction { db -> ErasureCount in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            var count = ErasureCount()
            try db.inTransaction(.immediate) {
                try markDoomed(erasure, db: db)
                count = try countDoomed(db)
                try deleteDoomed(db)
                if let table = try String.fetchOne(db, sql: "SELECT \"table\" FROM pragma_foreign_key_check") {
                    throw ErasureError.inconsistent(path: path, table: table)
                }
                return dryRun ? .rollback : .commit
            }
            try db.execute(sql: "DROP TABLE IF EXISTS temp.doomed_session; DROP TABLE IF EXISTS temp.doomed_trainee")
            try db.execute(
                sql: "DROP TABLE IF EXISTS temp.doomed_conversation; DROP TABLE IF EXISTS temp.doomed_batch")
            try db.execute(sql: "DROP TABLE IF EXISTS temp.doomed_calibration")
            if !dryRun && !count.isEmpty {
                try db.execute(sql: "VACUUM")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            }
            return count
        }
        return count
    }

    /// Fills temporary tables with the ids of the rows to delete.
    private func markDoomed(_ erasure: Erasure, db: Database) throws {
        try db.execute(
            sql: """
                CREATE TEMP TABLE doomed_session (id INTEGER PRIMARY KEY);
                CREATE TEMP TABLE doomed_trainee (id INTEGER PRIMARY KEY);
                CREATE TEMP TABLE doomed_conversation (id INTEGER PRIMARY KEY);
                CREATE TEMP TABLE doomed_batch (id INTEGER PRIMARY KEY);
                CREATE TEMP TABLE doomed_calibration (id INTEGER PRIMARY KEY);
                """)
        switch erasure {
        case .trainee(let name):
            try db.execute(sql: "INSERT INTO doomed_trainee SELECT id FROM trainee WHERE name = ?", arguments: [name])
            try db.execute(
                sql: "INSERT INTO doomed_session SELECT id FROM session WHERE trainee_id IN doomed_trainee")
        case .agent(let agent):
            try db.execute(
                sql: "INSERT INTO doomed_conversation SELECT id FROM conversation WHERE agent = ?", arguments: [agent])
            // Batches that held only this agent's conversations.
            try db.execute(
                sql: """
                    INSERT INTO doomed_batch SELECT DISTINCT batch_id FROM batch_conversation
                    WHERE conversation_id IN doomed_conversation AND batch_id NOT IN (
                        SELECT batch_id FROM batch_conversation WHERE conversation_id NOT IN doomed_conversation)
                    """)
        case .before(let cutoff):
            try db.execute(
                sql: "INSERT INTO doomed_session SELECT id FROM session WHERE started_at < ?", arguments: [cutoff])
            try db.execute(
                sql: "INSERT INTO doomed_batch SELECT id FROM batch WHERE created_at < ?", arguments: [cutoff])
            // A conversation goes with its batches unless a batch that stays graded it too.
            try db.execute(
                sql: """
                    INSERT INTO doomed_conversation SELECT id FROM conversation c
                    WHERE (c.batch_id IN doomed_batch
                           OR EXISTS (SELECT 1 FROM batch_conversation l
                                      WHERE l.conversation_id = c.id AND l.batch_id IN doomed_batch))
                      AND NOT EXISTS (SELECT 1 FROM batch_conversation l
                                      WHERE l.conversation_id = c.id AND l.batch_id NOT IN doomed_batch)
                    """)
            try db.execute(
                sql: """
                    INSERT INTO doomed_trainee SELECT id FROM trainee t WHERE created_at < ?
                      AND NOT EXISTS (SELECT 1 FROM session s WHERE s.trainee_id = t.id AND s.id NOT IN doomed_session)
                    """, arguments: [cutoff])
            // Calibration runs name no trainee or agent, only rubrics and files: `forget` leaves them, age prunes them.
            try db.execute(
                sql: "INSERT INTO doomed_calibration SELECT id FROM calibration_run WHERE created_at < ?",
                arguments: [cutoff])
        }
    }

    private func countDoomed(_ db: Database) throws -> ErasureCount {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        var result = ErasureCount()
        result.trainees = try String.fetchAll(
            db, sql: "SELECT name FROM trainee WHERE id IN doomed_trainee ORDER BY name")
        result.sessions = try count("SELECT COUNT(*) FROM doomed_session")
        result.turns = try count("SELECT COUNT(*) FROM turn WHERE session_id IN doomed_session")
        result.batches = try count("SELECT COUNT(*) FROM doomed_batch")
        result.conversations = try count("SELECT COUNT(*) FROM doomed_conversation")
        result.calibrationRuns = try count("SELECT COUNT(*) FROM doomed_calibration")
        result.criterionResults = try count(
            """
            SELECT COUNT(*) FROM criterion_result
            WHERE session_id IN doomed_session OR conversation_id IN doomed_conversation
            """)
        result.transcriptFiles = try String.fetchAll(
            db,
            sql: """
                SELECT transcript_path FROM session WHERE id IN doomed_session AND transcript_path IS NOT NULL
                ORDER BY started_at
                """)
        return result
    }

    /// Deletes the marked rows, children first, so no row is left pointing at a deleted one.
    private func deleteDoomed(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM criterion_result WHERE conversation_id IN doomed_conversation;
                DELETE FROM batch_conversation
                    WHERE conversation_id IN doomed_conversation OR batch_id IN doomed_batch;
                UPDATE conversation SET batch_id = (
                        SELECT MIN(l.batch_id) FROM batch_conversation l WHERE l.conversation_id = conversation.id)
                    WHERE batch_id IN doomed_batch AND id NOT IN doomed_conversation;
                DELETE FROM conversation WHERE id IN doomed_conversation;
                DELETE FROM batch WHERE id IN doomed_batch;
                DELETE FROM criterion_result WHERE session_id IN doomed_session;
                DELETE FROM turn WHERE session_id IN doomed_session;
                DELETE FROM session WHERE id IN doomed_session;
                DELETE FROM trainee WHERE id IN doomed_trainee;
                DELETE FROM calibration_criterion WHERE run_id IN doomed_calibration;
                DELETE FROM calibration_run WHERE id IN doomed_calibration;
                """)
    }
}

extension ErasureCount {
    /// What was deleted, one kind a line (`sessions: 3 (41 turns)`), led by `deleted` or, in a dry run,
    /// `would delete`; names as stored (the caller makes them safe for its terminal).
    package func lines(dryRun: Bool) -> [String] {
        var lines = [dryRun ? "would delete:" : "deleted:"]
        if !trainees.isEmpty {
            lines.append("  trainees: \(trainees.count) (\(trainees.map { "'\($0)'" }.joined(separator: ", ")))")
        }
        lines.append("  sessions: \(sessions) (\(turns) turns)")
        lines.append("  batches: \(batches)")
        lines.append("  conversations: \(conversations)")
        lines.append("  criterion results: \(criterionResults)")
        if calibrationRuns > 0 { lines.append("  calibration runs: \(calibrationRuns)") }
        if !transcriptFiles.isEmpty { lines.append("  saved transcripts: \(transcriptFiles.count)") }
        return lines
    }
}
