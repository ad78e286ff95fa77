import Foundation
import GRDB
import Testing

/// `calibrate --store` then `report`, through the built binary: the HTML report's calibration section holds
/// the figures `calibrate` computed (drawn by the same code as `calibrate --format html`), text and CSV
/// summarise them, a second run is compared with the first, nothing of the conversations is kept, and
/// `prune` deletes old runs leaving the database consistent.
@Suite(.serialized) struct CalibrateStoreTests {
    let folder: TemporaryFolder
    var database: String { folder.path("c.sqlite") }
    /// The raters' scores, under a file name that is an e-mail address (its name is kept, redacted).
    let scores: String

    init() throws {
        folder = try TemporaryFolder()
        let text = try String(
            contentsOfFile: ComposureBinary.fixture("calibration-raters.csv"), encoding: .utf8)
        // One rater is named by an e-mail address: kept as [email].
        scores = try folder.write(
            text.replacingOccurrences(of: ",cy,", with: ",cy@example.org,"), to: "qa-lead@example.org.csv")
    }

    static let transcripts = ComposureBinary.fixture("calibration-raters.jsonl")

    func calibrate(_ extra: [String] = [], scores: String? = nil) throws -> CommandOutput {
        try ComposureBinary.run(
            ["calibrate", "--human", scores ?? self.scores, Self.transcripts] + extra,
            environment: ["COMPOSURE_DB": database])
    }

