import Foundation

extension Calibration {
    /// The report as one self-contained HTML page (`calibrate --format html`), with the training report's style.
    ///
    /// Every id, rater name, column name and quote goes through ``HTML/text(_:)``.
    package func html(generatedAt: Date) -> String {
        var body = "<header class=\"masthead\"><div><div class=\"brand\">Composure</div><h1>Calibration</h1>"
        body += "<p class=\"meta\">Generated \(HTML.text(ReportFigures.minute(generatedAt)))</p></div></header><main>"
        body += HTMLReport.calibration(self)
        body += "</main><footer>Composure · generated \(HTML.text(ReportFigures.minute(generatedAt)))</footer>"
        return HTMLReport.page(title: "Composure calibration · " + ReportFigures.day(generatedAt), body: body)
    }
}

extension HTMLReport {
    /// The calibration section: the grader against the humans, and the raters against each other.
    static func calibration(_ calibration: Calibration) -> String {
        "<section id=\"calibration\"><h2>Calibration</h2>" + calibrationFigures(calibration) + "</section>"
    }

    /// A calibration's figures, its cards headed at `level` (`<h3>` on its own page, `<h4>` under a rubric's
    /// heading in the training report). `calibrate --format html` and `report --format html` both draw them.
    static func calibrationFigures(_ calibration: Calibration, level: Int = 3) -> String {
        let (open, close) = ("<h\(level)>", "</h\(level)>")
        var html = "<p class=\"lede\">The \(HTML.text(calibration.rubric))"
        html += " rubric against human scores from \(HTML.text(calibration.humanSource)): "
        html += "\(calibration.matched) conversation(s) matched"
        if !calibration.humansWithoutGrade.isEmpty {
            html += ", \(calibration.humansWithoutGrade.count) human row(s) without a graded conversation"
        }
        if calibration.gradedWithoutHumans > 0 {
            html += ", \(calibration.gradedWithoutHumans) graded conversation(s) without a human row"
        }
        html += ".</p>"
        if calibration.isSatisfaction {
            html += "<p class=\"warning\">\(HTML.text(Calibration.satisfactionWarning))</p>"
        }
        if !calibration.criteria.isEmpty { html += criterionAgreement(calibration.criteria, level: level) }
        if let score = calibration.score {
            html += "<div class=\"card\">\(open)Overall score\(close)<p>Spearman&#39;s rho against "
            html += "\(HTML.text(calibration.scoreName ?? "the human score")): <strong>"
            html += "\(HTML.text(Calibration.decimal(score.rho)))</strong> (n = \(score.count)"
            html += score.humanMissing > 0 ? "; \(score.humanMissing) without a human score left out)" : ")"
            html += score.note.map { ". " + HTML.text($0) } ?? ""
            html += "</p></div>"
        }
        if let raters = calibration.raters { html += raterAgreement(raters, level: level) }
        if !calibration.criterionDisagreements.isEmpty {
            html += "<div class=\"card\">\(open)Conversations with the most criterion disagreements\(close)<table>"
            html += "<thead><tr><th>Conversation</th><th>Criterion</th><th>Grader</th><th>Humans</th>"
            html += "<th>Grader&#39;s evidence</th></tr></thead><tbody>"
            for item in calibration.criterionDisagreements {
                for mismatch in item.mismatches {
                    html += "<tr><td>\(HTML.text(item.id))</td><td>\(HTML.text(mismatch.criterion))</td>"
                    html += "<td>\(mismatch.grader.rawValue)</td><td>\(mismatch.humans.rawValue)</td><td>"
                    html += mismatch.evidence.isEmpty ? "<span class=\"none\">none found</span>" : ""
                    for quote in mismatch.evidence.prefix(3) {
                        html += "<blockquote class=\"quote\">\u{201C}\(HTML.text(ReportFigures.clipped(quote.text)))"
                        html += "\u{201D}<span class=\"source\">\(HTML.text(quote.signal))</span></blockquote>"
                    }
                    html += "</td></tr>"
                }
            }
            html += "</tbody></table></div>"
        }
        if !calibration.notes.isEmpty {
            html += "<h\(level + 1)>Notes</h\(level + 1)><ul class=\"notes\">"
            html += calibration.notes.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>"
        }
        return html
    }

