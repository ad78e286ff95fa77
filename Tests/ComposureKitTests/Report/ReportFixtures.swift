import ComposureKit
import Foundation

/// Hand-made ``ReportData`` for the renderer tests: a realistic cohort, and one made to break things.
enum ReportFixtures {
    /// 2025-02-03 09:00:00 UTC, a Monday.
    static let start = Date(timeIntervalSince1970: 1_738_573_200)
    static let day: TimeInterval = 86_400

    static let criteria: [(id: String, title: String)] = [
        ("empathy", "Empathy"), ("apology", "Sincere apology"), ("honesty", "Honesty"),
        ("offline", "Take it offline"), ("keep_cool", "Keep cool"), ("ownership", "Own mistakes"),
        ("solution", "Concrete next step"), ("follow_up", "Follow-up with a time"),
    ]

    static let scenarios: [(id: String, title: String)] = [
        ("garadget-reviewer", "The one-star review at midnight"), ("late-parcel", "The parcel that never came"),
        ("refund-row", "The refund row"), ("gym-cancel", "Cancelling the gym membership"),
    ]

    /// Per trainee: name, scores oldest first, passes and fails per criterion (in ``criteria`` order).
    static let cohort: [(name: String, scores: [Int], passes: [Int], fails: [Int], seconds: Double)] = [
        ("Ann Okafor", [48, 55, 61, 58, 70, 74, 79, 83], [5, 2, 8, 3, 8, 6, 7, 4], [1, 6, 0, 3, 0, 2, 1, 4], 41.5),
        ("Ben Ruiz", [72, 66, 75, 71, 69, 78], [6, 4, 6, 4, 5, 5, 6, 1], [0, 2, 0, 1, 1, 1, 0, 5], 27.2),
        ("Chloé Martin", [35, 42, 38, 51, 57], [2, 1, 4, 0, 3, 2, 3, 1], [3, 4, 1, 4, 2, 3, 2, 4], 63.0),
        ("Dev Patel", [81, 88, 84, 90], [4, 4, 4, 2, 4, 3, 4, 3], [0, 0, 0, 0, 0, 1, 0, 1], 33.8),
    ]

    static func rate(_ passes: Int, _ fails: Int) -> Double? {
        passes + fails == 0 ? nil : Double(passes) / Double(passes + fails)
    }

    /// A cohort of four trainees over four scenarios and one graded batch.
    static func rich() -> ReportData {
        var sessions: [SessionSummary] = []
        var trainees: [TraineeReport] = []
        for (row, trainee) in cohort.enumerated() {
            var points: [ScorePoint] = []
            for (index, score) in trainee.scores.enumerated() {
                let scenario = scenarios[(index + row) % scenarios.count]
                let started = start.addingTimeInterval(Double(index) * 2.5 * day + Double(row) * 3_600)
                points.append(ScorePoint(date: started, score: score, scenarioID: scenario.id))
                let outcome: Outcome = score >= 70 ? .resolved : score < 45 ? .lost : .escalated
                sessions.append(
                    SessionSummary(
                        id: Int64(sessions.count + 1), trainee: trainee.name, scenarioID: scenario.id,
                        scenarioTitle: scenario.title, rubricID: "core", rubricHash: "9f2c41d07ab3e655",
                        startedAt: started, endedAt: started.addingTimeInterval(252 + Double(index * 17)),
                        outcome: outcome, ending: outcome == .lost ? "viral" : "calm", score: score,
                        capped: false, replies: 6, meanReplySeconds: trainee.seconds,
                        criteria: criteria.enumerated().map { column, criterion in
                            let pass = (index + column) % 3 != 0 || score >= 80
                            return CriterionVerdict(
                                id: criterion.id, title: criterion.title, verdict: pass ? .pass : .fail,
                                score: pass ? 100 : 20)
                        }, weakestCriterion: score >= 80 ? nil : "apology"))
            }
            let stats = criteria.enumerated().map { column, criterion in
                CriterionStat(
                    id: criterion.id, title: criterion.title, passes: trainee.passes[column],
                    fails: trainee.fails[column], passRate: rate(trainee.passes[column], trainee.fails[column]),
                    trend: [0.25, -0.1, 0, 0.5, nil, 0.17, -0.33, 0.08][column])
            }
            let weakest = stats.filter { $0.fails > 0 }.sorted { ($0.passRate ?? 1) < ($1.passRate ?? 1) }.prefix(3)
                .map { stat in
                    WeakCriterion(
                        id: stat.id, title: stat.title, passRate: stat.passRate,
                        worst: Quote(
                            text: worstWords[stat.id] ?? "Please read the FAQ.", scenarioID: "garadget-reviewer",
                            sessionID: 3, signal: "non_apology"),
                        best: Quote(
                            text: bestWords[stat.id] ?? "Thanks for telling us.", scenarioID: "late-parcel",
                            sessionID: 7, signal: stat.id))
                }
            trainees.append(
                TraineeReport(
                    name: trainee.name, sessions: trainee.scores.count, scores: points,
                    scoreTrend: slope(trainee.scores), criteria: stats, weakest: Array(weakest),
                    meanReplySeconds: trainee.seconds))
        }
        sessions.append(abandoned(id: Int64(sessions.count + 1)))
        let matrix = CohortMatrix(
            trainees: trainees.map(\.name), criteria: criteria.map(\.id),
            passRates: cohort.map { trainee in criteria.indices.map { rate(trainee.passes[$0], trainee.fails[$0]) } })
        return ReportData(
            generatedAt: start.addingTimeInterval(30 * day), filters: ReportData.Filters(since: start),
            trainees: trainees, scenarios: scenarioReports(), cohort: matrix, batches: [batch()], sessions: sessions)
    }

