import ComposureKit
import Testing

/// Criteria semantics: expect, forbid, when, within, then, fatal, not applicable, and the scores.
@Suite struct GraderTests {
    static let yaml = """
        id: grading
        scoring:
          fatal_cap: 20
        contexts:
          public:
            channel: [social, public_review]
          cancel:
            customer_signal: [cancel_request]
          angry:
            customer_signal: [complaint]
          at_fault:
            fact: company_at_fault
        signals:
          sorry:
            any: [sorry]
          fix:
            any: [i will fix]
          confirm:
            any: [cancelled]
          feedback:
            any: [could we do better]
          retain:
            any: [please stay]
          insult:
            any: [idiot]
          blame:
            any: [your fault]
          cancel_request:
            side: customer
            any: [cancel]
          complaint:
            side: customer
            any: [broken]
        criteria:
          - id: apology
            weight: 20
            when: angry or at_fault
            expect: [sorry]
            within: 1
            feedback:
              pass: You said sorry.
              miss: Say sorry early.
              example: I'm sorry it broke.
          - id: let_go
            weight: 20
            when: cancel
            expect: [confirm]
            then: [feedback]
            forbid: [retain]
          - id: keep_cool
            weight: 20
            forbid: [insult, blame]
            fatal: [insult]
            feedback:
              miss: Stay calm.
          - id: public_fix
            weight: 20
            when: public and not cancel
            expect: [fix]
          - id: fault
            weight: 20
            when: at_fault
            expect: [fix, sorry]
            forbid: [blame]

        """

    let grader: Grader

    init() throws {
        grader = Grader(rubric: try RubricLoader.load(yaml: Self.yaml, file: "grading.yaml"))
    }

    /// A conversation from alternating lines, customer first; `channel` and `meta` as given.
    static func conversation(
        _ lines: [String], channel: String? = nil, meta: [String: String] = [:]
    ) -> Transcript {
        let turns = lines.enumerated().map { Turn(role: $0.offset % 2 == 0 ? .customer : .agent, text: $0.element) }
        return Transcript(id: "t", channel: channel, meta: meta, turns: turns)
    }

    func grade(_ lines: [String], channel: String? = nil, meta: [String: String] = [:]) -> GradeResult {
        grader.grade(Self.conversation(lines, channel: channel, meta: meta))
    }

    /// (verdict, score) of criterion `id`.
    static func outcome(_ id: String, _ result: GradeResult) -> Outcome? {
        result.criterion(id).map { Outcome(verdict: $0.verdict, score: $0.score) }
    }

    struct Outcome: Hashable, CustomStringConvertible {
        var verdict: Verdict
        var score: Int?
        var description: String { "\(verdict.rawValue) \(score.map(String.init) ?? "–")" }
        static let pass = Outcome(verdict: .pass, score: 100)
        static let fail = Outcome(verdict: .fail, score: 0)
        static let notApplicable = Outcome(verdict: .notApplicable, score: nil)
        static func fail(_ score: Int) -> Outcome { Outcome(verdict: .fail, score: score) }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var lines: [String]
        var channel: String? = nil
        var meta: [String: String] = [:]
        var criterion: String
        var outcome: Outcome
        var testDescription: String { name }
    }

