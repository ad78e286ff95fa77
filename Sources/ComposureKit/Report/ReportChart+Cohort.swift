/// The charts across trainees and scenarios: the cohort heatmap and the outcome bars.
extension ReportChart {
    /// Trainee × criterion pass rates as coloured cells with the percentage in each, and a legend.
    ///
    /// The heatmap's gradient and hatching have fixed ids, so one report holds one heatmap.
    static func heatmap(_ cohort: CohortMatrix) -> String {
        let (cellWidth, cellHeight) = (76.0, 36.0)
        let longest = Double(cohort.criteria.map { min(18, short($0, 18).count) }.max() ?? 0)
        // Rotated column labels need room in proportion to the longest one.
        let (labelWidth, header, legend) = (172.0, 30 + longest * 4.6, 58.0)
        let width = max(labelWidth + Double(cohort.criteria.count) * cellWidth + 12, 480)
        let height = header + Double(cohort.trainees.count) * cellHeight + legend
        var svg = SVG(width: width, height: height)
        let stops = stride(from: 0, through: 100, by: 10).map {
            "<stop offset=\"\($0)%\" stop-color=\"\(Palette.heat(Double($0) / 100))\"/>"
        }
        svg.definitions(
            "<linearGradient id=\"heat-scale\">" + stops.joined() + "</linearGradient>"
                + "<pattern id=\"heat-none\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"\(Palette.empty)\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d5d9e0\" stroke-width=\"2\"/></pattern>")
        for (column, criterion) in cohort.criteria.enumerated() {
            let x = labelWidth + cellWidth * (Double(column) + 0.5)
            svg.text(short(criterion, 18), x: x - 4, y: header - 10, rotate: -38)
        }
        for (row, trainee) in cohort.trainees.enumerated() {
            let y = header + Double(row) * cellHeight
            svg.text(short(trainee, 24), x: labelWidth - 10, y: y + cellHeight / 2 + 4, anchor: "end")
            let rates = row < cohort.passRates.count ? cohort.passRates[row] : []
            for column in cohort.criteria.indices {
                let x = labelWidth + Double(column) * cellWidth
                let rate = column < rates.count ? rates[column] : nil
                let criterion = cohort.criteria[column]
                guard let rate else {
                    svg.rect(
                        x: x + 1, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, fill: "url(#heat-none)",
                        radius: 3, tooltip: "\(trainee) · \(criterion): never applied")
                    continue
                }
                svg.rect(
                    x: x + 1, y: y + 1, width: cellWidth - 2, height: cellHeight - 2, fill: Palette.heat(rate),
                    radius: 3, tooltip: "\(trainee) · \(criterion): \(ReportFigures.percent(rate)) passed")
                svg.text(
                    ReportFigures.percent(rate), x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, anchor: "middle",
                    className: "cell", fill: Palette.ink(onHeat: rate))
            }
        }
        let legendTop = header + Double(cohort.trainees.count) * cellHeight + 22
        svg.text("Pass rate", x: labelWidth - 10, y: legendTop + 10, anchor: "end", className: "axis")
        svg.rect(x: labelWidth, y: legendTop, width: 220, height: 12, fill: "url(#heat-scale)", radius: 2)
        for (share, label) in [(0.0, "0%"), (0.5, "50%"), (1.0, "100%")] {
            let anchor = share == 0 ? "start" : share == 1 ? "end" : "middle"
            svg.text(label, x: labelWidth + 220 * share, y: legendTop + 28, anchor: anchor, className: "axis")
        }
        svg.rect(x: labelWidth + 246, y: legendTop, width: 18, height: 12, fill: "url(#heat-none)", radius: 2)
        svg.text("never applied", x: labelWidth + 270, y: legendTop + 10, className: "axis")
        return svg.render(label: "Pass rate per trainee and criterion", className: "chart heatmap")
    }

    /// One bar per scenario split by outcome share, with a legend of the outcomes present.
    static func outcomeBars(_ scenarios: [ScenarioReport]) -> String {
        let (width, rowHeight, legendHeight) = (900.0, 38.0, 34.0)
        let (labelWidth, barLeft) = (236.0, 246.0)
        let barWidth = width - barLeft - 56
        var outcomes: [String] = []
        for scenario in scenarios {
            for outcome in ReportFigures.outcomes(scenario.outcomeRates) where !outcomes.contains(outcome) {
                outcomes.append(outcome)
            }
        }
        let order = ReportFigures.outcomes(Dictionary(uniqueKeysWithValues: outcomes.map { ($0, 0.0) }))
        var svg = SVG(width: width, height: legendHeight + Double(scenarios.count) * rowHeight + 4)
        var legendX = barLeft
        for outcome in order {
            svg.rect(x: legendX, y: 8, width: 12, height: 12, fill: Palette.outcome(outcome), radius: 2)
            svg.text(short(outcome, 16), x: legendX + 18, y: 18, className: "axis")
            legendX += 30 + Double(min(16, outcome.count)) * 7
        }
        for (row, scenario) in scenarios.enumerated() {
            let y = legendHeight + Double(row) * rowHeight
            svg.text(short(scenario.title, 34), x: labelWidth, y: y + 20, anchor: "end")
            svg.rect(x: barLeft, y: y + 4, width: barWidth, height: 22, fill: Palette.track, radius: 4)
            var x = barLeft
            for outcome in order {
                guard let rate = scenario.outcomeRates[outcome], rate > 0 else { continue }
                let segment = barWidth * min(1, rate)
                svg.rect(
                    x: x, y: y + 4, width: segment, height: 22, fill: Palette.outcome(outcome),
                    tooltip: "\(scenario.title): \(outcome) \(ReportFigures.percent(rate))")
                if segment >= 38 {
                    svg.text(
                        ReportFigures.percent(rate), x: x + segment / 2, y: y + 19, anchor: "middle", className: "cell",
                        fill: Palette.ink(on: Palette.outcome(outcome)))
                }
                x += segment
            }
            svg.text("n = \(scenario.sessions)", x: width - 4, y: y + 19, anchor: "end", className: "axis")
        }
        return svg.render(label: "Outcome rates per scenario", className: "chart outcomes")
    }
}
