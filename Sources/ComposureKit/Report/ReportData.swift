import Foundation

/// Everything `composure report` shows, as plain values: the store fills it, renderers draw it.
///
/// Kept free of the database so that renderers can be tested on hand-made values
/// and the engine stays embeddable.
public struct ReportData: Sendable, Codable, Hashable {
    /// When the report was made.
    public var generatedAt: Date
    /// The filters it was made with.
    public var filters: Filters
    /// One section per trainee, by name.
    public var trainees: [TraineeReport]
    /// One section per scenario, by id.
    public var scenarios: [ScenarioReport]
    /// Pass rate of every trainee on every criterion.
    public var cohort: CohortMatrix
    /// One section per batch of graded transcripts.
    public var batches: [BatchReport]
    /// Every session in range, oldest first (for exports such as xAPI).
    public var sessions: [SessionSummary]

    /// Creates report data.
    public init(
        generatedAt: Date, filters: Filters, trainees: [TraineeReport], scenarios: [ScenarioReport],
        cohort: CohortMatrix, batches: [BatchReport], sessions: [SessionSummary]
    ) {
        self.generatedAt = generatedAt
        self.filters = filters
        self.trainees = trainees
        self.scenarios = scenarios
        self.cohort = cohort
        self.batches = batches
        self.sessions = sessions
    }

    /// What the report was restricted to.
    public struct Filters: Sendable, Codable, Hashable {
        public var trainee: String?
        public var scenario: String?
        public var since: Date?
        public var until: Date?

        public init(trainee: String? = nil, scenario: String? = nil, since: Date? = nil, until: Date? = nil) {
            self.trainee = trainee
            self.scenario = scenario
            self.since = since
            self.until = until
        }
    }
}

/// One played session, summarised.
public struct SessionSummary: Sendable, Codable, Hashable {
    /// The store's id for the session.
    public var id: Int64
    public var trainee: String
    public var scenarioID: String
    public var scenarioTitle: String
    public var rubricID: String
    public var rubricHash: String
    public var startedAt: Date
    /// Nil while unfinished.
    public var endedAt: Date?
    /// `resolved`, `lost`, `escalated`, `cancelled`, or `abandoned` (also for sessions never finished).
    public var outcome: String
    /// The ending reached, if any.
    public var ending: String?
    /// 0–100, nil when the session was never scored.
    public var score: Int?
    public var capped: Bool
    /// Trainee replies.
    public var replies: Int
    /// Mean seconds per reply, when recorded.
    public var meanReplySeconds: Double?
    /// Each criterion's verdict and score.
    public var criteria: [CriterionVerdict]
    /// The criterion with the lowest score, if any failed.
    public var weakestCriterion: String?

    public init(
        id: Int64, trainee: String, scenarioID: String, scenarioTitle: String, rubricID: String, rubricHash: String,
        startedAt: Date, endedAt: Date?, outcome: String, ending: String?, score: Int?, capped: Bool, replies: Int,
        meanReplySeconds: Double?, criteria: [CriterionVerdict], weakestCriterion: String?
    ) {
        self.id = id
        self.trainee = trainee
        self.scenarioID = scenarioID
        self.scenarioTitle = scenarioTitle
        self.rubricID = rubricID
        self.rubricHash = rubricHash
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.ending = ending
        self.score = score
        self.capped = capped
        self.replies = replies
        self.meanReplySeconds = meanReplySeconds
        self.criteria = criteria
        self.weakestCriterion = weakestCriterion
    }
}

/// A criterion's verdict in one session or conversation.
public struct CriterionVerdict: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    /// `pass`, `fail` or `not_applicable`.
    public var verdict: String
    public var score: Int?

    public init(id: String, title: String, verdict: String, score: Int?) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.score = score
    }
}

/// A criterion's pass rate, overall and its trend.
public struct CriterionStat: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var passes: Int
    public var fails: Int
    /// passes / (passes + fails), nil when never applicable.
    public var passRate: Double?
    /// Pass rate in the later half of the sessions minus the earlier half, nil with fewer than 2 sessions.
    public var trend: Double?

    public init(id: String, title: String, passes: Int, fails: Int, passRate: Double?, trend: Double?) {
        self.id = id
        self.title = title
        self.passes = passes
        self.fails = fails
        self.passRate = passRate
        self.trend = trend
    }
}

/// A quote from a trainee's own replies, for a criterion.
public struct Quote: Sendable, Codable, Hashable {
    public var text: String
    public var scenarioID: String
    public var sessionID: Int64
    /// The signal the words fired, if any.
    public var signal: String?

    public init(text: String, scenarioID: String, sessionID: Int64, signal: String?) {
        self.text = text
        self.scenarioID = scenarioID
        self.sessionID = sessionID
        self.signal = signal
    }
}

/// One trainee's progress.
public struct TraineeReport: Sendable, Codable, Hashable {
    public var name: String
    public var sessions: Int
    /// Score of each scored session, oldest first.
    public var scores: [ScorePoint]
    /// Least-squares slope of score per session; nil with fewer than 2 scored sessions.
    public var scoreTrend: Double?
    /// Every criterion that applied at least once.
    public var criteria: [CriterionStat]
    /// The (up to) three weakest criteria, with the trainee's worst and best words for each.
    public var weakest: [WeakCriterion]
    /// Mean seconds per reply over all sessions, when recorded.
    public var meanReplySeconds: Double?

