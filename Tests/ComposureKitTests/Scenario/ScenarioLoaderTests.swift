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
        (
            "id: sample", "id: team/sample",
            "sample.yaml:1:5: error: 'team/sample' is not a valid id: use lower-case letters, digits, '_' and '-'"
        ),
        (
            "id: sample", #"id: "sample\e]52;c;ZXZpbA==\a""#,
            "sample.yaml:1:5: error: 'sample\\u{1B}]52;c;ZXZpbA==\\u{7}' is not a valid id: use lower-case letters, "
                + "digits, '_' and '-'"
        ),
        (
            "  calmer:", "  Calmer:",
            "sample.yaml:14:3: error: 'Calmer' is not a valid id: use lower-case letters, digits, '_' and '-'"
        ),
        (
            "  happy: {outcome: resolved,", "  happy: {outcome: resolved, anger: 101,",
            "sample.yaml:20:37: error: 'anger' must be between 0 and 100, not 101"
        ),
        (
            "  happy: {outcome", "  happy ending: {outcome",
            "sample.yaml:20:3: error: 'happy ending' is not a valid id: use lower-case letters, digits, '_' and '-'"
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

/// A scenario's own concepts, signals, criterion refinements and conditional lines: what they do, and
/// their mistakes reported at the scenario's own lines.
@Suite struct ScenarioKnowledgeTests {
    static let knowledge = """
        signals:
          wrong_fix:
            description: a fix that does not work here
            any: ['(~reinstall|descale)']
            examples: {fire: ["Try descaling it."], silent: ["I'll send a new kettle."]}
        criteria:
          solution:
            forbid: [wrong_fix]
            feedback: {example: "I'll send you a new kettle today."}
        """

    func load(_ yaml: String) throws -> (Scenario, Rubric) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("knowledge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("sample.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: file) { _ in try RubricLoader.load(path: ScenarioLoaderTests.core) }
        return (loaded.scenario, loaded.rubric)
    }

    /// The verdict on criterion `id` after `replies` in the scenario `yaml`, played from its opening.
    func verdict(_ id: String, _ yaml: String, _ replies: [String]) throws -> Verdict? {
        let (scenario, rubric) = try load(yaml)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
        _ = engine.opening()
        for reply in replies where !engine.isOver { _ = engine.respond(to: reply) }
        return engine.grade().criteria.first { $0.id == id }?.verdict
    }

    func errors(_ yaml: String) -> String {
        do {
            _ = try load(yaml)
            return ""
        } catch let error as DiagnosticError {
            return error.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }.joined(separator: "\n")
        } catch {
            return "\(error)"
        }
    }

    @Test func aScenarioSignalFiresWithItsOwnLineAndRefinesTheCriterion() throws {
        let (scenario, rubric) = try load(ScenarioLoaderTests.valid + "\n" + Self.knowledge)
        let detection = Grader(rubric: rubric).detect("Honestly, just descale it and you'll be fine.")
        let evidence = try #require(detection.evidence(for: "wrong_fix").first)
        #expect(evidence.pattern?.file.hasSuffix("sample.yaml") == true)
        #expect(evidence.pattern?.line == 24)
        let solution = try #require(rubric.criteria.first { $0.id == "solution" })
        #expect(solution.forbid == ["wrong_fix"])
        #expect(solution.feedback.example == "I'll send you a new kettle today.")
        // The rubric the other scenarios share is not changed.
        let core = try RubricLoader.load(path: ScenarioLoaderTests.core)
        #expect(core.criteria.first { $0.id == "solution" }?.forbid.isEmpty == true)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
        _ = engine.opening()
        _ = engine.respond(to: "I'm sorry. Descale it and it'll be fine.")
        let verdict = engine.grade().criteria.first { $0.id == "solution" }?.verdict
        #expect(verdict == .fail)
    }

    @Test(arguments: [
        (
            "signals:\n  apology:\n    any: [sorry]\n",
            "22:3: signal 'apology' is already defined by rubric 'core'"
        ),
        (
            "criteria:\n  empathie:\n    forbid: [insult]\n",
            "22:3: rubric 'core' has no criterion 'empathie' to refine; did you mean 'empathy'?"
        ),
        (
            "criteria:\n  honesty:\n    forbid: [guarantees]\n",
            "23:14: 'forbid' of criterion 'honesty' names undefined signal 'guarantees'; did you mean 'guarantee'?"
        ),
        (
            "signals:\n  odd:\n    any: ['(sorry']\n",
            "23:12: pattern '(sorry': '(' is never closed"
        ),
        (
            "criteria:\n  apology:\n    fatal: [insult]\n",
            "22:3: 'insult' is fatal but not forbidden by criterion 'apology'; add it to 'forbid'"
        ),
        (
            "criteria:\n  apology:\n    when: at_falt\n",
            "23:11: 'when' names undefined context 'at_falt'; did you mean 'at_fault'?"
        ),
        (
            "criteria:\n  apology:\n    when: at_fault and (grievance\n",
            "23:24: in 'when': '(' is never closed"
        ),
    ])
    func mistakesAreReportedAtTheScenariosLine(_ extra: String, _ expected: String) {
        let message = errors(ScenarioLoaderTests.valid + "\n" + extra)
        #expect(message.contains(expected), "\(message)")
    }

    /// A scenario's `when` replaces the rubric's for that criterion only. "My kettle leaks." is no grievance,
    /// so the rubric's apology does not apply; `when: always` makes it due, and `when: at_fault` (no fault
    /// in the facts) keeps it out.
    @Test func aRefinedWhenDecidesWhetherTheCriterionApplies() throws {
        func apologyVerdict(_ yaml: String) throws -> Verdict? {
            try verdict("apology", yaml, ["Let me look at what I can do for you today."])
        }
        let refine = { (when: String) in ScenarioLoaderTests.valid + "\ncriteria:\n  apology:\n    when: \(when)\n" }
        #expect(try apologyVerdict(ScenarioLoaderTests.valid) == .notApplicable)
        #expect(try apologyVerdict(refine("always")) == .fail)
        #expect(try apologyVerdict(refine("at_fault")) == .notApplicable)
        let (_, rubric) = try load(refine("always"))
        #expect(rubric.criteria.first { $0.id == "apology" }?.when.names == [])
        let core = try RubricLoader.load(path: ScenarioLoaderTests.core)
        #expect(core.criteria.first { $0.id == "apology" }?.when.names.contains("grievance") == true)
    }

    /// `within` replaces the rubric's: the criterion's expected signal is due by that reply. In `just-cancel`, the
    /// cancellation by the third reply, so three replies of script before it do not let him go.
    @Test func aRefinedWithinMakesTheExpectedSignalDueByThatReply() throws {
        func solution(_ yaml: String, _ replies: [String]) throws -> Verdict? { try verdict("solution", yaml, replies) }
        let calm = ScenarioLoaderTests.valid.replacingOccurrences(of: "start: 70,", with: "start: 30,")
        let refined = calm + "\ncriteria:\n  solution:\n    within: 1\n"
        let late = ["Hello there, thanks for getting in touch.", "I'll send you a new kettle today."]
        #expect(try solution(calm, late) == .pass)
        #expect(try solution(refined, late) == .fail)
        #expect(try solution(refined, ["I'll send you a new kettle today."]) == .pass)
        let (_, rubric) = try load(refined)
        #expect(rubric.criteria.first { $0.id == "solution" }?.within == 1)
        #expect(
            try RubricLoader.load(path: ScenarioLoaderTests.core).criteria.first { $0.id == "solution" }?.within == nil)
        #expect(errors(calm + "\ncriteria:\n  solution:\n    within: 0\n").contains("within"))
    }

    /// `until` ends what a criterion's `forbid` looks at: the replies after the first one that shows one of
    /// its signals do not count (that reply still does). In `restaurant-tweetstorm`, asking for her details
    /// "here" is public only until the talk moved to DMs.
    @Test func untilStopsForbidLookingAfterTheFirstReplyThatShowsItsSignal() throws {
        func keepCool(_ yaml: String, _ replies: [String]) throws -> Verdict? {
            try verdict("keep_cool", yaml, replies)
        }
        // Anger 30, so one "calm down" (+40) does not end the conversation before the next reply.
        let calm = ScenarioLoaderTests.valid.replacingOccurrences(of: "start: 70,", with: "start: 30,")
        let refined = calm + "\ncriteria:\n  keep_cool:\n    until: [offline_move]\n"
        let moved = ["Could you email me at help@example.com so I can sort it?", "Calm down."]
        #expect(try keepCool(calm, moved) == .fail)
        #expect(try keepCool(refined, moved) == .pass)
        // The reply that moves it still counts, and so does every reply before it.
        #expect(try keepCool(refined, ["Calm down. Could you email me at help@example.com?"]) == .fail)
        #expect(try keepCool(refined, ["Honestly, calm down.", "Could you email me at help@example.com?"]) == .fail)
        let (_, rubric) = try load(refined)
        #expect(rubric.criteria.first { $0.id == "keep_cool" }?.until == ["offline_move"])
        #expect(
            errors(ScenarioLoaderTests.valid + "\ncriteria:\n  keep_cool:\n    until: [offline_mvoe]\n").contains(
                "offline_mvoe"))
    }

    /// A conditional line that holds turn after turn is not said again word for word: with it just said,
    /// the beat's plain lines (true whatever was said) answer instead (the loop blind set 7 heard).
    @Test func aConditionalLineIsNotSaidTwiceRunning() throws {
        var engine = try openingEngine(conditionalLine: "{ever: [apology], say: \"Sorry won't fix it.\"}")
        let first = engine.respond(to: "I'm so sorry about that.").customerLines
        let second = engine.respond(to: "I'm really sorry.").customerLines
        #expect(first == ["Sorry won't fix it."])
        #expect(second == ["My kettle leaks."])
    }

    /// `ever_any` holds once any one of its signals has been shown, in this reply or an earlier one.
    @Test func everAnyHoldsOnceAnyOfItsSignalsWasShown() throws {
        let line = "{ever_any: [apology, empathy], say: \"Words are cheap.\"}"
        var neither = try openingEngine(conditionalLine: line)
        #expect(neither.respond(to: "Which model is it?").customerLines == ["My kettle leaks."])
        var sorry = try openingEngine(conditionalLine: line)
        #expect(sorry.respond(to: "I'm so sorry about that.").customerLines == ["Words are cheap."])
        // Shown earlier counts too: after a plain reply in between, the line holds again.
        _ = sorry.respond(to: "Which model is it?")
        #expect(sorry.respond(to: "When did you buy it?").customerLines == ["Words are cheap."])
    }

    /// `earlier` holds only for what was shown before this reply: the news and its repeat get different lines.
    @Test func earlierHoldsOnlyForWhatAnEarlierReplyShowed() throws {
        var engine = try openingEngine(conditionalLine: "{earlier: [apology], say: \"You said that already.\"}")
        #expect(engine.respond(to: "I'm so sorry about that.").customerLines == ["My kettle leaks."])
        #expect(engine.respond(to: "Which model is it?").customerLines == ["You said that already."])
        var never = try openingEngine(conditionalLine: "{earlier: [apology], say: \"You said that already.\"}")
        #expect(never.respond(to: "Which model is it?").customerLines == ["My kettle leaks."])
    }

    /// An engine past the opening of the sample scenario whose first beat has one plain line and
    /// `conditionalLine`, and stays in that beat unless a reply offers a fix.
    private func openingEngine(conditionalLine: String) throws -> Engine {
        let yaml = ScenarioLoaderTests.valid.replacingOccurrences(
            of: "customer: [\"My kettle leaks.\", \"The kettle leaks again.\"]",
            with: "customer: [\"My kettle leaks.\", \(conditionalLine)]"
        ).replacingOccurrences(of: "- {if: [apology], goto: calmer}", with: "- {if: [solution], goto: calmer}")
        let (scenario, rubric) = try load(yaml)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 3)
        _ = engine.opening()
        return engine
    }

    @Test func aBeatOfOnlyConditionalLinesIsAnError() {
        let yaml = ScenarioLoaderTests.valid.replacingOccurrences(
            of: "customer: [\"Fine. What now?\", \"Okay, and?\"]",
            with: "customer: [{ever: [apology], say: \"Fine.\"}]")
        #expect(errors(yaml).contains("beat 'calmer' has no plain customer line"), "\(errors(yaml))")
    }

    @Test func aConditionalLineIsSaidOnlyWhenItsConditionsHold() throws {
        let yaml = ScenarioLoaderTests.valid.replacingOccurrences(
            of: "customer: [\"Fine. What now?\", \"Okay, and?\"]",
            with: "customer: [\"Fine. What now?\", {any: [empathy], say: \"You sound like you mean it.\"}]")
        let (scenario, rubric) = try load(yaml)
        for seed: UInt64 in 1...6 {
            var plain = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: seed)
            _ = plain.opening()
            #expect(plain.respond(to: "Sorry about that.").customerLines == ["Fine. What now?"])
            var warm = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: seed)
            _ = warm.opening()
            let lines = warm.respond(to: "I'm so sorry, that sounds really frustrating.").customerLines
            #expect(lines == ["You sound like you mean it."])
        }
    }
}

