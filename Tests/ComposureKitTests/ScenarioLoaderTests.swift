import ComposureKit
import Foundation
import Testing

/// Scenario files with a mistake give compiler-style errors at the right line and column.
@Suite struct ScenarioLoaderTests {
    static let core = ScenarioLibraryTests.root.appendingPathComponent("Rubrics/core.yaml").path

    /// A valid scenario; each test breaks one line of it.
    static let valid = """
        id: sample
        title: Sample
        rubric: core
        persona: {name: Sam, product: kettle, channel: email}
        mood: {start: 70, calm_below: 30, walk_out_at: 100}
        effects: {apology: -10, insult: 40}
        start: opening
        beats:
          opening:
            customer: ["My kettle leaks.", "The kettle leaks again."]
            next:
              - {if: [apology], goto: calmer}
              - {else: opening}
          calmer:
            customer: ["Fine. What now?", "Okay, and?"]
            next:
              - {any: [solution], goto: happy}
              - {else: calmer}
        endings:
          happy: {outcome: resolved, customer: "Thanks."}
        """

    private func errors(_ yaml: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("sample.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try ScenarioLoader.load(path: file) { _ in try RubricLoader.load(path: Self.core) }
            return ""
        } catch let error as DiagnosticError {
            return error.diagnostics.map(\.headline).joined(separator: "\n")
                .replacingOccurrences(of: file, with: "sample.yaml")
        }
    }

    @Test func theValidScenarioLoads() throws {
        #expect(try errors(Self.valid) == "")
    }

    @Test(arguments: [
        (
            "      - {if: [apology], goto: calmer}", "      - {if: [apology], goto: clamer}",
            "sample.yaml:12:31: error: transition target 'clamer' is neither a beat nor an ending; did you mean 'calmer'?"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {if: [apology], goto: happy}",
            "sample.yaml:14:3: error: beat 'calmer' is unreachable: no transition from 'opening' leads to it"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {if: [apologee], goto: calmer}",
            "sample.yaml:12:15: error: signal 'apologee' is not defined by rubric 'core'; did you mean 'apology'?"
        ),
        (
            "effects: {apology: -10, insult: 40}", "effects: {apology: -10, insolt: 40}",
            "sample.yaml:6:25: error: signal 'insolt' is not defined by rubric 'core'; did you mean 'insult'?"
        ),
        (
            "mood: {start: 70, calm_below: 30, walk_out_at: 100}",
            "mood: {start: 70, calm_below: 30, walk_out_at: 120}",
            "sample.yaml:5:48: error: 'walk_out_at' must be between 0 and 100, not 120"
        ),
        (
            "      - {else: opening}\n  calmer:",
            "      - {mood: \">= 140\", goto: calmer}\n      - {else: opening}\n  calmer:",
            "sample.yaml:13:16: error: a mood threshold must be between 0 and 100, not 140"
        ),
        (
            "title: Sample", "titel: Sample",
            "sample.yaml:2:1: error: unknown key 'titel' in the scenario; did you mean 'title'?"
        ),
    ])
    func eachMistakeIsReportedAtItsPlace(original: String, replacement: String, expected: String) throws {
        #expect(Self.valid.contains(original))
        let broken = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(try errors(broken) == expected)
    }

    @Test func aBeatWithNoWayOutIsAnError() throws {
        let broken = Self.valid.replacingOccurrences(
            of:
                "    customer: [\"Fine. What now?\", \"Okay, and?\"]\n    next:\n      - {any: [solution], goto: happy}\n      - {else: calmer}\n",
            with: "    customer: [\"Fine. What now?\", \"Okay, and?\"]\n")
        let text = try errors(broken)
        #expect(
            text.contains("sample.yaml:14:3: error: beat 'calmer' has no way out: add 'next' with at least an 'else'"),
            "\(text)")
    }

    @Test func aDeadEndIsAnError() throws {
        let broken = Self.valid.replacingOccurrences(of: "      - {any: [solution], goto: happy}\n", with: "")
        #expect(
            try errors(broken)
                == """
                sample.yaml:9:3: error: beat 'opening' is a dead end: no ending can be reached from it
                sample.yaml:14:3: error: beat 'calmer' is a dead end: no ending can be reached from it
                sample.yaml:19:3: warning: ending 'happy' is never reached: no transition leads to it
                """)
    }
}