    @Test(arguments: [
        // expect, and `within` counted in agent replies from where the context opened.
        Case(
            name: "expected signal in the first reply", lines: ["It's broken.", "Sorry!"], criterion: "apology",
            outcome: .pass),
        Case(
            name: "expected signal never comes", lines: ["It's broken.", "Noted."], criterion: "apology", outcome: .fail
        ),
        Case(
            name: "expected signal too late for within 1", lines: ["It's broken.", "Noted.", "Hello?", "Sorry."],
            criterion: "apology", outcome: .fail),
        Case(
            name: "within counts from the opening turn", lines: ["Hi.", "Hello.", "It's broken.", "So sorry."],
            criterion: "apology", outcome: .pass),
        Case(
            name: "an apology before the context opened does not count",
            lines: ["Hi.", "Sorry, hello.", "It's broken.", "Noted."], criterion: "apology", outcome: .fail),
        Case(
            name: "customer's words do not count for the agent", lines: ["Broken, sorry.", "Noted."],
            criterion: "apology", outcome: .fail),
        // when: contexts from customer signals, channels and facts, with not/and/or.
        Case(name: "context never opens", lines: ["Hi.", "Hello."], criterion: "apology", outcome: .notApplicable),
        Case(
            name: "context opens by a fact", lines: ["Hi.", "Sorry about that."], meta: ["company_at_fault": "yes"],
            criterion: "apology", outcome: .pass),
        Case(
            name: "a fact stated false", lines: ["Hi.", "Hello."], meta: ["company_at_fault": "no"], criterion: "fault",
            outcome: .notApplicable),
        Case(
            name: "a fact stated true as 1", lines: ["Hi.", "Hello."], meta: ["company_at_fault": "1"],
            criterion: "fault",
            outcome: .fail),
        Case(
            name: "context opens on the last line with no reply after", lines: ["Hi.", "Hello.", "It's broken."],
            criterion: "apology", outcome: .notApplicable),
        Case(
            name: "channel context", lines: ["Hi.", "I will fix it."], channel: "social", criterion: "public_fix",
            outcome: .pass),
        Case(
            name: "channel context missed", lines: ["Hi.", "Hello."], channel: "public_review", criterion: "public_fix",
            outcome: .fail),
        Case(
            name: "other channel", lines: ["Hi.", "Hello."], channel: "phone", criterion: "public_fix",
            outcome: .notApplicable),
        Case(name: "no channel", lines: ["Hi.", "Hello."], criterion: "public_fix", outcome: .notApplicable),
        Case(
            name: "and not: excluded by the other context", lines: ["Cancel it.", "I will fix it."], channel: "social",
            criterion: "public_fix", outcome: .notApplicable),
        // expect, then, forbid together.
        Case(
            name: "confirm then feedback", lines: ["Please cancel.", "Cancelled. What could we do better?"],
            criterion: "let_go", outcome: .pass),
        Case(
            name: "then in a later reply", lines: ["Please cancel.", "Cancelled.", "Thanks.", "Could we do better?"],
            criterion: "let_go", outcome: .pass),
        Case(
            name: "then before the expected signal", lines: ["Please cancel.", "Could we do better? It's cancelled."],
            criterion: "let_go", outcome: .fail(67)),
        Case(
            name: "retention offer after the request",
            lines: ["Cancel please.", "Please stay! Cancelled. Could we do better?"],
            criterion: "let_go", outcome: .fail(67)),
        Case(
            name: "retention offer before the request does not count",
            lines: ["Hi.", "Please stay with us.", "No, cancel.", "Cancelled. Could we do better?"],
            criterion: "let_go",
            outcome: .pass),
        Case(
            name: "clean of the forbidden signal but nothing expected came", lines: ["Cancel it.", "Hmm."],
            criterion: "let_go", outcome: .fail),
        // forbid only.
        Case(name: "nothing forbidden", lines: ["You idiots!", "I hear you."], criterion: "keep_cool", outcome: .pass),
        Case(name: "a forbidden signal", lines: ["Hi.", "It's your fault."], criterion: "keep_cool", outcome: .fail),
        Case(
            name: "a forbidden signal in a later reply", lines: ["Hi.", "Hello.", "Well?", "Idiot."],
            criterion: "keep_cool",
            outcome: .fail),
        // Several expected signals: any one of them.
        Case(
            name: "one of several expected", lines: ["Hi.", "Sorry."], meta: ["company_at_fault": "y"],
            criterion: "fault", outcome: .pass),
        Case(
            name: "expected and forbidden both seen", lines: ["Hi.", "Sorry, but it's your fault."],
            meta: ["company_at_fault": "true"], criterion: "fault", outcome: .fail(50)),
    ])
    func criterionOutcome(_ example: Case) {
        let result = grade(example.lines, channel: example.channel, meta: example.meta)
        #expect(Self.outcome(example.criterion, result) == example.outcome)
    }

