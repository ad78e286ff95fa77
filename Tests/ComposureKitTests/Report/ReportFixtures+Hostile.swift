import ComposureKit
import Foundation

/// Report data made to break every format: SQL, HTML, spreadsheet formulas and terminal escapes.
extension ReportFixtures {
    static let injectedName = "'; DROP TABLE session; --"
    static let script = "<script>alert(1)</script>"
    static let formula = "=cmd|' /C calc'!A0"
    static let escapes = "\u{1B}]0;pwned\u{07}\u{1B}[31m"
    /// A reply carrying all of the above at once.
    static let hostileQuote = "\(script) \(formula) \(escapes)red & \"quoted\" 'single'"

    /// One trainee, one scenario, one batch, each full of hostile text; numbers chosen to be checked.
    static func hostile() -> ReportData {
        let started = start
        let quote = Quote(text: hostileQuote, scenarioID: "<b>scn</b>", sessionID: 1, signal: "\(script)signal")
        let criteria = [
            CriterionStat(
                id: "empathy", title: "Empathy \(script)", passes: 5, fails: 1, passRate: 5.0 / 6, trend: 0.25),
            CriterionStat(id: "=1+2", title: "@SUM(A1:A9)", passes: 1, fails: 2, passRate: 1.0 / 3, trend: -0.5),
        ]
        let trainee = TraineeReport(
            name: injectedName, sessions: 3,
            scores: [
                ScorePoint(date: started, score: 55, scenarioID: script),
                ScorePoint(date: started.addingTimeInterval(day), score: 72, scenarioID: script),
                ScorePoint(date: started.addingTimeInterval(2 * day), score: 75, scenarioID: formula),
            ],
            scoreTrend: 10, criteria: criteria,
            weakest: [
                WeakCriterion(id: "=1+2", title: "+\(escapes)title", passRate: 1.0 / 3, worst: quote, best: quote)
            ],
            meanReplySeconds: 42)
        let scenario = ScenarioReport(
            id: "\(script)id", title: "\(escapes)\(script)", sessions: 3,
            outcomeRates: ["resolved": 2.0 / 3, "<img src=x onerror=alert(1)>": 1.0 / 3], averageScore: 67.33,
            mostLostBeat: "-\(script)beat", mostLostBeatCount: 1,
            signalsBeforeLoss: [SignalCount(signal: "\(escapes)\(formula)", count: 4)])
        let session = SessionSummary(
            id: 1, trainee: injectedName, scenarioID: "\(script)/../?x=1&y", scenarioTitle: "\(escapes)\(script)",
            rubricID: "=core", rubricHash: "@hash", startedAt: started, endedAt: started.addingTimeInterval(252),
            outcome: .resolved, ending: script, score: 72, capped: false, replies: 4, meanReplySeconds: 42,
            criteria: [CriterionVerdict(id: "\(script)\(escapes)", title: formula, verdict: .pass, score: 100)],
            weakestCriterion: formula)
        let batch = BatchReport(
            id: 9, source: "\(script)\(escapes).jsonl", rubricID: "+core", gradedAt: started, conversations: 2,
            meanScore: 41.5, scoreHistogram: [0, 0, 1, 0, 0, 0, 1, 0, 0, 0], criteria: criteria,
            lowest: [
                LowConversation(
                    id: formula, score: 23,
                    failures: [LowConversation.Failure(criterion: "-\(script)", evidence: [hostileQuote])],
                    attribution: Attribution(agent: script, team: formula, channel: escapes, time: started))
            ],
            agents: [
                GroupStat(
                    key: "\(script)\(escapes)", team: formula, teams: 1, conversations: 2, meanScore: 41.5,
                    criteria: criteria)
            ],
            weeks: [GroupStat(key: injectedName, team: nil, teams: 0, conversations: 2, meanScore: 41.5, criteria: [])],
            trendOrder: .input)
        return ReportData(
            generatedAt: started.addingTimeInterval(3 * day),
            filters: ReportData.Filters(trainee: injectedName, scenario: script),
            trainees: [trainee], scenarios: [scenario],
            cohort: CohortMatrix(
                trainees: [injectedName], criteria: ["empathy", script], passRates: [[5.0 / 6, nil]]),
            batches: [batch], sessions: [session]
        ).linkingTickets(to: hostileTicketURL)
    }

    /// A template with a query and a fragment, so an id that is not encoded would show.
    static let hostileTicketURL = try! TicketURLTemplate("https://helpdesk.example/t/{id}?ref=composure#top")
}
