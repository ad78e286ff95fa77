/// Totals over a batch, for the closing lines of a report: a ``BatchTally`` kept small (no trends, no
/// lowest conversations, so it does not grow with the input) and the items skipped.
public struct GradeSummary: Sendable, Hashable {
    /// The graded conversations' figures.
    public private(set) var tally = BatchTally(keepsTrends: false, lowest: 0)
    /// Conversations skipped as unreadable.
    public var skipped = 0

    /// An empty summary.
    public init() {}

    /// Conversations graded.
    public var graded: Int { tally.conversations }
    /// Sum of overall scores.
    public var scoreTotal: Int { tally.scoreTotal }
    /// Criterion ids in rubric order.
    public var criterionOrder: [String] { tally.criterionOrder }
    /// Per criterion: (passes, fails).
    public var criterionCounts: [String: (pass: Int, fail: Int)] {
        var counts: [String: (pass: Int, fail: Int)] = [:]
        for (position, id) in tally.criterionOrder.enumerated() {
            counts[id] = (tally.passes[position], tally.fails[position])
        }
        return counts
    }

    /// Adds one result.
    public mutating func add(_ result: GradeResult) {
        tally.add(result)
    }

    /// The mean overall score, or nil when nothing was graded.
    public var meanScore: Double? { tally.meanScore }

    public static func == (lhs: GradeSummary, rhs: GradeSummary) -> Bool {
        lhs.graded == rhs.graded && lhs.skipped == rhs.skipped && lhs.scoreTotal == rhs.scoreTotal
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(graded)
        hasher.combine(skipped)
        hasher.combine(scoreTotal)
    }
}