    @Test func evidenceNamesTurnSignalAndWords() throws {
        let result = grade(["Please cancel.", "Please stay! Cancelled. Could we do better?"])
        let letGo = try #require(result.criterion("let_go"))
        #expect(letGo.openedAt == 0)
        let evidence = letGo.evidence.map { "\($0.turn) \($0.signal) \($0.evidence.text) \($0.supports)" }
        #expect(
            evidence == [
                "1 confirm Cancelled true", "1 feedback Could we do better true", "1 retain Please stay false",
            ])
        let confirm = try #require(letGo.evidence.first)
        #expect(confirm.evidence.start == 13 && confirm.evidence.end == 22)
    }

    @Test func feedbackQuotesTheFirstViolationAndTheExample() throws {
        let missed = grade(["It's broken.", "Noted."])
        #expect(missed.criterion("apology")?.feedback == "Say sorry early. Try: \u{201C}I'm sorry it broke.\u{201D}")
        let passed = grade(["It's broken.", "Sorry."])
        #expect(passed.criterion("apology")?.feedback == "You said sorry.")
        let rude = grade(["Hi.", "It's your fault, idiot."])
        #expect(rude.criterion("keep_cool")?.feedback == "Stay calm. You wrote \u{201C}your fault\u{201D} (blame).")
        #expect(rude.criterion("keep_cool")?.evidence.map(\.signal) == ["blame", "insult"])
    }

    // MARK: Fatal and the overall score

    @Test func aFatalViolationCapsTheOverallScore() throws {
        let result = grade(["Hi.", "Idiot."])
        let keepCool = try #require(result.criterion("keep_cool"))
        #expect(keepCool.isFatal)
        #expect(result.isCapped)
        // Only keep_cool applies, and it failed.
        #expect(result.score == 0)
        let capped = grade(["Hi.", "I will fix it, idiot."], channel: "social")
        #expect(capped.criterion("public_fix")?.verdict == .pass)
        #expect(capped.isCapped)
        #expect(capped.score == 10)  // 50 without the cap, scaled by this rubric's fatal cap of 20
    }

    @Test func aNonFatalViolationDoesNotCap() throws {
        let result = grade(["Hi.", "I will fix it. Your fault though."], channel: "social")
        #expect(result.criterion("keep_cool")?.isFatal == false)
        #expect(!result.isCapped)
        #expect(result.score == 50)
    }

    @Test func theOverallScoreIsTheWeightedMeanOfApplicableCriteria() {
        // apology pass (100), keep_cool pass (100), fault 50, public_fix and let_go not applicable.
        let result = grade(["It's broken.", "Sorry, your fault."], meta: ["company_at_fault": "yes"])
        #expect(result.criteria.map(\.id) == ["apology", "let_go", "keep_cool", "public_fix", "fault"])
        #expect(Self.outcome("apology", result) == .pass)
        #expect(Self.outcome("keep_cool", result) == .fail)
        #expect(Self.outcome("fault", result) == .fail(50))
        #expect(Self.outcome("let_go", result) == .notApplicable)
        #expect(result.score == 50)  // (100 + 0 + 50) / 3
        let good = grade(["It's broken.", "Sorry, I will fix it."], meta: ["company_at_fault": "yes"])
        #expect(good.score == 100)
    }

    @Test func notApplicableCriteriaHaveNoScoreAndNoFeedback() throws {
        let result = grade(["Hi.", "Hello."])
        let apology = try #require(result.criterion("apology"))
        #expect(apology.verdict == .notApplicable)
        #expect(apology.score == nil)
        #expect(apology.feedback == "")
        #expect(apology.evidence.isEmpty)
        #expect(apology.openedAt == nil)
        #expect(result.score == 100)
    }

    // MARK: Signals per turn

    @Test func signalsAreLookedForOnTheirOwnSide() {
        let turns = grader.signals(in: Self.conversation(["Sorry, cancel this.", "Sorry, cancelled."]))
        #expect(turns.map { $0.signals.map(\.signal) } == [["cancel_request"], ["sorry", "confirm"]])
        #expect(turns.map(\.role) == [.customer, .agent])
        #expect(turns.map(\.index) == [0, 1])
    }

    @Test func gradingGivenTurnsMatchesGradingFromScratch() {
        let transcript = Self.conversation(["It's broken, cancel.", "Sorry. Cancelled. Could we do better?"])
        let turns = grader.signals(in: transcript)
        #expect(grader.grade(transcript, turns: turns) == grader.grade(transcript))
    }
}
