import ComposureKit

/// The smallest rubric a grading test needs: one signal, `sorry`, and one criterion, `apology`, that expects it.
///
/// Shared by the tests of the batch machinery (the run, its sinks, the pipeline), which check how results
/// travel, not how replies are read.
enum OneCriterionRubric {
    /// The rubric, with `id` for its file name and an optional criterion title.
    static func load(id: String, title: String? = nil) throws -> Rubric {
        let titled = title.map { "title: \($0), " } ?? ""
        let yaml = """
            id: \(id)
            signals:
              sorry: {any: [sorry]}
            criteria:
              - {id: apology, \(titled)weight: 100, expect: [sorry]}

            """
        return try RubricLoader.load(yaml: yaml, file: "\(id).yaml")
    }
}