    static let worstWords = [
        "apology": "I'm sorry you feel that way, but the opener works for most customers.",
        "offline": "As I already said in the thread, the firmware update fixes it.",
        "follow_up": "Someone will probably get back to you at some point.",
        "ownership": "The courier lost it, that's not really on us.",
        "empathy": "OK. What is the order number?",
        "solution": "There's nothing more I can do here.",
        "keep_cool": "You're clearly not reading the emails we send.",
    ]

    static let bestWords = [
        "apology": "I'm so sorry we let you down three times this week.",
        "offline": "Could you DM us your order number so I can look into it properly?",
        "follow_up": "I'll update you by 5 pm tomorrow, whatever the courier says.",
        "ownership": "That one is on us: we shipped it to the old address.",
        "empathy": "Standing in the rain with the door shut sounds miserable.",
        "solution": "I'll send a replacement opener today, tracked, at no cost.",
        "keep_cool": "I hear you. Here is what I can do right now.",
    ]

    static func slope(_ values: [Int]) -> Double? {
        guard values.count >= 2 else { return nil }
        let meanX = Double(values.count - 1) / 2
        let meanY = Double(values.reduce(0, +)) / Double(values.count)
        var numerator = 0.0
        var denominator = 0.0
        for (index, value) in values.enumerated() {
            numerator += (Double(index) - meanX) * (Double(value) - meanY)
            denominator += (Double(index) - meanX) * (Double(index) - meanX)
        }
        return numerator / denominator
    }

    static func abandoned(id: Int64) -> SessionSummary {
        SessionSummary(
            id: id, trainee: "Ben Ruiz", scenarioID: "gym-cancel", scenarioTitle: "Cancelling the gym membership",
            rubricID: "core", rubricHash: "9f2c41d07ab3e655", startedAt: start.addingTimeInterval(20 * day),
            endedAt: start.addingTimeInterval(20 * day + 95), outcome: .abandoned, ending: nil, score: 40,
            capped: false, replies: 2, meanReplySeconds: 30,
            criteria: [CriterionVerdict(id: "let_go", title: "Let them cancel", verdict: .notApplicable, score: nil)],
            weakestCriterion: nil)
    }