    /// `calibrate --format json`'s figures: kappa per criterion, the raters' alpha and the grader's against
    /// their consensus, rho, as the two decimals every human format prints.
    func expectedFigures(scores: String? = nil) throws -> (
        criteria: [(String, String, String, String)], rho: String, scoreAlpha: String
    ) {
        let run = try calibrate(["--format", "json"], scores: scores)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        func decimal(_ value: Any?) -> String {
            guard let number = value as? Double else { return "–" }
            let text = String(format: "%.2f", number)
            return text == "-0.00" ? "0.00" : text
        }
        let raters = try #require(object["raters"] as? [String: Any])
        let alphas = try #require(raters["criteria"] as? [[String: Any]])
        let criteria = try #require(object["criteria"] as? [[String: Any]]).map { row in
            let id = row["criterion"] as? String ?? ""
            let alpha = alphas.first { $0["criterion"] as? String == id }
            return (
                id, decimal(row["kappa"]), decimal(alpha?["alpha"]),
                decimal((alpha?["grader_vs_consensus"] as? [String: Any])?["alpha"])
            )
        }
        let score = try #require(object["score"] as? [String: Any])
        return (criteria, decimal(score["rho"]), decimal((raters["score"] as? [String: Any])?["alpha"]))
    }

    /// The report's `<section id="calibration">`.
    func section(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<section id=\"calibration\">"))
        let end = try #require(html.range(of: "</section>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func theHTMLReportShowsTheRecordedFiguresAsCalibrateDrawsThem() throws {
        let stored = try calibrate(["--store"])
        #expect(stored.status == 0, "\(stored.stderr)")
        let report = try ComposureBinary.run(["report", "--format", "html", "--db", database])
        #expect(report.status == 0, "\(report.stderr)")
        let section = try section(report.stdout)
        #expect(report.stdout.contains("<a href=\"#calibration\">Calibration</a>"))
        #expect(section.contains("<h3>Rubric core</h3>"))
        #expect(section.contains("graded from calibration-raters.jsonl; no earlier run to compare with"))
        #expect(section.contains("human scores from [email]: 12 conversation(s) matched"))

        let expected = try expectedFigures()
        #expect(expected.criteria.map(\.0) == ["apology", "offline", "solution"])
        for (criterion, kappa, alpha, consensus) in expected.criteria {
            // The kappa table's row: criterion, n, four counts, agreement, then kappa.
            let row = try #require(
                section.range(of: "<tr><td>\(criterion)")
                    .map { String(section[$0.lowerBound...].prefix(while: { $0 != "\n" })) }
                    .flatMap { $0.components(separatedBy: "</tr>").first })
            #expect(row.contains("<td class=\"num\">\(kappa)</td><td>"), "\(criterion): kappa \(kappa) in \(row)")
            // The raters' table's row: criterion, units, alpha, the grader against the consensus, each rater.
            let rows = section.components(separatedBy: "<tr>").filter { $0.hasPrefix("<td>\(criterion)") }
            #expect(rows.count == 2, "a kappa row and an alpha row for \(criterion)")
            #expect(
                rows.contains { $0.contains("<td class=\"num\">\(alpha)</td><td class=\"num\">\(consensus)</td>") },
                "\(criterion): alpha \(alpha), grader vs consensus \(consensus) in \(rows)")
        }
        #expect(section.contains("<strong>\(expected.rho)</strong> (n = 12)"))
        #expect(section.contains("<td class=\"num\">\(expected.scoreAlpha)</td>"))
        #expect(section.contains("Grader vs ann") && section.contains("Grader vs [email]"))

        // The same renderer as calibrate --format html: its kappa card, headed one level down.
        let page = try calibrate(["--format", "html"])
        let card = try #require(
            page.stdout.components(separatedBy: "<div class=\"card\">").first { $0.hasPrefix("<h3>Per criterion") })
        #expect(section.contains(card.replacingOccurrences(of: "h3>", with: "h4>")))
        // Nothing of the conversations: the disagreements quote them, and are left out.
        #expect(page.stdout.contains("Conversations with the most criterion disagreements"))
        #expect(!section.contains("Conversations with the most criterion disagreements"))
        #expect(!section.contains("<blockquote"))
    }

    @Test func aSecondRunIsComparedWithTheFirstInEveryFormat() throws {
        // The first run without one rater's rows, so its figures differ from the second's.
        let all = try String(contentsOfFile: scores, encoding: .utf8)
        let fewer = try folder.write(
            all.split(whereSeparator: \.isNewline).filter { !$0.contains(",bo,") }.joined(separator: "\n"),
            to: "fewer.csv")
        let first = try calibrate(["--store"], scores: fewer)
        #expect(first.status == 0, "\(first.stderr)")
        try DatabaseQueue(path: database).write { db in
            try db.execute(
                sql: "UPDATE calibration_run SET created_at = ?", arguments: [Date(timeIntervalSinceNow: -7 * 86_400)])
        }
        #expect(try calibrate(["--store"]).status == 0)
        let (before, now) = (try expectedFigures(scores: fewer), try expectedFigures())
        #expect(before.rho != now.rho, "the runs differ")
        let html = try section(try ComposureBinary.run(["report", "--format", "html", "--db", database]).stdout)
        #expect(html.contains("<h4>Since the run before</h4>"))
        #expect(
            html.contains(
                "<tr><th scope=\"row\">score (rho)</th><td class=\"num\">\(now.rho)</td>"
                    + "<td class=\"num\">\(before.rho)</td>"))
        for ((criterion, kappa, _, _), (_, old, _, _)) in zip(now.criteria, before.criteria) {
            #expect(
                html.contains(
                    "<tr><th scope=\"row\">\(criterion)</th><td class=\"num\">\(kappa)</td><td class=\"num\">\(old)</td>"
                ))
        }

        let text = try ComposureBinary.run(["report", "--db", database], environment: ["NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("CALIBRATION"))
        #expect(
            text.stdout.contains(
                "Score: Spearman's rho \(now.rho) (was \(before.rho)) (n = 12), raters' α \(now.scoreAlpha) (was "
                    + "\(before.scoreAlpha))"), "\(text.stdout)")
        let apology = try #require(text.stdoutLines.first { $0.hasPrefix("  apology ") })
        #expect(apology.contains("\(now.criteria[0].1) (was \(before.criteria[0].1))"), "\(apology)")

        let csv = try ComposureBinary.run(["report", "--format", "csv", "--db", database])
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { $0.hasPrefix("calibration") }
        #expect(rows.filter { $0.contains(",rho,") }.count == 2, "both runs' rho")
        #expect(rows.contains { $0.hasPrefix("calibration_criterion,") && $0.contains(",solution,core,kappa,") })
        let markdown = try ComposureBinary.run(["report", "--format", "md", "--db", database])
        #expect(markdown.stdout.contains("## Calibration") && markdown.stdout.contains("(was \(before.rho))"))
        let json = try ComposureBinary.run(["report", "--format", "json", "--db", database])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["calibrations"] as? [Any])?.count == 2)
    }

    @Test func aRunKeepsNoPersonalDataAndPruneDeletesOldRuns() throws {
        #expect(try calibrate(["--store"]).status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: database + "-wal")) { bytes += wal }
        for secret in ["qa-lead@example.org", "cy@example.org", folder.url.path] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is in the database")
        }
        try DatabaseQueue(path: database).write { db in
            try db.execute(
                sql: "UPDATE calibration_run SET created_at = ?", arguments: [Date(timeIntervalSinceNow: -40 * 86_400)])
        }
        #expect(try calibrate(["--store"]).status == 0)
        let pruned = try ComposureBinary.run(["prune", "--older-than", "30d", "--db", database])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("  calibration runs: 1\n"), "\(pruned.stdout)")
        let (integrity, orphans, runs, criteria) = try DatabaseQueue(path: database).read { db in
            (
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calibration_run"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM calibration_criterion")
            )
        }
        #expect(integrity == ["ok"])
        #expect(orphans.isEmpty, "\(orphans)")
        #expect(runs == 1 && criteria == 3)
    }

    @Test func storedVerdictsAreCalibratedAndRecordedInTheSameDatabase() throws {
        let graded = try ComposureBinary.run([
            "grade", Self.transcripts, "--store", "--db", database, "--format", "csv",
        ])
        #expect(graded.status == 0, "\(graded.stderr)")
        let run = try ComposureBinary.run(["calibrate", "--human", scores, "--db", database, "--store"])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try ComposureBinary.run(["report", "--db", database], environment: ["NO_COLOR": "1"])
        #expect(text.stdout.contains("graded from stored verdicts"), "\(text.stdout)")
    }
}
