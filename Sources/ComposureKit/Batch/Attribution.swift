import Foundation

/// Who handled a conversation, where and when: the agent, their team, the channel and the time of the first
/// message, as a helpdesk export or JSONL `meta` gives them (`meta` keys `agent`, `team`, `time`; the channel
/// is ``Transcript/channel``).
///
/// Every grade format writes it, the store keeps it beside each graded conversation, and the batch report
/// groups by it (per agent, per ISO week) and orders trends by ``time``.
package struct Attribution: Sendable, Codable, Hashable {
    /// The agent's name or id, as the export gives it.
    package var agent: String?
    /// The agent's team.
    package var team: String?
    /// The channel (`email`, `chat`, `social`, ...).
    package var channel: String?
    /// When the conversation's first message was sent, when `meta.time` is an ISO 8601 time.
    package var time: Date?

    /// Creates an attribution.
    package init(agent: String? = nil, team: String? = nil, channel: String? = nil, time: Date? = nil) {
        self.agent = agent
        self.team = team
        self.channel = channel
        self.time = time
    }

    /// The attribution a transcript carries; an empty `meta` value counts as absent, and a `time` that is
    /// not ISO 8601 as no time (``timeProblem(in:)`` says why, for readers that report it).
    package init(_ transcript: Transcript) {
        agent = Self.nonEmpty(transcript.meta[Key.agent])
        team = Self.nonEmpty(transcript.meta[Key.team])
        channel = Self.nonEmpty(transcript.channel)
        time = Self.nonEmpty(transcript.meta[Key.time]).flatMap(Self.date)
    }

    /// Whether nothing is known.
    package var isEmpty: Bool {
        agent == nil && team == nil && channel == nil && time == nil
    }

    /// The `meta` keys attribution is read from.
    package enum Key {
        /// The agent's name or id.
        package static let agent = "agent"
        /// The agent's team.
        package static let team = "team"
        /// The first message's time, ISO 8601.
        package static let time = "time"
    }

    /// Why `meta.time` cannot be read as a time, or nil when it is absent or fine.
    package static func timeProblem(in meta: [String: String]) -> String? {
        guard let text = nonEmpty(meta[Key.time]), date(text) == nil else { return nil }
        return "meta \"time\" '\(text)' is not an ISO 8601 time (write e.g. 2026-03-02T10:15:00Z)"
    }

    /// `text` as a moment: ISO 8601 with a zone (`Z` or `+01:00`), with or without fractional seconds, or a
    /// day alone (`2026-03-02`, midnight UTC).
    package static func date(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Format styles are values, made once and shared by the grading threads (a formatter object per
        // conversation cost more than reading it).
        if let date = try? Date(trimmed, strategy: whole) { return date }
        if let date = try? Date(trimmed, strategy: fractional) { return date }
        return trimmed.count == 10 ? try? Date(trimmed, strategy: day) : nil
    }

    private static let whole = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let day = Date.ISO8601FormatStyle().year().month().day()

    /// The ISO week of `date` (UTC) as `2026-W10`: weeks start on Monday and week 1 holds the year's first
    /// Thursday, so the days around New Year can belong to the neighbouring year's week.
    package static func isoWeek(of date: Date) -> String {
        let parts = isoCalendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: date)
        let week = parts.weekOfYear ?? 1
        return "\(parts.yearForWeekOfYear ?? 0)-W\(week < 10 ? "0" : "")\(week)"
    }

    private static let isoCalendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
