import Foundation

/// Which columns of a CSV of messages hold what, and which role values mean whom.
public struct CSVColumns: Sendable, Hashable {
    /// The column holding the conversation's id; a conversation's rows must be together.
    public var conversation: String
    /// The column saying who wrote the message (see the role values).
    public var role: String
    /// The column holding the message.
    public var text: String
    /// The column holding when the message was sent (ISO 8601, kept as written when it is not).
    public var time: String?
    /// The column naming the agent.
    public var agent: String?
    /// The column naming the team.
    public var team: String?
    /// The column naming the channel.
    public var channel: String?
    /// Role values for the customer, compared without regard to case.
    public var customerValues: [String] = ["customer", "end-user", "end_user", "user", "requester", "contact"]
    /// Role values for an agent.
    public var agentValues: [String] = ["agent", "admin", "staff", "support"]
    /// Role values for a bot (an agent-side turn the grader ignores).
    public var botValues: [String] = ["bot", "automation", "system"]
    /// Role values for an internal note (an agent-side turn the grader ignores).
    public var noteValues: [String] = ["note", "internal", "internal_note", "private"]

    /// Creates a column map; the role values are the defaults above.
    public init(
        conversation: String, role: String, text: String, time: String? = nil, agent: String? = nil,
        team: String? = nil, channel: String? = nil
    ) {
        self.conversation = conversation
        self.role = role
        self.text = text
        self.time = time
        self.agent = agent
        self.team = team
        self.channel = channel
    }

    /// The role and origin a role value means, or nil.
    func reading(_ value: String) -> (Role, TurnOrigin)? {
        let value = value.trimmingCharacters(in: .whitespaces).lowercased()
        func has(_ list: [String]) -> Bool { list.contains { $0.lowercased() == value } }
        if has(customerValues) { return (.customer, .person) }
        if has(agentValues) { return (.agent, .person) }
        if has(botValues) { return (.agent, .bot) }
        if has(noteValues) { return (.agent, .internalNote) }
        return nil
    }
}
