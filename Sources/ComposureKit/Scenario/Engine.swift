/// A small, seeded random number generator (SplitMix64): the same seed gives the same lines.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// Creates a generator from `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What one trainee reply did to the conversation.
public struct Step: Sendable {
    /// The signals found in the reply.
    public var detection: Detection
    /// Anger before the reply.
    public var moodBefore: Int
    /// Anger after the reply.
    public var moodAfter: Int
    /// How each signal moved anger, in rubric order.
    public var effects: [(signal: String, delta: Int)]
    /// The transition taken, if any: the beat it left, its index and where it is written.
    public var transition: (beat: String, index: Int, location: SourceLocation)?
    /// What the customer says next.
    public var customerLines: [String]
    /// The beat the conversation is now in.
    public var beat: String
    /// The ending reached, if the conversation is over.
    public var ending: Ending?
}

/// Plays a scenario: a deterministic state machine over beats, driven by the signals in each reply.
public struct Engine: Sendable {
    /// The scenario played.
    public let scenario: Scenario
    /// The grader that reads replies and scores the conversation.
    public let grader: Grader
    /// The seed the session started with.
    public let seed: UInt64

    /// The current beat.
    public private(set) var beat: String
    /// Anger now, 0–100.
    public private(set) var mood: Int
    /// Anger after each reply (index 0 is the start).
    public private(set) var moodHistory: [Int]
    /// Trainee replies so far.
    public private(set) var turns = 0
    /// Trainee replies in the current beat.
    public private(set) var beatTurns = 0
    /// Signals shown in any reply so far.
    public private(set) var shown: Set<String> = []
    /// Beats visited, in order (endings included at the end).
    public private(set) var path: [String]
    /// The conversation so far.
    public private(set) var transcript: Transcript
    /// Signals per turn, as the grader found them.
    public private(set) var turnResults: [TurnResult] = []
    /// The ending, once reached.
    public private(set) var ending: Ending?
    private var generator: SeededGenerator
    private var lastVariant: [String: Int] = [:]
    private var lastCustomerLine: TokenizedText?

    /// Starts a session.
    public init(scenario: Scenario, grader: Grader, seed: UInt64) {
        self.scenario = scenario
        self.grader = grader
        self.seed = seed
        self.generator = SeededGenerator(seed: seed)
        self.beat = scenario.start
        self.mood = scenario.mood.start
        self.moodHistory = [scenario.mood.start]
        self.path = [scenario.start]
        var meta = scenario.facts
        meta["scenario"] = scenario.id
        self.transcript = Transcript(id: scenario.id, channel: scenario.persona.channel, meta: meta, turns: [])
    }

    /// Whether the conversation has ended.
    public var isOver: Bool { ending != nil }

    /// The customer's opening line.
    public mutating func opening() -> [String] {
        guard transcript.turns.isEmpty, let first = scenario.beat(scenario.start) else { return [] }
        let line = choose(first.customer, key: first.id)
        addCustomer([line])
        return [line]
    }

    /// Takes the trainee's reply and moves the conversation on.
    public mutating func respond(to reply: String) -> Step {
        precondition(!isOver, "respond(to:) called after the conversation ended")
        let tokens = Tokenizer.tokenize(reply)
        let detection = grader.rubric.detector.detect(in: tokens, role: .agent, customerLine: lastCustomerLine)
        transcript.turns.append(Turn(role: .agent, text: reply))
        turnResults.append(TurnResult(index: transcript.turns.count - 1, role: .agent, signals: detection.hits))
        let before = mood
        var effects: [(String, Int)] = []
        for hit in detection.hits {
            if let delta = scenario.effects[hit.signal], delta != 0 { effects.append((hit.signal, delta)) }
        }
        let total = effects.reduce(scenario.mood.perTurn) { $0 + $1.1 }
        mood = min(100, max(0, mood + total))
        moodHistory.append(mood)
        turns += 1
        beatTurns += 1
        let found = Set(detection.hits.map(\.signal))
        shown.formUnion(found)

        var said: [String] = []
        var taken: (beat: String, index: Int, location: SourceLocation)?
        if mood >= scenario.mood.walkOutAt {
            ending = walkOutEnding()
        } else if let current = scenario.beat(beat) {
            for (index, transition) in current.next.enumerated() where holds(transition, found: found) {
                taken = (current.id, index, transition.location)
                if !transition.say.isEmpty { said.append(choose(transition.say, key: "\(current.id)#\(index)")) }
                if let end = scenario.ending(transition.target) {
                    ending = end
                } else if transition.target != beat {
                    beat = transition.target
                    beatTurns = 0
                }
                break
            }
        }
        if ending == nil, turns >= scenario.maxTurns { ending = timeoutEnding() }
        if let ending {
            path.append(ending.id)
            said.append(choose(ending.customer, key: ending.id))
        } else {
            if path.last != beat { path.append(beat) }
            if let current = scenario.beat(beat) { said.append(choose(current.customer, key: current.id)) }
        }
        addCustomer(said)
        return Step(
            detection: detection, moodBefore: before, moodAfter: mood, effects: effects, transition: taken,
            customerLines: said, beat: beat, ending: ending)
    }

    /// The conversation graded against the rubric.
    public func grade() -> GradeResult {
        grader.grade(transcript, turns: turnResults)
    }

    private func holds(_ transition: Transition, found: Set<String>) -> Bool {
        transition.conditions.allSatisfy { condition in
            switch condition {
            case .all(let signals): return signals.allSatisfy(found.contains)
            case .any(let signals): return signals.contains(where: found.contains)
            case .none(let signals): return !signals.contains(where: found.contains)
            case .never(let signals): return !signals.contains(where: shown.contains)
            case .ever(let signals): return signals.allSatisfy(shown.contains)
            case .mood(let comparison, let value): return comparison.holds(mood, value)
            case .turns(let comparison, let value): return comparison.holds(turns, value)
            case .beatTurns(let comparison, let value): return comparison.holds(beatTurns, value)
            }
        }
    }

    private func walkOutEnding() -> Ending {
        if let id = scenario.mood.walkOutEnding, let ending = scenario.ending(id) { return ending }
        if let lost = scenario.endings.first(where: { $0.outcome == .lost }) { return lost }
        return Ending(
            id: "walked_out", outcome: .lost, customer: ["That's it. I'm done talking to you."],
            location: scenario.startLocation)
    }

    private func timeoutEnding() -> Ending {
        if let id = scenario.timeoutEnding, let ending = scenario.ending(id) { return ending }
        return Ending(
            id: "out_of_time", outcome: .escalated,
            customer: ["I've spent long enough on this. I want to speak to someone else."],
            location: scenario.startLocation)
    }

    /// A variant, chosen by the seeded generator, not the same as last time when there is a choice.
    private mutating func choose(_ variants: [String], key: String) -> String {
        guard !variants.isEmpty else { return "" }
        var index = Int(generator.next() % UInt64(variants.count))
        if variants.count > 1, lastVariant[key] == index { index = (index + 1) % variants.count }
        lastVariant[key] = index
        return variants[index]
    }

    private mutating func addCustomer(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        let text = lines.joined(separator: " ")
        transcript.turns.append(Turn(role: .customer, text: text))
        let tokens = Tokenizer.tokenize(text)
        let detection = grader.rubric.detector.detect(in: tokens, role: .customer)
        turnResults.append(TurnResult(index: transcript.turns.count - 1, role: .customer, signals: detection.hits))
        lastCustomerLine = tokens
    }
}
