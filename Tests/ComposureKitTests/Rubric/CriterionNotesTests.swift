import ComposureKit
import Testing

/// Grader v2's criterion details: `discount` (a stock phrase does not meet a criterion), the note for a
/// signal that came too late for `within`, and the core rubric's grievance and solved contexts.
@Suite struct CriterionNotesTests {
    static let yaml = """
        id: notes
        contexts:
          angry:
            customer_signal: [complaint]
        signals:
          apology:
            any: [sorry, apologi*]
          stock_phrase:
            any: ['apologi* for any inconvenience']
          complaint:
            side: customer
            any: [broken]
        criteria:
          - id: apology
            weight: 100
            when: angry
            expect: [apology]
            within: 2
            discount: [stock_phrase]
            feedback:
              miss: Say sorry early.
              example: I'm so sorry it broke on day one.
        """

    let grader: Grader

    init() throws {
        grader = Grader(rubric: try RubricLoader.load(yaml: Self.yaml, file: "notes.yaml"))
    }

    func apology(_ lines: [String]) -> CriterionResult? {
        let turns = lines.enumerated().map { Turn(role: $0.offset % 2 == 0 ? .customer : .agent, text: $0.element) }
        return grader.grade(Transcript(id: "t", channel: nil, meta: [:], turns: turns)).criterion("apology")
    }

