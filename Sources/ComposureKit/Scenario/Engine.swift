import Foundation

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

/// A transition the engine took: the beat it left, the rule's index in that beat and where the rule is written.
public struct TakenTransition: Sendable {
    /// The beat left.
    public var beat: String
    /// The rule's index among the beat's `next` rules (0-based).
    public var index: Int
    /// Where the rule is written.
    public var location: SourceLocation
}

/// How one thing a reply did moved anger: a signal (as `/why` names it), a repeat, or a hollow reply.
public struct MoodEffect: Sendable, Hashable {
    /// What moved it ("apology", "apology (again)", "repeat of reply 2", "nothing of substance").
    public var signal: String
    /// By how much (negative calms).
    public var delta: Int
}

/// What one trainee reply did to the conversation.
public struct Step: Sendable {
    /// The signals found in the reply.
    public var detection: Detection
    /// Anger before the reply.
    public var moodBefore: Int
    /// Anger after the reply.
    public var moodAfter: Int
    /// How each signal moved anger, in rubric order, then a repeat's or a hollow reply's anger.
    public var effects: [MoodEffect]
    /// The transition taken, if any: the beat it left, its index and where it is written.
    public var transition: TakenTransition?
    /// What the customer says next.
    public var customerLines: [String]
    /// The beat the conversation is now in.
    public var beat: String
    /// The ending reached, if the conversation is over.
    public var ending: Ending?
    /// The reply's turn as the grader read it.
    public var agentTurn: TurnResult
    /// The customer's answer as the grader read it (nil when the customer said nothing).
    public var customerTurn: TurnResult?
    /// The earlier reply (0-based) this one repeats, if it does.
    public var repeatOf: Int?
    /// Whether nothing in the reply calmed the customer.
    public var isHollow: Bool
    /// The anger every reply adds (`mood.per_turn`), as applied to this one: 0 after the customer agreed.
    public var perTurn: Int = 0
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
    /// How much each reply's own doing moved anger: its signals' effects and a repeat's, not the
    /// per-reply drift or an empty reply's. The report card's turning point is named from these.
    public private(set) var signalMoves: [Int] = []
    /// Trainee replies so far.
    public private(set) var turns = 0
    /// Trainee replies in the current beat.
    public private(set) var beatTurns = 0
    /// Signals shown in any reply so far.
    public private(set) var shown: Set<String> = []
    /// Signals shown in a reply before the latest one (`earlier`).
    private var shownBefore: Set<String> = []
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
    private var usedVariants: [String: Set<Int>] = [:]
    /// The lines of the customer's last turn and those already chosen for this one: none is said again
    /// word for word while another line fits (blind sets 6 to 8 heard loops of one conditional line).
    private var recentLines: Set<String> = []
    /// The lines of the customer's last turn.
    private var previousLines: [String] = []
    /// Every line the customer has said in this conversation: a variant not yet said is preferred over one said
    /// turns ago (blind scenario set 50 and a terminal play heard one line twice, two turns apart).
    private var saidLines: Set<String> = []
    /// How many replies each calming signal has already calmed in.
    private var calmedBefore: [String: Int] = [:]
    /// The content words of each earlier reply, for telling a repeat.
    private var earlierReplies: [[String]] = []
    /// Every content word the customer has said, for telling a question already answered.
    private var customerWords: Set<String> = []
    private var lastCustomerLine: TokenizedText?
    /// Whether the customer's last line agreed to the next step (the rubric's customer-side `agreement`):
    /// a short acknowledgement after it is no non-answer, so a reply that angers nothing adds no anger
    /// (neither "nothing of substance" nor the per-reply wear).
    private var customerAgreed = false
    /// Signals that are an answer: those a criterion expects (or asks for after), and the scenario's own.
    private let substance: Set<String>
    /// Signals inside whose evidence a calming signal is not heard (`stock_phrase`).
    private let discounting: [String]
    /// For each criterion that allows something: the signals it forbids and the ones whose words make them
    /// not count (`allow`). A forbidden signal in those words is not heard either, so the customer never
    /// reacts to what the card does not count ("back before the end of your meeting" is no rushed promise).
    private let allowances: [(forbidden: [String], allowed: [String])]
    /// The mistakes this customer feels: signals some criterion forbids that anger here. Their words calm nobody
    /// (see ``moodEffects(of:repeatOf:)``), and a reply whose answer is to one calms nobody as a whole.
    private let mistakes: Set<String>

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
        let rubric = grader.rubric
        substance = Set(rubric.criteria.flatMap { $0.expect + $0.then })
            .union(rubric.signals(definedIn: scenario.file).map(\.id))
        discounting = scenario.mood.discount ?? (rubric.signal("stock_phrase") != nil ? ["stock_phrase"] : [])
        allowances = rubric.criteria.filter { !$0.allow.isEmpty }.map { ($0.forbid, $0.allow) }
        mistakes = rubric.forbiddenSignals.filter { scenario.effects[$0, default: 0] > 0 }
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
        recentLines = Set(previousLines)
        let turn = grader.read(reply, role: .agent, after: lastCustomerLine)
        let (tokens, detection) = (turn.tokens, turn.detection)
        transcript.turns.append(Turn(role: .agent, text: reply))
        let agentResult = TurnResult(index: transcript.turns.count - 1, role: .agent, signals: detection.hits)
        turnResults.append(agentResult)
        let words = Self.contentWords(of: tokens.tokens)
        let repeatOf = earlierReplies.firstIndex { Self.isRepeat(words, of: $0) }
        earlierReplies.append(words)
        let before = mood
        var heard = heardSignals(in: detection)
        // A question whose words the customer has already said ("What's your postcode?" after she gave it)
        // is no question to her: it is not heard, and the reply may be hollow.
        let askedAgain = Self.asksAgain(tokens, customerSaid: customerWords)
        if askedAgain { heard.removeAll { $0.signal == "question" } }
        let effects = moodEffects(of: heard, repeatOf: repeatOf)
        // Substance is what a criterion asks for, or what the scenario itself knows; thanks and
        // questions calm a little but are no answer.
        // A substance signal the scenario gives no effect at all (feedback asked for after a
        // cancellation) still counts; one whose calming has worn out does not.
        let hollow =
            repeatOf == nil
            && !effects.contains { $0.delta < 0 && substance.contains($0.signal) }
            && !heard.contains { scenario.effects[$0.signal] == nil && substance.contains($0.signal) }
        var moved = effects.map { MoodEffect(signal: $0.label, delta: $0.delta) }
        if let repeatOf {
            moved.append(MoodEffect(signal: "repeat of reply \(repeatOf + 1)", delta: scenario.mood.repeated))
        }
        signalMoves.append(moved.reduce(0) { $0 + $1.delta })
        // After the customer agreed, a reply that angers nothing is where the conversation was going ("thanks,
        // talk tomorrow"): no "nothing of substance", and no per-reply wear either.
        let settled = customerAgreed && !moved.contains { $0.delta > 0 }
        if repeatOf == nil, hollow, !settled, !effects.contains(where: { $0.delta > 0 }), scenario.mood.hollow != 0 {
            moved.append(MoodEffect(signal: "nothing of substance", delta: scenario.mood.hollow))
        }
        let wear = settled ? 0 : scenario.mood.perTurn
        let total = moved.reduce(wear) { $0 + $1.delta }
        mood = min(100, max(0, mood + total))
        turns += 1
        beatTurns += 1
        let found = Set(heard.map(\.signal))
        shownBefore = shown
        shown.formUnion(found)
        let reading = Reading(found: found, repeated: repeatOf != nil, hollow: hollow)
        // The meter agrees with what the customer answers: when the way on answers a mistake in this reply (a
        // signal some criterion forbids, which angers here), the reply calms nobody as a whole, whatever fix came
        // in the next sentence ("did you let the battery die? either way the fix is a restore" met "My fault?"
        // with the meter falling, blind scenario set 60).
        let current = scenario.beat(beat)
        var chosen = current?.next.firstIndex { holds($0.conditions, reading) }
        if total < 0, let current, let index = chosen, answersMistake(current.next[index].conditions, in: found) {
            moved.append(MoodEffect(signal: "answering a mistake", delta: -total))
            mood = before
            // A transition may ask about anger: it is chosen again at the anger the customer is left with.
            chosen = current.next.firstIndex { holds($0.conditions, reading) }
        }

