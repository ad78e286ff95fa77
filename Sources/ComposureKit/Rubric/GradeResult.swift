/// How a criterion came out for one conversation.
public enum Verdict: String, Sendable, Hashable, Codable {
    case pass
    case fail
    case notApplicable = "not_applicable"
}

/// Evidence placed in a conversation: which turn, which signal, which words.
public struct TurnEvidence: Sendable, Hashable {
    /// The turn's index in the conversation (0-based).
    public var turn: Int
    /// The signal the words fired.
    public var signal: String
    /// The words and their span within the turn.
    public var evidence: Evidence
    /// Whether the words count for the criterion (`true`) or against it (`false`).
    public var supports: Bool
}

/// One criterion's result for one conversation.
public struct CriterionResult: Sendable, Hashable {
    /// The criterion's id.
    public var id: String
    /// Its title.
    public var title: String
    /// Its weight in the rubric.
    public var weight: Int
    /// Pass, fail or not applicable.
    public var verdict: Verdict
    /// 0–100: the share of the criterion's requirements met; nil when not applicable.
    public var score: Int?
    /// The words that met or broke the criterion.
    public var evidence: [TurnEvidence]
    /// What to tell the trainee.
    public var feedback: String
    /// A fatal requirement was broken: the overall score is capped.
    public var isFatal: Bool
    /// The turn at which the criterion's context opened, when it applies.
    public var openedAt: Int?
}

/// The signals found in one turn.
public struct TurnResult: Sendable, Hashable {
    /// The turn's index.
    public var index: Int
    /// Who spoke.
    public var role: Role
    /// The signals that fired.
    public var signals: [SignalHit]
    /// Whether a person wrote it for the other side; a bot's turn or an internal note has no signals and
    /// counts as no reply.
    public var origin: TurnOrigin = .person
}

/// A graded conversation.
public struct GradeResult: Sendable, Hashable {
    /// The conversation's id.
    public var id: String
    /// 0–100, weighted over the applicable criteria, capped after a fatal mistake.
    public var score: Int
    /// Each criterion, in the rubric's order.
    public var criteria: [CriterionResult]
    /// Each turn with its signals.
    public var turns: [TurnResult]
    /// Whether a fatal requirement was broken.
    public var isCapped: Bool
    /// The rubric's pass mark (`scoring.pass_mark`): from this score, uncapped, the conversation passes.
    public var passMark: Int = Rubric.defaultPassMark

    /// The result of criterion `id`.
    public func criterion(_ id: String) -> CriterionResult? {
        criteria.first { $0.id == id }
    }
}
