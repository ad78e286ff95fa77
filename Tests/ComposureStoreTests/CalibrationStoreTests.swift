import Foundation
import GRDB
import Testing

@testable import ComposureKit
@testable import ComposureStore

/// `calibrate --store` in the store: what a run keeps (figures, never conversations), what `report` reads
/// back, and `prune` and `forget` with calibration runs in the database.
@Suite struct CalibrationStoreTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "calibration-\(UUID().uuidString)/c.sqlite"
    ).path

    static let marker = "Quokkaberry"

    /// A calibration with every part filled: kappa tables, rho, raters, disagreements quoting a customer.
    static func calibration(kappaShift: Int = 0) -> Calibration {
        let quote = GraderVerdicts.Quote(
            signal: "apology", text: "Sorry \(marker), mail me at zed@example.org", supports: true)
        let figure = { (rater: String, value: Double?) in
            Calibration.RaterAgreement.Figure(rater: rater, count: 9, value: value)
        }
        return Calibration(
            rubric: "core", humanSource: "/home/qa/zed@example.org/scores.csv", scoreName: "score",
            criteria: [
                .init(criterion: "apology", bothPass: 5 + kappaShift, bothFail: 4, graderOnly: 1, humansOnly: 2),
                .init(criterion: "offline", bothPass: 3, bothFail: 3, graderOnly: 3, humansOnly: 3, humanMissing: 1),
            ],
            score: .init(count: 12, rho: 0.51, humanMissing: 0, note: nil),
            verdictsAgainstScore: [
                .init(criterion: "apology", passes: 6, fails: 6, meanWhenPassed: 4, meanWhenFailed: 2, rho: 0.4)
            ],
            scoreDisagreements: [
                .init(
                    id: "T-\(marker)", graderScore: 90, humanScore: 1, graderRank: 1, humanRank: 12,
                    criteria: [GraderVerdicts.Criterion(id: "apology", verdict: .pass, evidence: [quote])])
            ],
            criterionDisagreements: [
                .init(
                    id: "T-\(marker)",
                    mismatches: [.init(criterion: "apology", grader: .pass, humans: .fail, evidence: [quote])])
            ],
            matched: 12, humansWithoutGrade: ["zed@example.org", "T-7"], gradedWithoutHumans: 1,
            notes: ["ignored column 'zed@example.org'"], isSatisfaction: false,
            raters: .init(
                raters: ["ann", "bo@example.org"], conversations: 12,
                criteria: [
                    .init(
                        criterion: "apology", units: 11, ratings: 22, alpha: 0.6,
                        graderVersusConsensus: figure("consensus", -0.17),
                        graderVersusRaters: [figure("ann", -0.25), figure("bo@example.org", nil)], ties: 1)
                ],
                score: .init(
                    units: 12, ratings: 24, alpha: 0.82,
                    raterPairs: [
                        .init(first: "ann", second: "bo@example.org", figure: figure("ann–bo@example.org", 0.8))
                    ],
                    graderVersusConsensus: figure("consensus", 0.51),
                    graderVersusRaters: [figure("ann", 0.46), figure("bo@example.org", 0.23)])))
    }

    func rubric() throws -> Rubric { try BatchRecorderTests.rubric() }

    func fileContains(_ text: String) throws -> Bool {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes += wal }
        return bytes.range(of: Data(text.utf8)) != nil
    }

    @Test func aRunRoundTripsItsFiguresWithoutConversationsOrPersonalData() throws {
        let store = try Store(path: path)
        let kept = Self.calibration().figures(redactedBy: Redactor())
        let at = Date(timeIntervalSince1970: 1_780_000_000)
        let id = try store.record(kept, rubric: try rubric(), input: "raters.jsonl", at: at)
        let runs = try store.calibrations()
        #expect(
            runs == [
                CalibrationRecord(id: id, recordedAt: at, rubricID: "core", input: "raters.jsonl", calibration: kept)
            ])
        let read = try #require(runs.first?.calibration)
        #expect(read.scoreDisagreements.isEmpty && read.criterionDisagreements.isEmpty)
        #expect(read.criteria.map(\.kappa) == Self.calibration().criteria.map(\.kappa))
        #expect(read.raters?.raters == ["ann", "[email]"])
        #expect(read.raters?.score?.raterPairs.map(\.second) == ["[email]"])
        #expect(read.humanSource == "/home/qa/[email]/scores.csv")
        #expect(read.humansWithoutGrade == ["[email]", "T-7"])
        #expect(read.notes == ["ignored column '[email]'"])

        let rows = try store.read { db in
            try Row.fetchAll(
                db, sql: "SELECT criterion, n, kappa, raters_alpha FROM calibration_criterion ORDER BY criterion")
        }
        #expect(rows.map { $0["criterion"] as String } == ["apology", "offline"])
        #expect(rows.map { $0["n"] as Int } == [12, 12])
        let kappa: Double? = rows[0]["kappa"]
        #expect(abs((kappa ?? 0) - (Self.calibration().criteria[0].kappa ?? 1)) < 1e-12)
        #expect(rows[0]["raters_alpha"] as Double? == 0.6)
        #expect(rows[1]["raters_alpha"] as Double? == nil)

        try store.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        for secret in [Self.marker, "zed@example.org", "bo@example.org"] {
            #expect(try !fileContains(secret), "\(secret) is in the database")
        }
    }

    @Test func theReportHasEachRubricsLatestRunAndTheOneBefore() throws {
        let store = try Store(path: path)
        let rubric = try rubric()
        let day = 86_400.0
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        for (index, shift) in [0, 1, 2].enumerated() {
            try store.record(
                Self.calibration(kappaShift: shift).figures(redactedBy: Redactor()), rubric: rubric,
                input: "run-\(index).jsonl", at: start.addingTimeInterval(Double(index) * day))
        }
        var other = Self.calibration().figures(redactedBy: Redactor())
        other.rubric = "lenient"
        try store.write { db in
            try db.execute(
                sql: """
                    INSERT INTO calibration_run (created_at, rubric_id, rubric_hash, input, human_source, matched, figures)
                    VALUES (?, 'lenient', 'h', 'other.jsonl', 's.csv', 12, ?)
                    """,
                arguments: [
                    start.addingTimeInterval(5 * day),
                    String(decoding: try JSONEncoder().encode(other), as: UTF8.self),
                ])
        }
        let data = try ReportBuilder(store: store).build(ReportData.Filters(), now: start.addingTimeInterval(9 * day))
        #expect(data.calibrations.map(\.input) == ["other.jsonl", "run-2.jsonl", "run-1.jsonl"])
        let since = try ReportBuilder(store: store).build(
            ReportData.Filters(since: start.addingTimeInterval(1.5 * day), until: start.addingTimeInterval(4 * day)))
        #expect(since.calibrations.map(\.input) == ["run-2.jsonl"])
        let trainee = try ReportBuilder(store: store).build(ReportData.Filters(trainee: "ann"))
        #expect(trainee.calibrations.isEmpty, "a calibration run names no trainee")
    }

    @Test func figuresThatCannotBeReadAreAClearError() throws {
        let store = try Store(path: path)
        try store.record(Self.calibration(), rubric: try rubric(), input: "a.jsonl")
        try store.write { db in try db.execute(sql: "UPDATE calibration_run SET figures = '{\"rubric\": 3}'") }
        #expect(throws: StoreError.self) { try store.calibrations() }
    }

    @Test func pruneDeletesOldRunsAndForgetLeavesThem() throws {
        let store = try Store(path: path)
        let rubric = try rubric()
        try store.record(
            Self.calibration(), rubric: rubric, input: "old.jsonl", at: Date(timeIntervalSinceNow: -200 * 86_400))
        try store.record(Self.calibration(), rubric: rubric, input: "new.jsonl")
        #expect(try store.erase(.trainee("ann")).isEmpty, "raters are not trainees")
        #expect(try store.erase(.agent("ann")).isEmpty)

        let cutoff = try RetentionPeriod(parsing: "90d").cutoff(before: Date())
        let dry = try store.erase(.before(cutoff), dryRun: true)
        #expect(dry.calibrationRuns == 1)
        #expect(dry.lines(dryRun: true).contains("  calibration runs: 1"))
        #expect(try store.calibrations().count == 2, "a dry run deletes nothing")
        let done = try store.erase(.before(cutoff))
        #expect(done.calibrationRuns == 1 && !done.isEmpty)
        #expect(try store.calibrations().map(\.input) == ["new.jsonl"])
        let (integrity, orphans, criteria) = try store.read { db in
            (
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calibration_criterion")
            )
        }
        #expect(integrity == ["ok"])
        #expect(orphans.isEmpty, "\(orphans)")
        #expect(criteria == 2, "the pruned run's criterion rows went with it")
        #expect(try store.erase(.before(cutoff)).isEmpty)
    }
}
