import ComposureKit
import Foundation
import Testing

/// `composure lint` reports each planted mistake at its line and column, with the exact text.
@Suite struct LinterTests {
    /// A small, clean rubric; tests break one line of it.
    static let rubric = """
        id: mini
        title: Mini
        concepts:
          feeling: [frustrat*, upset]
        contexts:
          angry: {customer_signal: [complaint]}
        signals:
          apology:
            side: agent
            any: ["(i am|we are) sorry"]
            examples: {fire: ["I am sorry about that."], silent: ["The parcel is here."]}
          empathy:
            side: agent
            any: ["{feeling}"]
            examples: {fire: ["That is frustrating."], silent: ["Thanks."]}
          insult:
            side: agent
            any: [idiot]
            examples: {fire: ["You idiot."], silent: ["You are right."]}
          complaint:
            side: customer
            any: [useless]
            examples: {fire: ["This is useless."], silent: ["Hello."]}
        criteria:
          - id: apology
            weight: 50
            when: angry
            expect: [apology]
            feedback: {pass: Good., miss: Say sorry., example: "I am sorry the kettle leaks."}
          - id: keep_cool
            weight: 50
            forbid: [insult]
            fatal: true
            feedback: {pass: Calm., miss: No insults., example: "I hear you, that is frustrating."}
        """

    static let scenario = """
        id: mini-scenario
        rubric: mini
        persona: {name: Sam, channel: email}
        mood: {start: 70, calm_below: 30, walk_out_at: 100}
        effects: {apology: -20, empathy: -10, insult: 50}
        start: opening
        beats:
          opening:
            customer: ["This is useless.", "Useless kettle."]
            next:
              - {any: [insult], goto: gone}
              - {if: [apology], goto: calmer}
              - {else: opening}
          calmer:
            customer: ["Fine.", "Okay then."]
            next:
              - {any: [empathy], goto: happy}
              - {else: calmer}
        endings:
          happy: {outcome: resolved, customer: "Thanks."}
          gone: {outcome: lost, customer: "Bye."}
        tests:
          - name: good path
            replies: ["I am sorry.", "That is frustrating."]
            expect: {ending: happy}
          - name: trap
            replies: ["You idiot."]
            expect: {ending: gone}
        """

    /// Writes the files into a fresh folder laid out as `Rubrics/` and `Scenarios/`, lints both, and
    /// returns the diagnostics' headlines with the folder removed from paths.
    private func lint(rubric: String = Self.rubric, scenario: String = Self.scenario) throws -> [String] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        let rubrics = root.appendingPathComponent("Rubrics")
        let scenarios = root.appendingPathComponent("Scenarios")
        try FileManager.default.createDirectory(at: rubrics, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try rubric.write(to: rubrics.appendingPathComponent("mini.yaml"), atomically: true, encoding: .utf8)
        try scenario.write(
            to: scenarios.appendingPathComponent("mini-scenario.yaml"), atomically: true, encoding: .utf8)
        let linter = Linter(catalog: ScenarioCatalog(rubricsFolder: rubrics.path))
        let diagnostics = linter.lint(Linter.files(in: [scenarios.path, rubrics.path]))
        return diagnostics.map { $0.headline.replacingOccurrences(of: root.path + "/", with: "") }
    }

    @Test func theCleanFilesLintClean() throws {
        #expect(try lint() == [])
    }

    @Test(arguments: [
        (
            "rubric", "  - id: keep_cool\n    weight: 50", "  - id: keep_cool\n    weight: 40",
            "Rubrics/mini.yaml:25:5: error: criterion weights add up to 90, not 100 (apology 50 + keep_cool 40)"
        ),
        (
            "rubric", "title: Mini", "titel: Mini",
            "Rubrics/mini.yaml:2:1: error: unknown key 'titel' in the rubric; did you mean 'title'?"
        ),
        (
            "rubric", "    expect: [apology]", "    expect: [apologee]",
            "Rubrics/mini.yaml:28:14: error: 'expect' names undefined signal 'apologee'; did you mean 'apology'?"
        ),
        (
            "rubric", "  feeling: [frustrat*, upset]", "  feeling: [frustrat*, upset]\n  unused: [spare]",
            "Rubrics/mini.yaml:5:3: warning: concept 'unused' is never used"
        ),
        (
            "rubric", "    any: [idiot]", "    any: [idiot, \"idiot $ now\"]",
            "Rubrics/mini.yaml:18:19: warning: pattern 'idiot $ now' of signal 'insult' can never match: a word comes after the end of the sentence ('$')"
        ),
        (
            "rubric", "silent: [\"You are right.\"]", "silent: [\"You are right, idiot.\"]",
            "Rubrics/mini.yaml:19:47: error: example should not fire signal 'insult' but does (on \u{201C}idiot\u{201D})"
        ),
        (
            "rubric", "    any: [idiot]", "    any:\n      - idiot\n      - call you a #",
            "Rubrics/mini.yaml:20:20: warning: this pattern ends at 'call you a': in YAML ' #' starts a comment; "
                + "write '(#)' for a number, or quote the pattern"
        ),
        (
            "rubric", "  complaint:\n", "  boundary:\n    side: agent\n    any: [\"best and only\"]\n  complaint:\n",
            "Rubrics/mini.yaml:20:3: warning: signal 'boundary' is defined but no criterion, context, signal or scenario uses it"
        ),
    ])
    func rubricMistakes(kind: String, original: String, replacement: String, expected: String) throws {
        #expect(Self.rubric.contains(original))
        let found = try lint(rubric: Self.rubric.replacingOccurrences(of: original, with: replacement))
        #expect(found.contains(expected), "\(found)")
    }

