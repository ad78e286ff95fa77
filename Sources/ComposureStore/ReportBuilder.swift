import ComposureKit
import Foundation
import GRDB

/// Builds ``ReportData`` from the store: per trainee, per scenario, the cohort, and graded batches.
package struct ReportBuilder: Sendable {
    /// The store read.
    package let store: Store

    /// Creates a builder.
    package init(store: Store) {
        self.store = store
    }

    /// The report for `filters`.
    package func build(_ filters: ReportData.Filters, now: Date = Date()) throws -> ReportData {
        let sessions = try store.sessions(filters)
        var turnsBySession: [Int64: [StoredTurn]] = [:]
        var evidenceBySession: [Int64: [(criterion: String, signal: String, text: String, supports: Bool)]] = [:]
        for session in sessions {
            turnsBySession[session.id] = try store.turns(ofSession: session.id)
            evidenceBySession[session.id] = try store.evidence(ofSession: session.id)
        }
        let trainees = Dictionary(grouping: sessions, by: \.trainee).keys.sorted().map { name in
            traineeReport(
                name: name, sessions: sessions.filter { $0.trainee == name }, turns: turnsBySession,
                evidence: evidenceBySession)
        }
        let scenarios = Dictionary(grouping: sessions, by: \.scenarioID).keys.sorted().map { id in
            scenarioReport(sessions: sessions.filter { $0.scenarioID == id }, turns: turnsBySession)
        }
        // Batches and calibration runs have no trainee or scenario: shown only when neither is asked for.
        let unfiltered = filters.trainee == nil && filters.scenario == nil
        let batches = unfiltered ? try batchReports(filters) : []
        let calibrations =
            unfiltered
            ? CalibrationRecord.latestByRubric(try store.calibrations(since: filters.since, until: filters.until))
                .flatMap { [$0.latest] + ($0.previous.map { [$0] } ?? []) } : []
        return ReportData(
            generatedAt: now, filters: filters, trainees: trainees, scenarios: scenarios,
            cohort: cohort(trainees), batches: batches, sessions: sessions, calibrations: calibrations)
    }

    // MARK: Trainees

    func traineeReport(
        name: String, sessions: [SessionSummary], turns: [Int64: [StoredTurn]],
        evidence: [Int64: [(criterion: String, signal: String, text: String, supports: Bool)]]
    ) -> TraineeReport {
        let scored = sessions.filter { $0.score != nil }
        let points = scored.map {
            ScorePoint(date: $0.startedAt, score: $0.score ?? 0, scenarioID: $0.scenarioID, rubricID: $0.rubricID)
        }
        let criteria = Self.criterionStats(sessions.map(\.criteria))
        let weakest = criteria.filter { $0.fails > 0 }.sorted(by: Self.weaker)
            .prefix(3).map { stat -> WeakCriterion in
                var worst: Quote?
                var best: Quote?
                for session in sessions {
                    for item in evidence[session.id] ?? [] where item.criterion == stat.id {
                        let quote = Quote(
                            text: item.text, scenarioID: session.scenarioID, sessionID: session.id, signal: item.signal)
                        if !item.supports, worst == nil { worst = quote }
                        if item.supports, best == nil { best = quote }
                    }
                }
                if worst == nil,
                    let missed = sessions.first(where: {
                        $0.criteria.contains { $0.id == stat.id && $0.verdict == .fail }
                    }),
                    let reply = turns[missed.id]?.first(where: { $0.role == .agent })
                {
                    worst = Quote(text: reply.text, scenarioID: missed.scenarioID, sessionID: missed.id, signal: nil)
                }
                return WeakCriterion(id: stat.id, title: stat.title, passRate: stat.passRate, worst: worst, best: best)
            }
        let seconds = sessions.flatMap { turns[$0.id] ?? [] }.compactMap(\.replySeconds)
        return TraineeReport(
            name: name, sessions: sessions.count, scores: points,
            scoreTrend: points.count >= ReportFigures.trendMinimum
                ? Statistics.slope(points.map { Double($0.score) }) : nil,
            criteria: criteria, weakest: Array(weakest),
            meanReplySeconds: seconds.isEmpty ? nil : seconds.reduce(0, +) / Double(seconds.count))
    }

    /// Whether `a` comes before `b` among a trainee's weakest criteria: by importance, then by pass rate. A
    /// criterion failed fatally (the failure capped a score) comes first, then the heavier in the rubric,
    /// then the lower pass rate, then the id; so a fatal keep-your-cool failure at 67 % is not hidden behind
    /// three criteria at 0 % (issue 19).
    static func weaker(_ a: CriterionStat, _ b: CriterionStat) -> Bool {
        (a.fatalFailures > 0 ? 0 : 1, -a.weight, a.passRate ?? 1, a.id)
            < (b.fatalFailures > 0 ? 0 : 1, -b.weight, b.passRate ?? 1, b.id)
    }

    /// Pass rates per criterion over a list of sessions (or conversations), with the half-on-half trend.
    static func criterionStats(_ runs: [[CriterionVerdict]]) -> [CriterionStat] {
        var tally = BatchTally(lowest: 0)
        for run in runs { tally.addVerdicts(run) }
        return tally.criteria
    }

    // MARK: Scenarios and cohort

    func scenarioReport(sessions: [SessionSummary], turns: [Int64: [StoredTurn]]) -> ScenarioReport {
        var rates: [String: Double] = [:]
        for (outcome, group) in Dictionary(grouping: sessions, by: \.outcome.rawValue) {
            rates[outcome] = Double(group.count) / Double(sessions.count)
        }
        let scores = sessions.compactMap(\.score)
        let lost = sessions.filter { $0.outcome == .lost }
        var beats: [String: Int] = [:]
        var signals: [String: Int] = [:]
        for session in lost {
            let history = turns[session.id] ?? []
            // The beat the customer was in when the last reply came, and what that reply showed.
            if let lastReply = history.lastIndex(where: { $0.role == .agent }) {
                let before = history[..<lastReply].last { $0.beat != nil }?.beat
                if let beat = before ?? history[lastReply].beat { beats[beat, default: 0] += 1 }
                for signal in Set(history[lastReply].signals) { signals[signal, default: 0] += 1 }
            }
        }
        let top = beats.max { ($0.value, $1.key) < ($1.value, $0.key) }
        return ScenarioReport(
            id: sessions.first?.scenarioID ?? "", title: sessions.first?.scenarioTitle ?? "", sessions: sessions.count,
            outcomeRates: rates,
            averageScore: scores.isEmpty ? nil : Double(scores.reduce(0, +)) / Double(scores.count),
            mostLostBeat: top?.key, mostLostBeatCount: top?.value ?? 0,
            signalsBeforeLoss: signals.map { SignalCount(signal: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.signal) > ($1.count, $0.signal) })
    }

    func cohort(_ trainees: [TraineeReport]) -> CohortMatrix {
        var criteria: [String] = []
        for trainee in trainees {
            for stat in trainee.criteria where !criteria.contains(stat.id) { criteria.append(stat.id) }
        }
        let rates = trainees.map { trainee in
            criteria.map { id in trainee.criteria.first { $0.id == id }?.passRate }
        }
        return CohortMatrix(trainees: trainees.map(\.name), criteria: criteria, passRates: rates)
    }

    // MARK: Batches

    func batchReports(_ filters: ReportData.Filters) throws -> [BatchReport] {
        try store.batches(since: filters.since, until: filters.until).map { batch in
            let id: Int64 = batch["id"]
            return try store.read { db in
                // Through the link: a batch holds every conversation it graded, also those an
                // earlier batch stored first; in the order they were linked (input order).
                let conversations = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT conversation.id, external_id, score, channel, agent, team, started_at
                        FROM batch_conversation
                        JOIN conversation ON conversation.id = batch_conversation.conversation_id
                        WHERE batch_conversation.batch_id = ? ORDER BY batch_conversation.id
                        """, arguments: [id])
                let verdictRows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT criterion_result.conversation_id AS cid, criterion, title, verdict, criterion_result.score AS score,
                            evidence, weight, criterion_result.fatal AS fatal
                        FROM criterion_result
                        JOIN batch_conversation ON batch_conversation.conversation_id = criterion_result.conversation_id
                        WHERE batch_conversation.batch_id = ? ORDER BY criterion_result.id
                        """, arguments: [id])
                let grouped = Dictionary(grouping: verdictRows) { (row: Row) -> Int64 in row["cid"] }
                var tally = BatchTally()
                for row in conversations {
                    let rows = grouped[row["id"] as Int64] ?? []
                    tally.add(
                        id: row["external_id"], score: row["score"],
                        criteria: try rows.map {
                            CriterionVerdict(
                                id: $0["criterion"], title: $0["title"], verdict: try store.verdict(of: $0),
                                score: $0["score"], weight: $0["weight"], fatal: $0["fatal"])
                        },
                        attribution: Attribution(
                            agent: row["agent"], team: row["team"], channel: row["channel"], time: row["started_at"]),
                        failures: {
                            rows.filter { ($0["verdict"] as String) == Verdict.fail.rawValue }.map { failure in
                                LowConversation.Failure(
                                    criterion: failure["criterion"],
                                    evidence: StoredEvidence.decode(failure["evidence"]).filter { !$0.supports }.map(
                                        \.text))
                            }
                        })
                }
                return BatchReport(
                    id: id, source: batch["source"], rubricID: batch["rubric_id"], gradedAt: batch["created_at"],
                    tally: tally, state: BatchState(rawValue: batch["state"]) ?? .complete)
            }
        }
    }
}
