/// The HTML `report`: one self-contained page, inline CSS and SVG, no scripts, fonts or network.
///
/// Every string from the data goes through ``HTML/text(_:)`` (escaped, control characters
/// stripped) before it reaches element content or an attribute, and a Content Security
/// Policy forbids scripts and outside resources should anything slip through.
struct HTMLReport {
    func render(_ data: ReportData) -> String {
        var body = masthead(data)
        body += "<main>"
        if data.trainees.isEmpty && data.scenarios.isEmpty && data.batches.isEmpty && data.calibrations.isEmpty {
            body += "<p class=\"empty\">Nothing in range: no sessions and no graded batches.</p>"
        }
        if !data.trainees.isEmpty {
            body += "<section id=\"trainees\"><h2>Trainees</h2>"
            body +=
                "<p class=\"lede\">Score per session with \(Self.passMarkPhrase(data)), pass rate per criterion with the "
            body += "change from the earlier to the later half of the sessions (shown from "
            body += "\(ReportFigures.trendMinimum) sessions on), and the weakest criteria in the trainee&#39;s own "
            body += "words. Sessions without a reply are counted but kept out of means.</p>"
            body += summary(data.trainees, in: data)
            body += data.trainees.enumerated().map { trainee($0.element, number: $0.offset + 1, in: data) }
                .joined()
            body += "</section>"
        }
        if !data.cohort.trainees.isEmpty && !data.cohort.criteria.isEmpty {
            body += cohort(data.cohort)
        }
        if !data.scenarios.isEmpty {
            body += scenarios(data.scenarios, in: data)
        }
        if !data.batches.isEmpty {
            body += "<section id=\"batches\"><h2>Graded batches</h2>"
            body += "<p class=\"lede\">Transcripts scored with <code>composure grade</code>.</p>"
            body += data.batches.map { batch($0, bands: data.bands(rubric: $0.rubricID)) }.joined()
            body += "</section>"
        }
        if !data.calibrations.isEmpty { body += Self.calibrations(data.calibrations) }
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
        // Graded conversations alone (`grade --format html`, or a store holding only batches): no trainee
        // figures that could only say 0.
        let batchesOnly = data.trainees.isEmpty && data.sessions.isEmpty && !data.batches.isEmpty
        let title = batchesOnly ? "Graded conversations" : "Training report"
        var html = "<header class=\"masthead\"><div><div class=\"brand\">Composure</div><h1>\(title)</h1>"
        html += "<p class=\"meta\">Generated \(HTML.text(ReportFigures.minute(data.generatedAt)))"
        if let filters = ReportFigures.filters(data.filters) { html += " · " + HTML.text(filters) }
        html += "</p></div><dl class=\"kpis\">"
        let mean = ReportFigures.meanOfReplied(data.sessions)
        var figures = [
            ("Trainees", String(data.trainees.count)), ("Sessions", String(data.sessions.count)),
            ("Mean score", ReportFigures.score(mean)), ("Scenarios", String(data.scenarios.count)),
        ]
        let withoutReply = ReportFigures.replied(data.sessions).withoutReply
        if withoutReply > 0 { figures.insert(("No reply", String(withoutReply)), at: 2) }
        let conversations = data.batches.map(\.conversations).reduce(0, +)
        if batchesOnly {
            let scored = data.batches.compactMap { batch in batch.meanScore.map { ($0, batch.conversations) } }
            let count = scored.map(\.1).reduce(0, +)
            let mean = count > 0 ? scored.map { $0.0 * Double($0.1) }.reduce(0, +) / Double(count) : nil
            figures = [("Graded conversations", String(conversations)), ("Mean score", ReportFigures.score(mean))]
            if data.batches.count > 1 { figures.append(("Batches", String(data.batches.count))) }
        } else if !data.batches.isEmpty {
            figures.append(("Graded conversations", String(conversations)))
        }
        for (term, value) in figures { html += "<div><dt>\(term)</dt><dd>\(HTML.text(value))</dd></div>" }
        html += "</dl></header><nav class=\"toc\">"
        let links = [
            ("trainees", "Trainees", !data.trainees.isEmpty),
            ("cohort", "Cohort", !data.cohort.trainees.isEmpty && !data.cohort.criteria.isEmpty),
            ("scenarios", "Scenarios", !data.scenarios.isEmpty), ("batches", "Graded batches", !data.batches.isEmpty),
            ("calibration", "Calibration", !data.calibrations.isEmpty),
        ]
        for (anchor, title, shown) in links where shown { html += "<a href=\"#\(anchor)\">\(title)</a>" }
        return html + "</nav>"
    }

    /// A mean score coloured by its band (class `good`, `middling` or `poor`), one decimal.
    static func score(_ value: Double?, bands: ScoreBands) -> String {
        guard let value else { return "<span class=\"none\">\(ReportFigures.none)</span>" }
        return "<span class=\"score \(bands.band(value).rawValue)\">\(ReportFigures.score(value))</span>"
    }

    /// A single score coloured by its band.
    static func score(_ value: Int, bands: ScoreBands) -> String {
        "<span class=\"score \(bands.band(Double(value)).rawValue)\">\(value)</span>"
    }

