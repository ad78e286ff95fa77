import ComposureKit
import Foundation
import Testing

/// Every signal of the shipped core rubric fires on its `fire` examples and stays silent on its `silent` ones.
@Suite struct CoreRubricExamplesTests {
    static let rubricPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Rubrics/core.yaml").path

    @Test func everySignalExampleBehavesAsDeclared() throws {
        let rubric = try RubricLoader.load(path: Self.rubricPath)
        let problems = RubricSelfCheck.examples(of: rubric)
        #expect(problems.isEmpty, "\(problems.map(\.headline).joined(separator: "\n"))")
    }
}
