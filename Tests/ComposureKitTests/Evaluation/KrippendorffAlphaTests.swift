import ComposureKit
import Foundation
import Testing

/// Krippendorff's alpha against the figures the PyPI `krippendorff` package computed for the same ratings
/// (`Scripts/krippendorff-expected` wrote them to `Tests/EndToEndTests/Fixtures/krippendorff-expected.json`).
@Suite struct KrippendorffAlphaTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// One row per rater, one column per unit; nil is a missing rating.
        var ratings: [[Double?]]
        var expected: [KrippendorffAlpha.Level: Double?]
        var testDescription: String { name }

        /// Each unit's ratings, missing ones left out.
        var units: [[Double]] {
            let columns = ratings.map(\.count).max() ?? 0
            return (0..<columns).map { column in ratings.compactMap { column < $0.count ? $0[column] : nil } }
        }
    }

    static let cases: [Case] = {
        let url = PackageRoot.url.appendingPathComponent("Tests/EndToEndTests/Fixtures/krippendorff-expected.json")
        guard let data = try? Data(contentsOf: url),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = object["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { item in
            guard let name = item["name"] as? String, let rows = item["ratings"] as? [[Any]],
                let alphas = item["alpha"] as? [String: Any]
            else { return nil }
            var expected: [KrippendorffAlpha.Level: Double?] = [:]
            for (level, value) in alphas {
                guard let level = KrippendorffAlpha.Level(rawValue: level) else { continue }
                expected.updateValue((value as? NSNumber)?.doubleValue, forKey: level)
            }
            return Case(
                name: name, ratings: rows.map { $0.map { ($0 as? NSNumber)?.doubleValue } }, expected: expected)
        }
    }()

    @Test func theFixtureHoldsEveryCase() {
        // Five hand-made matrices and four columns of calibration-raters.csv; a missing file fails here.
        #expect(Self.cases.count == 9)
        #expect(Self.cases.contains { $0.expected.values.contains { $0 == nil } }, "an undefined case is checked")
    }

    @Test(arguments: cases) func alphaMatchesThePythonPackage(_ item: Case) {
        #expect(!item.expected.isEmpty)
        for (level, expected) in item.expected {
            let alpha = KrippendorffAlpha.alpha(item.units, level: level)
            if let expected {
                let value = alpha ?? .nan
                #expect(abs(value - expected) < 1e-9, "\(item.name), \(level): \(value), the package \(expected)")
            } else {
                #expect(alpha == nil, "\(item.name), \(level): the package finds alpha undefined")
            }
        }
    }

    @Test func theCanonicalExampleReadsAsPublished() throws {
        // Krippendorff (2011) gives .743 nominal, .815 ordinal and .849 interval for this matrix.
        let item = try #require(Self.cases.first { $0.name == "krippendorff-2011" })
        let figures = KrippendorffAlpha.Level.allCases.map {
            ((KrippendorffAlpha.alpha(item.units, level: $0) ?? 0) * 1000).rounded() / 1000
        }
        #expect(figures == [0.743, 0.815, 0.849])
    }

    @Test func unitsWithOneRatingAddNothing() {
        let pairs: [[Double]] = [[1, 1], [0, 0], [1, 0]]
        let withLoners = pairs + [[1], [0], []]
        #expect(
            KrippendorffAlpha.alpha(pairs, level: .nominal) == KrippendorffAlpha.alpha(withLoners, level: .nominal))
        #expect(KrippendorffAlpha.alpha([[1], [0]], level: .nominal) == nil)
        #expect(KrippendorffAlpha.alpha([], level: .interval) == nil)
    }
}