extension ScenarioKnowledgeTests {
    @Test func aScenarioSignalCannotBeVetoedByARubricSignal() {
        let yaml =
            ScenarioLoaderTests.valid
            + "\nsignals:\n  odd:\n    vetoed_by: [guarantee]\n    any: [descale]\n"
        let message = errors(yaml)
        #expect(message.contains("22:3: signal 'odd' refers to the rubric's signal 'guarantee'"), "\(message)")
    }
}

extension ScenarioKnowledgeTests {
    @Test func aTransitionsSayLineCanHaveConditions() throws {
        let yaml = ScenarioLoaderTests.valid.replacingOccurrences(
            of: "      - {if: [apology], goto: calmer}",
            with: "      - {if: [apology], goto: calmer, say: [{any: [empathy], say: \"That's kind.\"}]}")
        let (scenario, rubric) = try load(yaml)
        var plain = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
        _ = plain.opening()
        #expect(plain.respond(to: "Sorry about that.").customerLines.count == 1)
        var warm = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
        _ = warm.opening()
        let lines = warm.respond(to: "I'm so sorry, that sounds really frustrating.").customerLines
        #expect(lines.first == "That's kind.")
    }
}

/// The engine's reading of a reply: calming that wears out, hollow replies, endings the meter agrees with.
@Suite struct EngineMoodTests {
    static let scenario = """
        id: mood
        rubric: core
        persona: {name: Sam, product: kettle, channel: email}
        mood: {start: 60, walk_out_at: 100, per_turn: 0, hollow: 5}
        effects: {apology: -8, insult: 50}
        start: opening
        beats:
          opening:
            customer: ["My kettle leaks.", "It still leaks.", "Leaking. Still."]
            next:
              - {any: [insult], goto: gone}
              - {turns: ">= 6", goto: gone}
              - {else: opening}
        endings:
          gone: {outcome: lost, customer: ["Goodbye.", "I'm off."]}
        """

