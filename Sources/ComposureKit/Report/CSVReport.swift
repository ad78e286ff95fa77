/// The CSV `report`: one long table, one figure per row, so every section shares one header.
///
/// Columns: `section,trainee,scenario,batch,session,date,criterion,item,metric,value,text`.
/// `value` holds numbers (rates as fractions 0–1), `text` holds words (titles, quotes,
/// verdicts); the other columns say what the figure belongs to. `Docs/reports.md` lists
/// every section and metric. Every field goes through ``CSV/field(_:)``.
struct CSVReport {
    /// The header row's columns.
    static let columns = [
        "section", "trainee", "scenario", "batch", "session", "date", "criterion", "item", "metric", "value", "text",
    ]

    /// One row; unnamed columns stay empty.
    struct Row {
        var section: String
        var trainee = ""
        var scenario = ""
        var batch = ""
        var session = ""
        var date = ""
        var criterion = ""
        var item = ""
        var metric: String
        var value = ""
        var text = ""

        var line: String {
            CSV.row([section, trainee, scenario, batch, session, date, criterion, item, metric, value, text])
        }
    }

    func render(_ data: ReportData) -> String {
        var rows: [Row] = []
        for session in data.sessions { rows += self.session(session) }
        for trainee in data.trainees { rows += self.trainee(trainee) }
        for scenario in data.scenarios { rows += self.scenario(scenario) }
        for (index, trainee) in data.cohort.trainees.enumerated() {
            let rates = index < data.cohort.passRates.count ? data.cohort.passRates[index] : []
            for (column, criterion) in data.cohort.criteria.enumerated() {
                let rate = column < rates.count ? rates[column] : nil
                rows.append(
                    Row(
                        section: "cohort", trainee: trainee, criterion: criterion, metric: "pass_rate",
                        value: number(rate)))
            }
        }
        for batch in data.batches { rows += self.batch(batch) }
        for record in data.calibrations { rows += calibration(record) }
        return CSV.row(Self.columns) + rows.map(\.line).joined()
    }

