import Foundation

/// The charts of the HTML report, each drawn as one inline `<svg>` element.
///
/// Sizes are in user units; the page's CSS lets every chart shrink to its column.
enum ReportChart {
    /// Calm colours that stay apart in print and for the common colour-vision deficiencies.
    ///
    /// These are fills; no text is drawn in them except through ``ink(on:)``, which picks a text colour
    /// with at least WCAG AA contrast (4.5:1). Text colours for the page are in the stylesheet.
    enum Palette {
        static let good = "#2e8b6e"
        static let middling = "#b7791f"
        static let poor = "#c8553d"
        static let accent = "#3b6ea8"
        static let track = "#eef1f5"
        static let empty = "#f4f5f7"

        /// Green from the pass mark, amber from 4/7 of it, terracotta below: the same bands as the terminal.
        static func score(_ score: Double, bands: ScoreBands) -> String {
            switch bands.band(score) {
            case .good: return good
            case .middling: return middling
            case .poor: return poor
            }
        }

        /// An outcome's colour.
        static func outcome(_ outcome: String) -> String {
            switch outcome {
            case "resolved": return good
            case "cancelled": return "#6b8fc7"
            case "escalated": return middling
            case "lost": return poor
            case "abandoned": return "#8a94a3"
            default: return "#8b7fb8"
            }
        }

        /// A pass rate on a diverging scale: terracotta at 0, sand at 0.5, green at 1.
        static func heat(_ rate: Double) -> String {
            let stops: [(Double, Double, Double)] = [(200, 85, 61), (243, 233, 210), (46, 139, 110)]
            let clamped = min(1, max(0, rate))
            let (from, to, share) =
                clamped < 0.5 ? (stops[0], stops[1], clamped * 2) : (stops[1], stops[2], clamped * 2 - 1)
            return SVG.hex(
                red: from.0 + (to.0 - from.0) * share, green: from.1 + (to.1 - from.1) * share,
                blue: from.2 + (to.2 - from.2) * share)
        }

        /// Text colour readable on ``heat(_:)``.
        static func ink(onHeat rate: Double) -> String {
            ink(on: heat(rate))
        }

        /// The page's ink, white or black, whichever reaches 4.5:1 on `fill` (`#rrggbb`) first.
        ///
        /// White and black between them reach 4.58:1 on any colour; the page's ink (#1f2a37) and white
        /// leave a band of mid-tones where neither does, hence black as the last resort.
        static func ink(on fill: String) -> String {
            let background = luminance(fill)
            if 1.05 / (background + 0.05) >= 4.5 { return "#ffffff" }
            if (background + 0.05) / (luminance("#1f2a37") + 0.05) >= 4.5 { return "#1f2a37" }
            return "#000000"
        }

        /// WCAG 2 relative luminance of `#rrggbb` (0 black, 1 white); 1 for anything else.
        static func luminance(_ hex: String) -> Double {
            let digits = Array(hex.dropFirst())
            guard hex.hasPrefix("#"), digits.count == 6 else { return 1 }
            let channels = stride(from: 0, to: 6, by: 2).map { index -> Double in
                let value = Double(Int(String(digits[index...index + 1]), radix: 16) ?? 255) / 255
                return value <= 0.039_28 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
        }
    }

    /// Untrusted labels cut short enough for a chart's label column.
    static func short(_ text: String, _ limit: Int) -> String {
        ReportFigures.clipped(TerminalText.sanitised(text), limit: limit)
    }