    /// Loads `yaml` (the scenario above unless given) from a file of its own, with the core rubric.
    func load(_ yaml: String = EngineMoodTests.scenario) throws -> (Scenario, Rubric) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mood-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("mood.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: file) { _ in try RubricLoader.load(path: ScenarioLoaderTests.core) }
        return (loaded.scenario, loaded.rubric)
    }

    @Test func calmingWearsOutThenAHollowApologyAngers() throws {
        let (scenario, rubric) = try load()
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
        _ = engine.opening()
        let replies = [
            "I'm sorry about the kettle.", "Really sorry it's leaking.", "I do apologise for the leak, truly.",
            "So sorry, honestly, about all this mess.",
        ]
        let moves = replies.map { reply in
            let step = engine.respond(to: reply)
            return step.moodAfter - step.moodBefore
        }
        #expect(moves == [-8, -4, -2, -1], "\(moves)")
        let worn = engine.respond(to: "Sorry again, I mean it, about the leaking kettle today.")
        #expect(worn.isHollow)
        #expect(worn.moodAfter == worn.moodBefore + 5)
    }

    /// An ending's `anger` is the least the meter shows after it, whatever the last reply calmed.
    @Test func anEndingsAngerIsAFloorForTheMeter() throws {
        for (yaml, floor) in [
            (ScenarioLoaderTests.valid, nil),
            (
                ScenarioLoaderTests.valid.replacingOccurrences(
                    of: "{outcome: resolved,", with: "{outcome: resolved, anger: 90,"), 90
            ),
        ] {
            let (scenario, rubric) = try load(yaml)
            var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
            _ = engine.opening()
            _ = engine.respond(to: "I'm so sorry it leaks.")
            let last = engine.respond(to: "I'll send you a replacement kettle today.")
            #expect(last.ending?.id == "happy")
            if let floor {
                #expect(last.moodAfter == floor)
            } else {
                #expect(last.moodAfter < 90)
            }
        }
    }

