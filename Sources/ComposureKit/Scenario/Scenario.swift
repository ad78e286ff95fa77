/// A scripted irate customer: persona, mood model, beats and endings.
///
/// Loaded from YAML by ``ScenarioLoader``; played by ``Engine``. See `Docs/scenarios.md`.
public struct Scenario: Sendable {
    /// The scenario's id (`garadget-reviewer`), used by `play` and `test`.
    public var id: String
    /// A human title for the menu.
    public var title: String
    /// How hard it is, for the menu.
    public var difficulty: Difficulty
    /// What the trainee is told before the customer speaks.
    public var briefing: String
    /// The rubric id or path the scenario is graded with.
    public var rubric: String
    /// Who the customer is.
    public var persona: Persona
    /// Facts of the case, graded as context (`company_at_fault: yes`).
    public var facts: [String: String]
    /// The anger model.
    public var mood: MoodModel
    /// How each signal in a reply moves anger (negative calms).
    public var effects: [String: Int]
    /// The beat the conversation starts in.
    public var start: String
    /// The beats, by id, in file order.
    public var beats: [Beat]
    /// The endings, by id, in file order.
    public var endings: [Ending]
    /// The most trainee replies before the conversation ends on its own.
    public var maxTurns: Int
    /// The ending used when `maxTurns` is reached.
    public var timeoutEnding: String?
    /// Scripted tests of the scenario.
    public var tests: [ScenarioTest]
    /// The file it was loaded from.
    public var file: String
    /// Where `start` is written, for messages.
    public var startLocation: SourceLocation
    /// Warnings found while loading (an ending nothing leads to); errors are thrown instead.
    public var warnings: [Diagnostic] = []

    /// The beat with `id`.
    public func beat(_ id: String) -> Beat? { beats.first { $0.id == id } }
    /// The ending with `id`.
    public func ending(_ id: String) -> Ending? { endings.first { $0.id == id } }
}

/// How hard a scenario is.
public enum Difficulty: String, Sendable, Hashable, CaseIterable, Codable {
    case easy
    case medium
    case hard
}

/// The customer.
public struct Persona: Sendable, Hashable {
    /// The name shown before their lines.
    public var name: String
    /// What they bought or use.
    public var product: String
    /// Where the conversation happens: public_review, social, phone, email, chat, in_store.
    public var channel: String
}

/// Anger from 0 (calm) to 100 (gone).
public struct MoodModel: Sendable, Hashable {
    /// Anger at the start.
    public var start: Int
    /// Below this the customer counts as calmed.
    public var calmBelow: Int
    /// At or above this the customer walks out.
    public var walkOutAt: Int
    /// The ending reached when the customer walks out.
    public var walkOutEnding: String?
    /// Anger added after every reply, whatever it says (patience wearing thin); may be negative.
    public var perTurn: Int
    /// Anger added by a reply with nothing of substance: no signal in it calmed the customer.
    public var hollow: Int = 4
    /// Anger added by a reply that repeats an earlier one (which calms nothing).
    public var repeated: Int = 10
    /// Signals whose evidence makes a calming signal inside it hollow (`stock_phrase`); nil: `stock_phrase`
    /// when the rubric defines it.
    public var discount: [String]? = nil
    /// Signals that, said in a reply, leave every calming signal of that reply unheard by the mood: an excuse
    /// said with the apology ("sorry, but it was a busy night") is arguing, and the customer is no calmer for it.
    public var undo: [String] = []
}

/// A stage of the conversation: what the customer says, and where a reply leads.
public struct Beat: Sendable {
    /// The beat's id.
    public var id: String
    /// Variants of the customer's line; one is chosen by the seeded generator.
    public var customer: [String]
    /// Transitions, tried in order after each reply; the first that holds is taken.
    public var next: [Transition]
    /// Where the beat is defined.
    public var location: SourceLocation
    /// Lines said instead of `customer` when their conditions hold ("You said by tonight.").
    public var conditional: [ConditionalLine] = []
}

/// Customer lines said only when their conditions hold.
public struct ConditionalLine: Sendable {
    /// All must hold, as in a transition.
    public var conditions: [Condition]
    /// The variants.
    public var lines: [String]
    /// Where it is written.
    public var location: SourceLocation
}

/// A way out of a beat.
public struct Transition: Sendable {
    /// All must hold.
    public var conditions: [Condition]
    /// The beat or ending to go to.
    public var target: String
    /// A line the customer says first, reacting to the reply ("You still haven't said sorry.").
    public var say: [String]
    /// `say` lines used instead when their conditions hold.
    public var sayConditional: [ConditionalLine] = []
    /// Where the transition is written.
    public var location: SourceLocation
    /// Where its target (`goto`/`else`) is written.
    public var targetLocation: SourceLocation
    /// Whether this is the `else` transition.
    public var isElse: Bool
}

