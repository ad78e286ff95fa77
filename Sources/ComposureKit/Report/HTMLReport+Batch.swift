/// The attribution parts of a batch's card in the HTML report: the trends' order, the per-agent and per-week
/// tables, and each lowest-scoring conversation's agent, time and ticket link.
///
/// Every string from the data goes through ``HTML/text(_:)``; a ticket link is an `https` or `http` URL made
/// from a checked template with the id percent-encoded (``TicketURLTemplate``), and is escaped again as an
/// attribute value.
extension HTMLReport {
    /// The trends' order, then the per-agent and per-week tables, each only when the batch has them.
    func batchViews(_ batch: BatchReport, bands: ScoreBands) -> String {
        var html = ""
        if !batch.criteria.isEmpty { html += "<p class=\"trend-order\">\(HTML.text(batch.trendOrder.note))</p>" }
        html += groupTable(
            batch.agents, heading: "Per agent", keyTitle: "Agent", none: "(no agent)", showsTeam: true, bands: bands)
        html += groupTable(
            batch.weeks, heading: "Per ISO week", keyTitle: "Week", none: "(no time)", showsTeam: false, bands: bands)
        return html
    }

    /// The first cell of a lowest-scoring conversation's row: its id (a link to the ticket when the report
    /// has a `--ticket-url`), then who handled it, where and when.
    func lowestConversationCell(_ conversation: LowConversation) -> String {
        var html: String
        if let link = conversation.link {
            html = "<a href=\"\(HTML.text(link))\" rel=\"noopener noreferrer\">\(HTML.text(conversation.id))</a>"
        } else {
            html = HTML.text(conversation.id)
        }
        if let attribution = conversation.attribution, let line = TextGradeReport.attributionLine(attribution) {
            html += "<span class=\"source\">\(HTML.text(line))</span>"
        }
        return html
    }

    private func groupTable(
        _ groups: [GroupStat], heading: String, keyTitle: String, none: String, showsTeam: Bool, bands: ScoreBands
    ) -> String {
        guard !groups.isEmpty else { return "" }
        var html = "<h4>\(heading)</h4><table class=\"groups\"><thead><tr><th scope=\"col\">\(keyTitle)</th>"
        if showsTeam { html += "<th scope=\"col\">Team</th>" }
        html += "<th scope=\"col\" class=\"num\">Conversations</th><th scope=\"col\" class=\"num\">Mean score</th>"
        html += "<th scope=\"col\">Weakest criterion</th></tr></thead><tbody>"
        for group in groups {
            let key = group.key.isEmpty ? "<span class=\"none\">\(none)</span>" : HTML.text(group.key)
            // A data cell, not a row header: the report's style sheet sets headers in small capitals.
            html += "<tr><td class=\"group\">\(key)</td>"
            if showsTeam {
                let team =
                    group.team.map(HTML.text)
                    ?? "<span class=\"none\">\(group.teams > 1 ? "\(group.teams) teams" : ReportFigures.none)</span>"
                html += "<td>\(team)</td>"
            }
            html +=
                "<td class=\"num\">\(group.conversations)</td><td class=\"num\">\(Self.score(group.meanScore, bands: bands))</td>"
            if let weakest = group.weakest {
                html += "<td><span class=\"chip\">\(HTML.text(weakest.id))</span> "
                html += "\(HTML.text(ReportFigures.percent(weakest.passRate)))</td>"
            } else {
                html += "<td><span class=\"none\">\(ReportFigures.none)</span></td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }
}
