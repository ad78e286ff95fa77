/// The terminal `report`: one block per trainee, scenario and batch, then the cohort matrix.
///
/// Every string from the data goes through ``TerminalText/sanitised(_:keepingLineBreaks:)``,
/// so a trainee name or a quote cannot move the cursor or recolour the terminal.
struct TextReport {
    let style: TerminalStyle

    func render(_ data: ReportData) -> String {
        var lines = [
            style.bold("Composure report") + style.dim("  generated \(ReportFigures.minute(data.generatedAt))")
        ]
        if let filters = ReportFigures.filters(data.filters) {
            lines.append(style.dim("Filters: " + safe(filters)))
        }
        if data.trainees.isEmpty && data.scenarios.isEmpty && data.batches.isEmpty && data.calibrations.isEmpty {
            lines.append("")
            lines.append("Nothing in range: no sessions and no graded batches.")
        }
        if !data.trainees.isEmpty {
            lines += heading("Trainees")
            for trainee in data.trainees {
                let rubrics =
                    data.sessions(ofTrainee: trainee.name).map(\.rubricID) + trainee.scores.compactMap(\.rubricID)
                lines += self.trainee(trainee, bands: data.bands(rubrics: rubrics))
            }
        }
        if !data.scenarios.isEmpty {
            lines += heading("Scenarios")
            for scenario in data.scenarios {
                let rubrics = data.sessions.filter { $0.scenarioID == scenario.id }.map(\.rubricID)
                lines += self.scenario(scenario, bands: data.bands(rubrics: rubrics))
            }
        }
        if !data.cohort.trainees.isEmpty && !data.cohort.criteria.isEmpty {
            lines += heading("Cohort: pass rate per trainee and criterion")
            lines += cohort(data.cohort)
        }
        if !data.batches.isEmpty {
            lines += heading("Graded batches")
            for batch in data.batches { lines += self.batch(batch, bands: data.bands(rubric: batch.rubricID)) }
        }
        if !data.calibrations.isEmpty {
            lines += heading("Calibration")
            for run in CalibrationRecord.latestByRubric(data.calibrations) {
                lines += calibration(run.latest, previous: run.previous)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func safe(_ text: String) -> String {
        TerminalText.sanitised(text)
    }

    private func quoted(_ text: String) -> String {
        "\u{201C}" + safe(ReportFigures.clipped(text)) + "\u{201D}"
    }

    private func heading(_ title: String) -> [String] {
        ["", style.bold(style.underline(title.uppercased()))]
    }

    /// `text` in the colour of `score`'s band: green from the pass mark, amber from 4/7 of it, red below.
    private func coloured(score: Double?, _ bands: ScoreBands, _ text: String) -> String {
        guard let score else { return style.dim(text) }
        switch bands.band(score) {
        case .good: return style.green(text)
        case .middling: return style.yellow(text)
        case .poor: return style.red(text)
        }
    }

    private func coloured(rate: Double?, _ text: String) -> String {
        coloured(score: rate.map { $0 * 100 }, .passRates, text)
    }

    private func padded(_ text: String, _ width: Int) -> String {
        DisplayWidth.of(text) >= width ? text + " " : DisplayWidth.padded(text, to: width)
    }

    private func trainee(_ trainee: TraineeReport, bands: ScoreBands) -> [String] {
        let mean = ReportFigures.mean(trainee.scores)
        var head = style.bold(safe(trainee.name))
        head += "  \(trainee.sessions) session\(trainee.sessions == 1 ? "" : "s")"
        head += ", mean score " + coloured(score: mean, bands, ReportFigures.score(mean))
        head += ", trend " + ReportFigures.slope(trainee.scoreTrend)
        head += ", time to reply " + ReportFigures.seconds(trainee.meanReplySeconds)
        var lines = ["", head]
        if !trainee.scores.isEmpty {
            let scores = trainee.scores.map { String($0.score) }.joined(separator: " ")
            lines.append("  Scores  " + Self.sparkline(trainee.scores.map(\.score)) + "  " + style.dim(scores))
        }
        lines += criteria(trainee.criteria, indent: "  ")
        if !trainee.weakest.isEmpty {
            lines.append("  Weakest criteria")
            for (index, weak) in trainee.weakest.enumerated() {
                let rate = coloured(rate: weak.passRate, ReportFigures.percent(weak.passRate))
                lines.append("   \(index + 1). \(safe(weak.title)) (\(safe(weak.id))), pass rate \(rate)")
                if let worst = weak.worst { lines.append("      " + style.red("worst ") + quote(worst)) }
                if let best = weak.best { lines.append("      " + style.green("best  ") + quote(best)) }
            }
        }
        return lines
    }

    private func quote(_ quote: Quote) -> String {
        var source = "\(safe(quote.scenarioID)), session \(quote.sessionID)"
        if let signal = quote.signal { source += ", " + safe(signal) }
        return quoted(quote.text) + style.dim("  (\(source))")
    }

    private func criteria(_ stats: [CriterionStat], indent: String) -> [String] {
        guard !stats.isEmpty else { return [] }
        let width = max(9, stats.map { DisplayWidth.of(safe($0.id)) }.max() ?? 0) + 2
        let counts = stats.map { "\($0.passes)/\($0.passes + $0.fails)" }
        let countWidth = max(6, counts.map(\.count).max() ?? 0) + 2
        var lines = [
            indent + style.dim(padded("Criterion", width) + "Pass rate  " + padded("Passed", countWidth) + "Trend")
        ]
        for (index, stat) in stats.enumerated() {
            let rate = padded(ReportFigures.percent(stat.passRate), 11)
            lines.append(
                indent + padded(safe(stat.id), width) + coloured(rate: stat.passRate, rate)
                    + padded(counts[index], countWidth) + ReportFigures.points(stat.trend))
        }
        return lines
    }

    private func scenario(_ scenario: ScenarioReport, bands: ScoreBands) -> [String] {
        var head = style.bold(safe(scenario.title)) + style.dim(" (\(safe(scenario.id)))")
        head += "  \(scenario.sessions) session\(scenario.sessions == 1 ? "" : "s")"
        head +=
            ", average score "
            + coloured(score: scenario.averageScore, bands, ReportFigures.score(scenario.averageScore))
        var lines = ["", head]
        let rates = ReportFigures.outcomes(scenario.outcomeRates).map {
            "\(safe($0)) \(ReportFigures.percent(scenario.outcomeRates[$0]))"
        }
        lines.append("  Outcomes  " + rates.joined(separator: " · "))
        if let beat = scenario.mostLostBeat {
            lines.append("  Most often lost in beat \(safe(beat)) (\(scenario.mostLostBeatCount)×)")
        }
        if !scenario.signalsBeforeLoss.isEmpty {
            let signals = scenario.signalsBeforeLoss.prefix(5).map { "\(safe($0.signal)) \($0.count)×" }
            lines.append("  Signals before a loss  " + signals.joined(separator: ", "))
        }
        return lines
    }

    private func cohort(_ cohort: CohortMatrix) -> [String] {
        let nameWidth = max(7, cohort.trainees.map { DisplayWidth.of(safe($0)) }.max() ?? 0) + 2
        let columns = cohort.criteria.map { max(5, DisplayWidth.of(safe($0))) + 2 }
        // The last column is not padded, so lines end without spaces.
        func cell(_ text: String, _ column: Int) -> String {
            column == cohort.criteria.count - 1 ? text : padded(text, columns[column])
        }
        var header = padded("Trainee", nameWidth)
        for (index, criterion) in cohort.criteria.enumerated() { header += cell(safe(criterion), index) }
        var lines = [style.dim(header)]
        for (row, trainee) in cohort.trainees.enumerated() {
            var line = padded(safe(trainee), nameWidth)
            for column in cohort.criteria.indices {
                let rate =
                    row < cohort.passRates.count && column < cohort.passRates[row].count
                    ? cohort.passRates[row][column] : nil
                line += coloured(rate: rate, cell(ReportFigures.percent(rate), column))
            }
            lines.append(line)
        }
        return lines
    }

    private func batch(_ batch: BatchReport, bands: ScoreBands) -> [String] {
        var head = style.bold("Batch \(batch.id)") + "  " + safe(batch.source)
        head += style.dim("  (rubric \(safe(batch.rubricID)), graded \(ReportFigures.minute(batch.gradedAt)))")
        var lines = ["", head]
        lines.append(
            "  \(batch.conversations) conversation\(batch.conversations == 1 ? "" : "s"), mean score "
                + coloured(score: batch.meanScore, bands, ReportFigures.score(batch.meanScore)))
        if let note = batch.state.note { lines.append("  " + style.yellow(note)) }
        let peak = max(1, batch.scoreHistogram.max() ?? 1)
        for (index, count) in batch.scoreHistogram.enumerated() where count > 0 {
            let bar = String(repeating: "█", count: max(1, count * 30 / peak))
            lines.append("  " + padded(ReportFigures.decile(index), 8) + bar + " \(count)")
        }
        lines += criteria(batch.criteria, indent: "  ")
        if !batch.criteria.isEmpty { lines.append("  " + style.dim(batch.trendOrder.note)) }
        lines += groups(
            batch.agents, title: "Per agent", keyTitle: "Agent", none: "(no agent)", showsTeam: true, bands: bands)
        lines += groups(
            batch.weeks, title: "Per ISO week", keyTitle: "Week", none: "(no time)", showsTeam: false, bands: bands)
        if !batch.lowest.isEmpty {
            lines.append("  Lowest-scoring conversations")
            for conversation in batch.lowest {
                let score = padded(String(conversation.score), 4)
                var line = "   " + coloured(score: Double(conversation.score), bands, score) + safe(conversation.id)
                if let attribution = conversation.attribution,
                    let text = TextGradeReport.attributionLine(attribution)
                {
                    line += "  " + style.dim(text)
                }
                lines.append(line)
                if let link = conversation.link { lines.append("      " + style.underline(safe(link))) }
                for failure in conversation.failures {
                    let evidence = failure.evidence.map(quoted).joined(separator: ", ")
                    lines.append(
                        "      " + style.red("✗ ") + safe(failure.criterion) + ": "
                            + (evidence.isEmpty ? style.dim("missed") : evidence))
                }
            }
        }
        return lines
    }

    /// A batch's per-agent or per-week table: conversations, mean score and the weakest criterion.
    private func groups(
        _ groups: [GroupStat], title: String, keyTitle: String, none: String, showsTeam: Bool, bands: ScoreBands
    ) -> [String] {
        guard !groups.isEmpty else { return [] }
        let keys = groups.map { $0.key.isEmpty ? none : safe($0.key) }
        let keyWidth = max(keyTitle.count, keys.map(\.count).max() ?? 0) + 2
        let teams = groups.map { group in
            group.team.map(safe) ?? (group.teams > 1 ? "\(group.teams) teams" : ReportFigures.none)
        }
        let teamWidth = max(4, teams.map(\.count).max() ?? 0) + 2
        var header = padded(keyTitle, keyWidth) + (showsTeam ? padded("Team", teamWidth) : "")
        header += "Conversations  Mean score  Weakest criterion"
        var lines = ["  " + title, "  " + style.dim(header)]
        for (index, group) in groups.enumerated() {
            var line = padded(keys[index], keyWidth) + (showsTeam ? padded(teams[index], teamWidth) : "")
            line += padded(String(group.conversations), 15)
            line += coloured(score: group.meanScore, bands, padded(ReportFigures.score(group.meanScore), 12))
            if let weakest = group.weakest {
                line +=
                    safe(weakest.id) + " " + coloured(rate: weakest.passRate, ReportFigures.percent(weakest.passRate))
            } else {
                line += ReportFigures.none
            }
            lines.append("  " + line)
        }
        return lines
    }

    /// A rubric's latest calibration run in short: kappa per criterion (and the raters' alpha, the grader's
    /// against their consensus), rho, each beside the run before when there is one. `calibrate` prints the
    /// whole comparison; the HTML report draws it.
    private func calibration(_ run: CalibrationRecord, previous: CalibrationRecord?) -> [String] {
        let now = run.calibration
        var head = style.bold("Rubric \(safe(run.rubricID))") + "  \(now.matched) conversation(s) matched"
        head += style.dim(
            "  (recorded \(ReportFigures.minute(run.recordedAt)), graded from \(safe(run.input)), human scores from "
                + "\(safe(now.humanSource)))")
        var lines = ["", head]
        let before = previous?.calibration
        func figure(_ value: Double?, _ old: Double??) -> String {
            let text = Calibration.decimal(value)
            guard let old else { return text }
            return text + style.dim(" (was \(Calibration.decimal(old)))")
        }
        if !now.criteria.isEmpty {
            let width = max(9, now.criteria.map { DisplayWidth.of(safe($0.criterion)) }.max() ?? 0) + 2
            let compared = CalibrationComparison(now: now, before: before)
            let (raters, ratersBefore, kappasBefore) = (compared.raters, compared.ratersBefore, compared.kappasBefore)
            var header = padded("Criterion", width) + padded("n", 6) + "Kappa"
            if now.raters != nil { header += " · raters α · grader vs consensus α" }
            lines.append("  " + style.dim(header))
            for row in now.criteria {
                let old: Double?? = before == nil ? nil : .some(kappasBefore[row.criterion] ?? nil)
                var line = padded(safe(row.criterion), width) + padded(String(row.count), 6) + figure(row.kappa, old)
                if now.raters != nil {
                    let rater = raters[row.criterion]
                    let earlier = ratersBefore[row.criterion]
                    line += " · " + figure(rater?.alpha, before == nil ? nil : .some(earlier?.alpha))
                    line +=
                        " · "
                        + figure(
                            rater?.graderVersusConsensus.value,
                            before == nil ? nil : .some(earlier?.graderVersusConsensus.value))
                }
                lines.append("  " + line)
            }
        }
        if let score = now.score {
            var line = "  Score: Spearman's rho " + figure(score.rho, before.map { $0.score?.rho })
            line += " (n = \(score.count))"
            if let raters = now.raters?.score {
                line += ", raters' α " + figure(raters.alpha, before.map { $0.raters?.score?.alpha })
            }
            lines.append(line)
        }
        if let previous {
            lines.append("  " + style.dim("(was: the run of \(ReportFigures.minute(previous.recordedAt)))"))
        }
        return lines
    }

    /// Scores as a row of block characters, 0 to 100.
    static func sparkline(_ scores: [Int]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        return String(scores.suffix(40).map { blocks[min(7, max(0, $0 * 8 / 101))] })
    }
}
