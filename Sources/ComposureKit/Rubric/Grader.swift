/// Grades replies and conversations against a rubric.
///
/// One grader serves `play` and batch scoring, so a transcript graded in batch
/// gets the same signals and scores as the same conversation played live.
public struct Grader: Sendable {
    /// The rubric graded against.
    public let rubric: Rubric
    /// The signals some criterion forbids (see ``ConversationContext``), found once per rubric rather than once
    /// per graded conversation.
    private let mistakeSignals: [String]

    /// Creates a grader for `rubric`.
    public init(rubric: Rubric) {
        self.rubric = rubric
        mistakeSignals = ConversationContext.mistakeSignals(of: rubric)
    }

    /// Reads one turn: tokenised, with its signals (the customer's last line is for reflection).
    ///
    /// The one turn step that live play (``Engine``) and batch grading (``signals(in:)``) share.
    public func read(_ text: String, role: Role, after customerLine: TokenizedText?) -> TurnReading {
        var workspace = PhraseMatcher.Workspace()
        return read(text, role: role, after: customerLine, workspace: &workspace)
    }

    /// Reads one turn of a conversation whose turns share the matcher's `workspace`.
    private func read(
        _ text: String, role: Role, after customerLine: TokenizedText?, workspace: inout PhraseMatcher.Workspace
    ) -> TurnReading {
        let tokens = Tokenizer.tokenize(text)
        return TurnReading(
            tokens: tokens,
            detection: rubric.detector.detect(
                in: tokens, role: role, customerLine: customerLine, workspace: &workspace))
    }

    /// The signals in every turn of `transcript`.
    public func signals(in transcript: Transcript) -> [TurnResult] {
        var workspace = PhraseMatcher.Workspace()
        return signals(in: transcript, workspace: &workspace)
    }

    /// The signals in every turn of `transcript`, with the matcher's per-pattern state kept in `workspace`.
    func signals(in transcript: Transcript, workspace: inout PhraseMatcher.Workspace) -> [TurnResult] {
        var lastCustomerLine: TokenizedText?
        var results: [TurnResult] = []
        results.reserveCapacity(transcript.turns.count)
        for (index, turn) in transcript.turns.enumerated() {
            // A bot's message or an internal note is no one's reply: criteria judge what people said to each
            // other, and an agent's reflection answers the customer's last line, not a bot's.
            guard turn.origin == .person else {
                results.append(TurnResult(index: index, role: turn.role, signals: [], origin: turn.origin))
                continue
            }
            let reading = read(turn.text, role: turn.role, after: lastCustomerLine, workspace: &workspace)
            if turn.role == .customer { lastCustomerLine = reading.tokens }
            results.append(TurnResult(index: index, role: turn.role, signals: reading.detection.hits))
        }
        return results
    }

    /// The signals in one reply.
    public func detect(_ text: String, role: Role = .agent, customerLine: String? = nil) -> Detection {
        read(text, role: role, after: customerLine.map(Tokenizer.tokenize)).detection
    }

    /// Grades a whole conversation.
    public func grade(_ transcript: Transcript) -> GradeResult {
        grade(transcript, turns: signals(in: transcript))
    }

    /// Grades a whole conversation, with the matcher's per-pattern state kept in `workspace` for the next one
    /// (a batch thread's conversations share one; see ``PhraseMatcher/Workspace``).
    func grade(_ transcript: Transcript, workspace: inout PhraseMatcher.Workspace) -> GradeResult {
        grade(transcript, turns: signals(in: transcript, workspace: &workspace))
    }

