/// The HTML `report`: one self-contained page, inline CSS and SVG, no scripts, fonts or network.
///
/// Every string from the data goes through ``HTML/text(_:)`` (escaped, control characters
/// stripped) before it reaches element content or an attribute, and a Content Security
/// Policy forbids scripts and outside resources should anything slip through.
struct HTMLReport {
    func render(_ data: ReportData) -> String {
        var body = masthead(data)
        body += "<main>"
        if data.trainees.isEmpty && data.scenarios.isEmpty && data.batches.isEmpty {
            body += "<p class=\"empty\">Nothing in range: no sessions and no graded batches.</p>"
        }
        if !data.trainees.isEmpty {
            body += "<section id=\"trainees\"><h2>Trainees</h2>"
            body += "<p class=\"lede\">Score per session with the pass mark at 70, pass rate per criterion with the "
            body += "change from the earlier to the later half of the sessions, and the weakest criteria "
            body += "in the trainee&#39;s own words.</p>"
            body += data.trainees.map(trainee).joined()
            body += "</section>"
        }
        if !data.cohort.trainees.isEmpty && !data.cohort.criteria.isEmpty {
            body += cohort(data.cohort)
        }
        if !data.scenarios.isEmpty {
            body += scenarios(data.scenarios)
        }
        if !data.batches.isEmpty {
            body += "<section id=\"batches\"><h2>Graded batches</h2>"
            body += "<p class=\"lede\">Transcripts scored with <code>composure grade</code>.</p>"
            body += data.batches.map(batch).joined()
            body += "</section>"
        }
        body += "</main><footer>Composure · generated \(HTML.text(ReportFigures.minute(data.generatedAt)))</footer>"
        return Self.page(title: "Composure report · " + ReportFigures.day(data.generatedAt), body: body)
    }

    /// A whole page around `body` (markup made by this module): the stylesheet, the policy, the title (escaped).
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>\(HTML.text(title))</title>
        <style>
        \(Self.styleSheet)
        </style>
        </head>
        <body>
        <div class="page">
        \(body)
        </div>
        </body>
        </html>

        """
    }

    private func masthead(_ data: ReportData) -> String {
        var html = "<header class=\"masthead\"><div><div class=\"brand\">Composure</div><h1>Training report</h1>"
        html += "<p class=\"meta\">Generated \(HTML.text(ReportFigures.minute(data.generatedAt)))"
        if let filters = ReportFigures.filters(data.filters) { html += " · " + HTML.text(filters) }
        html += "</p></div><dl class=\"kpis\">"
        let scores = data.sessions.compactMap(\.score)
        let mean = scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
        var figures = [
            ("Trainees", String(data.trainees.count)), ("Sessions", String(data.sessions.count)),
            ("Mean score", ReportFigures.score(mean)), ("Scenarios", String(data.scenarios.count)),
        ]
        if !data.batches.isEmpty {
            figures.append(("Graded conversations", String(data.batches.map(\.conversations).reduce(0, +))))
        }
        for (term, value) in figures { html += "<div><dt>\(term)</dt><dd>\(HTML.text(value))</dd></div>" }
        html += "</dl></header><nav class=\"toc\">"
        let links = [
            ("trainees", "Trainees", !data.trainees.isEmpty),
            ("cohort", "Cohort", !data.cohort.trainees.isEmpty && !data.cohort.criteria.isEmpty),
            ("scenarios", "Scenarios", !data.scenarios.isEmpty), ("batches", "Graded batches", !data.batches.isEmpty),
        ]
        for (anchor, title, shown) in links where shown { html += "<a href=\"#\(anchor)\">\(title)</a>" }
        return html + "</nav>"
    }

    /// A mean score coloured by band, one decimal.
    static func score(_ value: Double?) -> String {
        guard let value else { return "<span class=\"none\">\(ReportFigures.none)</span>" }
        return "<span class=\"score \(band(value))\">\(ReportFigures.score(value))</span>"
    }

    /// A single score coloured by band.
    static func score(_ value: Int) -> String {
        "<span class=\"score \(band(Double(value)))\">\(value)</span>"
    }

    private static func band(_ score: Double) -> String {
        score >= 70 ? "good" : score >= 40 ? "middling" : "poor"
    }

    /// A list of small facts shown as pills.
    /// A chart with its caption (a fixed English phrase; the chart escapes its own text).
    static func figure(_ caption: String, _ chart: String) -> String {
        "<figure><figcaption>\(HTML.text(caption))</figcaption>\(chart)</figure>"
    }

    /// The pass-rate bars of a trainee or a batch.
    static func criterionFigure(_ criteria: [CriterionStat], subject: String) -> String {
        figure("Pass rate per criterion, and trend", ReportChart.criterionBars(criteria, subject: subject))
    }

    static func facts(_ items: [(String, String)]) -> String {
        "<ul class=\"facts\">" + items.map { "<li>\($0.0) <strong>\(HTML.text($0.1))</strong></li>" }.joined() + "</ul>"
    }

    private func trainee(_ trainee: TraineeReport) -> String {
        let mean = ReportFigures.mean(trainee.scores)
        var html = "<article class=\"card trainee\"><div class=\"card-head\"><h3>\(HTML.text(trainee.name))</h3>"
        html += Self.facts([
            ("sessions", String(trainee.sessions)), ("mean score", ReportFigures.score(mean)),
            ("trend", ReportFigures.slope(trainee.scoreTrend)),
            ("time to reply", ReportFigures.seconds(trainee.meanReplySeconds)),
        ])
        html += "</div><div class=\"charts\">"
        if !trainee.scores.isEmpty {
            html += Self.figure(
                "Score over time, oldest first", ReportChart.scoreLine(trainee.scores, trainee: trainee.name))
        }
        if !trainee.criteria.isEmpty {
            html += Self.criterionFigure(trainee.criteria, subject: trainee.name)
        }
        html += "</div>"
        if !trainee.weakest.isEmpty {
            html += "<h4>Weakest criteria, in their own words</h4><table><thead><tr><th>Criterion</th>"
            html += "<th class=\"num\">Pass rate</th><th>Worst</th><th>Best</th></tr></thead><tbody>"
            for weak in trainee.weakest {
                html += "<tr><td>\(HTML.text(weak.title))<span class=\"source\">\(HTML.text(weak.id))</span></td>"
                html += "<td class=\"num\">\(HTML.text(ReportFigures.percent(weak.passRate)))</td>"
                html += "<td>\(quote(weak.worst, kind: "worst"))</td><td>\(quote(weak.best, kind: "best"))</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</article>"
    }

    /// A quote from a trainee or transcript with where it came from.
    func quote(_ quote: Quote?, kind: String) -> String {
        guard let quote else { return "<span class=\"none\">\(ReportFigures.none)</span>" }
        var source = "\(quote.scenarioID), session \(quote.sessionID)"
        if let signal = quote.signal { source += " · " + signal }
        return "<blockquote class=\"quote \(kind)\">\u{201C}\(HTML.text(ReportFigures.clipped(quote.text)))\u{201D}"
            + "<span class=\"source\">\(HTML.text(source))</span></blockquote>"
    }
}