    private static func criterionAgreement(_ criteria: [Calibration.CriterionAgreement], level: Int) -> String {
        var html = "<div class=\"card\"><h\(level)>Per criterion: Cohen&#39;s kappa on pass/fail</h\(level)>"
        html += "<table><thead><tr>"
        html += "<th>Criterion</th><th class=\"num\">n</th><th class=\"num\">Both pass</th>"
        html += "<th class=\"num\">Both fail</th><th class=\"num\">Grader only</th><th class=\"num\">Humans only</th>"
        html += "<th class=\"num\">Agree</th><th class=\"num\">Kappa</th><th>Reading</th></tr></thead><tbody>"
        for row in criteria {
            html += "<tr><td>\(HTML.text(row.criterion))"
            if let note = row.note { html += "<span class=\"source\">\(HTML.text(note))</span>" }
            html += "</td><td class=\"num\">\(row.count)</td><td class=\"num\">\(row.bothPass)</td>"
            html += "<td class=\"num\">\(row.bothFail)</td><td class=\"num\">\(row.graderOnly)</td>"
            html += "<td class=\"num\">\(row.humansOnly)</td>"
            html += "<td class=\"num\">\(HTML.text(ReportFigures.percent(row.observedAgreement)))</td>"
            html += "<td class=\"num\">\(HTML.text(Calibration.decimal(row.kappa)))</td>"
            html += "<td>\(HTML.text(Calibration.reading(row.kappa)))</td></tr>"
        }
        return html + "</tbody></table></div>"
    }

    private static func raterAgreement(_ raters: Calibration.RaterAgreement, level heading: Int) -> String {
        let level = Calibration.RaterAgreement.self
        var html = "<div class=\"card\"><h\(heading)>Agreement between raters</h\(heading)><p class=\"lede\">"
        html += "Krippendorff&#39;s alpha, "
        html += "\(level.verdictLevel.rawValue) for pass/fail and \(level.scoreLevel.rawValue) for the score, among "
        html += "\(raters.raters.count) raters over \(raters.conversations) graded conversation(s), beside the "
        html += "grader&#39;s agreement with their consensus and with each of them. The grader agrees with people as "
        html += "well as people agree with each other when its figures reach the raters&#39; own.</p>"
        // Headers say "alpha" in words: the stylesheet capitalises headers, and a capital α reads as an A.
        html += "<div class=\"scroll\"><table><caption>Pass/fail: Krippendorff&#39;s alpha, nominal</caption>"
        html += "<thead><tr><th>Criterion</th><th class=\"num\">Units</th><th class=\"num\">Raters</th>"
        html += "<th class=\"num\">Grader vs consensus</th>"
        for name in raters.raters { html += "<th class=\"num\">Grader vs \(HTML.text(name))</th>" }
        html += "</tr></thead><tbody>"
        for row in raters.criteria {
            html += "<tr><td>\(HTML.text(row.criterion))"
            if row.ties > 0 { html += "<span class=\"source\">\(row.ties) without consensus (a tie)</span>" }
            html += "</td><td class=\"num\">\(row.units)</td><td class=\"num\">\(figure(row.alpha))</td>"
            html += "<td class=\"num\">\(figure(row.graderVersusConsensus.value))</td>"
            for item in row.graderVersusRaters { html += "<td class=\"num\">\(figure(item.value))</td>" }
            html += "</tr>"
        }
        html += "</tbody></table></div>"
        if let score = raters.score {
            html += "<div class=\"scroll\"><table class=\"score-raters\"><caption>Overall score: the raters&#39; "
            html += "interval alpha, then Spearman&#39;s rho</caption><thead><tr><th>Score</th>"
            html += "<th class=\"num\">Units</th><th class=\"num\">Raters alpha</th>"
            html += "<th class=\"num\">Raters&#39; mean rho</th><th class=\"num\">Grader vs consensus</th>"
            for name in raters.raters { html += "<th class=\"num\">Grader vs \(HTML.text(name))</th>" }
            html += "</tr></thead><tbody><tr><td>score</td><td class=\"num\">\(score.units)</td>"
            html += "<td class=\"num\">\(figure(score.alpha))</td><td class=\"num\">\(figure(score.meanPairRho))</td>"
            html += "<td class=\"num\">\(figure(score.graderVersusConsensus.value))</td>"
            for item in score.graderVersusRaters { html += "<td class=\"num\">\(figure(item.value))</td>" }
            html += "</tr></tbody></table></div>"
        }
        return html + "</div>"
    }

    private static func figure(_ value: Double?) -> String {
        HTML.text(Calibration.decimal(value))
    }
}

