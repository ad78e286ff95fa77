/// Where a signal was found: a span of one turn's original text.
public struct Evidence: Sendable, Hashable, Codable {
    /// Offset of the first Unicode scalar (code point) of the span in the turn's text.
    public var start: Int
    /// Offset just past the span.
    public var end: Int
    /// The words, as typed.
    public var text: String
    /// The pattern that matched, when a pattern did.
    public var pattern: SourceLocation?

    /// Creates evidence.
    public init(start: Int, end: Int, text: String, pattern: SourceLocation? = nil) {
        self.start = start
        self.end = end
        self.text = text
        self.pattern = pattern
    }

    /// Whether `other` lies wholly inside this span (of the same turn).
    public func contains(_ other: Evidence) -> Bool {
        start <= other.start && other.end <= end
    }

    /// Whether the two spans (of the same turn) share a character.
    public func overlaps(_ other: Evidence) -> Bool {
        start < other.end && other.start < end
    }
}

/// A signal found in one turn, with its evidence.
public struct SignalHit: Sendable, Hashable {
    /// The signal's id.
    public var signal: String
    /// Every place it was found, in order.
    public var evidence: [Evidence]
}

/// A pattern that matched but was vetoed.
public struct NearMiss: Sendable, Hashable {
    /// The signal that would have fired.
    public var signal: String
    /// The match that was vetoed.
    public var evidence: Evidence
    /// What vetoed it: an `unless` pattern's location, or a signal's id.
    public var vetoedBy: String
}

/// The signals found in one turn.
public struct Detection: Sendable, Hashable {
    /// The signals that fired, in the rubric's order.
    public var hits: [SignalHit]
    /// Matches that were vetoed.
    public var nearMisses: [NearMiss]
    /// For evidence the signal model gave, by its location: the model's reasons as `explain` prints them.
    public var modelReasons: [SourceLocation: String] = [:]

    /// Whether `signal` fired.
    public func contains(_ signal: String) -> Bool {
        hits.contains { $0.signal == signal }
    }

    /// The evidence for `signal`, empty when it did not fire.
    public func evidence(for signal: String) -> [Evidence] {
        hits.first { $0.signal == signal }?.evidence ?? []
    }
}

/// A rubric's signals compiled into one matcher, ready to read replies.
public struct SignalDetector: Sendable {
    enum PatternRole: Sendable {
        case fires(signal: Int)
        case vetoes(signal: Int)
        case concept(signal: Int)
    }

    let signals: [SignalDefinition]
    let matcher: PhraseMatcher
    /// The rubric's patterns compiled into one matcher (scenario signals compiled apart are not in it); for the
    /// differential fuzz target, which compares it with its oracle.
    public var phraseMatcher: PhraseMatcher { matcher }
    let roles: [PatternRole]
    let locations: [SourceLocation]
    /// What `detect` reads of each signal, kept apart so the hot path does not copy whole definitions.
    private let facts: [SignalFacts]
    /// The signals that include others, each after every signal it includes (directly or not), so that what
    /// an included signal itself includes is already in its evidence when it is brought in.
    private let includeOrder: [Int]
    /// For each role, which patterns can matter: those of signals whose side covers it.
    private let patternsFor: [Role: [Bool]]
    /// The rubric's signal model, if it names one.
    let model: SignalModel?
    /// Detectors compiled apart and read after this one: a scenario's own signals, so a scenario does not
    /// compile its rubric's patterns again.
    private(set) var extensions: [SignalDetector] = []
    /// For each of the model's heads, the rubric's signal it reads (nil when the rubric has no such signal).
    private let modelTargets: [Int?]
    /// For a signal a criterion expects and discounts (empathy, by `stock_phrase`), the discounting
    /// signals: neither the model nor an included signal (`reflection`) adds it to a sentence one of them
    /// matched, since its words there are the stock phrase's ("We apologise for any inconvenience and
    /// understand your frustration" is no empathy), and their evidence, a whole sentence, would not lie
    /// inside the stock phrase's for the criterion to discount.
    private let sentenceQuieters: [Int: [Int]]
    /// The same by signal id, as given (``Rubric/discountingSignals``), for a copy with another model.
    private let discounts: [String: [String]]