    static func scenarioReports() -> [ScenarioReport] {
        [
            ScenarioReport(
                id: "garadget-reviewer", title: "The one-star review at midnight", sessions: 7,
                outcomeRates: ["resolved": 3.0 / 7, "escalated": 2.0 / 7, "lost": 2.0 / 7], averageScore: 61.43,
                mostLostBeat: "review", mostLostBeatCount: 2,
                signalsBeforeLoss: [
                    SignalCount(signal: "non_apology", count: 2), SignalCount(signal: "blame", count: 1),
                ]),
            ScenarioReport(
                id: "late-parcel", title: "The parcel that never came", sessions: 6,
                outcomeRates: ["resolved": 0.5, "escalated": 1.0 / 3, "lost": 1.0 / 6], averageScore: 66.5,
                mostLostBeat: "second_chase", mostLostBeatCount: 1,
                signalsBeforeLoss: [SignalCount(signal: "guarantee", count: 1)]),
            ScenarioReport(
                id: "refund-row", title: "The refund row", sessions: 5,
                outcomeRates: ["resolved": 0.6, "escalated": 0.2, "lost": 0.2], averageScore: 70.8,
                mostLostBeat: "policy", mostLostBeatCount: 1,
                signalsBeforeLoss: [
                    SignalCount(signal: "boundary", count: 1), SignalCount(signal: "shouting", count: 1),
                ]),
            ScenarioReport(
                id: "gym-cancel", title: "Cancelling the gym membership", sessions: 6,
                outcomeRates: ["resolved": 0.5, "cancelled": 1.0 / 6, "lost": 1.0 / 6, "abandoned": 1.0 / 6],
                averageScore: 64.2, mostLostBeat: "retention", mostLostBeatCount: 1,
                signalsBeforeLoss: [SignalCount(signal: "retention_offer", count: 1)]),
        ]
    }

    static func batch() -> BatchReport {
        let histogram = [1, 3, 6, 11, 17, 26, 38, 49, 41, 24]
        let stats = criteria.enumerated().map { column, criterion in
            let passes = [181, 142, 209, 77, 201, 119, 168, 96][column]
            let fails = [35, 74, 7, 41, 15, 37, 48, 120][column]
            return CriterionStat(
                id: criterion.id, title: criterion.title, passes: passes, fails: fails,
                passRate: rate(passes, fails), trend: [0.04, -0.02, 0, 0.06, 0.01, -0.05, 0.03, 0.09][column])
        }
        return BatchReport(
            id: 12, source: "helpdesk-export-2025-02.jsonl", rubricID: "core",
            gradedAt: start.addingTimeInterval(27 * day),
            conversations: histogram.reduce(0, +), meanScore: 67.9, scoreHistogram: histogram, criteria: stats,
            lowest: [
                LowConversation(
                    id: "ticket-48213", score: 4,
                    failures: [
                        LowConversation.Failure(
                            criterion: "keep_cool", evidence: ["your poor impulse control", "READ THE EMAIL!!!"]),
                        LowConversation.Failure(criterion: "apology", evidence: []),
                    ],
                    attribution: Attribution(
                        agent: "Ann Okafor", team: "Billing", channel: "email",
                        time: start.addingTimeInterval(3 * day)),
                    link: "https://helpdesk.example/tickets/ticket-48213"),
                LowConversation(
                    id: "ticket-47750", score: 12,
                    failures: [
                        LowConversation.Failure(criterion: "honesty", evidence: ["I guarantee it will definitely work"])
                    ]),
                LowConversation(
                    id: "ticket-49102", score: 23,
                    failures: [
                        LowConversation.Failure(
                            criterion: "let_go", evidence: ["before you go, how about a free month?"]),
                        LowConversation.Failure(criterion: "follow_up", evidence: []),
                    ]),
            ],
            agents: [
                GroupStat(
                    key: "Ann Okafor", team: "Billing", teams: 1, conversations: 120, meanScore: 64.5,
                    criteria: Array(stats.prefix(2))),
                GroupStat(
                    key: "Bo Lind", team: nil, teams: 2, conversations: 90, meanScore: 72.25,
                    criteria: Array(stats.suffix(2))),
                GroupStat(key: "", team: nil, teams: 0, conversations: 6, meanScore: 61, criteria: []),
            ],
            weeks: [
                GroupStat(key: "2025-W06", team: nil, teams: 2, conversations: 100, meanScore: 65, criteria: stats),
                GroupStat(key: "2025-W07", team: nil, teams: 2, conversations: 116, meanScore: 70.5, criteria: stats),
            ],
            trendOrder: .time(dated: 210, undated: 6))
    }
}
