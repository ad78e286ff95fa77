import Foundation

/// The figures of a batch of graded conversations, added up one conversation at a time: how many, the
/// mean score and its deciles, each criterion's passes and fails (and, when kept, its trend), and the
/// lowest-scoring conversations with what failed.
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
    /// Each criterion's verdicts in conversation order (true for a pass), for trends; empty when not kept.
    private var outcomes: [[Bool]] = []
    /// The conversation in which each criterion was last counted (a criterion counts once per conversation).
    private var countedIn: [Int] = []
    private let keepsTrends: Bool
    private let lowestCount: Int
    /// The lowest-scoring conversations so far, lowest first (the earlier first among equal scores).
    package private(set) var lowest: [LowConversation] = []

    /// An empty tally.
    ///
    /// - Parameters:
    ///   - keepsTrends: Whether to keep every verdict for the criteria's trends (memory grows with the batch).
    ///   - lowest: How many of the lowest-scoring conversations to keep.
    package init(keepsTrends: Bool = true, lowest: Int = 5) {
        self.keepsTrends = keepsTrends
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
    package mutating func add(_ result: GradeResult) {
        addScore(result.score)
        for (position, criterion) in result.criteria.enumerated() {
            count(criterion.id, title: criterion.title, verdict: criterion.verdict, position: position)
        }
        if isLow(result.score) {
            keepLow(
                LowConversation(
                    id: result.id, score: result.score,
                    failures: result.criteria.filter { $0.verdict == .fail }.map { criterion in
                        LowConversation.Failure(
                            criterion: criterion.id,
                            evidence: criterion.evidence.filter { !$0.supports }.map(\.evidence.text))
                    }))
        }
    }

    /// Adds one conversation as stored: its verdicts, and its failures, asked for only when it is among the
    /// lowest so far.
    ///
    /// - Throws: What `failures` throws.
    package mutating func add(
        id: String, score: Int, criteria: [CriterionVerdict], failures: () throws -> [LowConversation.Failure]
    ) rethrows {
        addScore(score)
        for (position, criterion) in criteria.enumerated() {
            count(
                criterion.id, title: criterion.title, verdict: criterion.verdict,
                position: position)
        }
        if isLow(score) { keepLow(LowConversation(id: id, score: score, failures: try failures())) }
    }

    /// Adds a session's or conversation's verdicts alone (no score), for criterion figures.
    package mutating func addVerdicts(_ criteria: [CriterionVerdict]) {
        conversations += 1
        for (position, criterion) in criteria.enumerated() {
            count(
                criterion.id, title: criterion.title, verdict: criterion.verdict,
                position: position)
        }
    }

    /// Every criterion that applied at least once, in ``criterionOrder``, with its pass rate and, when
    /// trends are kept, the pass rate in the later half of its conversations minus the earlier half.
    package var criteria: [CriterionStat] {
        criterionOrder.indices.compactMap { index in
            let total = passes[index] + fails[index]
            guard total > 0 else { return nil }
            var trend: Double?
            if keepsTrends, total >= 2 {
                let verdicts = outcomes[index]
                let half = total / 2
                trend = Self.rate(verdicts.suffix(total - half)) - Self.rate(verdicts.prefix(half))
            }
            return CriterionStat(
                id: criterionOrder[index], title: titles[index], passes: passes[index], fails: fails[index],
                passRate: Double(passes[index]) / Double(total), trend: trend)
        }
    }

    /// Passes and fails of the criterion `id`, nil when it was never seen.
    package func counts(of id: String) -> (pass: Int, fail: Int)? {
        criterionOrder.firstIndex(of: id).map { (passes[$0], fails[$0]) }
    }

    private static func rate(_ outcomes: ArraySlice<Bool>) -> Double {
        outcomes.isEmpty ? 0 : Double(outcomes.filter { $0 }.count) / Double(outcomes.count)
    }

    private mutating func addScore(_ score: Int) {
        conversations += 1
        scoreTotal += score
        scoreHistogram[min(9, max(0, score / 10))] += 1
    }

    /// Counts one verdict: the first that applies of each criterion in a conversation; nil (not a verdict
    /// this knows) and not applicable count for nothing, though the criterion takes its place in the order.
    private mutating func count(_ id: String, title: String, verdict: Verdict?, position: Int) {
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
            if keepsTrends { outcomes.append([]) }
        }
        let passed: Bool
        switch verdict {
        case .pass: passed = true
        case .fail: passed = false
        case .notApplicable, nil: return
        }
        guard countedIn[index] != conversations else { return }
        countedIn[index] = conversations
        if passed { passes[index] += 1 } else { fails[index] += 1 }
        if keepsTrends { outcomes[index].append(passed) }
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
            lowest: tally.lowest, state: state)
    }
}