extension HTMLReport {
    /// The training report's calibration section (runs recorded by `calibrate --store`): per rubric, its
    /// latest run drawn as `calibrate --format html` draws it, after how kappa, alpha and rho moved since the
    /// run before, when there is one.
    static func calibrations(_ records: [CalibrationRecord]) -> String {
        var html = "<section id=\"calibration\"><h2>Calibration</h2><p class=\"lede\">How well the grader agrees "
        html += "with human reviewers, as <code>composure calibrate --store</code> recorded it: per rubric, the "
        html += "latest run, and the change since the run before. Conversations are not kept, so neither are "
        html += "the disagreements; run <code>calibrate</code> again to see them.</p>"
        for (index, run) in CalibrationRecord.latestByRubric(records).enumerated() {
            let latest = run.latest
            html += "<article class=\"calibration-run\" id=\"calibration-\(index + 1)\">"
            html += "<h3>Rubric \(HTML.text(latest.rubricID))</h3><p class=\"meta\">Recorded "
            html += "\(HTML.text(ReportFigures.minute(latest.recordedAt))), graded from \(HTML.text(latest.input))"
            if let previous = run.previous {
                html += "; compared with the run of \(HTML.text(ReportFigures.minute(previous.recordedAt)))</p>"
                html += calibrationChange(latest.calibration, since: previous.calibration)
            } else {
                html += "; no earlier run to compare with</p>"
            }
            html += calibrationFigures(latest.calibration, level: 4) + "</article>"
        }
        return html + "</section>"
    }

    /// Kappa (and with raters, their alpha and the grader's against their consensus) per criterion, and rho,
    /// now and in the run before.
    private static func calibrationChange(_ now: Calibration, since before: Calibration) -> String {
        let withRaters = now.raters != nil || before.raters != nil
        let earlier = Dictionary(before.criteria.map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first })
        func raters(_ calibration: Calibration) -> [String: Calibration.RaterAgreement.CriterionRaters] {
            Dictionary(
                (calibration.raters?.criteria ?? []).map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first }
            )
        }
        let (ratersNow, ratersBefore) = (raters(now), raters(before))
        var html = "<div class=\"card\"><h4>Since the run before</h4><div class=\"scroll\"><table>"
        html += "<caption>Kappa per criterion now and before"
        html += withRaters ? ", with the raters&#39; alpha and the grader&#39;s against their consensus" : ""
        html += "</caption><thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\" class=\"num\">Kappa</th>"
        html += "<th scope=\"col\" class=\"num\">Before</th>"
        if withRaters {
            html += "<th scope=\"col\" class=\"num\">Raters alpha</th><th scope=\"col\" class=\"num\">Before</th>"
            html +=
                "<th scope=\"col\" class=\"num\">Grader vs consensus</th><th scope=\"col\" class=\"num\">Before</th>"
        }
        html += "</tr></thead><tbody>"
        var rows = now.criteria.map(\.criterion)
        rows += before.criteria.map(\.criterion).filter { !rows.contains($0) }
        let latest = Dictionary(now.criteria.map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first })
        for criterion in rows {
            html += "<tr><th scope=\"row\">\(HTML.text(criterion))</th>"
            html += "<td class=\"num\">\(figure(latest[criterion]?.kappa))</td>"
            html += "<td class=\"num\">\(figure(earlier[criterion]?.kappa))</td>"
            if withRaters {
                html += "<td class=\"num\">\(figure(ratersNow[criterion]?.alpha))</td>"
                html += "<td class=\"num\">\(figure(ratersBefore[criterion]?.alpha))</td>"
                html += "<td class=\"num\">\(figure(ratersNow[criterion]?.graderVersusConsensus.value))</td>"
                html += "<td class=\"num\">\(figure(ratersBefore[criterion]?.graderVersusConsensus.value))</td>"
            }
            html += "</tr>"
        }
        if now.score != nil || before.score != nil {
            html += "<tr><th scope=\"row\">score (rho)</th><td class=\"num\">\(figure(now.score?.rho))</td>"
            html += "<td class=\"num\">\(figure(before.score?.rho))</td>"
            if withRaters {
                html += "<td class=\"num\">\(figure(now.raters?.score?.alpha))</td>"
                html += "<td class=\"num\">\(figure(before.raters?.score?.alpha))</td>"
                html += "<td class=\"num\">\(figure(now.raters?.score?.graderVersusConsensus.value))</td>"
                html += "<td class=\"num\">\(figure(before.raters?.score?.graderVersusConsensus.value))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div></div>"
    }
}
