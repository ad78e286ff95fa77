/// Every chart's figures as a table, for screen readers and for anyone who wants the numbers.
///
/// Each table sits in a `<details>` under its chart ("The figures as a table"), so the page stays short
/// and a screen reader or a keyboard user can open it; printing opens none. Text from the data is escaped.
extension ReportChart {
    /// A `<details>` holding a table with `headers` (the first column is a row header) and `rows`.
    static func table(_ caption: String, headers: [String], rows: [[String]]) -> String {
        var html = "<details class=\"figures\"><summary>The figures as a table</summary><table>"
        html += "<caption>\(HTML.text(caption))</caption><thead><tr>"
        for (index, header) in headers.enumerated() {
            html += "<th scope=\"col\"\(index == 0 ? "" : " class=\"num\"")>\(HTML.text(header))</th>"
        }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html +=
                    index == 0
                    ? "<th scope=\"row\">\(HTML.text(cell))</th>" : "<td class=\"num\">\(HTML.text(cell))</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></details>"
    }

    /// The table of ``scoreLine(_:trainee:bands:)``, with each session's pass mark.
    static func scoreTable(_ points: [ScorePoint], trainee: String, bands: (String?) -> ScoreBands) -> String {
        table(
            "Score per session for \(trainee), oldest first", headers: ["Date", "Scenario", "Score", "Pass mark"],
            rows: points.map {
                [ReportFigures.day($0.date), $0.scenarioID, String($0.score), String(bands($0.rubricID).passMark)]
            })
    }

    /// The table of ``criterionBars(_:subject:)``; the trend as shown, with the rule for a missing one.
    static func criterionTable(_ stats: [CriterionStat], subject: String) -> String {
        table(
            "Pass rate per criterion for \(subject); a trend needs \(ReportFigures.trendMinimum) sessions",
            headers: ["Criterion", "Passed", "Applied", "Pass rate", "Trend"],
            rows: stats.map { stat in
                [
                    stat.title, String(stat.passes), String(stat.passes + stat.fails),
                    ReportFigures.percent(stat.passRate), ReportFigures.points(ReportFigures.shownTrend(stat)),
                ]
            })
    }

    /// The table of ``histogram(_:batch:)``.
    static func histogramTable(_ counts: [Int], batch: String) -> String {
        table(
            "Conversations per score range in \(batch)", headers: ["Score", "Conversations"],
            rows: counts.enumerated().map { [ReportFigures.decile($0.offset), String($0.element)] })
    }

    /// The table of ``heatmap(_:)``: a row per trainee, a column per criterion.
    static func heatmapTable(_ cohort: CohortMatrix) -> String {
        table(
            "Pass rate per trainee and criterion (– never applied)", headers: ["Trainee"] + cohort.criteria,
            rows: cohort.trainees.enumerated().map { row, trainee in
                let rates = row < cohort.passRates.count ? cohort.passRates[row] : []
                return [trainee]
                    + cohort.criteria.indices.map { ReportFigures.percent($0 < rates.count ? rates[$0] : nil) }
            })
    }

    /// The table of ``outcomeBars(_:)``: a row per scenario, a column per outcome present.
    static func outcomeTable(_ scenarios: [ScenarioReport]) -> String {
        var present: [String: Double] = [:]
        for scenario in scenarios { for outcome in scenario.outcomeRates.keys { present[outcome] = 0 } }
        let order = ReportFigures.outcomes(present)
        return table(
            "Share of sessions per outcome and scenario", headers: ["Scenario"] + order + ["Sessions"],
            rows: scenarios.map { scenario in
                [scenario.title] + order.map { ReportFigures.percent(scenario.outcomeRates[$0] ?? 0) }
                    + [String(scenario.sessions)]
            })
    }
}
