/// A rubric: concepts, signals over one reply, and criteria scored over a conversation.
///
/// Rubrics are loaded from YAML by ``RubricLoader`` and compiled once into a
/// ``SignalDetector``; see `Docs/rubrics.md` for the file format.
public struct Rubric: Sendable {
    /// The rubric's id (`core`), used by `--rubric` and by scenario files.
    public var id: String
    /// A human title.
    public var title: String
    /// The file it was loaded from.
    public var file: String
    /// A hash of the file's bytes, stored with results so old scores stay explainable.
    public var contentHash: String
    /// Named word sets, usable in patterns as `{name}`.
    public var concepts: [Concept]
    /// Named contexts for criteria's `when`.
    public var contexts: [ContextDefinition]
    /// Detectors over one reply, in file order.
    public var signals: [SignalDefinition]
    /// What is scored over a conversation, in file order.
    public var criteria: [Criterion]
    /// The highest overall score a conversation that failed a fatal requirement can get.
    public var fatalCap: Int
    /// The score from which a conversation or session passes (`scoring.pass_mark`), unless a fatal mistake capped it.
    public var passMark: Int = Rubric.defaultPassMark
    /// Every pattern of the rubric, compiled.
    public var detector: SignalDetector
    /// The signal model named by `model:`, which adds signals the patterns missed.
    public var model: SignalModel? = nil

    /// The pass mark of a rubric that names none.
    public static let defaultPassMark = 70

    /// The signal with `id`, if defined.
    public func signal(_ id: String) -> SignalDefinition? {
        signals.first { $0.id == id }
    }

    /// The signals some criterion forbids: the mistakes (a training target held to a stricter floor, a
    /// scenario's words that calm nobody).
    public var forbiddenSignals: Set<String> { Set(criteria.flatMap(\.forbid)) }

    /// For each signal a criterion expects and discounts, the signals it is discounted by
    /// (`expect: [empathy]`, `discount: [stock_phrase]` gives `empathy: [stock_phrase]`).
    var discountingSignals: [String: [String]] { Self.discountingSignals(of: criteria) }

    static func discountingSignals(of criteria: [Criterion]) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for criterion in criteria {
            for signal in criterion.expect {
                for by in criterion.discount where !found[signal, default: []].contains(by) {
                    found[signal, default: []].append(by)
                }
            }
        }
        return found
    }
}

/// A named set of words or phrases (`feeling: [frustrat*, upset, let down]`).
public struct Concept: Sendable {
    /// The name used in `{name}`.
    public var name: String
    /// Each entry as written, a pattern of its own.
    public var entries: [PatternSource]
    /// Where the concept is defined.
    public var location: SourceLocation
}

extension Concept {
    /// The concepts of `concepts` that `patterns` name, directly or through other concepts of it, in
    /// `concepts`' order; names in `excluded` are neither taken nor followed.
    static func named(in patterns: [String], among concepts: [Concept], excluding excluded: Set<String> = [])
        -> [Concept]
    {
        var wanted = Set<String>()
        var pending = patterns
        while let text = pending.popLast() {
            for case .concept(let name) in PatternParser.references(in: text)
            where !excluded.contains(name) && wanted.insert(name).inserted {
                pending += concepts.first { $0.name == name }?.entries.map(\.text) ?? []
            }
        }
        return concepts.filter { wanted.contains($0.name) }
    }
}

/// A pattern as written in a file, with where it was written.
public struct PatternSource: Sendable, Hashable {
    /// The pattern's text.
    public var text: String
    /// Where its first character is.
    public var location: SourceLocation
}

/// Whose lines a signal is looked for in.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    case agent
    case customer
    case both

    /// Whether a turn by `role` is looked at.
    public func covers(_ role: Role) -> Bool {
        switch self {
        case .both: return true
        case .agent: return role == .agent
        case .customer: return role == .customer
        }
    }
}

