/// Totals over a batch, for the closing lines of a report: a ``BatchTally`` kept small (no trends, no
/// lowest conversations, so it does not grow with the input) and the items skipped.
package struct GradeSummary: Sendable {
    /// The graded conversations' figures.
    package private(set) var tally = BatchTally(keepsTrends: false, lowest: 0, keepsGroups: false)
    /// Conversations skipped as unreadable.
    package var skipped = 0

    /// An empty summary.
    package init() {}

    /// Conversations graded.
    package var graded: Int { tally.conversations }
    /// Sum of overall scores.
    package var scoreTotal: Int { tally.scoreTotal }
    /// Criterion ids in rubric order.
    package var criterionOrder: [String] { tally.criterionOrder }
    /// Per criterion: (passes, fails).
    package var criterionCounts: [String: (pass: Int, fail: Int)] {
        var counts: [String: (pass: Int, fail: Int)] = [:]
        for (position, id) in tally.criterionOrder.enumerated() {
            counts[id] = (tally.passes[position], tally.fails[position])
        }
        return counts
    }

    /// Adds one result.
    package mutating func add(_ result: GradeResult) {
        tally.add(result)
    }

    /// The mean overall score, or nil when nothing was graded.
    package var meanScore: Double? { tally.meanScore }
}
