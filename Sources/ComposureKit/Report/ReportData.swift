import Foundation

/// Everything `composure report` shows, as plain values: the store fills it, renderers draw it.
///
/// Kept free of the database so that renderers can be tested on hand-made values
/// and the engine stays embeddable.
package struct ReportData: Sendable, Codable, Hashable {
    /// When the report was made.
    package var generatedAt: Date
    /// The filters it was made with.
    package var filters: Filters
    /// One section per trainee, by name.
    package var trainees: [TraineeReport]
    /// One section per scenario, by id.
    package var scenarios: [ScenarioReport]
    /// Pass rate of every trainee on every criterion.
    package var cohort: CohortMatrix
    /// One section per batch of graded transcripts.
    package var batches: [BatchReport]
    /// Every session in range, oldest first (for exports such as xAPI).
    package var sessions: [SessionSummary]
    /// The calibration runs in range (`calibrate --store`): per rubric, the latest and the one before it,
    /// newest first, the rubrics by their latest run.
    package var calibrations: [CalibrationRecord]
    /// Each rubric's `scoring.pass_mark`, by rubric id, for the rubrics of the sessions and batches that the
    /// command could load; a rubric not listed counts with ``Rubric/defaultPassMark`` (``bands(rubric:)``).
    package var passMarks: [String: Int]

    /// Creates report data.
    package init(
        generatedAt: Date, filters: Filters, trainees: [TraineeReport], scenarios: [ScenarioReport],
        cohort: CohortMatrix, batches: [BatchReport], sessions: [SessionSummary],
        calibrations: [CalibrationRecord] = [], passMarks: [String: Int] = [:]
    ) {
        self.calibrations = calibrations
        self.passMarks = passMarks
        self.generatedAt = generatedAt
        self.filters = filters
        self.trainees = trainees
        self.scenarios = scenarios
        self.cohort = cohort
        self.batches = batches
        self.sessions = sessions
    }

    /// What the report was restricted to.
    package struct Filters: Sendable, Codable, Hashable {
        package var trainee: String?
        package var scenario: String?
        package var since: Date?
        package var until: Date?

        package init(trainee: String? = nil, scenario: String? = nil, since: Date? = nil, until: Date? = nil) {
            self.trainee = trainee
            self.scenario = scenario
            self.since = since
            self.until = until
        }
    }
}