        var said: [String] = []
        var taken: TakenTransition?
        let walksOut = mood >= scenario.mood.walkOutAt
        if let current, let index = chosen {
            let transition = current.next[index]
            if let end = scenario.ending(transition.target) {
                // A transition to an ending says what this reply did (an insult ends in its own words).
                taken = TakenTransition(beat: current.id, index: index, location: transition.location)
                ending = end
            } else if !walksOut {
                taken = TakenTransition(beat: current.id, index: index, location: transition.location)
                if transition.target != beat {
                    beat = transition.target
                    beatTurns = 0
                }
            }
            let reaction =
                taken == nil
                ? "" : line(transition.say, transition.sayConditional, key: "\(current.id)#\(index)", reading)
            if !reaction.isEmpty {
                said.append(reaction)
            } else if taken != nil, repeatOf != nil {
                said.append(choose(Self.repeatLines, key: "repeat"))
            } else if taken != nil, askedAgain, hollow {
                said.append(choose(Self.askedAgainLines, key: "asked again"))
            }
        }
        if walksOut, ending == nil { ending = walkOutEnding() }
        if ending == nil, turns >= scenario.maxTurns { ending = timeoutEnding() }
        if let ending {
            // The meter never contradicts the last words: a customer who leaves is not calmer for it, and
            // one lost for good is at least as angry as when the conversation began ("(Two weeks later) ...
            // I'm making a formal complaint" left the meter at 25, blind scenario set 25).
            switch ending.outcome {
            case .lost: mood = max(mood, before, scenario.mood.start)
            case .escalated: mood = max(mood, before)
            case .resolved, .cancelled: mood = min(mood, before)
            case .abandoned: break
            }
            // A consequence told in the last line (a missed meeting, a manager demanded) sets its own floor.
            if let floor = ending.anger { mood = max(mood, floor) }
            path.append(ending.id)
            said.append(line(ending.customer, ending.conditional, key: ending.id, reading))
        } else {
            if path.last != beat { path.append(beat) }
            if let current = scenario.beat(beat) {
                said.append(line(current.customer, current.conditional, key: current.id, reading))
            }
        }
        moodHistory.append(mood)
        let customerResult = addCustomer(said)
        return Step(
            detection: detection, moodBefore: before, moodAfter: mood, effects: moved, transition: taken,
            customerLines: said, beat: beat, ending: ending, agentTurn: agentResult, customerTurn: customerResult,
            repeatOf: repeatOf, isHollow: hollow, perTurn: wear)
    }

    /// Lines a customer says when a reply repeats an earlier one and the scenario has no line of its own.
    public static let repeatLines = [
        "That's what you said a minute ago.",
        "You've already said that.",
        "You're repeating yourself. I heard you the first time.",
    ]

    /// Lines a customer says when asked what she has already told you, and nothing else was said.
    public static let askedAgainLines = [
        "I've already told you that.",
        "I just said that. Were you listening?",
    ]

    /// The conversation graded against the rubric.
    public func grade() -> GradeResult {
        grader.grade(transcript, turns: turnResults)
    }

    /// What the conditions of a transition or a line are checked against.
    private struct Reading {
        var found: Set<String>
        var repeated: Bool
        var hollow: Bool
    }

    /// Whether a transition's conditions name, among the signals they look for in this reply, a mistake the
    /// reply made (one of ``mistakes`` in `found`).
    private func answersMistake(_ conditions: [Condition], in found: Set<String>) -> Bool {
        conditions.contains { condition in
            switch condition {
            case .all(let signals), .any(let signals):
                return signals.contains { found.contains($0) && mistakes.contains($0) }
            default: return false
            }
        }
    }

    private func holds(_ conditions: [Condition], _ reading: Reading) -> Bool {
        conditions.allSatisfy { condition in
            switch condition {
            case .all(let signals): return signals.allSatisfy(reading.found.contains)
            case .any(let signals): return signals.contains(where: reading.found.contains)
            case .none(let signals): return !signals.contains(where: reading.found.contains)
            case .never(let signals): return !signals.contains(where: shown.contains)
            case .ever(let signals): return signals.allSatisfy(shown.contains)
            case .everAny(let signals): return signals.contains(where: shown.contains)
            case .earlier(let signals): return signals.allSatisfy(shownBefore.contains)
            case .mood(let comparison, let value): return comparison.holds(mood, value)
            case .turns(let comparison, let value): return comparison.holds(turns, value)
            case .beatTurns(let comparison, let value): return comparison.holds(beatTurns, value)
            case .repeated(let yes): return reading.repeated == yes
            case .hollow(let yes): return reading.hollow == yes
            }
        }
    }

    /// The signals a customer hears in a reply: a calming one said only inside a stock phrase ("I
    /// understand your frustration" is no empathy, "we apologise for any inconvenience" no apology) is not heard,
    /// by transitions, by mood or by `ever`/`never`; the grader discounts them the same way.
    /// A forbidden signal said only in words a criterion allows (see ``allowances``) is not heard either.
    private func heardSignals(in detection: Detection) -> [SignalHit] {
        var hits = detection.hits
        for allowance in allowances {
            let allowed = SpanIndex(
                hits.filter { allowance.allowed.contains($0.signal) }.flatMap(\.evidence)
            ) { $0 }
            hits = hits.compactMap { hit in
                guard allowance.forbidden.contains(hit.signal) else { return hit }
                var kept = hit
                kept.evidence.removeAll { allowed.overlapsAny($0) }
                return kept.evidence.isEmpty ? nil : kept
            }
        }
        let stock = hits.filter { discounting.contains($0.signal) }.flatMap(\.evidence)
        guard !stock.isEmpty else { return hits }
        return hits.filter { hit in
            discounting.contains(hit.signal) || scenario.effects[hit.signal, default: 0] >= 0
                || hit.evidence.contains { evidence in !stock.contains { $0.contains(evidence) } }
        }
    }

    /// How one signal moved anger: its id, how `/why` names it ("apology (again)"), and by how much.
    private struct Effect {
        var signal: String
        var label: String
        var delta: Int
    }

    /// How each signal of a reply moves anger.
    ///
    /// A calming signal counts not at all in a repeat, nor in a reply that holds one of `mood.undo` (it is
    /// listed as undone, at 0), and half as much each time it has calmed before: the fifth "sorry" with
    /// nothing done calms nobody.
    private mutating func moodEffects(of hits: [SignalHit], repeatOf: Int?) -> [Effect] {
        var effects: [Effect] = []
        // A mistake's words cannot also soothe: a "solution" that is the scenario's wrong fix calms nobody. Only a
        // mistake (a signal some criterion forbids) does that: a plain question that angers a little ("can you
        // confirm the email on the account?") does not cancel the account check in the same words (blind scenario
        // set 58 read such a strong reply as the one that angered Marcus).
        let mistaken = hits.filter { mistakes.contains($0.signal) }
        let angering = SpanIndex(mistaken.flatMap(\.evidence)) { $0 }
        let undoneBy = scenario.mood.undo.isEmpty ? nil : hits.first { scenario.mood.undo.contains($0.signal) }?.signal
        for hit in hits {
            guard let delta = scenario.effects[hit.signal], delta != 0 else { continue }
            if delta > 0 {
                effects.append(Effect(signal: hit.signal, label: hit.signal, delta: delta))
                continue
            }
            guard repeatOf == nil else { continue }
            if let undoneBy {
                effects.append(Effect(signal: hit.signal, label: "\(hit.signal) (undone by \(undoneBy))", delta: 0))
                continue
            }
            let soothing = hit.evidence.contains { !angering.overlapsAny($0) }
            guard soothing else { continue }
            let times = calmedBefore[hit.signal, default: 0]
            let scaled = times >= 8 ? 0 : delta / (1 << times)
            calmedBefore[hit.signal] = times + 1
            guard scaled != 0 else { continue }
            effects.append(
                Effect(signal: hit.signal, label: times == 0 ? hit.signal : "\(hit.signal) (again)", delta: scaled))
        }
        return effects
    }

    /// The lower-cased words that carry content, for telling a repeat or a question already answered.
    static func contentWords(of tokens: some Sequence<Token>) -> [String] {
        tokens.map { $0.text.lowercased() }.filter { word in
            word.unicodeScalars.contains {
                CharacterSet.letters.contains($0) || CharacterSet.decimalDigits.contains($0)
            }
                && !SignalModel.functionWords.contains(word)
        }
    }

    /// Whether every question in a reply asks about what the customer already said: at least two content
    /// words, nearly all (all but one in five) of them the customer's own.
    static func asksAgain(_ text: TokenizedText, customerSaid: Set<String>) -> Bool {
        let questions = text.sentences.filter(\.isQuestion)
        guard !questions.isEmpty, !customerSaid.isEmpty else { return false }
        return questions.allSatisfy { sentence in
            let content = Set(contentWords(of: text.tokens[sentence.tokens]))
            guard content.count >= 2 else { return false }
            return Double(content.intersection(customerSaid).count) >= 0.8 * Double(content.count)
        }
    }

    /// Whether a reply with `words` repeats one with `earlier`: the same words, or four in five of them shared.
    static func isRepeat(_ words: [String], of earlier: [String]) -> Bool {
        guard !words.isEmpty, !earlier.isEmpty else { return false }
        let a = Set(words)
        let b = Set(earlier)
        if a == b { return true }
        guard a.count >= 3, b.count >= 3 else { return false }
        let shared = Double(a.intersection(b).count)
        return shared / Double(a.union(b).count) >= 0.8
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

    /// A line for a beat or ending: from the conditional lines that hold, else from the plain ones.
    private mutating func line(
        _ plain: [String], _ conditional: [ConditionalLine], key: String, _ reading: Reading
    ) -> String {
        let holding = conditional.filter { holds($0.conditions, reading) }
        // Conditional lines that were all just said give way to the plain ones, which are true whatever
        // the trainee said (Docs/scenarios.md, "Conditional lines").
        let spent = holding.allSatisfy { $0.lines.allSatisfy { recentLines.contains($0) } }
        if holding.isEmpty || (spent && !plain.isEmpty) { return choose(plain, key: key) }
        let signature = holding.map { "\($0.location.line)" }.joined(separator: ",")
        return choose(holding.flatMap(\.lines), key: key + "@" + signature)
    }

    /// A variant chosen by the seeded generator among those not yet said, so a beat uses up its lines
    /// before any comes back (and never the same line twice running).
    private mutating func choose(_ variants: [String], key: String) -> String {
        guard !variants.isEmpty else { return "" }
        var unused = (0..<variants.count).filter { !(usedVariants[key]?.contains($0) ?? false) }
        if unused.isEmpty {
            usedVariants[key] = []
            unused = Array(0..<variants.count)
            if variants.count > 1, let last = lastVariant[key] { unused.removeAll { $0 == last } }
        }
        let fresh = unused.filter { !recentLines.contains(variants[$0]) }
        if !fresh.isEmpty { unused = fresh }
        let unsaid = unused.filter { !saidLines.contains(variants[$0]) }
        if !unsaid.isEmpty { unused = unsaid }
        let index = unused[Int(generator.next() % UInt64(unused.count))]
        usedVariants[key, default: []].insert(index)
        lastVariant[key] = index
        recentLines.insert(variants[index])
        return variants[index]
    }

    @discardableResult
    private mutating func addCustomer(_ lines: [String]) -> TurnResult? {
        guard !lines.isEmpty else { return nil }
        previousLines = lines
        saidLines.formUnion(lines)
        let text = lines.joined(separator: " ")
        transcript.turns.append(Turn(role: .customer, text: text))
        let reading = grader.read(text, role: .customer, after: nil)
        let (tokens, detection) = (reading.tokens, reading.detection)
        customerWords.formUnion(Self.contentWords(of: tokens.tokens))
        let result = TurnResult(index: transcript.turns.count - 1, role: .customer, signals: detection.hits)
        turnResults.append(result)
        lastCustomerLine = tokens
        customerAgreed = detection.hits.contains { $0.signal == "agreement" }
        return result
    }
}
