import ComposureKit
import Foundation
import Testing

/// Every scenario in `Scenarios/` loads cleanly and passes its own scripted tests.
@Suite struct ScenarioLibraryTests {
    static let root = PackageRoot.url
    static let files = ScenarioCatalog.scenarioFiles(in: root.appendingPathComponent("Scenarios").path)

    static func load(_ file: String) throws -> (Scenario, Rubric) {
        let loaded = try ScenarioCatalog(rubricsFolder: root.appendingPathComponent("Rubrics").path).load(path: file)
        return (loaded.scenario, loaded.rubric)
    }

    @Test func theLibraryHasAtLeastTenScenarios() {
        #expect(Self.files.count >= 10, "\(Self.files.map { ($0 as NSString).lastPathComponent })")
    }

    @Test(arguments: files)
    func scenarioPassesItsTests(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        #expect(scenario.beats.count >= 6, "at least 6 beats")
        #expect(scenario.endings.count >= 3, "at least 3 endings")
        #expect(scenario.tests.count >= 3, "tests for the good path, the trap and another ending")
        let outcomes = ScenarioTestRunner(scenario: scenario, rubric: rubric).run()
        for outcome in outcomes {
            #expect(outcome.passed, "\(scenario.id): \(outcome.name): \(outcome.failures.joined(separator: "; "))")
        }
        let endingsReached = Set(outcomes.compactMap(\.path.last))
        #expect(endingsReached.count >= 3, "\(scenario.id)'s tests reach \(endingsReached.sorted())")
    }

    /// Polite replies that say nothing, none repeating another (as a script-reader writes them).
    static let stonewalling = [
        "Thank you for contacting us today.",
        "We appreciate your patience while we look into this.",
        "Your feedback has been noted and passed on to the relevant team.",
        "Thank you for your understanding in this matter.",
        "Rest assured we take every comment seriously.",
        "Is there anything else I can help you with today?",
    ]