    private struct SignalFacts: Sendable {
        var id: String
        var side: Side
        var builtin: BuiltinDetector?
        /// Indices of the signals in `vetoedBy` that exist, in order.
        var vetoes: [Int]
        /// Indices of the signals in `include` that exist, in order.
        var includes: [Int]
        /// Indices of the signals in `yields_to` that exist, in order.
        var yields: [Int]
    }

    static let empty = SignalDetector(
        signals: [], matcher: PhraseMatcherBuilder().build(), roles: [], locations: [])

    /// A detector from its compiled parts (a fresh compile, or the compiled-rubric cache).
    init(
        signals: [SignalDefinition], matcher: PhraseMatcher, roles: [PatternRole], locations: [SourceLocation],
        model: SignalModel? = nil, discounts: [String: [String]] = [:]
    ) {
        self.signals = signals
        self.matcher = matcher
        self.roles = roles
        self.locations = locations
        self.model = model
        self.discounts = discounts
        var indices: [Int: [Int]] = [:]
        for (signal, by) in discounts {
            guard let target = signals.firstIndex(where: { $0.id == signal }) else { continue }
            indices[target] = by.compactMap { id in signals.firstIndex { $0.id == id } }
        }
        sentenceQuieters = indices
        modelTargets = (model?.heads ?? []).map { head in
            signals.firstIndex { $0.id == head.signal && $0.builtin == nil }
        }
        facts = signals.map { signal in
            SignalFacts(
                id: signal.id, side: signal.side, builtin: signal.builtin,
                vetoes: signal.vetoedBy.compactMap { id in signals.firstIndex { $0.id == id } },
                includes: signal.include.compactMap { id in signals.firstIndex { $0.id == id } },
                yields: signal.yieldsTo.compactMap { id in signals.firstIndex { $0.id == id } })
        }
        includeOrder = Self.includeOrder(facts.map(\.includes))
        var patternsFor: [Role: [Bool]] = [:]
        for role in Role.allCases {
            patternsFor[role] = roles.map { patternRole in
                switch patternRole {
                case .fires(let signal), .vetoes(let signal), .concept(let signal): return signal
                }
            }.map { signals[$0].side.covers(role) }
        }
        self.patternsFor = patternsFor
    }

