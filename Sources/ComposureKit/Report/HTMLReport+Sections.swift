/// The cohort, scenario and batch sections of the HTML report.
extension HTMLReport {
    func cohort(_ cohort: CohortMatrix) -> String {
        "<section id=\"cohort\"><h2>Cohort</h2><p class=\"lede\">Pass rate of every trainee on every criterion. "
            + "Green cells are habits, terracotta cells are where coaching pays off.</p>"
            + "<div class=\"card\">" + ReportChart.heatmap(cohort) + ReportChart.heatmapTable(cohort)
            + "</div></section>"
    }

    func scenarios(_ scenarios: [ScenarioReport], in data: ReportData) -> String {
        let sessions = data.sessions
        var html = "<section id=\"scenarios\"><h2>Scenarios</h2><p class=\"lede\">How sessions ended, and where "
        html += "and after what the customers who were lost were lost.</p><div class=\"card\">"
        html += Self.figure(
            "Outcome rates", ReportChart.outcomeBars(scenarios), table: ReportChart.outcomeTable(scenarios))
        html += "<h4>Scores and losses</h4><table><thead><tr><th>Scenario</th><th class=\"num\">Sessions</th>"
        html += "<th class=\"num\">Average score</th><th>Most often lost in</th><th>Signals before a loss</th>"
        html += "</tr></thead><tbody>"
        for scenario in scenarios {
            html += "<tr><td>\(HTML.text(scenario.title))<span class=\"source\">\(HTML.text(scenario.id))</span></td>"
            // Sessions without a reply stay out of the mean, as everywhere in this report.
            let own = sessions.filter { $0.scenarioID == scenario.id }
            let average =
                ReportFigures.replied(own).withoutReply > 0 ? ReportFigures.meanOfReplied(own) : scenario.averageScore
            let bands = data.bands(rubrics: own.map(\.rubricID))
            html +=
                "<td class=\"num\">\(scenario.sessions)</td><td class=\"num\">\(Self.score(average, bands: bands))</td>"
            if let beat = scenario.mostLostBeat {
                html += "<td><span class=\"chip\">\(HTML.text(beat))</span> \(scenario.mostLostBeatCount)×</td>"
            } else {
                html += "<td><span class=\"none\">\(ReportFigures.none)</span></td>"
            }
            let signals = scenario.signalsBeforeLoss.prefix(6).map {
                "<span class=\"chip\">\(HTML.text($0.signal))</span>\($0.count)× "
            }
            html += "<td>" + (signals.isEmpty ? "<span class=\"none\">\(ReportFigures.none)</span>" : signals.joined())
            html += "</td></tr>"
        }
        return html + "</tbody></table></div></section>"
    }

    func batch(_ batch: BatchReport, bands: ScoreBands) -> String {
        var html = "<article class=\"card batch\"><div class=\"card-head\"><h3>\(HTML.text(batch.source))</h3>"
        // A graded file drawn without the store (`grade --format html`) has no batch number.
        let number = batch.id > 0 ? [("batch", String(batch.id))] : []
        html += Self.facts(
            number + [
                ("rubric", batch.rubricID), ("graded", ReportFigures.minute(batch.gradedAt)),
                ("conversations", String(batch.conversations)), ("mean score", ReportFigures.score(batch.meanScore)),
            ])
        if let note = batch.state.note { html += "<p class=\"batch-state\">\(HTML.text(note))</p>" }
        html += "</div><div class=\"charts\">"
        html += Self.figure(
            "Score distribution", ReportChart.histogram(batch.scoreHistogram, batch: batch.source, bands: bands),
            table: ReportChart.histogramTable(batch.scoreHistogram, batch: batch.source))
        if !batch.criteria.isEmpty {
            html += Self.criterionFigure(batch.criteria, subject: batch.source)
        }
        html += "</div>"
        html += batchViews(batch, bands: bands)
        if !batch.lowest.isEmpty {
            html += "<h4>Lowest-scoring conversations</h4><table><thead><tr><th>Conversation</th>"
            html += "<th class=\"num\">Score</th><th>Failed criteria and evidence</th></tr></thead><tbody>"
            for conversation in batch.lowest {
                html += "<tr><td>\(lowestConversationCell(conversation))</td>"
                html += "<td class=\"num\">\(Self.score(conversation.score, bands: bands))</td><td>"
                html += conversation.failures.isEmpty ? "<span class=\"none\">\(ReportFigures.none)</span>" : ""
                for failure in conversation.failures {
                    html += "<div class=\"failure\"><span class=\"chip\">\(HTML.text(failure.criterion))</span>"
                    if failure.evidence.isEmpty {
                        html += " <span class=\"none\">missed: nothing in the conversation met it</span>"
                    }
                    for evidence in failure.evidence {
                        html += "<blockquote class=\"quote worst\">\u{201C}"
                        html += HTML.text(ReportFigures.clipped(evidence)) + "\u{201D}</blockquote>"
                    }
                    html += "</div>"
                }
                html += "</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html + "</article>"
    }
}