    @Test func anApologyMadeOnlyOfAStockPhraseDoesNotCount() throws {
        let result = try #require(apology(["It's broken.", "We apologise for any inconvenience."]))
        #expect(result.verdict == .fail)
        #expect(
            result.feedback
                == "Say sorry early. Your apology was only a stock phrase (\u{201C}apologise for any inconvenience\u{201D}), which does not count: say it in your own words, about this customer's situation. Try: \u{201C}I'm so sorry it broke on day one.\u{201D}"
        )
    }

    @Test func aStockPhraseBesideARealApologyDoesNotSpoilIt() throws {
        let result = try #require(
            apology(["It's broken.", "We apologise for any inconvenience. I'm so sorry it broke on day one."]))
        #expect(result.verdict == .pass)
        #expect(result.evidence.first?.evidence.text == "sorry")
    }

    /// Words inside a mistake (a signal some criterion forbids) are no credit for another criterion: "try
    /// restarting your router" blames his router, and is no next step (blind scenario set 29).
    @Test func aStepSaidInsideAMistakeDoesNotCount() throws {
        let yaml = """
            id: mistakes
            signals:
              solution:
                any: ['restart* your router', 'send a replacement']
              router_blame:
                any: ['try restarting your router']
            criteria:
              - id: solution
                weight: 50
                expect: [solution]
              - id: keep_cool
                weight: 50
                forbid: [router_blame]
            """
        let solution = try Self.solutionCriterion(yaml, file: "mistakes.yaml")
        let blamed = try #require(solution("Try restarting your router."))
        #expect(blamed.verdict == .fail)
        #expect(blamed.feedback.contains("was said in the words of a mistake (router blame)"), "\(blamed.feedback)")
        // The same mistake beside a real step does not spoil the step.
        let both = try #require(solution("Try restarting your router. I'll send a replacement today."))
        #expect(both.verdict == .pass)
        #expect(both.evidence.first?.evidence.text == "send a replacement")
    }

    /// A step mostly inside a mistake is the mistake with a few words before it ("Please ensure your router is
    /// within range"), no credit; a step mostly outside it keeps its credit (blind scenario set 51).
    @Test func aStepMostlyInsideAMistakeDoesNotCount() throws {
        let yaml = """
            id: mostly
            signals:
              solution:
                any: ['please ensure your router is within range', 'i will send a replacement today']
              router_blame:
                any: ['your router is within range']
              promise:
                any: ['today guaranteed']
            criteria:
              - id: solution
                weight: 40
                expect: [solution]
              - id: keep_cool
                weight: 30
                forbid: [router_blame]
              - id: honesty
                weight: 30
                forbid: [promise]
            """
        let solution = try Self.solutionCriterion(yaml, file: "mostly.yaml")
        let blamed = try #require(solution("Please ensure your router is within range."))
        #expect(blamed.verdict == .fail)
        #expect(blamed.feedback.contains("was said in the words of a mistake (router blame)"), "\(blamed.feedback)")
        let beside = try #require(solution("I will send a replacement today guaranteed."))
        #expect(beside.verdict == .pass)
    }

    /// The `solution` criterion of the rubric `yaml`, graded on one reply to "It dropped off again.".
    static func solutionCriterion(_ yaml: String, file: String) throws -> (String) -> CriterionResult? {
        let grader = Grader(rubric: try RubricLoader.load(yaml: yaml, file: file))
        return { reply in
            let turns = [Turn(role: .customer, text: "It dropped off again."), Turn(role: .agent, text: reply)]
            return grader.grade(Transcript(id: "t", channel: nil, meta: [:], turns: turns)).criterion("solution")
        }
    }

    @Test func aSignalTooLateForWithinIsNamedWithItsReply() throws {
        let result = try #require(apology(["It's broken.", "Noted.", "Hello?", "Checking.", "Well?", "Sorry!"]))
        #expect(result.verdict == .fail)
        #expect(
            result.feedback.contains(
                "Your apology came at reply 3 (\u{201C}Sorry\u{201D}); this criterion asks for it within the first 2 replies."
            ), "\(result.feedback)")
    }

    @Test func aScenariosOwnSignalIsNamedByItsCriterionNotItsId() throws {
        // A scenario's signals are named for its story (`her_morning`); feedback names the criterion instead.
        let yaml = Self.yaml.replacingOccurrences(of: "  apology:\n    any:", with: "  her_sorry:\n    any:")
            .replacingOccurrences(of: "expect: [apology]", with: "expect: [her_sorry]")
            .replacingOccurrences(of: "weight: 100", with: "title: Apology\n    weight: 100")
        var rubric = try RubricLoader.load(yaml: yaml, file: "notes.yaml")
        let turns = ["It's broken.", "Noted.", "Hello?", "Checking.", "Well?", "Sorry!"].enumerated().map {
            Turn(role: $0.offset % 2 == 0 ? .customer : .agent, text: $0.element)
        }
        let transcript = Transcript(id: "t", channel: nil, meta: [:], turns: turns)
        let own = try #require(Grader(rubric: rubric).grade(transcript).criterion("apology"))
        #expect(own.feedback.contains("Your her sorry came at reply 3"), "\(own.feedback)")
        let index = try #require(rubric.signals.firstIndex { $0.id == "her_sorry" })
        rubric.signals[index].location = SourceLocation(file: "Scenarios/broken-phone.yaml", line: 12, column: 3)
        let scenarios = try #require(Grader(rubric: rubric).grade(transcript).criterion("apology"))
        #expect(
            scenarios.feedback.contains("Your apology came at reply 3 (\u{201C}Sorry\u{201D})"), "\(scenarios.feedback)"
        )
    }

    /// Blind scenario set 26: a card that ticked the cancellation and still failed the criterion at 67 read as
    /// unexplained; the feedback now says which half is missing.
    @Test func aMissedThenIsNamedWithTheReplyItWasDueAfter() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "    within: 2\n    discount: [stock_phrase]\n",
            with: "    then: [callback]\n"
        ).replacingOccurrences(
            of: "  complaint:\n", with: "  callback:\n    any: ['call you back']\n  complaint:\n")
        let grader = Grader(rubric: try RubricLoader.load(yaml: yaml, file: "notes.yaml"))
        let turns = ["It's broken.", "Noted.", "Well?", "I'm so sorry it broke."].enumerated().map {
            Turn(role: $0.offset % 2 == 0 ? .customer : .agent, text: $0.element)
        }
        let missed = try #require(
            grader.grade(Transcript(id: "t", channel: nil, meta: [:], turns: turns)).criterion("apology"))
        #expect(missed.verdict == .fail)
        #expect(missed.feedback.contains("After your apology at reply 2, no callback followed."), "\(missed.feedback)")
        let kept = turns + [Turn(role: .customer, text: "And?"), Turn(role: .agent, text: "I'll call you back at 4.")]
        let met = try #require(
            grader.grade(Transcript(id: "t", channel: nil, meta: [:], turns: kept)).criterion("apology"))
        #expect(met.verdict == .pass)
    }

    @Test func aCriterionWithADiscountNamingAnUndefinedSignalIsAnError() {
        let broken = Self.yaml.replacingOccurrences(of: "discount: [stock_phrase]", with: "discount: [stock_phrse]")
        #expect(throws: DiagnosticError.self) { try RubricLoader.load(yaml: broken, file: "notes.yaml") }
    }

    // The core rubric.

    static func core() throws -> Grader {
        Grader(
            rubric: try RubricLoader.load(
                path: ScenarioLibraryTests.root.appendingPathComponent("Rubrics/core.yaml").path))
    }

    func coreResult(_ lines: [String], channel: String? = "chat") throws -> GradeResult {
        let turns = lines.enumerated().map { Turn(role: $0.offset % 2 == 0 ? .customer : .agent, text: $0.element) }
        return try Self.core().grade(Transcript(id: "t", channel: channel, meta: [:], turns: turns))
    }

    @Test func boilerplateAloneNeverPassesApologyOrEmpathy() throws {
        let result = try coreResult([
            "This is the third time the router has died. Useless.",
            "We apologise for any inconvenience caused. I understand your frustration. Thank you for your patience.",
        ])
        #expect(result.criterion("apology")?.verdict == .fail)
        #expect(result.criterion("empathy")?.verdict == .fail)
        #expect(result.turns[1].signals.contains { $0.signal == "stock_phrase" })
    }

    /// Blind scenario set 12: the signal model (and `reflection`, which `empathy` includes) fired empathy on
    /// the whole sentence of a stock phrase, which no stock phrase's span covered, so canned words passed the
    /// card and calmed the customer.
    @Test(arguments: [
        // Blind set 12's Dana, word for word: the build before this fix passed empathy here (the model).
        (
            "I know it's been a year and a half, but I'd like a refund on the laptop I bought from you. Redundancy, then the car died, and now the payment plan is the thing I can't cover. The keyboard's been sticking for months anyway. Can I just send it back? I'm honestly so stressed I can't sleep.",
            "Dear Dana, thank you for contacting us. We apologise for any inconvenience and understand your frustration. As per our policy, returns must be made within 30 days of purchase. Is there anything else I can help you with?"
        ),
        (
            "The owner yelled at my partner. I'm so upset and I've tagged the news, everyone should see this feedback.",
            "We understand your concern and take all feedback seriously. Your comments have been passed on."
        ),
    ])
    func aStockPhraseSentenceGivesNoEmpathyThroughTheModelOrAReflection(_ customer: String, _ reply: String) throws {
        let result = try coreResult([customer, reply])
        #expect(result.criterion("empathy")?.verdict == .fail)
        #expect(result.turns[1].signals.contains { $0.signal == "stock_phrase" })
    }

    @Test func realEmpathyBesideAStockPhraseStillCounts() throws {
        let result = try coreResult([
            "I paid four days ago and heard nothing. Is this a scam?",
            "We apologise for any inconvenience. I know four days of silence after paying feels dodgy.",
        ])
        #expect(result.criterion("empathy")?.verdict == .pass)
    }

    @Test func aRaisedVoiceAloneDoesNotAskForAnApology() throws {
        // A sceptical sales question in capitals: angry (shouting) but no grievance.
        let result = try coreResult(["IS THIS COURSE ACTUALLY GOING TO WORK FOR ME OR NOT", "It depends on you."])
        #expect(result.criterion("apology")?.verdict == .notApplicable)
    }

    @Test func noFollowUpIsDemandedOnceTheCustomerSaysItIsSolved() throws {
        let solved = try coreResult([
            "The app is broken again, it won't load at all.",
            "Sorry about that. Try clearing the cache under Settings, then restart the app.",
            "That worked, thanks!",
            "Great, glad it's sorted.",
        ])
        #expect(solved.criterion("follow_up")?.verdict == .notApplicable)
        let unsolved = try coreResult([
            "The app is broken again, it won't load at all.",
            "Sorry about that. Try clearing the cache under Settings, then restart the app.",
            "It still doesn't work.",
            "Odd.",
        ])
        #expect(unsolved.criterion("follow_up")?.verdict == .fail)
    }
}