    @Test(arguments: files)
    func stonewallingNeverCalmsTheCustomer(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        for seed: UInt64 in [1, 2, 3] {
            var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: seed)
            _ = engine.opening()
            for reply in Self.stonewalling where !engine.isOver {
                let step = engine.respond(to: reply)
                #expect(
                    step.moodAfter >= step.moodBefore,
                    "\(scenario.id) seed \(seed): “\(reply)” took anger \(step.moodBefore) → \(step.moodAfter)")
            }
            #expect(engine.ending?.outcome != .resolved, "\(scenario.id) seed \(seed) resolved by saying nothing")
            #expect(engine.ending?.outcome != .cancelled, "\(scenario.id) seed \(seed) cancelled by saying nothing")
        }
    }

    /// Words a customer line only says after a promise, a fix or an apology.
    static let claims = [
        "you said", "you promised", "you swore", "you told me", "sorry's fine", "thanks for owning",
        "for saying sorry", "straight answer", "that works", "it worked", "it's working", "tills are back",
        "i'm back in", "that's all i wanted", "finally, someone", "thank you for not",
    ]

    /// Replies with no apology, no fix and no promise: polite non-answers, bare facts, questions.
    static let emptyScripts = [
        stonewalling,
        ["Okay.", "I see what you mean.", "Right, noted.", "Understood.", "Hmm, okay then.", "Sure."],
        [
            "Can you tell me a bit more?", "When did this start?", "Have you got a reference?", "Which one was it?",
            "Was that today?", "Anything else?",
        ],
    ]

    @Test(arguments: files)
    func noLineClaimsAPromiseAFixOrAnApologyNobodyMade(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        for (index, script) in Self.emptyScripts.enumerated() {
            for seed: UInt64 in [1, 7] {
                var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: seed)
                _ = engine.opening()
                for reply in script where !engine.isOver {
                    let step = engine.respond(to: reply)
                    let said = step.customerLines.joined(separator: " ").lowercased()
                    for claim in Self.claims where said.contains(claim) {
                        Issue.record(
                            "\(scenario.id) script \(index + 1) seed \(seed): after “\(reply)” the customer said “\(said)”"
                        )
                    }
                }
            }
        }
    }

    /// Runs played blind, live, by people who read neither the scenarios nor the rubric (Docs/scenarios.md,
    /// "Measured"); `trap` is the criterion a careless run's own stated mistake is about.
    static let blindRuns = [
        "scenario-runs-1.jsonl", "scenario-runs-2.jsonl", "scenario-runs-3.jsonl", "scenario-runs-4.jsonl",
        "scenario-runs-5.jsonl", "scenario-runs-6.jsonl", "scenario-runs-7.jsonl",
        "scenario-runs-8.jsonl", "scenario-runs-9.jsonl", "scenario-runs-10.jsonl", "scenario-runs-11.jsonl",
        "scenario-runs-12.jsonl", "scenario-runs-13.jsonl", "scenario-runs-14.jsonl", "scenario-runs-15.jsonl",
        "scenario-runs-16.jsonl",
        "scenario-runs-17.jsonl", "scenario-runs-18.jsonl", "scenario-runs-19.jsonl",
        "scenario-runs-20.jsonl", "scenario-runs-21.jsonl", "scenario-runs-22.jsonl",
        "scenario-runs-23.jsonl", "scenario-runs-24.jsonl", "scenario-runs-25.jsonl", "scenario-runs-26.jsonl",
        "scenario-runs-27.jsonl", "scenario-runs-28.jsonl", "scenario-runs-29.jsonl", "scenario-runs-30.jsonl",
        "scenario-runs-31.jsonl", "scenario-runs-32.jsonl", "scenario-runs-33.jsonl",
        "scenario-runs-34.jsonl", "scenario-runs-35.jsonl", "scenario-runs-36.jsonl", "scenario-runs-37.jsonl",
        "scenario-runs-38.jsonl", "scenario-runs-39.jsonl", "scenario-runs-40.jsonl", "scenario-runs-41.jsonl",
        "scenario-runs-42.jsonl", "scenario-runs-43.jsonl", "scenario-runs-44.jsonl", "scenario-runs-45.jsonl",
        "scenario-runs-46.jsonl", "scenario-runs-47.jsonl", "scenario-runs-48.jsonl", "scenario-runs-49.jsonl",
        "scenario-runs-50.jsonl", "scenario-runs-51.jsonl", "scenario-runs-52.jsonl", "scenario-runs-53.jsonl",
        "scenario-runs-54.jsonl", "scenario-runs-55.jsonl", "scenario-runs-56.jsonl", "scenario-runs-57.jsonl",
        "scenario-runs-58.jsonl", "scenario-runs-59.jsonl", "scenario-runs-60.jsonl",
        "scenario-runs-61.jsonl",
    ]

    @Test(arguments: blindRuns)
    func blindCarelessRunsFailTheirTrapAndStrongRunsAreNeverCapped(_ name: String) throws {
        let path = Self.root.appendingPathComponent("Tests/EndToEndTests/Fixtures").appendingPathComponent(name).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.isEmpty {
            let run = try JSONDecoder().decode(BlindRun.self, from: Data(line.utf8))
            let file = Self.root.appendingPathComponent("Scenarios/\(run.scenario).yaml").path
            let (scenario, rubric) = try Self.load(file)
            var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: run.seed)
            _ = engine.opening()
            for reply in run.replies where !engine.isOver { _ = engine.respond(to: reply) }
            let grade = engine.grade()
            if let trap = run.trap {
                let verdict = grade.criteria.first { $0.id == trap }?.verdict
                #expect(verdict == .fail, "\(name): \(run.scenario) \(run.style) should fail \(trap)")
            }
            // A strong run whose player noted a real slip of their own (`slip`) may be capped for it.
            if run.style == "strong" && run.slip == nil {
                #expect(!grade.isCapped, "\(name): \(run.scenario) strong run capped")
            }
        }
    }

    /// The careless run of blind set `set` in `scenario` whose trap is `trap`, and an engine ready to replay it.
    static func replay(set: Int, _ scenario: String, trap: String) throws -> (run: BlindRun, engine: Engine) {
        try replay(set: set, scenario) { $0.trap == trap }
    }

    /// The first run of blind set `set` in `scenario` that `matches`, and an engine ready to replay it.
    static func replay(set: Int, _ scenario: String, where matches: (BlindRun) -> Bool) throws -> (
        run: BlindRun, engine: Engine
    ) {
        let fixtures = root.appendingPathComponent("Tests/EndToEndTests/Fixtures/scenario-runs-\(set).jsonl").path
        let runs = try String(contentsOfFile: fixtures, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(BlindRun.self, from: Data($0.utf8))
        }
        let run = try #require(runs.first { $0.scenario == scenario && matches($0) })
        let (loaded, rubric) = try load(root.appendingPathComponent("Scenarios/\(scenario).yaml").path)
        return (run, Engine(scenario: loaded, grader: Grader(rubric: rubric), seed: run.seed))
    }

    struct BlindRun: Decodable {
        var scenario: String
        var style: String
        var seed: UInt64
        var replies: [String]
        var trap: String?
        /// For a strong run, the real mistake its player noted making, if any.
        var slip: String?
    }

    /// Played in tmux after blind set 50: Carl, entering `pushing` a second time after a deadline was taken back,
    /// said "That's all well and good..." again two turns after he first said it, while another line fitted.
    @Test func aCustomerLineDoesNotComeBackWhileAnUnsaidOneFits() throws {
        let file = Self.root.appendingPathComponent("Scenarios/guarantee-seeker.yaml").path
        let (scenario, rubric) = try Self.load(file)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 4)
        var lines = engine.opening()
        for reply in [
            "Honestly I can't promise it'll get you out of debt, nobody can. What I can do is send you the course "
                + "outline and the first module free so you can see if it suits you.",
            "oh and the price goes up at midnight so best to sign up today",
            "sorry, ignore that, there's no rush at all. take your time with the free module",
        ] where !engine.isOver {
            lines += engine.respond(to: reply).customerLines
        }
        let repeated = lines.filter { line in lines.filter { $0 == line }.count > 1 }
        #expect(repeated.isEmpty, "said twice: \(repeated)")
    }

    /// Blind set 12: Derek asked "and if it's still broken after your half hour?" again after it was
    /// answered ("Then I'll tell you straight away and we'll book it in for repair"), and said "I'm not
    /// standing here like an idiot" after being told he could go and be texted. The player's own replies.
    @Test func derekDoesNotAskAgainWhatWasAnsweredNorComplainOfWaitingHeWasSparedFrom() throws {
        let (run, ready) = try Self.replay(set: 12, "half-hour-restore", trap: "keep_cool")
        var engine = ready
        var lines = engine.opening()
        for (index, reply) in run.replies.enumerated() where !engine.isOver {
            let said = engine.respond(to: reply).customerLines
            lines += said
            // Reply 2 says he need not hang around and will be texted; reply 5 answers "and if it's still broken?".
            if index >= 1 { #expect(!said.contains { $0.contains("standing here like an idiot") }, "\(lines)") }
            if index >= 4 { #expect(!said.contains { $0.contains("still broken after your half hour") }, "\(lines)") }
        }
    }

    /// Blind set 25: Martin agreed ("Alright, I'll send you the unit ID"), then boxed the opener up on a
    /// "thanks Martin. talk tomorrow", his anger still rising on each sign-off. After a customer line the
    /// rubric reads as `agreement`, a reply that angers nothing adds no anger, and Martin waits and watches.
    @Test func aCustomerWhoJustAgreedIsNotAngeredOrLostByASignOff() throws {
        let (run, ready) = try Self.replay(set: 25, "garadget-reviewer", trap: "keep_cool")
        var engine = ready
        var previous = engine.opening()
        var agreedAndSignedOff = 0
        for reply in run.replies where !engine.isOver {
            let step = engine.respond(to: reply)
            if previous.contains(where: { $0.hasPrefix("Alright, I'll send you the unit ID") }),
                !step.effects.contains(where: { $0.delta > 0 })
            {
                agreedAndSignedOff += 1
                #expect(step.moodAfter <= step.moodBefore, "\(reply): \(step.moodBefore) -> \(step.moodAfter)")
                #expect(step.perTurn == 0)
            }
            previous = step.customerLines
        }
        #expect(agreedAndSignedOff >= 1)
        #expect(engine.ending?.id != "gave_up", "\(String(describing: engine.ending?.id))")
    }

    /// The card quotes the step itself, not the sentence the signal model placed its reading in: here the
    /// model's `solution` rests on the empathy sentence, the scenario's `unit_checked` on the step (played in
    /// tmux after blind set 23; sets 21 and 22 reported the same).
    @Test func theCardQuotesAPatternsStepBeforeTheModelsSentence() throws {
        let (scenario, rubric) = try Self.load(
            Self.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 44)
        _ = engine.opening()
        _ = engine.respond(
            to: "Martin, that's a rotten night, locked out because the thing that's meant to let you in dropped off. "
                + "I'm sorry. Could you email me at support@garadget.example with your unit ID? I'll go through its "
                + "connection logs tonight and ring you in the morning with what I find.")
        let solution = try #require(engine.grade().criteria.first { $0.id == "solution" })
        #expect(solution.verdict == .pass)
        let quoted = try #require(solution.evidence.first)
        #expect(quoted.evidence.text.contains("connection logs"), "\(quoted.evidence.text)")
        #expect(!quoted.evidence.text.contains("rotten night"), "\(quoted.evidence.text)")
    }

    @Test(arguments: files)
    func aRepeatedReplyAngersAndIsCalledOut(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 5)
        _ = engine.opening()
        let reply = "I'm sorry, I can see this has been a really rough day for you."
        _ = engine.respond(to: reply)
        try #require(!engine.isOver, "\(scenario.id) ended on the first reply; the repeat was never tried")
        let again = engine.respond(to: reply)
        #expect(again.repeatOf == 0)
        #expect(
            again.moodAfter > again.moodBefore,
            "\(scenario.id): a repeat took anger \(again.moodBefore) → \(again.moodAfter)")
    }

    @Test(arguments: files)
    func lineVariantsAreSeededAndRepeatable(_ file: String) throws {
        let (scenario, rubric) = try Self.load(file)
        let grader = Grader(rubric: rubric)
        func run(seed: UInt64) -> [String] {
            var engine = Engine(scenario: scenario, grader: grader, seed: seed)
            var lines = engine.opening()
            for reply in ["I hear you.", "Let me look into it.", "Sorry about that."] where !engine.isOver {
                lines += engine.respond(to: reply).customerLines
            }
            return lines
        }
        #expect(run(seed: 11) == run(seed: 11))
        for beat in scenario.beats {
            #expect(beat.customer.count >= 2, "\(scenario.id): beat '\(beat.id)' has several variants")
        }
    }
}