    /// Compiles every pattern of `rubric`.
    ///
    /// - Throws: ``DiagnosticError`` with the file, line and column of each pattern that does not compile.
    public init(rubric: Rubric) throws {
        var diagnostics: [Diagnostic] = []
        func report(_ message: String, _ location: SourceLocation, offset: Int) {
            var at = location
            at.column += offset
            diagnostics.append(Diagnostic(file: at.file, line: at.line, column: at.column, message: message))
        }
        func parse(_ source: PatternSource) -> PatternNode? {
            do {
                return try PatternParser.parse(source.text)
            } catch {
                report("pattern '\(source.text)': \(error.message)", source.location, offset: error.column - 1)
                return nil
            }
        }
        var conceptBodies: [String: PatternNode] = [:]
        var conceptSources: [String: [PatternSource]] = [:]
        // The lexicon's sentence features ({imperative}, {commitment}, ...) that the rubric names, directly or
        // through other features, and does not define itself; parsing the others would only cost start-up time.
        let features = Concept.named(
            in: (rubric.signals.flatMap { $0.any + $0.unless } + rubric.concepts.flatMap(\.entries)).map(\.text),
            among: Lexicon.standardFeatures, excluding: Set(rubric.concepts.map(\.name)))
        for concept in rubric.concepts + features {
            let entries = concept.entries.compactMap(parse)
            conceptBodies[concept.name] = entries.count == 1 ? entries[0] : .alternatives(entries)
            conceptSources[concept.name] = concept.entries
        }
        var builder = PhraseMatcherBuilder(concepts: conceptBodies)
        var roles: [PatternRole] = []
        var locations: [SourceLocation] = []
        func add(_ source: PatternSource, as role: PatternRole) {
            guard let node = parse(source) else { return }
            do throws(PhraseMatcherBuilder.CompileError) {
                try builder.add(node)
                roles.append(role)
                locations.append(source.location)
            } catch {
                switch error {
                case .undefinedConcept(let name, let column):
                    let known = Array(conceptBodies.keys)
                    report(
                        "pattern '\(source.text)' uses undefined concept '{\(name)}'"
                            + YAMLReader.suggestion(for: name, among: known), source.location, offset: column - 1)
                case .cyclicConcept(let chain, let column):
                    report(
                        "concept '{\(chain[0])}' refers to itself (\(chain.joined(separator: " -> ")))",
                        source.location, offset: column - 1)
                case .matchesNothing:
                    report(
                        "pattern '\(source.text)' can match without any word; make at least one word required",
                        source.location, offset: 0)
                case .patternTooLarge, .matcherTooLarge:
                    report(Self.sizeMessage(error, pattern: source.text), source.location, offset: 0)
                }
            }
        }
        for (index, signal) in rubric.signals.enumerated() {
            for source in signal.any { add(source, as: .fires(signal: index)) }
            for source in signal.unless { add(source, as: .vetoes(signal: index)) }
            if case .reflection(let concept, _) = signal.builtin,
                let location = conceptSources[concept]?.first?.location
            {
                add(PatternSource(text: "{\(concept)}", location: location), as: .concept(signal: index))
            }
        }
        // A concept nobody uses still has to compile.
        for concept in rubric.concepts {
            for entry in concept.entries {
                guard let node = parse(entry) else { continue }
                do throws(PhraseMatcherBuilder.CompileError) {
                    try builder.check(node)
                } catch {
                    switch error {
                    case .undefinedConcept(let name, let column):
                        report(
                            "concept '\(concept.name)' uses undefined concept '{\(name)}'", entry.location,
                            offset: column - 1)
                    case .cyclicConcept(let chain, let column):
                        report(
                            "concept '{\(chain[0])}' refers to itself (\(chain.joined(separator: " -> ")))",
                            entry.location, offset: column - 1)
                    case .matchesNothing:
                        report("concept entry '\(entry.text)' can match without any word", entry.location, offset: 0)
                    case .patternTooLarge, .matcherTooLarge:
                        report(Self.sizeMessage(error, pattern: entry.text), entry.location, offset: 0)
                    }
                }
            }
        }
        if !diagnostics.isEmpty {
            // A set, not a search of the list: a rubric line of 8 MiB can hold hundreds of thousands of mistakes.
            var seen = Set<Diagnostic>()
            throw DiagnosticError(diagnostics.filter { seen.insert($0).inserted })
        }
        self.init(
            signals: rubric.signals, matcher: builder.build(), roles: roles, locations: locations, model: rubric.model,
            discounts: rubric.discountingSignals)
    }

    /// This detector with another signal model (nil: patterns alone); the patterns are not compiled again.
    func replacingModel(with model: SignalModel?) -> SignalDetector {
        var copy = SignalDetector(
            signals: signals, matcher: matcher, roles: roles, locations: locations, model: model,
            discounts: discounts)
        copy.extensions = extensions
        return copy
    }

    /// This detector followed by `other`, whose signals' hits come after this one's.
    func extended(with other: SignalDetector) -> SignalDetector {
        var copy = self
        copy.extensions.append(other)
        return copy
    }

    /// The message for a pattern that would compile to too many instructions.
    static func sizeMessage(_ error: PhraseMatcherBuilder.CompileError, pattern: String) -> String {
        let advice =
            "concepts are copied into every pattern that names them, so name big concepts (and concepts "
            + "of concepts) in fewer patterns"
        switch error {
        case .matcherTooLarge(let limit):
            return "pattern '\(pattern)' takes the rubric's patterns past \(limit) compiled steps; "
                + advice
        default:
            return "pattern '\(pattern)' compiles to more than "
                + "\(PhraseMatcherBuilder.maximumPatternSize) steps; " + advice
        }
    }

    /// Finds the signals in one turn.
    ///
    /// - Parameters:
    ///   - text: The turn, tokenised.
    ///   - role: Who said it; only signals whose side covers the role are looked for.
    ///   - customerLine: The customer's last line before this turn, for reflection.
    /// - Returns: The signals that fired, with evidence, and the vetoed matches.
    public func detect(in text: TokenizedText, role: Role, customerLine: TokenizedText? = nil) -> Detection {
        var workspace = PhraseMatcher.Workspace()
        return detect(in: text, role: role, customerLine: customerLine, workspace: &workspace)
    }