    /// Grades a conversation whose turns' signals are already known (as `play` knows them).
    public func grade(_ transcript: Transcript, turns: [TurnResult]) -> GradeResult {
        let context = ConversationContext(
            rubric: rubric, transcript: transcript, turns: turns, mistakeSignals: mistakeSignals)
        let criteria = rubric.criteria.map { context.evaluate($0) }
        var weighted = 0
        var total = 0
        for result in criteria {
            guard let score = result.score else { continue }
            weighted += score * result.weight
            total += result.weight
        }
        var score = total > 0 ? Int((Double(weighted) / Double(total)).rounded()) : 0
        let capped = criteria.contains { $0.isFatal }
        // A fatal mistake scales the score into 0...fatalCap rather than clipping it there, so it never scores above
        // the cap and never above a conversation that only lacked substance, while two conversations that both made
        // one still rank by everything else they did.
        if capped { score = Int((Double(score) * Double(rubric.fatalCap) / 100).rounded()) }
        return GradeResult(
            id: transcript.id, score: score, criteria: criteria, turns: turns, isCapped: capped,
            passMark: rubric.passMark)
    }
}

/// What the grader knows about one conversation while it scores the criteria.
struct ConversationContext {
    let rubric: Rubric
    let transcript: Transcript
    let turns: [TurnResult]
    /// The evidence of every signal some criterion forbids (the mistakes), turn by turn, found once per
    /// conversation: words that are one are no credit for another criterion (see ``expected(_:in:)``).
    private let mistakes: [Int: [TurnEvidence]]
    /// The turn at which each of the rubric's contexts opens (nil: never), in the order of
    /// ``Rubric/contexts``, worked out once per conversation: every criterion's `when` names some of them, and
    /// working a context out again for each (a channel or fact lowercased, the turns searched) cost more than
    /// the rest of ``opening(of:)``.
    private let contextOpenings: [Int?]
    /// The words each criterion with an `allow` list allows, turn by turn, by criterion id (only a
    /// scenario's refinements name `allow`, so grading with a plain rubric keeps this empty).
    private let allowedSpans: [String: [Int: SpanIndex<TurnEvidence>]]

    /// - Parameter mistakeSignals: ``mistakeSignals(of:)`` of `rubric`, when the caller keeps it.
    init(rubric: Rubric, transcript: Transcript, turns: [TurnResult], mistakeSignals: [String]? = nil) {
        self.rubric = rubric
        self.transcript = transcript
        self.turns = turns
        contextOpenings = rubric.contexts.map { Self.opening(of: $0, transcript: transcript, turns: turns) }
        var allowedSpans: [String: [Int: SpanIndex<TurnEvidence>]] = [:]
        for criterion in rubric.criteria where !criterion.allow.isEmpty && !criterion.forbid.isEmpty {
            allowedSpans[criterion.id] = Self.byTurn(Self.hits(of: criterion.allow, in: turns[...], supports: false))
        }
        self.allowedSpans = allowedSpans
        let forbidden = mistakeSignals ?? Self.mistakeSignals(of: rubric)
        var found = Self.hits(of: forbidden, in: turns[...], supports: false)
        // Words every criterion forbidding them allows are no mistake: botched-update's honesty allows the
        // same-day restore the engineers really do, so "they'll have them back today, I'll ring you by 3pm"
        // keeps its follow-up (blind scenario set 4, once a step only half inside a mistake became no credit).
        if !found.isEmpty, !allowedSpans.isEmpty {
            found.removeAll { mistake in
                rubric.criteria.allSatisfy { criterion in
                    !criterion.forbid.contains(mistake.signal)
                        || allowedSpans[criterion.id]?[mistake.turn]?.overlapsAny(mistake.evidence) == true
                }
            }
        }
        mistakes = Dictionary(grouping: found, by: \.turn)
    }

    /// The signals that are mistakes: those some criterion of `rubric` forbids, each once.
    static func mistakeSignals(of rubric: Rubric) -> [String] {
        var forbidden = Set<String>()
        for criterion in rubric.criteria { forbidden.formUnion(criterion.forbid) }
        // Not shouting: capitals and "!!!" are how a reply is said, not what it says, and the span they mark
        // depends on letter case ("EMAIL!!! sorry" would lose its apology, "email!!! sorry" keep it).
        forbidden.remove("shouting")
        return Array(forbidden)
    }

