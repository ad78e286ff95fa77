/// A batch's figures for one agent or one ISO week.
package struct GroupStat: Sendable, Codable, Hashable {
    /// The agent's name or id, or the week (`2026-W10`); empty for the conversations without one.
    package var key: String
    /// The team, when all the group's conversations name the same one.
    package var team: String?
    /// How many teams the conversations name (an agent who moved team has two).
    package var teams: Int
    package var conversations: Int
    package var meanScore: Double?
    /// Pass rate per criterion over the group's conversations (no trend).
    package var criteria: [CriterionStat]

    package init(
        key: String, team: String?, teams: Int, conversations: Int, meanScore: Double?, criteria: [CriterionStat]
    ) {
        self.key = key
        self.team = team
        self.teams = teams
        self.conversations = conversations
        self.meanScore = meanScore
        self.criteria = criteria
    }

    /// The criterion with the lowest pass rate among those that failed at least once (the earlier in rubric
    /// order among equals), or nil.
    package var weakest: CriterionStat? {
        criteria.filter { $0.fails > 0 }.enumerated().min {
            ($0.element.passRate ?? 1, $0.offset) < ($1.element.passRate ?? 1, $1.offset)
        }?.element
    }
}

/// How a batch's trends order its conversations.
package enum TrendOrder: Sendable, Codable, Hashable {
    /// By the time of their first message; `undated` conversations (no time) take no part.
    case time(dated: Int, undated: Int)
    /// In input order, because no conversation has a time.
    case input

    /// What the reports say of it, one sentence.
    package var note: String {
        switch self {
        case .input:
            return "Trends compare the earlier and later half in file order: no conversation has a time."
        case .time(_, let undated) where undated == 0:
            return "Trends compare the earlier and later half by conversation time."
        case .time(let dated, let undated):
            return "Trends compare the earlier and later half by conversation time, over the \(dated) "
                + "conversation\(dated == 1 ? "" : "s") with a time (\(undated) without one left out)."
        }
    }
}

extension TrendOrder {
    private enum CodingKeys: String, CodingKey {
        case by, dated, undated
    }

    /// `{"by": "time", "dated": 5, "undated": 1}` or `{"by": "input"}`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .input:
            try container.encode("input", forKey: .by)
        case .time(let dated, let undated):
            try container.encode("time", forKey: .by)
            try container.encode(dated, forKey: .dated)
            try container.encode(undated, forKey: .undated)
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .by) {
        case "input": self = .input
        case "time":
            self = .time(
                dated: try container.decode(Int.self, forKey: .dated),
                undated: try container.decode(Int.self, forKey: .undated))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .by, in: container, debugDescription: "'\(other)' is not a trend order (time or input)")
        }
    }
}