/// A scenario test that does not hold fails with expected and actual, and where the paths parted.
@Suite struct ScenarioTestRunnerTests {
    @Test func aBrokenScenarioTestFailsClearly() throws {
        let file = ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path
        var (scenario, rubric) = try ScenarioLibraryTests.load(file)
        scenario.tests = [
            ScenarioTest(
                name: "a reply that retaliates cannot resolve it",
                replies: ["Your poor impulse control is showing. Your unit will be denied server connection."],
                seed: 1, ending: "fixed", outcome: .resolved, beats: ["review", "softening"],
                criteria: [("keep_cool", .pass)], location: SourceLocation(file: file, line: 1, column: 1))
        ]
        let outcome = try #require(ScenarioTestRunner(scenario: scenario, rubric: rubric).run().first)
        #expect(!outcome.passed)
        #expect(
            outcome.failures.contains {
                $0.hasPrefix("expected ending 'fixed', got ending 'viral'; path: review → viral")
            })
        #expect(outcome.failures.contains { $0.hasPrefix("expected outcome resolved, got lost") })
        #expect(
            outcome.failures.contains {
                $0.contains("expected to visit 'softening'") && $0.contains("the paths parted after 'review'")
            })
        #expect(outcome.failures.contains { $0.hasPrefix("expected criterion keep_cool to pass, got fail") })
    }
}

