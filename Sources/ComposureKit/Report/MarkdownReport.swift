/// The Markdown `report`: headings per section, tables for figures, quotes as table cells.
///
/// Every string from the data goes through ``Markdown/cell(_:)``, so a name cannot
/// open a link, an HTML tag or a new table row.
struct MarkdownReport {
    func render(_ data: ReportData) -> String {
        var lines = ["# Composure report", "", "Generated \(ReportFigures.minute(data.generatedAt))."]
        if let filters = ReportFigures.filters(data.filters) {
            lines.append("Filters: \(Markdown.cell(filters)).")
        }
        if data.trainees.isEmpty && data.scenarios.isEmpty && data.batches.isEmpty && data.calibrations.isEmpty {
            lines += ["", "Nothing in range: no sessions and no graded batches."]
        }
        if !data.trainees.isEmpty {
            lines += ["", "## Trainees"]
            for trainee in data.trainees { lines += self.trainee(trainee) }
        }
        if !data.scenarios.isEmpty {
            lines += ["", "## Scenarios", ""] + scenarios(data.scenarios)
        }
        if !data.cohort.trainees.isEmpty && !data.cohort.criteria.isEmpty {
            lines += ["", "## Cohort", "", "Pass rate per trainee and criterion.", ""] + cohort(data.cohort)
        }
        if !data.batches.isEmpty {
            lines += ["", "## Graded batches"]
            for batch in data.batches { lines += self.batch(batch) }
        }
        if !data.calibrations.isEmpty {
            lines += ["", "## Calibration"]
            for run in CalibrationRecord.latestByRubric(data.calibrations) {
                lines += calibration(run.latest, previous: run.previous)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A rubric's latest calibration run in short, as in the text report: kappa (and the raters' alpha, the
    /// grader's against their consensus) per criterion, and the run before's figures beside them.
    private func calibration(_ run: CalibrationRecord, previous: CalibrationRecord?) -> [String] {
        let now = run.calibration
        let before = previous?.calibration
        var lines = [
            "", "### Rubric \(Markdown.cell(run.rubricID))", "",
            "Recorded \(ReportFigures.minute(run.recordedAt)), graded from \(Markdown.cell(run.input)), human scores "
                + "from \(Markdown.cell(now.humanSource)): \(now.matched) conversation(s) matched"
                + (previous.map { "; beside each figure, the run of \(ReportFigures.minute($0.recordedAt))" } ?? "")
                + ".",
        ]
        func figure(_ value: Double?, _ old: Double??) -> String {
            Calibration.decimal(value) + (old.map { " (was \(Calibration.decimal($0)))" } ?? "")
        }
        if !now.criteria.isEmpty {
            let compared = CalibrationComparison(now: now, before: before)
            let (raters, ratersBefore, kappasBefore) = (compared.raters, compared.ratersBefore, compared.kappasBefore)
            var header = ["Criterion", "n", "Kappa"]
            if now.raters != nil { header += ["Raters' alpha", "Grader vs consensus alpha"] }
            lines += ["", Markdown.row(header), "|---|" + String(repeating: "---:|", count: header.count - 1)]
            for row in now.criteria {
                var cells = [
                    Markdown.cell(row.criterion), String(row.count),
                    figure(row.kappa, before == nil ? nil : .some(kappasBefore[row.criterion] ?? nil)),
                ]
                if now.raters != nil {
                    let earlier = ratersBefore[row.criterion]
                    cells.append(figure(raters[row.criterion]?.alpha, before == nil ? nil : .some(earlier?.alpha)))
                    cells.append(
                        figure(
                            raters[row.criterion]?.graderVersusConsensus.value,
                            before == nil ? nil : .some(earlier?.graderVersusConsensus.value)))
                }
                lines.append(Markdown.row(cells))
            }
        }
        if let score = now.score {
            var line = "Score: Spearman's rho \(figure(score.rho, before.map { $0.score?.rho })) (n = \(score.count))"
            if let raters = now.raters?.score {
                line += ", raters' alpha \(figure(raters.alpha, before.map { $0.raters?.score?.alpha }))"
            }
            lines += ["", line + "."]
        }
        return lines
    }

    private func quoted(_ text: String) -> String {
        "\u{201C}" + Markdown.cell(ReportFigures.clipped(text)) + "\u{201D}"
    }

    private func trainee(_ trainee: TraineeReport) -> [String] {
        let mean = ReportFigures.mean(trainee.scores)
        var lines = ["", "### \(Markdown.cell(trainee.name))", ""]
        lines.append(
            "\(trainee.sessions) session\(trainee.sessions == 1 ? "" : "s"), mean score \(ReportFigures.score(mean)), "
                + "trend \(ReportFigures.slope(trainee.scoreTrend)), "
                + "time to reply \(ReportFigures.seconds(trainee.meanReplySeconds)).")
        if !trainee.scores.isEmpty {
            let scores = trainee.scores.map { "\($0.score) (\(ReportFigures.day($0.date)))" }
            lines += ["", "Scores, oldest first: " + scores.joined(separator: ", ") + "."]
        }
        lines += criteria(trainee.criteria)
        if !trainee.weakest.isEmpty {
            lines += ["", "Weakest criteria:", ""]
            lines.append(Markdown.row(["Criterion", "Pass rate", "Worst", "Best"]))
            lines.append("|---|---:|---|---|")
            for weak in trainee.weakest {
                lines.append(
                    Markdown.row([
                        Markdown.cell(weak.title), ReportFigures.percent(weak.passRate), quote(weak.worst),
                        quote(weak.best),
                    ]))
            }
        }
        return lines
    }

    private func quote(_ quote: Quote?) -> String {
        guard let quote else { return ReportFigures.none }
        var source = "\(Markdown.cell(quote.scenarioID)), session \(quote.sessionID)"
        if let signal = quote.signal { source += ", " + Markdown.cell(signal) }
        return quoted(quote.text) + " (\(source))"
    }

    private func criteria(_ stats: [CriterionStat]) -> [String] {
        guard !stats.isEmpty else { return [] }
        var lines = ["", Markdown.row(["Criterion", "Pass rate", "Passed", "Trend"]), "|---|---:|---:|---:|"]
        for stat in stats {
            lines.append(
                Markdown.row([
                    Markdown.cell(stat.title), ReportFigures.percent(stat.passRate),
                    "\(stat.passes)/\(stat.passes + stat.fails)", ReportFigures.points(stat.trend),
                ]))
        }
        return lines
    }

    private func scenarios(_ scenarios: [ScenarioReport]) -> [String] {
        var lines = [
            Markdown.row([
                "Scenario", "Sessions", "Average score", "Outcomes", "Most often lost in", "Signals before a loss",
            ]),
            "|---|---:|---:|---|---|---|",
        ]
        for scenario in scenarios {
            let outcomes = ReportFigures.outcomes(scenario.outcomeRates).map {
                "\(Markdown.cell($0)) \(ReportFigures.percent(scenario.outcomeRates[$0]))"
            }
            let beat = scenario.mostLostBeat.map { "\(Markdown.cell($0)) (\(scenario.mostLostBeatCount)×)" }
            let signals = scenario.signalsBeforeLoss.prefix(5).map { "\(Markdown.cell($0.signal)) \($0.count)×" }
            lines.append(
                Markdown.row([
                    "\(Markdown.cell(scenario.title)) (\(Markdown.cell(scenario.id)))", "\(scenario.sessions)",
                    ReportFigures.score(scenario.averageScore), outcomes.joined(separator: ", "),
                    beat ?? ReportFigures.none, signals.isEmpty ? ReportFigures.none : signals.joined(separator: ", "),
                ]))
        }
        return lines
    }

    private func cohort(_ cohort: CohortMatrix) -> [String] {
        var lines = [Markdown.row(["Trainee"] + cohort.criteria.map(Markdown.cell))]
        lines.append("|---|" + String(repeating: "---:|", count: cohort.criteria.count))
        for (index, trainee) in cohort.trainees.enumerated() {
            let rates = index < cohort.passRates.count ? cohort.passRates[index] : []
            let cells = cohort.criteria.indices.map { ReportFigures.percent($0 < rates.count ? rates[$0] : nil) }
            lines.append(Markdown.row([Markdown.cell(trainee)] + cells))
        }
        return lines
    }

    private func batch(_ batch: BatchReport) -> [String] {
        var lines = ["", "### Batch \(batch.id): \(Markdown.cell(batch.source))", ""]
        lines.append(
            "Rubric \(Markdown.cell(batch.rubricID)), graded \(ReportFigures.minute(batch.gradedAt)): "
                + "\(batch.conversations) conversation\(batch.conversations == 1 ? "" : "s"), "
                + "mean score \(ReportFigures.score(batch.meanScore))."
                + (batch.state.note.map { " **\($0.prefix(1).uppercased() + $0.dropFirst()).**" } ?? ""))
        lines += ["", Markdown.row(["Score"] + batch.scoreHistogram.indices.map { ReportFigures.decile($0) })]
        lines.append("|---|" + String(repeating: "---:|", count: batch.scoreHistogram.count))
        lines.append(Markdown.row(["Conversations"] + batch.scoreHistogram.map(String.init)))
        lines += criteria(batch.criteria)
        if !batch.criteria.isEmpty { lines += ["", batch.trendOrder.note] }
        lines += groups(batch.agents, title: "Per agent:", keyTitle: "Agent", none: "(no agent)", showsTeam: true)
        lines += groups(batch.weeks, title: "Per ISO week:", keyTitle: "Week", none: "(no time)", showsTeam: false)
        if !batch.lowest.isEmpty {
            lines += [
                "", "Lowest-scoring conversations:", "",
                Markdown.row(["Conversation", "Score", "Handled", "Failed", "Evidence"]),
            ]
            lines.append("|---|---:|---|---|---|")
            for conversation in batch.lowest {
                let failed = conversation.failures.map { Markdown.cell($0.criterion) }.joined(separator: ", ")
                let evidence = conversation.failures.flatMap { failure in
                    failure.evidence.map { "\(Markdown.cell(failure.criterion)): \(quoted($0))" }
                }
                let handled = conversation.attribution.flatMap(TextGradeReport.attributionLine).map(Markdown.cell)
                lines.append(
                    Markdown.row([
                        Self.link(conversation), "\(conversation.score)", handled ?? ReportFigures.none,
                        failed.isEmpty ? ReportFigures.none : failed,
                        evidence.isEmpty ? ReportFigures.none : evidence.joined(separator: "<br>"),
                    ]))
            }
        }
        return lines
    }

    /// The conversation's id, as a link to its ticket when it has one. The URL's id is percent-encoded
    /// already; the characters that could end the link or the table cell are encoded too.
    private static func link(_ conversation: LowConversation) -> String {
        guard let link = conversation.link else { return Markdown.cell(conversation.id) }
        var url = ""
        for character in link.unicodeScalars {
            switch character {
            case "(": url += "%28"
            case ")": url += "%29"
            case "|": url += "%7C"
            case "<": url += "%3C"
            case ">": url += "%3E"
            case "\\": url += "%5C"
            default: url.unicodeScalars.append(character)
            }
        }
        return "[\(Markdown.cell(conversation.id))](\(url))"
    }

    /// A batch's per-agent or per-week table; the team only for agents.
    private func groups(_ groups: [GroupStat], title: String, keyTitle: String, none: String, showsTeam: Bool)
        -> [String]
    {
        guard !groups.isEmpty else { return [] }
        var lines = [
            "", title, "",
            Markdown.row(
                [keyTitle] + (showsTeam ? ["Team"] : []) + ["Conversations", "Mean score", "Weakest criterion"]),
            "|---|" + (showsTeam ? "---|" : "") + "---:|---:|---|",
        ]
        for group in groups {
            let team = group.team.map(Markdown.cell) ?? (group.teams > 1 ? "\(group.teams) teams" : ReportFigures.none)
            let weakest = group.weakest.map { "\(Markdown.cell($0.id)) \(ReportFigures.percent($0.passRate))" }
            lines.append(
                Markdown.row(
                    [group.key.isEmpty ? none : Markdown.cell(group.key)] + (showsTeam ? [team] : []) + [
                        "\(group.conversations)", ReportFigures.score(group.meanScore), weakest ?? ReportFigures.none,
                    ]))
        }
        return lines
    }
}