    /// The turn at which `expression` starts to hold, or nil when it never does.
    func opening(of expression: ContextExpression) -> Int? {
        switch expression {
        case .always:
            return 0
        case .context(let name):
            guard let index = rubric.contexts.firstIndex(where: { $0.name == name }) else { return nil }
            return contextOpenings[index]
        case .not(let inner):
            return opening(of: inner) == nil ? 0 : nil
        case .and(let a, let b):
            guard let first = opening(of: a), let second = opening(of: b) else { return nil }
            return max(first, second)
        case .or(let a, let b):
            // Without a list of the two: this runs for every criterion of every graded conversation.
            switch (opening(of: a), opening(of: b)) {
            case (let first?, let second?): return min(first, second)
            case (let first?, nil): return first
            case (nil, let second): return second
            }
        }
    }

    /// The turn at which the context `definition` opens in `transcript`, or nil when it never does.
    private static func opening(of definition: ContextDefinition, transcript: Transcript, turns: [TurnResult])
        -> Int?
    {
        switch definition.source {
        case .channel(let channels):
            guard let channel = transcript.channel?.lowercased() else { return nil }
            return channels.contains(channel) ? 0 : nil
        case .fact(let fact):
            return transcript.fact(fact) ? 0 : nil
        case .customerSignal(let signals):
            return turns.first { turn in
                turn.role == .customer && turn.origin == .person
                    && turn.signals.contains { signals.contains($0.signal) }
            }?.index
        }
    }

    /// Every agent hit of any of `signals` in `turns`, in conversation order.
    private static func hits(of signals: [String], in turns: ArraySlice<TurnResult>, supports: Bool)
        -> [TurnEvidence]
    {
        var found: [TurnEvidence] = []
        for turn in turns where turn.role == .agent && turn.origin == .person {
            for hit in turn.signals where signals.contains(hit.signal) {
                for evidence in hit.evidence {
                    found.append(
                        TurnEvidence(turn: turn.index, signal: hit.signal, evidence: evidence, supports: supports))
                }
            }
        }
        return found.sorted { ($0.turn, $0.evidence.start) < ($1.turn, $1.evidence.start) }
    }

    /// The `expect` hits in `turns` that count, those a `discount` signal's evidence covers (with it), and
    /// those said inside the words of a mistake (with it).
    ///
    /// A mistake is a signal some criterion forbids (other than what this criterion expects or allows): "it
    /// should be in the next update in a few weeks" is a promised feature, not a next step, and "try restarting
    /// your router" blames his router (blind scenario set 29 saw both quoted as the "Concrete next step").
    private func expected(_ criterion: Criterion, in turns: ArraySlice<TurnResult>) -> (
        counted: [TurnEvidence], discounted: [(TurnEvidence, by: TurnEvidence)],
        spoiled: [(TurnEvidence, by: TurnEvidence)]
    ) {
        let discounting = Self.byTurn(Self.hits(of: criterion.discount, in: turns, supports: false))
        var counted: [TurnEvidence] = []
        var discounted: [(TurnEvidence, by: TurnEvidence)] = []
        var spoiled: [(TurnEvidence, by: TurnEvidence)] = []
        for hit in Self.hits(of: criterion.expect, in: turns, supports: true) {
            if let cover = discounting[hit.turn]?.firstCovering(hit.evidence) {
                discounted.append((hit, by: cover))
            } else if let mistake = mistakes[hit.turn]?.first(where: { mistake in
                Self.isMostlyInside(hit.evidence, mistake.evidence)
                    && !criterion.expect.contains(mistake.signal) && !criterion.allow.contains(mistake.signal)
            }) {
                spoiled.append((hit, by: mistake))
            } else {
                counted.append(hit)
            }
        }
        return (counted, discounted, spoiled)
    }

    /// Whether at least half of `hit` lies inside `mistake`: "Please ensure your router is within range" is
    /// the router blame with "Please ensure" before it, no step of its own (blind scenario set 51), while
    /// "I'll refund you today, guaranteed by 5pm" keeps its step beside the promise.
    static func isMostlyInside(_ hit: Evidence, _ mistake: Evidence) -> Bool {
        let overlap = min(hit.end, mistake.end) - max(hit.start, mistake.start)
        return overlap > 0 && 2 * overlap >= hit.end - hit.start
    }

