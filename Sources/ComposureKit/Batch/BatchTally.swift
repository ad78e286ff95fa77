import Foundation

/// The figures of a batch of graded conversations, added up one conversation at a time: how many, the
/// mean score and its deciles, each criterion's passes and fails (and, when kept, its trend), the same per
/// agent and per ISO week, and the lowest-scoring conversations with what failed.
///
/// The one place batch figures are computed: `grade`'s totals (``GradeSummary``) add live results,
/// `composure report` adds the store's rows, and a ``BatchReport`` is made from either.
package struct BatchTally: Sendable {
    /// Conversations added.
    package private(set) var conversations = 0
    /// Sum of their overall scores.
    package private(set) var scoreTotal = 0
    /// Conversations per score decile: [0–9], [10–19], ..., [90–100].
    package private(set) var scoreHistogram = Array(repeating: 0, count: 10)
    /// Criterion ids in the order they were first seen (rubric order).
    package private(set) var criterionOrder: [String] = []
    private var titles: [String] = []
    /// Passes and fails by position in `criterionOrder`.
    private(set) var passes: [Int] = []
    private(set) var fails: [Int] = []
    /// Each criterion's verdicts in conversation order, with the conversation's time, for trends; empty when
    /// not kept.
    private var outcomes: [[Outcome]] = []
    /// The conversation in which each criterion was last counted (a criterion counts once per conversation).
    private var countedIn: [Int] = []
    /// Per criterion, in ``criterionOrder``: its largest weight, and how many of its failures were fatal.
    private var weights: [Int] = []
    private var fatalFailures: [Int] = []
    private let keepsTrends: Bool
    private let keepsGroups: Bool
    private let lowestCount: Int
    /// Conversations added with a time.
    package private(set) var datedConversations = 0
    /// Per agent (`""` for conversations without one) and per ISO week (`""` without a time).
    private var agents: [String: GroupTally] = [:]
    private var weeks: [String: GroupTally] = [:]
    /// The lowest-scoring conversations so far, lowest first (the earlier first among equal scores).
    package private(set) var lowest: [LowConversation] = []

    /// One verdict of a criterion, with when its conversation happened.
    private struct Outcome {
        var time: Date?
        var passed: Bool
    }

    /// An empty tally.
    ///
    /// - Parameters:
    ///   - keepsTrends: Whether to keep every verdict for the criteria's trends (memory grows with the batch).
    ///   - lowest: How many of the lowest-scoring conversations to keep.
    ///   - keepsGroups: Whether to add up figures per agent and per week.
    package init(keepsTrends: Bool = true, lowest: Int = 5, keepsGroups: Bool = true) {
        self.keepsTrends = keepsTrends
        self.keepsGroups = keepsGroups
        self.lowestCount = max(0, lowest)
    }

    /// The mean overall score, or nil when nothing was added.
    package var meanScore: Double? {
        conversations == 0 ? nil : Double(scoreTotal) / Double(conversations)
    }

    /// Adds one graded conversation.
    ///
    /// Runs once per conversation on `grade`'s writing thread, the one serial stage of `grade --jobs N`: a
    /// criterion is found by its position (the same in every result of one rubric), not by hashing its id.
    ///
    /// - Parameters:
    ///   - result: The conversation's grade.
    ///   - attribution: Who handled it and when, for the per-agent and per-week figures and the trends.
    package mutating func add(_ result: GradeResult, attribution: Attribution = Attribution()) {
        addScore(result.score, time: attribution.time)
        var counted: [(index: Int, passed: Bool)] = []
        for (position, criterion) in result.criteria.enumerated() {
            if let verdict = count(
                criterion.id, title: criterion.title, verdict: criterion.verdict, position: position,
                time: attribution.time, weight: criterion.weight, fatal: criterion.isFatal)
            {
                counted.append(verdict)
            }
        }
        addToGroups(score: result.score, attribution: attribution, counted: counted)
        if isLow(result.score) {
            keepLow(
                LowConversation(
                    id: result.id, score: result.score,
                    failures: result.criteria.filter { $0.verdict == .fail }.map { criterion in
                        LowConversation.Failure(
                            criterion: criterion.id,
                            evidence: criterion.evidence.filter { !$0.supports }.map(\.evidence.text))
                    }, attribution: attribution.isEmpty ? nil : attribution))
        }
    }

    /// Adds one conversation as stored: its verdicts, and its failures, asked for only when it is among the
    /// lowest so far.
    ///
    /// - Throws: What `failures` throws.
    package mutating func add(
        id: String, score: Int, criteria: [CriterionVerdict], attribution: Attribution = Attribution(),
        failures: () throws -> [LowConversation.Failure]
    ) rethrows {
        addScore(score, time: attribution.time)
        var counted: [(index: Int, passed: Bool)] = []
        for (position, criterion) in criteria.enumerated() {
            if let verdict = count(
                criterion.id, title: criterion.title, verdict: criterion.verdict, position: position,
                time: attribution.time, weight: criterion.weight, fatal: criterion.fatal)
            {
                counted.append(verdict)
            }
        }
        addToGroups(score: score, attribution: attribution, counted: counted)
        if isLow(score) {
            keepLow(
                LowConversation(
                    id: id, score: score, failures: try failures(),
                    attribution: attribution.isEmpty ? nil : attribution))
        }
    }

    /// Adds a session's or conversation's verdicts alone (no score), for criterion figures.
    package mutating func addVerdicts(_ criteria: [CriterionVerdict]) {
        conversations += 1
        for (position, criterion) in criteria.enumerated() {
            count(
                criterion.id, title: criterion.title, verdict: criterion.verdict, position: position, time: nil,
                weight: criterion.weight, fatal: criterion.fatal)
        }
    }

    /// Every criterion that applied at least once, in ``criterionOrder``, with its pass rate and, when
    /// trends are kept, the pass rate in the later half of its conversations minus the earlier half: by
    /// time when any conversation has one (those without a time take no part), else in the order added
    /// (``trendOrder``); nil unless each half holds ``ReportFigures/trendMinimumPerHalf``.
    package var criteria: [CriterionStat] {
        criterionOrder.indices.compactMap { index in
            let total = passes[index] + fails[index]
            guard total > 0 else { return nil }
            var trend: Double?
            if keepsTrends {
                var verdicts = outcomes[index]
                if datedConversations > 0 {
                    // Stable: conversations at the same time keep the order they were added in.
                    verdicts = verdicts.enumerated().filter { $0.element.time != nil }
                        .sorted {
                            ($0.element.time ?? .distantPast, $0.offset) < ($1.element.time ?? .distantPast, $1.offset)
                        }
                        .map(\.element)
                }
                let half = verdicts.count / 2
                // In every format, not only the HTML's: a "▼ -67 pts" from two conversations against three
                // says nothing (issue 19).
                if half >= ReportFigures.trendMinimumPerHalf {
                    trend =
                        Self.rate(verdicts.suffix(verdicts.count - half).map(\.passed))
                        - Self.rate(verdicts.prefix(half).map(\.passed))
                }
            }
            var stat = CriterionStat(
                id: criterionOrder[index], title: titles[index], passes: passes[index], fails: fails[index],
                passRate: Double(passes[index]) / Double(total), trend: trend)
            stat.weight = weights[index]
            stat.fatalFailures = fatalFailures[index]
            return stat
        }
    }

    /// Passes and fails of the criterion `id`, nil when it was never seen.
    package func counts(of id: String) -> (pass: Int, fail: Int)? {
        criterionOrder.firstIndex(of: id).map { (passes[$0], fails[$0]) }
    }

    /// How the criteria's trends order conversations.
    package var trendOrder: TrendOrder {
        datedConversations > 0
            ? .time(dated: datedConversations, undated: conversations - datedConversations) : .input
    }

    /// One figure per agent, by name, conversations without an agent last; empty when none has one.
    package var agentStats: [GroupStat] {
        guard agents.keys.contains(where: { !$0.isEmpty }) else { return [] }
        return agents.keys.sorted(by: Self.emptyLast).compactMap { stat(agents[$0], key: $0) }
    }

    /// One figure per ISO week (`2026-W10`), oldest first, conversations without a time last; empty when none
    /// has a time.
    package var weekStats: [GroupStat] {
        guard datedConversations > 0 else { return [] }
        return weeks.keys.sorted(by: Self.emptyLast).compactMap { stat(weeks[$0], key: $0) }
    }

    /// In code-point order, the empty key (no agent, no time) last.
    private static func emptyLast(_ left: String, _ right: String) -> Bool {
        left.isEmpty != right.isEmpty ? right.isEmpty : left < right
    }

    private func stat(_ group: GroupTally?, key: String) -> GroupStat? {
        guard let group else { return nil }
        let criteria = criterionOrder.indices.compactMap { index -> CriterionStat? in
            let pass = index < group.passes.count ? group.passes[index] : 0
            let fail = index < group.fails.count ? group.fails[index] : 0
            guard pass + fail > 0 else { return nil }
            return CriterionStat(
                id: criterionOrder[index], title: titles[index], passes: pass, fails: fail,
                passRate: Double(pass) / Double(pass + fail), trend: nil)
        }
        return GroupStat(
            key: key, team: group.teams.count == 1 ? group.teams.first : nil, teams: group.teams.count,
            conversations: group.conversations,
            meanScore: Double(group.scoreTotal) / Double(max(1, group.conversations)), criteria: criteria)
    }

    private static func rate(_ outcomes: [Bool]) -> Double {
        outcomes.isEmpty ? 0 : Double(outcomes.filter { $0 }.count) / Double(outcomes.count)
    }

    private mutating func addScore(_ score: Int, time: Date?) {
        conversations += 1
        scoreTotal += score
        scoreHistogram[min(9, max(0, score / 10))] += 1
        if time != nil { datedConversations += 1 }
    }

    private mutating func addToGroups(score: Int, attribution: Attribution, counted: [(index: Int, passed: Bool)]) {
        guard keepsGroups else { return }
        agents[attribution.agent ?? "", default: GroupTally()].add(
            score: score, team: attribution.team, counted: counted)
        weeks[attribution.time.map(Attribution.isoWeek) ?? "", default: GroupTally()].add(
            score: score, team: attribution.team, counted: counted)
    }

    /// Counts one verdict: the first that applies of each criterion in a conversation; nil (not a verdict
    /// this knows) and not applicable count for nothing, though the criterion takes its place in the order.
    ///
    /// - Returns: The criterion's position and whether it passed, when the verdict counted.
    @discardableResult
    private mutating func count(
        _ id: String, title: String, verdict: Verdict?, position: Int, time: Date?, weight: Int = 0, fatal: Bool = false
    ) -> (index: Int, passed: Bool)? {
        let index: Int
        if position < criterionOrder.count, criterionOrder[position] == id {
            index = position
        } else if let found = criterionOrder.firstIndex(of: id) {
            index = found
        } else {
            index = criterionOrder.count
            criterionOrder.append(id)
            titles.append(title)
            passes.append(0)
            fails.append(0)
            countedIn.append(0)
            weights.append(0)
            fatalFailures.append(0)
            if keepsTrends { outcomes.append([]) }
        }
        weights[index] = max(weights[index], weight)
        let passed: Bool
        switch verdict {
        case .pass: passed = true
        case .fail: passed = false
        case .notApplicable, nil: return nil
        }
        guard countedIn[index] != conversations else { return nil }
        countedIn[index] = conversations
        if passed { passes[index] += 1 } else { fails[index] += 1 }
        if !passed && fatal { fatalFailures[index] += 1 }
        if keepsTrends { outcomes[index].append(Outcome(time: time, passed: passed)) }
        return (index, passed)
    }

    private func isLow(_ score: Int) -> Bool {
        lowestCount > 0 && (lowest.count < lowestCount || score < (lowest.last?.score ?? Int.max))
    }

    private mutating func keepLow(_ conversation: LowConversation) {
        let place = lowest.firstIndex { $0.score > conversation.score } ?? lowest.count
        lowest.insert(conversation, at: place)
        if lowest.count > lowestCount { lowest.removeLast() }
    }
}

extension BatchReport {
    /// A batch's report from its tally.
    package init(
        id: Int64, source: String, rubricID: String, gradedAt: Date, tally: BatchTally,
        state: BatchState = .complete
    ) {
        self.init(
            id: id, source: source, rubricID: rubricID, gradedAt: gradedAt, conversations: tally.conversations,
            meanScore: tally.meanScore, scoreHistogram: tally.scoreHistogram, criteria: tally.criteria,
            lowest: tally.lowest, state: state, agents: tally.agentStats, weeks: tally.weekStats,
            trendOrder: tally.trendOrder)
    }
}
