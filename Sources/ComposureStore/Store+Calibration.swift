import ComposureKit
import Foundation
import GRDB

extension Store {
    /// The grader's stored verdicts on batch conversations (`grade --store`), for `composure calibrate --db`.
    ///
    /// Read-only. For each external id graded in a batch with the rubric `rubricID`, the
    /// conversation graded last (the last link to a batch, so a conversation graded again by a
    /// later batch counts as that batch's): its overall score and each criterion's verdict with
    /// the evidence quoted. Conversations of other rubrics are not looked at.
    /// - Returns: one value per external id, in the order they were last graded.
    /// - Throws: ``StoreError`` when the database cannot be read.
    package func storedVerdicts(rubric rubricID: String) throws -> [GraderVerdicts] {
        try read { db in
            // SQLite takes a bare column of an aggregate query from the row that holds the MAX.
            let latest = """
                WITH latest AS (
                    SELECT MAX(batch_conversation.id) AS link, batch_conversation.conversation_id AS id
                    FROM batch_conversation
                    JOIN batch ON batch.id = batch_conversation.batch_id
                    JOIN conversation ON conversation.id = batch_conversation.conversation_id
                    WHERE batch.rubric_id = ?
                    GROUP BY conversation.external_id)
                """
            var criteria: [Int64: [GraderVerdicts.Criterion]] = [:]
            let criterionRows = try Row.fetchCursor(
                db,
                sql: """
                    \(latest)
                    SELECT criterion_result.conversation_id, criterion, verdict, evidence FROM criterion_result
                    JOIN latest ON latest.id = criterion_result.conversation_id
                    ORDER BY criterion_result.id
                    """, arguments: [rubricID])
            while let row = try criterionRows.next() {
                let evidence = StoredEvidence.decode(row["evidence"]).map {
                    GraderVerdicts.Quote(signal: $0.signal, text: $0.text, supports: $0.supports)
                }
                let verdict = Verdict(rawValue: row["verdict"]) ?? .notApplicable
                criteria[row["conversation_id"], default: []].append(
                    GraderVerdicts.Criterion(id: row["criterion"], verdict: verdict, evidence: evidence))
            }
            return try Row.fetchAll(
                db,
                sql: """
                    \(latest)
                    SELECT conversation.id, external_id, score FROM conversation
                    JOIN latest ON latest.id = conversation.id
                    ORDER BY latest.link
                    """, arguments: [rubricID]
            ).map { row in
                let id: Int64 = row["id"]
                return GraderVerdicts(id: row["external_id"], score: row["score"], criteria: criteria[id] ?? [])
            }
        }
    }
}