    /// Finds the signals in one turn of a conversation whose turns share `workspace`, so the matcher's
    /// per-pattern state is set up once per conversation (see ``PhraseMatcher/Workspace``).
    func detect(
        in text: TokenizedText, role: Role, customerLine: TokenizedText?, workspace: inout PhraseMatcher.Workspace
    ) -> Detection {
        var detection = detectOwn(in: text, role: role, customerLine: customerLine, workspace: &workspace)
        for part in extensions {
            let more = part.detect(in: text, role: role, customerLine: customerLine)
            detection.hits += more.hits
            detection.nearMisses += more.nearMisses
            detection.modelReasons.merge(more.modelReasons) { first, _ in first }
        }
        return detection
    }

    private func detectOwn(
        in text: TokenizedText, role: Role, customerLine: TokenizedText?, workspace: inout PhraseMatcher.Workspace
    ) -> Detection {
        // A pattern of a signal that is not looked for in this role can neither fire, veto, nor
        // feed reflection here, so it is not run.
        var matches = matcher.matches(in: text, only: patternsFor[role], workspace: &workspace)
        // The list goes back to the workspace for the next text's scan to fill (see `Workspace.matches`).
        defer { swap(&matches, &workspace.matches) }
        // One list of evidence per signal of the rubric, borrowed from the workspace and handed back empty
        // (capacity kept): most lists stay empty, and a fresh array of them per turn, with two whole copies
        // for the vetoes below, cost a retain, a release and an allocation per signal and turn.
        var fired: [[Evidence]] = []
        swap(&fired, &workspace.evidence)
        if fired.count != signals.count { fired = Array(repeating: [], count: signals.count) }
        defer {
            for index in fired.indices where !fired[index].isEmpty { fired[index].removeAll(keepingCapacity: true) }
            swap(&fired, &workspace.evidence)
        }
        var firedSentences = FiredSentences()
        var vetoSentences: [Int: [Int: Int]] = [:]  // signal -> sentence -> pattern
        var conceptSentences: [Int: Set<Int>] = [:]
        var nearMisses: [NearMiss] = []
        var modelReasons: [SourceLocation: String] = [:]
        /// Whether `evidence` of signal `index` is dropped (kept as a near miss) because a signal in its
        /// `vetoed_by` fired in the same sentence.
        func isVetoed(_ index: Int, _ evidence: Evidence, inSentence sentence: Int) -> Bool {
            guard let veto = facts[index].vetoes.first(where: { firedSentences.contains(sentence, of: $0) })
            else { return false }
            nearMisses.append(NearMiss(signal: facts[index].id, evidence: evidence, vetoedBy: facts[veto].id))
            return true
        }
        /// Whether whole-sentence `evidence` of signal `index` is dropped (kept as a near miss) because a
        /// signal it is discounted by matched that sentence (see ``sentenceQuieters``).
        func quieted(_ index: Int, _ evidence: Evidence, inSentence sentence: Int) -> Bool {
            guard let quieter = sentenceQuieters[index]?.first(where: { firedSentences.contains(sentence, of: $0) })
            else { return false }
            nearMisses.append(NearMiss(signal: facts[index].id, evidence: evidence, vetoedBy: facts[quieter].id))
            return true
        }
        for match in matches {
            let sentence = text.tokens[match.tokens.lowerBound].sentence
            switch roles[match.pattern] {
            case .vetoes(let signal): vetoSentences[signal, default: [:]][sentence] = match.pattern
            case .concept(let signal): conceptSentences[signal, default: []].insert(sentence)
            case .fires: break
            }
        }
        for match in matches {
            guard case .fires(let signal) = roles[match.pattern], facts[signal].side.covers(role) else { continue }
            let sentence = text.tokens[match.tokens.lowerBound].sentence
            let evidence = makeEvidence(text, match.tokens, pattern: locations[match.pattern])
            if let veto = vetoSentences[signal]?[sentence] {
                nearMisses.append(
                    NearMiss(signal: facts[signal].id, evidence: evidence, vetoedBy: locations[veto].description))
                continue
            }
            fired[signal].append(evidence)
            firedSentences.insert(sentence, of: signal)
        }
        // The model adds what the patterns missed, with the words that drove it as evidence.
        if let model {
            let wanted = modelTargets.map { target in
                target.map { facts[$0].side.covers(role) && fired[$0].isEmpty } ?? false
            }
            if wanted.contains(true) {
                for reading in model.read(text, wanted: { wanted[$0] }) where reading.fires {
                    // The evidence is the sentence that carries the words, so a card quotes the step itself.
                    guard let index = modelTargets[reading.head], let place = SignalModel.place(of: reading, in: text)
                    else { continue }
                    let evidence = makeEvidence(text, place.tokens, pattern: place.location)
                    if let veto = vetoSentences[index]?[place.sentence] {
                        nearMisses.append(
                            NearMiss(signal: facts[index].id, evidence: evidence, vetoedBy: locations[veto].description)
                        )
                        continue
                    }
                    if quieted(index, evidence, inSentence: place.sentence) { continue }
                    fired[index] = [evidence]
                    firedSentences.insert(place.sentence, of: index)
                    modelReasons[place.location] = SignalModel.summary(of: place, probability: reading.probability)
                }
            }
        }
        for index in facts.indices where facts[index].side.covers(role) {
            switch facts[index].builtin {
            case .shouting(let run, let ratio, let minimum, let marks)?:
                fired[index] += Self.shouting(
                    in: text, capsRun: run, capsRatio: ratio, minimumWords: minimum, exclamations: marks)
            case .reflection(_, let minimumShared)?:
                guard let customerLine else { break }
                fired[index] += Self.reflection(
                    in: text, of: customerLine, sentences: conceptSentences[index] ?? [], minimumShared: minimumShared)
            case nil:
                break
            }
        }
        // Vetoes by other signals use those signals' own firings. A list the vetoes or yielding change is kept
        // as it was in `direct` first; the others read as they are in `fired`.
        var direct = Snapshot()
        for index in facts.indices where !facts[index].vetoes.isEmpty && !fired[index].isEmpty {
            let kept = fired[index].filter { !isVetoed(index, $0, inSentence: sentenceIndex(of: $0, in: text)) }
            if kept.count != fired[index].count { direct.replace(index, in: &fired, with: kept) }
        }
        // Yielding drops only the evidence that overlaps the other signal's own evidence.
        var directSpans: [Int: SpanIndex<Evidence>] = [:]
        for index in facts.indices where !facts[index].yields.isEmpty && !fired[index].isEmpty {
            for other in facts[index].yields where directSpans[other] == nil {
                directSpans[other] = SpanIndex(direct.list(other, in: fired)) { $0 }
            }
            let kept = fired[index].filter { evidence in
                guard
                    let winner = facts[index].yields.first(where: { directSpans[$0]?.overlapsAny(evidence) == true })
                else { return true }
                nearMisses.append(NearMiss(signal: facts[index].id, evidence: evidence, vetoedBy: facts[winner].id))
                return false
            }
            if kept.count != fired[index].count { direct.replace(index, in: &fired, with: kept) }
        }
        for index in includeOrder where facts[index].side.covers(role) {
            for other in facts[index].includes {
                let added = fired[other].filter { evidence in
                    let sentence = sentenceIndex(of: evidence, in: text)
                    // The signal's own vetoes hold for what it includes: a `reflection` in the sentence of a
                    // guarantee ("you won't lose a single order, I guarantee it") is no empathy.
                    if isVetoed(index, evidence, inSentence: sentence) { return false }
                    return sentenceQuieters[index] == nil || !quieted(index, evidence, inSentence: sentence)
                }
                if !added.isEmpty { fired[index] += added }
            }
        }
        var hits: [SignalHit] = []
        for (index, evidence) in fired.enumerated() where !evidence.isEmpty {
            hits.append(SignalHit(signal: facts[index].id, evidence: Self.merged(evidence, in: text)))
        }
        return Detection(hits: hits, nearMisses: nearMisses, modelReasons: modelReasons)
    }

