import ComposureKit
import Foundation
import Testing

/// The files `composure new` writes lint clean, match their schemas, and the scenario's own tests pass.
@Suite struct TemplateTests {
    /// A fresh folder laid out as a project: `Rubrics/` (with a copy of the core rubric and its signal model) and `Scenarios/`.
    private static func project() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("template-\(UUID().uuidString)")
        let rubrics = root.appendingPathComponent("Rubrics")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Scenarios"), withIntermediateDirectories: true)
        for file in ["core.yaml", "core.model"] {
            try FileManager.default.copyItem(
                at: SchemaTests.root.appendingPathComponent("Rubrics/\(file)"), to: rubrics.appendingPathComponent(file)
            )
        }
        return root
    }

    @Test func aRubricSavedAgainIsReadAgainWhenItsScenarioLoads() throws {
        // What `/restart` and `play --watch` rely on: the compiled-rubric cache never serves a stale file.
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let scenario = try Templates.create(
            .scenario, id: "late-parcel", in: root.appendingPathComponent("Scenarios").path)
        let rubricFile = root.appendingPathComponent("Rubrics/core.yaml").path
        let catalog = ScenarioCatalog(rubricsFolder: root.appendingPathComponent("Rubrics").path)
        let before = try catalog.load(path: scenario).rubric
        let text = try String(contentsOfFile: rubricFile, encoding: .utf8)
        try text.replacingOccurrences(of: "title: Empathy\n", with: "title: Empathy, edited\n").write(
            toFile: rubricFile, atomically: true, encoding: .utf8)
        let after = try catalog.load(path: scenario).rubric
        #expect(before.criteria.first { $0.id == "empathy" }?.title == "Empathy")
        #expect(after.criteria.first { $0.id == "empathy" }?.title == "Empathy, edited")
    }

    @Test func bothTemplatesLintWithoutAnyDiagnostic() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let scenario = try Templates.create(
            .scenario, id: "late-parcel", in: root.appendingPathComponent("Scenarios").path)
        let rubric = try Templates.create(.rubric, id: "my-desk", in: root.appendingPathComponent("Rubrics").path)
        let linter = Linter(catalog: ScenarioCatalog(rubricsFolder: root.appendingPathComponent("Rubrics").path))
        let diagnostics = linter.lint([scenario, rubric])
        #expect(diagnostics.map(\.headline) == [])
    }

    @Test func theScenarioTemplatePassesItsOwnTests() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let path = try Templates.create(.scenario, id: "late-parcel", in: root.appendingPathComponent("Scenarios").path)
        let loaded = try ScenarioCatalog(rubricsFolder: root.appendingPathComponent("Rubrics").path).load(path: path)
        let scenario = loaded.scenario, rubric = loaded.rubric
        #expect(scenario.id == "late-parcel")
        #expect(scenario.rubric == "core")
        #expect(scenario.beats.count <= 6)
        #expect(scenario.endings.count == 3)
        let outcomes = ScenarioTestRunner(scenario: scenario, rubric: rubric).run()
        #expect(outcomes.count >= 3)
        for outcome in outcomes {
            #expect(outcome.passed, "\(outcome.name): \(outcome.failures.joined(separator: "; "))")
        }
        #expect(Set(outcomes.compactMap(\.path.last)) == Set(scenario.endings.map(\.id)), "every ending is tested")
    }

    @Test func theRubricTemplateIsMinimalButComplete() throws {
        let rubric = try RubricLoader.load(yaml: Templates.rubric(id: "my-desk"), file: "my-desk.yaml")
        #expect(rubric.id == "my-desk")
        #expect(rubric.title == "My desk")
        #expect((2...3).contains(rubric.signals.count))
        #expect(rubric.signals.allSatisfy { !$0.firingExamples.isEmpty && !$0.silentExamples.isEmpty })
        #expect(rubric.criteria.count == 2)
        #expect(rubric.criteria.reduce(0) { $0 + $1.weight } == 100)
        #expect(rubric.criteria.allSatisfy { !$0.feedback.example.isEmpty })
    }

    @Test(arguments: Templates.Kind.allCases)
    func theTemplateMatchesItsSchema(_ kind: Templates.Kind) throws {
        let text = Templates.text(for: kind, id: "some-id")
        #expect(text.hasPrefix("# yaml-language-server: $schema=../Docs/schema/\(kind.rawValue).schema.json\n"))
        let diagnostics = try SchemaTests.schema(kind.rawValue).validate(yaml: text, file: "some-id.yaml")
        #expect(diagnostics.map(\.headline) == [])
    }

    @Test func anExistingFileIsNeverOverwritten() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("Rubrics").path
        let error = #expect(throws: DiagnosticError.self) { try Templates.create(.rubric, id: "core", in: folder) }
        #expect(error?.description.contains("core.yaml: error: already exists; not overwritten") == true)
        let kept = try String(contentsOfFile: folder + "/core.yaml", encoding: .utf8)
        #expect(kept.contains("id: core"))
    }

    @Test(
        arguments: [
            ("late-parcel", nil),
            ("v2_returns", nil),
            ("Late-Parcel", "'Late-Parcel' is not a valid id: use lower-case letters, digits, '_' and '-'"),
            ("late parcel", "'late parcel' is not a valid id: use lower-case letters, digits, '_' and '-'"),
            ("../escape", "'../escape' is not a valid id: use lower-case letters, digits, '_' and '-'"),
            (
                "late-parcel.yaml",
                "'late-parcel.yaml': give the name without '.yaml'; it becomes the file name and the id"
            ),
            ("", "the name is empty"),
        ] as [(String, String?)])
    func namesAreCheckedAsIDs(name: String, problem: String?) {
        #expect(Templates.problem(withID: name) == problem)
    }
}
