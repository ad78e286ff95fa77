import ComposureKit
import Foundation
import GRDB

extension Store {
    /// Sessions matching `filters`, oldest first, summarised (criteria included).
    package func sessions(_ filters: ReportData.Filters) throws -> [SessionSummary] {
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let trainee = filters.trainee {
                conditions.append("trainee.name = ?")
                arguments.append(trainee)
            }
            if let scenario = filters.scenario {
                conditions.append("session.scenario_id = ?")
                arguments.append(scenario)
            }
            if let since = filters.since {
                conditions.append("session.started_at >= ?")
                arguments.append(since)
            }
            if let until = filters.until {
                conditions.append("session.started_at < ?")
                arguments.append(until)
            }
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT session.*, trainee.name AS trainee_name,
                        (SELECT COUNT(*) FROM turn WHERE turn.session_id = session.id AND turn.role = 'agent') AS replies,
                        (SELECT AVG(reply_seconds) FROM turn WHERE turn.session_id = session.id AND turn.role = 'agent') AS mean_seconds
                    FROM session JOIN trainee ON trainee.id = session.trainee_id
                    \(clause)
                    ORDER BY session.started_at, session.id
                    """, arguments: StatementArguments(arguments))
            return try rows.map { row in
                let id: Int64 = row["id"]
                let criteria = try Row.fetchAll(
                    db,
                    sql:
                        """
                        SELECT criterion, title, verdict, score, weight, fatal FROM criterion_result
                        WHERE session_id = ? ORDER BY id
                        """,
                    arguments: [id]
                ).map {
                    CriterionVerdict(
                        id: $0["criterion"], title: $0["title"], verdict: try verdict(of: $0), score: $0["score"],
                        weight: $0["weight"], fatal: $0["fatal"])
                }
                let weakest = criteria.filter { $0.verdict == .fail }.min { ($0.score ?? 0) < ($1.score ?? 0) }?.id
                return SessionSummary(
                    id: id, trainee: row["trainee_name"], scenarioID: row["scenario_id"],
                    scenarioTitle: row["scenario_title"], rubricID: row["rubric_id"], rubricHash: row["rubric_hash"],
                    startedAt: row["started_at"], endedAt: row["ended_at"],
                    outcome: try outcome(of: row), ending: row["ending"],
                    score: row["score"], capped: row["capped"], replies: row["replies"],
                    meanReplySeconds: row["mean_seconds"], criteria: criteria, weakestCriterion: weakest)
            }
        }
    }

    /// The stored turns of a session, in order: role, text, signal ids, beat and mood after.
    package func turns(ofSession id: Int64) throws -> [StoredTurn] {
        try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT role, text, signals, beat, mood_after, reply_seconds FROM turn WHERE session_id = ? ORDER BY idx",
                arguments: [id]
            ).map {
                StoredTurn(
                    role: Role(rawValue: $0["role"]) ?? .customer, text: $0["text"],
                    signals: StoredSignals.ids($0["signals"]), beat: $0["beat"], moodAfter: $0["mood_after"],
                    replySeconds: $0["reply_seconds"])
            }
        }
    }

    /// Stored evidence of each criterion in a session: (criterion, signal, words, supports).
    func evidence(ofSession id: Int64) throws -> [(criterion: String, signal: String, text: String, supports: Bool)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT criterion, evidence FROM criterion_result WHERE session_id = ?", arguments: [id]
            )
            .flatMap { row -> [(String, String, String, Bool)] in
                let criterion: String = row["criterion"]
                return StoredEvidence.decode(row["evidence"]).map { (criterion, $0.signal, $0.text, $0.supports) }
            }
        }
    }

    /// Graded batches, newest last, restricted to `since`/`until` on their grading time.
    func batches(since: Date?, until: Date?) throws -> [Row] {
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let since {
                conditions.append("created_at >= ?")
                arguments.append(since)
            }
            if let until {
                conditions.append("created_at < ?")
                arguments.append(until)
            }
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT * FROM batch \(clause) ORDER BY id", arguments: StatementArguments(arguments))
        }
    }
}

/// A turn as stored.
package struct StoredTurn: Sendable, Hashable {
    package var role: Role
    package var text: String
    package var signals: [String]
    package var beat: String?
    package var moodAfter: Int?
    package var replySeconds: Double?
}