    /// A note after a pattern is a comment as YAML means it; only pattern notation after ' #' is flagged.
    @Test func aCommentThatIsANoteIsNotFlagged() throws {
        let rubric = Self.rubric.replacingOccurrences(
            of: "    any: [idiot]", with: "    any:\n      - idiot  # the classic\n      - moron # also rude")
        #expect(try lint(rubric: rubric) == [])
    }

    @Test(arguments: [
        (
            "      - {if: [apology], goto: calmer}",
            "      - {if: [apology], goto: calmer}\n      - {if: [apology, empathy], goto: happy}",
            "Scenarios/mini-scenario.yaml:13:9: warning: rule 3 of beat 'opening' (→ happy) can never fire: rule 2 (line 12) holds whenever it does and is tried first"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {if: [apology], unless: [apology], goto: calmer}",
            "Scenarios/mini-scenario.yaml:12:9: warning: rule 2 of beat 'opening' (→ calmer) can never fire: it asks for 'apology' and for no 'apology'"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {ever_any: [apology], never: [apology], goto: calmer}",
            "Scenarios/mini-scenario.yaml:12:9: warning: rule 2 of beat 'opening' (→ calmer) can never fire: 'ever_any' cannot hold: none of 'apology' may have appeared"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {earlier: [apology], never: [apology], goto: calmer}",
            "Scenarios/mini-scenario.yaml:12:9: warning: rule 2 of beat 'opening' (→ calmer) can never fire: 'never: [apology]' cannot hold after 'apology' was shown in an earlier reply"
        ),
        (
            "      - {if: [apology], goto: calmer}",
            "      - {if: [apology], goto: calmer}\n      - {ever_any: [apology, empathy], if: [apology], goto: happy}",
            "Scenarios/mini-scenario.yaml:13:9: warning: rule 3 of beat 'opening' (→ happy) can never fire: rule 2 (line 12) holds whenever it does and is tried first"
        ),
        (
            "      - {any: [empathy], goto: happy}", "      - {any: [complaint], goto: happy}",
            "Scenarios/mini-scenario.yaml:17:9: warning: rule 1 of beat 'calmer' (→ happy) can never fire: 'complaint' is a customer-side signal; never found in a reply"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {if: [apology], goto: calmr}",
            "Scenarios/mini-scenario.yaml:12:31: error: transition target 'calmr' is neither a beat nor an ending; did you mean 'calmer'?"
        ),
        (
            "      - {any: [insult], goto: gone}", "      - {any: [insolt], goto: gone}",
            "Scenarios/mini-scenario.yaml:11:16: error: signal 'insolt' is not defined by rubric 'mini'; did you mean 'insult'?"
        ),
        (
            "  - name: trap\n    replies: [\"You idiot.\"]\n    expect: {ending: gone}", "",
            "Scenarios/mini-scenario.yaml:21:3: warning: ending 'gone' is not reached by any test; explore reaches it in 1 reply, e.g. \u{201C}You idiot.\u{201D}"
        ),
        (
            "      - {if: [apology], goto: calmer}", "      - {if: [apology], goto: happy}",
            "Scenarios/mini-scenario.yaml:14:3: error: beat 'calmer' is unreachable: no transition from 'opening' leads to it"
        ),
        (
            "      - {any: [empathy], goto: happy}\n", "",
            "Scenarios/mini-scenario.yaml:14:3: error: beat 'calmer' is a dead end: no ending can be reached from it"
        ),
    ])
    func scenarioMistakes(original: String, replacement: String, expected: String) throws {
        #expect(Self.scenario.contains(original))
        let found = try lint(scenario: Self.scenario.replacingOccurrences(of: original, with: replacement))
        #expect(found.contains(expected), "\(found)")
    }

    @Test func theMutationCheckFlagsACriterionThatCannotFail() throws {
        // A criterion that forbids a signal no mutation adds, and expects nothing, can never fail.
        let planted = Self.rubric
            .replacingOccurrences(
                of: "    weight: 50\n    forbid: [insult]\n    fatal: true",
                with: "    weight: 50\n    forbid: [empathy]\n    fatal: true"
            )
            .replacingOccurrences(of: "example: \"I hear you, that is frustrating.\"", with: "example: \"I hear you.\"")
        let found = try lint(rubric: planted)
        #expect(
            found.contains(
                "Rubrics/mini.yaml:30:5: warning: criterion 'keep_cool' cannot fail: no mutation of its example (add a insult, add a empathy) makes it fail"
            ) == false)
        let unfailable = Self.rubric.replacingOccurrences(
            of: "    forbid: [insult]\n    fatal: true", with: "    forbid: [complaint]")
        let flagged = try lint(rubric: unfailable)
        #expect(
            flagged.contains(
                "Rubrics/mini.yaml:30:5: warning: criterion 'keep_cool' cannot fail: no mutation of its example (add a insult, add a complaint) makes it fail"
            ), "\(flagged)")
    }
}