extension ScenarioLibraryTests {
    @Test func aQuestionAboutWhatTheCustomerAlreadySaidIsHollow() throws {
        let file = Self.root.appendingPathComponent("Scenarios/just-cancel.yaml").path
        let (scenario, rubric) = try Self.load(file)
        for seed: UInt64 in 1...4 {
            var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: seed)
            _ = engine.opening()
            let first = engine.respond(to: "Could I take the name on the account, please?")
            #expect(first.beat == "identify")
            let again = engine.respond(to: "Is that Marcus Reid?")
            #expect(again.isHollow, "seed \(seed)")
            #expect(again.moodAfter > again.moodBefore, "seed \(seed)")
            #expect(
                again.customerLines.contains { Engine.askedAgainLines.contains($0) },
                "seed \(seed): \(again.customerLines)"
            )
        }
    }
}

extension ScenarioLibraryTests {
    /// The anger after `reply` as the first answer in `scenario` (seed 1).
    static func moodAfterFirstReply(_ scenario: String, _ reply: String) throws -> Int {
        let (loaded, rubric) = try load(root.appendingPathComponent("Scenarios/\(scenario).yaml").path)
        var engine = Engine(scenario: loaded, grader: Grader(rubric: rubric), seed: 1)
        _ = engine.opening()
        return engine.respond(to: reply).moodAfter
    }

    /// Blind set 37: a wrong fix, or a feature promised that will never come, calmed the customer as much as a
    /// real step ("Nothing's changed, the queue's longer" came with anger 80 → 52; "Coming when, exactly?" with
    /// 70 → 36). The mistake must anger: the same reply without it ends calmer.
    @Test(arguments: [
        (
            "botched-update", "So sorry Ana, that update was our fault and it's a rotten time for it.",
            " Try deleting the app on each tablet and reinstalling it, that should clear it."
        ),
        (
            "cant-do-feature", "Oh no, three hours on a Sunday is awful, sorry Priya.",
            " I'm pretty sure we can get repeating forever added in the next update or two."
        ),
        (
            "garadget-reviewer", "Martin, I'm sorry the opener left you stuck outside tonight.",
            " Unplug the opener for ten seconds and it'll reconnect."
        ),
    ])
    func aMistakeAngersRatherThanCalms(_ scenario: String, _ good: String, _ mistake: String) throws {
        let without = try Self.moodAfterFirstReply(scenario, good)
        let with = try Self.moodAfterFirstReply(scenario, good + mistake)
        #expect(with > without, "\(scenario): \(without) without the mistake, \(with) with it")
    }

    /// Blind set 38: with the half hour agreed and a text promised, "There, backup's running. You're good to go"
    /// fired nothing and Derek walked out ("Forget it. Give it back."), anger 39 → 80, on a run the card scored
    /// 100. The player's own replies now end with him going to his meeting.
    @Test func derekDoesNotWalkOutOnceTheRestoreIsRunning() throws {
        let (run, ready) = try Self.replay(set: 38, "half-hour-restore") { $0.style == "strong" }
        var engine = ready
        _ = engine.opening()
        for reply in run.replies where !engine.isOver { _ = engine.respond(to: reply) }
        #expect(engine.ending?.id != "walked_away", "\(String(describing: engine.ending?.id))")
        #expect(engine.grade().score == 100)
    }

