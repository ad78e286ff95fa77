import ComposureKit
import Testing

/// Signals over one reply: vetoes, included signals, built-in detectors and sides.
@Suite struct SignalDetectorTests {
    let grader: Grader

    init() throws {
        let yaml = """
            id: detect
            concepts:
              feeling: [frustrat*, upset]
            signals:
              apology:
                any: [sorry]
                unless: [sorry you feel]
                vetoed_by: [non_apology]
              non_apology:
                any: [sorry if]
              empathy:
                any: ["that is {feeling}"]
                include: [reflection]
              reflection:
                builtin: {kind: reflection, concept: feeling}
              shouting:
                builtin: {kind: shouting}
              cancel_request:
                side: customer
                any: [cancel]
              thanks:
                side: both
                any: [thank you]
            criteria:
              - {id: c, weight: 100, expect: [apology]}

            """
        grader = Grader(rubric: try RubricLoader.load(yaml: yaml, file: "detect.yaml"))
    }

    /// Each signal that fired, with its evidence joined by `|`.
    func fired(_ text: String, role: Role = .agent, customerLine: String? = nil) -> [String] {
        grader.detect(text, role: role, customerLine: customerLine).hits.map { hit in
            "\(hit.signal): " + hit.evidence.map(\.text).joined(separator: "|")
        }
    }

    @Test(arguments: [
        ("I'm sorry.", ["apology: sorry"]),
        ("I'm sorry you feel that way.", []),
        ("Sorry if you were offended.", ["non_apology: Sorry if"]),
        ("Sorry if that hurt. I'm sorry for the delay.", ["apology: sorry", "non_apology: Sorry if"]),
        ("Sorry! Sorry again.", ["apology: Sorry|Sorry"]),
        ("That's frustrating.", ["empathy: That's frustrating"]),
        ("READ THE EMAIL please", ["shouting: READ THE EMAIL"]),
        ("Stop that!!!", ["shouting: Stop that"]),
        // A one-letter word is not a capitalised word.
        ("I AM NOT SHOUTING AT ALL", ["shouting: AM NOT SHOUTING AT ALL"]),
        ("NASA and IBM", []),
        ("Hi! Ok!! Fine.", []),
        ("Thank you, please cancel.", ["thanks: Thank you"]),
    ])
    func agentReply(text: String, signals: [String]) {
        #expect(fired(text) == signals)
    }

    @Test func customerSignalsFireOnlyOnCustomerLines() {
        #expect(fired("Please cancel. Thank you.", role: .customer) == ["cancel_request: cancel", "thanks: Thank you"])
        #expect(fired("Sorry, cancel it.", role: .customer).isEmpty == false)
        #expect(!fired("Sorry, cancel it.", role: .customer).contains { $0.hasPrefix("apology") })
    }

    @Test func vetoedMatchesAreNearMisses() {
        let unless = grader.detect("I'm sorry you feel that way.")
        #expect(unless.nearMisses.map(\.signal) == ["apology"])
        #expect(unless.nearMisses.first?.vetoedBy == "detect.yaml:7:14")
        #expect(unless.nearMisses.first?.evidence.text == "sorry")
        let bySignal = grader.detect("Sorry if you were offended.")
        #expect(bySignal.nearMisses.map(\.signal) == ["apology"])
        #expect(bySignal.nearMisses.first?.vetoedBy == "non_apology")
    }

    @Test func reflectionRestatesTheCustomersWordsWithAFeeling() {
        let customer = "My router is so frustrating, it keeps dropping."
        let reply = "I hear that the router dropping is frustrating. Let me check."
        let found = fired(reply, customerLine: customer)
        #expect(
            found == [
                "empathy: I hear that the router dropping is frustrating",
                "reflection: I hear that the router dropping is frustrating",
            ])
        // Without the customer's line, or without a feeling word, nothing is reflected.
        #expect(fired(reply).isEmpty)
        #expect(fired("The router keeps dropping.", customerLine: customer).isEmpty)
        // A feeling about something else is not a reflection of the customer's words.
        #expect(fired("Printers are frustrating.", customerLine: "My router keeps dropping.").isEmpty)
        #expect(
            fired("Routers dropping out is frustrating.", customerLine: "My router keeps dropping.") == [
                "empathy: Routers dropping out is frustrating", "reflection: Routers dropping out is frustrating",
            ])
    }

    @Test func evidenceSpansPointIntoTheReply() throws {
        let text = "Well\u{2014} I\u{2019}m SORRY."
        let evidence = try #require(grader.detect(text).evidence(for: "apology").first)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[evidence.start..<evidence.end])) == "SORRY")
        #expect(evidence.pattern == SourceLocation(file: "detect.yaml", line: 6, column: 11))
    }

    /// `include` is followed through any depth: what an included signal includes counts too, and the
    /// including signal's own vetoes hold for all of it.
    @Test func includesReachThroughIncludedSignals() throws {
        let yaml = """
            id: chain
            signals:
              offer:
                include: [restart_offer]
                vetoed_by: [refusal]
              restart_offer:
                any: [shall i restart it]
                include: [restart_done]
              restart_done:
                any: [i have restarted it]
              refusal:
                any: [i cannot]
            criteria:
              - {id: c, weight: 100, expect: [offer]}
            """
        let grader = Grader(rubric: try RubricLoader.load(yaml: yaml, file: "chain.yaml"))
        let signals = { (text: String) in Set(grader.detect(text).hits.map(\.signal)) }
        #expect(signals("I have restarted it for you.") == ["offer", "restart_offer", "restart_done"])
        #expect(signals("Shall I restart it?") == ["offer", "restart_offer"])
        #expect(signals("I cannot promise, but I have restarted it.") == ["refusal", "restart_offer", "restart_done"])
    }
}

/// `yields_to`: a signal gives up only the evidence that overlaps the other signal's, unlike `vetoed_by`.
@Suite struct YieldsToTests {
    static let yaml = """
        id: yields
        signals:
          step:
            any: [i have credited, will be with you]
            yields_to: [promise]
          vetoed_step:
            any: [i have credited, will be with you]
            vetoed_by: [promise]
          promise:
            any: [will be with you by 9pm]
        criteria:
          - {id: c, weight: 100, expect: [step]}
        """

    @Test func onlyTheOverlappingEvidenceIsDropped() throws {
        let grader = Grader(rubric: try RubricLoader.load(yaml: Self.yaml, file: "yields.yaml"))
        let detection = grader.detect("I have credited £10 and it will be with you by 9pm.")
        let evidence = { (signal: String) in
            detection.hits.first { $0.signal == signal }?.evidence.map(\.text) ?? []
        }
        #expect(evidence("step") == ["I have credited"])
        #expect(evidence("vetoed_step").isEmpty)
        #expect(evidence("promise") == ["will be with you by 9pm"])
        #expect(detection.nearMisses.contains { $0.signal == "step" && $0.vetoedBy == "promise" })
    }
}