/// One played session, summarised.
package struct SessionSummary: Sendable, Codable, Hashable {
    /// The store's id for the session.
    package var id: Int64
    package var trainee: String
    package var scenarioID: String
    package var scenarioTitle: String
    package var rubricID: String
    package var rubricHash: String
    package var startedAt: Date
    /// Nil while unfinished.
    package var endedAt: Date?
    /// How it ended (`abandoned` also for sessions never finished).
    package var outcome: Outcome
    /// The ending reached, if any.
    package var ending: String?
    /// 0–100, nil when the session was never scored.
    package var score: Int?
    package var capped: Bool
    /// Trainee replies.
    package var replies: Int
    /// Mean seconds per reply, when recorded.
    package var meanReplySeconds: Double?
    /// Each criterion's verdict and score.
    package var criteria: [CriterionVerdict]
    /// The criterion with the lowest score, if any failed.
    package var weakestCriterion: String?

    package init(
        id: Int64, trainee: String, scenarioID: String, scenarioTitle: String, rubricID: String, rubricHash: String,
        startedAt: Date, endedAt: Date?, outcome: Outcome, ending: String?, score: Int?, capped: Bool, replies: Int,
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
package struct CriterionVerdict: Sendable, Codable, Hashable {
    package var id: String
    package var title: String
    /// How it came out (written `pass`, `fail` or `not_applicable`).
    package var verdict: Verdict
    package var score: Int?
    /// The criterion's weight in the rubric (0 when not known).
    package var weight = 0
    /// Its failure broke a fatal requirement and capped the score.
    package var fatal = false

    private enum CodingKeys: String, CodingKey {
        case id, title, verdict, score
    }

    package init(id: String, title: String, verdict: Verdict, score: Int?, weight: Int = 0, fatal: Bool = false) {
        self.id = id
        self.title = title
        self.verdict = verdict
        self.score = score
        self.weight = weight
        self.fatal = fatal
    }
}

/// A criterion's pass rate, overall and its trend.
package struct CriterionStat: Sendable, Codable, Hashable {
    package var id: String
    package var title: String
    package var passes: Int
    package var fails: Int
    /// passes / (passes + fails), nil when never applicable.
    package var passRate: Double?
    /// Pass rate in the later half of the sessions minus the earlier half, nil unless each half holds
    /// ``ReportFigures/trendMinimumPerHalf``.
    package var trend: Double?
    /// The criterion's weight in the rubric (the largest seen; 0 when not known).
    package var weight = 0
    /// How many of its failures broke a fatal requirement.
    package var fatalFailures = 0

    private enum CodingKeys: String, CodingKey {
        case id, title, passes, fails, passRate, trend
    }

    package init(id: String, title: String, passes: Int, fails: Int, passRate: Double?, trend: Double?) {
        self.id = id
        self.title = title
        self.passes = passes
        self.fails = fails
        self.passRate = passRate
        self.trend = trend
    }
}

/// A quote from a trainee's own replies, for a criterion.
package struct Quote: Sendable, Codable, Hashable {
    package var text: String
    package var scenarioID: String
    package var sessionID: Int64
    /// The signal the words fired, if any.
    package var signal: String?

    package init(text: String, scenarioID: String, sessionID: Int64, signal: String?) {
        self.text = text
        self.scenarioID = scenarioID
        self.sessionID = sessionID
        self.signal = signal
    }
}

/// One trainee's progress.
package struct TraineeReport: Sendable, Codable, Hashable {
    package var name: String
    package var sessions: Int
    /// Score of each scored session, oldest first.
    package var scores: [ScorePoint]
    /// Least-squares slope of score per session; nil with fewer than 2 scored sessions.
    package var scoreTrend: Double?
    /// Every criterion that applied at least once.
    package var criteria: [CriterionStat]
    /// The (up to) three weakest criteria, with the trainee's worst and best words for each.
    package var weakest: [WeakCriterion]
    /// Mean seconds per reply over all sessions, when recorded.
    package var meanReplySeconds: Double?

    package init(
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
package struct ScorePoint: Sendable, Codable, Hashable {
    package var date: Date
    package var score: Int
    package var scenarioID: String
    /// The rubric the session was graded with (its pass mark bands the point); nil when not known.
    package var rubricID: String?

    package init(date: Date, score: Int, scenarioID: String, rubricID: String? = nil) {
        self.date = date
        self.score = score
        self.scenarioID = scenarioID
        self.rubricID = rubricID
    }
}

/// A weak criterion with the trainee's own worst and best words.
package struct WeakCriterion: Sendable, Codable, Hashable {
    package var id: String
    package var title: String
    package var passRate: Double?
    /// Words that broke the criterion (or a reply where it was missed).
    package var worst: Quote?
    /// Words that met it.
    package var best: Quote?

    package init(id: String, title: String, passRate: Double?, worst: Quote?, best: Quote?) {
        self.id = id
        self.title = title
        self.passRate = passRate
        self.worst = worst
        self.best = best
    }
}

/// One scenario across sessions.
package struct ScenarioReport: Sendable, Codable, Hashable {
    package var id: String
    package var title: String
    package var sessions: Int
    /// Share of sessions per outcome (`resolved`, `lost`, `escalated`, `cancelled`, `abandoned`).
    package var outcomeRates: [String: Double]
    package var averageScore: Double?
    /// The beat in which most lost sessions were lost, and how many.
    package var mostLostBeat: String?
    package var mostLostBeatCount: Int
    /// Signals in the reply just before a loss, most frequent first.
    package var signalsBeforeLoss: [SignalCount]

    package init(
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
package struct SignalCount: Sendable, Codable, Hashable {
    package var signal: String
    package var count: Int

    package init(signal: String, count: Int) {
        self.signal = signal
        self.count = count
    }
}

/// Trainee × criterion pass rates.
package struct CohortMatrix: Sendable, Codable, Hashable {
    package var trainees: [String]
    package var criteria: [String]
    /// `passRates[trainee][criterion]`, nil where the criterion never applied.
    package var passRates: [[Double?]]

    package init(trainees: [String], criteria: [String], passRates: [[Double?]]) {
        self.trainees = trainees
        self.criteria = criteria
        self.passRates = passRates
    }
}

/// A batch of graded transcripts.
package struct BatchReport: Sendable, Codable, Hashable {
    package var id: Int64
    /// What was graded (file or folder names).
    package var source: String
    package var rubricID: String
    package var gradedAt: Date
    package var conversations: Int
    package var meanScore: Double?
    /// Conversations per score decile: [0–9], [10–19], ..., [90–100].
    package var scoreHistogram: [Int]
    package var criteria: [CriterionStat]
    /// The lowest-scoring conversations, lowest first, with their evidence.
    package var lowest: [LowConversation]
    /// Whether grading went to the end of the input.
    package var state: BatchState
    /// One figure per agent, by name (conversations without an agent last); empty when none has an agent.
    package var agents: [GroupStat]
    /// One figure per ISO week, oldest first (conversations without a time last); empty when none has a time.
    package var weeks: [GroupStat]
    /// How the criteria's trends order the conversations: by time, or by input order when none has a time.
    package var trendOrder: TrendOrder

    package init(
        id: Int64, source: String, rubricID: String, gradedAt: Date, conversations: Int, meanScore: Double?,
        scoreHistogram: [Int], criteria: [CriterionStat], lowest: [LowConversation], state: BatchState = .complete,
        agents: [GroupStat] = [], weeks: [GroupStat] = [], trendOrder: TrendOrder = .input
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
        self.agents = agents
        self.weeks = weeks
        self.trendOrder = trendOrder
    }
}

/// How a graded batch ended; the raw values are the ones stored.
package enum BatchState: String, Sendable, Codable, Hashable, CaseIterable {
    /// `grade --store` is still running, or was killed before it could record an end.
    case grading
    /// Every conversation of the input was graded.
    case complete
    /// Ctrl-C or a store error stopped grading before the end of the input.
    case interrupted

    /// What reports say of a batch in this state; nil for a complete one.
    package var note: String? {
        switch self {
        case .complete: return nil
        case .interrupted: return "interrupted: grading stopped before the end of its input"
        case .grading: return "unfinished: still being graded, or grading was killed before the end of its input"
        }
    }
}

/// A low-scoring conversation and why.
package struct LowConversation: Sendable, Codable, Hashable {
    package var id: String
    package var score: Int
    /// Failed criteria with the words that broke them (or nothing, for a miss).
    package var failures: [Failure]
    /// Who handled it, where and when; nil when nothing is known.
    package var attribution: Attribution?
    /// The ticket's URL in the helpdesk, when the report was given a `--ticket-url` template.
    package var link: String?

    package init(
        id: String, score: Int, failures: [Failure], attribution: Attribution? = nil, link: String? = nil
    ) {
        self.id = id
        self.score = score
        self.failures = failures
        self.attribution = attribution
        self.link = link
    }

    package struct Failure: Sendable, Codable, Hashable {
        package var criterion: String
        package var evidence: [String]

        package init(criterion: String, evidence: [String]) {
            self.criterion = criterion
            self.evidence = evidence
        }
    }
}