    /// The indices of the signals with `includes`, each after every signal it reaches through them (a
    /// depth-first post-order). A cycle, which the loader reports as an error, is cut where it closes.
    static func includeOrder(_ includes: [[Int]]) -> [Int] {
        IncludeGraph(includes).postOrder.filter { !includes[$0].isEmpty }
    }

    /// The per-signal evidence lists as they were at some point of a detection, while they change after it:
    /// only the lists that changed are kept, the others read from the current lists.
    private struct Snapshot {
        private var saved: [(signal: Int, evidence: [Evidence])] = []

        /// Signal `index`'s list as it was when the snapshot was taken.
        func list(_ index: Int, in current: [[Evidence]]) -> [Evidence] {
            saved.first { $0.signal == index }?.evidence ?? current[index]
        }

        /// Sets signal `index`'s list in `current` to `evidence`, keeping the list it replaces if it is the first
        /// change to that signal.
        mutating func replace(_ index: Int, in current: inout [[Evidence]], with evidence: [Evidence]) {
            if !saved.contains(where: { $0.signal == index }) { saved.append((index, current[index])) }
            current[index] = evidence
        }
    }

    /// The sentences each signal fired in, as (signal, sentence) pairs.
    ///
    /// Most of a rubric's signals fire in no sentence of a turn; a set per signal cost a retain and a release
    /// of each signal's empty set for every turn read. A turn fires in a few sentences, so the pairs are kept in
    /// a list searched in order: one set of them cost an allocation and a hash (SipHash) per insert, about 700
    /// instructions. Past ``listed`` pairs they move to a set, so a long text is not searched pair by pair.
    private struct FiredSentences {
        private struct Pair: Hashable {
            var signal: Int
            var sentence: Int
        }
        private static let listed = 32
        private var list: [Pair] = []
        private var set: Set<Pair> = []

