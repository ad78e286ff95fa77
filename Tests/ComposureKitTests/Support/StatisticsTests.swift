import ComposureKit
import Testing

/// Kappa, rank correlation and slopes against figures computed outside this code base, with Python:
/// kappa by sklearn's `cohen_kappa_score` formula (1 − observed/expected disagreement, numpy, from the raw
/// verdict lists), rho by `scipy.stats.spearmanr` and slopes by `scipy.stats.linregress` (SciPy 1.17.1).
/// The hand-worked kappa and rho examples are in ``CalibrationTests``.
@Suite struct StatisticsTests {
    /// (both pass, both fail, grader only, humans only) and the kappa of the verdict lists they stand for.
    @Test(arguments: [
        (12, 7, 3, 2, 0.565_217_391_304_347_9),
        (30, 4, 6, 10, 0.130_434_782_608_695_57),
        (1, 1, 1, 1, 0.0),
        (8, 0, 1, 3, -0.142_857_142_857_142_8),
        (5, 9, 0, 4, 0.555_555_555_555_555_6),
    ])
    func kappaMatchesSklearnsFormula(bothPass: Int, bothFail: Int, graderOnly: Int, humansOnly: Int, kappa: Double)
        throws
    {
        let computed = try #require(
            Statistics.cohensKappa(
                bothPass: bothPass, bothFail: bothFail, graderOnly: graderOnly, humansOnly: humansOnly))
        #expect(abs(computed - kappa) < 1e-12)
    }

    @Test(
        arguments: [
            ([72, 85, 60, 91, 78, 66, 85], [3, 4, 2, 5, 4, 3, 5], 0.944_606_427_885_211_2),
            ([1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1], -1.0),
            ([10, 20, 20, 30, 40], [1, 3, 2, 4, 4], 0.947_368_421_052_631_7),
            ([0.5, 0.25, 0.75, 1.0], [40, 10, 90, 70], 0.8),
        ] as [([Double], [Double], Double)])
    func spearmanMatchesScipy(first: [Double], second: [Double], rho: Double) throws {
        let computed = try #require(Statistics.spearman(first, second))
        #expect(abs(computed - rho) < 1e-12)
    }

    @Test(
        arguments: [
            ([60, 62, 70, 71, 80], 4.9),
            ([90, 80, 85, 70], -5.5),
            ([50, 50], 0.0),
            ([55, 61, 58, 70, 66, 75, 81], 4.071_428_571_428_571),
        ] as [([Double], Double)])
    func slopeMatchesScipysLinregress(values: [Double], slope: Double) throws {
        let computed = try #require(Statistics.slope(values))
        #expect(abs(computed - slope) < 1e-12)
    }

    @Test func aSlopeNeedsTwoValues() {
        #expect(Statistics.slope([]) == nil)
        #expect(Statistics.slope([70]) == nil)
    }
}