    /// A trainee's scores, oldest first, as a line over the sessions with the pass mark dashed.
    ///
    /// Sessions are spaced evenly rather than by date, as the trend is per session; dates label the axis.
    /// Each point takes the bands of its session's rubric (`bands(rubricID)`); the pass mark of every rubric
    /// among the points is dashed, labelled `pass` when there is one and `pass 50`, `pass 70` when they differ.
    static func scoreLine(_ points: [ScorePoint], trainee: String, bands: (String?) -> ScoreBands) -> String {
        let marks = Set(points.map { bands($0.rubricID).passMark }).sorted()
        let (width, height) = (480.0, 220.0)
        let (left, right, top, bottom) = (30.0, marks.count > 1 ? 58.0 : 40.0, 12.0, 30.0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        var svg = SVG(width: width, height: height)
        func y(_ score: Double) -> Double { top + plotHeight * (1 - score / 100) }
        for tick in stride(from: 0.0, through: 100, by: 25) {
            svg.line(x1: left, y1: y(tick), x2: width - right, y2: y(tick), className: "grid")
            svg.text(SVG.number(tick), x: left - 8, y: y(tick) + 4, anchor: "end", className: "axis")
        }
        for mark in marks.isEmpty ? [bands(nil).passMark] : marks {
            let at = y(Double(mark))
            svg.line(x1: left, y1: at, x2: width - right, y2: at, className: "pass-mark")
            svg.text(
                marks.count > 1 ? "pass \(mark)" : "pass", x: width - right + 6, y: at + 4, className: "axis pass-label"
            )
        }
        func x(_ index: Int) -> Double {
            points.count < 2 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(points.count - 1)
        }
        let coordinates = points.enumerated().map { (x: x($0.offset), y: y(Double($0.element.score))) }
        if coordinates.count > 1, let first = coordinates.first, let last = coordinates.last {
            svg.polygon(coordinates + [(last.x, y(0)), (first.x, y(0))], className: "area")
            svg.polyline(coordinates, className: "score-line")
        }
        for (index, point) in points.enumerated() {
            let tooltip = "\(ReportFigures.day(point.date)) · \(point.scenarioID) · score \(point.score)"
            svg.circle(
                x: coordinates[index].x, y: coordinates[index].y, radius: points.count > 40 ? 2.5 : 4,
                fill: Palette.score(Double(point.score), bands: bands(point.rubricID)), tooltip: tooltip)
        }
        // At most one date per 70 units, always the first and the last.
        let slots = max(1, min(points.count - 1, Int(plotWidth / 70)))
        let ticks =
            points.count < 2
            ? Array(points.indices)
            : Array(Set((0...slots).map { ($0 * (points.count - 1) + slots / 2) / slots })).sorted()
        for index in ticks {
            svg.text(
                ReportFigures.shortDay(points[index].date), x: x(index), y: height - 10, anchor: "middle",
                className: "axis")
        }
        return svg.render(label: "Score over time for \(trainee)")
    }

    /// Pass rate per criterion as horizontal bars, with the trend beside each.
    static func criterionBars(_ stats: [CriterionStat], subject: String) -> String {
        let rowHeight = 27.0
        let width = 480.0
        let (labelWidth, trackLeft, trackWidth) = (150.0, 158.0, 200.0)
        var svg = SVG(width: width, height: Double(stats.count) * rowHeight + 4)
        for (index, stat) in stats.enumerated() {
            let top = Double(index) * rowHeight + 4
            svg.text(short(stat.title, 22), x: labelWidth, y: top + 14, anchor: "end")
            svg.rect(x: trackLeft, y: top + 3, width: trackWidth, height: 14, fill: Palette.track, radius: 3)
            let tooltip = "\(stat.title): \(stat.passes) of \(stat.passes + stat.fails) passed"
            if let rate = stat.passRate {
                svg.rect(
                    x: trackLeft, y: top + 3, width: max(3, trackWidth * rate), height: 14,
                    fill: Palette.score(rate * 100, bands: .passRates), radius: 3, tooltip: tooltip)
            }
            svg.text(
                ReportFigures.percent(stat.passRate), x: trackLeft + trackWidth + 8, y: top + 14, className: "value")
            let trend = ReportFigures.shownTrend(stat)
            svg.text(
                trendLabel(trend), x: width - 2, y: top + 14, anchor: "end", className: "axis " + trendClass(trend))
        }
        return svg.render(label: "Pass rate per criterion for \(subject)")
    }

    /// `▲ +25 pts`, `▼ -10 pts` or `–` for no trend.
    static func trendLabel(_ trend: Double?) -> String {
        guard let trend else { return ReportFigures.none }
        let points = ReportFigures.points(trend)
        return (points.hasPrefix("+") ? "▲ " : points.hasPrefix("-") ? "▼ " : "") + points
    }

    /// `up`, `down` or `flat`, for colouring a trend.
    static func trendClass(_ trend: Double?) -> String {
        let points = ReportFigures.points(trend)
        return points.hasPrefix("+") ? "up" : points.hasPrefix("-") ? "down" : "flat"
    }

    /// Conversations per score decile as columns, coloured by the band of the decile's middle, counts on top.
    static func histogram(_ counts: [Int], batch: String, bands: ScoreBands) -> String {
        let (width, height) = (480.0, 210.0)
        let (left, right, top, bottom) = (8.0, 8.0, 22.0, 30.0)
        let slot = (width - left - right) / Double(max(1, counts.count))
        let peak = Double(max(1, counts.max() ?? 1))
        var svg = SVG(width: width, height: height)
        let base = height - bottom
        svg.line(x1: left, y1: base, x2: width - right, y2: base, className: "baseline")
        for (index, count) in counts.enumerated() {
            let barHeight = (base - top) * Double(count) / peak
            let x = left + slot * Double(index)
            let label = ReportFigures.decile(index)
            svg.rect(
                x: x + 4, y: base - barHeight, width: slot - 8, height: barHeight,
                fill: Palette.score(Double(index * 10 + 5), bands: bands), radius: 3,
                tooltip: "\(count) conversation\(count == 1 ? "" : "s") scored \(label)")
            svg.text(String(count), x: x + slot / 2, y: base - barHeight - 6, anchor: "middle", className: "value")
            svg.text(label, x: x + slot / 2, y: height - 10, anchor: "middle", className: "axis")
        }
        return svg.render(label: "Score distribution of \(batch)")
    }
}