    /// A calibration run: its headline figures, then kappa and alpha per criterion (`item`: the rubric).
    private func calibration(_ record: CalibrationRecord) -> [Row] {
        let figures = record.calibration
        let date = ReportFigures.timestamp(record.recordedAt)
        func row(_ metric: String, _ value: String, _ text: String = "", criterion: String = "") -> Row {
            Row(
                section: criterion.isEmpty ? "calibration" : "calibration_criterion", date: date,
                criterion: criterion, item: record.rubricID, metric: metric, value: value, text: text)
        }
        var rows = [
            row("matched", String(figures.matched), record.input),
            row("human_source", "", figures.humanSource),
        ]
        if let score = figures.score { rows.append(row("rho", number(score.rho))) }
        if let raters = figures.raters?.score { rows.append(row("raters_score_alpha", number(raters.alpha))) }
        let raters = Dictionary(
            (figures.raters?.criteria ?? []).map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first })
        for stat in figures.criteria {
            rows.append(row("n", String(stat.count), criterion: stat.criterion))
            rows.append(row("agreement", number(stat.observedAgreement), criterion: stat.criterion))
            rows.append(row("kappa", number(stat.kappa), criterion: stat.criterion))
            if let rater = raters[stat.criterion] {
                rows.append(row("raters_alpha", number(rater.alpha), criterion: stat.criterion))
                rows.append(
                    row(
                        "grader_vs_consensus_alpha", number(rater.graderVersusConsensus.value),
                        criterion: stat.criterion))
            }
        }
        return rows
    }

    private func number(_ value: Double?) -> String {
        value.map(NumberText.plain) ?? ""
    }

    private func number(_ value: Int?) -> String {
        value.map(String.init) ?? ""
    }

    private func session(_ session: SessionSummary) -> [Row] {
        let base = Row(
            section: "session", trainee: session.trainee, scenario: session.scenarioID, session: String(session.id),
            date: ReportFigures.timestamp(session.startedAt), metric: "")
        var rows: [Row] = []
        func add(_ metric: String, _ value: String, _ text: String = "") {
            var row = base
            row.metric = metric
            row.value = value
            row.text = text
            rows.append(row)
        }
        add("score", number(session.score), session.outcome.rawValue)
        add("capped", session.capped ? "1" : "0")
        add("replies", String(session.replies))
        if let ended = session.endedAt {
            add("duration_seconds", NumberText.plain(ended.timeIntervalSince(session.startedAt)))
        }
        if let seconds = session.meanReplySeconds { add("mean_reply_seconds", NumberText.plain(seconds)) }
        for criterion in session.criteria {
            var row = base
            row.section = "session_criterion"
            row.criterion = criterion.id
            row.metric = "score"
            row.value = number(criterion.score)
            row.text = criterion.verdict.rawValue
            rows.append(row)
        }
        return rows
    }

    private func trainee(_ trainee: TraineeReport) -> [Row] {
        let name = trainee.name
        var rows = [
            Row(section: "trainee", trainee: name, metric: "sessions", value: String(trainee.sessions)),
            Row(
                section: "trainee", trainee: name, metric: "mean_score",
                value: number(ReportFigures.mean(trainee.scores))),
            Row(section: "trainee", trainee: name, metric: "score_trend", value: number(trainee.scoreTrend)),
            Row(
                section: "trainee", trainee: name, metric: "mean_reply_seconds", value: number(trainee.meanReplySeconds)
            ),
        ]
        for point in trainee.scores {
            rows.append(
                Row(
                    section: "trainee_score", trainee: name, scenario: point.scenarioID,
                    date: ReportFigures.timestamp(point.date), metric: "score", value: String(point.score)))
        }
        rows += criteria(
            trainee.criteria, section: "trainee_criterion", owner: Row(section: "", trainee: name, metric: ""))
        for (rank, weak) in trainee.weakest.enumerated() {
            for (metric, quote) in [("worst_quote", weak.worst), ("best_quote", weak.best)] {
                rows.append(
                    Row(
                        section: "weakest", trainee: name, scenario: quote?.scenarioID ?? "",
                        session: quote.map { String($0.sessionID) } ?? "", criterion: weak.id, item: String(rank + 1),
                        metric: metric, value: number(weak.passRate), text: quote?.text ?? ""))
            }
        }
        return rows
    }

    private func criteria(_ stats: [CriterionStat], section: String, owner: Row) -> [Row] {
        stats.flatMap { stat -> [Row] in
            var base = owner
            base.section = section
            base.criterion = stat.id
            return [
                ("pass_rate", number(stat.passRate), stat.title), ("passes", String(stat.passes), ""),
                ("fails", String(stat.fails), ""), ("trend", number(stat.trend), ""),
            ].map { metric, value, text in
                var row = base
                row.metric = metric
                row.value = value
                row.text = text
                return row
            }
        }
    }

    private func scenario(_ scenario: ScenarioReport) -> [Row] {
        let id = scenario.id
        var rows = [
            Row(
                section: "scenario", scenario: id, metric: "sessions", value: String(scenario.sessions),
                text: scenario.title),
            Row(section: "scenario", scenario: id, metric: "average_score", value: number(scenario.averageScore)),
        ]
        for outcome in ReportFigures.outcomes(scenario.outcomeRates) {
            rows.append(
                Row(
                    section: "scenario_outcome", scenario: id, item: outcome, metric: "rate",
                    value: number(scenario.outcomeRates[outcome])))
        }
        if let beat = scenario.mostLostBeat {
            rows.append(
                Row(
                    section: "scenario_loss_beat", scenario: id, item: beat, metric: "losses",
                    value: String(scenario.mostLostBeatCount)))
        }
        for signal in scenario.signalsBeforeLoss {
            rows.append(
                Row(
                    section: "scenario_loss_signal", scenario: id, item: signal.signal, metric: "count",
                    value: String(signal.count)))
        }
        return rows
    }

    private func batch(_ batch: BatchReport) -> [Row] {
        let owner = Row(
            section: "batch", batch: String(batch.id), date: ReportFigures.timestamp(batch.gradedAt), metric: "")
        func row(
            _ section: String, item: String = "", criterion: String = "", _ metric: String, _ value: String,
            _ text: String = ""
        )
            -> Row
        {
            var row = owner
            row.section = section
            row.item = item
            row.criterion = criterion
            row.metric = metric
            row.value = value
            row.text = text
            return row
        }
        var rows = [
            row("batch", "conversations", String(batch.conversations), batch.source),
            row("batch", "mean_score", number(batch.meanScore), batch.rubricID),
            row("batch", "state", "", batch.state.rawValue),
        ]
        switch batch.trendOrder {
        case .input: rows.append(row("batch", "trend_order", "", "input"))
        case .time(let dated, _): rows.append(row("batch", "trend_order", String(dated), "time"))
        }
        for (index, count) in batch.scoreHistogram.enumerated() {
            rows.append(
                row("batch_histogram", item: ReportFigures.decile(index, dash: "-"), "conversations", String(count)))
        }
        rows += criteria(batch.criteria, section: "batch_criterion", owner: owner)
        for (section, groups) in [("batch_agent", batch.agents), ("batch_week", batch.weeks)] {
            for group in groups {
                rows.append(
                    row(section, item: group.key, "conversations", String(group.conversations), group.team ?? ""))
                rows.append(row(section, item: group.key, "mean_score", number(group.meanScore)))
                var groupOwner = owner
                groupOwner.item = group.key
                rows += criteria(group.criteria, section: section + "_criterion", owner: groupOwner)
                    .filter { $0.metric != "trend" }
            }
        }
        for conversation in batch.lowest {
            rows.append(row("batch_lowest", item: conversation.id, "score", String(conversation.score)))
            if let attribution = conversation.attribution {
                for (metric, text) in [
                    ("agent", attribution.agent), ("team", attribution.team), ("channel", attribution.channel),
                    ("time", attribution.time.map(ReportFigures.timestamp)),
                ] {
                    if let text { rows.append(row("batch_lowest", item: conversation.id, metric, "", text)) }
                }
            }
            if let link = conversation.link {
                rows.append(row("batch_lowest", item: conversation.id, "link", "", link))
            }
            for failure in conversation.failures {
                if failure.evidence.isEmpty {
                    rows.append(row("batch_lowest", item: conversation.id, criterion: failure.criterion, "missed", ""))
                }
                for evidence in failure.evidence {
                    rows.append(
                        row(
                            "batch_lowest", item: conversation.id, criterion: failure.criterion, "evidence", "",
                            evidence))
                }
            }
        }
        return rows
    }
}