        mutating func insert(_ sentence: Int, of signal: Int) {
            let pair = Pair(signal: signal, sentence: sentence)
            if set.isEmpty {
                if list.contains(pair) { return }
                if list.count < Self.listed {
                    list.append(pair)
                    return
                }
                set = Set(list)
            }
            set.insert(pair)
        }

        func contains(_ sentence: Int, of signal: Int) -> Bool {
            let pair = Pair(signal: signal, sentence: sentence)
            return set.isEmpty ? list.contains(pair) : set.contains(pair)
        }
    }

    /// The sentence of the first token at or after the evidence's start (tokens are in order: a binary search).
    private func sentenceIndex(of evidence: Evidence, in text: TokenizedText) -> Int {
        var low = 0
        var high = text.tokens.count
        while low < high {
            let middle = (low + high) / 2
            if text.tokens[middle].start < evidence.start { low = middle + 1 } else { high = middle }
        }
        return low < text.tokens.count ? text.tokens[low].sentence : -1
    }

    private func makeEvidence(_ text: TokenizedText, _ tokens: Range<Int>, pattern: SourceLocation?) -> Evidence {
        let start = text.tokens[tokens.lowerBound].start
        let end = text.tokens[tokens.upperBound - 1].end
        return Evidence(start: start, end: end, text: text.quote(from: start, to: end), pattern: pattern)
    }

    /// Sorted by start, without spans that repeat or sit inside an earlier one.
    static func ordered(_ evidence: [Evidence]) -> [Evidence] {
        var result: [Evidence] = []
        for item in evidence.sorted(by: { ($0.start, -$0.end) < ($1.start, -$1.end) }) {
            if let last = result.last, item.start >= last.start, item.end <= last.end { continue }
            result.append(item)
        }
        return result
    }

    /// Sorted by start, with overlapping spans joined into one, quoted afresh from the text.
    static func merged(_ evidence: [Evidence], in text: TokenizedText) -> [Evidence] {
        var result: [Evidence] = []
        // Quoted once each, when complete: a chain of overlapping spans re-quoted at every join took
        // time in the square of its length.
        var joined: [Bool] = []
        for item in ordered(evidence) {
            if let last = result.last, item.start < last.end {
                result[result.count - 1].end = max(last.end, item.end)
                joined[joined.count - 1] = true
            } else {
                result.append(item)
                joined.append(false)
            }
        }
        for index in result.indices where joined[index] {
            result[index].text = text.quote(from: result[index].start, to: result[index].end)
        }
        return result
    }
}