    /// `evidence` (in conversation order) indexed turn by turn, for overlap questions in log time.
    private static func byTurn(_ evidence: [TurnEvidence]) -> [Int: SpanIndex<TurnEvidence>] {
        Dictionary(grouping: evidence, by: \.turn).mapValues { SpanIndex($0, span: \.evidence) }
    }

    /// The evidence a card quotes for a met expectation: `first`, unless the signal model placed it (the
    /// model's evidence is the sentence with most of its weight, which can be a greeting or the empathy
    /// before the step) and a pattern found an expected signal in the same reply: then the pattern's words,
    /// which name the step itself (blind scenario sets 21 and 22 saw "Concrete next step" quote the empathy
    /// sentence). Only the quote changes: which reply met the criterion, and so the verdict, do not.
    static func quote(_ first: TurnEvidence, among found: [TurnEvidence], modelFile: String?) -> TurnEvidence {
        guard let modelFile, first.evidence.pattern?.file == modelFile else { return first }
        return found.first { $0.turn == first.turn && $0.evidence.pattern?.file != modelFile } ?? first
    }

    /// A signal id as the trainee reads it: `stock_phrase` is "stock phrase".
    static func readable(_ signal: String) -> String {
        // An ASCII id (every shipped one) byte by byte: Foundation's `replacingOccurrences` goes through
        // `NSString`, and this runs for the feedback of every criterion of every graded conversation.
        guard signal.isAllASCII else { return signal.replacingOccurrences(of: "_", with: " ") }
        return String(decoding: signal.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// What to call `signal` in a sentence about `criterion` ("Your ... came at reply 3"): the signal's own
    /// name when the rubric's file defines it (`offline_move` reads "offline move"), else the criterion's
    /// title, lowercased. A scenario's own signals are named for what they mean in that story
    /// (`her_morning`), which reads as nonsense in feedback ("Your her morning came at reply 5").
    static func name(of signal: String, for criterion: Criterion, in rubric: Rubric) -> String {
        let definition = rubric.signals.first { $0.id == signal }
        if definition == nil || definition?.location.file == rubric.file { return readable(signal) }
        return criterion.title.lowercased()
    }

    /// The 0-based reply number of the agent turn at transcript index `turn`, for "at reply N" in feedback.
    private func replyNumber(_ turn: Int, among agentTurns: [TurnResult]) -> Int? {
        agentTurns.firstIndex { $0.index == turn }
    }

    /// - Parameter criterion: one of the rubric's own criteria (the allowed spans are found for those in `init`).
    func evaluate(_ criterion: Criterion) -> CriterionResult {
        var result = CriterionResult(
            id: criterion.id, title: criterion.title, weight: criterion.weight, verdict: .notApplicable, score: nil,
            evidence: [], feedback: "", isFatal: false, openedAt: nil)
        guard let opening = opening(of: criterion.when) else { return result }
        let after = turns[min(opening, turns.count)...]
        let agentTurns = after.filter { $0.role == .agent && $0.origin == .person }
        guard !agentTurns.isEmpty else { return result }
        result.openedAt = opening
        var requirements = 0
        var met = 0
        var missed: [String] = []
        var notes: [String] = []
        if !criterion.expect.isEmpty {
            requirements += 1
            let window = criterion.within.map { Array(agentTurns.prefix($0)) } ?? agentTurns
            let (found, discounted, spoiled) = expected(criterion, in: window[...])
            if found.isEmpty, let (step, mistake) = spoiled.first {
                notes.append(
                    "Your \(Self.name(of: step.signal, for: criterion, in: rubric)) (\u{201C}\(step.evidence.text)\u{201D}) was said in the words of a mistake (\(Self.readable(mistake.signal))), which does not count."
                )
            } else if found.isEmpty, let (hollow, stock) = discounted.first {
                notes.append(
                    "Your \(Self.name(of: hollow.signal, for: criterion, in: rubric)) was only a \(Self.readable(stock.signal)) (\u{201C}\(stock.evidence.text)\u{201D}), which does not count: say it in your own words, about this customer's situation."
                )
            } else if found.isEmpty, let within = criterion.within,
                let late = expected(criterion, in: agentTurns.dropFirst(within)[...]).counted.first,
                let reply = replyNumber(late.turn, among: agentTurns)
            {
                let limit = within == 1 ? "your first reply" : "the first \(within) replies"
                notes.append(
                    "Your \(Self.name(of: late.signal, for: criterion, in: rubric)) came at reply \(reply + 1) (\u{201C}\(late.evidence.text)\u{201D}); this criterion asks for it within \(limit)."
                )
            }
            if let first = found.first {
                met += 1
                result.evidence.append(Self.quote(first, among: found, modelFile: rubric.model?.file))
                if !criterion.then.isEmpty {
                    requirements += 1
                    let later = Self.hits(of: criterion.then, in: after, supports: true).first {
                        ($0.turn, $0.evidence.start) >= (first.turn, first.evidence.start)
                    }
                    if let later {
                        met += 1
                        result.evidence.append(later)
                    } else {
                        missed.append(criterion.then.joined(separator: " or "))
                        // Say which half is missing: a card that ticks the cancellation and still fails
                        // the criterion read as unexplained (blind scenario set 26).
                        let wanted = criterion.then.map { Self.name(of: $0, for: criterion, in: rubric) }
                        let at = replyNumber(first.turn, among: agentTurns).map { " at reply \($0 + 1)" } ?? ""
                        notes.append(
                            "After your \(Self.name(of: first.signal, for: criterion, in: rubric))\(at), no \(wanted.joined(separator: " or ")) followed."
                        )
                    }
                }
            } else {
                missed.append(criterion.expect.joined(separator: " or "))
                if !criterion.then.isEmpty { requirements += 1 }
            }
        }
        var violations: [TurnEvidence] = []
        if !criterion.forbid.isEmpty {
            requirements += 1
            // `until`: the replies after the first one that shows one of its signals are not looked at.
            // (Looked up only when there is one: this runs for every criterion of every graded conversation.)
            var watched = after
            if !criterion.until.isEmpty,
                let end = Self.hits(of: criterion.until, in: after, supports: false).first?.turn,
                let last = after.lastIndex(where: { $0.index == end })
            {
                watched = after[...last]
            }
            violations = Self.hits(of: criterion.forbid, in: watched, supports: false)
            // The spans found once in `init` over every turn (those of `watched` are the same): every criterion
            // asked about is the rubric's own, and one that allows and forbids has its entry there.
            if let allowed = allowedSpans[criterion.id] {
                violations.removeAll { allowed[$0.turn]?.overlapsAny($0.evidence) == true }
            }
            if violations.isEmpty { met += 1 }
            result.evidence += violations
            result.isFatal = violations.contains { criterion.fatal.contains($0.signal) }
        }
        result.score = requirements == 0 ? 100 : Int((100 * Double(met) / Double(requirements)).rounded())
        // Staying clear of a forbidden signal earns nothing when the expected one never came.
        if !criterion.expect.isEmpty, result.evidence.first(where: \.supports) == nil { result.score = 0 }
        result.verdict = met == requirements ? .pass : .fail
        result.feedback = feedback(
            for: criterion, passed: result.verdict == .pass, violations: violations, notes: notes)
        return result
    }

    private func feedback(for criterion: Criterion, passed: Bool, violations: [TurnEvidence], notes: [String])
        -> String
    {
        if passed { return criterion.feedback.pass }
        var parts: [String] = []
        if !criterion.feedback.miss.isEmpty { parts.append(criterion.feedback.miss) }
        parts += notes
        if let first = violations.first {
            parts.append("You wrote \u{201C}\(first.evidence.text)\u{201D} (\(Self.readable(first.signal))).")
        }
        if !criterion.feedback.example.isEmpty { parts.append("Try: \u{201C}\(criterion.feedback.example)\u{201D}") }
        return parts.joined(separator: " ")
    }
}

/// One turn as the grader read it: its tokens and the signals found in them.
public struct TurnReading: Sendable {
    /// The turn's text, tokenised.
    public var tokens: TokenizedText
    /// The signals found, with their evidence.
    public var detection: Detection
}
