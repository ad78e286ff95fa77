import ComposureKit
import Foundation
import Testing

/// The report card's turning point and `/why`'s explanation, as a trainee reads them.
@Suite struct ReportCardTests {
    static func engine(_ id: String, _ replies: [String]) throws -> Engine {
        let (scenario, rubric) = try ScenarioLibraryTests.load(
            ScenarioLibraryTests.root.appendingPathComponent("Scenarios/\(id).yaml").path)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 7)
        _ = engine.opening()
        for reply in replies where !engine.isOver { _ = engine.respond(to: reply) }
        return engine
    }

    @Test func repliesThatOnlyDriftNameNoTurningPoint() throws {
        // Nothing said: anger rises by the per-reply drift and the empty reply's, which no reply did.
        let engine = try Self.engine("garadget-reviewer", ["ok", "hmm", "right then"])
        #expect(engine.moodHistory.last ?? 0 > engine.moodHistory.first ?? 0, "anger rose: \(engine.moodHistory)")
        #expect(ReportCard(engine: engine).turningPoint == nil)
    }

    @Test func theTurningPointIsTheReplyWhoseSignalsMovedTheMood() throws {
        let engine = try Self.engine(
            "garadget-reviewer", ["ok", "Your poor impulse control is showing, and your unit will be denied service."])
        let point = try #require(ReportCard(engine: engine).turningPoint)
        #expect(point.reply == 2)
        #expect(point.after > point.before)
    }

    /// Blind scenario set 61: a card read "Turning point: reply 1 angered the customer (anger 70 → 70)". The reply
    /// whose signals angered most had been held level by the engine; the turning point names only a reply under
    /// which the meter moved the way the card says.
    @Test func theTurningPointNamesNoReplyTheMeterDidNotMoveUnder() throws {
        let (run, ready) = try ScenarioLibraryTests.replay(set: 61, "cant-do-feature", trap: "honesty")
        var engine = ready
        _ = engine.opening()
        for reply in run.replies where !engine.isOver { _ = engine.respond(to: reply) }
        let card = ReportCard(engine: engine)
        let calming = card.outcome == .resolved || card.outcome == .cancelled
        // The case itself: a reply whose own signals moved anger the card's way while the meter did not follow
        // (the resolved run's promise calmed by its signals, and the meter stayed at 70).
        let held = engine.signalMoves.indices.filter { index in
            let move = engine.signalMoves[index]
            guard index + 1 < engine.moodHistory.count else { return false }
            let moved = engine.moodHistory[index + 1] - engine.moodHistory[index]
            return calming ? move < 0 && moved >= 0 : move > 0 && moved <= 0
        }
        #expect(!held.isEmpty, "signal moves \(engine.signalMoves), meter \(engine.moodHistory)")
        #expect(card.turningPoint.map { held.contains($0.reply - 1) } != true)
        if let point = card.turningPoint {
            #expect(point.after != point.before, "\(point)")
            #expect(calming ? point.after < point.before : point.after > point.before, "\(point)")
        }
    }

    @Test func whyShowsEachSentenceOnceWithEverySignalBeneathIt() throws {
        let (_, rubric) = try ScenarioLibraryTests.load(
            ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path)
        let reply =
            "I'm so sorry, that's really frustrating. Could you email me at help@example.com so I can look at it?"
        let text = Explanation(reply: reply, rubric: rubric).render(style: TerminalStyle(enabled: false))
        // Signals first; near misses (matched, then vetoed) have a section of their own after them.
        let lines = text.components(separatedBy: "\n").prefix { !$0.hasPrefix("Near misses") }
        #expect(lines.first?.hasPrefix("Signals: ") == true)
        #expect(lines.filter { $0.contains("I'm so sorry, that's really frustrating.") }.count == 1, "\(text)")
        #expect(lines.filter { $0.contains("Could you email me") }.count == 1, "\(text)")
        // The carets of each signal sit under its words.
        let sentence = try #require(lines.first { $0.contains("I'm so sorry") })
        let carets = try #require(lines.first { $0.hasSuffix("^ apology") })
        let column = carets.firstIndex(of: "^").map { carets.distance(from: carets.startIndex, to: $0) } ?? -1
        let sorry = sentence.range(of: "sorry").map { sentence.distance(from: sentence.startIndex, to: $0.lowerBound) }
        #expect(column == sorry, "\(text)")
    }

    @Test func aVeryLongReplyIsCutAroundItsMatches() throws {
        let (_, rubric) = try ScenarioLibraryTests.load(
            ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path)
        let padding = String(repeating: "and the weather was grey ", count: 20)
        let reply = "Well " + padding + "and I am sorry about the opener " + padding + "anyway"
        let text = Explanation(reply: reply, rubric: rubric).render(style: TerminalStyle(enabled: false), width: 80)
        let lines = text.components(separatedBy: "\n")
        let shown = try #require(lines.first { $0.contains("sorry") })
        #expect(shown.count <= 80)
        #expect(shown.contains("…"))
        #expect(lines.allSatisfy { !$0.contains(padding) })
    }

    /// A pattern that names one of the lexicon's sentence features (`{negation}`, not defined by the rubric) is
    /// explained through the feature's own entries, read only when such a pattern fired.
    @Test func aFiredPatternIsExplainedThroughTheLexiconsSentenceFeatures() throws {
        let rubric = try RubricLoader.load(
            yaml: """
                id: features
                signals:
                  doubt:
                    any: ['{negation} *1 sure']
                criteria:
                  - {id: c, weight: 100, expect: [doubt]}
                """, file: "features.yaml")
        let text = Explanation(reply: "I am not sure.", rubric: rubric).render(style: TerminalStyle(enabled: false))
        #expect(text.contains("[negator] matched \u{201C}not\u{201D}"), "\(text)")
    }
}