    public init(
        name: String, sessions: Int, scores: [ScorePoint], scoreTrend: Double?, criteria: [CriterionStat],
        weakest: [WeakCriterion], meanReplySeconds: Double?
    ) {
        self.name = name
        self.sessions = sessions
        self.scores = scores
        self.scoreTrend = scoreTrend
        self.criteria = criteria
        self.weakest = weakest
        self.meanReplySeconds = meanReplySeconds
    }
}

/// A score at a time.
public struct ScorePoint: Sendable, Codable, Hashable {
    public var date: Date
    public var score: Int
    public var scenarioID: String

    public init(date: Date, score: Int, scenarioID: String) {
        self.date = date
        self.score = score
        self.scenarioID = scenarioID
    }
}

/// A weak criterion with the trainee's own worst and best words.
public struct WeakCriterion: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var passRate: Double?
    /// Words that broke the criterion (or a reply where it was missed).
    public var worst: Quote?
    /// Words that met it.
    public var best: Quote?

    public init(id: String, title: String, passRate: Double?, worst: Quote?, best: Quote?) {
        self.id = id
        self.title = title
        self.passRate = passRate
        self.worst = worst
        self.best = best
    }
}

/// One scenario across sessions.
public struct ScenarioReport: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var sessions: Int
    /// Share of sessions per outcome (`resolved`, `lost`, `escalated`, `cancelled`, `abandoned`).
    public var outcomeRates: [String: Double]
    public var averageScore: Double?
    /// The beat in which most lost sessions were lost, and how many.
    public var mostLostBeat: String?
    public var mostLostBeatCount: Int
    /// Signals in the reply just before a loss, most frequent first.
    public var signalsBeforeLoss: [SignalCount]

    public init(
        id: String, title: String, sessions: Int, outcomeRates: [String: Double], averageScore: Double?,
        mostLostBeat: String?, mostLostBeatCount: Int, signalsBeforeLoss: [SignalCount]
    ) {
        self.id = id
        self.title = title
        self.sessions = sessions
        self.outcomeRates = outcomeRates
        self.averageScore = averageScore
        self.mostLostBeat = mostLostBeat
        self.mostLostBeatCount = mostLostBeatCount
        self.signalsBeforeLoss = signalsBeforeLoss
    }
}

/// A signal and how often it was seen.
public struct SignalCount: Sendable, Codable, Hashable {
    public var signal: String
    public var count: Int

    public init(signal: String, count: Int) {
        self.signal = signal
        self.count = count
    }
}

/// Trainee × criterion pass rates.
public struct CohortMatrix: Sendable, Codable, Hashable {
    public var trainees: [String]
    public var criteria: [String]
    /// `passRates[trainee][criterion]`, nil where the criterion never applied.
    public var passRates: [[Double?]]

    public init(trainees: [String], criteria: [String], passRates: [[Double?]]) {
        self.trainees = trainees
        self.criteria = criteria
        self.passRates = passRates
    }
}

/// A batch of graded transcripts.
public struct BatchReport: Sendable, Codable, Hashable {
    public var id: Int64
    /// What was graded (file or folder names).
    public var source: String
    public var rubricID: String
    public var gradedAt: Date
    public var conversations: Int
    public var meanScore: Double?
    /// Conversations per score decile: [0–9], [10–19], ..., [90–100].
    public var scoreHistogram: [Int]
    public var criteria: [CriterionStat]
    /// The lowest-scoring conversations, lowest first, with their evidence.
    public var lowest: [LowConversation]
    /// Whether grading went to the end of the input.
    public var state: BatchState

    public init(
        id: Int64, source: String, rubricID: String, gradedAt: Date, conversations: Int, meanScore: Double?,
        scoreHistogram: [Int], criteria: [CriterionStat], lowest: [LowConversation], state: BatchState = .complete
    ) {
        self.id = id
        self.source = source
        self.rubricID = rubricID
        self.gradedAt = gradedAt
        self.conversations = conversations
        self.meanScore = meanScore
        self.scoreHistogram = scoreHistogram
        self.criteria = criteria
        self.lowest = lowest
        self.state = state
    }
}

/// How a graded batch ended; the raw values are the ones stored.
public enum BatchState: String, Sendable, Codable, Hashable, CaseIterable {
    /// `grade --store` is still running, or was killed before it could record an end.
    case grading
    /// Every conversation of the input was graded.
    case complete
    /// Ctrl-C or a store error stopped grading before the end of the input.
    case interrupted

    /// What reports say of a batch in this state; nil for a complete one.
    public var note: String? {
        switch self {
        case .complete: return nil
        case .interrupted: return "interrupted: grading stopped before the end of its input"
        case .grading: return "unfinished: still being graded, or grading was killed before the end of its input"
        }
    }
}

/// A low-scoring conversation and why.
public struct LowConversation: Sendable, Codable, Hashable {
    public var id: String
    public var score: Int
    /// Failed criteria with the words that broke them (or nothing, for a miss).
    public var failures: [Failure]

    public init(id: String, score: Int, failures: [Failure]) {
        self.id = id
        self.score = score
        self.failures = failures
    }

    public struct Failure: Sendable, Codable, Hashable {
        public var criterion: String
        public var evidence: [String]

        public init(criterion: String, evidence: [String]) {
            self.criterion = criterion
            self.evidence = evidence
        }
    }
}
