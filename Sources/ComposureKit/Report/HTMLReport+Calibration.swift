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
        var html =
            "<section id=\"calibration\"><h2>Calibration</h2><p class=\"lede\">The \(HTML.text(calibration.rubric))"
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
        if !calibration.criteria.isEmpty { html += criterionAgreement(calibration.criteria) }
        if let score = calibration.score {
            html += "<div class=\"card\"><h3>Overall score</h3><p>Spearman&#39;s rho against "
            html += "\(HTML.text(calibration.scoreName ?? "the human score")): <strong>"
            html += "\(HTML.text(Calibration.decimal(score.rho)))</strong> (n = \(score.count)"
            html += score.humanMissing > 0 ? "; \(score.humanMissing) without a human score left out)" : ")"
            html += score.note.map { ". " + HTML.text($0) } ?? ""
            html += "</p></div>"
        }
        if let raters = calibration.raters { html += raterAgreement(raters) }
        if !calibration.criterionDisagreements.isEmpty {
            html += "<div class=\"card\"><h3>Conversations with the most criterion disagreements</h3><table>"
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
            html += "<h4>Notes</h4><ul class=\"notes\">"
            html += calibration.notes.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>"
        }
        return html + "</section>"
    }

    private static func criterionAgreement(_ criteria: [Calibration.CriterionAgreement]) -> String {
        var html = "<div class=\"card\"><h3>Per criterion: Cohen&#39;s kappa on pass/fail</h3><table><thead><tr>"
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

    private static func raterAgreement(_ raters: Calibration.RaterAgreement) -> String {
        let level = Calibration.RaterAgreement.self
        var html = "<div class=\"card\"><h3>Agreement between raters</h3><p class=\"lede\">Krippendorff&#39;s alpha, "
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