/// A condition of a transition.
public enum Condition: Sendable, Hashable, CustomStringConvertible {
    /// Every one of the signals was found in this reply.
    case all([String])
    /// At least one of the signals was found in this reply.
    case any([String])
    /// None of the signals was found in this reply.
    case none([String])
    /// None of the signals has been shown in any reply so far, this one included.
    case never([String])
    /// Each signal has been shown in some reply so far, this one included.
    case ever([String])
    /// At least one of the signals has been shown in some reply so far, this one included (`ever_any`: to `ever`
    /// what `any` is to `if`).
    case everAny([String])
    /// Each signal was shown in a reply before this one (`earlier`: this reply not counted), so a line can tell
    /// news from what was said before ("A hold as well?" only when the hold is new).
    case earlier([String])
    /// Anger after this reply compared with a number.
    case mood(Comparison, Int)
    /// The number of trainee replies so far compared with a number.
    case turns(Comparison, Int)
    /// The number of replies in the current beat compared with a number.
    case beatTurns(Comparison, Int)
    /// Whether this reply repeats an earlier one.
    case repeated(Bool)
    /// Whether this reply had nothing of substance (nothing in it calmed the customer).
    case hollow(Bool)

    public var description: String {
        switch self {
        case .all(let signals): return signals.joined(separator: " + ")
        case .any(let signals): return "any of " + signals.joined(separator: ", ")
        case .none(let signals): return "no " + signals.joined(separator: ", ")
        case .never(let signals): return "never " + signals.joined(separator: ", ")
        case .ever(let signals): return "ever " + signals.joined(separator: ", ")
        case .everAny(let signals): return "ever any of " + signals.joined(separator: ", ")
        case .earlier(let signals): return "earlier " + signals.joined(separator: ", ")
        case .mood(let comparison, let value): return "mood \(comparison.rawValue) \(value)"
        case .turns(let comparison, let value): return "turns \(comparison.rawValue) \(value)"
        case .beatTurns(let comparison, let value): return "beat turns \(comparison.rawValue) \(value)"
        case .repeated(let yes): return yes ? "a repeat" : "not a repeat"
        case .hollow(let yes): return yes ? "nothing of substance" : "something of substance"
        }
    }

    /// The signals the condition names.
    public var signals: [String] {
        switch self {
        case .all(let s), .any(let s), .none(let s), .never(let s), .ever(let s), .everAny(let s), .earlier(let s):
            return s
        case .mood, .turns, .beatTurns, .repeated, .hollow: return []
        }
    }
}

/// A numeric comparison.
public enum Comparison: String, Sendable, Hashable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="

    /// Whether `value` compares true with `target`.
    public func holds(_ value: Int, _ target: Int) -> Bool {
        switch self {
        case .less: return value < target
        case .lessOrEqual: return value <= target
        case .greater: return value > target
        case .greaterOrEqual: return value >= target
        case .equal: return value == target
        case .notEqual: return value != target
        }
    }
}

/// How a conversation ended.
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
    case resolved
    case lost
    case escalated
    case cancelled
    /// The session was stopped before an ending (Ctrl-D, `/quit`).
    case abandoned
}

/// An ending: an outcome and the customer's last line.
public struct Ending: Sendable {
    /// The ending's id.
    public var id: String
    /// How it ended.
    public var outcome: Outcome
    /// The customer's last line (variants).
    public var customer: [String]
    /// Where the ending is defined.
    public var location: SourceLocation
    /// Last lines said instead of `customer` when their conditions hold (a timeout after a broken promise).
    public var conditional: [ConditionalLine] = []
    /// The least anger the meter shows after this ending, for a consequence told in its line ("(Half an hour
    /// later) I've missed my meeting. Get me your manager."): the meter never says calm under it.
    public var anger: Int?
}

/// A scripted run of a scenario and what it must lead to.
public struct ScenarioTest: Sendable {
    /// The test's name.
    public var name: String
    /// The trainee's replies, in order.
    public var replies: [String]
    /// The seed for line variants.
    public var seed: UInt64
    /// The ending it must reach, if stated.
    public var ending: String?
    /// The outcome it must reach, if stated.
    public var outcome: Outcome?
    /// Beats that must be visited, in this order (others may come between).
    public var beats: [String]
    /// Criterion verdicts it must lead to.
    public var criteria: [(id: String, verdict: Verdict)]
    /// Where the test is written.
    public var location: SourceLocation

    /// Creates a test.
    public init(
        name: String, replies: [String], seed: UInt64, ending: String?, outcome: Outcome?, beats: [String],
        criteria: [(id: String, verdict: Verdict)], location: SourceLocation
    ) {
        self.name = name
        self.replies = replies
        self.seed = seed
        self.ending = ending
        self.outcome = outcome
        self.beats = beats
        self.criteria = criteria
        self.location = location
    }
}
