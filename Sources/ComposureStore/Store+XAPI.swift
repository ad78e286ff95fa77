import ComposureKit
import Foundation
import GRDB

extension Store {
    /// Every conversation of the batches graded in `since..<until`, each once (by the batch that first stored
    /// it), in the order they were stored, with its criteria: what the `xapi` export sends for batches.
    ///
    /// The agent is read from the conversation row when the store has an `agent` column, so the export
    /// attributes conversations as soon as the store records who answered them; until then it is nil.
    package func gradedConversations(since: Date?, until: Date?) throws -> [GradedConversation] {
        try read { db in
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let since {
                conditions.append("batch.created_at >= ?")
                arguments.append(since)
            }
            if let until {
                conditions.append("batch.created_at < ?")
                arguments.append(until)
            }
            let clause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            // A conversation linked to several batches in range is sent once: it is one graded result.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT conversation.*, batch.rubric_id AS batch_rubric, MIN(batch.created_at) AS graded_at,
                        MIN(batch.id) AS first_batch
                    FROM batch_conversation
                    JOIN conversation ON conversation.id = batch_conversation.conversation_id
                    JOIN batch ON batch.id = batch_conversation.batch_id
                    \(clause)
                    GROUP BY conversation.id ORDER BY conversation.id
                    """, arguments: StatementArguments(arguments))
            return try rows.map { row in
                let id: Int64 = row["id"]
                let criteria = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT criterion, title, verdict, score FROM criterion_result
                        WHERE conversation_id = ? ORDER BY id
                        """, arguments: [id]
                ).map {
                    CriterionVerdict(
                        id: $0["criterion"], title: $0["title"], verdict: try verdict(of: $0), score: $0["score"])
                }
                return GradedConversation(
                    batchID: row["first_batch"], externalID: row["external_id"], contentHash: row["content_hash"],
                    rubricID: row["batch_rubric"], rubricHash: row["rubric_hash"], gradedAt: row["graded_at"],
                    channel: row["channel"], agent: row["agent"], score: row["score"],
                    capped: row["capped"], criteria: criteria)
            }
        }
    }
}