    @Test func aLostEndingNeverShowsACalmerMeter() throws {
        let ending = try endingAfterHollowApologies(Self.scenario)
        #expect(ending.ending?.outcome == .lost)
        #expect(ending.moodAfter >= ending.moodBefore)
    }

    /// The step that ends the sample scenario after apology upon hollow apology wears the customer out.
    private func endingAfterHollowApologies(_ yaml: String) throws -> Step {
        let (scenario, rubric) = try load(yaml)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 2)
        _ = engine.opening()
        var last: Step?
        for reply in [
            "Sorry.", "Apologies for that.", "I'm sorry it leaks.", "Sorry, sorry.", "I apologise.",
            "So sorry about this.",
        ] where !engine.isOver {
            last = engine.respond(to: reply)
        }
        return try #require(last)
    }

    /// `mood.undo`: a reply that holds one of its signals calms nothing, and `/why` says what undid it.
    @Test func anUndoSignalLeavesTheApologyOfItsReplyUnheard() throws {
        let (scenario, rubric) = try load(
            Self.scenario.replacingOccurrences(
                of: "per_turn: 0, hollow: 5}", with: "per_turn: 0, hollow: 5, undo: [blame]}"))
        #expect(scenario.mood.undo == ["blame"])
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 1)
        _ = engine.opening()
        let excused = engine.respond(to: "I'm sorry about the kettle. You should have read the manual though.")
        #expect(Set(excused.detection.hits.map(\.signal)).isSuperset(of: ["apology", "blame"]))
        #expect(excused.moodAfter >= excused.moodBefore, "\(excused.moodBefore) -> \(excused.moodAfter)")
        #expect(excused.effects.contains { $0.signal == "apology (undone by blame)" && $0.delta == 0 })
        // The next plain apology is its first calming, not its second.
        let plain = engine.respond(to: "I'm sorry about the kettle.")
        #expect(plain.moodAfter - plain.moodBefore == -8)
    }

    @Test func anUnknownUndoSignalIsAnError() throws {
        let wrong = Self.scenario.replacingOccurrences(
            of: "per_turn: 0, hollow: 5}", with: "per_turn: 0, hollow: 5, undo: [exuses]}")
        #expect(throws: (any Error).self) { try load(wrong) }
    }
}
