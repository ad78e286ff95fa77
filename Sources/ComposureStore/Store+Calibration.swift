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

extension Store {
    /// Records a calibration run (`calibrate --store`): its figures, never its disagreements.
    ///
    /// - Parameters:
    ///   - calibration: The run, as ``Calibration/figures(redactedBy:)`` left it (the caller redacts).
    ///   - rubric: The rubric the grader used.
    ///   - input: What was graded: the transcripts' file names, or `stored verdicts`.
    ///   - date: When it ran.
    /// - Returns: The run's id.
    /// - Throws: ``StoreError`` when it cannot be written.
    @discardableResult
    package func record(_ calibration: Calibration, rubric: Rubric, input: String, at date: Date = Date()) throws
        -> Int64
    {
        let figures = calibration.figures(redactedBy: nil)
        let json = try Self.calibrationEncoder.encode(figures)
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO calibration_run (
                        created_at, rubric_id, rubric_hash, input, human_source, matched, rho, raters_score_alpha,
                        figures)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    date, rubric.id, rubric.contentHash, input, figures.humanSource, figures.matched,
                    figures.score?.rho, figures.raters?.score?.alpha, String(decoding: json, as: UTF8.self),
                ])
            let run = db.lastInsertedRowID
            let raters = Dictionary(
                (figures.raters?.criteria ?? []).map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first })
            for row in figures.criteria {
                try db.execute(
                    sql: """
                        INSERT INTO calibration_criterion (
                            run_id, criterion, n, agreement, kappa, raters_alpha, grader_vs_consensus_alpha)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        run, row.criterion, row.count, row.observedAgreement, row.kappa,
                        raters[row.criterion]?.alpha, raters[row.criterion]?.graderVersusConsensus.value,
                    ])
            }
            return run
        }
    }

    /// The calibration runs recorded in `[since, until)`, newest first (the latest run of a rubric before
    /// its earlier ones).
    ///
    /// - Throws: ``StoreError`` when the database cannot be read, or a run's figures are not what
    ///   `calibrate --store` writes.
    package func calibrations(since: Date? = nil, until: Date? = nil) throws -> [CalibrationRecord] {
        try read { db in
            var conditions: [String] = []
            var values: [Date] = []
            if let since {
                conditions.append("created_at >= ?")
                values.append(since)
            }
            if let until {
                conditions.append("created_at < ?")
                values.append(until)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, created_at, rubric_id, input, figures FROM calibration_run \(filter)
                    ORDER BY created_at DESC, id DESC
                    """, arguments: StatementArguments(values))
            return try rows.map { row in
                let id: Int64 = row["id"]
                let text: String = row["figures"]
                let calibration: Calibration
                do {
                    calibration = try Self.calibrationDecoder.decode(Calibration.self, from: Data(text.utf8))
                } catch {
                    throw StoreError.corrupt(
                        path: path, reason: "calibration run \(id) holds figures that cannot be read (\(error))")
                }
                return CalibrationRecord(
                    id: id, recordedAt: row["created_at"], rubricID: row["rubric_id"], input: row["input"],
                    calibration: calibration)
            }
        }
    }

    private static var calibrationDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    private static var calibrationEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Statistics are finite or nil; a non-finite one is kept readable rather than failing the run.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }
}
