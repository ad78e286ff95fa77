import ComposureKit
import Testing

/// A rubric's own examples, checked against its signals.
@Suite struct RubricSelfCheckTests {
    @Test func reportsEachExampleThatDisagreesAtItsLine() throws {
        let yaml = """
            id: examples
            signals:
              apology:
                any: [sorry]
                examples:
                  fire: ["I'm sorry.", "My apologies."]
                  silent: ["Hello.", "So sorry!"]
              cancel_request:
                side: customer
                any: [cancel]
                examples:
                  fire: [Please cancel.]
            criteria:
              - {id: c, weight: 100, expect: [apology]}

            """
        let rubric = try RubricLoader.load(yaml: yaml, file: "examples.yaml")
        #expect(
            RubricSelfCheck.examples(of: rubric).map(\.headline) == [
                "examples.yaml:6:28: error: example should fire signal 'apology' but does not",
                "examples.yaml:7:26: error: example should not fire signal 'apology' but does (on \u{201C}sorry\u{201D})",
            ])
    }
}