    /// `the pass mark at 70`, or with sessions of rubrics whose marks differ, `each rubric&#39;s pass mark (core
    /// 70, lenient 50)`: what the score charts' dashed lines and the colours stand for.
    static func passMarkPhrase(_ data: ReportData) -> String {
        let marks = data.distinctPassMarks()
        guard marks.count > 1 else {
            return "the pass mark at \(marks.first ?? data.bands(rubrics: []).passMark)"
        }
        let rubrics = Set(data.sessions.map(\.rubricID)).sorted().map {
            "\(HTML.text($0)) \(data.bands(rubric: $0).passMark)"
        }
        return "each rubric&#39;s pass mark (\(rubrics.joined(separator: ", ")); a trainee&#39;s mean is coloured "
            + "by the highest of their rubrics&#39; marks"
    }

    /// A chart with its caption (a fixed English phrase; the chart escapes its own text) and, for screen
    /// readers and anyone who wants the numbers, its figures as a table (see `ReportChart+Tables`).
    static func figure(_ caption: String, _ chart: String, table: String = "") -> String {
        "<figure><figcaption>\(HTML.text(caption))</figcaption>\(chart)\(table)</figure>"
    }

    /// The pass-rate bars of a trainee or a batch.
    static func criterionFigure(_ criteria: [CriterionStat], subject: String) -> String {
        figure(
            "Pass rate per criterion, and trend", ReportChart.criterionBars(criteria, subject: subject),
            table: ReportChart.criterionTable(criteria, subject: subject))
    }

    /// A list of small facts shown as pills.
    static func facts(_ items: [(String, String)]) -> String {
        "<ul class=\"facts\">" + items.map { "<li>\($0.0) <strong>\(HTML.text($0.1))</strong></li>" }.joined() + "</ul>"
    }

    /// A trainee's scored sessions with a reply, oldest first, and how many sessions had no reply.
    ///
    /// From the report's sessions when it has the trainee's; from the trainee's own points otherwise.
    static func figures(_ trainee: TraineeReport, in sessions: [SessionSummary]) -> (
        points: [ScorePoint], withoutReply: Int
    ) {
        let own = sessions.filter { $0.trainee == trainee.name }
        guard !own.isEmpty else { return (trainee.scores, 0) }
        let (replied, withoutReply) = ReportFigures.replied(own)
        let points = replied.compactMap { session in
            session.score.map {
                ScorePoint(
                    date: session.startedAt, score: $0, scenarioID: session.scenarioID, rubricID: session.rubricID)
            }
        }
        return (points, withoutReply)
    }

    /// The bands of a trainee's mean: the highest pass mark among the rubrics of their sessions.
    static func bands(_ trainee: TraineeReport, in data: ReportData) -> ScoreBands {
        data.bands(
            rubrics: data.sessions(ofTrainee: trainee.name).map(\.rubricID) + trainee.scores.compactMap(\.rubricID))
    }

    /// One row per trainee ahead of the cards: sessions, no-reply sessions, mean, trend, weakest criterion.
    private func summary(_ trainees: [TraineeReport], in data: ReportData) -> String {
        let sessions = data.sessions
        var html = "<div class=\"card summary\"><table><caption>Summary</caption><thead><tr>"
        html += "<th scope=\"col\">Trainee</th><th scope=\"col\" class=\"num\">Sessions</th>"
        html += "<th scope=\"col\" class=\"num\">No reply</th><th scope=\"col\" class=\"num\">Mean score</th>"
        html += "<th scope=\"col\" class=\"num\">Trend</th><th scope=\"col\">Weakest criterion</th></tr></thead><tbody>"
        for (index, trainee) in trainees.enumerated() {
            let (points, withoutReply) = Self.figures(trainee, in: sessions)
            let trend = ReportFigures.shownSlope(trainee.scoreTrend, scored: points.count)
            html += "<tr><th scope=\"row\"><a href=\"#trainee-\(index + 1)\">\(HTML.text(trainee.name))</a></th>"
            html += "<td class=\"num\">\(trainee.sessions)</td><td class=\"num\">\(withoutReply)</td>"
            html +=
                "<td class=\"num\">\(Self.score(ReportFigures.mean(points), bands: Self.bands(trainee, in: data)))</td>"
            html += "<td class=\"num\">\(HTML.text(ReportFigures.slope(trend)))</td>"
            html += "<td>\(HTML.text(trainee.weakest.first?.title ?? ReportFigures.none))</td></tr>"
        }
        return html + "</tbody></table></div>"
    }

    private func trainee(_ trainee: TraineeReport, number: Int, in data: ReportData) -> String {
        let (points, withoutReply) = Self.figures(trainee, in: data.sessions)
        let trend = ReportFigures.shownSlope(trainee.scoreTrend, scored: points.count)
        var html = "<article class=\"card trainee\" id=\"trainee-\(number)\"><div class=\"card-head\">"
        html += "<h3>\(HTML.text(trainee.name))</h3>"
        var facts = [
            ("sessions", String(trainee.sessions)), ("mean score", ReportFigures.score(ReportFigures.mean(points))),
            (
                "trend",
                trend == nil && points.count < ReportFigures.trendMinimum
                    ? "needs \(ReportFigures.trendMinimum) sessions" : ReportFigures.slope(trend)
            ),
            ("time to reply", ReportFigures.seconds(trainee.meanReplySeconds)),
        ]
        if withoutReply > 0 { facts.insert(("no reply", String(withoutReply)), at: 1) }
        html += Self.facts(facts)
        html += "</div><div class=\"charts\">"
        if !points.isEmpty {
            html += Self.figure(
                "Score over time, oldest first",
                ReportChart.scoreLine(points, trainee: trainee.name, bands: { data.bands(rubric: $0 ?? "") }),
                table: ReportChart.scoreTable(points, trainee: trainee.name, bands: { data.bands(rubric: $0 ?? "") }))
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
