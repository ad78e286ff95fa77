import Foundation

/// How rates, scores, times, dates and quotes look in every report format, so the formats agree.
///
/// Numbers are written by ``NumberText``, dates with fixed ISO 8601 styles, so nothing depends on the
/// machine's locale.
package enum ReportFigures {
    /// Shown where there is no value.
    static let none = NumberText.none

    /// A rate in 0...1 as a whole percentage: `0.8333` → `83%`.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return none }
        return NumberText.decimal(rate * 100, places: 0) + "%"
    }

    /// A change of rate as signed percentage points: `0.25` → `+25 pts`.
    static func points(_ change: Double?) -> String {
        guard let change else { return none }
        let text = NumberText.decimal(change * 100, places: 0)
        return (text.hasPrefix("-") || text == "0" ? text : "+" + text) + " pts"
    }

    /// A mean score with one decimal: `72.46` → `72.5`.
    static func score(_ mean: Double?) -> String {
        guard let mean else { return none }
        return NumberText.decimal(mean, places: 1)
    }

    /// A slope in score points per session: `+2.5 per session`.
    static func slope(_ slope: Double?) -> String {
        guard let slope else { return none }
        let text = NumberText.decimal(slope, places: 1)
        return (text.hasPrefix("-") || text == "0.0" ? text : "+" + text) + " per session"
    }

    /// Seconds as `42 s` or `3 min 05 s`.
    static func seconds(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return none }
        let whole = Int(seconds.rounded())
        guard whole >= 60 else { return "\(whole) s" }
        let rest = whole % 60
        return "\(whole / 60) min \(rest < 10 ? "0" : "")\(rest) s"
    }

    /// A calendar day in UTC: `2025-03-04`.
    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day())
    }

    /// A calendar day in UTC, short and in English whatever the locale: `4 Mar`.
    static func shortDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.day, .month], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months[min(11, max(0, (parts.month ?? 1) - 1))]
        return "\(parts.day ?? 1) \(month)"
    }

    /// A moment in UTC to the minute: `2025-03-04 10:12 UTC`.
    static func minute(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(dateTimeSeparator: .space).year().month().day().time(
            includingFractionalSeconds: false)
        return String(date.formatted(style).dropLast(3)) + " UTC"
    }

    /// A moment as ISO 8601 in UTC: `2025-03-04T10:12:00Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Untrusted text cut to `limit` characters (with an ellipsis), so one long reply cannot swamp a report.
    static func clipped(_ text: String, limit: Int = 280) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// The filters as a phrase (`trainee Ann · since 2025-03-01`), or nil when there are none.
    static func filters(_ filters: ReportData.Filters) -> String? {
        var parts: [String] = []
        if let trainee = filters.trainee { parts.append("trainee \(trainee)") }
        if let scenario = filters.scenario { parts.append("scenario \(scenario)") }
        if let since = filters.since { parts.append("since \(day(since))") }
        if let until = filters.until { parts.append("until \(day(until))") }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// The mean of the scores, or nil when there are none.
    static func mean(_ scores: [ScorePoint]) -> Double? {
        scores.isEmpty ? nil : Double(scores.map(\.score).reduce(0, +)) / Double(scores.count)
    }

    /// A trend compares the earlier half of the sessions (or conversations) with the later half; the HTML
    /// report shows one only when each half holds at least this many, since a "▼ -100 pts" from one
    /// session against another says nothing.
    package static let trendMinimumPerHalf = 3

    /// The fewest sessions a trend is shown from: ``trendMinimumPerHalf`` in each half.
    package static var trendMinimum: Int { 2 * trendMinimumPerHalf }

    /// A criterion's trend when enough sessions back it, else nil.
    static func shownTrend(_ stat: CriterionStat) -> Double? {
        stat.passes + stat.fails >= trendMinimum ? stat.trend : nil
    }

    /// A score slope when at least ``trendMinimum`` scored sessions back it, else nil.
    static func shownSlope(_ slope: Double?, scored: Int) -> Double? {
        scored >= trendMinimum ? slope : nil
    }

    /// Sessions in which the trainee replied, and how many had no reply at all.
    ///
    /// A session without a reply has nothing to grade, so its score (the rubric's floor) would drag a
    /// mean down for no conduct: the HTML report keeps such sessions out of means and counts them.
    static func replied(_ sessions: [SessionSummary]) -> (replied: [SessionSummary], withoutReply: Int) {
        let replied = sessions.filter { $0.replies > 0 }
        return (replied, sessions.count - replied.count)
    }

    /// The mean score of the sessions with a reply and a score, or nil when there are none.
    static func meanOfReplied(_ sessions: [SessionSummary]) -> Double? {
        let scores = replied(sessions).replied.compactMap(\.score)
        return scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count)
    }

    /// Outcomes in the order reports show them, known ones first, then any others by name.
    static func outcomes(_ rates: [String: Double]) -> [String] {
        let known = ["resolved", "cancelled", "escalated", "lost", "abandoned"]
        return known.filter { rates[$0] != nil } + rates.keys.filter { !known.contains($0) }.sorted()
    }

    /// The label of a histogram decile: `0–9`, ..., `90–100` (`dash` is `-` for machines).
    static func decile(_ index: Int, dash: String = "–") -> String {
        index >= 9 ? "90\(dash)100" : "\(index * 10)\(dash)\(index * 10 + 9)"
    }
}
