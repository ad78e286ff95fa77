/// Krippendorff's alpha: agreement among any number of raters, with missing ratings, at a level of measurement.
///
/// α = 1 − Dₒ / Dₑ, where Dₒ is the disagreement observed within units and Dₑ the disagreement
/// expected if the same values were paired at random. Computed from the coincidence matrix as in
/// Krippendorff, *Computing Krippendorff's Alpha-Reliability* (2011): a unit rated by m ≥ 2 raters
/// adds each ordered pair of its values with weight 1 / (m − 1); a unit with fewer than two ratings
/// is not pairable and adds nothing, which is how alpha handles missing ratings.
///
/// Written here rather than taken from a package: no Swift package the project uses computes it, and
/// the formula is a few lines. `Scripts/krippendorff-expected` checks it against the PyPI `krippendorff`
/// package (the figures are in `Tests/EndToEndTests/Fixtures/krippendorff-expected.json`).
package enum KrippendorffAlpha {
    /// How differences between two values count.
    package enum Level: String, Sendable, Hashable, CaseIterable {
        /// Values are categories: two values agree or they do not (pass/fail verdicts).
        case nominal
        /// Values are ranks: a difference counts by how many ratings lie between the two values.
        case ordinal
        /// Values are numbers on a scale with equal steps: a difference counts by its square.
        case interval
    }

    /// Alpha over `units`, each the ratings one unit (a conversation) received; missing ratings are left out.
    ///
    /// - Returns: nil when it is undefined: fewer than two pairable values, or a single value throughout
    ///   (Dₑ = 0, so there is no disagreement to compare with).
    package static func alpha(_ units: [[Double]], level: Level) -> Double? {
        let pairable = units.filter { $0.count >= 2 }
        let values = Array(Set(pairable.joined())).sorted()
        guard values.count >= 2 else { return nil }
        var index: [Double: Int] = [:]
        for (position, value) in values.enumerated() { index[value] = position }
        // The coincidence matrix o[c][k] and the marginals n[c].
        var coincidences = [[Double]](repeating: [Double](repeating: 0, count: values.count), count: values.count)
        for unit in pairable {
            var counts: [Int: Double] = [:]
            for value in unit { counts[index[value] ?? 0, default: 0] += 1 }
            let weight = 1 / Double(unit.count - 1)
            for (c, countC) in counts {
                for (k, countK) in counts {
                    coincidences[c][k] += weight * (c == k ? countC * (countC - 1) : countC * countK)
                }
            }
        }
        let marginals = coincidences.map { $0.reduce(0, +) }
        let total = marginals.reduce(0, +)
        guard total > 1 else { return nil }
        let distance = distances(values, marginals: marginals, level: level)
        var observed = 0.0
        var expected = 0.0
        for c in values.indices {
            for k in values.indices where c != k {
                observed += coincidences[c][k] * distance[c][k]
                expected += marginals[c] * marginals[k] * distance[c][k]
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (total - 1) * observed / expected
    }

    /// The squared difference δ²(c, k) between every two values at `level`.
    private static func distances(_ values: [Double], marginals: [Double], level: Level) -> [[Double]] {
        values.indices.map { c in
            values.indices.map { k in
                switch level {
                case .nominal:
                    return c == k ? 0 : 1
                case .interval:
                    return (values[c] - values[k]) * (values[c] - values[k])
                case .ordinal:
                    let (low, high) = (min(c, k), max(c, k))
                    let between = marginals[low...high].reduce(0, +) - (marginals[c] + marginals[k]) / 2
                    return between * between
                }
            }
        }
    }
}