    /// Lines that answered something the reply did not say. Blind set 41: Gloria, told "I'm going to take your
    /// case myself from here", twice complained she would get "someone else" or "a new person"; Ana, told "well
    /// yes the update triggered it, but these things happen" (blind set 39), asked "Was it your update? Yes or
    /// no.". Blind set 42: Derek, told "plugged in and backing up now", said "So start it."; Carl, told "I'll get
    /// that written up and emailed over", said "Now you won't say it again?"; Marcus, promised a refund of his
    /// last box, said "No speech?" as if only cancelled. Blind set 44: Marcus, told "nothing else to pay", asked
    /// whether anything else comes out; Priya, thanked from a script, asked "But why not?" as if refused; Carl,
    /// told plainly "I can't promise", heard "That's all well and good" as if offered something. Blind set 45: Owen, told "fair, that came out wrong", said "Don't put this on me, then"; Dana, lectured first,
    /// thanked the agent "for being decent about it"; Carl opened up about his fears to stock replies. Blind set
    /// 46: Carl, the lecture taken back with the honest offer, said "I'm not taking that from a salesman"; Priya,
    /// the template offered with the promise said again, said "So it's not actually coming"; Ana, told she would
    /// get a call once the orders were back, asked who would tell her; Owen, told "by end of day today", asked
    /// "what happens now, and when?", and thanked a repeated false "it's with the courier" for "the straight
    /// answer"; Jess, asked for her table "here", heard of "a refund in the DMs". Blind set 47: Owen, told the tracking
    /// number comes once the courier scans it, asked "What is it?" again. Blind set 48: Marcus, told "give me one sec to pull up the account", asked "So that's everything?", and answered
    /// "I'll tell you after it's cancelled" to a reply that asked nothing; Derek said "So I walk off and trust you
    /// with it" before anyone had offered to text him; Owen, told the charge may not be theirs, said he was reporting
    /// the site. Blind set 49: Jess heard "properly this time" in a warm invitation back as a dig ("Round two");
    /// Derek, told "so you're not guessing before your meeting", said "Quick, you said"; Carl, promised in writing,
    /// said "Now you won't say it again?", and after the plan was made asked again how he would know; Ana, her
    /// restore under way, said "Don't put this on me" to a reply that blamed nobody and then "I'm finding it";
    /// Gloria, her case taken, asked what was happening and doubted the call-back twice. Blind set 50: Jess answered
    /// "you should've felt welcome" as if insulted, and "Take this private so you can bury it" to replies that asked
    /// nothing of the kind; Derek heard "The manufacturer?" in "do you want me to start it or not?" and "Starting it"
    /// in a policy statement; Gloria heard sympathy in "I do apologise. As per our refunds policy"; Owen, told the
    /// ship day, asked when something would move; Ana said the tills were working a turn after she had; Carl asked
    /// "What do I get, though?" once it had been listed three times. Blind sets 53 and 54: Dana answered a refusal
    /// quoting the returns window with "Oh thank God"; Owen watched for an e-mail nobody promised; Martin, who had
    /// refused to post his details, suspected the private channel; Carl asked for the next step, or for what had
    /// just been sent; Marcus heard "another box" in "It's already gone through"; Priya asked "Coming when?" right
    /// after "next quarter". Blind set 55: Dana asked "when will I know?" a reply after being told; Jess thanked a
    /// form letter's "sorry your visit did not meet your expectations" for saying sorry in public.
    @Test(arguments: [
        (61, "half-hour-restore", "careless", "started now", ["Is it started?"]),
        (60, "restaurant-tweetstorm", "careless", "no excuse for what he said", ["still the busy night"]),
        (60, "real-or-scam", "strong", "", ["Accuse the customer"]),
        (59, "cant-do-feature", "scripted", "", ["yes or no", "Walk me through it", "Fine, that works"]),
        (59, "late-refund", "scripted", "", ["That would actually help"]),
        (59, "just-cancel", "scripted", "", ["painless", "expected a fight"]),
        (59, "guarantee-seeker", "careless", "email confirming it", ["won't say it again"]),
        (59, "garadget-reviewer", "careless", "like i said the update", ["not my router"]),
        (55, "late-refund", "careless", "spilled", ["it took a week to hear back"]),
        (55, "restaurant-tweetstorm", "scripted", "", ["Thank you for saying that where people can see it"]),
        (58, "guarantee-seeker", "strong", "", ["telling me I'm the problem"]),
        (58, "cant-do-feature", "strong", "", ["I'm done"]),
        (58, "restaurant-tweetstorm", "strong", "", ["Round two"]),
        (58, "botched-update", "strong", "", ["orders that vanished"]),
        (58, "late-refund", "strong", "", ["complaints team"]),
        (58, "just-cancel", "scripted", "", ["postcode M14 6BT"]),
        (57, "cant-do-feature", "careless", "roadmap", ["I'll use that for now"]),
        (57, "real-or-scam", "scripted", "", ["that date"]),
        (57, "late-refund", "strong", "", ["Nobody should be spoken to like that"]),
        (57, "restaurant-tweetstorm", "careless", "in fairness", ["the refund helps"]),
        (56, "real-or-scam", "careless", "isn't really necessary", ["tracking number"]),
        (56, "seventeen-calls", "strong", "", ["was lying"]),
        (56, "guarantee-seeker", "strong", "", ["Now say it in writing"]),
        (56, "late-refund", "careless", "24 month plan", ["stopping the payments"]),
        (54, "just-cancel", "strong", "", ["Another box I'm paying for"]),
        (54, "real-or-scam", "scripted", "", ["A scam would say 'it's on its way' too"]),
        (54, "late-refund", "scripted", "", ["Still the script"]),
        (54, "guarantee-seeker", "strong", "", ["Send it over", "Send me what you've got"]),
        (54, "guarantee-seeker", "careless", "shall I send", ["Thanks for not feeding me a line"]),
        (53, "late-refund", "scripted", "", ["Oh thank God", "the refund comes through"]),
        (53, "real-or-scam", "careless", "enjoy the knives", ["watch for your email"]),
        (53, "real-or-scam", "scripted", "", ["Accuse the customer", "payment processor's name? How"]),
        (53, "garadget-reviewer", "careless", "don't post them here", ["bury it"]),
        (53, "guarantee-seeker", "careless", "lock it in", ["What would the next step be"]),
        (53, "just-cancel", "scripted", "", ["rather not get into it"]),
        (53, "just-cancel", "strong", "", ["didn't need to take that long"]),
        (53, "cant-do-feature", "careless", "next quarter", ["Coming when, exactly", "keep typing it out"]),
        (50, "restaurant-tweetstorm", "strong", "", ["Screenshotting", "Same restaurant"]),
        (50, "restaurant-tweetstorm", "scripted", "", ["bury it", "Why would I move this"]),
        (50, "half-hour-restore", "careless", "as long as it takes", ["The manufacturer?"]),
        (50, "half-hour-restore", "scripted", "", ["Starting it doesn't"]),
        (50, "seventeen-calls", "scripted", "", ["you feel for me"]),
        (50, "real-or-scam", "careless", "junk", ["when do I see something actually move"]),
        (50, "botched-update", "careless", "automatic updates", ["The tills are working", "Tills are up"]),
        (50, "guarantee-seeker", "careless", "midnight", ["What do I get, though", "If you won't promise"]),
        (50, "late-refund", "careless", "24 month plan", ["when will I know it's done"]),
        (49, "restaurant-tweetstorm", "strong", "", ["Round two", "Screenshotting"]),
        (49, "half-hour-restore", "strong", "", ["Quick, you said", "made that up"]),
        (49, "guarantee-seeker", "careless", "confirming it works", ["won't say it again"]),
        (49, "guarantee-seeker", "strong", "", ["throwing money away again"]),
        (49, "botched-update", "careless", "auto-update", ["I'm finding it", "Don't put this on me."]),
        (49, "seventeen-calls", "careless", "same as the last seventeen", ["actually happening", "they'll call back"]),
        (48, "real-or-scam", "careless", "some other name", ["reporting the site"]),
        (48, "just-cancel", "strong", "", ["So that's everything"]),
        (48, "just-cancel", "scripted", "", ["I'll tell you after"]),
        (48, "half-hour-restore", "strong", "", ["hand it over and trust you"]),
        (47, "real-or-scam", "careless", "once the courier scans it", ["What is it?"]),
        (46, "guarantee-seeker", "careless", "didn't mean it like that", ["salesman"]),
        (46, "cant-do-feature", "careless", "repeat-forever thing is out", ["not actually coming"]),
        (46, "botched-update", "careless", "pulled them back", ["who tells me"]),
        (46, "real-or-scam", "careless", "end of day today", ["what happens now", "straight answer"]),
        (46, "restaurant-tweetstorm", "careless", "which table you were on", ["in the DMs"]),
        (45, "real-or-scam", "careless", "came out wrong", ["Don't put this on me"]),
        (45, "late-refund", "careless", "24 month plan", ["being decent about it"]),
        (52, "just-cancel", "strong", "", ["reason doesn't matter"]),
        (51, "late-refund", "careless", "as an exception", ["A hold as well"]),
        (51, "botched-update", "careless", "hit and miss", ["tills are working again"]),
        (45, "guarantee-seeker", "scripted", "", ["I'm scared", "quit every one"]),
        (44, "just-cancel", "careless", "nothing else to pay", ["nothing else comes out"]),
        (44, "cant-do-feature", "scripted", "", ["But why not"]),
        (44, "guarantee-seeker", "strong", "", ["all well and good"]),
        (41, "seventeen-calls", "strong", "", ["someone else", "new person"]),
        (39, "botched-update", "careless", "triggered it", ["Yes or no", "not answering"]),
        (42, "half-hour-restore", "strong", "", ["So start it"]),
        (42, "guarantee-seeker", "careless", "written up", ["won't say it again"]),
        (42, "just-cancel", "careless", "refunded", ["No speech", "expected a fight"]),
    ])
    func noLineAnswersWhatTheReplyDidNotSay(
        set: Int, scenario: String, style: String, marker: String, banned: [String]
    ) throws {
        // A phrase the scenario can no longer say would make this case pass whatever the customer answered: once
        // the line it guards is gone, the case moves to ``eachLineAnswersWhatTheReplySaid`` with what is said now.
        let said = try Self.sayableText(of: scenario)
        for phrase in banned { #expect(said.contains(phrase), "\(scenario) can no longer say \"\(phrase)\"") }
        let (run, ready) = try Self.replay(set: set, scenario) { run in
            run.style == style && (marker.isEmpty || run.replies.contains { $0.contains(marker) })
        }
        var engine = ready
        _ = engine.opening()
        for reply in run.replies where !engine.isOver {
            for line in engine.respond(to: reply).customerLines {
                for phrase in banned { #expect(!line.contains(phrase), "\(scenario): \"\(line)\" after \"\(reply)\"") }
            }
        }
    }

    /// Blind set 58: a sorry for last time's forty minutes, "no deals from me, I can cancel it right now" and the
    /// e-mail on the account asked for read as the reply that angered Marcus (70 -> 76): the question's small
    /// anger, on the same words, had cancelled the account check's offset. Only a mistake's words do that now,
    /// and the step counts.
    @Test func askingForTheAccountEmailDoesNotAngerMarcus() throws {
        let (run, ready) = try Self.replay(set: 58, "just-cancel") { $0.style == "strong" }
        var engine = ready
        _ = engine.opening()
        let step = engine.respond(to: run.replies[0])
        #expect(step.moodAfter <= step.moodBefore, "anger \(step.moodBefore) -> \(step.moodAfter)")
    }

    /// The meter and the words point the same way: blind set 53's lecture about the terms Dana signed, with the
    /// hold and the repair in the same reply, read "calmer" (75 -> 45) while she answered "A lecture. Just what I
    /// needed." The lecture undoes what came with it now.
    @Test func aLectureWithTheHoldDoesNotReadAsCalmer() throws {
        let (run, ready) = try Self.replay(set: 53, "late-refund", trap: "keep_cool")
        var engine = ready
        _ = engine.opening()
        let step = engine.respond(to: run.replies[0])
        #expect(step.customerLines.joined().contains("A lecture"))
        #expect(step.moodAfter >= step.moodBefore, "anger \(step.moodBefore) -> \(step.moodAfter)")
    }

    /// Cases whose odd line is no longer in the scenario at all, held to what the customer says instead. Blind set
    /// 44: Dana, who had let the refund go, complained "about the refund"; Derek heard "Thank you for my patience"
    /// nobody said. Blind set 47: Carl said back "a free module" nobody offered; Gloria, told the five days
    /// again, said "nobody tells me anything"; Ana heard of "what the system says" from a script that named none;
    /// Martin called "we'll check the connection logs" a fix. Blind set 48: Ana, two replies into a restore that
    /// works at once, said "Still rolling back" and ignored that the orders were safe; Dana answered a reply that
    /// apologised for nothing with "That's not an apology"; Jess, who had refused the DMs, turned up in them
    /// unasked; Gloria called a greeting "Same answer, different voice", and at anger 100 said a resigned "I'll try
    /// again after lunch". Blind set 50: Dana, offered the hold beside a refund nobody took back, asked "So there's no
    /// refund?"; Marcus, told twice of a box still to be charged, said "Okay. Cheers, bye."; Carl ignored a request
    /// for his e-mail. Blind sets 53 and 54: Owen sent to the website, Martin argued with in public, Dana offered
    /// the payment holiday in a form letter, Jess asked for her booking name, Carl offered the outline as a
    /// question, Derek blamed for his apps. Blind set 55: Derek promised fifteen minutes ("Now you tell me" is gone),
    /// Martin asked for his e-mail in the thread, Dana told when before (after a telling-off she takes the hold and
    /// complains of how she was spoken to, since her transitions read "the hold or the repair").
    @Test(arguments: [
        (58, "half-hour-restore", "careless", "15 minutes tops", "so I stayed for it"),
        (58, "just-cancel", "scripted", "", "mailbox dot com"),
        (58, "garadget-reviewer", "careless", "one-star review down", "No strings this time?"),
        (57, "late-refund", "scripted", "", "I poured my heart out in that email and got a process back."),
        (57, "cant-do-feature", "careless", "for ages", "It's your app."),
        (57, "just-cancel", "careless", "worked up", "I'm not being spoken to like that."),
        (57, "restaurant-tweetstorm", "careless", "in fairness", "So there's an excuse for it now?"),
        (56, "late-refund", "careless", "as an exception", "like we agreed"),
        (56, "half-hour-restore", "strong", "", "Okay. I'll grab a coffee over the road."),
        (55, "half-hour-restore", "careless", "fast bench", "I'm timing you"),
        (55, "garadget-reviewer", "careless", "email on your account", "My personal details?"),
        (55, "late-refund", "careless", "spilled", "about how I was spoken to"),
        (54, "late-refund", "scripted", "", "A payment holiday. Fine."),
        (54, "late-refund", "careless", "might be possible", "That's not an answer."),
        (54, "real-or-scam", "careless", "already shipped", "you made it sound like it was nearly here"),
        (54, "cant-do-feature", "scripted", "", "I don't need the script."),
        (54, "restaurant-tweetstorm", "strong", "", "It was booked under"),
        (54, "guarantee-seeker", "careless", "shall I send", "Yes, send it."),
        (54, "half-hour-restore", "careless", "an app you've installed", "My fault?"),
        (54, "half-hour-restore", "strong", "", "Okay. I'll grab a coffee over the road."),
        (53, "real-or-scam", "scripted", "", "Don't send me to your website"),
        (53, "garadget-reviewer", "careless", "isn't really accurate", "So I'm the problem now?"),
        (53, "garadget-reviewer", "careless", "don't post them here", "Privately, then"),
        (53, "just-cancel", "scripted", "", "mailbox dot com"),
        (52, "late-refund", "scripted", "", "Still the script"),
        (51, "cant-do-feature", "scripted", "", "On a list, then"),
        (51, "half-hour-restore", "strong", "", "that's the one"),
        (51, "just-cancel", "strong", "", "mailbox dot com"),
        (51, "restaurant-tweetstorm", "strong", "", "The refund's appreciated"),
        (50, "late-refund", "careless", "pretty sure", "A hold as well as the refund?"),
        (50, "just-cancel", "careless", "already been packed", "Stop that one too"),
        (50, "guarantee-seeker", "strong", "", "on my enquiry"),
        (50, "restaurant-tweetstorm", "scripted", "", "Not one word about him"),
        (48, "botched-update", "careless", "auto-update setting", "the orders are in your backup"),
        (48, "late-refund", "scripted", "", "can do anything human"),
        (48, "restaurant-tweetstorm", "careless", "For the record then", "DMing you"),
        (48, "seventeen-calls", "scripted", "", "Same script, different voice"),
        (48, "seventeen-calls", "scripted", "", "*click*"),
        (47, "guarantee-seeker", "careless", "90 days", "Something to look at first"),
        (47, "seventeen-calls", "careless", "you do realise that", "nobody can tell me where my money actually is"),
        (47, "botched-update", "scripted", "", "I don't need a script"),
        (47, "garadget-reviewer", "careless", "connection logs", "Help, in a reply to my review"),
        (44, "late-refund", "careless", "24 month plan", "I get that a refund's off the table"),
        (44, "half-hour-restore", "scripted", "", "So start it"),
    ])
    func eachLineAnswersWhatTheReplySaid(
        set: Int, scenario: String, style: String, marker: String, expected: String
    ) throws {
        let (run, ready) = try Self.replay(set: set, scenario) { run in
            run.style == style && (marker.isEmpty || run.replies.contains { $0.contains(marker) })
        }
        var engine = ready
        var lines: [String] = []
        _ = engine.opening()
        for reply in run.replies where !engine.isOver { lines += engine.respond(to: reply).customerLines }
        #expect(lines.contains { $0.contains(expected) }, "\(scenario): \(lines)")
    }

    /// Blind set 51 and set 4: a follow-up said in words a criterion allows is no mistake's words. Botched-update's
    /// honesty allows the same-day restore, so "they'll have them back on your account today, I'll ring you by 3pm"
    /// keeps its follow-up now that a step mostly inside a mistake is no credit.
    @Test func aFollowUpInAllowedWordsStillCounts() throws {
        let (run, ready) = try Self.replay(set: 4, "botched-update") { $0.style == "strong" }
        var engine = ready
        _ = engine.opening()
        for reply in run.replies where !engine.isOver { _ = engine.respond(to: reply) }
        let grade = engine.grade()
        #expect(grade.criterion("follow_up")?.verdict == .pass, "\(grade.criterion("follow_up")?.feedback ?? "")")
        #expect(grade.score == 100)
    }

    /// Lines found odd when the scenarios were played in a terminal (tmux, readline) as a trainee would: Derek
    /// asked "So I just leave it here with you, do I?" right after being told he could go to his meeting and be
    /// texted, and "So start it" after "Started. Go, I'll text you."; Marcus heard "no problem at all, cancelling
    /// it for you now" as nothing and asked "So can you cancel it or not?".
    @Test(arguments: [
        (
            "half-hour-restore", 41,
            [
                "Sorry Derek, twenty minutes queueing with a meeting at two is rubbish. The only fix is a backup and "
                    + "restore and it takes about thirty minutes whatever we do. I can start it now and text your "
                    + "work mobile the second it's done, so you can go to your meeting.",
                "Started. Go, I'll text you.",
                "If it's still not right I'll tell you straight in that text and we'll book it in for repair.",
            ],
            ["leave it here with you", "So start it", "Is it started"]
        ),
        ("just-cancel", 21, ["no problem at all, cancelling it for you now"], ["cancel it or not"]),
        // After blind set 61's mends: the same blame in other words passed, and Derek asked for a quicker way.
        (
            "half-hour-restore", 42,
            [
                "look these things usually go wrong when people turn the phone off mid update, was that you? anyway "
                    + "only fix is a backup and restore, 30 min"
            ],
            ["Thirty minutes, still", "quicker way"]
        ),
    ])
    func playedInATerminal(scenario: String, seed: UInt64, replies: [String], banned: [String]) throws {
        let (loaded, rubric) = try Self.load(Self.root.appendingPathComponent("Scenarios/\(scenario).yaml").path)
        var engine = Engine(scenario: loaded, grader: Grader(rubric: rubric), seed: seed)
        _ = engine.opening()
        for reply in replies where !engine.isOver {
            for line in engine.respond(to: reply).customerLines {
                for phrase in banned { #expect(!line.contains(phrase), "\(scenario): \"\(line)\" after \"\(reply)\"") }
            }
        }
    }

    /// Blind set 60: "did you let the battery die or restart it halfway through? either way the fix is a backup and
    /// restore" was answered "My fault? ... Don't you dare put this on me." while the meter fell, the restore in the
    /// next sentence outweighing the blame. A reply whose answer is to its mistake calms nobody as a whole.
    @Test func theMeterDoesNotFallWhileTheCustomerAnswersAMistake() throws {
        let (run, ready) = try Self.replay(set: 60, "half-hour-restore") { $0.replies[0].contains("battery die") }
        var engine = ready
        _ = engine.opening()
        let step = engine.respond(to: run.replies[0])
        #expect(step.customerLines.contains { $0.contains("My fault?") }, "\(step.customerLines)")
        #expect(step.moodAfter >= step.moodBefore)
        #expect(step.effects.contains { $0.signal == "answering a mistake" })
    }

    /// The other way round: a promise the customer is glad to hear is a mistake to the trainer, not to her, and she
    /// answers the refund and the apology in the same reply; the meter falls with her words (blind set 58's careless
    /// run in restaurant-tweetstorm, "it won't happen again").
    @Test func aMistakeTheCustomerDoesNotAnswerStillLetsTheRestCalm() throws {
        let (run, ready) = try Self.replay(set: 58, "restaurant-tweetstorm") { $0.trap == "honesty" }
        var engine = ready
        _ = engine.opening()
        let step = engine.respond(to: run.replies[0])
        #expect(step.moodAfter < step.moodBefore, "\(step.effects)")
        #expect(!step.effects.contains { $0.signal == "answering a mistake" })
    }

    /// Blind set 60: Ana heard "sorry about that" in the first reply, then the right fix, and said "nobody's said a
    /// word of sorry". A sorry said earlier is remembered.
    @Test func aSorrySaidEarlierIsNotDenied() throws {
        let (loaded, rubric) = try Self.load(Self.root.appendingPathComponent("Scenarios/botched-update.yaml").path)
        for seed: UInt64 in [1, 7, 1307] {
            var engine = Engine(scenario: loaded, grader: Grader(rubric: rubric), seed: seed)
            _ = engine.opening()
            var lines: [String] = []
            for reply in [
                "Sorry about that, Ana. Is the wifi in the shop working?",
                "I think it's more likely something on your end with the tablets, most shops were fine.",
                "ok, on one till go to Settings, then Updates, then Restore previous version.",
                "Let me know when it's back.",
            ] where !engine.isOver {
                lines += engine.respond(to: reply).customerLines
            }
            // The way through the blame to the fix, where a sorry still missing is said.
            #expect(
                lines.contains { $0.contains("I'm trying it") || $0.contains("doing it") }, "seed \(seed): \(lines)")
            for line in lines {
                for phrase in ["said sorry", "word of sorry", "say sorry", "no apology", "an apology"] {
                    #expect(!line.contains(phrase), "seed \(seed): \(line)")
                }
            }
        }
    }

    /// The text of `scenario`'s file without its comments: every line the customer can say is in it.
    static func sayableText(of scenario: String) throws -> String {
        let path = root.appendingPathComponent("Scenarios/\(scenario).yaml").path
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.drop { $0 == " " }.hasPrefix("#") }.joined(separator: "\n")
    }
}
