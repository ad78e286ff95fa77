import ComposureKit
import Foundation
import GRDB

/// Writes one `play` session to the store as it happens.
///
/// Each turn is its own committed transaction, so a killed process loses nothing
/// already typed; a session never finished keeps a NULL outcome and shows as abandoned.
///
/// Personal data in a turn (a trainee may type a made-up e-mail address or card number) is replaced
/// by placeholders before it is written, in the turn's text, its signals' quotes and the criteria's
/// evidence (Docs/privacy.md).
package final class SessionRecorder {
    private let store: Store
    /// The session's id in the store (a new one after ``startOver(abandoned:scenario:rubric:)``).
    package private(set) var sessionID: Int64
    private var nextIndex = 0
    /// Trainee replies recorded in the current attempt.
    private var replies = 0
    private let trainee: String
    private let seed: UInt64
    private let mode: String
    private let toolVersion: String
    /// Finds personal data before a turn or a quote is written; nil keeps it (`play --no-redact`).
    private let redactor: Redactor?
    /// The current attempt's turns as typed, by index: where evidence quotes were cut from.
    private var texts: [String] = []

    /// Starts a session row.
    ///
    /// - Parameter redacts: Whether personal data in the turns and quotes is replaced by placeholders
    ///   before it is written (false for `play --no-redact`).
    /// - Throws: ``StoreError`` or a database error when it cannot be written.
    package init(
        store: Store, trainee: String, scenario: Scenario, rubric: Rubric, seed: UInt64, mode: String,
        toolVersion: String = "", redacts: Bool = true
    ) throws {
        self.store = store
        redactor = redacts ? Redactor() : nil
        self.trainee = trainee
        self.seed = seed
        self.mode = mode
        self.toolVersion = toolVersion
        sessionID = try Self.insertSession(
            store: store, trainee: trainee, scenario: scenario, rubric: rubric, seed: seed, mode: mode,
            toolVersion: toolVersion)
    }

    private static func insertSession(
        store: Store, trainee: String, scenario: Scenario, rubric: Rubric, seed: UInt64, mode: String,
        toolVersion: String
    ) throws -> Int64 {
        try store.write { db in
            let traineeID = try store.traineeID(db, name: trainee)
            try db.execute(
                sql: """
                    INSERT INTO session (trainee_id, scenario_id, scenario_title, rubric_id, rubric_hash, seed, mode, started_at, tool_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    traineeID, scenario.id, scenario.title, rubric.id, rubric.contentHash, Int64(bitPattern: seed),
                    mode, Date(), toolVersion,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Records one turn (the customer's line or the trainee's reply).
    package func record(
        role: Role, text: String, signals: [SignalHit], moodAfter: Int?, beat: String?, replySeconds: Double?
    ) throws {
        let index = nextIndex
        nextIndex += 1
        if role == .agent { replies += 1 }
        texts.append(text)
        let encoded = StoredSignals.encode(redactor?.redact(signals, in: text) ?? signals)
        let stored = redactor?.redact(text) ?? text
        try store.write { db in
            try db.execute(
                sql: """
                    INSERT INTO turn (session_id, idx, role, text, signals, mood_after, beat, reply_seconds, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [sessionID, index, role.rawValue, stored, encoded, moodAfter, beat, replySeconds, Date()])
        }
    }

    /// Ends the attempt so far as abandoned, with the score it had, and starts a new session row for
    /// the next attempt (for `/restart`): an abandoned attempt stays in the history as abandoned.
    ///
    /// - Parameters:
    ///   - grade: The abandoned attempt graded as it stood.
    ///   - scenario: The scenario of the next attempt (it may have been read again from disk).
    package func startOver(abandoned grade: GradeResult, scenario: Scenario, rubric: Rubric) throws {
        guard replies > 0 else {
            // Nothing was said yet: this row serves the next attempt, rather than an empty one left behind.
            try store.write { db in
                try db.execute(sql: "DELETE FROM turn WHERE session_id = ?", arguments: [sessionID])
            }
            nextIndex = 0
            texts = []
            return
        }
        try finish(outcome: .abandoned, ending: nil, grade: grade, transcriptPath: nil)
        sessionID = try Self.insertSession(
            store: store, trainee: trainee, scenario: scenario, rubric: rubric, seed: seed, mode: mode,
            toolVersion: toolVersion)
        nextIndex = 0
        replies = 0
        texts = []
    }

    /// Removes a session in which nothing was replied (opened, then quit): it is no attempt.
    package func discard() throws {
        guard replies == 0 else { return }
        try store.write { db in
            try db.execute(sql: "DELETE FROM turn WHERE session_id = ?", arguments: [sessionID])
            try db.execute(sql: "DELETE FROM session WHERE id = ?", arguments: [sessionID])
        }
    }

    /// Records the end: outcome, ending, score and each criterion's result, in one transaction.
    package func finish(outcome: Outcome, ending: String?, grade: GradeResult, transcriptPath: String?) throws {
        let grade = redactor?.redact(grade, texts: texts) ?? grade
        try store.write { db in
            try db.execute(
                sql: """
                    UPDATE session SET ended_at = ?, outcome = ?, ending = ?, score = ?, capped = ?, transcript_path = ?
                    WHERE id = ?
                    """,
                arguments: [
                    Date(), outcome.rawValue, ending, grade.score, grade.isCapped, transcriptPath, sessionID,
                ])
            try CriterionRows.insert(grade.criteria, sessionID: sessionID, conversationID: nil, db: db)
        }
    }
}

/// Criterion results as rows.
enum CriterionRows {
    static func insert(_ criteria: [CriterionResult], sessionID: Int64?, conversationID: Int64?, db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO criterion_result (session_id, conversation_id, criterion, title, verdict, score, weight, evidence, feedback, fatal)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for criterion in criteria {
            try statement.execute(arguments: [
                sessionID, conversationID, criterion.id, criterion.title, criterion.verdict.rawValue, criterion.score,
                criterion.weight, StoredEvidence.encode(criterion.evidence), criterion.feedback, criterion.isFatal,
            ])
        }
    }
}

/// Signals and evidence as compact JSON text in a column.
enum StoredSignals {
    static func encode(_ hits: [SignalHit]) -> String {
        var json = JSONWriter()
        json.signalHits(nil, hits)
        return json.text
    }

    /// The signal ids in a stored column, in order.
    static func ids(_ text: String) -> [String] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else { return [] }
        return list.compactMap { $0["id"] as? String }
    }
}

enum StoredEvidence {
    static func encode(_ evidence: [TurnEvidence]) -> String {
        var json = JSONWriter()
        json.criterionEvidence(nil, evidence)
        return json.text
    }

    /// (signal, text, supports) triples from a stored column.
    static func decode(_ text: String) -> [(signal: String, text: String, supports: Bool)] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else { return [] }
        return list.compactMap { item in
            guard let signal = item["signal"] as? String, let words = item["text"] as? String else { return nil }
            return (signal, words, (item["supports"] as? Bool) ?? true)
        }
    }
}