/// A detector over one reply.
public struct SignalDefinition: Sendable {
    /// The signal's id: a contract name (`apology`, `threat`).
    public var id: String
    /// Whose lines it reads.
    public var side: Side
    /// What the signal means, for reports and hints.
    public var description: String
    /// Patterns that fire the signal.
    public var any: [PatternSource]
    /// Patterns that veto a firing in the same sentence.
    public var unless: [PatternSource]
    /// Signals that veto a firing in the same sentence (`apology` is vetoed by `non_apology`).
    public var vetoedBy: [String]
    /// Other signals whose evidence also fires this one (empathy includes reflection).
    public var include: [String]
    /// Signals that override a firing only where their evidence overlaps it (a solution inside a guarantee),
    /// leaving the rest of the sentence alone.
    public var yieldsTo: [String] = []
    /// A built-in, parameterised detector, if any.
    public var builtin: BuiltinDetector?
    /// Replies that must fire the signal.
    public var firingExamples: [PatternSource]
    /// Replies that must not fire the signal.
    public var silentExamples: [PatternSource]
    /// Where the signal is defined.
    public var location: SourceLocation
}

/// Detectors that are not phrase lists.
public enum BuiltinDetector: Sendable, Hashable {
    /// Capitals or stacked exclamation marks.
    ///
    /// Fires on a run of `capsRun` capitalised words, on a reply of at least
    /// `minimumWords` words of which `capsRatio` are capitalised, or on a
    /// sentence closed by `exclamations` or more exclamation marks.
    case shouting(capsRun: Int, capsRatio: Double, minimumWords: Int, exclamations: Int)
    /// The reply restates content words of the customer's last line in a sentence
    /// that also names a feeling or situation (a word of `concept`).
    case reflection(concept: String, minimumShared: Int)
}

/// A context a criterion can apply in, defined by the rubric.
public struct ContextDefinition: Sendable {
    /// What opens the context.
    public enum Source: Sendable, Hashable {
        /// The conversation's channel is one of these.
        case channel([String])
        /// A customer line fired one of these signals; the context opens at that turn.
        case customerSignal([String])
        /// The fact of this name is true (`company_at_fault: yes`).
        case fact(String)
    }

    /// The context's name, used in `when`.
    public var name: String
    /// What opens it.
    public var source: Source
    /// Where it is defined.
    public var location: SourceLocation
}

/// Something scored over a whole conversation.
public struct Criterion: Sendable {
    /// The criterion's id: a contract name (`empathy`, `keep_cool`).
    public var id: String
    /// A human title.
    public var title: String
    /// Its share of the overall score; the weights of a rubric add up to 100.
    public var weight: Int
    /// When the criterion applies.
    public var when: ContextExpression
    /// Signals of which at least one must appear in an agent reply (empty: no expectation).
    public var expect: [String]
    /// Only the first `within` agent replies after the context opened count for `expect`.
    public var within: Int?
    /// Signals of which one must appear at or after the first `expect` evidence.
    public var then: [String]
    /// Signals that must not appear in any agent reply once the context opened.
    public var forbid: [String]
    /// Forbidden signals whose appearance caps the overall score.
    public var fatal: [String]
    /// Signals whose evidence makes `expect` evidence inside it not count: an apology that is only the
    /// stock phrase "we apologise for any inconvenience" does not meet an apology criterion.
    public var discount: [String] = []
    /// Signals whose evidence makes `forbid` evidence inside it not count: in a scenario whose facts
    /// back a same-day restore, "we'll have them back today" is no guarantee.
    public var allow: [String] = []
    /// Signals after whose first agent reply `forbid` stops looking (that reply still counts): in
    /// `restaurant-tweetstorm`, "send me the booking name here" is public only until the talk moved to DMs.
    public var until: [String] = []
    /// Feedback for the trainee.
    public var feedback: Feedback
    /// Where the criterion is defined.
    public var location: SourceLocation
}

/// What the trainee is told about a criterion.
public struct Feedback: Sendable, Hashable {
    /// Said when the criterion passes.
    public var pass: String
    /// Said when it fails.
    public var miss: String
    /// Better wording, shown with a miss.
    public var example: String
}

extension Rubric {
    /// The signals written in `file`: a scenario's own, in a scenario's rubric.
    public func signals(definedIn file: String) -> [SignalDefinition] {
        signals.filter { $0.location.file == file }
    }

    /// The rubric with `model` in place of the one its file names (nil: patterns alone).
    public func replacingModel(with model: SignalModel?) -> Rubric {
        var copy = self
        copy.model = model
        copy.detector = detector.replacingModel(with: model)
        return copy
    }
}
