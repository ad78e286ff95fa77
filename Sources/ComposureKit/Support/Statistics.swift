/// The statistics the engine reports, on plain numbers: agreement between raters (Cohen's kappa), rank
/// correlation (Spearman's rho) and trends (least-squares slopes), kept apart from the reports that show them.
package enum Statistics {
    /// Cohen's kappa for two raters' pass/fail verdicts, from the 2×2 counts.
    ///
    /// κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the share of agreements and pₑ the agreement
    /// expected by chance from each side's own pass rate.
    /// - Returns: nil when there are no verdicts, or when both sides gave one same verdict
    ///   throughout (pₑ = 1, so κ is 0/0).
    package static func cohensKappa(bothPass: Int, bothFail: Int, graderOnly: Int, humansOnly: Int) -> Double? {
        let total = Double(bothPass + bothFail + graderOnly + humansOnly)
        guard total > 0 else { return nil }
        let observed = Double(bothPass + bothFail) / total
        let graderPass = Double(bothPass + graderOnly) / total
        let humanPass = Double(bothPass + humansOnly) / total
        let chance = graderPass * humanPass + (1 - graderPass) * (1 - humanPass)
        guard chance < 1 - 1e-12 else { return nil }
        return (observed - chance) / (1 - chance)
    }

    /// Spearman's rho: Pearson's correlation of the two lists' ranks, ties sharing their average rank.
    ///
    /// - Returns: nil for fewer than 3 pairs, lists of different lengths, or a side whose values are all equal.
    package static func spearman(_ first: [Double], _ second: [Double]) -> Double? {
        guard first.count == second.count, first.count >= 3 else { return nil }
        return pearson(averageRanks(first), averageRanks(second))
    }

    /// Pearson's correlation, or nil when a side has no spread.
    package static func pearson(_ first: [Double], _ second: [Double]) -> Double? {
        guard first.count == second.count, !first.isEmpty else { return nil }
        let count = Double(first.count)
        let meanFirst = first.reduce(0, +) / count
        let meanSecond = second.reduce(0, +) / count
        var product = 0.0
        var squaresFirst = 0.0
        var squaresSecond = 0.0
        for (a, b) in zip(first, second) {
            product += (a - meanFirst) * (b - meanSecond)
            squaresFirst += (a - meanFirst) * (a - meanFirst)
            squaresSecond += (b - meanSecond) * (b - meanSecond)
        }
        guard squaresFirst > 0, squaresSecond > 0 else { return nil }
        return max(-1, min(1, product / (squaresFirst * squaresSecond).squareRoot()))
    }

    /// The 1-based rank of each value, ties sharing the average of the ranks they span.
    ///
    /// `[10, 20, 20, 30]` ranks `[1, 2.5, 2.5, 4]`; with `descending`, the highest value ranks 1.
    package static func averageRanks(_ values: [Double], descending: Bool = false) -> [Double] {
        let order = values.indices.sorted { descending ? values[$0] > values[$1] : values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = rank }
            start = end + 1
        }
        return ranks
    }

    /// The least-squares slope of `values` against their position (0, 1, 2, ...): how much a value rises per step.
    ///
    /// - Returns: nil for fewer than 2 values.
    package static func slope(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        let n = Double(values.count)
        let meanX = (n - 1) / 2
        let meanY = values.reduce(0, +) / n
        var numerator = 0.0
        var denominator = 0.0
        for (index, value) in values.enumerated() {
            numerator += (Double(index) - meanX) * (value - meanY)
            denominator += (Double(index) - meanX) * (Double(index) - meanX)
        }
        return denominator == 0 ? nil : numerator / denominator
    }
}
