import ComposureKit
import Foundation
import Testing

/// Every signal of the shipped core rubric fires on its `fire` examples and stays silent on its `silent` ones:
/// one test per signal, so a failure names the signal.
@Suite struct CoreRubricExamplesTests {
    static let rubricPath = PackageRoot.url.appendingPathComponent("Rubrics/core.yaml").path

    /// The core rubric, loaded once for all the signals' tests.
    static let rubric = Result { try RubricLoader.load(path: rubricPath) }

    /// The signals' ids, read when the tests are listed. Empty when the rubric cannot be loaded, and then
    /// ``theRubricLoadsAndEverySignalHasExamples()`` fails with the loader's error.
    static let signalIDs: [String] = (try? rubric.get().signals.map(\.id)) ?? []

    @Test func theRubricLoadsAndEverySignalHasExamples() throws {
        let rubric = try Self.rubric.get()
        #expect(!rubric.signals.isEmpty)
        let without = rubric.signals.filter { $0.firingExamples.isEmpty && $0.silentExamples.isEmpty }.map(\.id)
        #expect(without.isEmpty, "signals without examples: \(without)")
    }

    @Test(arguments: signalIDs)
    func examplesBehaveAsDeclared(signal: String) throws {
        let problems = RubricSelfCheck.examples(of: try Self.rubric.get(), only: [signal])
        #expect(problems.isEmpty, "\(problems.map(\.headline).joined(separator: "\n"))")
    }
}
